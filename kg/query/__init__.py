"""Running SPARQL: ad-hoc text, ``.rq`` files and the named queries.

A named query is a ``.rq`` file in ``kg/queries/``. Its opening comment says
what it answers (first line), declares parameters and shows an example::

    # Which states were members of an organisation, and since when?
    #
    # param ?organisation entity (default: aes): the organisation
    # Example: kg query --name members --as-of 2024-08-01

A line ``# as-of: ?var`` inside the query marks the statement variable the
as-of rule filters; ``--as-of`` expands it (kg/temporal.py). Parameters are
parsed into RDF terms and bound by the store, never pasted into the text: a
``VALUES`` line at the top of the query, and again after each ``# values:
?var`` line, which starts a ``UNION`` branch that reads the parameter
(kg.store.sparql_text.with_values, docs/queries.md).

The query stage is this package:

- here, running queries: ad-hoc, from files and by name, with their citations;
- ``kg.query.formats``: results written as a reading table and in the SPARQL 1.1
  result formats, for the CLI and the server alike;
- ``kg.query.guard``: what an untrusted SPARQL text asks for, read by a real
  parser, so the server refuses updates, ``LOAD`` and ``SERVICE``;
- ``kg.query.page``: the query page for readers (the server's ``/`` and the
  portable explorer's query tab), as Python describes it to the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.citations import with_citations
from kg.entities import EntityResolver
from kg.errors import BadParameter, QueryError, UnknownQuery
from kg.resources import QUERIES_DIR
from kg.store import QueryResult, SelectResult, Store
from kg.store.sparql_text import Term
from kg.temporal import AS_OF_VARIABLE, PartialDate, expand_as_of, takes_as_of
from kg.vocab import XSD_DATE

_PARAM = re.compile(
    r"^#\s*param\s+\?(?P<name>\w+)\s+(?P<kind>entity|date|string|integer)"
    r"(?:\s+\(default:\s*(?P<default>[^)]+)\))?\s*:\s*(?P<text>.*)$"
)
_EXAMPLE = re.compile(r"^#\s*Example:\s*(?P<example>.+)$")


@dataclass(frozen=True)
class Parameter:
    """A parameter a named query declares."""

    name: str
    kind: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A shipped ``.rq`` file with its header read."""

    name: str
    description: str
    text: str
    path: Path
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    example: str = ""

    @property
    def takes_as_of(self) -> bool:
        return takes_as_of(self.text)


def read_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"{path}: cannot read: {err}") from None
    parameters, example = [], ""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _PARAM.match(line):
            parameters.append(
                Parameter(match["name"], match["kind"], match["text"].strip(), match["default"])
            )
        elif match := _EXAMPLE.match(line):
            example = match["example"].strip()
    description = _first_paragraph(text)
    return NamedQuery(path.stem, description, text, path, tuple(parameters), example)


def _first_paragraph(text: str) -> str:
    """The header comment's first paragraph, joined into one line."""
    lines: list[str] = []
    for line in text.splitlines():
        words = line.lstrip("#").strip()
        if not line.startswith("#") or (not words and lines):
            break
        if words:
            lines.append(words)
    return " ".join(lines)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The shipped named queries by name."""
    return {p.stem: read_query_file(p) for p in sorted(QUERIES_DIR.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    """One named query; UnknownQuery lists the names when there is none."""
    queries = named_queries()
    if name not in queries:
        listing = ", ".join(queries)
        raise UnknownQuery(f"no named query {name!r}; the named queries are: {listing}")
    return queries[name]


def _parse_value(resolver: EntityResolver, kind: str, value: str) -> Term:
    if kind == "entity":
        return resolver.resolve(value)
    if kind == "date":
        return Literal(PartialDate.parse(value).day.isoformat(), datatype=XSD_DATE)
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value.strip()):
            raise BadParameter(f"{value!r} is not an integer")
        return Literal(
            value.strip(), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    return Literal(value)


def bind_parameters(store: Store, query: NamedQuery, given: Mapping[str, str]) -> dict[str, Term]:
    """Parse ``given`` (and defaults) into terms for the query's declared parameters.

    For an undeclared query (ad-hoc text) every parameter is an entity name
    when it resolves, else a plain string.
    """
    declared = {p.name: p for p in query.parameters}
    resolver = EntityResolver(store)
    bindings: dict[str, Term] = {}
    if declared:
        unknown = sorted(set(given) - set(declared))
        if unknown:
            names = ", ".join(declared)
            raise BadParameter(f"{query.name} takes no parameter {unknown[0]!r}; it takes: {names}")
        for parameter in query.parameters:
            value = given.get(parameter.name, parameter.default)
            if value is not None:
                bindings[parameter.name] = _parse_value(resolver, parameter.kind, value)
        return bindings
    for name, value in given.items():
        try:
            bindings[name] = _parse_value(resolver, "entity", value)
        except Exception:
            bindings[name] = Literal(value)
    return bindings


def run(
    store: Store,
    query: NamedQuery,
    *,
    as_of: date | None = None,
    params: Mapping[str, str] | None = None,
    certain_only: bool = False,
) -> QueryResult:
    """Run a query with its parameters and, if given, the as-of day.

    With ``as_of`` each row of a named query carries its ``certainty``
    ("certain" or "possible") and, for a possible one, the ``reason``;
    ``certain_only`` keeps the certain rows.
    """
    bindings = bind_parameters(store, query, params or {})
    text = query.text
    if as_of is not None:
        if not query.takes_as_of:
            raise BadParameter(
                f"{query.name} does not filter by date: it has no '# as-of: ?statement' line"
            )
        text = expand_as_of(text)
        bindings[AS_OF_VARIABLE] = Literal(as_of.isoformat(), datatype=XSD_DATE)
    elif certain_only:
        raise BadParameter("--certain needs --as-of: certainty is about a day")
    try:
        result = store.query(text, bindings)
    except QueryError as err:
        if query.path.suffix != ".rq":
            raise
        raise QueryError(f"{query.path}: {err}") from None
    if certain_only:
        if not isinstance(result, SelectResult) or "certainty" not in result.variables:
            raise BadParameter(f"{query.name} has no certainty column to keep certain rows by")
        column = result.variables.index("certainty")
        kept = [
            row for row in result.rows if row[column] is not None and row[column].value == "certain"
        ]
        result = SelectResult(result.variables, kept)
    return result


def run_select(
    store: Store,
    query: NamedQuery,
    *,
    as_of: date | None = None,
    params: Mapping[str, str] | None = None,
) -> SelectResult:
    """``run`` for a query the caller reads as rows: its SelectResult, or
    QueryError naming the query if it is an ASK, CONSTRUCT or DESCRIBE."""
    result = run(store, query, as_of=as_of, params=params)
    if not isinstance(result, SelectResult):
        raise QueryError(f"{query.name} is not a SELECT query: it gives no rows")
    return result


def run_cited(
    store: Store,
    query: NamedQuery,
    *,
    as_of: date | None = None,
    params: Mapping[str, str] | None = None,
    certain_only: bool = False,
) -> QueryResult:
    """``run``, and a SELECT's sources cited as a reader sees them: a ``citations``
    column after its ``sources`` column (kg.citations), as `kg query` and `kg ask` show."""
    result = run(store, query, as_of=as_of, params=params, certain_only=certain_only)
    return with_citations(result, store) if isinstance(result, SelectResult) else result


def adhoc(text: str, name: str = "query") -> NamedQuery:
    """Wrap ad-hoc SPARQL text (from ``-e`` or a file) as a query."""
    return NamedQuery(name, "", text, Path(name))
