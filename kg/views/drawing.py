"""How a view model looks: vis-network items built with pyvis, and the page pyvis renders.

A view model (``kg.views``) says what a view shows. This module says how it
is drawn. ``VisNetwork.of(model)`` fills a pyvis ``Network`` with one node per
actor and one edge per relationship, each carrying the model's own fields
(dates, bounds, sources, names) plus its look: shape and colour from the
actor type (``kg.styles.TYPE_STYLES``), colour and dashes from the
relationship kind, faded when the status is never in effect, a caption on
path views. pyvis then renders the project's own Jinja template
(``assets/view.html``, or the portable explorer's ``assets/bundle/bundle.html``)
with those nodes, edges and options; the page inlines the vendored
vis-network and ``assets/view.js``, so it works from disk with no network.

Everything from the data travels as JSON inside ``<script type=
"application/json">`` elements (``script_json``: no ``<``, ``>`` or ``&``
survives literally) and reaches the page as text, never as markup.

The looks are data: ``node_look`` and ``edge_look`` give the vis fields for a
style, and a model carries them per type and kind, so a page that builds a
view itself (the portable explorer's ego, path and query views,
``assets/bundle/view-model.js``) spreads the same looks.

>>> model = {"title": "t", "view": "overview", "large": False, "nodes": [
...     {"id": "a", "label": "Mali", "type": "State"}], "edges": [],
...     "types": {"State": {"color": "#4e79a7", "shape": "box"}}, "kinds": {}}
>>> node = VisNetwork.of(with_looks(model)).nodes[0]
>>> node["group"], node["shape"]
('State', 'box')
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
import warnings
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from pyvis.network import Network

from kg.files import atomic_write
from kg.resources import PACKAGE_DIR
from kg.styles import DEFAULT_KIND_STYLE, DEFAULT_TYPE_STYLE
from kg.temporal import ACTIVE_STATUSES

__all__ = [
    "ASSETS_DIR",
    "VIS_NETWORK",
    "VisNetwork",
    "csp_hash",
    "edge_item",
    "edge_look",
    "inline_script",
    "node_item",
    "node_look",
    "notebook",
    "page_policy",
    "render_html",
    "script_json",
    "view_script",
    "view_scripts",
    "write_html",
]

ASSETS_DIR = PACKAGE_DIR / "assets"
VIS_NETWORK = ASSETS_DIR / "vendor" / "vis-network" / "vis-network.min.js"

_LABEL_INSIDE = {"box", "ellipse", "database", "circle", "text"}
SHOWN_OPACITY = 0.9
FADED_OPACITY = 0.35
"""Edges whose status is never in effect (announced, denied) are drawn faded."""
PATH_LABEL_FONT = {"size": 13, "align": "horizontal", "strokeWidth": 4, "strokeColor": "#fff"}
"""A path view's captions read level at the middle of their line (along a
steep line, a caption drawn on it ran into the actors at its ends)."""
MAJOR_FONT, MINOR_FONT = 16, 9
"""Label sizes in canvas units; the page fits the picture so a major label
reads at 12 CSS px or more (assets/view.js, ``arrange``)."""
MAJOR_SIZE, MINOR_SIZE = 18, 6
LABEL_DRAW_THRESHOLD = 11
"""Labels drawn under this many CSS px are left out (vis-network's drawThreshold)."""


def node_look(style: dict) -> dict[str, Any]:
    """The vis-network fields of an actor drawn with ``style`` (colour, shape, minor).

    Labels sit inside boxes and ellipses (white on the colour), under other
    shapes. A minor type's shape and label are smaller: at the first fit its
    label is under the page's drawing threshold (``LABEL_DRAW_THRESHOLD``) and
    shows when the reader zooms in.

    >>> node_look({"color": "#4e79a7", "shape": "box"})["font"]["color"]
    '#fff'
    >>> node_look({"color": "#f28e2b", "shape": "ellipse", "minor": True})["font"]["size"]
    9
    """
    inside = style["shape"] in _LABEL_INSIDE
    minor = bool(style.get("minor"))
    look: dict[str, Any] = {
        "shape": style["shape"],
        "size": MINOR_SIZE if minor else MAJOR_SIZE,
        "borderWidth": 1,
        "color": {
            "background": style["color"],
            "border": "#333",
            "highlight": {"background": style["color"], "border": "#000"},
        },
        "font": {
            "color": "#fff" if inside else "#222",
            "size": MINOR_FONT if minor else MAJOR_FONT,
            "strokeWidth": 0 if inside else 3,
            "strokeColor": "#fff",
        },
        "widthConstraint": {"maximum": 110 if minor else 150},
    }
    if inside:
        look["margin"] = 3 if minor else 6
    return look


def edge_look(style: dict) -> dict[str, Any]:
    """The vis-network fields of a relationship drawn with ``style`` (colour and dashes).

    >>> edge_look({"color": "#1f77b4", "dashes": False})["color"]["opacity"]
    0.9
    """
    colour = style["color"]
    return {
        "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": SHOWN_OPACITY},
        "dashes": style["dashes"],
    }


