"""The network projection: the store, read through SPARQL, as a networkx graph.

``to_networkx`` returns a MultiDiGraph: one node per actor (label, French
label, type, IRI and, for a facility, its WGS84 ``latitude`` and
``longitude``) and one edge per qualified relationship, keyed by the
statement IRI, carrying its kind, dates with precision, status, evidence,
figures (``quantities``, each with what it counts) and sources. Two
relationships between the same actors stay two edges.

Each edge carries its four derived day bounds (``earliestStart`` ...,
``startBasis``, ``endBasis``, and in French ``startBasisFr``,
``endBasisFr``); the graph carries the dataset ``horizon``.
``as_of`` keeps the edges in effect that day by the one as-of rule
(``kg.temporal.certainty_on``), the possible ones too unless
``possible=False``, through a ``subgraph_view`` (``as_of_view``), and the
nodes those edges touch. Views, analysis and exports all start here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from itertools import islice, pairwise

import networkx as nx

from kg.derive import record_horizon
from kg.errors import EmptyGraph
from kg.resources import QUERIES_DIR
from kg.store import Store
from kg.temporal import FIRST_DAY, LAST_DAY, Bounds, Certainty, certainty_on
from kg.vocab import shorten

__all__ = [
    "EmptyGraph",
    "active_graph",
    "add_source",
    "as_of_view",
    "edge_bounds",
    "edge_certainty",
    "explained_paths",
    "figure_texts",
    "quantity_text",
    "statement_quantities",
    "statement_sources",
    "to_networkx",
]


def _select(store: Store, name: str, values: Iterable[str] = ()) -> list[dict]:
    """The rows of ``kg/queries/internal/<name>.rq`` as plain values; ``values``
    (variable name, then IRIs) limits its first variable to those IRIs."""
    if values:
        variable, *iris = values
        text = (QUERIES_DIR / "internal" / f"{name}.rq").read_text(encoding="utf-8")
        listed = " ".join(f"<{iri}>" for iri in iris if ">" not in iri)
        text = text.replace("WHERE {", f"WHERE {{\n  VALUES ?{variable} {{ {listed} }}", 1)
        result = store.select(text)
    else:
        result = store.select_internal(name)
    return [
        {k: (v.value if v is not None else None) for k, v in row.items()} for row in result.dicts()
    ]


@lru_cache(maxsize=65536)
def _day(text: str) -> date:
    return date.fromisoformat(text)


def edge_bounds(data: dict) -> Bounds:
    """An edge's four day bounds and their bases, as the derive step computed them."""
    return Bounds(
        _day(data["earliestStart"]),
        _day(data["latestStart"]),
        _day(data["earliestEnd"]),
        _day(data["latestEnd"]),
        data.get("startBasis") or "",
        data.get("endBasis") or "",
        data.get("startBasisFr") or "",
        data.get("endBasisFr") or "",
    )


def edge_certainty(data: dict, day: date) -> Certainty:
    """The as-of rule for one edge on ``day``."""
    return certainty_on(data["status"], edge_bounds(data), day)


def add_source(sources: dict[str, dict], row: dict) -> None:
    """Keep one entry per source (by ``row["source"]``): a report relayed from
    several outlets comes as one row per outlet, merged into ``quotedPublisher``
    ("A; B").

    >>> found = {}
    >>> for quoted in ("RTN", "AFP", None):
    ...     add_source(found, {"source": "s", "quotedPublisher": quoted})
    >>> found["s"]["quotedPublisher"]
    'AFP; RTN'
    """
    seen = sources.setdefault(row["source"], row)
    quoted = row["quotedPublisher"]
    if seen is not row and quoted:
        names = seen["quotedPublisher"].split("; ") if seen["quotedPublisher"] else []
        seen["quotedPublisher"] = "; ".join(sorted({*names, quoted}))


def statement_sources(
    store: Store, statements: Iterable[str] | None = None
) -> dict[str, list[dict]]:
    """Each statement's (and event's) sources, one entry per source; a report relayed from
    several outlets names them all in ``quotedPublisher`` ("A; B").

    ``statements`` (IRIs) limits the answer to those: one query either way,
    but a path's few hops do not read the sources of the whole record.
    """
    if statements is None:
        rows = _select(store, "statement-sources")
    else:
        wanted = sorted(set(statements))
        if not wanted:
            return {}
        rows = _select(store, "statement-sources", ["statement", *wanted])
    by_statement: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        statement = row.pop("statement")
        row["source"] = shorten(row["source"])
        add_source(by_statement[statement], row)
    return {
        statement: sorted(sources.values(), key=lambda s: (s["date"] or "", s["source"]))
        for statement, sources in by_statement.items()
    }


