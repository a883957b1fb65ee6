"""Every query the package ships has a shape whose cost follows its answer.

Oxigraph 0.5 evaluates an OPTIONAL whose group joins two or more triple
patterns to the outer pattern (``OPTIONAL { ?m kg:start ?s ; kg:startPrecision
?u }``) over the whole graph, then joins the result: at 1M triples that took
0.6-1.2 s where one OPTIONAL per property took under 1 ms, with the same
answer (docs/queries.md, benchmarks/results/query-shapes.md). An OPTIONAL
that joins only on a variable an earlier OPTIONAL may have left unbound
(``OPTIONAL { ?m kg:source ?s } OPTIONAL { ?s dcterms:title ?t }``) cannot
start from the outer rows either. This lint reads every ``.rq`` file with
rdflib's SPARQL algebra, as written and with its as-of rule expanded, and
names each OPTIONAL of either shape. A walk up the chains of kg:partOf /
kg:subordinateTo joined to a query's rows is named too: the derive step
writes where each actor sits as kg:within.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Variable
from rdflib.paths import AlternativePath, MulPath
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from kg.resources import CHECKS_DIR, PACKAGE_DIR, QUERIES_DIR
from kg.temporal import expand_as_of, takes_as_of
from kg.vocab import PREFIXES, shorten

# Every query the package runs; the as-of fragment is checked in the queries it expands into.
QUERY_FILES = sorted(
    path
    for path in [*QUERIES_DIR.rglob("*.rq"), *CHECKS_DIR.glob("*.rq")]
    if path.parent.name != "fragments"
)


def _term(term: object) -> str:
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, PropertyPath):
        return re.sub(r"<([^>]*)>", lambda iri: shorten(iri.group(1)), term.n3())
    return term.n3()


def _pattern(triples: list) -> str:
    return " . ".join(" ".join(_term(t) for t in triple) for triple in triples)


def _variables(triple: tuple) -> set[Variable]:
    return {t for t in triple if isinstance(t, Variable)}


def _bgp(node: object) -> CompValue | None:
    """The basic graph pattern an OPTIONAL's group is, under any FILTER or BIND."""
    while isinstance(node, CompValue) and node.name in ("Filter", "Extend"):
        node = node.p
    return node if isinstance(node, CompValue) and node.name == "BGP" else None


def _always_bound(node: object) -> set[Variable]:
    """The variables every solution of ``node`` binds (BIND may fail: not counted)."""
    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "BGP":
        return {v for triple in node.triples for v in _variables(triple)}
    if name == "Join":
        return _always_bound(node.p1) | _always_bound(node.p2)
    if name in ("LeftJoin", "Minus"):
        return _always_bound(node.p1)
    if name == "Union":
        return _always_bound(node.p1) & _always_bound(node.p2)
    if name == "Extend":
        # BIND may fail, except COALESCE over a variable every row binds.
        bound = _always_bound(node.p)
        expr = node.expr
        coalesced = getattr(expr, "name", None) == "Builtin_COALESCE" and any(
            isinstance(arg, Variable) and arg in bound for arg in expr.arg
        )
        return bound | {node.var} if coalesced else bound
    if name in ("Filter", "ToMultiSet", "Project", "Distinct", "Reduced", "OrderBy"):
        return _always_bound(node.p)
    if name == "Graph":
        bound = _always_bound(node.p)
        return bound | ({node.term} if isinstance(node.term, Variable) else set())
    if name == "values":
        rows = [{k for k, v in row.items() if v is not None} for row in node.res or []]
        return set.intersection(*rows) if rows else set()
    # Sub-selects, aggregates and anything else: trust every variable they show.
    return set(getattr(node, "_vars", set()))


def _walk(node: object):
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


