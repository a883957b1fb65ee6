"""Helpers for SPARQL text: placing bound parameters without pasting strings.

Engines without a usable binding API get parameters as a ``VALUES`` block
serialised from the parsed RDF term (pyoxigraph terms print as SPARQL
syntax), placed at the start of the query's outer group so that every
pattern and ``FILTER NOT EXISTS`` inside it sees the value, or, for a
variable the query marks with ``# values: ?name`` lines, there too (at the
start of each branch of a ``UNION``: Oxigraph plans a branch without the
bindings of the group around it, so a value bound only there reached the
branch after it had read every row; docs/queries.md).

>>> from pyoxigraph import NamedNode
>>> with_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": NamedNode("http://e/x")})
'SELECT ?s WHERE {\\nVALUES ?s { <http://e/x> }\\n ?s ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pyoxigraph import BlankNode, Literal, NamedNode

from kg.errors import QueryError

Term = NamedNode | BlankNode | Literal

_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_]+")


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        return len(text) if end < 0 else end + 3
    i += 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _tokens(text: str):
    """Yield (index, char) of each brace, bracket and parenthesis outside
    comments, strings and IRIs, and (index, WORD) for each keyword."""
    i = 0
    while i < len(text):
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif char in "\"'":
            i = _skip_string(text, i)
        elif char == "<" and (match := _IRI.match(text, i)):
            i = match.end()
        elif char in "{}()[]":
            yield i, char
            i += 1
        elif match := _WORD.match(text, i):
            yield i, match.group().upper()
            i = match.end()
        else:
            i += 1


MAX_NESTING = 1000  # Oxigraph 0.5's parser overflows its stack somewhere past 2,000


_CHARACTER_CLASS = re.compile(r"\[[^\]]*\\u\{[^\]]*\]", re.S)


def syntax_message(err: Exception) -> str:
    """A SPARQL parser's error as one readable line.

    Oxigraph lists the characters it expected as Unicode ranges over several
    lines; they become "a letter" and "a digit", and "[_]" (any character)
    goes.

    >>> syntax_message(SyntaxError("error at 1:5: expected one of ['0'..='9'], [_]"))
    'invalid SPARQL: error at 1:5: expected one of a digit'
    """
    text = _CHARACTER_CLASS.sub("a letter", str(err))
    text = text.replace("['0'..='9']", "a digit").replace("['_']", "'_'")
    text = re.sub(r"(, )?\[_\]", "", text)
    return "invalid SPARQL: " + " ".join(text.split())


def nesting_depth(query: str) -> int:
    """How deeply groups, brackets and parentheses nest, outside strings,
    IRIs and comments.

    >>> nesting_depth('SELECT * { FILTER((1)) "((((" }')
    3
    """
    depth = deepest = 0
    for _, token in _tokens(query):
        if token in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "})]":
            depth -= 1
    return deepest


def check_nesting(query: str) -> None:
    """QueryError for a query nested deeper than an engine can parse safely."""
    depth = nesting_depth(query)
    if depth > MAX_NESTING:
        raise QueryError(
            f"the query nests {depth} levels deep; the limit is {MAX_NESTING}: "
            "flatten its groups or expressions"
        )


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query.

    >>> query_form("PREFIX x: <http://e/select#> ASK { ?s ?p ?o }")
    'ASK'
    """
    for _, token in _tokens(query):
        if token in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
            return token
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def outer_group_start(query: str) -> int:
    """Index just after the ``{`` that opens the query's WHERE group."""
    tokens = list(_tokens(query))
    form = next((t for _, t in tokens if t in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}), None)
    skip_template = form == "CONSTRUCT"
    depth = 0
    for position, (index, token) in enumerate(tokens):
        if token == "CONSTRUCT":
            following = tokens[position + 1][1] if position + 1 < len(tokens) else None
            skip_template = following == "{"
        if token == "{":
            if depth == 0 and not skip_template:
                return index + 1
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
    raise QueryError("the query has no WHERE group to bind parameters in")


def outer_group_end(query: str) -> int:
    """Index of the ``}`` that closes the query's WHERE group.

    >>> q = "SELECT ?s WHERE { ?s ?p ?o { ?o ?q ?r } } ORDER BY ?s"
    >>> q[outer_group_end(q):]
    '} ORDER BY ?s'
    """
    return outer_clause_after(query, 0, ())


