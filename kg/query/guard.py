"""What an untrusted SPARQL text asks for, read by a real parser.

The endpoint must refuse updates, ``LOAD`` and federated ``SERVICE`` calls.
Deciding that from keywords in the text is unsafe: a scanner and the engine
can tokenise the same characters differently (``FILTER(1<2)SERVICE#>``
reads as an IRI to a scanner and as a less-than, ``SERVICE`` and a comment
to the engine). So the text is parsed with rdflib's SPARQL 1.1 grammar, which
expands ``\\u`` escapes and skips comments as the standard says, and the
parse tree is walked for every ``SERVICE`` pattern, whether its endpoint is
an IRI, a prefixed name or a variable bound by ``VALUES``. A text that does
not parse as a query is refused, never passed on: it is an update (refused
as such) or invalid SPARQL.

The workers that run client queries are also cut off from the network
(``kg.server.workers``), so the engine cannot fetch a URL even if a query
slipped past this check.

The same walk gives a rough cost class (``looks_quick``), so the server can
keep a worker for quick queries while long ones run.

>>> inspect_query("SELECT * WHERE { ?s ?p ?o }")
QueryShape(form='SELECT', service=False, dataset=False, quick=False)
>>> inspect_query("ASK FROM <http://e/g> { FILTER(1<2)SERVICE#>\\n<http://e/x> {} }")
QueryShape(form='ASK', service=True, dataset=True, quick=True)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import BNode, Variable

from kg.errors import QueryError, Refused

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
# rdflib's parser recurses a few dozen frames per nesting level; give it room
# for queries nested well beyond what people write, and refuse deeper ones.
PARSER_RECURSION_LIMIT = 4000


@dataclass(frozen=True)
class QueryShape:
    """What a parsed query asks for."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    service: bool  # has a SERVICE pattern anywhere
    dataset: bool  # names its own dataset with FROM / FROM NAMED
    quick: bool = False  # looks like a lookup (``looks_quick``), not a scan or a product


def _nodes(tree: Any) -> Iterator[CompValue]:
    """Every grammar node of a parse tree, without recursion (trees can be deep)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(dict.values(node))
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)


def _parse(parser: Any, text: str) -> Any:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, PARSER_RECURSION_LIMIT))
    try:
        return parser(text)
    finally:
        sys.setrecursionlimit(limit)


def _is_update(text: str) -> bool:
    try:
        _parse(parseUpdate, text)
    except (ParseBaseException, RecursionError, ValueError, TypeError):
        return False
    return True


@lru_cache(maxsize=1024)  # a pure function of the text; clients repeat their queries
def inspect_query(text: str) -> QueryShape:
    """Parse ``text`` as a SPARQL 1.1 query and say what it asks for.

    Raises ``Refused`` for an update (``INSERT``, ``LOAD`` ...) and
    ``QueryError`` for anything else that is not a query.
    """
    try:
        tree = _parse(parseQuery, text)
    except RecursionError:
        raise QueryError(
            "the query nests too deeply to be read; flatten its groups or sub-queries"
        ) from None
    except (ParseBaseException, ValueError, TypeError) as err:
        if _is_update(text):
            raise Refused(
                "this endpoint is read-only: SPARQL Update (including LOAD) is refused; "
                "change the data in data/*.ttl and rebuild"
            ) from None
        if isinstance(err, ParseBaseException):
            raise QueryError(f"invalid SPARQL at {err.lineno}:{err.col}: {err.msg}") from None
        raise QueryError(f"invalid SPARQL: {err}") from None
    query = tree[-1]
    form = FORMS.get(getattr(query, "name", ""))
    if form is None:
        raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    service = any(node.name == "ServiceGraphPattern" for node in _nodes(tree))
    return QueryShape(form, service, dataset="datasetClause" in query, quick=looks_quick(tree))


def _triple_patterns(tree: Any) -> Iterator[tuple[Any, Any, Any]]:
    for node in _nodes(tree):
        if node.name == "TriplesBlock":
            for block in node["triples"]:
                terms = list(block)
                yield from zip(terms[0::3], terms[1::3], terms[2::3], strict=True)


def looks_quick(tree: Any) -> bool:
    """Whether a parsed query looks like a lookup: its triple patterns are one
    group joined by shared variables, reached from a constant (an IRI or
    literal as subject or object, or a variable bound by VALUES), and no path
    repeats (``*``, ``+``). A scan (``?s ?p ?o``), a product of unrelated
    patterns or a transitive path fails; a query with no pattern passes.

    A rough class, not a cost: it only decides which queries may use the
    worker kept for quick ones, where a query that runs long is stopped anyway.

    >>> looks_quick(parseQuery("SELECT ?l { <http://e/x> <http://e/p> ?y . ?y ?q ?l }"))
    True
    >>> looks_quick(parseQuery("SELECT * { ?a <http://e/p> <http://e/o> . ?b ?q <http://e/o> }"))
    False
    >>> looks_quick(parseQuery("SELECT * { ?a <http://e/p>+ ?b } VALUES ?a { <http://e/x> }"))
    False
    """
    if any(node.name == "PathElt" and node.get("mod") in ("*", "+") for node in _nodes(tree)):
        return False
    anchors: set[Any] = set()
    for node in _nodes(tree):
        if node.name in ("InlineData", "ValuesClause") and node.get("var") is not None:
            anchors.update(node["var"])
    groups: list[set[Any]] = []  # the variables of each group of joined patterns
    anchored = False
    for subject, predicate, object_ in _triple_patterns(tree):
        free = {t for t in (subject, predicate, object_) if isinstance(t, Variable | BNode)}
        if not free:
            continue
        constant_end = not isinstance(subject, Variable | BNode) or not isinstance(
            object_, Variable | BNode
        )
        anchored = anchored or constant_end or bool(free & anchors)
        joined = [group for group in groups if group & free]
        for group in joined:
            free |= group
            groups.remove(group)
        groups.append(free)
    return not groups or (len(groups) == 1 and anchored)


def check_query(text: str, allow_service: bool = False) -> QueryShape:
    """``inspect_query``, refusing ``SERVICE`` unless the server allows it."""
    shape = inspect_query(text)
    if shape.service and not allow_service:
        raise Refused(
            "SERVICE (federated query) is disabled: this server fetches no URL "
            "unless started with --allow-service"
        )
    return shape
