"""The fact-sheet page: one sheet of a book (``kg.views.factsheet``) as a self-contained HTML page.

The page is ``assets/factsheet.html``, rendered through the same templates
and helpers as the other pages (``kg.views.drawing``): the book and how to link as
JSON in a ``<script type="application/json">`` element (``script_json``), the
as-of rule (``certainty.js``), the shared text helpers and ``factsheet.js``
inlined, and a Content-Security-Policy allowing exactly that script. Served by
``kg serve`` (``/entity/NAME``), its names link to other sheets and its
pictures; written to a file, it is text only and works offline.

>>> "script-src 'sha256-" in sheet_policy()
True
"""

from __future__ import annotations

import html
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from kg.files import atomic_write
from kg.resources import PACKAGE_DIR
from kg.views import day_number
from kg.views.drawing import VisNetwork, asset_script, page_csp, script_json

__all__ = ["render_sheet_html", "sheet_policy", "sheet_script", "write_sheet_html"]

TEMPLATE = PACKAGE_DIR / "assets" / "factsheet.html"


@cache
def sheet_script() -> str:
    """The sheet's script: the as-of rule, the text helpers, then the drawing."""
    return asset_script("certainty.js", "page-text.js", "factsheet.js")


def sheet_policy() -> str:
    """The Content-Security-Policy of a sheet page: its one script by hash."""
    return page_csp([sheet_script()])


def render_sheet_html(
    book: dict[str, Any],
    iri: str,
    *,
    as_of: date | None = None,
    language: str = "en",
    base: str | None = None,
) -> str:
    """The page drawing ``iri``'s sheet of ``book``, opening on ``as_of`` (else
    the record's latest day). With ``base`` (the graph's IRI base, for the
    server), names link to their own sheets and the sheet to its pictures."""
    config: dict[str, Any] = {"book": book, "iri": iri, "lang": language, "base": base}
    if as_of is not None:
        config["day"] = day_number(as_of.isoformat())
    fills = {
        "title": html.escape(book["sheets"][iri]["label"] + " — Sahel KG"),
        "lang": "fr" if language == "fr" else "en",
        "csp": html.escape(sheet_policy()),
        "config": script_json(config),
        "script": sheet_script(),
        "nav": base is not None,
    }
    return VisNetwork().page(TEMPLATE, fills)


def write_sheet_html(book: dict[str, Any], iri: str, output: Path, **options: Any) -> Path:
    """Write ``iri``'s sheet page to ``output`` atomically; return its path."""
    page = render_sheet_html(book, iri, **options).encode("utf-8")
    atomic_write(Path(output), lambda handle: handle.write(page), make_folder=True)
    return Path(output)
