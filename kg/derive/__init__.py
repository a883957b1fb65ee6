"""The derive step: triples computed from the curated ones.

Each ``queries/derive/*.rq`` is a CONSTRUCT query (plain "truthy" edges,
inherited types, each source's publisher and report origin). Then
``kg.derive.corroboration`` counts each statement's independent reports
and grades it, and ``time_bounds`` gives every relationship its four day
bounds and their bases (kg/temporal.py says how), read from what the record
says of its dates, the lifetimes of its two ends, a head of state's
successor and the dataset horizon. Everything derived goes into the
``graph:derived`` named graph, apart from the curated data, so users can
always tell what was written by hand from what was computed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Quad

from kg.derive.corroboration import corroboration_quads
from kg.errors import QueryError
from kg.resources import QUERIES_DIR
from kg.temporal import (
    ACTIVE_STATUSES,
    LAST_DAY,
    Bounds,
    Limit,
    PartialDate,
    Precision,
    TimeFacts,
    bounds,
)
from kg.vocab import DERIVED_GRAPH, KG, XSD_DATE

if TYPE_CHECKING:
    from kg.store import Store

DERIVE_DIR = QUERIES_DIR / "derive"
# Derived quads are written in chunks of this many while the derive queries
# stream, so the build never holds them all as Python objects.
DERIVE_CHUNK = 50_000


def derive_queries() -> list[Path]:
    """The derive queries, in a stable order."""
    return sorted(DERIVE_DIR.glob("*.rq"))


def _partial(value, unit) -> PartialDate | None:
    """A stored date and its precision. An ill-formed date bounds nothing:
    the ill-formed-date check fails the build on it before any derive."""
    if value is None:
        return None
    precision = Precision.from_name(unit.value) if unit is not None else Precision.DAY
    try:
        return PartialDate(date.fromisoformat(value.value), precision)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Row:
    statement: NamedNode
    ends: tuple[NamedNode, NamedNode]
    person: NamedNode
    person_label: str
    person_label_fr: str
    head_of_state: bool
    facts: TimeFacts


def _time_rows(store: Store) -> list[_Row]:
    rows = []
    for row in store.select_internal("time-facts").dicts():
        facts = TimeFacts(
            status=row["status"].value,
            start=_partial(row["start"], row["startUnit"]),
            end=_partial(row["end"], row["endUnit"]),
            attested=_partial(row["attested"], row["attestedUnit"]),
            end_announced=_partial(row["endAnnounced"], row["endAnnouncedUnit"]),
            start_not_before=_partial(row["notBefore"], row["notBeforeUnit"]),
            end_not_after=_partial(row["notAfter"], row["notAfterUnit"]),
        )
        label = row["fromLabel"].value if row["fromLabel"] is not None else row["from"].value
        label_fr = row["fromLabelFr"].value if row["fromLabelFr"] is not None else label
        rows.append(
            _Row(
                row["statement"],
                (row["from"], row["to"]),
                row["from"],
                label,
                label_fr,
                row["headOfState"].value == "true",
                facts,
            )
        )
    return rows


def _lifetime_limits(store: Store) -> tuple[dict, dict]:
    """Per actor: the not-before limit of its founding, the not-after of its end.

    Where sources disagree (several lifetimes for one actor), a bound must
    hold for every version: the earliest founding, the latest end, and no end
    at all if one version has none.
    """
    versions: dict[NamedNode, list[tuple[PartialDate | None, PartialDate | None]]] = defaultdict(
        list
    )
    labels: dict[NamedNode, str] = {}
    labels_fr: dict[NamedNode, str] = {}
    for row in store.select_internal("lifetimes").dicts():
        actor = row["actor"]
        labels[actor] = row["label"].value if row["label"] is not None else actor.value
        labels_fr[actor] = row["labelFr"].value if row["labelFr"] is not None else labels[actor]
        versions[actor].append(
            (_partial(row["start"], row["startUnit"]), _partial(row["end"], row["endUnit"]))
        )
    founded: dict[NamedNode, Limit] = {}
    ended: dict[NamedNode, Limit] = {}
    for actor, found in versions.items():
        starts = [start for start, _ in found]
        ends = [end for _, end in found]
        if all(starts):
            first = min(starts, key=lambda start: start.day)
            founded[actor] = Limit(
                first.day,
                f"{labels[actor]} founded {first}",
                f"{labels_fr[actor]} : fondation {first}",
            )
        if all(ends):
            last = max(ends, key=lambda end: end.last_day)
            ended[actor] = Limit(
                last.last_day, f"{labels[actor]} ended {last}", f"{labels_fr[actor]} : fin {last}"
            )
    return founded, ended


def record_horizon(store: Store) -> date | None:
    """The dataset horizon (data/record.ttl), or None when no record states one."""
    rows = store.select_internal("horizon").rows
    value = rows[0][0] if rows else None
    return date.fromisoformat(value.value) if value is not None else None


def _successor_limits(rows: list[_Row], own: dict[NamedNode, Bounds]) -> dict[NamedNode, Limit]:
    """For each head-of-state term with no end: the day its successor was in office.

    A term ends no later than the latest start of any later-starting term of
    another person in the same state.
    """
    terms = defaultdict(list)
    for row in rows:
        if row.head_of_state and row.facts.status in ACTIVE_STATUSES:
            terms[row.ends[1]].append(row)
    limits: dict[NamedNode, Limit] = {}
    for state_terms in terms.values():
        for term in state_terms:
            if term.facts.end is not None:
                continue
            begun = own[term.statement].earliest_start
            later = [
                other
                for other in state_terms
                if other.person != term.person
                and own[other.statement].earliest_start > begun
                and own[other.statement].latest_start != LAST_DAY
            ]
            if later:
                first = min(later, key=lambda other: own[other.statement].latest_start)
                day = own[first.statement].latest_start
                limits[term.statement] = Limit(
                    day,
                    f"successor {first.person_label} in office by {day}",
                    f"successeur {first.person_label_fr} en fonction au {day}",
                )
    return limits


def time_bounds(store: Store) -> dict[NamedNode, Bounds]:
    """Every relationship's four bounds, with what the graph implies applied."""
    rows = _time_rows(store)
    founded, ended = _lifetime_limits(store)
    horizon = record_horizon(store)

    def compute(row: _Row, extra_cap: Limit | None = None) -> Bounds:
        not_before = [founded[end] for end in row.ends if end in founded]
        not_after = [ended[end] for end in row.ends if end in ended]
        if extra_cap is not None:
            not_after.append(extra_cap)
        return bounds(row.facts, horizon=horizon, not_before=not_before, not_after=not_after)

    own = {row.statement: compute(row) for row in rows}
    successors = _successor_limits(rows, own)
    return {
        row.statement: compute(row, successors[row.statement])
        if row.statement in successors
        else own[row.statement]
        for row in rows
    }


