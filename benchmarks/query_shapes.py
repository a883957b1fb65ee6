"""What query shape costs: every named query at 1M triples, before and after a rewrite.

The curated record is loaded together with a synthetic graph from generate.py
(1M triples by default) into one on-disk Oxigraph store, derived as ``kg
build`` derives; the store is built once and kept under /tmp/kg-bench. Each
named query then runs with its default parameters, and again with ``--as-of
2024-06-01`` where it takes one, in two versions: the text at a git revision
(``--before``, default ``main``) and the text in this checkout. So the
answers are the curated ones, and what a query costs beyond them is what the
other million triples make it read.

Parameters are resolved and the as-of rule expanded before timing; a time is
``Store.query`` alone, rows read. Each version runs once cold and then
``--repeat`` times, the two versions taking turns; the table shows the first
run and the median of the repeats, and checks that both versions give the
same rows. Results go to benchmarks/results/query-shapes.md with the machine,
versions and load average.

Run: python benchmarks/query_shapes.py [--size 1M] [--before main] [--repeat 5]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DEFAULT_OUT, Synthetic, generate, parse_size, size_label
from machine import describe, write_results

from kg.load import RdfFile, content_key, load_files, rdf_files
from kg.query import NamedQuery, bind_parameters, named_queries
from kg.resources import QUERIES_DIR
from kg.store import OxigraphStore, SelectResult
from kg.store.sparql_text import Term
from kg.temporal import AS_OF_VARIABLE, PartialDate, expand_as_of
from kg.vocab import ENTITY_NS, XSD_DATE

OUT = Path(__file__).parent / "results" / "query-shapes.md"
ROOT = Path(__file__).resolve().parent.parent
AS_OF_DAY = "2024-06-01"
TARGET_MS = 100.0
REPEAT_BUDGET = 5.0  # seconds of repeats per version of a query after its first run
NOTES_HEADING = "## Reading the numbers"
# Internal queries that take an entity: the record's Niger.
INTERNAL_ENTITY = NamedNode(ENTITY_NS + "niger")


def build_store(graph: Synthetic) -> Path:
    """The curated record plus ``graph`` in one derived on-disk store, built once
    per content of the record (a folder named by its key)."""
    # The record brings the ontology; the synthetic copy of it is the same file.
    record = rdf_files()
    synthetic = [
        RdfFile(f.path, NamedNode(f.graph)) for f in graph.files if f.path.name != "ontology.ttl"
    ]
    key = content_key(record, pyoxigraph.__version__)
    folder = graph.folder.with_name(f"{graph.folder.name}-with-record-{key}")
    if (folder / "complete").exists():
        return folder
    scratch = folder.with_name(folder.name + ".partial")
    shutil.rmtree(scratch, ignore_errors=True)
    store = OxigraphStore.create(scratch)
    start = time.perf_counter()
    load_files(store, [*record, *synthetic])
    loaded = time.perf_counter()
    derived = store.derive()
    print(
        f"built {scratch}: {len(store):,} quads ({derived:,} derived), "
        f"load {loaded - start:.1f} s, derive {time.perf_counter() - loaded:.1f} s",
        flush=True,
    )
    store.flush()
    store.close()
    del store
    (scratch / "complete").write_text("", encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)
    return folder


# The shapes alone: the members of an alliance (the record's AES, 3 rows) as
# the outer rows, then one OPTIONAL shape each. Same store, same parameters.
SHAPE_OUTER = "SELECT * WHERE { ?m a kg:Membership ; kg:from ?x ; kg:to ?organisation . "
SHAPES = {
    "two properties of the row in one OPTIONAL": (
        "OPTIONAL { ?m kg:start ?st ; kg:startPrecision ?su }"
    ),
    "one OPTIONAL per property": (
        "OPTIONAL { ?m kg:start ?st } OPTIONAL { ?m kg:startPrecision ?su }"
    ),
    "three properties of the row in one OPTIONAL": (
        "OPTIONAL { ?m kg:start ?st ; kg:startPrecision ?su ; kg:status ?s }"
    ),
    "a label and a type of the row's actor in one OPTIONAL": (
        "OPTIONAL { ?x skos:prefLabel ?l ; a ?t }"
    ),
    "nested OPTIONAL (a precision only with its date)": (
        "OPTIONAL { ?m kg:start ?st OPTIONAL { ?m kg:startPrecision ?su } }"
    ),
    "a chain from the row in one OPTIONAL": (
        "OPTIONAL { ?m kg:source ?src . ?src dcterms:publisher ?p ; kg:sourceKind ?k }"
    ),
    "a chain split into OPTIONALs (wrong where the first finds nothing)": (
        "OPTIONAL { ?m kg:source ?src } OPTIONAL { ?src dcterms:publisher ?p }"
        " OPTIONAL { ?src kg:sourceKind ?k }"
    ),
    "paths from the row, one OPTIONAL each": (
        "OPTIONAL { ?m kg:source/dcterms:publisher ?p } OPTIONAL { ?m kg:source/kg:sourceKind ?k }"
    ),
    "a label with its language filter": 'OPTIONAL { ?x skos:prefLabel ?l FILTER(LANG(?l) = "en") }',
}


def measure_shapes(store_path: Path, repeat: int) -> list[tuple[str, str, dict]]:
    store = OxigraphStore.read_only(store_path)
    bindings = {"organisation": NamedNode(ENTITY_NS + "aes")}
    found = []
    for label, shape in SHAPES.items():
        times = []
        while len(times) < 1 + repeat and sum(times[1:]) < REPEAT_BUDGET:
            start = time.perf_counter()
            result = store.query(SHAPE_OUTER + shape + " }", bindings)
            times.append(time.perf_counter() - start)
        record = {"first": times[0], "median": statistics.median(times[1:] or times)}
        found.append((label, shape, {**record, "rows": len(result.rows)}))
    return found


@dataclass(frozen=True)
class Case:
    """One run of a query: its parameters and as-of day (None: not as of a day)."""

    name: str  # a named query, or internal/<name>
    run: str  # "defaults", "defaults" with a day, or "example"
    params: dict[str, str]
    day: str | None

    @property
    def label(self) -> str:
        given = " ".join(f"{k}={v}" for k, v in self.params.items())
        words = [self.run, given, f"as of {self.day}" if self.day else ""]
        return ", ".join(w for w in words if w)


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def text_at(revision: str, path: Path) -> str | None:
    try:
        return git("show", f"{revision}:{path.relative_to(ROOT).as_posix()}")
    except subprocess.CalledProcessError:
        return None


def example_run(query: NamedQuery) -> tuple[dict[str, str], str | None]:
    """The parameters and day of a query's documented example."""
    words = shlex.split(query.example)
    params, day = {}, None
    for flag, value in pairwise(words):
        if flag in ("--param", "-p"):
            key, _, given = value.partition("=")
            params[key] = given
        elif flag == "--as-of":
            day = value
    return params, day


