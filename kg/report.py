"""Summaries of the graph: counts for ``kg stats`` and the claims table.

Both read the store through SPARQL only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.citations import slugs_in_order
from kg.derive import record_horizon
from kg.derive.corroboration import GRADES
from kg.errors import BadParameter
from kg.query import named_query, run_select
from kg.store import Store
from kg.vocab import shorten


@dataclass
class Stats:
    """Counts of what the graph holds."""

    triples: int
    graphs: dict[str, int]
    counts: dict[str, int]
    by_type: dict[str, dict[str, int]]
    horizon: str | None = None  # the last day the curated record was checked
    # Statements and events by corroboration grade, strongest first.
    corroboration: dict[str, int] = field(default_factory=dict)

    def corroboration_shares(self) -> dict[str, float]:
        """Each grade's share of the graded statements and events, in percent.

        >>> Stats(0, {}, {}, {}, corroboration={"Corroborated": 3, "SingleSource": 1}
        ...       ).corroboration_shares()
        {'Corroborated': 75.0, 'SingleSource': 25.0}
        """
        total = sum(self.corroboration.values())
        return {grade: round(100 * n / total, 1) for grade, n in self.corroboration.items()}

    def as_json(self) -> dict:
        shares = self.corroboration_shares()
        return {
            "triples": self.triples,
            "horizon": self.horizon,
            "graphs": self.graphs,
            **{name.replace(" ", "_"): n for name, n in self.counts.items()},
            "by_type": self.by_type,
            "corroboration": {
                grade: {"count": n, "percent": shares[grade]}
                for grade, n in self.corroboration.items()
            },
        }


_MEASURE_ORDER = (
    "relationships",
    "events",
    "event versions",
    "sources",
    "relayed reports",
    "claims",
    "unsourced",
    "start neither dated nor bounded",
    "open-ended",
    "end announced, not dated",
)


def stats(store: Store) -> Stats:
    """Count triples, graphs, relationships, events, sources, the unsourced, and
    statements and events by corroboration grade."""
    graphs = {shorten(g.value): int(n.value) for g, n in store.select_internal("graphs").rows}
    found = {m.value: int(n.value) for m, n in store.select_internal("stats").rows}
    # The engine may answer the UNION's parts in any order; print them in a fixed one.
    counts = {m: found[m] for m in sorted(found, key=_MEASURE_ORDER.index)}
    by_type: dict[str, dict[str, int]] = {}
    for group, kind, count in store.select_internal("stats-by-type").rows:
        by_type.setdefault(shorten(group.value).split(":")[-1], {})[kind.value] = int(count.value)
    horizon = record_horizon(store)
    graded = {g.value: int(n.value) for g, n in store.select_internal("stats-corroboration").rows}
    corroboration = {grade: graded[grade] for grade in GRADES if grade in graded}
    return Stats(
        sum(graphs.values()),
        graphs,
        counts,
        by_type,
        horizon.isoformat() if horizon else None,
        corroboration,
    )


@dataclass
class ClaimRow:
    """One claim and the statements and events encoding it."""

    claim_id: str
    text: str
    encodings: list[dict[str, str]] = field(default_factory=list)


def claims(store: Store, claim_id: str | None = None) -> list[ClaimRow]:
    """The claims table, in claim order (S1, S2, ... S18); BadParameter naming the
    claims there are if ``claim_id`` is none of them."""
    params = {"claimId": claim_id} if claim_id else {}
    result = run_select(store, named_query("claims"), params=params)
    if claim_id and not result.rows:
        known = [row.claim_id for row in claims(store)]
        listed = f"{known[0]} to {known[-1]}" if known else "none in this graph"
        raise BadParameter(f"no claim {claim_id!r}: the claims are {listed}")
    table: dict[str, ClaimRow] = {}
    for row in result.dicts():
        key = row["claimId"].value
        entry = table.setdefault(key, ClaimRow(key, row["claim"].value))
        entry.encodings.append(
            {
                "statement": shorten(row["encodedBy"].value),
                "kind": row["kind"].value,
                "status": row["status"].value,
                "sources": slugs_in_order(row["sources"].value),
            }
        )
    return list(table.values())
