"""Validation: SHACL shapes plus the checks SHACL cannot express.

``ontology/shapes.ttl`` holds the shapes; ``kg/checks/*-violation.rq`` holds
queries named for what they forbid, any row of which is a violation, and
``kg/checks/*-warning.rq`` queries whose rows are warnings. Each
problem names the file that describes the subject at fault, so a user knows
where to look. ``sh:Violation`` fails, ``sh:Warning`` is reported only.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import DataError, ValidationFailed
from kg.load import RdfFile, rdf_files
from kg.resources import CHECKS_DIR, SHAPES_FILE
from kg.vocab import shorten


@dataclass(frozen=True)
class Problem:
    """One finding: its severity, the file and subject at fault, and what to do."""

    severity: str
    file: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.subject}: {self.message}"


@dataclass
class ValidationReport:
    """All findings of one validation run.

    >>> report = ValidationReport([
    ...     Problem("violation", "a.ttl", "st:x", "names no source"),
    ...     Problem("warning", "a.ttl", "src:p", "no date"),
    ...     Problem("warning", "b.ttl", "src:q", "no date"),
    ... ])
    >>> report.warning_counts()
    [('no date', 2)]
    >>> report.raise_for_violations()
    Traceback (most recent call last):
    kg.errors.ValidationFailed: 1 violation(s) in the data:
      a.ttl: st:x: names no source
    >>> report.raise_for_violations(listed=False)
    Traceback (most recent call last):
    kg.errors.ValidationFailed: 1 violation(s) in the data
    """

    problems: list[Problem] = field(default_factory=list)

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "violation"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def warning_counts(self) -> list[tuple[str, int]]:
        """Each kind of warning (its message) and how many there are, most frequent first."""
        return Counter(p.message for p in self.warnings).most_common()

    def raise_for_violations(self, *, listed: bool = True) -> None:
        """Raise ValidationFailed if there is any violation, its message listing each
        one, or only counting them if not ``listed`` (for a caller that has shown them)."""
        if not self.violations:
            return
        message = f"{len(self.violations)} violation(s) in the data"
        if listed:
            message += ":\n" + "\n".join(f"  {p}" for p in self.violations)
        raise ValidationFailed(message)


def _display_path(path: Path) -> str:
    """A file as the user would name it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def validate_data(extra: Sequence[Path | RdfFile] = ()) -> ValidationReport:
    """Validate the bundled ontology and data plus ``extra`` files or folders."""
    return validate_files(rdf_files(extra))


def validate_files(files: Sequence[RdfFile]) -> ValidationReport:
    """Validate the union of ``files`` (every graph of each, a TriG or N-Quads
    file's named graphs too) with the shapes and the checks."""
    import pyshacl
    from rdflib import BNode, Dataset, Graph, URIRef
    from rdflib.namespace import RDF, SH

    from kg.load import file_bytes, parse_file
    from kg.rdflib_terms import to_rdflib
    from kg.store import RDFLIB_FORMATS, OxigraphStore

    # rdflib logs a traceback for every literal it cannot convert (an ill-formed
    # date); the ill-formed-date check reports those as violations instead.
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    union = Graph()
    home: dict[str, str] = {}
    for file in files:
        parse_file(file)  # a syntax error is reported with line and column first
        try:
            parsed = Dataset()
            parsed.parse(data=file_bytes(file.path), format=RDFLIB_FORMATS[file.format.name])
        except RecursionError:
            raise DataError(
                f"{file.path}: nests blank nodes or lists too deeply to validate; "
                "give the inner nodes names"
            ) from None
        part = Graph()
        for subject, predicate, object_, _graph in parsed.quads((None, None, None, None)):
            part.add((subject, predicate, object_))
        shown = _display_path(file.path)
        for subject in set(part.subjects()):
            if isinstance(subject, URIRef):
                home.setdefault(str(subject), shown)
        union += part

    def describe(node) -> tuple[str, str]:
        # A blank node (a quantity) is reported through the statement holding it.
        seen = 0
        while isinstance(node, BNode) and seen < 5:
            node = next(union.subjects(object=node), node)
            seen += 1
        return home.get(str(node), "?"), shorten(str(node))

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    _, report, _ = pyshacl.validate(union, shacl_graph=shapes, allow_warnings=True)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = (
            "warning" if report.value(result, SH.resultSeverity) == SH.Warning else "violation"
        )
        file, subject = describe(report.value(result, SH.focusNode))
        message = str(report.value(result, SH.resultMessage) or "fails a shape")
        value = report.value(result, SH.value)
        if value is not None and severity == "violation":
            message += f" (value: {value})"
        problems.append(Problem(severity, file, subject, message))

    # The checks run on Oxigraph: rdflib takes minutes on their self-joins.
    checked = OxigraphStore.in_memory()
    checked.add(quad for file in files for quad in parse_file(file))
    checked.derive()  # some checks read the derived time bounds
    for check in sorted(CHECKS_DIR.glob("*.rq")):
        severity = "warning" if check.stem.endswith("-warning") else "violation"
        rows = checked.select(check.read_text(encoding="utf-8"))
        for subject_term, message in rows.rows:
            file, subject = describe(to_rdflib(subject_term))
            problems.append(Problem(severity, file, subject, f"{message.value} [{check.stem}]"))
    problems.sort(key=lambda p: (p.severity != "violation", p.file, p.subject, p.message))
    return ValidationReport(list(dict.fromkeys(problems)))
