"""Network analysis: what the graph's shape says about who stands with whom.

Every function reads the store through ``kg.network`` (SPARQL into networkx)
and, given a day, keeps what the one as-of rule keeps (``kg.network.as_of_view``,
which applies ``kg.temporal.certainty_on``): by default only the
relationships certainly in effect that day, so a number rests on what the
sources establish; ``possible=True`` adds those that may have been. Without a
day, paths and centrality use every reported or confirmed relationship ever
recorded; announced and denied ones never count as ties.

- ``paths``: the shortest paths between two actors, every hop explained;
- ``centrality``: actors ranked by degree, betweenness or eigenvector centrality;
- ``blocs``: groups of aligned actors (modularity over cooperation ties);
- ``partner_timeline`` and ``plot_partners``: a state's foreign security
  partners over time, and a Gantt chart of them;
- ``what_changed``: relationships that began, ended, or were announced or
  denied between two days.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.derive import record_horizon
from kg.entities import EntityIndex
from kg.errors import BadDate, BadParameter, EmptyGraph, NoPath, UnknownEntity
from kg.network import (
    active_graph,
    edge_bounds,
    edge_certainty,
    explained_paths,
    statement_sources,
    to_networkx,
)
from kg.store import Store
from kg.styles import DEFAULT_KIND_STYLE, KIND_STYLES
from kg.temporal import ACTIVE_STATUSES, FIRST_DAY, LAST_DAY, Certainty
from kg.vocab import ENTITY_NS, KG

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "COOPERATION_KINDS",
    "MEASURES",
    "PARTNER_KINDS",
    "SAHEL_STATES",
    "Bloc",
    "Change",
    "NoPath",
    "Partnership",
    "Ranked",
    "blocs",
    "centrality",
    "default_day",
    "partner_timeline",
    "partner_timelines",
    "paths",
    "plot_partners",
    "what_changed",
    "write_partners_chart",
]

# Ties that align two actors. Armed conflict is hostile; head-of-state,
# leadership and governance tie people to offices, and colonial rule is
# history, so none of them says who is aligned with whom today.
COOPERATION_KINDS = KG.names(
    "Membership",
    "SecurityPartnership",
    "Deployment",
    "EquipmentTransfer",
    "Subordination",
    "PartOf",
    "FacilityOperation",
)
# What makes an actor a state's foreign security partner.
PART_OF = KG.name("PartOf")
CONFIRMED = KG.name("Confirmed")
PARTNER_KINDS = KG.names("SecurityPartnership", "Deployment", "EquipmentTransfer")
SAHEL_STATES = ("mali", "burkina-faso", "niger")
MEASURES = ("degree", "betweenness", "eigenvector")


def _graph(graph: nx.MultiDiGraph, as_of: date | None, possible: bool) -> nx.MultiDiGraph:
    """What analysis works on: the projection as of a day (certain edges, and
    possible ones if asked), or every reported or confirmed relationship;
    EmptyGraph when nothing is left."""
    if as_of is not None:
        return active_graph(graph, as_of, possible=possible)
    ever = nx.subgraph_view(
        graph, filter_edge=lambda u, v, k: graph.edges[u, v, k]["status"] in ACTIVE_STATUSES
    )
    if not ever.number_of_edges():
        raise EmptyGraph("the graph has no reported or confirmed relationship")
    return ever


def _actor(index: EntityIndex, graph: nx.MultiDiGraph, name: str) -> str:
    """The IRI of the actor ``name`` names; UnknownEntity (with suggestions) when
    nothing does, or when what it names is not an actor (an event, a source)."""
    iri = index.resolve(name).value
    if iri not in graph:
        raise UnknownEntity(f"{name!r} names {_short(iri)}, which is not an actor in the graph")
    return iri


def _short(iri: str) -> str:
    return iri[len(ENTITY_NS) :] if iri.startswith(ENTITY_NS) else iri


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """An undirected simple graph: one tie per pair of actors however many
    relationships join them, nodes and edges added in sorted order so that
    results do not depend on the order a backend returned rows in."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in graph.edges() if u != v}))
    return simple


# --- paths ---------------------------------------------------------------------