def slow_optionals(text: str) -> list[str]:
    """Each OPTIONAL of ``text`` whose shape makes it read the whole graph, in words.

    >>> slow_optionals("SELECT * { ?m a kg:Membership OPTIONAL { ?m kg:start ?s } }")
    []
    """
    query = prepareQuery(text, initNs=PREFIXES)
    found = []
    for node in _walk(query.algebra):
        if node.name != "LeftJoin":
            continue
        outer = set(node.p1._vars)
        bgp = _bgp(node.p2)
        if bgp is not None:
            joined = [t for t in bgp.triples if _variables(t) & outer]
            if len(joined) > 1:
                on = sorted({f"?{v}" for t in joined for v in _variables(t) & outer})
                found.append(
                    f"OPTIONAL {{ {_pattern(bgp.triples)} }} joins {len(joined)} patterns to the"
                    f" outer pattern (on {', '.join(on)}): write one OPTIONAL per property"
                )
        shared = set(node.p2._vars) & outer
        if shared and not shared & _always_bound(node.p1):
            inner = _pattern(bgp.triples) if bgp is not None else "..."
            names = ", ".join(sorted(f"?{v}" for v in shared))
            found.append(
                f"OPTIONAL {{ {inner} }} joins only on {names}, which an outer row may leave"
                " unbound (an earlier OPTIONAL or one side of a UNION binds it): join it on a"
                " variable every outer row binds"
            )
    return found


CHAIN_PROPERTIES = {URIRef(PREFIXES["kg"] + "partOf"), URIRef(PREFIXES["kg"] + "subordinateTo")}


def chain_walks(text: str) -> list[str]:
    """Each ``(kg:partOf|kg:subordinateTo)*`` path of ``text``, in words: the
    derive step writes it as ``kg:within`` (kg/queries/derive/within.rq), a
    plain triple an engine can start from, where Oxigraph walked the path once
    for every row it was joined to (2 s against 1 ms at 1M triples).

    >>> chain_walks("SELECT * { ?p kg:from ?force . ?force kg:within id:russia }")
    []
    """
    query = prepareQuery(text, initNs=PREFIXES)
    found = []
    for node in _walk(query.algebra):
        if node.name != "BGP":
            continue
        for triple in node.triples:
            path = triple[1]
            if not (isinstance(path, MulPath) and path.mod == "*"):
                continue
            steps = path.path.args if isinstance(path.path, AlternativePath) else [path.path]
            if set(steps) == CHAIN_PROPERTIES:
                found.append(f"{_pattern([triple])}: read kg:within instead of walking the chain")
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in QUERY_FILES if p.parent.name != "derive"],
    ids=lambda p: str(p.relative_to(PACKAGE_DIR)),
)
def test_no_query_walks_the_chain_of_command(path: Path):
    assert not chain_walks(path.read_text(encoding="utf-8"))


def test_a_walk_up_the_chain_is_named():
    walk = "SELECT * { ?p kg:from ?force . ?force (kg:subordinateTo|kg:partOf)* id:russia }"
    assert chain_walks(walk) == [
        "?force (kg:subordinateTo|kg:partOf)* id:russia: read kg:within instead of walking the"
        " chain"
    ]


_PARAMETER = re.compile(r"^#\s*param\s+\?(\w+)", re.MULTILINE)
_VALUES_LINE = re.compile(r"^[ \t]*#[ \t]*values:[ \t]*\?(\w+)[ \t]*$", re.MULTILINE)


def parameters_only_in_branches(text: str) -> list[str]:
    """Each parameter (``# param ?x``) that only the branches of a UNION read,
    with no ``# values: ?x`` line to bind it there: Oxigraph plans a branch
    without the bindings around it, so the branch reads every row before the
    parameter narrows them (foreign-forces with a state: 0.28 s at 1M triples
    against 22 ms with the lines; docs/queries.md).

    >>> parameters_only_in_branches(
    ...     "# param ?s entity\\nSELECT * { { ?m kg:from ?s } UNION { ?m kg:to ?s } }")
    ['?s is read only inside a UNION: bind it in each branch with a `# values: ?s` line']
    """
    marked = set(_VALUES_LINE.findall(text))
    algebra = prepareQuery(text, initNs=PREFIXES).algebra
    in_branches = {
        id(bgp) for union in _walk(algebra) if union.name == "Union" for bgp in _walk(union)
    }
    inside: set[Variable] = set()
    outside: set[Variable] = set()
    for bgp in _walk(algebra):
        if bgp.name == "BGP":
            read = {v for triple in bgp.triples for v in _variables(triple)}
            (inside if id(bgp) in in_branches else outside).update(read)
    return [
        f"?{name} is read only inside a UNION: bind it in each branch with a"
        f" `# values: ?{name}` line"
        for name in _PARAMETER.findall(text)
        if Variable(name) in inside - outside and name not in marked
    ]


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_no_parameter_is_left_outside_the_branches_that_read_it(path: Path):
    assert not parameters_only_in_branches(path.read_text(encoding="utf-8"))


