"""The portable explorer: the whole graph and a SPARQL engine in one HTML file.

``write_bundle`` writes one self-contained page (``kg bundle``) carrying:

- every quad of every named graph, as N-Quads, gzipped and base64-encoded
  (the page inflates them with the browser's ``DecompressionStream``);
- Oxigraph's WebAssembly build (the npm package vendored in
  ``assets/vendor/oxigraph/``), its glue inlined and its engine embedded as
  gzipped bytes handed to the module's init, since a page opened from disk
  cannot fetch a sibling file;
- the overview, as ``kg view overview`` draws it: the view model of
  ``kg.views`` (per-edge day bounds, igraph positions, names, sources) as
  vis-network items built by pyvis (``kg.views.drawing``), with the style tables,
  palettes and looks. The page builds ego and path views from it with
  ``assets/view-model.js``, which does what ``kg.views`` does
  (tests/test_bundle.py compares the two edge by edge);
- the query page of ``kg.query.page`` (the server's page at ``/`` too): its
  markup, script and styles, and what it reads from Python (the named
  queries split where ``kg.store.sparql_text.with_values`` places a ``VALUES`` block, as
  written and with the as-of fragment of ``kg.temporal.expand_as_of``; the
  name index of ``kg.entities``; each source's citation), over an engine that
  runs the query text in the page's store;
- every fact sheet (``kg.views.factsheet``: actors, places, events, statements
  and sources), gzipped JSON, drawn by the same ``assets/factsheet.js`` as
  the server's entity pages, and the internal query giving every triple
  about a thing, which a sheet folds away;
- the views (drawn by the same ``assets/view.js`` as ``kg view``, the page
  rendered by pyvis from ``assets/bundle/bundle.html``) and the entity tab
  (``assets/bundle/``).

The page's Content-Security-Policy allows only its own inline scripts (by
hash) and ``'wasm-unsafe-eval'``, which compiling WebAssembly needs; it
makes no network request. Everything from the data reaches the page as
text, never as markup.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.query.page import page_data, page_markup, split_for_values
from kg.resources import internal_query
from kg.store import Store
from kg.styles import KIND_PALETTE, KIND_STYLES, TYPE_PALETTE, TYPE_STYLES
from kg.temporal import FIRST_DAY, LAST_DAY
from kg.vocab import sparql_prologue

__all__ = ["BundleResult", "internal_queries", "oxigraph_version", "write_bundle"]

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
BUNDLE_DIR = ASSETS_DIR / "bundle"
OXIGRAPH_DIR = ASSETS_DIR / "vendor" / "oxigraph"
# Internal queries the page runs (kg/queries/internal/): every triple about a
# thing, which its fact sheet folds away.
INTERNAL_QUERIES = {
    "entityFacts": "entity-facts",
}


@dataclass(frozen=True)
class BundleResult:
    """What ``write_bundle`` wrote: the file, its size and how many quads it carries."""

    path: Path
    bytes: int
    quads: int
    as_of: date | None = None


def oxigraph_version() -> str:
    """The vendored Oxigraph npm package's version."""
    return (OXIGRAPH_DIR / "VERSION").read_text(encoding="utf-8").strip()


def internal_queries() -> dict[str, Any]:
    """The internal queries the entity pages run, split where a VALUES block goes.

    >>> internal_queries()["entityFacts"]["texts"][0].rstrip().endswith("{")
    True
    """
    return {key: split_for_values(internal_query(name)) for key, name in INTERNAL_QUERIES.items()}


def _nquads(store: Store) -> tuple[bytes, int]:
    """Every quad of every named graph as N-Quads, read through SPARQL."""
    rows = store.select_internal("all-quads").rows
    quads = [ox.Quad(s, p, o, g) for g, s, p, o in rows]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS), len(quads)


def _packed(data: bytes) -> str:
    """gzip (deterministic: no name, no time) then base64."""
    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


_EXPORTED = re.compile(r"^export (?:class|function) (\w+)", re.MULTILINE)
_EXPORT_LINE = "export { initSync, __wbg_init as default };"


def oxigraph_script() -> str:
    """The vendored wasm-bindgen glue (an ES module) as a classic script that
    sets ``window.oxigraph`` (its exports, ``init`` taking the wasm bytes)."""
    from kg.views.drawing import inline_script

    code = (OXIGRAPH_DIR / "web.js").read_text(encoding="utf-8")
    names = _EXPORTED.findall(code)
    if _EXPORT_LINE not in code or "Store" not in names:
        raise RuntimeError(f"{OXIGRAPH_DIR / 'web.js'}: not the wasm-bindgen web glue expected")
    code = _EXPORTED.sub(lambda m: m.group(0)[len("export ") :], code)
    exports = ", ".join([*names, "initSync", "init: __wbg_init"])
    code = code.replace(_EXPORT_LINE, f"return {{ {exports} }};")
    # Only used when no bytes are given, which the page never does.
    code = code.replace("import.meta.url", "document.baseURI")
    return inline_script(f"window.oxigraph = (function () {{\n{code}\n}})();\n", "web.js")


