"""Short citations: how every reader-facing answer names its sources.

A source is cited as its publisher and date ("Reuters, 2021-05-28"), a relay
as whose report it passes on ("RTN via The Straits Times, 2024-04-12"), the
date written to its precision. ``Citations.of(store)`` reads every source
once; ``cite`` turns the space-separated source slugs a named query returns
into citations in date order, original reports before relays.

>>> Cite = Citation(publisher="Reuters", day="2021-05-28", precision="day")
>>> Cite.text
'Reuters, 2021-05-28'
>>> Citation("The Straits Times", "2024-04-12", "day", quoted="RTN").text
'RTN via The Straits Times, 2024-04-12'
>>> Citation("Le Monde", "2022-02-01", "month").text
'Le Monde, 2022-02'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg.resources import QUERIES_DIR
from kg.store import SelectResult, Store
from kg.store.sparql_text import with_value_list
from kg.temporal import written_to_precision
from kg.vocab import SOURCE_NS

__all__ = ["Citation", "Citations", "slugs_in_order", "with_citations"]


@dataclass(frozen=True)
class Citation:
    """What a short citation says about one source."""

    publisher: str | None  # else the title, else the slug, is named
    day: str | None = None  # ISO date, its first day when less precise
    precision: str | None = None  # day, month or year
    quoted: str | None = None  # the publisher of the report a relay passes on
    address: str | None = None  # the page a reader can open; not part of the text

    @property
    def when(self) -> str:
        return written_to_precision(self.day, self.precision) if self.day else ""

    @property
    def text(self) -> str:
        who = self.publisher or "unnamed source"
        if self.quoted:
            who = f"{self.quoted} via {who}"
        return f"{who}, {self.when}" if self.when else who

    def order(self) -> tuple[str, bool]:
        """Date order, an original report before a relay of the same day."""
        return (self.day or "9999", self.quoted is not None)


_FIELDS = ("publisher", "date", "datePrecision", "quotedPublisher", "address")


class Citations(dict[str, Citation]):
    """Every source's citation, by slug (the part of its IRI after /source/)."""

    @classmethod
    def of(cls, store: Store, slugs: Iterable[str] | None = None) -> Citations:
        """Every source's citation, or only those of ``slugs`` (an answer's
        sources): citing a small answer then reads what it cites, not every
        source of the graph (28,000 of them in a 1M-triple graph, 1-2 s)."""
        text = (QUERIES_DIR / "internal" / "citations.rq").read_text(encoding="utf-8")
        if slugs is not None:
            sources = [_source(slug) for slug in sorted(set(slugs))]
            sources = [source for source in sources if source is not None]
            if not sources:
                return cls()
            text = with_value_list(text, "source", sources)
        return cls.from_rows(store.select(text).dicts())

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> Citations:
        """The citations of rows as ``internal/citations.rq`` gives them (a
        source's IRI, publisher, title, kindLabel, date, datePrecision,
        quotedPublisher and address, as terms; one row per quoted report)."""
        found = cls()
        quoted: dict[str, set[str]] = {}
        for row in rows:
            slug = row["source"].value.removeprefix(SOURCE_NS)
            values = {k: row[k].value if row[k] is not None else None for k in _FIELDS}
            title = row["title"].value if row["title"] is not None else None
            values["publisher"] = values["publisher"] or title or _unnamed(row["kindLabel"], slug)
            # A relay of several reports names them all, in order ("A and B via C").
            if values["quotedPublisher"] is not None:
                quoted.setdefault(slug, set()).add(values["quotedPublisher"])
                values["quotedPublisher"] = " and ".join(sorted(quoted[slug]))
            found[slug] = Citation(*(values[k] for k in _FIELDS))
        return found

    def cite(self, slugs: str) -> str:
        """Space-separated source slugs as citations, "; "-separated, in order.

        >>> Citations({"a": Citation("AFP", "2023-07-28", "day")}).cite("a unknown-slug")
        'AFP, 2023-07-28; unknown-slug'
        """
        known = sorted((self[s] for s in slugs.split() if s in self), key=Citation.order)
        unknown = [s for s in slugs.split() if s not in self]
        # Two pages of one undated publisher read the same: say it once.
        return "; ".join(dict.fromkeys([*(c.text for c in known), *unknown]))


def _unnamed(kind: Literal | None, slug: str) -> str:
    """What names a source the record knows no publisher or title of: its
    kind, and its slug for finding it (a reader is not handed a bare slug).

    >>> _unnamed(Literal("news report"), "seed-article")
    'unnamed news report [seed-article]'
    """
    return f"unnamed {kind.value if kind is not None else 'source'} [{slug}]"


def _source(slug: str) -> NamedNode | None:
    """The IRI of a source slug, or None where the slug makes no IRI."""
    try:
        return NamedNode(SOURCE_NS + slug)
    except ValueError:
        return None


def with_citations(result: SelectResult, store: Store) -> SelectResult:
    """``result`` with a ``citations`` column after its ``sources`` column;
    a result without one is returned as it is, and no source is read. The
    slugs of a ``sources`` cell are put in order: GROUP_CONCAT lists them in
    the engine's order, which differs from one store to another."""
    if "sources" not in result.variables:
        return result
    at = result.variables.index("sources") + 1
    rows = [
        (*row[: at - 1], Literal(slugs_in_order(row[at - 1].value)), *row[at:])
        if isinstance(row[at - 1], Literal)
        else row
        for row in result.rows
    ]
    listed = [row[at - 1].value for row in rows if row[at - 1] is not None]
    citations = Citations.of(store, (slug for slugs in listed for slug in slugs.split()))
    cited_rows = []
    for row in rows:
        cited = Literal(citations.cite(row[at - 1].value)) if row[at - 1] is not None else None
        cited_rows.append((*row[:at], cited, *row[at:]))
    return SelectResult([*result.variables[:at], "citations", *result.variables[at:]], cited_rows)


def slugs_in_order(slugs: str) -> str:
    """A space-separated list of source slugs (a ``sources`` cell), sorted:
    GROUP_CONCAT lists them in the engine's order, which differs from one
    store to another.

    >>> slugs_in_order("b a c")
    'a b c'
    """
    return " ".join(sorted(slugs.split()))