def paths(
    store: Store,
    source: str,
    target: str,
    as_of: date | None = None,
    limit: int = 5,
    *,
    possible: bool = False,
    index: EntityIndex | None = None,
) -> list[list[dict]]:
    """Shortest paths between two actors (names as a user types them), each hop
    with its relationship, dates, status and sources (see
    ``kg.network.explained_paths``). Raises NoPath when they are not connected.
    ``index``: the store's name index, where the caller has read it already."""
    full = to_networkx(store, sources={})
    index = index or EntityIndex.of(store)
    a, b = _actor(index, full, source), _actor(index, full, target)
    if a == b:
        raise BadParameter(f"{source!r} and {target!r} are the same actor")
    graph = _graph(full, as_of, possible)
    when = f" on {as_of}" if as_of else ""
    for iri, name in ((a, source), (b, target)):
        if iri not in graph:
            raise NoPath(f"{name!r} ({_short(iri)}) had no active relationship{when}")
    found = explained_paths(graph, a, b, limit=limit)
    if not found:
        raise NoPath(f"no path links {source!r} and {target!r}{when}")
    sources = statement_sources(store, (hop["statement"] for path in found for hop in path))
    for hop in (hop for path in found for hop in path):
        hop["sources"] = sources.get(hop["statement"], [])
    return found


# --- centrality ----------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """One actor's place in a centrality ranking."""

    rank: int
    actor: str
    label: str
    type: str
    score: float
    ties: int


def centrality(
    store: Store,
    as_of: date | None = None,
    measure: str = "degree",
    top: int | None = None,
    *,
    possible: bool = False,
) -> list[Ranked]:
    """Actors ranked by ``measure`` (degree, betweenness or eigenvector) over
    the undirected graph of ties (one per pair of actors), highest first;
    equal scores share a rank and are ordered by label."""
    if measure not in MEASURES:
        raise BadParameter(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}")
    graph = _graph(to_networkx(store), as_of, possible)
    simple = _simple(graph)
    scores = _scores(simple, measure)
    ordered = sorted(simple, key=lambda n: (-round(scores[n], 9), graph.nodes[n]["label"], n))
    ranked: list[Ranked] = []
    for position, node in enumerate(ordered[:top] if top else ordered, start=1):
        tied = ranked and round(ranked[-1].score, 9) == round(scores[node], 9)
        ranked.append(
            Ranked(
                ranked[-1].rank if tied else position,
                node,
                graph.nodes[node]["label"],
                graph.nodes[node]["type"],
                scores[node],
                simple.degree(node),
            )
        )
    return ranked


def _scores(graph: nx.Graph, measure: str) -> dict[str, float]:
    if measure == "degree":
        return nx.degree_centrality(graph)
    if measure == "betweenness":
        return nx.betweenness_centrality(graph)
    # Eigenvector centrality per connected component, scaled by the component's
    # share of nodes, so a small isolated cluster does not outrank the core.
    scores: dict[str, float] = {}
    for nodes in nx.connected_components(graph):
        part = graph.subgraph(nodes)
        if part.number_of_edges() == 0:
            scores.update(dict.fromkeys(nodes, 0.0))
            continue
        values = nx.eigenvector_centrality(part, max_iter=1000, tol=1e-9)
        share = len(nodes) / graph.number_of_nodes()
        scores.update({n: value * share for n, value in values.items()})
    return scores


# --- blocs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Bloc:
    """A group of aligned actors, named after its best-connected member."""

    number: int
    name: str
    members: list[dict] = field(default_factory=list)

    def __contains__(self, iri: object) -> bool:
        return any(member["iri"] == iri for member in self.members)


def default_day(store: Store) -> tuple[date, str]:
    """The day an analysis naming none is about, and why: the record's horizon
    (the last day it was checked), or today if that is earlier or none is stated."""
    horizon = record_horizon(store)
    if horizon is not None and horizon <= date.today():
        return horizon, "the record's horizon"
    return date.today(), "today"