def time_bound_quads(store: Store) -> Iterator[Quad]:
    """The derived-graph quads of every relationship's bounds and their bases."""
    # Days and bases repeat across relationships: one literal each, not one a quad.
    literals: dict[date | str, Literal] = {}

    def literal(value: date | str) -> Literal:
        if value not in literals:
            literals[value] = (
                Literal(value.isoformat(), datatype=XSD_DATE)
                if isinstance(value, date)
                else Literal(value)
            )
        return literals[value]

    for statement, span in time_bounds(store).items():
        for predicate, value in (
            (KG.earliestStart, span.earliest_start),
            (KG.latestStart, span.latest_start),
            (KG.earliestEnd, span.earliest_end),
            (KG.latestEnd, span.latest_end),
            (KG.startBasis, span.start_basis),
            (KG.endBasis, span.end_basis),
            (KG.startBasisFr, span.start_basis_fr),
            (KG.endBasisFr, span.end_basis_fr),
        ):
            yield Quad(statement, predicate, literal(value), DERIVED_GRAPH)


def _write(store: Store, quads: Iterable[Quad], *, bulk: bool = False) -> int:
    """Write ``quads``: in chunks, or with ``bulk`` in one pass of the bulk
    writer, where no query over the store is still being read. (Each write
    to an in-memory store costs time in proportion to the whole store: at 1M
    triples, 640,000 bounds took 18 s in chunked transactions and 2 s in one
    bulk write.)"""
    if bulk:
        counted = _Counted(quads)
        store.bulk_add(counted)
        return counted.count
    written = 0
    iterator = iter(quads)
    while chunk := list(islice(iterator, DERIVE_CHUNK)):
        store.add(chunk)
        written += len(chunk)
    return written


class _Counted:
    """An iterable of quads that counts those read from it."""

    def __init__(self, quads: Iterable[Quad]) -> None:
        self._quads = quads
        self.count = 0

    def __iter__(self) -> Iterator[Quad]:
        for quad in self._quads:
            self.count += 1
            yield quad


def derive(store: Store) -> int:
    """Run the derive queries, then grade corroboration and compute the time
    bounds; the quads written.

    A query reads a snapshot, so writing while its triples stream does not
    disturb it; a later query sees the earlier ones' triples.
    """
    written = 0
    for path in derive_queries():
        try:
            triples = store.construct(path.read_text(encoding="utf-8"))
            written += _write(
                store, (Quad(t.subject, t.predicate, t.object, DERIVED_GRAPH) for t in triples)
            )
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"{path.name} failed: {err}") from None
    # Both read their query's rows whole before the first quad is written.
    written += _write(store, corroboration_quads(store), bulk=True)
    return written + _write(store, time_bound_quads(store), bulk=True)
