"""Validation: SHACL shapes plus the checks SHACL cannot express.

``ontology/shapes.ttl`` holds the shapes; ``kg/checks/*-violation.rq`` holds
queries named for what they forbid, any row of which is a violation, and
``kg/checks/*-warning.rq`` queries whose rows are warnings. Each
problem names the file that describes the subject at fault, so a user knows
where to look. ``sh:Violation`` fails, ``sh:Warning`` is reported only.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, NamedNode, RdfFormat

from kg.errors import ValidationFailed
from kg.load import RdfFile, load_files, parse_file, rdf_files
from kg.resources import CHECKS_DIR
from kg.validate.shapes import class_hierarchy, compile_shapes
from kg.vocab import shorten

# Told each step's name as it starts, then (name, parts done, parts in all).
Progress = Callable[..., None]
# The shapes' and checks' queries run on this many threads: Oxigraph lets go
# of Python's lock while it evaluates, so on two cores they take half the
# time (at 1M triples the 164 shape queries took 10.8 s on one, 5.4 s on two).
QUERY_THREADS = min(8, os.cpu_count() or 1)

if TYPE_CHECKING:
    from pyoxigraph import Term

    from kg.store import OxigraphStore


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


def validate_data(
    extra: Sequence[Path | RdfFile] = (), progress: Progress | None = None
) -> ValidationReport:
    """Validate the bundled ontology and data plus ``extra`` files or folders."""
    return validate_files(rdf_files(extra), progress)


def validate_files(files: Sequence[RdfFile], progress: Progress | None = None) -> ValidationReport:
    """Validate the union of ``files`` (every graph of each, a TriG or N-Quads
    file's named graphs too) with the shapes and the checks."""
    return validated_store(files, progress).report


@dataclass
class Validated:
    """A validation's report and the store it ran on, derived."""

    report: ValidationReport
    store: OxigraphStore
    derived: int


def validated_store(files: Sequence[RdfFile], progress: Progress | None = None) -> Validated:
    """Load ``files`` into an in-memory store (one parse each), run the shapes
    on the data as written, derive, run the checks: the report and the derived
    store, which a build then writes to disk as it is."""
    from kg.store import OxigraphStore

    say = progress or _quiet
    store = OxigraphStore.in_memory()
    reading = f"reading {len(files)} RDF files"
    for done, file in enumerate(files):
        say(reading, done, len(files))
        load_files(store, [file])
    homes = Homes(store, files)
    problems = shape_problems(store, homes, say)
    say("deriving time bounds, plain edges and grades")
    derived = store.derive()  # some checks read the derived time bounds
    problems += check_problems(store, homes, say)
    problems.sort(key=lambda p: (p.severity != "violation", p.file, p.subject, p.message))
    return Validated(ValidationReport(list(dict.fromkeys(problems))), store, derived)


def _quiet(*_: object) -> None:
    pass


def _rows_of_each(
    store: OxigraphStore, texts: Sequence[str], step: str, say: Progress
) -> list[list[tuple]]:
    """The rows of each SELECT in ``texts``, in order, run on QUERY_THREADS threads."""
    with ThreadPoolExecutor(max_workers=QUERY_THREADS) as pool:
        running = [pool.submit(lambda text: store.select(text).rows, text) for text in texts]
        for done, future in enumerate(running):
            say(step, done, len(running))
            future.result()
    return [future.result() for future in running]


def shape_problems(store: OxigraphStore, homes: Homes, say: Progress = _quiet) -> list[Problem]:
    """What breaks the SHACL shapes (compiled to SPARQL by kg.validate.shapes) in ``store``."""
    problems = []
    shapes = compile_shapes()
    subclasses = class_hierarchy(store)
    texts = [shape.text(subclasses) for shape in shapes]
    for shape, rows in zip(
        shapes, _rows_of_each(store, texts, "checking the SHACL shapes", say), strict=True
    ):
        for focus, value in rows:
            message = shape.message
            if value is not None and shape.severity == "violation":
                message += f" (value: {shown_value(value)})"
            problems.append(Problem(shape.severity, *homes.describe(focus), message))
    return problems


def check_problems(store: OxigraphStore, homes: Homes, say: Progress = _quiet) -> list[Problem]:
    """The rows of every check (kg/checks/*.rq) on the derived ``store``."""
    problems = []
    checks = sorted(CHECKS_DIR.glob("*.rq"))
    texts = [check.read_text(encoding="utf-8") for check in checks]
    for check, rows in zip(
        checks, _rows_of_each(store, texts, "running the checks", say), strict=True
    ):
        severity = "warning" if check.stem.endswith("-warning") else "violation"
        for subject, message in rows:
            problems.append(
                Problem(severity, *homes.describe(subject), f"{message.value} [{check.stem}]")
            )
    return problems


def shown_value(value: Term) -> str:
    """A value in a message: its IRI or text; a blank node has no name worth showing."""
    return "a blank node" if isinstance(value, BlankNode) else value.value


class Homes:
    """Which file describes a subject: the first file (in load order) whose
    graphs hold a triple about it. A blank node (a quantity) is reported
    through the statement holding it."""

    def __init__(self, store: OxigraphStore, files: Sequence[RdfFile]) -> None:
        self.store = store
        self.files = list(files)
        self.order = {file.graph.value: index for index, file in enumerate(self.files)}
        self.shown = [_display_path(file.path) for file in self.files]
        self.parsed: dict[int, set] = {}  # TriG or N-Quads files' subjects, read on demand

    def describe(self, node: Term) -> tuple[str, str]:
        seen = 0
        while isinstance(node, BlankNode) and seen < 5:
            holder = next(iter(self.store.quads(object=node)), None)
            if holder is None:
                break
            node, seen = holder.subject, seen + 1
        return self.home(node), shorten(node.value)

    def home(self, node: Term) -> str:
        if not isinstance(node, NamedNode):
            return "?"
        graphs = {q.graph_name.value for q in self.store.quads(node)}
        found = [self.order[g] for g in graphs if g in self.order]
        if found:
            return self.shown[min(found)]
        # Only in a TriG or N-Quads file's own named graphs: read which.
        for index, file in enumerate(self.files):
            if file.format in (RdfFormat.TRIG, RdfFormat.N_QUADS) and node in self._subjects(index):
                return self.shown[index]
        return "?"

    def _subjects(self, index: int) -> set:
        """The subjects of one file, parsed once however many problems ask."""
        if index not in self.parsed:
            self.parsed[index] = {q.subject for q in parse_file(self.files[index])}
        return self.parsed[index]
