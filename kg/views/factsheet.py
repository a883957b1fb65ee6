"""Fact sheets: what the record says about one thing, as a reader reads it.

A fact sheet is plain JSON drawn by ``assets/factsheet.js``; the server's
entity pages (``/entity/NAME``) and the portable explorer's entity tab draw
the same sheets with the same script. A sheet holds:

- the thing's names in English and French, its type, and the encyclopedia
  pages read for it;
- its own English and French Wikipedia articles (``foaf:isPrimaryTopicOf``),
  English first, as ``wikipedia``: ``[{"lang": "en", "href": ...}]``;
- for an actor, its relationships, each as the network views model an edge
  (``kg.views.edge_model``: dates to their precision, the four derived day
  bounds and what they rest on, status, sources) with the other end and which
  end the actor is. The page applies the as-of rule on its date cursor
  (certain, possible with the reason, or not in effect) and sums up what holds
  at the top, kind by kind, in the order and words of
  ``kg.styles.KIND_PHRASES``;
- the events it took part in, or that happened there for a place, in date
  order (``kg.views.timeline.event_models``);
- for a statement, the relationship itself; for an event, its participants;
  for a source, its citation and everything it supports;
- every source as a short citation (``kg.citations``), in date order,
  original reports before relays, linked where it has an address;
- every triple about it, which the page folds away;
- when the data folder is a git checkout, the day and message of the last
  commit that changed a triple about it (``kg.changes.last_changes``, read
  once per checkout; absent otherwise, and the page then says nothing).

``FactSheets.of(store)`` reads the store once; each ``sheet(iri)`` is then a
few dictionary lookups and one small query.

>>> phrase("HeadOfState", "from"), phrase("HeadOfState", "to", "fr")
('Head of state of', "Chef de l'État")
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx as nx
from pyoxigraph import Literal, NamedNode

from kg.citations import Citation, Citations
from kg.derive.corroboration import GRADE_WORDS
from kg.entities import EntityIndex, EntityResolver
from kg.errors import UnknownEntity
from kg.network import add_source, statement_sources, to_networkx
from kg.store import Store
from kg.styles import KIND_PHRASES, KIND_STYLES
from kg.temporal import ACTIVE_STATUSES, written_to_precision
from kg.views import edge_model
from kg.views.timeline import event_models
from kg.vocab import ENTITY_NS, KG, SOURCE_NS, STATEMENT_NS, shorten

if TYPE_CHECKING:
    from kg.changes import LastChange

__all__ = ["FactSheets", "phrase", "wikipedia_pages"]

log = logging.getLogger("kg.views.factsheet")

_ENCYCLOPEDIA = KG.name("Encyclopedia")
_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ONTOLOGY = "https://w3id.org/sahel-kg/ontology#"
_PRIMARY_TOPIC_OF = "http://xmlns.com/foaf/0.1/isPrimaryTopicOf"
_WIKIPEDIA = re.compile(r"^https://(en|fr)\.wikipedia\.org/wiki/\S+$")


def phrase(kind: str, role: str, language: str = "en") -> str:
    """How a sheet says a relationship of ``kind`` from its ``role`` end."""
    return KIND_PHRASES.get(kind, {}).get(language, {}).get(role) or kind


def wikipedia_pages(facts: Iterable[tuple[Any, Any]]) -> list[dict[str, str]]:
    """The Wikipedia articles among a thing's ``(property, value)`` facts: each
    ``foaf:isPrimaryTopicOf`` IRI on en.wikipedia.org or fr.wikipedia.org, as
    ``{"lang", "href"}``, English first. Anything else (a literal, another
    host) is left out; validation reports it.

    >>> topic = NamedNode(_PRIMARY_TOPIC_OF)
    >>> wikipedia_pages([(topic, NamedNode("https://fr.wikipedia.org/wiki/Mali")),
    ...                  (topic, NamedNode("https://en.wikipedia.org/wiki/Mali")),
    ...                  (topic, NamedNode("http://example.org/x"))])
    [{'lang': 'en', 'href': 'https://en.wikipedia.org/wiki/Mali'}, {'lang': 'fr', 'href': 'https://fr.wikipedia.org/wiki/Mali'}]
    """
    pages = [
        {"lang": match.group(1), "href": value.value}
        for prop, value in facts
        if prop.value == _PRIMARY_TOPIC_OF
        and isinstance(value, NamedNode)
        and (match := _WIKIPEDIA.match(value.value))
    ]
    return sorted(pages, key=lambda page: (page["lang"], page["href"]))


@dataclass
class FactSheets:
    """Every fact sheet of one store, read once."""

    store: Store
    graph: nx.MultiDiGraph
    events: list[dict]
    index: EntityIndex
    resolver: EntityResolver = field(init=False)

    def __post_init__(self) -> None:
        self.resolver = EntityResolver(self.store, self.index)

    @classmethod
    def of(cls, store: Store) -> FactSheets:
        sources = statement_sources(store)
        graph = to_networkx(store, sources=sources)
        return cls(store, graph, event_models(store, sources), EntityIndex.of(store))

    def read_ahead(self) -> FactSheets:
        """Build every table the sheets draw on now, not on the first page."""
        tables = (
            self._sources,
            self._edges,
            self._events,
            self._supported,
            self._places,
            self._history,
        )
        log.debug("fact sheets read: %s", [len(table) for table in tables])
        return self

    # --- lookups ---------------------------------------------------------------

    def resolve(self, name: str) -> str:
        """The IRI ``name`` names (a slug, a prefixed name, an IRI or any label);
        UnknownEntity if none or several, its ``choices`` what the name may mean."""
        try:
            return self.resolver.resolve(name).value
        except UnknownEntity as err:
            err.choices = self.choices(name)
            raise

    def choices(self, name: str) -> list[dict[str, str]]:
        """What an unknown or ambiguous ``name`` may have meant, for a reader to choose."""
        return [
            {"iri": iri, "id": shorten(iri), "label": self.label(iri)}
            for iri in self.index.choices(name)
        ]

    def label(self, iri: str) -> str:
        node = self.graph.nodes.get(iri)
        if node and node.get("label"):
            return node["label"]
        return self.index.labels.get(iri) or shorten(iri)

    @cached_property
    def _history(self) -> dict[str, LastChange]:
        """The last commit changing each subject of data/, where git can tell."""
        from kg.changes import last_changes

        return last_changes()

    @cached_property
    def _source_rows(self) -> list[dict]:
        return list(self.store.select_internal("sources").dicts())

    @cached_property
    def _sources(self) -> dict[str, dict]:
        """Every source of the record by slug (``src:...``), with its citation."""
        details: dict[str, dict] = {}
        for row in self._source_rows:
            values = {k: (v.value if v is not None else None) for k, v in row.items()}
            del values["kindLabel"]  # the sheet words the kind itself, in its language
            values["source"] = shorten(values["source"])
            add_source(details, values)
        for source in details.values():
            source["citation"] = self._citation(source["source"]).text
            source["iri"] = SOURCE_NS + source["source"].removeprefix("src:")
        return details

    @property
    def _sources_iris(self) -> list[str]:
        return [source["iri"] for source in self._sources.values()]

    def _in_order(self, sources: list[dict]) -> list[str]:
        """Source slugs in date order, original reports before relays of the same day."""
        slugs = dict.fromkeys(s["source"] for s in sources if s["source"] in self._sources)
        return sorted(slugs, key=lambda slug: (self._citation(slug).order(), slug))

    @cached_property
    def _citations(self) -> Citations:
        return Citations.from_rows(self._source_rows)

    def _citation(self, slug: str) -> Citation:
        """A source's citation, as kg.citations words it everywhere else."""
        return self._citations[slug.removeprefix("src:")]

    @cached_property
    def _edges(self) -> dict[str, dict]:
        """Every relationship as the views model it, its dates in words and its
        sources as ordered slugs."""
        edges = {}
        for u, v, key, data in self.graph.edges(keys=True, data=True):
            edge = edge_model(key, u, v, data)
            edge["sources"] = self._in_order(edge["sources"])
            edges[key] = edge
        return edges

    @cached_property
    def _events(self) -> dict[str, dict]:
        """Every event as a sheet lists it, by IRI, in date order."""
        return {
            event["id"]: {
                "iri": event["id"],
                "id": event["shortId"],
                "label": event["label"],
                "labelFr": event["labelFr"],
                "kind": event["kind"],
                "kindLabel": event["kindLabel"],
                "when": written_to_precision(event["date"], event["datePrecision"]),
                "day": event["startDay"],
                "status": event["status"],
                "place": event["place"],
                "evidence": event["evidence"],
                "versionOf": event["versionOf"],
                "participants": event["actors"],
                "sources": self._in_order(event["sources"]),
            }
            for event in self.events
        }

    @cached_property
    def _supported(self) -> dict[str, list[str]]:
        """What each source (by slug) supports: statements, then events, by IRI."""
        found: dict[str, list[str]] = defaultdict(list)
        for table in (self._edges, self._events):
            for key, item in table.items():
                for slug in item["sources"]:
                    found[slug].append(key)
        return found

    # --- sheets and books -----------------------------------------------------------

    def book(self, iris: Iterable[str], *, facts: bool = True) -> dict[str, Any]:
        """The sheets of ``iris`` and the statements, events and sources they cite,
        each once; UnknownEntity for an IRI the graph says nothing of.

        A sheet refers to its relationships and events by IRI and to sources by
        slug; the page looks them up in the book's ``statements``, ``events``
        and ``sources``. ``facts=False`` leaves out every triple about each
        thing (the portable explorer reads those from its own engine)."""
        book: dict[str, Any] = {
            "sheets": {},
            "statements": {},
            "events": {},
            "sources": {},
            "labels": {},
            "kinds": {
                kind: {**KIND_STYLES[kind], "phrases": KIND_PHRASES[kind]} for kind in KIND_PHRASES
            },
            "horizon": self.graph.graph.get("horizon"),
            "activeStatuses": sorted(ACTIVE_STATUSES),
            "grades": GRADE_WORDS,
        }
        for iri in iris:
            sheet = self._sheet(iri, facts)
            book["sheets"][iri] = sheet
            for key in sheet["relationships"] + ([iri] if sheet["kind"] == "statement" else []):
                book["statements"][key] = self._edges[key]
            for key in sheet["events"] + ([iri] if sheet["kind"] == "event" else []):
                book["events"][key] = self._events[key]
            for key in sheet["supports"]:
                table = "statements" if key in self._edges else "events"
                book[table][key] = self._edges[key] if key in self._edges else self._events[key]
        cited_slugs = {
            slug
            for table in ("statements", "events")
            for item in book[table].values()
            for slug in item["sources"]
        }
        cited_slugs |= {s["id"] for s in book["sheets"].values() if s["kind"] == "source"}
        book["sources"] = {slug: self._sources[slug] for slug in sorted(cited_slugs)}
        ends = {
            end for item in book["statements"].values() for end in (item["from"], item["to"])
        } | {end for item in book["events"].values() for end in item["participants"]}
        book["labels"] = {iri: self._label_entry(iri) for iri in sorted(ends | set(book["sheets"]))}
        return book

    def everything(self) -> list[str]:
        """Every IRI that has a sheet beyond its triples: actors, places, events,
        statements and sources."""
        places = [iri for iri in self.index.labels if self._is_place(iri)]
        return [*self.graph.nodes, *places, *self._events, *self._edges, *self._sources_iris]

    # --- one sheet ---------------------------------------------------------------

    def _sheet(self, iri: str, facts: bool) -> dict[str, Any]:
        rows = self._facts(iri)
        if not rows:
            raise UnknownEntity(f"nothing in the graph has the IRI <{iri}>")
        names = {
            o.value for p, o in rows if p.value in (_LABEL, _ALT_LABEL) and isinstance(o, Literal)
        }
        node = self.graph.nodes.get(iri)
        relationships = self._relationships(iri) if node else []
        events = self._events_of(iri)
        kind = (
            "statement"
            if iri in self._edges
            else "event"
            if iri in self._events
            else "source"
            if iri.startswith(SOURCE_NS)
            else "actor"
            if node
            else "place"
            if self._is_place(iri)
            else "other"
        )
        supports = self._supported.get(shorten(iri), []) if kind == "source" else []
        return {
            "iri": iri,
            "id": shorten(iri),
            "kind": kind,
            "label": self._title(iri, kind),
            "labelFr": (node or {}).get("label_fr") or self._first(rows, _LABEL, "fr"),
            "names": sorted(names),
            "type": (node or {}).get("type") or self._type(rows),
            "relationships": relationships,
            "events": events,
            "supports": supports,
            "links": self._encyclopedia(iri, relationships, events, rows),
            "wikipedia": wikipedia_pages(rows),
            "facts": [self._fact(prop, value) for prop, value in rows] if facts else None,
            "lastChanged": changed.as_json() if (changed := self._history.get(iri)) else None,
        }

    def _title(self, iri: str, kind: str) -> str:
        """What a sheet is called: a statement by what it says, a source by its
        title (else its citation), anything else by its label."""
        if kind == "statement":
            edge = self._edges[iri]
            said = phrase(edge["kind"] or "", "from")
            return f"{self.label(edge['from'])} — {said}: {self.label(edge['to'])}"
        if kind == "source":
            source = self._sources.get(shorten(iri), {})
            return source.get("title") or source.get("citation") or shorten(iri)
        return self.label(iri)

    def _facts(self, iri: str) -> list[tuple[NamedNode, Any]]:
        result = self.store.select_internal("entity-facts", {"entity": NamedNode(iri)})
        return [(p, o) for p, o in result.rows]

    @staticmethod
    def _first(facts: list[tuple[NamedNode, Any]], prop: str, language: str) -> str | None:
        for p, o in facts:
            if p.value == prop and isinstance(o, Literal) and o.language == language:
                return o.value
        return None

    @staticmethod
    def _type(facts: list[tuple[NamedNode, Any]]) -> str | None:
        types = sorted(
            o.value[len(_ONTOLOGY) :]
            for p, o in facts
            if p.value == _TYPE and isinstance(o, NamedNode) and o.value.startswith(_ONTOLOGY)
        )
        return types[0] if types else None

    def _is_place(self, iri: str) -> bool:
        return iri in self._places

    @cached_property
    def _places(self) -> set[str]:
        return {place for event in self.events for place in event["places"]}

    def _fact(self, prop: NamedNode, value: Any) -> dict[str, Any]:
        if isinstance(value, NamedNode):
            ours = value.value.startswith((ENTITY_NS, STATEMENT_NS, SOURCE_NS))
            return {
                "property": shorten(prop.value),
                "iri": value.value if ours else None,
                "text": self.label(value.value) if ours else shorten(value.value),
            }
        text = value.value if isinstance(value, Literal) else str(value)
        language = getattr(value, "language", None)
        address = isinstance(value, Literal) and value.datatype.value.endswith("anyURI")
        return {
            "property": shorten(prop.value),
            "text": f"{text} ({language})" if language else text,
            "href": text if address else None,
        }

    def _label_entry(self, iri: str) -> dict[str, Any]:
        node = self.graph.nodes.get(iri) or {}
        return {"label": self.label(iri), "labelFr": node.get("label_fr"), "id": shorten(iri)}

    def _relationships(self, iri: str) -> list[str]:
        keys = [key for key, edge in self._edges.items() if iri in (edge["from"], edge["to"])]
        return sorted(keys, key=lambda k: (self._edges[k]["earliestStartDay"], k))

    def _events_of(self, iri: str) -> list[str]:
        return [e["id"] for e in self.events if iri in e["actors"] or iri in e["places"]]

    def _encyclopedia(
        self, iri: str, relationships: list[str], events: list[str], facts: list
    ) -> list[dict]:
        """The encyclopedia pages read for this thing: cited by its relationships,
        events or its own facts (a coordinate's source, say)."""
        slugs = [slug for key in relationships for slug in self._edges[key]["sources"]]
        slugs += [slug for key in events for slug in self._events[key]["sources"]]
        slugs += [shorten(o.value) for _, o in facts if isinstance(o, NamedNode)]
        if iri in self._edges:
            slugs += self._edges[iri]["sources"]
        pages = {
            source["address"]: {
                "title": source["title"] or source["address"],
                "href": source["address"],
            }
            for source in (self._sources.get(slug) for slug in slugs)
            if source and source["kind"] == _ENCYCLOPEDIA and source["address"]
        }
        return sorted(pages.values(), key=lambda page: page["title"])
