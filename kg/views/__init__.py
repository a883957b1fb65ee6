"""Views: what a picture shows, as a view model built from a networkx graph.

A view model is plain JSON: ``nodes`` (id, label, type, IRI, and positions for
large graphs) and ``edges`` (kind, status, dates with precision, sources, and
the four derived bounds as day numbers since 1970-01-01, ``earliestStartDay``
... ``latestEndDay``, with ``startBasis`` / ``endBasis`` saying what they rest
on (in French: ``startBasisFr`` / ``endBasisFr``), so the page's time slider
applies the as-of rule, ``kgCertainty`` in ``assets/certainty.js``, without
parsing dates), plus the styles, the data's
time span, the dataset horizon and the day the view opens at.

Each edge also carries a ``caption`` (its kind in words and its dates, the
label path views draw). How a model looks and the page that draws it are
``kg.views.drawing``'s; ``kg view``, the server's /view pages and the portable
explorer all draw through it.

The four views (``overview``, ``ego``, ``path``, ``construct``) read the
store through ``kg.network.to_networkx`` or a CONSTRUCT query.

The views stage is this package: the network view models here, and

- ``kg.views.drawing``: how a model looks (vis-network items) and the page
  templates and helpers every page shares;
- ``kg.views.reader``: the reader page, a view's network, timeline and map on
  one date cursor;
- ``kg.views.timeline`` and ``kg.views.timeline_page``: the timeline model and
  its page;
- ``kg.views.map_model`` and ``kg.views.map_page``: the map model (places,
  dated events, forces' presences) and its page;
- ``kg.views.factsheet`` and ``kg.views.factsheet_page``: the fact sheets of
  the entity pages and one sheet's page.
"""

from __future__ import annotations

import gc
import math
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import ModuleType

import networkx as nx
from pyoxigraph import Literal, NamedNode, Triple

from kg.entities import EntityIndex
from kg.errors import BadParameter, NoPath, QueryError, ResultTooLarge
from kg.network import explained_paths, figure_texts, to_networkx
from kg.query import NamedQuery, run
from kg.store import Store
from kg.styles import KIND_PALETTE, KIND_STYLES, TYPE_PALETTE, TYPE_STYLES
from kg.temporal import ACTIVE_STATUSES, FIRST_DAY, LAST_DAY, written_to_precision
from kg.vocab import shorten

__all__ = [
    "LARGE_GRAPH",
    "construct",
    "day_number",
    "default_output",
    "ego",
    "overview",
    "path",
    "view_model",
]

EPOCH = date(1970, 1, 1)
LARGE_GRAPH = 1000
"""Above this many nodes, edges are drawn straight and labels are not kept apart."""
LARGE_ITERATIONS = 300
"""Fruchterman-Reingold iterations for graphs above LARGE_GRAPH (igraph's default: 500)."""