def outer_clause_after(query: str, index: int, keywords: tuple[str, ...]) -> int:
    """Index of the first of ``keywords`` at the top level of the WHERE group
    at or after ``index``, else of the ``}`` that closes the group.

    >>> q = "SELECT * { ?s ?p ?optional OPTIONAL { ?o ?q ?r } BIND(1 AS ?one) }"
    >>> q[outer_clause_after(q, 0, ("OPTIONAL", "BIND")):]
    'OPTIONAL { ?o ?q ?r } BIND(1 AS ?one) }'
    """
    start = outer_group_start(query)
    depth = 1
    for index_in, token in _tokens(query[start:]):
        at = start + index_in
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return at
        elif depth == 1 and token in keywords and at >= index and query[at - 1] not in "?$:":
            return at
    raise QueryError("the query's WHERE group is not closed")


_VALUES_MARK = re.compile(r"^[ \t]*#[ \t]*values:[ \t]*\?(?P<name>\w+)[ \t]*$", re.MULTILINE)


def values_places(query: str) -> list[tuple[int, str | None]]:
    """Where ``with_values`` writes bindings, in text order: ``(index, None)``
    at the top of the WHERE group, for every bound variable, and ``(index,
    name)`` after each ``# values: ?name`` line, for that variable again.

    >>> q = "SELECT * WHERE { {\\n # values: ?s\\n ?s ?p ?o } UNION { ?s ?q ?o } }"
    >>> [(q[at - 4:at], name) for at, name in values_places(q)]
    [('RE {', None), (': ?s', 's')]
    """
    marks = [(m.end(), m["name"]) for m in _VALUES_MARK.finditer(query)]
    return sorted([(outer_group_start(query), None), *marks])


def with_values(query: str, bindings: Mapping[str, Term], *, as_bind: bool = False) -> str:
    """``query`` with one ``VALUES`` line per binding at the top of its WHERE
    group, and one more after each ``# values: ?name`` line for that name.

    Bound at the top too, the value still leads the query's plan: bound only
    in the branches, Oxigraph started foreign-forces from the as-of day's
    rows (7 s at 1M triples against 22 ms).

    ``as_bind`` writes ``BIND(term AS ?name)`` instead: the same for one
    value, and what Virtuoso 7.2.5 needs (some queries comparing dates with a
    ``VALUES``-bound day hang it for good).

    >>> from pyoxigraph import NamedNode
    >>> branch = "{\\n # values: ?s\\n ?s ?p ?o }"
    >>> q = "SELECT * WHERE { " + branch + " UNION " + branch.replace("?p", "?q") + " }"
    >>> print(with_values(q, {"s": NamedNode("http://e/x")}))
    SELECT * WHERE {
    VALUES ?s { <http://e/x> }
     {
     # values: ?s
    VALUES ?s { <http://e/x> }
     ?s ?p ?o } UNION {
     # values: ?s
    VALUES ?s { <http://e/x> }
     ?s ?q ?o } }
    """
    if not bindings:
        return query
    line = "\nBIND({term} AS ?{name})" if as_bind else "\nVALUES ?{name} {{ {term} }}"
    pieces, last = [], 0
    for at, name in values_places(query):
        names = list(bindings) if name is None else [name]
        block = "".join(line.format(name=n, term=bindings[n]) for n in names if n in bindings)
        pieces += [query[last:at], block + "\n" if block and name is None else block]
        last = at
    return "".join([*pieces, query[last:]])


def with_value_list(query: str, name: str, terms: list[Term]) -> str:
    """``query`` with ``?name`` limited to ``terms`` by one ``VALUES`` line at
    the top of its WHERE group.

    >>> with_value_list("SELECT ?s WHERE { ?s ?p ?o }", "s", [NamedNode("http://e/a")]).split()
    ['SELECT', '?s', 'WHERE', '{', 'VALUES', '?s', '{', '<http://e/a>', '}', '?s', '?p', '?o', '}']
    """
    start = outer_group_start(query)
    listed = " ".join(str(term) for term in terms)
    return query[:start] + f"\nVALUES ?{name} {{ {listed} }}\n" + query[start:]
