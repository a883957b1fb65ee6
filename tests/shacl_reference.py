"""pySHACL, the reference the compiled shapes (kg.validate.shapes) are compared with.

It validates an rdflib union of the files with ``ontology/shapes.ttl`` and
reports each result the way ``kg.validate`` does: severity, the file that
describes the focus node (a blank node through the statement holding it),
the shortened subject and the message, a violation's value appended.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pyshacl
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.load import RdfFile, file_bytes
from kg.resources import SHAPES_FILE
from kg.store import RDFLIB_FORMATS
from kg.validate import Problem, _display_path
from kg.vocab import shorten


def pyshacl_problems(files: Sequence[RdfFile]) -> set[Problem]:
    """The shape problems pySHACL finds in the union of ``files``."""
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)  # ill-formed literals
    union = Graph()
    home: dict[str, str] = {}
    for file in files:
        parsed = Dataset()
        parsed.parse(data=file_bytes(file.path), format=RDFLIB_FORMATS[file.format.name])
        for subject, predicate, object_, _graph in parsed.quads((None, None, None, None)):
            union.add((subject, predicate, object_))
            if isinstance(subject, URIRef):
                home.setdefault(str(subject), _display_path(file.path))

    def describe(node) -> tuple[str, str]:
        seen = 0
        while isinstance(node, BNode) and seen < 5:
            node = next(union.subjects(object=node), node)
            seen += 1
        return home.get(str(node), "?"), shorten(str(node))

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    _, report, _ = pyshacl.validate(union, shacl_graph=shapes, allow_warnings=True)
    problems = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        warning = report.value(result, SH.resultSeverity) == SH.Warning
        message = str(report.value(result, SH.resultMessage))
        value = report.value(result, SH.value)
        if value is not None and not warning:
            shown = "a blank node" if isinstance(value, BNode) else str(value)
            message += f" (value: {shown})"
        file, subject = describe(report.value(result, SH.focusNode))
        problems.add(Problem("warning" if warning else "violation", file, subject, message))
    return problems