def day_number(text: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date, or None.

    >>> day_number("1970-01-02"), day_number("2023-09-16"), day_number(None)
    (1, 19616, None)
    """
    return (date.fromisoformat(text) - EPOCH).days if text else None


# The four derived bounds of an edge, as the page reads them.
_BOUND_FIELDS = {
    "earliestStartDay": "earliestStart",
    "latestStartDay": "latestStart",
    "earliestEndDay": "earliestEnd",
    "latestEndDay": "latestEnd",
}
_UNBOUNDED = {day_number(FIRST_DAY.isoformat()), day_number(LAST_DAY.isoformat())}


# The fields a relationship carries into a view model (each None where unstated).
EDGE_FIELDS = (
    "kind",
    "status",
    "corroboration",
    "independentReports",
    "start",
    "startPrecision",
    "end",
    "endPrecision",
    "attested",
    "attestedPrecision",
    "endAnnounced",
    "endAnnouncedPrecision",
    "evidence",
    "startBasis",
    "endBasis",
    "startBasisFr",
    "endBasisFr",
)


_DATE_WORDS = {
    "en": {"attested": "attested", "announced": "end announced", "open": "open"},
    "fr": {"attested": "attesté", "announced": "fin annoncée", "open": "ouvert"},
}


def date_line(edge: dict, language: str = "en") -> str:
    """A relationship's dates as a reader reads them, each to its precision: its
    start (else the day it is first attested), then its end, else an announced
    end, else "open"; empty when nothing is dated.

    >>> date_line({"start": "2023-07-26", "startPrecision": "day"})
    '2023-07-26 – open'
    >>> date_line({"attested": "2024-04-01", "attestedPrecision": "month",
    ...            "end": "2025-01-29", "endPrecision": "day"}, "fr")
    'attesté 2024-04 – 2025-01-29'
    >>> date_line({"start": "2017-01-01", "startPrecision": "year",
    ...            "endAnnounced": "2023-07-01", "endAnnouncedPrecision": "month"})
    '2017 – end announced 2023-07'
    """
    words = _DATE_WORDS[language]
    start = edge.get("start")
    begun = written_to_precision(start, edge.get("startPrecision")) if start else None
    if not begun and edge.get("attested"):
        attested = written_to_precision(edge["attested"], edge.get("attestedPrecision"))
        begun = f"{words['attested']} {attested}"
    if not begun:
        return ""
    end, announced = edge.get("end"), edge.get("endAnnounced")
    if end:
        ended = written_to_precision(end, edge.get("endPrecision"))
    elif announced:
        announced_day = written_to_precision(announced, edge.get("endAnnouncedPrecision"))
        ended = f"{words['announced']} {announced_day}"
    else:
        ended = words["open"]
    return f"{begun} – {ended}"


def caption(edge: dict, dates: str | None = None, language: str = "en") -> str:
    r"""A relationship's kind in words and its dates (``dates``: its date line,
    when already written), in English or French, as a path view labels it.

    >>> caption({"kind": "HeadOfState", "start": "2023-07-26", "startPrecision": "day"})
    'head of state\n2023-07-26 – open'
    >>> caption({"kind": "Membership", "attested": "2024-04-01"}, language="fr")
    'adhésion\nattesté 2024-04-01 – ouvert'
    >>> caption({"kind": "Membership"})
    'membership'
    """
    kind = edge.get("kind") or ""
    style = KIND_STYLES.get(kind, {})
    words = (style.get("labelFr") if language == "fr" else None) or style.get("label") or kind
    dates = date_line(edge, language) if dates is None else dates
    return f"{words}\n{dates}" if dates else words


def edge_model(key: str, u: str, v: str, data: dict) -> dict:
    """One relationship as the pages read it: its fields, caption (English and
    French), dates in words
    (``date_line``), figures in words (``figure_texts``), ends, the four derived
    bounds as day numbers and its sources (a network edge's attributes)."""
    edge = {name: data.get(name) for name in EDGE_FIELDS}
    dates, dates_fr = date_line(data), date_line(data, "fr")
    edge.update(
        caption=caption(data, dates),
        captionFr=caption(data, dates_fr, "fr"),
        dates=dates,
        datesFr=dates_fr,
        **figure_texts(data.get("quantities") or []),
        id=key,
        shortId=data.get("id") or shorten(key),
        iri=data.get("statement") or key,
        **{"from": u, "to": v},
        **{name: day_number(data.get(field)) for name, field in _BOUND_FIELDS.items()},
        sources=list(data.get("sources") or []),
    )
    return edge


def _styles(values: Iterable[str], fixed: dict[str, dict], palette: list[dict]) -> dict[str, dict]:
    """The fixed styles of the values that have one, then the others, sorted, on
    the palette's slots in turn."""
    extra = sorted(set(values) - set(fixed))
    styles = {value: dict(palette[i % len(palette)]) for i, value in enumerate(extra)}
    return {**{k: v for k, v in fixed.items() if k in set(values)}, **styles}


def _curve_parallel(edges: list[dict]) -> None:
    """Give edges between the same two actors distinct curves, so each shows."""
    by_pair: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for edge in edges:
        u, v = edge["from"], edge["to"]
        by_pair[(u, v) if u <= v else (v, u)].append(edge)
    for group in by_pair.values():
        if len(group) == 1:
            continue
        for i, edge in enumerate(group):
            rank = i // 2 + 1 if len(group) % 2 == 0 else (i + 1) // 2
            if rank == 0:
                continue
            clockwise = (i % 2 == 0) == (edge["from"] < edge["to"])
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": min(0.15 * rank, 0.9),
            }