def bundle_styles() -> dict[str, Any]:
    """What the page needs to give a view built in the browser the looks Python
    gives it: the style tables and palettes with their vis-network looks, the
    options, the path caption's font, the open-ended day bounds and the fields
    of a relationship (those a CONSTRUCT view's edges leave empty)."""
    from kg.views import EDGE_FIELDS, day_number
    from kg.views.drawing import PATH_LABEL_FONT, edge_look, node_look, vis_options

    def typed(styles):
        return {k: {**s, "look": node_look(s)} for k, s in styles.items()}

    def kinds(styles):
        return {k: {**s, "look": edge_look(s)} for k, s in styles.items()}

    return {
        "types": typed(TYPE_STYLES),
        "kinds": kinds(KIND_STYLES),
        "typePalette": [{**s, "look": node_look(s)} for s in TYPE_PALETTE],
        "kindPalette": [{**s, "look": edge_look(s)} for s in KIND_PALETTE],
        "options": {"small": vis_options(False), "large": vis_options(True)},
        "pathLabelFont": PATH_LABEL_FONT,
        "unboundedDays": [day_number(FIRST_DAY.isoformat()), day_number(LAST_DAY.isoformat())],
        "edgeFields": list(EDGE_FIELDS),
    }


def _render(store: Store, as_of: date | None, title: str) -> tuple[str, int]:
    """The page (graph, engine, queries, the overview and scripts, as one HTML
    string, rendered by pyvis) and its quad count."""
    from kg.views import overview
    from kg.views.drawing import (
        FRAME_LOADER,
        VisNetwork,
        asset_script,
        model_meta,
        packed_frame,
        page_csp,
        script_json,
        view_scripts,
        with_looks,
    )
    from kg.views.factsheet import FactSheets
    from kg.views.reader import overview_page, reader_scripts, render_reader_html

    data, count = _nquads(store)
    # The query page's script (the server's too), the fact sheets' (the server's
    # entity pages' too), then the explorer's own.
    page_script = asset_script("query-page.js", "factsheet.js", "bundle/bundle.js")
    scripts = [*view_scripts(), oxigraph_script(), page_script]
    # The reader page (network, timeline and map on one cursor), packed in a
    # frame: the frame runs under this page's policy, which allows its scripts.
    reader_frame = packed_frame(
        render_reader_html(overview_page(store, as_of)),
        "",
        "Network, timeline and map of the whole record",
    )
    framed = [FRAME_LOADER, *dict.fromkeys(reader_scripts())]
    sheets = FactSheets.of(store)
    model = overview(store, as_of)
    model["title"] = f"{title}: overview" + (f" as of {as_of.isoformat()}" if as_of else "")
    config = {
        "title": title,
        "asOf": as_of.isoformat() if as_of else None,
        "quads": count,
        "oxigraph": oxigraph_version(),
        "prologue": sparql_prologue(),
        "internal": internal_queries(),
    }
    looked = with_looks(model)
    meta = {**model_meta(looked), "siteTitle": title, "styles": bundle_styles()}
    fills = {
        "title": html.escape(title),
        "bundle": True,  # view-parts.html: no language switch (the explorer is English)
        "csp": html.escape(page_csp([*scripts, *framed], "'wasm-unsafe-eval' ")),
        "reader_frame": reader_frame,
        "config": script_json(config),
        "model": script_json(meta),
        "query_page": page_markup(),
        "query_data": script_json(page_data(store)),
        "data": _packed(data),
        "sheets": _packed(json.dumps(sheets.book(sheets.everything(), facts=False)).encode()),
        "wasm": base64.b64encode((OXIGRAPH_DIR / "web_bg.wasm.gz").read_bytes()).decode("ascii"),
        "vis_network": scripts[0],
        "view_script": scripts[1],
        "oxigraph_script": scripts[2],
        "bundle_script": scripts[3],
    }
    return VisNetwork.of(looked).page(BUNDLE_DIR / "bundle.html", fills), count


def write_bundle(
    store: Store, output: Path, as_of: date | None = None, title: str = "Sahel KG"
) -> BundleResult:
    """Write the portable explorer for ``store`` to ``output``, atomically.

    ``as_of`` is the day the page opens at (query page and views); the file
    still carries the whole graph. An unwritable place raises BadParameter
    and leaves nothing behind.
    """
    from kg.files import atomic_write

    text, quads = _render(store, as_of, title)
    page = text.encode("utf-8")
    atomic_write(Path(output), lambda handle: handle.write(page))
    return BundleResult(Path(output), len(page), quads, as_of)
