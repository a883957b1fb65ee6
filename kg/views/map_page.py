"""The map page: a map model (``kg.views.map_model``) drawn in one self-contained file.

The page is the project's own Jinja template (``assets/map.html``) with
everything inlined: Leaflet and its stylesheet, topojson-client, Natural
Earth's 1:50m country borders as TopoJSON (``assets/vendor/world-atlas``),
the as-of rule (``certainty.js``), the map (``map.js``), its details panel
(``map-panel.js``) and the page around it (``map-page.js``). It makes no
request, so it works from disk offline; its Content-Security-Policy
(``kg.views.drawing.page_csp``) allows exactly those scripts. The model and the
borders travel as JSON in ``<script type="application/json">`` elements
(``kg.views.drawing.script_json``) and reach the page as text.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kg.files import atomic_write
from kg.views.drawing import ASSETS_DIR, asset_script, inline_script, page_csp, script_json

__all__ = [
    "BASEMAP",
    "basemap_json",
    "map_policy",
    "map_scripts",
    "map_styles",
    "render_map_html",
    "write_map_html",
]

VENDOR = ASSETS_DIR / "vendor"
BASEMAP = VENDOR / "world-atlas" / "countries-50m.json"


@cache
def map_scripts() -> tuple[str, str, str]:
    """Leaflet, topojson-client and the map's own scripts, ready to inline;
    read once per process (the server draws many pages)."""
    leaflet = VENDOR / "leaflet" / "leaflet.js"
    topojson = VENDOR / "topojson-client" / "topojson-client.min.js"
    return (
        inline_script(leaflet.read_text(encoding="utf-8"), "leaflet"),
        inline_script(topojson.read_text(encoding="utf-8"), "topojson-client"),
        asset_script(
            "certainty.js", "i18n.js", "page-text.js", "map.js", "map-panel.js", "map-page.js"
        ),
    )


@cache
def basemap_json() -> str:
    """The borders as JSON ready to sit in a <script> element."""
    return script_json(json.loads(BASEMAP.read_text(encoding="utf-8")))


@cache
def map_styles() -> tuple[str, str]:
    """Leaflet's stylesheet and the map's own, ready to inline."""
    leaflet = (VENDOR / "leaflet" / "leaflet.css").read_text(encoding="utf-8")
    own = (ASSETS_DIR / "map.css").read_text(encoding="utf-8")
    for name, text in (("leaflet.css", leaflet), ("map.css", own)):
        if "</style" in text.lower():
            raise RuntimeError(f"{name} cannot be inlined: it contains '</style'")
    return leaflet, own


def map_policy() -> str:
    """The Content-Security-Policy of a map page: its three scripts by hash,
    nothing else (no connection, no image but data: and blob:)."""
    return page_csp(map_scripts())


@cache
def _template():
    environment = Environment(
        loader=FileSystemLoader(str(ASSETS_DIR)), autoescape=False, undefined=StrictUndefined
    )
    return environment.get_template("map.html")


def render_map_html(model: dict) -> str:
    """The self-contained page drawing the map ``model``."""
    leaflet, topojson, own = map_scripts()
    leaflet_css, map_css = map_styles()
    return _template().render(
        title=html.escape(model.get("title", "Sahel KG: map")),
        csp=html.escape(map_policy()),
        model=script_json(model),
        basemap=basemap_json(),
        leaflet=leaflet,
        topojson=topojson,
        map_script=own,
        leaflet_css=leaflet_css,
        map_css=map_css,
    )


def write_map_html(model: dict, output: Path) -> Path:
    """Write the map page for ``model`` to ``output`` atomically; return its path."""
    page = render_map_html(model).encode("utf-8")
    atomic_write(Path(output), lambda handle: handle.write(page), make_folder=True)
    return Path(output)
