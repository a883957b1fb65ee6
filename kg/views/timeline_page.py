"""The timeline page: a timeline model (``kg.views.timeline``) as one self-contained HTML file.

The page is ``assets/timeline.html``, rendered through the same Jinja
templates and helpers as the network views (``kg.views.drawing``): the model as
JSON in a ``<script type="application/json">`` element (``script_json``), the
vendored vis-timeline and ``assets/timeline.js`` (with the as-of rule,
``assets/certainty.js``) inlined, and a Content-Security-Policy allowing
exactly those two scripts (``page_csp``). It makes no request: it works from
disk, offline.

>>> "script-src 'sha256-" in timeline_policy()
True
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from kg.files import atomic_write
from kg.views.drawing import (
    ASSETS_DIR,
    VisNetwork,
    asset_script,
    inline_script,
    page_csp,
    script_json,
)

__all__ = [
    "VIS_TIMELINE",
    "render_timeline_html",
    "timeline_policy",
    "timeline_scripts",
    "write_timeline_html",
]

VIS_TIMELINE = ASSETS_DIR / "vendor" / "vis-timeline" / "vis-timeline-graph2d.min.js"
TEMPLATE = ASSETS_DIR / "timeline.html"


@cache
def timeline_scripts() -> tuple[str, str]:
    """The vendored vis-timeline and the timeline's own script (the as-of rule,
    then the drawing), ready to inline; read once per process."""
    vis_timeline = inline_script(VIS_TIMELINE.read_text(encoding="utf-8"), "vis-timeline")
    return vis_timeline, asset_script("certainty.js", "i18n.js", "page-text.js", "timeline.js")


def timeline_policy() -> str:
    """The Content-Security-Policy of a timeline page: its two scripts by hash."""
    return page_csp(timeline_scripts())


def render_timeline_html(model: dict) -> str:
    """The self-contained page drawing ``model``: no external request, data as text."""
    vis_timeline, own_script = timeline_scripts()
    fills = {
        "title": html.escape(model.get("title", "Sahel KG: timeline")),
        "csp": html.escape(timeline_policy()),
        "model": script_json(model),
        "vis_timeline": vis_timeline,
        "timeline_script": own_script,
    }
    # pyvis renders the template as it renders the network pages; the template
    # reads only the fills, not the (empty) network.
    return VisNetwork().page(TEMPLATE, fills)


def write_timeline_html(model: dict, output: Path) -> Path:
    """Write the page for ``model`` to ``output`` atomically; return its path."""
    page = render_timeline_html(model).encode("utf-8")
    atomic_write(Path(output), lambda handle: handle.write(page), make_folder=True)
    return Path(output)