def _row_order(row: dict) -> tuple[str, tuple[str, ...]]:
    return row["statement"], tuple("" if value is None else value for value in row.values())


def statement_quantities(store: Store) -> dict[str, list[dict]]:
    """Each statement's figures (``kg:quantity``), smallest first: ``value``,
    ``approximate`` ("true" or "false") and ``unit`` (what it counts), as
    plain strings. A statement may have several (a contingent and a
    cumulative head count); each is kept, none is picked."""
    found: dict[str, list[dict]] = defaultdict(list)
    for row in _select(store, "quantities"):
        found[row.pop("statement")].append(row)
    return {
        statement: sorted(figures, key=lambda q: (float(q["value"]), q["unit"] or ""))
        for statement, figures in found.items()
    }


_ABOUT = {"en": "about ", "fr": "environ "}


def quantity_text(quantity: dict, language: str = "en") -> str:
    """A figure as a reader reads it, in English or French (digits grouped the
    language's way; what it counts is the data's words).

    >>> quantity_text({"value": "1100", "approximate": "true", "unit": "soldiers"})
    'about 1,100 soldiers'
    >>> quantity_text({"value": "1100.5", "approximate": "true", "unit": None}, "fr")
    'environ 1\u202f100,5'
    >>> quantity_text({"value": "2.5", "approximate": "false", "unit": None})
    '2.5'
    """
    value = float(quantity["value"])
    number = f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    if language == "fr":
        number = number.replace(",", "\u202f").replace(".", ",")
    about = _ABOUT[language] if quantity.get("approximate") in ("true", "1") else ""
    return f"{about}{number} {quantity.get('unit') or ''}".strip()


def figure_texts(quantities: list[dict]) -> dict[str, list[str]]:
    """A relationship's figures in words as the pages show them: ``figures``
    in English, ``figuresFr`` in French."""
    return {
        "figures": [quantity_text(q) for q in quantities],
        "figuresFr": [quantity_text(q, "fr") for q in quantities],
    }


def to_networkx(
    store: Store,
    as_of: date | None = None,
    kinds: Iterable[str] | None = None,
    *,
    possible: bool = True,
    sources: dict[str, list[dict]] | None = None,
) -> nx.MultiDiGraph:
    """Project the store into a MultiDiGraph, optionally as it stood on ``as_of``.

    ``kinds`` limits edges to relationship kinds such as ``{"Membership"}``;
    ``possible=False`` keeps only the edges certainly in effect on ``as_of``.
    Nodes are IRIs; node and edge attributes are plain strings (or None),
    but for a node's ``latitude`` and ``longitude``, which are numbers.
    """
    graph = nx.MultiDiGraph()
    horizon = record_horizon(store)
    graph.graph["horizon"] = horizon.isoformat() if horizon else None
    # Nodes and edges in IRI order, whatever order the backend returns rows in:
    # paths, layouts and the views then come out the same on every backend.
    for row in sorted(_select(store, "actors"), key=lambda row: row["actor"]):
        iri = row["actor"]
        graph.add_node(
            iri,
            iri=iri,
            id=shorten(iri),
            label=row["label"] or shorten(iri),
            label_fr=row["labelFr"],
            type=row["type"],
            latitude=float(row["latitude"]) if row["latitude"] else None,
            longitude=float(row["longitude"]) if row["longitude"] else None,
        )
    if sources is None:
        sources = statement_sources(store)
    wanted = set(kinds) if kinds is not None else None
    quantities = statement_quantities(store)
    for row in sorted(_select(store, "relationships"), key=_row_order):
        if wanted is not None and row["kind"] not in wanted:
            continue
        statement = row.pop("statement")
        for end in (row["from"], row["to"]):
            if end not in graph:  # an end typed only in extra data, still an actor
                graph.add_node(
                    end, iri=end, id=shorten(end), label=shorten(end), label_fr=None, type="Actor"
                )
        graph.add_edge(
            row.pop("from"),
            row.pop("to"),
            key=statement,
            statement=statement,
            id=shorten(statement),
            sources=sources.get(statement, []),
            quantities=quantities.get(statement, []),
            **row,
        )
    return graph if as_of is None else as_of_view(graph, as_of, possible=possible)


