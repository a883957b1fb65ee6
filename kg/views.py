"""Views: a networkx graph as a view model, and the one page that draws any view model.

A view model is plain JSON: ``nodes`` (id, label, type, IRI, and positions for
large graphs) and ``edges`` (kind, status, dates with precision, sources, and
the four derived bounds as day numbers since 1970-01-01, ``earliestStartDay``
... ``latestEndDay``, with ``startBasis`` / ``endBasis`` saying what they rest
on, so the page's time slider applies the as-of rule, ``kgCertainty`` in
``assets/certainty.js``, without parsing dates), plus the styles, the data's
time span, the dataset horizon and the day the view opens at.

``render_html`` pours a model into ``assets/view.html`` with ``assets/view.js``
and the vendored vis-network inlined, so the page works from disk with no
network; everything from the data travels as JSON and is put on the page as
text, never as markup. The server's query page and the portable explorer
reuse the same model, template and script.

The four views (``overview``, ``ego``, ``path``, ``construct``) read the
store through ``kg.network.to_networkx`` or a CONSTRUCT query.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import html
import json
import math
import random
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from pyoxigraph import Literal, NamedNode, Triple

from kg.entities import EntityIndex
from kg.errors import BadParameter, NoPath, QueryError, ResultTooLarge
from kg.network import explained_paths, to_networkx
from kg.query import NamedQuery, run
from kg.store import Store
from kg.styles import KIND_STYLES, TYPE_STYLES
from kg.temporal import ACTIVE_STATUSES, FIRST_DAY, LAST_DAY, PartialDate
from kg.vocab import shorten

__all__ = [
    "LARGE_GRAPH",
    "construct",
    "day_number",
    "default_output",
    "ego",
    "notebook",
    "overview",
    "path",
    "render_html",
    "view_model",
    "write_html",
]

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
VIS_NETWORK = ASSETS_DIR / "vendor" / "vis-network" / "vis-network.min.js"
EPOCH = date(1970, 1, 1)
LARGE_GRAPH = 1000
"""Above this many nodes, positions come from igraph and physics stays off."""
LARGE_ITERATIONS = 300
"""Fruchterman-Reingold iterations for graphs above LARGE_GRAPH (igraph's default: 500)."""

_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"]
_SHAPES = ["dot", "box", "ellipse", "diamond", "square", "triangle", "hexagon"]


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


_EDGE_FIELDS = (
    "kind",
    "status",
    "start",
    "startPrecision",
    "end",
    "endPrecision",
    "attested",
    "attestedPrecision",
    "endAnnounced",
    "evidence",
    "size",
    "approximate",
    "startBasis",
    "endBasis",
)


def _edge_model(key: str, u: str, v: str, data: dict) -> dict:
    edge = {name: data.get(name) for name in _EDGE_FIELDS}
    edge.update(
        id=key,
        shortId=data.get("id") or shorten(key),
        iri=data.get("statement") or key,
        **{"from": u, "to": v},
        **{name: day_number(data.get(field)) for name, field in _BOUND_FIELDS.items()},
        sources=list(data.get("sources") or []),
    )
    return edge


def _styles(values: Iterable[str], fixed: dict[str, dict], kind: str) -> dict[str, dict]:
    styles: dict[str, dict] = {}
    for i, value in enumerate(sorted(set(values) - set(fixed))):
        if kind == "type":
            styles[value] = {"color": _PALETTE[i % 7], "shape": _SHAPES[(i // 7) % 7]}
        else:
            styles[value] = {"color": _PALETTE[i % 7], "dashes": [4 + 2 * (i // 7), 3]}
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


def layout_positions(graph: nx.MultiDiGraph, spacing: float = 120.0) -> dict[str, list[float]]:
    """Positions from igraph's grid Fruchterman-Reingold, scaled to ``spacing`` per node.

    Deterministic: the start is a fixed pseudo-random spread. Above LARGE_GRAPH
    nodes, 300 iterations instead of igraph's 500: at 10,000 nodes that halves
    the time and the picture is the same (benchmarks/results/views.md).
    """
    import igraph

    nodes = list(graph.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in graph.edges() if u != v}
    ig = igraph.Graph(n=len(nodes), edges=sorted(pairs))
    rng = random.Random(0)
    side = math.sqrt(len(nodes))
    # igraph's own start spread: wider or narrower makes the grid variant far slower.
    seed = [[rng.uniform(-side / 2, side / 2), rng.uniform(-side / 2, side / 2)] for _ in nodes]
    niter = LARGE_ITERATIONS if len(nodes) > LARGE_GRAPH else 500
    coords = ig.layout_fruchterman_reingold(seed=seed, grid=True, niter=niter).coords
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
    edges = [_edge_model(k, u, v, d) for u, v, k, d in graph.edges(keys=True, data=True)]
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
        "physics": not large,
        "focus": focus,
        "paths": paths or [],
        "types": {
            t: {**s, "count": type_counts[t]}
            for t, s in _styles(type_counts, TYPE_STYLES, "type").items()
        },
        "kinds": {
            k: {**s, "count": kind_counts[k]}
            for k, s in _styles(kind_counts, KIND_STYLES, "kind").items()
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


def overview(store: Store, as_of: date | None = None) -> dict:
    """Every actor and relationship; the page opens at ``as_of`` if given."""
    title = "Sahel KG: overview" + (f" as of {as_of.isoformat()}" if as_of else "")
    names = _names(EntityIndex.of(store))
    return view_model(to_networkx(store), title=title, kind="overview", as_of=as_of, names=names)


def _with_all_edges(full: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph of ``full`` on ``nodes`` with every edge among them, whatever its
    dates, so the page's slider can move away from the day the nodes were chosen at."""
    return full.subgraph(nodes)


def ego(store: Store, entity: str, depth: int = 1, as_of: date | None = None) -> dict:
    """An actor and everything within ``depth`` relationships of it (in either
    direction), chosen in the graph as it stood on ``as_of`` if given."""
    if depth < 1:
        raise BadParameter(f"--depth {depth}: give 1 or more")
    index = EntityIndex.of(store)
    centre = index.resolve(entity).value
    full = to_networkx(store)
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


def path(store: Store, a: str, b: str, as_of: date | None = None) -> dict:
    """The shortest explained paths between two actors, each hop an edge with its
    relationship, dates and sources."""
    index = EntityIndex.of(store)
    source, target = index.resolve(a).value, index.resolve(b).value
    graph = to_networkx(store, as_of=as_of)
    try:
        found = explained_paths(graph, source, target)
    except nx.NodeNotFound:
        found = []
    when = f" as of {as_of.isoformat()}" if as_of else ""
    if not found:
        raise NoPath(f"no path links {a!r} and {b!r}{when}")
    drawn = nx.MultiDiGraph()
    for hop in (h for p in found for h in p):
        for end in (hop["from"], hop["to"]):
            drawn.add_node(end, **graph.nodes[end])
        data = {k: v for k, v in hop.items() if k not in {"from", "to", "from_label", "to_label"}}
        drawn.add_edge(hop["from"], hop["to"], key=hop["statement"], **data)
    labels = [graph.nodes[n].get("label", n) for n in (source, target)]
    title = f"Sahel KG: {labels[0]} to {labels[1]}{when}"
    paths = [[hop["statement"] for hop in p] for p in found]
    return view_model(
        drawn, title=title, kind="path", as_of=as_of, paths=paths, names=_names(index)
    )


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
    store: Store, query: NamedQuery, as_of: PartialDate | None = None, limit: int | None = None
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
    when = f" as of {as_of}" if as_of else ""
    title = f"Sahel KG: {query.name}{when}"
    return view_model(graph, title=title, kind="query", names=_names(index))


# --- the page -------------------------------------------------------------


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: ASCII only (so no U+2028 either), and
    no '<', '>' or '&' survive literally. (ASCII output is also the encoder's
    fast path: a third quicker on a 20 MiB model.)

    >>> print(script_json({"label": "</script><b>&", "fr": "Côte"}))
    {"label":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026","fr":"C\\u00f4te"}
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def inline_script(code: str, name: str) -> str:
    """``code`` ready to sit inside a <script> element; RuntimeError if it cannot."""
    code = re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.MULTILINE)
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise RuntimeError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    return code


def _inline_script(path: Path) -> str:
    return inline_script(path.read_text(encoding="utf-8"), str(path))


def view_script() -> str:
    """The page's own script: the as-of rule (``certainty.js``), then ``view.js``."""
    return "\n".join(_inline_script(ASSETS_DIR / name) for name in ("certainty.js", "view.js"))


def fill_template(template: Path, fills: dict[str, str]) -> str:
    """``template`` with each ``{{ name }}`` replaced, the view's shared parts included.

    One pass, so nothing inserted is scanned again for placeholders.
    """
    fills = {
        "view_markup": (ASSETS_DIR / "view-parts.html").read_text(encoding="utf-8"),
        "view_style": (ASSETS_DIR / "view-parts.css").read_text(encoding="utf-8"),
        **fills,
    }
    text = template.read_text(encoding="utf-8")
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: fills[m.group(1)], text)


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def page_policy() -> str:
    """The Content-Security-Policy of a view page: its two scripts by hash, nothing else.

    The page states it in a ``<meta>`` tag, so it holds when opened from disk;
    the server sends it as a header too.
    """
    scripts = [_inline_script(VIS_NETWORK), view_script()]
    return (
        "default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; "
        "script-src " + " ".join(_sha256(code) for code in scripts)
    )


def render_html(model: dict) -> str:
    """The self-contained page drawing ``model``: no external request, data as text."""
    scripts = [_inline_script(VIS_NETWORK), view_script()]
    fills = {
        "title": html.escape(model.get("title", "Sahel KG")),
        "csp": html.escape(page_policy()),
        "model": script_json(model),
        "vis_network": scripts[0],
        "view_script": scripts[1],
    }
    return fill_template(ASSETS_DIR / "view.html", fills)


def write_html(model: dict, output: Path) -> Path:
    """Write the page for ``model`` to ``output`` atomically; return its path."""
    from kg.files import atomic_write

    page = render_html(model).encode("utf-8")
    atomic_write(Path(output), lambda handle: handle.write(page), make_folder=True)
    return Path(output)


def default_output(kind: str, *names: str, as_of: date | None = None) -> Path:
    """``build/views/<kind>[-<names>][-<as-of>].html`` under the current folder."""
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-") for n in names if n)
    parts = [kind, slug, as_of.isoformat() if as_of else ""]
    return Path("build") / "views" / ("-".join(p for p in parts if p) + ".html")


def notebook(model: dict, height: int = 650):
    """The view for a notebook: an IPython HTML object holding the page in an
    isolated iframe when IPython is importable, else the page itself as a string."""
    page = render_html(model)
    try:
        from IPython.display import HTML
    except ImportError:
        return page
    frame = (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ccc"></iframe>'
    )
    with warnings.catch_warnings():  # IPython suggests IFrame, which cannot take srcdoc
        warnings.simplefilter("ignore", UserWarning)
        return HTML(frame)