def node_item(node: dict, types: dict[str, dict]) -> dict[str, Any]:
    """A model node in the vis-network group of its type (the options hold each
    group's look): the vis-network item."""
    look = types.get(node.get("type") or "", {}).get("look") or node_look(DEFAULT_TYPE_STYLE)
    return {**node, "group": node.get("type") or "", "shape": look["shape"]}


def edge_item(edge: dict, kinds: dict[str, dict], view: str) -> dict[str, Any]:
    """A model edge with the look of its kind, faded if never in effect, captioned
    on path views: the vis-network item."""
    style = kinds.get(edge.get("kind") or "", {})
    item = {**edge, **(style.get("look") or edge_look(DEFAULT_KIND_STYLE))}
    if edge.get("status") and edge["status"] not in ACTIVE_STATUSES:
        item["color"] = {**item["color"], "opacity": FADED_OPACITY}
    if view == "path" and edge.get("caption"):
        item["label"] = edge["caption"]
        item["labelFr"] = edge.get("captionFr")
        item["font"] = dict(PATH_LABEL_FONT)
    return item


def vis_options(large: bool, groups: dict[str, dict] | None = None) -> dict[str, Any]:
    """vis-network's options: positions are the model's (no physics); large graphs
    (``kg.views.LARGE_GRAPH``) draw straight edges and hide them while dragging;
    ``groups`` gives the look of each actor type."""
    return {
        "groups": groups or {},
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": True,
            "tooltipDelay": 100,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        "nodes": {"scaling": {"label": {"drawThreshold": LABEL_DRAW_THRESHOLD, "maxVisible": 26}}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "width": 1.5,
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
        },
        "physics": {"enabled": False},
    }


class _NodeIds(list):
    """pyvis keeps node ids in a list and tests membership on every add_node and
    add_edge; a set beside it keeps that constant-time at 10,000 actors."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, value: Any) -> None:
        super().append(value)
        self._members.add(value)

    def __contains__(self, value: object) -> bool:
        return value in self._members


class VisNetwork(Network):
    """A pyvis Network holding a view model's vis-network items and options."""

    def __init__(self) -> None:
        super().__init__(directed=True)
        self.node_ids = _NodeIds()

    @classmethod
    def of(cls, model: dict) -> VisNetwork:
        """Fill a network from ``model`` (kg.views.view_model's shape)."""
        network = cls()
        for node in model["nodes"]:
            item = node_item(node, model["types"])
            network.add_node(item.pop("id"), **item)
        for edge in model["edges"]:
            item = edge_item(edge, model["kinds"], model["view"])
            network.add_edge(item.pop("from"), item.pop("to"), **item)
        groups = {t: s["look"] for t, s in model["types"].items() if "look" in s}
        network.options = vis_options(bool(model.get("large")), groups)
        return network

    def page(self, template: Path, fills: dict[str, str]) -> str:
        """The HTML pyvis renders from ``template`` (Jinja, found beside the shared
        view parts in ``assets/``) with this network and ``fills``."""
        self.set_template_dir([str(template.parent), str(ASSETS_DIR)], template.name)
        self.templateEnv.filters["script_json"] = script_json
        self.templateEnv.globals.update(fills)
        return self.generate_html()


def with_looks(model: dict) -> dict:
    """``model`` with each type's and kind's vis-network look beside its style."""
    types = {t: {**s, "look": node_look(s)} for t, s in model["types"].items()}
    kinds = {k: {**s, "look": edge_look(s)} for k, s in model["kinds"].items()}
    return {**model, "types": types, "kinds": kinds}


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


def asset_script(*names: str) -> str:
    """Files of ``assets/`` joined, ready to inline."""
    return "\n".join(
        inline_script((ASSETS_DIR / name).read_text(encoding="utf-8"), name) for name in names
    )


def view_script() -> str:
    """The view page's own script: the as-of rule (``certainty.js``), shared text
    helpers, pictures to keep (``picture.js``), views built in the browser
    (``view-model.js``), then the drawing (``view.js``)."""
    return asset_script(
        "certainty.js", "i18n.js", "page-text.js", "picture.js", "view-model.js", "view.js"
    )