def cases() -> list[Case]:
    """Every named query with its defaults, as of AS_OF_DAY where it takes a day,
    and as its example runs it; then every internal query."""
    found = []
    for name, query in named_queries().items():
        found.append(Case(name, "defaults", {}, None))
        if query.takes_as_of:
            found.append(Case(name, "defaults", {}, AS_OF_DAY))
        params, day = example_run(query)
        if params or (day and day != AS_OF_DAY):
            found.append(Case(name, "example", params, day))
    for path in sorted((QUERIES_DIR / "internal").glob("*.rq")):
        found.append(Case(f"internal/{path.stem}", "defaults", {}, None))
    return found


def expander_at(revision: str) -> Callable[[str], str]:
    """``kg.temporal.expand_as_of`` as it was at ``revision`` (it placed the bases
    differently), run from that revision's source."""
    name = "kg_temporal_" + revision[:12]
    module = types.ModuleType(name)
    module.__file__ = str(ROOT / "kg" / "temporal.py")
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(text_at(revision, ROOT / "kg" / "temporal.py"), name, "exec"), module.__dict__)
    # ... and the as-of rule's SPARQL fragment as it was at ``revision`` too.
    fragment = QUERIES_DIR / "fragments" / "as-of.rq"
    old_queries = Path(tempfile.mkdtemp(prefix="kg-queries-")) / "queries"
    (old_queries / "fragments").mkdir(parents=True)
    (old_queries / "fragments" / "as-of.rq").write_text(
        text_at(revision, fragment) or fragment.read_text(encoding="utf-8"), encoding="utf-8"
    )
    module.QUERIES_DIR = old_queries
    return module.expand_as_of


