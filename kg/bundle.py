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
  vis-network items built by pyvis (``kg.drawing``), with the style tables,
  palettes and looks, and the name index of ``kg.entities``. The page builds
  ego and path views from it with ``assets/view-model.js``, which does what
  ``kg.views`` does (tests/test_bundle.py compares the two edge by edge);
- the named queries of ``kg/queries/`` with their parameters, and the
  internal queries the entity pages need. The CLI's rules travel
  as data, never re-written in JavaScript: each query comes split at the
  point where ``kg.sparql.with_values`` places a ``VALUES`` block (the page
  puts the typed parameters there, as for remote endpoints), once as written
  and once with the as-of fragment already pasted in by
  ``kg.temporal.expand_as_of``;
- every fact sheet (``kg.factsheet``: actors, places, events, statements
  and sources), gzipped JSON, drawn by the same ``assets/factsheet.js`` as
  the server's entity pages;
- the query page, the views (drawn by the same ``assets/view.js`` as
  ``kg view``, the page rendered by pyvis from ``assets/bundle/bundle.html``)
  and the entity tab (``assets/bundle/``).

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

from kg.entities import EntityIndex
from kg.query import NamedQuery, named_queries
from kg.resources import internal_query
from kg.sparql import outer_group_start, query_form
from kg.store import Store
from kg.styles import KIND_PALETTE, KIND_STYLES, TYPE_PALETTE, TYPE_STYLES
from kg.temporal import AS_OF_VARIABLE, FIRST_DAY, LAST_DAY, expand_as_of
from kg.vocab import ENTITY_NS, PREFIXES, sparql_prologue

__all__ = ["BundleResult", "oxigraph_version", "page_queries", "write_bundle"]

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


def _split(text: str) -> list[str]:
    """``text`` cut where ``with_values`` puts a VALUES block: [head, tail]."""
    start = outer_group_start(text)
    return [text[:start], text[start:]]


def _query_entry(query: NamedQuery) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": query.name,
        "description": query.description,
        "example": query.example,
        "form": query_form(query.text),
        "parameters": [
            {"name": p.name, "kind": p.kind, "description": p.description, "default": p.default}
            for p in query.parameters
        ],
        "text": query.text,
        "parts": _split(query.text),
        "asOf": None,
    }
    if query.takes_as_of:
        expanded = expand_as_of(query.text)
        entry["asOf"] = {"text": expanded, "parts": _split(expanded)}
    return entry


def page_queries() -> dict[str, Any]:
    """The queries the page carries: named ones (in CLI order) and internal ones.

    >>> queries = page_queries()
    >>> members = next(q for q in queries["named"] if q["name"] == "members")
    >>> "?membership__certainty" in members["asOf"]["text"], members["parts"][0].endswith("{")
    (True, True)
    """
    internal = {}
    for key, name in INTERNAL_QUERIES.items():
        text = internal_query(name)
        internal[key] = {"text": text, "parts": _split(text)}
    return {
        "named": [_query_entry(q) for q in named_queries().values()],
        "internal": internal,
    }


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
    from kg.drawing import inline_script

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
    options, the path caption's font and the open-ended day bounds."""
    from kg.drawing import PATH_LABEL_FONT, edge_look, node_look, vis_options
    from kg.views import day_number

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
    }


def entity_names(index: EntityIndex) -> dict[str, Any]:
    """The name index of kg.entities for the page's lookups: normalised names
    to IRIs (all entities, and actors apart), and each entity's label."""
    return {
        "byName": {name: sorted(iris) for name, iris in index.by_name.items()},
        "actorNames": {name: sorted(iris) for name, iris in index.actor_names.items()},
        "labels": index.labels,
    }


def _render(store: Store, as_of: date | None, title: str) -> tuple[str, int]:
    """The page (graph, engine, queries, the overview and scripts, as one HTML
    string, rendered by pyvis) and its quad count."""
    from kg.drawing import (
        VisNetwork,
        asset_script,
        model_meta,
        page_csp,
        script_json,
        view_scripts,
        with_looks,
    )
    from kg.factsheet import FactSheets
    from kg.views import overview

    data, count = _nquads(store)
    scripts = [
        *view_scripts(),
        oxigraph_script(),
        asset_script("factsheet.js"),
        asset_script("bundle/bundle.js"),
    ]
    sheets = FactSheets.of(store)
    model = overview(store, as_of)
    model["title"] = f"{title}: overview" + (f" as of {as_of.isoformat()}" if as_of else "")
    config = {
        "title": title,
        "asOf": as_of.isoformat() if as_of else None,
        "quads": count,
        "oxigraph": oxigraph_version(),
        "prologue": sparql_prologue(),
        "prefixes": PREFIXES,
        "entityNamespace": ENTITY_NS,
        "asOfVariable": AS_OF_VARIABLE,
        "entities": entity_names(EntityIndex.of(store)),
        "queries": page_queries(),
    }
    looked = with_looks(model)
    meta = {**model_meta(looked), "siteTitle": title, "styles": bundle_styles()}
    fills = {
        "title": html.escape(title),
        "csp": html.escape(page_csp(scripts, "'wasm-unsafe-eval' ")),
        "config": script_json(config),
        "model": script_json(meta),
        "data": _packed(data),
        "sheets": _packed(json.dumps(sheets.book(sheets.everything(), facts=False)).encode()),
        "wasm": base64.b64encode((OXIGRAPH_DIR / "web_bg.wasm.gz").read_bytes()).decode("ascii"),
        "vis_network": scripts[0],
        "view_script": scripts[1],
        "oxigraph_script": scripts[2],
        "sheet_script": scripts[3],
        "bundle_script": scripts[4],
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