def csp_hash(code: str) -> str:
    """A Content-Security-Policy source allowing exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def page_csp(scripts: Iterable[str], extra: str = "") -> str:
    """The policy of a self-contained page: nothing from outside, only these scripts."""
    allowed = " ".join(csp_hash(code) for code in scripts)
    return (
        "default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; "
        f"script-src {extra}{allowed}"
    )


def model_meta(looked: dict) -> dict:
    """What the page reads besides the vis items: title, time span, looks, paths
    (``looked`` is a model with its looks, ``with_looks``)."""
    meta = {k: v for k, v in looked.items() if k not in ("nodes", "edges")}
    meta["defaultLooks"] = {
        "node": node_look(DEFAULT_TYPE_STYLE),
        "edge": edge_look(DEFAULT_KIND_STYLE),
        "fadedOpacity": FADED_OPACITY,
    }
    return meta


@cache
def view_scripts() -> tuple[str, str]:
    """The vendored vis-network and the view's own script, ready to inline; read
    once per process (the server draws many pages)."""
    return inline_script(VIS_NETWORK.read_text(encoding="utf-8"), "vis-network"), view_script()


def page_policy() -> str:
    """The Content-Security-Policy of a view page: its two scripts by hash, nothing else.

    The page states it in a ``<meta>`` tag, so it holds when opened from disk;
    the server sends it as a header too.
    """
    return page_csp(view_scripts())


def render_html(model: dict) -> str:
    """The self-contained page drawing ``model``: no external request, data as text."""
    vis_network, own_script = view_scripts()
    looked = with_looks(model)
    fills = {
        "title": html.escape(model.get("title", "Sahel KG")),
        "csp": html.escape(page_policy()),
        "model": script_json(model_meta(looked)),
        "vis_network": vis_network,
        "view_script": own_script,
    }
    return VisNetwork.of(looked).page(ASSETS_DIR / "view.html", fills)


def write_html(model: dict, output: Path) -> Path:
    """Write the page for ``model`` to ``output`` atomically; return its path."""
    page = render_html(model).encode("utf-8")
    atomic_write(Path(output), lambda handle: handle.write(page), make_folder=True)
    return Path(output)


# The script of a packed frame (``packed_frame``): it inflates the page the
# frame carries and writes it in the frame's place. A page that holds packed
# frames allows this script by its hash (the frame inherits the page's policy).
FRAME_LOADER = (
    "(async () => {"
    'const packed = document.getElementById("kg-packed").textContent;'
    "const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));"
    "const inflated = new Blob([bytes]).stream()"
    '.pipeThrough(new DecompressionStream("gzip"));'
    "const text = await new Response(inflated).text();"
    "document.open(); document.write(text); document.close();"
    "})();"
)


def packed_frame(page: str, style: str, title: str = "") -> str:
    """An ``<iframe>`` holding ``page`` gzipped (base64) with a small loader
    that inflates it in the frame: a notebook or the portable explorer carries a
    whole page at a fraction of its size. The frame's own scripts run under the
    policy of the page that holds it, which then allows ``FRAME_LOADER`` and
    the page's scripts by hash.
    """
    packed = base64.b64encode(gzip.compress(page.encode("utf-8"), 9)).decode("ascii")
    loader = (
        '<!DOCTYPE html><meta charset="utf-8"><body>'
        f'<script id="kg-packed" type="application/octet-stream">{packed}</script>'
        f"<script>{FRAME_LOADER}</script></body>"
    )
    named = f' title="{html.escape(title)}"' if title else ""
    return f'<iframe{named} srcdoc="{html.escape(loader, quote=True)}" style="{style}"></iframe>'


def notebook(model: dict, height: int = 650):
    """The view for a notebook: an IPython HTML object holding the page in an
    isolated iframe when IPython is importable, else the page itself as a string.

    The page travels gzipped inside the frame (``packed_frame``), so a notebook
    with a few views stays small once executed. At a notebook's width the page
    lays itself out narrow (view.html): the picture across the whole frame,
    the panel and legend below it.
    """
    page = render_html(model)
    try:
        from IPython.display import HTML
    except ImportError:
        return page
    frame = packed_frame(page, f"width:100%;height:{int(height)}px;border:1px solid #ccc")
    with warnings.catch_warnings():  # IPython suggests IFrame, which cannot take srcdoc
        warnings.simplefilter("ignore", UserWarning)
        return HTML(frame)