def test_a_parameter_read_only_in_branches_is_named_and_the_lines_pass():
    text = (QUERIES_DIR / "western-exits.rq").read_text(encoding="utf-8")
    assert parameters_only_in_branches(text) == []
    unmarked = _VALUES_LINE.sub("", text)
    assert parameters_only_in_branches(unmarked) == [
        "?state is read only inside a UNION: bind it in each branch with a `# values: ?state` line"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_no_optional_reads_the_whole_graph(path: Path):
    text = path.read_text(encoding="utf-8")
    texts = {"": text}
    if takes_as_of(text):
        texts[" (as-of expanded)"] = expand_as_of(text)
    problems = [
        f"{path.relative_to(PACKAGE_DIR.parent)}{label}: {problem}"
        for label, version in texts.items()
        for problem in slow_optionals(version)
    ]
    assert not problems, "\n".join(problems)


def test_two_properties_in_one_optional_are_named():
    bad = "SELECT * { ?m a kg:Membership OPTIONAL { ?m kg:start ?s ; kg:startPrecision ?u } }"
    assert slow_optionals(bad) == [
        "OPTIONAL { ?m kg:start ?s . ?m kg:startPrecision ?u } joins 2 patterns to the outer"
        " pattern (on ?m): write one OPTIONAL per property"
    ]


def test_one_optional_per_property_passes():
    good = """SELECT * { ?m a kg:Membership
      OPTIONAL { ?m kg:start ?s } OPTIONAL { ?m kg:startPrecision ?u } }"""
    assert slow_optionals(good) == []


def test_a_chain_from_one_bound_variable_passes():
    # Only the first pattern touches the outer row: Oxigraph starts from it.
    chain = """SELECT * { ?d a kg:Deployment
      OPTIONAL { ?d kg:quantity ?q . ?q kg:value ?size ; kg:approximate ?about } }"""
    assert slow_optionals(chain) == []


def test_a_second_pattern_sharing_an_outer_object_is_named():
    bad = "SELECT * { ?m kg:from ?x OPTIONAL { ?x skos:prefLabel ?l ; a ?type } }"
    assert len(slow_optionals(bad)) == 1


def test_an_optional_joined_on_a_coalesce_of_a_bound_variable_passes():
    text = (
        "SELECT * { ?p kg:from ?force OPTIONAL { ?force kg:partOf ?top }"
        " BIND(COALESCE(?top, ?force) AS ?sender)"
        " OPTIONAL { ?sender skos:prefLabel ?label } }"
    )
    assert slow_optionals(text) == []
    unsure = text.replace("COALESCE(?top, ?force)", "COALESCE(?top)")
    assert len(slow_optionals(unsure)) == 1


def test_an_optional_joined_on_an_optional_variable_is_named():
    bad = """SELECT * { ?m a kg:Membership
      OPTIONAL { ?m kg:source ?s } OPTIONAL { ?s dcterms:title ?t } }"""
    assert slow_optionals(bad) == [
        "OPTIONAL { ?s dcterms:title ?t } joins only on ?s, which an outer row may leave unbound"
        " (an earlier OPTIONAL or one side of a UNION binds it): join it on a variable every"
        " outer row binds"
    ]