def igraph_module() -> ModuleType:
    """igraph, imported without its plotting: igraph imports matplotlib.pyplot
    when it can (0.6 s here, a sixth of writing a 10,000-actor view), for
    drawing this package never asks it for. Where matplotlib is already
    imported (the partners chart), igraph finds it as usual."""
    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph

        return igraph
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # so igraph finds none
    try:
        import igraph
    finally:
        del sys.modules["matplotlib"]
    return igraph


def layout_positions(
    graph: nx.MultiDiGraph, spacing: float = 120.0, seed_value: int = 0
) -> dict[str, list[float]]:
    """Positions from igraph's grid Fruchterman-Reingold, scaled to ``spacing`` per node.

    Deterministic: the start is a pseudo-random spread from ``seed_value``, and
    igraph's own random numbers come from a generator seeded with it. Above LARGE_GRAPH
    nodes, 300 iterations instead of igraph's 500: at 10,000 nodes that halves
    the time and the picture is the same (benchmarks/results/views.md).
    """
    igraph = igraph_module()
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in graph.edges() if u != v}
    ig = igraph.Graph(n=len(nodes), edges=sorted(pairs))
    rng = random.Random(seed_value)
    side = math.sqrt(len(nodes))
    # igraph's own start spread: wider or narrower makes the grid variant far slower.
    seed = [[rng.uniform(-side / 2, side / 2), rng.uniform(-side / 2, side / 2)] for _ in nodes]
    niter = LARGE_ITERATIONS if len(nodes) > LARGE_GRAPH else 500
    # igraph draws its random numbers from Python's `random` module unless told
    # otherwise: a generator of its own keeps the layout the same on every run.
    igraph.set_random_number_generator(random.Random(seed_value))
    try:
        coords = ig.layout_fruchterman_reingold(seed=seed, grid=True, niter=niter).coords
    finally:
        igraph.set_random_number_generator(random)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    width = (max(xs) - min(xs)) or 1.0
    height = (max(ys) - min(ys)) or 1.0
    scale = spacing * side / max(width, height)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        n: [round((x - cx) * scale, 1), round((y - cy) * scale, 1)]
        for n, (x, y) in zip(nodes, coords, strict=True)
    }


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a model: at 30,000
    edges its passes over the (acyclic) new dicts cost more than the building."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def view_model(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    kind: str = "overview",
    as_of: date | None = None,
    paths: list[list[str]] | None = None,
    focus: str | None = None,
    names: dict[str, list[str]] | None = None,
) -> dict:
    """Turn a network graph (kg.network.to_networkx's shape) into a view model.

    ``as_of`` is the day the page opens at; ``paths`` lists explained paths as
    lists of edge keys; ``focus`` is a node to select on opening; ``names``
    gives each node the (normalised) names the page's search also matches.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A", type="State"); g.add_node("b", label="B", type="State")
    >>> g.add_edge("a", "b", key="s", kind="Membership", status="Confirmed",
    ...            earliestStart="2023-09-16", latestStart="2023-09-16",
    ...            earliestEnd="2025-12-26", latestEnd="9999-12-31")
    's'
    >>> model = view_model(g, title="t")
    >>> [(e["latestStartDay"], e["earliestEndDay"]) for e in model["edges"]], model["span"]
    ([(19616, 20448)], {'min': 19616, 'max': 20448})
    """
    with _collector_paused():
        return _view_model(graph, title, kind, as_of, paths, focus, names)


