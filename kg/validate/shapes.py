"""The SHACL shapes compiled to SPARQL and run where the data already is.

``ontology/shapes.ttl`` is read once and each of its constraints becomes one
SELECT query whose rows are the focus nodes (and value nodes) that break it,
with the shape's severity and message. The queries run on the Oxigraph store
the build loads anyway, so validation needs no second copy of the data in
rdflib and no second parse; pySHACL stays the reference the tests compare
this with (tests/test_shapes.py).

The compiler covers the SHACL Core the shapes use: targets by class (with
``rdfs:subClassOf*``) and by subject of a property; property shapes with a
predicate path; ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:class``, ``sh:in``, ``sh:minInclusive``, ``sh:maxInclusive``,
``sh:lessThanOrEquals``, ``sh:languageIn``, ``sh:uniqueLang``, ``sh:pattern``,
``sh:hasValue``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``,
``sh:or`` and ``sh:not``. Anything else in the shapes file stops the compiler
with a ShapeNotCompiled error naming the shape, so a new kind of constraint
cannot be skipped silently.

>>> queries = compile_shapes()
>>> sorted({q.severity for q in queries})
['violation', 'warning']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.resources import SHAPES_FILE

if TYPE_CHECKING:
    from kg.store import Store

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# XSD types whose lexical form SPARQL can check by a cast, as pySHACL does
# through rdflib: an ill-formed literal of these does not match sh:datatype.
CASTABLE = {f"{XSD}{name}" for name in ("date", "dateTime", "decimal", "integer", "boolean")}

# What a shape may say besides its constraints.
NOT_CONSTRAINTS = {
    f"{RDF}type",
    f"{SH}path",
    f"{SH}message",
    f"{SH}severity",
    f"{SH}property",
    f"{SH}targetClass",
    f"{SH}targetSubjectsOf",
    f"{SH}qualifiedMinCount",
    f"{RDFS}comment",
}


class ShapeNotCompiled(Exception):
    """The shapes use a SHACL feature this compiler does not translate."""


# Where a class's subclasses go: "<SUBCLASSES:iri>" becomes "<iri> <sub1> ...".
SUBCLASSES = "<SUBCLASSES:"
_SUBCLASS_QUERY = f"SELECT DISTINCT ?sub WHERE {{ ?sub <{RDFS}subClassOf>* ?class }}"


@dataclass(frozen=True)
class ShapeQuery:
    """One constraint as a query: its rows (?focus, ?value) break it.

    ``sparql`` names each class it tests by a placeholder that ``text`` fills
    with the class and its subclasses as the data's hierarchy gives them.
    """

    shape: str
    constraint: str
    severity: str
    message: str
    sparql: str

    def text(self, subclasses: Callable[[str], list[str]]) -> str:
        """The query to run, each class placeholder filled by ``subclasses(iri)``."""
        parts = self.sparql.split(SUBCLASSES)
        out = [parts[0]]
        for part in parts[1:]:
            iri, rest = part.split(">", 1)
            out.append(" ".join(f"<{c}>" for c in subclasses(iri)) + rest)
        return "".join(out)


def class_hierarchy(store: Store) -> Callable[[str], list[str]]:
    """A function giving a class and its subclasses (rdfs:subClassOf*) in
    ``store``, each looked up once."""

    @cache
    def subclasses(iri: str) -> list[str]:
        found = store.select(_SUBCLASS_QUERY.replace("?class", f"<{iri}>")).rows
        return sorted({iri} | {sub.value for (sub,) in found if isinstance(sub, ox.NamedNode)})

    return subclasses


class _Shapes:
    """The shapes graph, read with a few helpers."""

    def __init__(self, path: Path) -> None:
        self.store = ox.Store()
        self.store.load(path=str(path), format=ox.RdfFormat.TURTLE)

    def objects(self, subject, predicate: str) -> list:
        return [
            q.object for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)
        ]

    def value(self, subject, predicate: str):
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def items(self, head) -> list:
        out = []
        while head != ox.NamedNode(f"{RDF}nil"):
            out.append(self.value(head, f"{RDF}first"))
            head = self.value(head, f"{RDF}rest")
        return out

    def subjects_of_type(self, kind: str) -> list:
        is_a, kind_node = ox.NamedNode(f"{RDF}type"), ox.NamedNode(kind)
        return [q.subject for q in self.store.quads_for_pattern(None, is_a, kind_node)]


def _term(node) -> str:
    """A shapes-graph term as SPARQL text (its N-Triples form, as
    ``kg.store.sparql_text.with_values`` writes bound terms)."""
    if isinstance(node, ox.BlankNode):
        raise ShapeNotCompiled(f"a blank node where a value was expected: {node}")
    return str(node)


def _name(node) -> str:
    return node.value if isinstance(node, ox.NamedNode) else "a nested shape"


def _typed(variable: str, cls) -> str:
    """``variable`` is an instance of ``cls`` or of one of its subclasses: the
    classes are filled in from the data's hierarchy before the query runs
    (``ShapeQuery.text``), so the engine looks types up instead of walking
    ``rdfs:subClassOf*`` from every node."""
    return f"VALUES ?class {{ {SUBCLASSES}{cls.value}> }} {variable} <{RDF}type> ?class"


def _instance_of(variable: str, cls) -> str:
    return f"EXISTS {{ {_typed(variable, cls)} }}"


def _datatype(variable: str, datatype) -> str:
    iri = datatype.value
    if iri == f"{RDF}langString":
        return f'(isLiteral({variable}) && LANG({variable}) != "")'
    test = f"(isLiteral({variable}) && DATATYPE({variable}) = <{iri}>"
    if iri in CASTABLE:
        test += f" && <{iri}>(STR({variable})) = <{iri}>(STR({variable}))"
    return test + ")"


def _language_in(variable: str, languages: list) -> str:
    tests = " || ".join(f'langMatches(LANG({variable}), "{lang.value}")' for lang in languages)
    return f"(isLiteral({variable}) && ({tests}))"


class _Compiler:
    def __init__(self, shapes: _Shapes) -> None:
        self.g = shapes
        self.queries: list[ShapeQuery] = []

    # A value's conformance to a shape without targets (an sh:or alternative,
    # a qualified value shape, an sh:not): one boolean SPARQL expression.
    def conforms(self, variable: str, shape) -> str:
        tests = []
        path = self.g.value(shape, f"{SH}path")
        for quad in self.g.store.quads_for_pattern(shape, None, None):
            predicate, obj = quad.predicate.value, quad.object
            kind = predicate.removeprefix(SH)
            if predicate in (f"{SH}path", f"{SH}message", f"{SH}severity"):
                continue
            if path is not None:
                if kind == "minCount" and int(obj.value) == 1:
                    tests.append(f"EXISTS {{ {variable} {_term(path)} [] }}")
                elif kind == "hasValue":
                    tests.append(f"EXISTS {{ {variable} {_term(path)} {_term(obj)} }}")
                else:
                    raise ShapeNotCompiled(f"{kind} on a path inside a nested shape")
                continue
            tests.append(self.value_test(variable, kind, obj, shape))
        if not tests:
            raise ShapeNotCompiled("an empty nested shape")
        return "(" + " && ".join(tests) + ")"

    def value_test(self, variable: str, kind: str, obj, shape, focus: str = "?focus") -> str:
        """The expression a value node must make true to meet one constraint."""
        if kind == "datatype":
            return _datatype(variable, obj)
        if kind == "class":
            return _instance_of(variable, obj)
        if kind == "in":
            members = " || ".join(f"sameTerm({variable}, {_term(m)})" for m in self.g.items(obj))
            return f"({members})"
        if kind == "minInclusive":
            return f"({variable} >= {_term(obj)})"
        if kind == "maxInclusive":
            return f"({variable} <= {_term(obj)})"
        if kind == "languageIn":
            return _language_in(variable, self.g.items(obj))
        if kind == "pattern":
            return f"(!isBlank({variable}) && REGEX(STR({variable}), {_term(obj)}))"
        if kind == "lessThanOrEquals":
            return (
                f"NOT EXISTS {{ {focus} {_term(obj)} ?other "
                f"FILTER(!COALESCE({variable} <= ?other, false)) }}"
            )
        if kind == "or":
            alternatives = [self.conforms(variable, s) for s in self.g.items(obj)]
            return "(" + " || ".join(alternatives) + ")"
        if kind == "not":
            return f"!COALESCE({self.conforms(variable, obj)}, false)"
        raise ShapeNotCompiled(f"{_name(shape)}: sh:{kind} is not translated")

    def add(self, shape: str, constraint: str, severity: str, message: str, where: str) -> None:
        sparql = f"SELECT DISTINCT ?focus ?value WHERE {{\n{where}\n}}"
        self.queries.append(ShapeQuery(shape, constraint, severity, message, sparql))

    def node_shape(self, shape) -> None:
        targets = []
        for cls in self.g.objects(shape, f"{SH}targetClass"):
            targets.append(f"{{ {_typed('?focus', cls)} }}")
        for predicate in self.g.objects(shape, f"{SH}targetSubjectsOf"):
            targets.append(f"{{ ?focus {_term(predicate)} [] }}")
        if not targets:
            return  # a shape without targets is only used from another shape
        target = "{ SELECT DISTINCT ?focus WHERE { " + " UNION ".join(targets) + " } }"
        # Where a constraint is broken by a pattern (a value, a second value),
        # the pattern is matched first and its rare rows tested for being in
        # the target: at 1M triples, three times faster than every target
        # node joined to the pattern.
        member = "FILTER EXISTS { " + " UNION ".join(targets) + " }"
        severity = _severity(self.g.value(shape, f"{SH}severity"))
        message = self.g.value(shape, f"{SH}message")
        for quad in self.g.store.quads_for_pattern(shape, None, None):
            predicate = quad.predicate.value
            if predicate in NOT_CONSTRAINTS:
                continue
            if message is None:
                raise ShapeNotCompiled(f"{_name(shape)} has a constraint and no sh:message")
            kind = predicate.removeprefix(SH)
            test = self.value_test("?focus", kind, quad.object, shape)
            where = f"{target}\nFILTER(!COALESCE({test}, false))\nBIND(?focus AS ?value)"
            self.add(_name(shape), kind, severity, message.value, where)
        for prop in self.g.objects(shape, f"{SH}property"):
            self.property_shape(prop, target, member, _name(shape))

    def property_shape(self, shape, target: str, member: str, owner: str) -> None:
        path = self.g.value(shape, f"{SH}path")
        if not isinstance(path, ox.NamedNode):
            raise ShapeNotCompiled(f"{_name(shape)}: only a predicate path is translated")
        message = self.g.value(shape, f"{SH}message")
        if message is None:
            raise ShapeNotCompiled(f"a property shape on <{path.value}> has no sh:message")
        severity = _severity(self.g.value(shape, f"{SH}severity"))
        step = f"?focus {_term(path)} ?value"
        for quad in self.g.store.quads_for_pattern(shape, None, None):
            predicate, obj = quad.predicate.value, quad.object
            if predicate in NOT_CONSTRAINTS:
                continue
            kind = predicate.removeprefix(SH)
            if kind == "maxCount":
                where = (
                    f"{{ SELECT ?focus WHERE {{ {step} }} GROUP BY ?focus "
                    f"HAVING (COUNT(DISTINCT ?value) > {int(obj.value)}) }}\n{member}"
                )
            elif kind in ("minCount", "qualifiedValueShape"):
                where = self.count(kind, obj, shape, target, step)
            elif kind == "uniqueLang":
                if obj.value != "true":
                    continue
                where = (
                    f"?focus {_term(path)} ?one . ?focus {_term(path)} ?twin\n"
                    'FILTER(LANG(?one) != "" && LCASE(LANG(?one)) = LCASE(LANG(?twin)) '
                    f"&& !sameTerm(?one, ?twin))\n{member}"
                )
            elif kind == "class":  # the typed values, found once and taken away
                where = f"{step}\nMINUS {{ {_typed('?value', obj)} }}\n{member}"
            else:
                test = self.value_test("?value", kind, obj, shape)
                where = f"{step}\nFILTER(!COALESCE({test}, false))\n{member}"
            self.add(owner, kind, severity, message.value, where)

    def count(self, kind: str, obj, shape, target: str, step: str) -> str:
        """A minimum: the target nodes with too few values (of a qualified shape)."""
        if kind == "minCount" and int(obj.value) == 1:
            return f"{target}\nMINUS {{ {step} }}"
        if kind == "minCount":
            bound, counted = int(obj.value), step
        else:  # qualifiedValueShape with its sh:qualifiedMinCount
            least = self.g.value(shape, f"{SH}qualifiedMinCount")
            if least is None:
                raise ShapeNotCompiled(f"{_name(shape)}: a qualified shape needs qualifiedMinCount")
            bound = int(least.value)
            counted = f"{step} FILTER(COALESCE({self.conforms('?value', obj)}, false))"
        return (
            f"{{ SELECT ?focus WHERE {{ {target} OPTIONAL {{ {counted} }} }} "
            f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {bound}) }}"
        )


def _severity(node) -> str:
    return "warning" if node == ox.NamedNode(f"{SH}Warning") else "violation"


@cache
def compile_shapes(path: Path = SHAPES_FILE) -> tuple[ShapeQuery, ...]:
    """Every constraint of the shapes file at ``path`` as a query."""
    shapes = _Shapes(path)
    compiler = _Compiler(shapes)
    for shape in shapes.subjects_of_type(f"{SH}NodeShape"):
        compiler.node_shape(shape)
    return tuple(compiler.queries)
