"""Writing query results: a readable table, CSV, TSV and SPARQL JSON.

CSV and TSV follow the SPARQL 1.1 result formats (CSV: plain values; TSV:
terms in SPARQL syntax); JSON is the SPARQL 1.1 Query Results JSON format.
CONSTRUCT results are written as N-Triples.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TextIO

import pyoxigraph as ox

from kg.sparql import Term
from kg.store import QueryResult, SelectResult
from kg.vocab import shorten

FORMATS = ("table", "csv", "tsv", "json")


def display(term: Term | None) -> str:
    """A term as people read it: prefixed IRIs, bare literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def json_term(term: Term | ox.Triple) -> dict[str, str]:
    """A term as a SPARQL JSON results binding (an RDF-star triple as its text).

    >>> json_term(ox.Literal("Niger", language="fr"))
    {'type': 'literal', 'value': 'Niger', 'xml:lang': 'fr'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        binding = {"type": "literal", "value": term.value}
        if term.language:
            binding["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            binding["datatype"] = term.datatype.value
        return binding
    return {"type": "triple", "value": str(term)}


def sparql_json(result: SelectResult | bool) -> str:
    """SPARQL 1.1 Query Results JSON for a SELECT or ASK result."""
    if isinstance(result, bool):
        return json.dumps({"head": {}, "boolean": result})
    bindings = [
        {
            name: json_term(value)
            for name, value in zip(result.variables, row, strict=True)
            if value is not None
        }
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        indent=1,
    )


def write_result(result: QueryResult, fmt: str, out: TextIO, *, title: str = "") -> None:
    """Write any query result to ``out`` in ``fmt`` (one of FORMATS)."""
    if isinstance(result, list):
        for triple in result:
            out.write(f"{triple.subject} {triple.predicate} {triple.object} .\n")
        return
    if fmt == "json":
        out.write(sparql_json(result) + "\n")
    elif isinstance(result, bool):
        out.write(("true" if result else "false") + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([[("" if t is None else t.value) for t in row] for row in result.rows])
    elif fmt == "tsv":
        out.write("\t".join(f"?{v}" for v in result.variables) + "\n")
        for row in result.rows:
            out.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    else:
        write_table(result, out, title=title)


def write_table(result: SelectResult, out: TextIO, *, title: str = "") -> None:
    """A rich table sized to the terminal (or 200 columns when piped).

    Columns empty in every row are left out (a query's ``certainty`` and
    ``reason`` without ``--as-of``); a row whose ``certainty`` is "possible"
    is drawn dim, its ``reason`` saying why. Values are shown as text, never
    read as rich markup.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title or None, show_lines=False, header_style="bold")
    shown = [
        i
        for i, _ in enumerate(result.variables)
        if any(row[i] is not None and display(row[i]) for row in result.rows)
    ] or list(range(len(result.variables)))
    for i in shown:
        table.add_column(result.variables[i], overflow="fold")
    certainty = result.variables.index("certainty") if "certainty" in result.variables else None
    for row in result.rows:
        possible = certainty is not None and display(row[certainty]) == "possible"
        table.add_row(*(Text(display(row[i])) for i in shown), style="dim" if possible else None)
    console = Console(
        file=out, width=None if out.isatty() else 200, highlight=False, soft_wrap=False
    )
    console.print(table)
    console.print(f"{len(result.rows)} row(s)", style="dim")


def render(result: QueryResult, fmt: str) -> str:
    """The result as a string (what ``write_result`` would write)."""
    buffer = io.StringIO()
    write_result(result, fmt, buffer)
    return buffer.getvalue()
