"""The derive step: triples computed from the curated ones.

Each ``queries/derive/*.rq`` is a CONSTRUCT query (plain "truthy" edges,
inherited types, each source's publisher and report origin, and where each
actor sits in the chains of command, ``kg:within``, read from the plain
edges: the queries run in file-name order). Then
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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode

from kg.derive.corroboration import corroboration_lines
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


# The derive query every other step reads (a kg:MilitaryJunta is a kg:Actor).
TYPES_QUERY = DERIVE_DIR / "inherited-types.rq"


def derive_queries() -> list[Path]:
    """The derive queries, in a stable order."""
    return sorted(DERIVE_DIR.glob("*.rq"))


def _partial(value, unit) -> PartialDate | None:
    """A stored date and its precision. An ill-formed date bounds nothing:
    the ill-formed-date check fails the build on it before any derive."""
    if value is None:
        return None
    return _read_date(value.value, unit.value if unit is not None else None)


@cache
def _read_date(value: str, unit: str | None) -> PartialDate | None:
    # Days and units repeat across relationships: each pair read once.
    precision = Precision.from_name(unit) if unit is not None else Precision.DAY
    try:
        return PartialDate(date.fromisoformat(value), precision)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Row:
    statement: NamedNode
    ends: tuple[NamedNode, NamedNode]
    person: NamedNode
    head_of_state: bool
    facts: TimeFacts


def _time_rows(store: Store) -> list[_Row]:
    rows = []
    for (
        statement,
        status,
        start_of,
        end_of,
        head_of_state,
        *dates,
    ) in store.select_internal("time-facts").rows:
        start, end, attested, end_announced, not_before, not_after = (
            _partial(value, unit) for value, unit in zip(dates[::2], dates[1::2], strict=True)
        )
        facts = TimeFacts(
            status=status.value,
            start=start,
            end=end,
            attested=attested,
            end_announced=end_announced,
            start_not_before=not_before,
            end_not_after=not_after,
        )
        rows.append(
            _Row(statement, (start_of, end_of), start_of, head_of_state.value == "true", facts)
        )
    return rows


def _head_of_state_labels(store: Store) -> dict[NamedNode, tuple[str, str]]:
    """Each head of state's English and French label (the IRI, or the English
    label, where one is missing)."""
    labels = {}
    for person, label, label_fr in store.select_internal("head-of-state-labels").rows:
        english = label.value if label is not None else person.value
        labels[person] = (english, label_fr.value if label_fr is not None else english)
    return labels


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


def _successor_limits(
    rows: list[_Row], own: dict[NamedNode, Bounds], labels: dict[NamedNode, tuple[str, str]]
) -> dict[NamedNode, Limit]:
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
                english, french = labels[first.person]
                limits[term.statement] = Limit(
                    day,
                    f"successor {english} in office by {day}",
                    f"successeur {french} en fonction au {day}",
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
    successors = _successor_limits(rows, own, _head_of_state_labels(store))
    return {
        row.statement: compute(row, successors[row.statement])
        if row.statement in successors
        else own[row.statement]
        for row in rows
    }


# The bounds' predicates as N-Triples terms.
_EARLIEST_START, _LATEST_START, _EARLIEST_END, _LATEST_END = (
    str(KG.earliestStart),
    str(KG.latestStart),
    str(KG.earliestEnd),
    str(KG.latestEnd),
)
_START_BASIS, _END_BASIS, _START_BASIS_FR, _END_BASIS_FR = (
    str(KG.startBasis),
    str(KG.endBasis),
    str(KG.startBasisFr),
    str(KG.endBasisFr),
)


def time_bound_lines(store: Store) -> Iterator[str]:
    """The N-Triples of every relationship's bounds and their bases, eight
    lines a relationship.

    Each literal is written by pyoxigraph (a basis quotes labels from the
    data, which may hold quotes or newlines), once per distinct day or basis.
    """
    objects: dict[date | str, str] = {}

    def term(value: date | str) -> str:
        if value not in objects:
            objects[value] = str(
                Literal(value.isoformat(), datatype=XSD_DATE)
                if isinstance(value, date)
                else Literal(value)
            )
        return objects[value]

    for statement, span in time_bounds(store).items():
        s = str(statement)
        yield (
            f"{s} {_EARLIEST_START} {term(span.earliest_start)} .\n"
            f"{s} {_LATEST_START} {term(span.latest_start)} .\n"
            f"{s} {_EARLIEST_END} {term(span.earliest_end)} .\n"
            f"{s} {_LATEST_END} {term(span.latest_end)} .\n"
            f"{s} {_START_BASIS} {term(span.start_basis)} .\n"
            f"{s} {_END_BASIS} {term(span.end_basis)} .\n"
            f"{s} {_START_BASIS_FR} {term(span.start_basis_fr)} .\n"
            f"{s} {_END_BASIS_FR} {term(span.end_basis_fr)} .\n"
        )


def _construct(store: Store, path: Path) -> int:
    try:
        return store.construct_into(path.read_text(encoding="utf-8"), DERIVED_GRAPH)
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"{path.name} failed: {err}") from None


def derive(store: Store) -> int:
    """Run the derive queries, grade corroboration and compute the time
    bounds; the quads written.

    The inherited types come first: everything else reads them. Then two
    chains that read nothing of each other: the time bounds (the data and
    the types), and the other derive queries followed by corroboration (the
    sources' publishers and origins, the plain edges). Where the store takes
    queries and writes on several threads they run at once (at 1M triples
    the bounds are ~5 s of Python while the other chain is ~4 s in the
    engine). A query reads a snapshot, so writing while its triples stream
    does not disturb it; a later query in a chain sees the earlier ones'
    triples.
    """
    written = _construct(store, TYPES_QUERY)

    def sources_and_grades() -> int:
        count = sum(_construct(store, path) for path in derive_queries() if path != TYPES_QUERY)
        # Both read their query's rows whole before the first line is written.
        return count + store.add_ntriples(corroboration_lines(store), DERIVED_GRAPH)

    def time_bounds_written() -> int:
        return store.add_ntriples(time_bound_lines(store), DERIVED_GRAPH)

    if not store.concurrent:
        return written + sources_and_grades() + time_bounds_written()
    with ThreadPoolExecutor(max_workers=1) as pool:
        other_chain = pool.submit(sources_and_grades)
        written += time_bounds_written()
        return written + other_chain.result()
