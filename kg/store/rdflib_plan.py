"""rdflib's query plan, with each filter applied where its variables are bound.

rdflib evaluates a group's FILTERs after the group's whole join, as the
SPARQL algebra writes them: an as-of query that joins two hops keeps every
pair of relationships until the end, then drops the pairs not in effect on
the day (links-between took 27 s on the record). Oxigraph moves a filter to
where its variables are bound; this module does the same to rdflib's algebra
before rdflib evaluates it.

A conjunct of a filter moves into the part of a join (either side), of an
OPTIONAL's left side, or under a BIND, that certainly binds every variable it
reads (or whose value the caller binds for the whole query): there it keeps
or drops the same solutions, earlier. A conjunct with EXISTS or NOT EXISTS
stays where it is: its pattern may read variables bound later.

>>> from rdflib.plugins.sparql import prepareQuery
>>> query = prepareQuery("SELECT * { { ?a <http://e/p> ?x } UNION { ?a <http://e/q> ?x }"
...     " ?b <http://e/p> ?y FILTER(?x > 1 && ?y > 2) }")
>>> where = push_filters_down(query.algebra).p.p
>>> where.name, where.p1.name, where.p2.name
('Join', 'Filter', 'Filter')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

__all__ = ["push_filters_down"]


def push_filters_down(algebra: CompValue, bound: Iterable[str] = ()) -> CompValue:
    """``algebra`` (a translated query, changed in place and returned) with every
    filter conjunct moved to where its variables are bound; ``bound`` names the
    variables the caller binds for the whole query (rdflib's initBindings). Joins
    whose right side reads the left side's bindings correctly are then made lazy."""
    given = {Variable(name) for name in bound}
    _rewrite(algebra, given)
    _lazy_joins(algebra)
    return algebra


# Parts that evaluate correctly with bindings from the left side of a join in
# their context: triple patterns match the bound values, and filters and
# OPTIONALs forget what is not theirs. A BIND, VALUES, subquery or aggregate
# on the right would be merged with the left side's bindings unchecked.
_READS_CONTEXT = {"BGP", "Union", "Filter", "Join", "LeftJoin", "Graph", "Minus"}


def _lazy_joins(node: Any) -> None:
    """Mark every join lazy whose right side reads the left side's bindings
    correctly: rdflib then evaluates it once per left solution with those
    bindings instead of whole, then pairing every two solutions (rdflib marks
    only joins of two plain parts so, never a join of joins)."""
    if isinstance(node, CompValue):
        if node.name == "Join" and _reads_context(node.p2):
            node["lazy"] = True
        for key, value in node.items():
            if not key.startswith("_"):
                _lazy_joins(value)
    elif isinstance(node, list):
        for item in node:
            _lazy_joins(item)


def _reads_context(part: Any) -> bool:
    if not isinstance(part, CompValue):
        return True
    if part.name not in _READS_CONTEXT:
        return False
    return all(_reads_context(part[key]) for key in ("p", "p1", "p2") if key in part)


def _rewrite(node: Any, given: set[Variable]) -> Any:
    """Rewrite the filters below ``node`` (children first), then ``node`` itself."""
    if isinstance(node, CompValue):
        for key, value in list(node.items()):
            if key.startswith("_"):
                continue
            node[key] = _rewrite(value, given)
        # CompValue.get reads a missing key as its own name: ask the dict.
        if node.name == "Filter" and not dict.get(node, "no_isolated_scope"):
            return _push(node, given)
        return node
    if isinstance(node, list):
        return [_rewrite(item, given) for item in node]
    return node


def _push(node: CompValue, given: set[Variable]) -> CompValue:
    kept = []
    part = node.p
    for conjunct in _conjuncts(node.expr):
        if _has_exists(conjunct):
            kept.append(conjunct)
            continue
        needs = _variables(conjunct) - given
        moved = _place(part, conjunct, needs)
        if moved is None:
            kept.append(conjunct)
        else:
            part = moved
    if len(kept) == len(_conjuncts(node.expr)):
        return _filter(node.expr, part) if part is not node.p else node
    for conjunct in kept:  # one filter each: a new AND would lack rdflib's evalfn
        part = _filter(conjunct, part)
    return part


def _place(part: Any, conjunct: Any, needs: set[Variable]) -> CompValue | None:
    """``part`` with ``conjunct`` applied as deep as its variables allow, or None
    when ``part`` does not certainly bind them all."""
    if not isinstance(part, CompValue) or not needs <= _certain(part):
        return None
    if part.name == "Join":
        for side in ("p1", "p2"):
            placed = _place(part[side], conjunct, needs)
            if placed is not None:
                part[side] = placed
                return part
    elif part.name in ("LeftJoin", "Minus"):
        placed = _place(part.p1, conjunct, needs)
        if placed is not None:
            part["p1"] = placed
            return part
    elif part.name in ("Extend", "Filter"):
        placed = _place(part.p, conjunct, needs)
        if placed is not None:
            part["p"] = placed
            return part
    return _filter(conjunct, part)


def _certain(part: Any) -> set[Variable]:
    """The variables every solution of ``part`` binds."""
    if not isinstance(part, CompValue):
        return set()
    name = part.name
    if name == "BGP":
        return {term for triple in part.triples for term in triple if isinstance(term, Variable)}
    if name == "Join":
        return _certain(part.p1) | _certain(part.p2)
    if name in ("LeftJoin", "Minus"):
        return _certain(part.p1)
    if name == "Filter":
        return _certain(part.p)
    if name == "Extend":  # a BIND whose expression errs leaves its variable unbound
        return _certain(part.p)
    if name == "Union":
        return _certain(part.p1) & _certain(part.p2)
    if name == "Graph":
        term = part.term
        return _certain(part.p) | ({term} if isinstance(term, Variable) else set())
    if name == "ToMultiSet":
        return _certain(part.p)
    if name == "values":
        rows = part.res
        if not rows:
            return set()
        return set.intersection(
            *({Variable(str(k)) for k, v in row.items() if v is not None} for row in rows)
        )
    return set()


def _conjuncts(expr: Any) -> list[Any]:
    if isinstance(expr, CompValue) and expr.name == "ConditionalAndExpression":
        return [part for item in [expr.expr, *expr.other] for part in _conjuncts(item)]
    return [expr]


def _filter(expr: Any, part: CompValue) -> CompValue:
    variables = set(dict.get(part, "_vars") or ()) | _variables(expr)
    return CompValue("Filter", expr=expr, p=part, _vars=variables)


def _variables(expr: Any) -> set[Variable]:
    if isinstance(expr, Variable):
        return {expr}
    if isinstance(expr, CompValue):
        found: set[Variable] = set()
        for key, value in expr.items():
            if not key.startswith("_"):
                found |= _variables(value)
        return found
    if isinstance(expr, list | tuple):
        return {v for item in expr for v in _variables(item)}
    return set()


def _has_exists(expr: Any) -> bool:
    if isinstance(expr, CompValue):
        if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            return True
        return any(_has_exists(v) for k, v in expr.items() if not k.startswith("_"))
    if isinstance(expr, list | tuple):
        return any(_has_exists(item) for item in expr)
    return False