def as_of_view(graph: nx.MultiDiGraph, as_of: date, *, possible: bool = True) -> nx.MultiDiGraph:
    """A read-only view of ``graph``: the edges in effect on ``as_of`` by the
    as-of rule (certainly, or also possibly), and the nodes they touch."""
    wanted = {Certainty.CERTAIN, Certainty.POSSIBLE} if possible else {Certainty.CERTAIN}
    active = nx.subgraph_view(
        graph,
        filter_edge=lambda u, v, k: edge_certainty(graph.edges[u, v, k], as_of) in wanted,
    )
    touched = {n for edge in active.edges() for n in edge}
    return nx.subgraph_view(active, filter_node=touched.__contains__)


def active_graph(graph: nx.MultiDiGraph, as_of: date, *, possible: bool = True) -> nx.MultiDiGraph:
    """``as_of_view(graph, as_of)``, refusing an empty answer.

    Raises EmptyGraph naming the span of days the graph's relationships
    cover, so a user who typed 1990 learns where the data starts.
    """
    view = as_of_view(graph, as_of, possible=possible)
    if view.number_of_edges():
        return view
    days = [
        day
        for *_, data in graph.edges(data=True)
        for day in (edge_bounds(data).earliest_start, edge_bounds(data).latest_end)
        if day not in (FIRST_DAY, LAST_DAY)
    ]
    span = f"; its relationships run from {min(days)} to {max(days)}" if days else ""
    certainly = "" if possible else " certainly"
    raise EmptyGraph(f"no relationship was{certainly} in effect on {as_of}{span}")


def explained_paths(
    graph: nx.MultiDiGraph, source: str, target: str, limit: int = 5
) -> list[list[dict]]:
    """Shortest paths between two actors, ignoring edge direction, each hop explained.

    Each path is a list of hops; a hop is the edge's attributes plus ``from``
    and ``to`` (as stored) and ``from_label`` / ``to_label``. Where two actors
    are linked by several relationships, each is its own alternative path.
    Returns ``[]`` when no path exists. Raises ``nx.NodeNotFound`` for an
    actor not in the graph.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A"); g.add_node("b", label="B"); g.add_node("c", label="C")
    >>> g.add_edge("a", "b", key="s1", kind="Membership")
    's1'
    >>> g.add_edge("c", "b", key="s2", kind="Deployment")
    's2'
    >>> [[hop["kind"] for hop in path] for path in explained_paths(g, "a", "c")]
    [['Membership', 'Deployment']]
    """
    # A simple undirected graph filled in the graph's own node and edge order,
    # so the paths (and which five are kept) are the same on every run; the
    # portable explorer's view-model.js walks the same order.
    undirected = nx.Graph()
    undirected.add_nodes_from(graph)
    undirected.add_edges_from(graph.edges())
    try:
        node_paths = list(islice(nx.all_shortest_paths(undirected, source, target), limit))
    except nx.NetworkXNoPath:
        return []
    # Each route (a sequence of actors) is one or more paths, one per choice of
    # relationship at each hop. The routes take turns, so parallel statements on
    # one route never crowd another route out of the ``limit`` kept.
    routes: list[list[list[dict]]] = []
    for nodes in node_paths:
        options: list[list[dict]] = [[]]
        for a, b in pairwise(nodes):
            hops = [_hop(graph, a, b, k) for k in graph.get_edge_data(a, b, default={})]
            hops += [_hop(graph, b, a, k) for k in graph.get_edge_data(b, a, default={})]
            options = [[*path, hop] for path in options for hop in hops]
        routes.append(options)
    explained: list[list[dict]] = []
    for rank in range(max((len(options) for options in routes), default=0)):
        explained += [options[rank] for options in routes if rank < len(options)]
    return explained[:limit]


def _hop(graph: nx.MultiDiGraph, u: str, v: str, key: str) -> dict:
    return {
        **graph.edges[u, v, key],
        "from": u,
        "to": v,
        "from_label": graph.nodes[u].get("label", u),
        "to_label": graph.nodes[v].get("label", v),
    }
