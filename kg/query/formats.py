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
import os
import re
from collections.abc import Iterable, Sequence
from typing import TextIO
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox

from kg.store import QueryResult, SelectResult
from kg.store.sparql_text import Term
from kg.temporal import written_to_precision
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


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# json.dumps's own string writer (C) with ensure_ascii=False: the same escapes.
_json_string = json.encoder.encode_basestring


def _compact_term(term: Term | ox.Triple) -> str:
    """``json_term(term)`` as compact JSON text, written without building the dict."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _json_string(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _json_string(term.value) + "}"
    if isinstance(term, ox.Literal):
        value = '{"type":"literal","value":' + _json_string(term.value)
        if term.language:
            return value + ',"xml:lang":' + _json_string(term.language) + "}"
        if term.datatype.value != _XSD_STRING:
            return value + ',"datatype":' + _json_string(term.datatype.value) + "}"
        return value + "}"
    return '{"type":"triple","value":' + _json_string(str(term)) + "}"


def json_rows(names: Sequence[str], rows: Iterable[Row]) -> list[str]:
    """Each row as its compact SPARQL JSON binding object, the text ``json_document``
    joins. A term met again (an IRI in many rows) is written once.

    >>> json_rows(["n", "x"], [(ox.Literal("Niger", language="fr"), None)])
    ['{"n":{"type":"literal","value":"Niger","xml:lang":"fr"}}']
    """
    keys = [_json_string(name) + ":" for name in names]
    written: dict[Term | ox.Triple, str] = {}
    out = []
    for row in rows:
        parts = []
        for key, term in zip(keys, row, strict=True):
            if term is None:
                continue
            text = written.get(term)
            if text is None:
                text = written[term] = _compact_term(term)
            parts.append(key + text)
        out.append("{" + ",".join(parts) + "}")
    return out


def json_document(names: Sequence[str], rows: Sequence[str]) -> str:
    """The compact SPARQL JSON results document of rows written by ``json_rows``.

    >>> json_document(["n"], [])
    '{"head":{"vars":["n"]},"results":{"bindings":[]}}\\n'
    """
    head = ",".join(_json_string(name) for name in names)
    return '{"head":{"vars":[' + head + ']},"results":{"bindings":[' + ",".join(rows) + "]}}\n"


def _json_solutions(names: Sequence[str], rows: Iterable[Row], indent: int | None) -> str:
    if not indent:
        return json_document(names, json_rows(names, rows))
    bindings = [
        {name: json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    document = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=indent) + "\n"


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


# Columns a reader sees whole on one line: dates, identifiers, short words.
_NO_WRAP = re.compile(
    r"^(start|end|date|attested|endAnnounced|announced|since|until|day"
    r"|certainty|status|kind|role|precision)$|(Day|Date|Start|End)$"
)
_WRAPPED_WIDTH = 18  # the least width a wrapped column gets before rows become records
_LONGEST_IDENTIFIER = 60  # a longer word (an address) may be folded


def _identifiers(cells: list[str]) -> bool:
    """Whether a column holds one word a cell, none too long: identifiers such
    as ``st:wagner-deployment-mali``, read whole or not at all.

    >>> _identifiers(["id:niger", "", "st:wagner-deployment-mali"]), _identifiers(["Le Monde"])
    (True, False)
    """
    return all(
        len(cell) <= _LONGEST_IDENTIFIER and not any(c.isspace() for c in cell) for cell in cells
    )


def reading_columns(result: SelectResult) -> tuple[list[str], list[list[str]], list[bool]]:
    """What a reader is shown: names, cell texts, and which rows are only possible.

    An IRI column is left out where a ``...Label`` column names it (which
    then takes its name), ``sources``
    where ``citations`` cites them, and a ``...Precision`` column is applied to
    its date (``2016-02`` for a month), then dropped; so are columns empty in
    every row (a query's ``certainty`` and ``reason`` without ``--as-of``).

    >>> r = SelectResult(["x", "xLabel", "start", "startPrecision"],
    ...     [(ox.NamedNode("http://e/x"), ox.Literal("X"), ox.Literal("2016-02-01"),
    ...       ox.Literal("month"))])
    >>> reading_columns(r)[:2]
    (['x', 'start'], [['X', '2016-02']])
    """
    names = result.variables
    texts = [[display(term) for term in row] for row in result.rows]
    for i, name in enumerate(names):
        precision = names.index(f"{name}Precision") if f"{name}Precision" in names else None
        if precision is None:
            continue
        for row in texts:
            row[i] = written_to_precision(row[i], row[precision])
    hidden = {f"{name}Precision" for name in names}
    hidden |= {name for name in names if f"{name}Label" in names}
    if "citations" in names:
        hidden.add("sources")
    shown = [
        i for i, name in enumerate(names) if name not in hidden and any(row[i] for row in texts)
    ] or list(range(len(names)))
    possible = [
        "certainty" in names and row[names.index("certainty")] == "possible" for row in texts
    ]
    shown_names = [
        names[i][: -len("Label")] if names[i][: -len("Label")] in hidden else names[i]
        for i in shown
    ]
    return shown_names, [[row[i] for i in shown] for row in texts], possible


def _terminal_width(out: TextIO) -> int | None:
    """The terminal's width; when piped, $COLUMNS if set, else 200."""
    if out.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= 20 else 200


def write_table(result: SelectResult, out: TextIO, *, title: str = "") -> None:
    """A rich table sized to the terminal; rows as records where it does not fit.

    The table keeps dates, identifiers and short words on one line; when the
    columns would need to be squeezed below that (or below 18 characters for
    text), each row is printed as a block of "name  value" lines instead, as
    psql's expanded display does. A row whose ``certainty`` is "possible" is
    drawn dim, its ``reason`` saying why. Values are shown as text, never read
    as rich markup.
    """
    from rich.console import Console
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    names, rows, possible = reading_columns(result)
    console = Console(file=out, width=_terminal_width(out), highlight=False, soft_wrap=False)
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(names)]
    fixed = [
        bool(_NO_WRAP.search(name)) or _identifiers([row[i] for row in rows])
        for i, name in enumerate(names)
    ]
    needed = sum(w if f else min(w, _WRAPPED_WIDTH) for w, f in zip(widths, fixed, strict=True))
    needed += 3 * len(names) + 1  # borders and padding
    if needed <= console.width:
        table = Table(title=title or None, header_style="bold")
        for name, no_wrap in zip(names, fixed, strict=True):
            table.add_column(name, no_wrap=no_wrap, overflow="fold")
        for row, dim in zip(rows, possible, strict=True):
            table.add_row(*(Text(cell) for cell in row), style="dim" if dim else None)
        console.print(table)
    else:
        if title:
            console.print(Text(title, style="bold"))
        key_width = max(len(name) for name in names)
        for n, (row, dim) in enumerate(zip(rows, possible, strict=True), start=1):
            console.print(Rule(f"{n}", align="left", style="dim"))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", width=key_width, no_wrap=True)
            grid.add_column(overflow="fold")
            for name, cell in zip(names, row, strict=True):
                if cell:
                    grid.add_row(name, Text(cell), style="dim" if dim else None)
            console.print(grid)
    console.print(f"{len(result.rows)} row(s)", style="dim")


def render(result: QueryResult, fmt: str) -> str:
    """The result as a string (what ``write_result`` would write)."""
    buffer = io.StringIO()
    write_result(result, fmt, buffer)
    return buffer.getvalue()