def blocs(store: Store, as_of: date | None = None, *, possible: bool = False) -> list[Bloc]:
    """Groups of aligned actors on ``as_of`` (default: ``default_day``).

    Communities of greatest modularity (``greedy_modularity_communities``)
    over cooperation ties (COOPERATION_KINDS) active that day: hostile ties and
    ended ones do not align anyone. Blocs come largest first; a bloc is named
    after its member with the most ties (then by label).
    """
    day = as_of or default_day(store)[0]
    graph = active_graph(to_networkx(store, kinds=COOPERATION_KINDS), day, possible=possible)
    simple = _simple(graph)
    groups = nx.community.greedy_modularity_communities(simple)

    def member(node: str) -> dict:
        data = graph.nodes[node]
        return {"iri": node, "id": data["id"], "label": data["label"], "type": data["type"]}

    found: list[Bloc] = []
    for group in sorted(groups, key=lambda g: (-len(g), min(graph.nodes[n]["label"] for n in g))):
        ordered = sorted(group, key=lambda n: (-simple.degree(n), graph.nodes[n]["label"], n))
        name = graph.nodes[ordered[0]]["label"]
        found.append(Bloc(len(found) + 1, name, [member(n) for n in ordered]))
    return found


# --- partner timelines ---------------------------------------------------------


@dataclass(frozen=True)
class Partnership:
    """One period of one foreign security partner of a state.

    ``partner`` is the state or organisation the actor on the relationship
    (``via``) is part of, e.g. Germany for the Bundeswehr. The four days are
    the relationship's bounds (kg/temporal.py): it certainly ran from
    ``latest_start`` to the day before ``earliest_end``, and possibly from
    ``earliest_start`` to the day before ``latest_end`` (0001-01-01 and
    9999-12-31 where unbounded); the bases say why.
    """

    state: str
    partner: str
    partner_label: str
    via: str
    via_label: str
    kind: str
    earliest_start: date
    latest_start: date
    earliest_end: date
    latest_end: date
    start_basis: str
    end_basis: str
    status: str
    statement: str
    sources: list[str]


def partner_timeline(store: Store, state: str) -> list[Partnership]:
    """The foreign security partners of ``state`` (a name) over time: every
    reported or confirmed security partnership, deployment or equipment
    transfer towards it, by partner then start."""
    return next(iter(partner_timelines(store, [state]).values()))


def partner_timelines(store: Store, states: Sequence[str]) -> dict[str, list[Partnership]]:
    """``partner_timeline`` for several states (reading the store once),
    keyed by each state's label, in the order given."""
    graph = to_networkx(store)
    index = EntityIndex.of(store)
    parents = _parents(graph)
    found: dict[str, list[Partnership]] = {}
    for state in states:
        iri = _actor(index, graph, state)
        found[graph.nodes[iri]["label"]] = _partners(graph, parents, iri)
    return found


def _partners(graph: nx.MultiDiGraph, parents: Mapping[str, str], iri: str) -> list[Partnership]:
    rows: list[Partnership] = []
    for via, _, data in graph.in_edges(iri, data=True):
        if data["kind"] not in PARTNER_KINDS or data["status"] not in ACTIVE_STATUSES:
            continue
        if via == iri:
            continue
        span = edge_bounds(data)
        partner = _top(parents, via)
        rows.append(
            Partnership(
                state=graph.nodes[iri]["label"],
                partner=graph.nodes[partner]["id"],
                partner_label=graph.nodes[partner]["label"],
                via=graph.nodes[via]["id"],
                via_label=graph.nodes[via]["label"],
                kind=data["kind"],
                earliest_start=span.earliest_start,
                latest_start=span.latest_start,
                earliest_end=span.earliest_end,
                latest_end=span.latest_end,
                start_basis=span.start_basis,
                end_basis=span.end_basis,
                status=data["status"],
                statement=data["id"],
                sources=[s["source"] for s in data["sources"]],
            )
        )
    return sorted(
        rows,
        key=lambda r: (r.partner_label, r.latest_start, r.earliest_start, r.via_label, r.statement),
    )


