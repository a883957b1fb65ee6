"""The reader page: a view's network, timeline and map on one date cursor.

``kg view overview``, ``kg view ego``, the build's overview and the server's
``/view/overview`` and ``/view/ego/...`` write one page with three panes
under tabs, sharing one date cursor, one selection and one side panel:

- the network, the view model of ``kg.views`` drawn by ``assets/view.js``
  as on any network page (it owns the cursor and the panel);
- the timeline of that view's relationships and of the events its actors
  take part in (``kg.views.timeline.timeline_model`` cut from the view model),
  drawn by ``assets/timeline.js``;
- the map of ``kg.views.map_model.map_model``, drawn by ``assets/map.js``.

``assets/reader.js`` wires the three through their hooks (see there). The
page model is the three models; the timeline's travels without its edges,
which are the view model's own (the page puts them back with their ends'
names, as ``timeline_model`` writes them).

The page is ``assets/reader.html``, rendered by pyvis like the network
pages (``kg.views.drawing.VisNetwork.page``), with every script inlined: the
vendored vis-network, vis-timeline, Leaflet and topojson-client, the
borders, and the pictures' own scripts. vis-network and vis-timeline both
publish the global ``vis``: ``assets/vis-keep.js``, run after each, keeps
their namespaces apart. The Content-Security-Policy allows exactly those
scripts; the data travels as JSON in ``<script type="application/json">``
elements (``script_json``) and reaches the page as text. No request: it
works from disk, offline.

>>> "script-src 'sha256-" in reader_policy()
True
"""

from __future__ import annotations

import html
from datetime import date
from functools import cache
from pathlib import Path

import networkx as nx

from kg.files import atomic_write
from kg.network import statement_sources, to_networkx
from kg.store import Store
from kg.views import default_output, ego, overview
from kg.views.drawing import (
    ASSETS_DIR,
    VisNetwork,
    asset_script,
    model_meta,
    page_csp,
    script_json,
    with_looks,
)
from kg.views.drawing import view_scripts as network_scripts
from kg.views.map_model import map_model
from kg.views.map_page import basemap_json, map_scripts, map_styles
from kg.views.timeline import event_models, timeline_model
from kg.views.timeline_page import timeline_scripts

__all__ = [
    "PANES",
    "ego_page",
    "overview_page",
    "reader_page",
    "reader_policy",
    "reader_scripts",
    "render_reader_html",
    "write_overview",
    "write_reader_html",
]

PANES = ("network", "timeline", "map")
TEMPLATE = ASSETS_DIR / "reader.html"


def reader_page(
    store: Store,
    view: dict,
    events: list[dict],
    as_of: date | None = None,
    *,
    graph: nx.MultiDiGraph | None = None,
) -> dict:
    """The reader page's models for ``view`` (a view model of ``store``): the
    view itself, the timeline of its relationships and of ``events``, and the
    map, each opening at ``as_of`` (``graph``: ``to_networkx(store)``, where
    the caller has it)."""
    timeline = timeline_model(view, events, group_by="kind", as_of=as_of, title=view["title"])
    del timeline["edges"]  # the view model's: the page joins them
    return {"view": view, "timeline": timeline, "map": map_model(store, as_of=as_of, graph=graph)}


def _network_and_events(store: Store) -> tuple[nx.MultiDiGraph, list[dict]]:
    """The store's network and its events, each statement's sources read once."""
    sources = statement_sources(store)
    return to_networkx(store, sources=sources), event_models(store, sources)


def overview_page(store: Store, as_of: date | None = None) -> dict:
    """The reader page of every actor, relationship, event and place."""
    graph, events = _network_and_events(store)
    view = overview(store, as_of=as_of, graph=graph)
    return reader_page(store, view, events, as_of, graph=graph)


def ego_page(store: Store, entity: str, depth: int = 1, as_of: date | None = None) -> dict:
    """The reader page of an actor's neighbourhood (``kg.views.ego``): the
    timeline has the events its actors take part in or that happened in them;
    the map is the whole record's, the actor lit on it."""
    graph, events = _network_and_events(store)
    view = ego(store, entity, depth=depth, as_of=as_of, graph=graph)
    actors = {node["id"] for node in view["nodes"]}
    events = [e for e in events if actors & {*e["actors"], *e["places"]}]
    return reader_page(store, view, events, as_of, graph=graph)


@cache
def reader_scripts() -> tuple[str, ...]:
    """The page's scripts in order, ready to inline: vis-network, the namespace
    keeper, vis-timeline, Leaflet, topojson-client and the pictures' own
    (the keeper runs twice; a policy allows it once)."""
    vis_network, _ = network_scripts()
    vis_timeline, _ = timeline_scripts()
    leaflet, topojson, _ = map_scripts()
    own = asset_script(
        "certainty.js",
        "i18n.js",
        "page-text.js",
        "picture.js",
        "view-model.js",
        "view.js",
        "timeline.js",
        "map.js",
        "map-panel.js",
        "reader.js",
    )
    return vis_network, asset_script("vis-keep.js"), vis_timeline, leaflet, topojson, own


def reader_policy() -> str:
    """The Content-Security-Policy of a reader page: its scripts by hash, nothing else."""
    return page_csp(dict.fromkeys(reader_scripts()))


def render_reader_html(page: dict) -> str:
    """The self-contained reader page drawing ``page`` (``reader_page``'s shape)."""
    vis_network, vis_keep, vis_timeline, leaflet, topojson, own = reader_scripts()
    leaflet_css, map_css = map_styles()
    view = page["view"]
    looked = with_looks(view)
    fills = {
        "reader": True,
        "title": html.escape(view.get("title", "Sahel KG")),
        "csp": html.escape(reader_policy()),
        "model": script_json(model_meta(looked)),
        "timeline": script_json(page["timeline"]),
        "map": script_json(page["map"]),
        "basemap": basemap_json(),
        "leaflet_css": leaflet_css,
        "map_css": map_css,
        "vis_network": vis_network,
        "vis_keep": vis_keep,
        "vis_timeline": vis_timeline,
        "leaflet": leaflet,
        "topojson": topojson,
        "reader_script": own,
    }
    return VisNetwork.of(looked).page(TEMPLATE, fills)


def write_reader_html(page: dict, output: Path) -> Path:
    """Write the reader page for ``page`` to ``output`` atomically; return its path."""
    text = render_reader_html(page).encode("utf-8")
    atomic_write(Path(output), lambda handle: handle.write(text), make_folder=True)
    return Path(output)


def write_overview(store: Store, output: Path | None = None, as_of: date | None = None) -> Path:
    """Write the overview reader page of ``store`` (opening at ``as_of``, if
    given) to ``output``, by default ``build/views/overview[-DAY].html`` (what
    ``kg build`` and ``kg view overview`` write); return its path."""
    page = overview_page(store, as_of=as_of)
    return write_reader_html(page, output or default_output("overview", as_of=as_of))
