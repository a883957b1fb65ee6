"""Writing query results: a readable table, and the SPARQL 1.1 result formats.

One writer per format serves the CLI and the server: ``solutions_bytes`` and
``boolean_bytes`` write SPARQL 1.1 Query Results JSON and XML, CSV (plain
values) and TSV (terms in SPARQL syntax). The CLI adds a readable table;
CONSTRUCT results are written as N-Triples there.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import TextIO
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox

from kg.sparql import Term
from kg.store import QueryResult, SelectResult
from kg.vocab import shorten

RESULT_KINDS = ("json", "xml", "csv", "tsv")
"""The SPARQL 1.1 result formats ``solutions_bytes`` and ``boolean_bytes`` write."""

Row = Sequence[Term | None]


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


def _json_solutions(names: Sequence[str], rows: Iterable[Row], indent: int | None) -> str:
    bindings = [
        {name: json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    document = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    separators = None if indent else (",", ":")
    return json.dumps(document, ensure_ascii=False, indent=indent, separators=separators) + "\n"


def _xml_attribute(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


def _xml_term(term: Term | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            language = _xml_attribute(term.language)
            return f'<literal xml:lang="{language}">{xml_escape(term.value)}</literal>'
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            datatype = _xml_attribute(term.datatype.value)
            return f'<literal datatype="{datatype}">{xml_escape(term.value)}</literal>'
        return f"<literal>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(str(term))}</literal>"


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def _xml_solutions(names: Sequence[str], rows: Iterable[Row]) -> str:
    out = [_XML_HEAD, "<head>"]
    out += [f'<variable name="{_xml_attribute(name)}"/>' for name in names]
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for name, term in zip(names, row, strict=True):
            if term is not None:
                out.append(f'<binding name="{_xml_attribute(name)}">{_xml_term(term)}</binding>')
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out)


def _csv_solutions(names: Sequence[str], rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([["" if t is None else t.value for t in row] for row in rows])
    return buffer.getvalue()


def _tsv_solutions(names: Sequence[str], rows: Iterable[Row]) -> str:
    lines = ["\t".join(f"?{name}" for name in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def solutions_text(
    kind: str, names: Sequence[str], rows: Iterable[Row], indent: int | None = None
) -> str:
    """SELECT solutions in one of RESULT_KINDS (``indent`` only changes JSON).

    >>> print(solutions_text("csv", ["n"], [(ox.Literal("Niger"),)]), end="")
    n\r
    Niger\r
    """
    if kind == "json":
        return _json_solutions(names, rows, indent)
    writers = {"xml": _xml_solutions, "csv": _csv_solutions, "tsv": _tsv_solutions}
    return writers[kind](names, rows)


def solutions_bytes(kind: str, names: Sequence[str], rows: Iterable[Row]) -> bytes:
    """SELECT solutions in one of RESULT_KINDS, as the server sends them."""
    return solutions_text(kind, names, rows).encode()


def boolean_text(kind: str, value: bool) -> str:
    """An ASK answer in one of RESULT_KINDS."""
    word = "true" if value else "false"
    if kind == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if kind == "xml":
        return f"{_XML_HEAD}<head/><boolean>{word}</boolean></sparql>\n"
    return word + "\r\n"


def boolean_bytes(kind: str, value: bool) -> bytes:
    """An ASK answer in one of RESULT_KINDS, as the server sends it."""
    return boolean_text(kind, value).encode()


def write_result(result: QueryResult, fmt: str, out: TextIO, *, title: str = "") -> None:
    """Write any query result to ``out`` in ``fmt``: "table" or one of RESULT_KINDS."""
    if isinstance(result, list):
        for triple in result:
            out.write(f"{triple.subject} {triple.predicate} {triple.object} .\n")
    elif isinstance(result, bool):
        out.write(boolean_text(fmt, result) if fmt in RESULT_KINDS else f"{str(result).lower()}\n")
    elif fmt in RESULT_KINDS:
        out.write(solutions_text(fmt, result.variables, result.rows, indent=1))
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