def query_text(case: Case, version: str, revision: str) -> str | None:
    """The text ``version`` ("before" or "after") runs, as-of rule expanded."""
    internal = case.name.startswith("internal/")
    if internal:
        path = QUERIES_DIR / "internal" / (case.name.removeprefix("internal/") + ".rq")
    else:
        path = named_queries()[case.name].path
    text = path.read_text(encoding="utf-8") if version == "after" else text_at(revision, path)
    if text is None or case.day is None:
        return text
    return (expand_as_of if version == "after" else expander_at(revision))(text)


def bindings_for(store: OxigraphStore, case: Case) -> dict[str, Term]:
    if case.name.startswith("internal/"):
        path = QUERIES_DIR / "internal" / (case.name.removeprefix("internal/") + ".rq")
        return {"entity": INTERNAL_ENTITY} if "?entity" in path.read_text(encoding="utf-8") else {}
    bindings = bind_parameters(store, named_queries()[case.name], case.params)
    if case.day is not None:
        day = PartialDate.parse(case.day).day.isoformat()
        bindings[AS_OF_VARIABLE] = Literal(day, datatype=XSD_DATE)
    return bindings


def digest(rows: list, loose: bool = False) -> str:
    """A hash of the rows as a multiset; ``loose`` sorts the words of each value
    first (GROUP_CONCAT lists come in any order)."""

    def cell(term: object) -> str:
        if term is None:
            return ""
        if not loose:
            return str(term)
        words = term.value if isinstance(term, Literal) else str(term)
        return " ".join(sorted(words.split()))

    lines = sorted("\t".join(cell(t) for t in row) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def worker(store_path: Path, revision: str, version: str, case: Case, repeat: int) -> None:
    """Time one version of one case in this process; print its record as JSON."""
    store = OxigraphStore.read_only(store_path)
    text = query_text(case, version, revision)
    if text is None:
        print(json.dumps({"missing": True}))
        return
    bindings = bindings_for(store, case)
    times, rows = [], []
    while len(times) < 1 + repeat and sum(times[1:]) < REPEAT_BUDGET:
        start = time.perf_counter()
        result = store.query(text, bindings)
        times.append(time.perf_counter() - start)
        # A CONSTRUCT's triples count as its rows.
        rows = result.rows if isinstance(result, SelectResult) else [tuple(t) for t in result]
    record = {
        "first": times[0],
        "median": statistics.median(times[1:] or times),
        "runs": len(times),
        "rows": len(rows),
        "digest": digest(rows),
        "loose": digest(rows, loose=True),
    }
    print(json.dumps(record))


def measure(store_path: Path, revision: str, case: Case, repeat: int, timeout: float) -> dict:
    """Each version in its own process under ``timeout``: before, then after."""
    found = {}
    for version in ("before", "after"):
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            json.dumps([str(store_path), revision, version, vars(case), repeat]),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            found[version] = {"timeout": timeout}
            continue
        if done.returncode != 0:
            found[version] = {"error": done.stderr.strip().splitlines()[-1][:200]}
            continue
        found[version] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def agreement(before: dict, after: dict) -> str:
    if "digest" not in before or "digest" not in after:
        return "–"
    if before["digest"] == after["digest"]:
        return "same"
    if before["loose"] == after["loose"]:
        return "same (lists in another order)"
    return "**different**"


def cell(record: dict, key: str) -> str:
    if "timeout" in record:
        return f"> {record['timeout'] * 1000:,.0f} (timeout)"
    if "error" in record or "missing" in record:
        return "–"
    return f"{record[key] * 1000:,.1f}"


def report(
    graph: Synthetic, size: str, quads: int, revision: str, results: list, load: tuple
) -> list[str]:
    here = git("rev-parse", "--short", "HEAD")
    base = git("rev-parse", "--short", revision)
    lines = [
        f"# Query shapes: every named query at {size} triples, before and after",
        "",
        describe("pyoxigraph", "rdflib"),
        f"- load average (1, 5, 15 min): {load[0][0]:.2f} {load[0][1]:.2f} {load[0][2]:.2f}"
        f" before the run, {load[1][0]:.2f} {load[1][1]:.2f} {load[1][2]:.2f} after",
        f"- graph: the curated record plus the synthetic {size} graph of"
        f" benchmarks/generate.py (seed 1, {graph.triples:,} triples before derive), one on-disk"
        f" Oxigraph store of {quads:,} quads after derive, opened read-only",
        f"- before: the queries and the as-of expansion (kg/temporal.py) at {base};"
        f" after: this checkout ({here})",
        f"- each named query with its default parameters, with them as of {AS_OF_DAY} where it"
        " takes a day, and as its documented example runs it; every internal query (an"
        " entity parameter: the record's Niger). Parameters are resolved and the as-of rule"
        " expanded before timing; a time is"
        " `Store.query` with its rows read, each version in a process of its own: the first"
        f" (cold) run, then the median of up to {REPEAT_BUDGET:.0f} s of repeats",
        f"- rerun: `python benchmarks/query_shapes.py --size {size}`",
        "",
        "| query | run | rows | before first (ms) | before median (ms) | after first (ms) |"
        f" after median (ms) | speed-up | answers | after under {TARGET_MS:.0f} ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for case, found in results:
        before, after = found["before"], found["after"]
        if "median" in before and "median" in after:
            speedup = f"{before['median'] / after['median']:,.1f}x"
        elif "timeout" in before and "median" in after:
            speedup = f"> {before['timeout'] / after['median']:,.0f}x"
        else:
            speedup = "–"
        under = "median" in after and after["median"] * 1000 < TARGET_MS
        rows = after.get("rows", before.get("rows"))
        lines.append(
            f"| {case.name} | {case.label} | {'–' if rows is None else f'{rows:,}'} |"
            f" {cell(before, 'first')} | {cell(before, 'median')} |"
            f" {cell(after, 'first')} | {cell(after, 'median')} | {speedup} |"
            f" {agreement(before, after)} | {'yes' if under else '**no**'} |"
        )
    return lines


def shape_lines(shapes: list) -> list[str]:
    lines = [
        "",
        "## The shapes alone",
        "",
        "The members of the AES (3 rows) as the outer rows, then one shape each"
        " (`SHAPES` in the script): first run and median of repeats, in one process.",
        "",
        "| shape | OPTIONALs | rows | first (ms) | median (ms) |",
        "|---|---|---:|---:|---:|",
    ]
    for label, shape, record in shapes:
        lines.append(
            f"| {label} | `{shape}` | {record['rows']} | {cell(record, 'first')} |"
            f" {cell(record, 'median')} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--results", type=Path, default=OUT, help="the results page to write")
    parser.add_argument("--before", help="git revision of the old queries (default: base on main)")
    parser.add_argument("--repeat", type=int, default=5, help="repeats after the first run")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per version and run")
    parser.add_argument("--only", nargs="*", default=(), help="only these queries")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        store_path, revision, version, case, repeat = json.loads(args.worker)
        worker(Path(store_path), revision, version, Case(**case), repeat)
        return
    revision = git("rev-parse", args.before or git("merge-base", "HEAD", "main"))
    graph = generate(parse_size(args.size), args.seed, args.out)
    store_path = build_store(graph)
    quads = len(OxigraphStore.read_only(store_path))
    load_before = os.getloadavg()
    results = []
    raw = args.out / "query-shapes.json"  # each case as measured, in case the rendering fails
    for case in cases():
        if args.only and case.name not in args.only:
            continue
        found = measure(store_path, revision, case, args.repeat, args.timeout)
        results.append((case, found))
        print(case.name, case.label, {v: cell(r, "median") for v, r in found.items()}, flush=True)
        raw.write_text(json.dumps([[vars(c), f] for c, f in results]), encoding="utf-8")
    shapes = measure_shapes(store_path, args.repeat)
    size = size_label(parse_size(args.size))
    lines = report(graph, size, quads, revision, results, (load_before, os.getloadavg()))
    lines += shape_lines(shapes)
    # The hand-written reading of the numbers survives a rerun: reread it against the new ones.
    if args.results.exists() and NOTES_HEADING in (
        previous := args.results.read_text(encoding="utf-8")
    ):
        lines += ["", previous[previous.index(NOTES_HEADING) :].rstrip("\n")]
    write_results(args.results, lines)


if __name__ == "__main__":
    main()