def _view_model(
    graph: nx.MultiDiGraph,
    title: str,
    kind: str,
    as_of: date | None,
    paths: list[list[str]] | None,
    focus: str | None,
    names: dict[str, list[str]] | None,
) -> dict:
    nodes = []
    for node, data in graph.nodes(data=True):
        nodes.append(
            {
                "id": node,
                "iri": data.get("iri") or node,
                "shortId": data.get("id") or shorten(node),
                "label": data.get("label") or shorten(node),
                "labelFr": data.get("label_fr"),
                "type": data.get("type") or "Actor",
                "names": (names or {}).get(node, []),
            }
        )
    edges = [edge_model(k, u, v, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    _curve_parallel(edges)
    large = len(nodes) > LARGE_GRAPH
    positions = layout_positions(graph)
    for node in nodes:
        node["x"], node["y"] = positions[node["id"]]
    bounds = (e[name] for e in edges for name in _BOUND_FIELDS)
    days = [d for d in bounds if d is not None and d not in _UNBOUNDED]
    days += [day_number(e["endAnnounced"]) for e in edges if e.get("endAnnounced")]
    horizon = graph.graph.get("horizon")
    if as_of is not None:
        days.append((as_of - EPOCH).days)
    type_counts = Counter(n["type"] for n in nodes)
    kind_counts = Counter(e["kind"] or "" for e in edges)
    return {
        "title": title,
        "view": kind,
        "asOf": (as_of - EPOCH).days if as_of else None,
        "span": {"min": min(days), "max": max(days)} if days else None,
        "horizon": horizon,
        "activeStatuses": sorted(ACTIVE_STATUSES),
        "large": large,
        "focus": focus,
        "paths": paths or [],
        "types": {
            t: {**s, "count": type_counts[t]}
            for t, s in _styles(type_counts, TYPE_STYLES, TYPE_PALETTE).items()
        },
        "kinds": {
            k: {**s, "count": kind_counts[k]}
            for k, s in _styles(kind_counts, KIND_STYLES, KIND_PALETTE).items()
        },
        "nodes": nodes,
        "edges": edges,
    }


# --- the four views -------------------------------------------------------


def _names(index: EntityIndex) -> dict[str, list[str]]:
    """Every name of each entity, normalised as kg.entities matches them."""
    names: dict[str, list[str]] = defaultdict(list)
    for name, iris in index.by_name.items():
        for iri in iris:
            names[iri].append(name)
    return {iri: sorted(found) for iri, found in names.items()}


OVERVIEW_ACTORS = 2000
"""Above this many actors the overview is a summary: the most connected ones and
the relationships among them (a 1M-triple graph's whole overview was a 72 MiB
page); any other actor is one ``kg view ego NAME`` away."""

OVERVIEW_RELATIONSHIPS = 5000
"""A summary also stops adding actors before the relationships among them pass
this many (the 2,000 best-connected actors of a 1M-triple graph had 34,754
between them: a 99 MiB page, its network and timeline 2.5 KB a relationship)."""


def overview(
    store: Store,
    as_of: date | None = None,
    *,
    graph: nx.MultiDiGraph | None = None,
    most: int = OVERVIEW_ACTORS,
    most_relationships: int = OVERVIEW_RELATIONSHIPS,
) -> dict:
    """Every actor and relationship, or above ``most`` actors or
    ``most_relationships`` relationships a summary: the best-connected actors,
    as many as keep to both bounds, and the relationships among them
    (``summary`` says how many of how many, and so does the title); the page
    opens at ``as_of`` if given (``graph``: ``to_networkx(store)``, where the
    caller has it)."""
    when = f" as of {as_of.isoformat()}" if as_of else ""
    names = _names(EntityIndex.of(store))
    if graph is None:
        graph = to_networkx(store)
    actors = graph.number_of_nodes()
    if actors <= most and graph.number_of_edges() <= most_relationships:
        title = "Sahel KG: overview" + when
        return view_model(graph, title=title, kind="overview", as_of=as_of, names=names)
    kept = best_connected(graph, most, most_relationships)
    shown = len(kept)
    title = f"Sahel KG: overview{when}, the {shown:,} best-connected of {actors:,} actors"
    model = view_model(
        _with_all_edges(graph, kept), title=title, kind="overview", as_of=as_of, names=names
    )
    model["summary"] = {"shown": shown, "actors": actors}
    return model


def best_connected(graph: nx.MultiDiGraph, most: int, most_relationships: int) -> list[str]:
    """The actors of ``graph`` by number of relationships (then IRI), taken
    while there are at most ``most`` of them and at most ``most_relationships``
    relationships among them."""
    degree = graph.degree()
    kept: list[str] = []
    chosen: set[str] = set()
    among = 0
    for node in sorted(graph.nodes, key=lambda node: (-degree[node], node)):
        if len(kept) == most:
            break
        joining = sum(
            len(graph[node][other]) for other in graph.successors(node) if other in chosen
        ) + sum(len(graph[other][node]) for other in graph.predecessors(node) if other in chosen)
        joining += len(graph[node][node]) if graph.has_edge(node, node) else 0
        if among + joining > most_relationships:
            break
        kept.append(node)
        chosen.add(node)
        among += joining
    return kept


def _with_all_edges(full: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph of ``full`` on ``nodes`` with every edge among them, whatever its
    dates, so the page's slider can move away from the day the nodes were chosen at.

    Built in ``full``'s own node and edge order (networkx's subgraph views walk
    a set, whose order changes from run to run), so parallel edges get the same
    curves on every run and in the portable explorer."""
    keep = set(nodes)
    graph = nx.MultiDiGraph(**full.graph)
    graph.add_nodes_from((n, d) for n, d in full.nodes(data=True) if n in keep)
    graph.add_edges_from(
        (u, v, k, d) for u, v, k, d in full.edges(keys=True, data=True) if u in keep and v in keep
    )
    return graph


def ego(
    store: Store,
    entity: str,
    depth: int = 1,
    as_of: date | None = None,
    *,
    graph: nx.MultiDiGraph | None = None,
) -> dict:
    """An actor and everything within ``depth`` relationships of it (in either
    direction), chosen in the graph as it stood on ``as_of`` if given
    (``graph``: ``to_networkx(store)``, where the caller has it)."""
    if depth < 1:
        raise BadParameter(f"--depth {depth}: give 1 or more")
    index = EntityIndex.of(store)
    centre = index.resolve(entity).value
    full = graph if graph is not None else to_networkx(store)
    if centre not in full:
        raise BadParameter(f"{entity!r} ({shorten(centre)}) is not an actor in the network")
    chosen = to_networkx(store, as_of=as_of) if as_of else full
    if centre in chosen:
        near = nx.ego_graph(chosen.to_undirected(as_view=True), centre, radius=depth).nodes
    else:
        near = [centre]
    label = full.nodes[centre].get("label", centre)
    title = f"Sahel KG: {label} and its neighbours (depth {depth})" + (
        f" as of {as_of.isoformat()}" if as_of else ""
    )
    graph = _with_all_edges(full, near)
    return view_model(
        graph, title=title, kind="ego", as_of=as_of, focus=centre, names=_names(index)
    )


def path_times(hops: list[dict], active: Iterable[str] = ACTIVE_STATUSES) -> dict:
    """When every hop of a path may have held at once, and when all certainly did,
    as day numbers (a span's first day and the day after it, ``None`` for a side
    the record leaves open), from the edges' four bounds; ``None`` for a span that
    never was. A hop never in effect (announced or denied) leaves both ``None``:
    the chain never existed at any one moment.

    >>> a = {"status": "Confirmed", "earliestStartDay": 0, "latestStartDay": 10,
    ...      "earliestEndDay": 50, "latestEndDay": 60}
    >>> b = {"status": "Reported", "earliestStartDay": 40, "latestStartDay": 40,
    ...      "earliestEndDay": 90, "latestEndDay": 90}
    >>> path_times([a, b])
    {'possible': [40, 60], 'certain': [40, 50]}
    >>> path_times([a, {**b, "earliestStartDay": 60, "latestStartDay": 60}])
    {'possible': None, 'certain': None}
    """
    statuses = set(active)
    if any(hop.get("status") not in statuses for hop in hops):
        return {"possible": None, "certain": None}

    def span(first: str, after: str) -> list[int] | None:
        start, end = max(h[first] for h in hops), min(h[after] for h in hops)
        if start >= end:
            return None
        return [None if start in _UNBOUNDED else start, None if end in _UNBOUNDED else end]

    return {
        "possible": span("earliestStartDay", "latestEndDay"),
        "certain": span("latestStartDay", "earliestEndDay"),
    }


def path(store: Store, a: str, b: str, as_of: date | None = None) -> dict:
    """The shortest explained paths between two actors, each hop an edge with its
    relationship, dates and sources."""
    index = EntityIndex.of(store)
    source, target = index.resolve(a).value, index.resolve(b).value
    if source == target:
        raise BadParameter(f"{a!r} and {b!r} name the same actor: give two")
    graph = to_networkx(store, as_of=as_of)
    try:
        found = explained_paths(graph, source, target)
    except nx.NodeNotFound:
        found = []
    when = f" as of {as_of.isoformat()}" if as_of else ""
    if not found:
        raise NoPath(f"no path links {a!r} and {b!r}{when}")
    drawn = nx.MultiDiGraph(**graph.graph)
    for hop in (h for p in found for h in p):
        for end in (hop["from"], hop["to"]):
            drawn.add_node(end, **graph.nodes[end])
        data = {k: v for k, v in hop.items() if k not in {"from", "to", "from_label", "to_label"}}
        drawn.add_edge(hop["from"], hop["to"], key=hop["statement"], **data)
    labels = [graph.nodes[n].get("label", n) for n in (source, target)]
    title = f"Sahel KG: {labels[0]} to {labels[1]}{when}"
    paths = [[hop["statement"] for hop in p] for p in found]
    model = view_model(
        drawn, title=title, kind="path", as_of=as_of, paths=paths, names=_names(index)
    )
    edges = {edge["id"]: edge for edge in model["edges"]}
    model["pathTimes"] = [path_times([edges[key] for key in keys]) for keys in paths]
    model["ends"] = [source, target]
    return model


def _term_node(term, labels: dict[str, str], actors: nx.MultiDiGraph) -> tuple[str, dict]:
    if isinstance(term, NamedNode):
        iri = term.value
        data = dict(actors.nodes[iri]) if iri in actors else {}
        return iri, {
            "iri": iri,
            "id": shorten(iri),
            "label": data.get("label") or labels.get(iri) or shorten(iri),
            "label_fr": data.get("label_fr"),
            "type": data.get("type") or "Resource",
        }
    if isinstance(term, Literal):
        key = str(term)
        return key, {"iri": key, "id": key, "label": term.value, "type": "Literal"}
    key = str(term)
    return key, {"iri": key, "id": key, "label": key, "type": "BlankNode"}


def construct(
    store: Store, query: NamedQuery, as_of: date | None = None, limit: int | None = None
) -> dict:
    """The triples a CONSTRUCT query returns, drawn as a network: subjects and
    objects as nodes, predicates as edges. ``as_of`` runs the query at that day
    (it needs a ``# as-of: ?var`` line); more than ``limit`` triples is an error."""
    result = run(store, query, as_of=as_of)
    if not isinstance(result, list):
        raise QueryError(f"{query.path}: a view needs a CONSTRUCT query, not SELECT or ASK")
    if limit is not None and len(result) > limit:
        raise ResultTooLarge(
            f"the query gives {len(result)} triples, more than {limit} (the server's --max-rows)"
        )
    index = EntityIndex.of(store)
    labels = index.labels
    actors = to_networkx(store)
    graph = nx.MultiDiGraph()
    triple: Triple
    for triple in result:
        ends = []
        for term in (triple.subject, triple.object):
            key, data = _term_node(term, labels, actors)
            graph.add_node(key, **data)
            ends.append(key)
        predicate = triple.predicate.value
        graph.add_edge(ends[0], ends[1], key=str(triple), kind=shorten(predicate), id=str(triple))
    when = f" as of {as_of.isoformat()}" if as_of else ""
    title = f"Sahel KG: {query.name}{when}"
    return view_model(graph, title=title, kind="query", names=_names(index))


def default_output(kind: str, *names: str, as_of: date | None = None) -> Path:
    """``build/views/<kind>[-<names>][-<as-of>].html`` under the current folder."""
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-") for n in names if n)
    parts = [kind, slug, as_of.isoformat() if as_of else ""]
    return Path("build") / "views" / ("-".join(p for p in parts if p) + ".html")
