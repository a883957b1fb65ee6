"""Entity lookup: one rule for turning what a user types into an IRI.

A name matches an actor or event by slug (``niger``, ``id:niger``), by full
IRI, or by any English, French or alternative label, ignoring case, accents,
hyphens and apostrophes; failing that, by the first or last words of a label,
so "Tchiani", "tiani" and "Goita" all resolve. Several matches are an error
that lists them; an unknown name raises UnknownEntity with the nearest names
as suggestions.

>>> normalise("  Goïta ")
'goita'
>>> normalise("Jama'at Nasr al-Islam")
'jamaat nasr al islam'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from pyoxigraph import NamedNode

from kg.errors import UnknownEntity
from kg.store import SelectResult, Store
from kg.vocab import ENTITY_NS, KG, PREFIXES, shorten

# ASCII punctuation as a space, apostrophes dropped: the fast path of ``normalise``.
_ASCII_SPACES = {c: " " for c in range(128) if not chr(c).isalnum()} | {ord("'"): None}


def without_accents(text: str) -> str:
    """``text`` with its accents dropped: decomposed (NFKD) and the combining
    marks left out. Case and punctuation are the caller's to handle: names
    (``normalise``), the words of a question and its dates each have a rule.

    >>> without_accents("Août, Ségou, Tombouctou")
    'Aout, Segou, Tombouctou'
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    if text.isascii():  # most names: no accents to strip
        return " ".join(text.lower().translate(_ASCII_SPACES).split())
    bare = without_accents(text.casefold())
    bare = bare.replace("'", "").replace("’", "")
    spaced = "".join(c if c.isalnum() else " " for c in bare)
    return " ".join(spaced.split())


@dataclass
class EntityIndex:
    """Names of everything in a store, normalised, for lookups."""

    store: Store
    by_name: dict[str, set[str]]
    labels: dict[str, str]
    actor_names: dict[str, set[str]]

    @classmethod
    def of(cls, store: Store, names: SelectResult | None = None) -> EntityIndex:
        """The index of ``store``'s names (``names``: the rows of the internal
        entity-names query, where the caller has run it already)."""
        result = names if names is not None else store.select_internal("entity-names")
        by_name: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, str] = {}
        actor_names: dict[str, set[str]] = defaultdict(set)
        for entity, name, kind in result.rows:
            if not isinstance(entity, NamedNode) or name is None:
                continue
            iri = entity.value
            if kind is not None and kind == KG.Actor:
                actor_names[normalise(name.value)].add(iri)
            by_name[normalise(name.value)].add(iri)
            if iri.startswith(ENTITY_NS):
                by_name[normalise(iri[len(ENTITY_NS) :])].add(iri)
            if getattr(name, "language", None) == "en" or iri not in labels:
                labels.setdefault(iri, name.value)
        return cls(store, dict(by_name), labels, dict(actor_names))

    def resolve(self, text: str) -> NamedNode:
        """The IRI ``text`` names; UnknownEntity if none or several match."""
        wanted = text.strip()
        if "://" in wanted:
            try:
                iri = NamedNode(wanted.strip("<>"))
            except ValueError:
                raise UnknownEntity(f"{text!r} is not a valid IRI") from None
            if self.store.ask("ASK { ?iri ?p ?o }", {"iri": iri}):
                return iri
            raise UnknownEntity(f"nothing in the graph has the IRI <{iri.value}>")
        prefix, _, local = wanted.partition(":")
        if local and prefix in PREFIXES:
            return self.resolve(PREFIXES[prefix] + local)
        key = normalise(wanted)
        matches = self.candidates(key)
        if len(matches) == 1:
            return NamedNode(next(iter(matches)))
        if matches:
            options = ", ".join(sorted(shorten(m) for m in matches))
            raise UnknownEntity(f"{text!r} is ambiguous: it names {options}; use one of these ids")
        raise UnknownEntity(self._unknown_message(text))

    def candidates(self, key: str) -> set[str]:
        """The IRIs a normalised name ``key`` may name: those with that exact
        name, else the actors one of whose names starts or ends with it."""
        return self.by_name.get(key, set()) or self._by_word(key)

    def _by_word(self, key: str) -> set[str]:
        """Actors one of whose names starts or ends with ``key`` as whole words
        ("tchiani" finds "Abdourahamane Tchiani")."""
        if not key:
            return set()
        found: set[str] = set()
        for name, iris in self.actor_names.items():
            if name.endswith(" " + key) or name.startswith(key + " "):
                found |= iris
        return found

    def near(self, text: str) -> list[str]:
        """The IRIs whose names are closest to ``text`` (at most five), closest first."""
        close = difflib.get_close_matches(normalise(text), list(self.by_name), n=5, cutoff=0.6)
        found = [iri for name in close for iri in sorted(self.by_name[name])]
        return list(dict.fromkeys(found))[:5]

    def choices(self, text: str) -> list[str]:
        """What ``text`` may name, for a reader to choose: the several things it
        names if it is ambiguous, else the near matches of an unknown name."""
        return sorted(self.candidates(normalise(text))) or self.near(text)

    def _unknown_message(self, text: str) -> str:
        near = self.near(text)
        if not near:
            return f"no entity is called {text!r}"
        named = "; ".join(f"{self.labels.get(iri, shorten(iri))} ({shorten(iri)})" for iri in near)
        return f"no entity is called {text!r}; did you mean: {named}?"


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _direct_iri(text: str) -> NamedNode | None:
    """The IRI a slug, prefixed name or full IRI spells, without any lookup."""
    wanted = text.strip().strip("<>")
    prefix, _, local = wanted.partition(":")
    try:
        if "://" in wanted:
            return NamedNode(wanted)
        if local and prefix in PREFIXES:
            return NamedNode(PREFIXES[prefix] + local)
        if _SLUG.match(wanted):
            return NamedNode(ENTITY_NS + wanted)
    except ValueError:
        return None
    return None


class EntityResolver:
    """Resolves names against a store: an existing slug or IRI directly, any
    other name through the label index, built only when first needed."""

    def __init__(self, store: Store, index: EntityIndex | None = None) -> None:
        self.store = store
        if index is not None:
            self.index = index

    @cached_property
    def index(self) -> EntityIndex:
        return EntityIndex.of(self.store)

    def resolve(self, text: str) -> NamedNode:
        iri = _direct_iri(text)
        if iri is not None and self.store.ask("ASK { ?iri ?p ?o }", {"iri": iri}):
            return iri
        return self.index.resolve(text)


def resolve(store: Store, text: str) -> NamedNode:
    """Resolve one name against ``store``."""
    return EntityResolver(store).resolve(text)