def _parents(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Each actor's larger body by a reported or confirmed part-of tie, at any
    date (the Bundeswehr is part of Germany whenever a source says so)."""
    parents: dict[str, str] = {}
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if data["kind"] == PART_OF and data["status"] in ACTIVE_STATUSES:
            parents.setdefault(u, v)
    return parents


def _top(parents: Mapping[str, str], node: str) -> str:
    seen = {node}
    while node in parents and parents[node] not in seen:
        node = parents[node]
        seen.add(node)
    return node


def _lane(row: Partnership) -> tuple[str, int, str]:
    order = [kind for kind in KIND_STYLES if kind in PARTNER_KINDS]
    rank = order.index(row.kind) if row.kind in order else len(order)
    return (row.partner_label, rank, KIND_STYLES.get(row.kind, {}).get("label", row.kind))


def write_partners_chart(
    timelines: Mapping[str, Sequence[Partnership]], horizon: date | None, path: Path
) -> Path:
    """Draw ``plot_partners`` into ``path`` (.svg or .png, atomically); return it."""
    from kg.files import atomic_write

    figure = plot_partners(timelines, horizon)
    suffix = path.suffix.lower().lstrip(".")
    atomic_write(path, lambda handle: figure.savefig(handle, format=suffix, dpi=150))
    return path


def plot_partners(
    timelines: Mapping[str, Sequence[Partnership]], horizon: date | None = None
) -> Figure:
    """A Gantt chart: one panel per state, one lane per partner and kind of
    tie, bars coloured by kind. The part of a period the sources make certain
    is solid; the parts that are only possible (an unknown or imprecise start,
    an announced or undated end, time after the record's horizon) are drawn
    faded and hatched. Open ends stop at ``horizon`` (default: the latest
    date in the chart). Reported periods are paler than confirmed ones. Each
    solid bar's ``gid`` is ``"<state>|<statement>"``, each faded one's
    ``"<state>|<statement>|possible"``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows_all = [r for rows in timelines.values() for r in rows]
    known = [
        d
        for r in rows_all
        for d in (r.earliest_start, r.latest_start, r.earliest_end, r.latest_end)
        if d not in (FIRST_DAY, LAST_DAY)
    ]
    left_edge = min(known, default=date.today())
    right_edge = horizon or max(known, default=date.today())
    lanes = {state: sorted({_lane(r) for r in rows}) for state, rows in timelines.items()}
    heights = [max(len(names), 1) for names in lanes.values()] or [1]
    figure = Figure(figsize=(11, 1.2 + 0.38 * sum(heights) + 0.5 * len(heights)))
    FigureCanvasAgg(figure)
    axes = figure.subplots(len(heights), 1, sharex=True, squeeze=False, height_ratios=heights)

    def clip(day: date) -> float:
        return date2num(min(max(day, left_edge), right_edge))

    for ax, (state, rows) in zip(axes[:, 0], timelines.items(), strict=True):
        names = lanes[state]
        for row in rows:
            lane = names.index(_lane(row))
            colour = KIND_STYLES.get(row.kind, DEFAULT_KIND_STYLE)["color"]
            strength = 0.9 if row.status == CONFIRMED else 0.55
            # The possible span first, underneath; the certain span over it.
            spans = (
                (row.earliest_start, row.latest_end, "|possible", 0.18, "//", colour),
                (row.latest_start, row.earliest_end, "", strength, None, "black"),
            )
            for first, last, suffix, alpha, hatch, edge in spans:
                begin, finish = clip(first), clip(last)
                if finish > begin:
                    ax.barh(
                        lane,
                        finish - begin,
                        left=begin,
                        height=0.6,
                        color=colour,
                        alpha=alpha,
                        hatch=hatch,
                        edgecolor=edge,
                        linewidth=0.4,
                        gid=f"{state}|{row.statement}{suffix}",
                    )
        ax.set_yticks(range(len(names)), [f"{partner} · {kind}" for partner, _, kind in names])
        ax.set_ylim(-0.6, max(len(names), 1) - 0.4)
        ax.invert_yaxis()
        ax.set_title(f"{state}: foreign security partners", loc="left", fontsize=10)
        ax.grid(axis="x", alpha=0.3)
        ax.axvline(date2num(right_edge), color="#555", linewidth=0.8, linestyle=":")
    bottom = axes[-1, 0]
    bottom.set_xlim(date2num(left_edge), date2num(right_edge) + 30)
    # Ticks matplotlib chooses for the span shown (years over decades, months
    # over a year or two), never so many that the labels overlap.
    locator = AutoDateLocator(maxticks=14)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    legend = [
        Patch(color=KIND_STYLES[kind]["color"], label=KIND_STYLES[kind]["label"])
        for kind in KIND_STYLES
        if kind in PARTNER_KINDS
    ]
    legend.append(
        Patch(facecolor="white", edgecolor="black", hatch="//", label="possible, not certain")
    )
    if horizon:
        legend.append(
            Patch(facecolor="white", edgecolor="#555", label=f"record checked to {horizon}")
        )
    figure.legend(handles=legend, loc="lower center", ncol=len(legend), fontsize=8)
    figure.tight_layout(rect=(0, 0.5 / figure.get_figheight(), 1, 1))
    return figure


# --- what changed --------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A relationship that changed between two days, and how.

    ``change`` is one of: began, possibly began, ended, possibly ended, began
    and ended (both inside the window), end announced (a withdrawal announced
    in the window), announced, denied. ``day`` is when it happened as far as
    the sources tell (for sorting); ``when`` says it in words, with the
    uncertainty ("began between 1960-08-03 and 2023-07-31").
    """

    change: str
    day: date
    when: str
    kind: str
    source: str
    source_label: str
    target: str
    target_label: str
    status: str
    statement: str
    sources: list[str]


def what_changed(
    store: Store, first: date, second: date, entity: str | None = None
) -> list[Change]:
    """Relationships whose standing differs between ``first`` and ``second``.

    The as-of rule is read on both days: a relationship that went from not in
    effect to certainly or possibly in effect began (or possibly began), and
    the reverse ended (or possibly ended, e.g. from an announced withdrawal
    with no effective date). Announced and denied statements dated in between
    (after ``first``, up to ``second``), and withdrawals announced in between,
    are listed as such. ``entity`` keeps relationships with that actor at
    either end. Sorted by day.
    """
    if second <= first:
        raise BadDate(f"the second day ({second}) must come after the first ({first})")
    graph = to_networkx(store)
    wanted = _actor(EntityIndex.of(store), graph, entity) if entity else None
    changes: list[Change] = []
    for u, v, data in graph.edges(data=True):
        if wanted is not None and wanted not in (u, v):
            continue
        for change, day, when in _changes(data, first, second):
            changes.append(
                Change(
                    change,
                    day,
                    when,
                    data["kind"],
                    graph.nodes[u]["id"],
                    graph.nodes[u]["label"],
                    graph.nodes[v]["id"],
                    graph.nodes[v]["label"],
                    data["status"],
                    data["id"],
                    [s["source"] for s in data["sources"]],
                )
            )
    return sorted(changes, key=lambda c: (c.day, c.change, c.kind, c.source_label, c.statement))


def _between(verb: str, earliest: date, latest: date) -> str:
    """ "began 2023-07-28", "began between 2023-07-01 and 2023-07-31", "began by 2024-04-30"."""
    if earliest == latest:
        return f"{verb} {earliest}"
    if earliest == FIRST_DAY:
        return f"{verb} on an unknown day up to {latest}"
    if latest == LAST_DAY:
        return f"{verb} on an unknown day from {earliest}"
    return f"{verb} between {earliest} and {latest}"


def _changes(data: dict, first: date, second: date) -> list[tuple[str, date, str]]:
    span = edge_bounds(data)
    inside = lambda day: day is not None and first < day <= second  # noqa: E731
    if data["status"] not in ACTIVE_STATUSES:
        day = span.latest_start if span.latest_start != LAST_DAY else span.earliest_start
        status = data["status"].lower()
        return [(status, day, f"{status}: {span.start_basis}")] if inside(day) else []
    before, after = edge_certainty(data, first), edge_certainty(data, second)
    off, maybe, on = Certainty.INACTIVE, Certainty.POSSIBLE, Certainty.CERTAIN
    began = _between("began", span.earliest_start, span.latest_start)
    ended = _between("ended", span.earliest_end, span.latest_end)
    found: list[tuple[str, date, str]] = []
    start_day = span.latest_start if span.latest_start != LAST_DAY else span.earliest_start
    end_day = span.earliest_end
    if before is off and after is on:
        found.append(("began", start_day, began))
    elif before is off and after is maybe:
        found.append(("possibly began", start_day, f"{began} ({span.start_basis})"))
    elif before is maybe and after is on:
        found.append(("began", start_day, f"{began} ({span.start_basis})"))
    elif before is on and after is off:
        found.append(("ended", end_day, ended))
    elif before is on and after is maybe:
        found.append(("possibly ended", end_day, f"possibly ended ({span.end_basis})"))
    elif before is maybe and after is off:
        found.append(("ended", end_day, f"{ended} ({span.end_basis})"))
    elif before is off and after is off and inside(span.latest_start) and inside(span.earliest_end):
        found.append(("began and ended", start_day, f"{began}; {ended}"))
    announced = date.fromisoformat(data["endAnnounced"]) if data.get("endAnnounced") else None
    if inside(announced):
        found.append(("end announced", announced, f"end announced {announced}"))
    return found
