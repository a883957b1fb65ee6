"""How cost grows with the graph: load, memory and query latency per backend.

For each size, generate.py writes a synthetic graph shaped like ours; then each
backend is measured in its own subprocess (so its peak RSS is its own) under a
timeout: rdflib in memory, embedded Oxigraph in memory and on disk, Oxigraph
server (loaded with ``oxigraph load`` then served with
``--union-default-graph``, queried through kg.store.remote.RemoteStore) and, where it
is installed, Virtuoso. Each measures:

- load: parse the Turtle files into their named graphs; derive: Store.derive()
  (on servers: the derive CONSTRUCTs sent to the endpoint, their triples PUT
  into graph:derived);
- peak RSS of the process holding the data (servers: the larger of the loader's
  and the server's);
- four queries, each once cold and then repeated (median shown): a label
  lookup, the two-hop as-of join (written with the project's as-of rule, each
  hop's certainty bound), an
  aggregation and a property path over the derived edges.

It also times the curated graph's whole named-query suite on the default
backend (the built, persisted Oxigraph store). The results go to
benchmarks/results/scale.md, with the machine, versions and date.

Run: python benchmarks/scale.py --sizes 10k,100k,1M
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from generate import DEFAULT_OUT, Synthetic, generate, parse_size, read_manifest, size_label
from machine import describe
from servers import GRANTS, free_port, isql, launch_virtuoso, stop

from kg.load import RdfFile, load_files
from kg.store import OxigraphStore, RdflibStore, SelectResult, Store
from kg.temporal import expand_as_of
from kg.vocab import DERIVED_GRAPH, ENTITY_NS, GRAPH_NS, XSD_DATE

OUT = Path(__file__).parent / "results" / "scale.md"
RAW = DEFAULT_OUT / "scale.json"
BACKENDS = ("rdflib", "oxigraph-memory", "oxigraph-disk", "oxigraph-server", "virtuoso")
AS_OF_DAY = "2015-06-01"
REPEAT_BUDGET = 20.0  # seconds of repeats per query after the first run
SUITE_DAY = "2024-08-01"
NOTES_HEADING = "## Reading the numbers"

# The four benchmark queries. Parameters are bound through Store.query.
QUERIES: dict[str, str] = {
    # Label lookup: the actor with an English label, and its types.
    # param ?label
    "lookup": """SELECT ?actor ?type WHERE { ?actor skos:prefLabel ?label ; a ?type }""",
    # Two-hop as-of join: which forces were deployed, on ?asOf, in states that
    # were members of ?organisation that day? The as-of rule filters each hop.
    # param ?organisation, ?asOf
    "as-of join": """SELECT ?force ?state ?since ?r1__certainty ?r2__certainty WHERE {
  ?r1 a kg:Membership ; kg:from ?state ; kg:to ?organisation .
  # as-of: ?r1
  ?r2 a kg:Deployment ; kg:from ?force ; kg:to ?state .
  # as-of: ?r2
  ?r2 kg:latestStart ?since .
}""",
    # Aggregation: how many relationships of each kind.
    "aggregation": """SELECT ?kind (COUNT(?r) AS ?n) WHERE {
  ?r a ?kind . ?kind rdfs:subClassOf kg:Relationship .
} GROUP BY ?kind ORDER BY ?kind""",
    # Path: every unit above ?unit, over the derived plain edges.
    # param ?unit
    "path": """SELECT DISTINCT ?upper WHERE { ?unit (kg:subordinateTo|kg:partOf)+ ?upper }""",
}


def query_bindings(graph: Synthetic) -> dict[str, dict[str, ox.NamedNode | ox.Literal]]:
    probes = graph.probes
    return {
        "lookup": {"label": ox.Literal(probes["label"], language="en")},
        "as-of join": {
            "organisation": ox.NamedNode(ENTITY_NS + probes["organisation"]),
            "asOf": ox.Literal(AS_OF_DAY, datatype=XSD_DATE),
        },
        "aggregation": {},
        "path": {"unit": ox.NamedNode(ENTITY_NS + probes["unit"])},
    }


# --- the worker: one backend, one graph, in its own process -----------------


def emit(**record: object) -> None:
    print(json.dumps(record), flush=True)


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def vm_hwm_kib(pid: int) -> int:
    """Peak resident set of a running process (VmHWM), in KiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class QueryTimeout(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt Python-level work (rdflib) after ``seconds``; Rust engines finish first."""

    def expire(*_: object) -> None:
        raise QueryTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed_query(store: Store, name: str, bindings: dict, limit: float) -> None:
    text = expand_as_of(QUERIES[name])
    times: list[float] = []
    rows = None
    while not times or (sum(times[1:]) < REPEAT_BUDGET and len(times) < 11):
        start = time.perf_counter()
        try:
            with deadline(limit):
                result = store.query(text, bindings)
        except Exception as err:  # QueryTimeout, possibly wrapped in QueryError by the store
            timed_out = isinstance(err, QueryTimeout) or isinstance(err.__context__, QueryTimeout)
            if timed_out:
                emit(event="query", name=name, error="timeout", limit=limit)
            else:
                emit(event="query", name=name, error=str(err)[:400])
            return
        times.append(time.perf_counter() - start)
        assert isinstance(result, SelectResult)
        rows = len(result.rows)
        if times[0] > REPEAT_BUDGET:
            break
    warm = times[1:] or times
    emit(event="query", name=name, first=times[0], median=statistics.median(warm), rows=rows)


OUR_QUADS = f"""SELECT (COUNT(*) AS ?n) WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}"))
}}"""


def measure_queries(store: Store, graph: Synthetic, limit: float) -> None:
    # Count only the project's graphs: servers may hold system graphs of their own.
    count = store.select(OUR_QUADS)
    emit(event="quads", n=int(count.rows[0][0].value))
    for name, bindings in query_bindings(graph).items():
        timed_query(store, name, bindings, limit)


def load_embedded(store: Store, graph: Synthetic) -> None:
    """Load as the project does: each store parses each file itself
    (kg.build.rdflib_store; kg.build.build through kg.load.load_files)."""
    if isinstance(store, RdflibStore):
        for file in graph.files:
            store.load_file(file.path, file.graph)
        return
    assert isinstance(store, OxigraphStore)
    load_files(store, [RdfFile(file.path, ox.NamedNode(file.graph)) for file in graph.files])


def run_embedded(backend: str, graph: Synthetic, scratch: Path, limit: float) -> None:
    emit(event="baseline", rss_kib=peak_rss_kib())
    start = time.perf_counter()
    if backend == "rdflib":
        store: Store = RdflibStore()
    elif backend == "oxigraph-memory":
        store = OxigraphStore.in_memory()
    else:
        store = OxigraphStore.create(scratch / "store")
    load_embedded(store, graph)
    if isinstance(store, OxigraphStore) and store.path is not None:
        store.flush()
    emit(event="load", seconds=time.perf_counter() - start)
    start = time.perf_counter()
    store.derive()
    emit(event="derive", seconds=time.perf_counter() - start)
    measure_queries(store, graph, limit)
    emit(event="rss", kib=peak_rss_kib())


def wait_for(store: Store, process: subprocess.Popen, seconds: float = 120) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            store.query("ASK {}")
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


def derive_remote(store: Store, store_endpoint: str) -> None:
    """Store.derive() for an endpoint: run the derive CONSTRUCTs and compute the
    time bounds through it, PUT the triples."""
    from kg.derive import derive_queries, time_bound_lines
    from kg.store.remote import push_graph

    lines: list[str] = []
    for path in derive_queries():
        triples = store.query(path.read_text(encoding="utf-8"))
        assert isinstance(triples, list)
        lines += [f"{t.subject} {t.predicate} {t.object} .\n" for t in triples]
    lines += time_bound_lines(store)
    push_graph(store_endpoint, DERIVED_GRAPH.value, "".join(lines).encode(), timeout=3600)


def run_oxigraph_server(graph: Synthetic, scratch: Path, limit: float) -> None:
    from kg.store.remote import RemoteStore

    binary = shutil.which("oxigraph")
    if not binary:
        raise RuntimeError("`oxigraph` (pip install oxigraph) is not installed")
    location = scratch / "server"
    start = time.perf_counter()
    for file in graph.files:
        load = ["load", "--location", str(location), "--file", str(file.path)]
        subprocess.run(
            [binary, *load, "--graph", file.graph],
            check=True,
            capture_output=True,
        )
    emit(event="load", seconds=time.perf_counter() - start)
    emit(event="loader-rss", kib=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    port = free_port()
    serve = ["serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [binary, *serve, "--union-default-graph", "--timeout-s", f"{limit:.0f}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        store = RemoteStore(f"http://127.0.0.1:{port}/query", timeout=limit)
        wait_for(store, server)
        start = time.perf_counter()
        derive_remote(store, f"http://127.0.0.1:{port}/store")
        emit(event="derive", seconds=time.perf_counter() - start)
        measure_queries(store, graph, limit)
        emit(event="rss", kib=vm_hwm_kib(server.pid))
    finally:
        stop(server, grace=60)


def run_virtuoso(graph: Synthetic, scratch: Path, limit: float) -> None:
    """Virtuoso (Debian virtuoso-opensource): bulk loader in, SPARQL endpoint out.

    Virtuoso's default graph is the union of all graphs (its own system graphs
    included), so queries need no FROM; writes through the Graph Store
    endpoint need SPARQL_UPDATE granted to the anonymous SPARQL user.
    """
    from kg.store.remote import RemoteStore

    server, sql_port, http_port = launch_virtuoso(
        scratch,
        readable=(graph.folder,),
        buffers=170_000,
        max_rows=10_000_000,
        seconds=int(limit),
    )
    try:
        store = RemoteStore(f"http://127.0.0.1:{http_port}/sparql", timeout=limit)
        start = time.perf_counter()
        wait_for(store, server)
        emit(event="startup", seconds=time.perf_counter() - start)
        isql(sql_port, GRANTS)
        start = time.perf_counter()
        lines = [f"ld_add('{f.path}', '{f.graph}');" for f in graph.files]
        isql(sql_port, "\n".join([*lines, "rdf_loader_run();", "checkpoint;", ""]))
        emit(event="load", seconds=time.perf_counter() - start)
        start = time.perf_counter()
        derive_remote(store, f"http://127.0.0.1:{http_port}/sparql-graph-crud")
        emit(event="derive", seconds=time.perf_counter() - start)
        measure_queries(store, graph, limit)
        emit(event="rss", kib=vm_hwm_kib(server.pid))
    finally:
        stop(server, grace=120)


def time_build_stages() -> None:
    """Time what `kg build` does on the curated data, stage by stage, in a
    scratch store: read the files into memory, the compiled shapes, the derive
    step, the checks, then writing the validated store to disk."""
    from validation_benchmark import timed_validation

    from kg.load import rdf_files

    validated, stages = timed_validation(rdf_files(()))
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as scratch:
        store = OxigraphStore.create(Path(scratch) / "store")
        start = time.perf_counter()
        # As kg.build writes it: an N-Quads dump, bulk-loaded.
        validated.store.dump(Path(scratch) / "dump.nq")
        store.bulk_load_dump(Path(scratch) / "dump.nq")
        store.flush()
        stages["write"] = time.perf_counter() - start
        store.close()
    emit(event="build", **stages)


def run_curated(runs: int) -> None:
    """Time the bundled graph's whole named-query suite on the default backend:
    the built store opened read-only on disk (what every command does), then
    the same store read into memory (``open_store(in_memory=True)``)."""
    from kg.build import build
    from kg.query import named_queries, run
    from kg.temporal import PartialDate

    time_build_stages()
    path = build().path
    day = PartialDate.parse(SUITE_DAY)
    queries = list(named_queries().values())

    def suite(store: Store) -> list[float]:
        totals = []
        for _ in range(runs):
            start = time.perf_counter()
            for query in queries:
                run(store, query)
                if query.takes_as_of:
                    run(store, query, as_of=day)
            totals.append(time.perf_counter() - start)
        return totals

    start = time.perf_counter()
    on_disk = OxigraphStore.read_only(path)
    emit(event="open", seconds=time.perf_counter() - start)
    totals = suite(on_disk)
    emit(event="suite", first=totals[0], median=statistics.median(totals[1:] or totals))
    start = time.perf_counter()
    in_memory = OxigraphStore.memory_copy(path)
    emit(event="copy", seconds=time.perf_counter() - start, quads=len(in_memory))
    totals = suite(in_memory)
    emit(event="suite-memory", first=totals[0], median=statistics.median(totals[1:] or totals))
    slowest = []
    for query in queries:
        start = time.perf_counter()
        run(on_disk, query)
        slowest.append((time.perf_counter() - start, query.name))
    seconds, name = max(slowest)
    emit(event="slowest", name=name, seconds=seconds)
    as_of = sum(q.takes_as_of for q in queries)
    emit(event="suite-size", queries=len(queries), runs=len(queries) + as_of)


def worker(backend: str, folder: Path, limit: float) -> None:
    graph = read_manifest(folder / "manifest.json")
    with tempfile.TemporaryDirectory(prefix=f"kg-bench-{backend}-", dir=DEFAULT_OUT) as scratch:
        if backend == "oxigraph-server":
            run_oxigraph_server(graph, Path(scratch), limit)
        elif backend == "virtuoso":
            run_virtuoso(graph, Path(scratch), limit)
        else:
            run_embedded(backend, graph, Path(scratch), limit)


# --- the runner ---------------------------------------------------------------


def measure(args: list[str], timeout: float, env: dict[str, str] | None = None) -> dict:
    """Run a worker under a timeout; gather its records (partial ones on timeout)."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=env,
    )
    status = "ok"
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        status = f"timeout after {timeout:.0f} s"
    if status == "ok" and process.returncode != 0:
        status = f"failed: {err.strip().splitlines()[-1] if err.strip() else process.returncode}"
    records: dict = {"status": status, "queries": {}}
    for line in out.splitlines():
        record = json.loads(line)
        event = record.pop("event")
        if event == "query":
            records["queries"][record.pop("name")] = record
        else:
            records[event] = record
    return records


def mib(kib: int | None) -> str:
    return "–" if kib is None else f"{kib / 1024:,.0f}"


def seconds(record: dict | None) -> str:
    return "–" if not record else f"{record['seconds']:.2f}"


def latency(record: dict | None, notes: list[str]) -> str:
    if not record:
        return "–"
    if "error" in record:
        if record["error"] == "timeout":
            return f"> {record['limit'] * 1000:,.0f} (timeout)"
        # Keep the engine's own words, shortened: the message, not the echoed query.
        message = record["error"].split("SPARQL query:")[0].replace("|", "/").split()
        notes.append(" ".join(message)[:240])
        return f"error [{len(notes)}]"
    return f"{record['median'] * 1000:,.1f}"


def peak(result: dict) -> int | None:
    values = [result.get(k, {}).get("kib") for k in ("rss", "loader-rss")]
    values = [v for v in values if v]
    return max(values) if values else None


def report(
    results: dict, graphs: dict[str, Synthetic], suite: dict, limit: float, query_limit: float
) -> str:
    names = list(QUERIES)
    notes: list[str] = []
    lines = [
        "# Scale: load, memory and query latency on synthetic graphs",
        "",
        describe("pyoxigraph", "oxigraph", "rdflib") + virtuoso_version(),
        "- rerun: `python benchmarks/scale.py --sizes 10k,100k,1M` (graphs are generated"
        " under /tmp/kg-bench by benchmarks/generate.py, seed 1)",
        f"- one process per backend and size, timeout {limit:.0f} s; query times in ms are"
        " the median of repeats after a first (cold) run, each run capped (a timeout shows"
        f" its cap; {query_limit:.0f} s in the latest run); `--keep-previous` keeps earlier"
        " rows, so each row says when it was measured",
        f"- raw numbers: {RAW} (rewrite this table with --render)",
        "",
        "| size | backend | triples loaded | after derive | load (s) | derive (s) |"
        " peak RSS (MiB) | " + " | ".join(f"{n} (ms)" for n in names) + " | status | measured |",
        "|---|---|---:|---:|---:|---:|---:|" + "---:|" * len(names) + "---|---|",
    ]
    for (size, backend), result in results.items():
        cells = [
            size,
            backend,
            f"{graphs[size].triples:,}",
            f"{result['quads']['n']:,}" if "quads" in result else "–",
            seconds(result.get("load")),
            seconds(result.get("derive")),
            mib(peak(result)),
            *(latency(result["queries"].get(n), notes) for n in names),
            result["status"],
            result.get("measured", "?"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if notes:
        lines += ["", *(f"[{n}] {note}" for n, note in enumerate(notes, start=1))]
    lines += ["", "Rows returned (every backend must agree):", ""]
    lines += ["| size | backend | " + " | ".join(names) + " |", "|---|---|" + "---:|" * len(names)]
    for (size, backend), result in results.items():
        counts = [str(result["queries"].get(n, {}).get("rows", "–")) for n in names]
        lines.append(f"| {size} | {backend} | " + " | ".join(counts) + " |")
    lines += ["", *suite_lines(suite), "", *target_lines(results), ""]
    return "\n".join(lines)


def virtuoso_version() -> str:
    binary = shutil.which("virtuoso-t")
    if not binary:
        return ""
    proc = subprocess.run([binary, "-?"], capture_output=True, text=True)
    for line in (proc.stdout + proc.stderr).splitlines():
        if "Version" in line:
            return "\n- Virtuoso: " + line.strip()
    return ""


def suite_lines(suite: dict) -> list[str]:
    if "suite" not in suite:
        return [f"Curated named-query suite: not measured ({suite.get('status')})."]
    size = suite["suite-size"]
    median = suite["suite"]["median"]
    verdict = "met" if median < 1 else f"missed by {median - 1:.2f} s"
    lines = [
        f"Curated graph, whole named-query suite on the default backend ({size['queries']} queries,"
        f" {size['runs']} runs: defaults plus --as-of {SUITE_DAY} where a query takes it),"
        f" measured {suite.get('measured', '?')}:",
        "",
        "- on disk, opened read-only as every command does"
        f" (open {suite['open']['seconds']:.3f} s):"
        f" first {suite['suite']['first']:.3f} s, then median {median:.3f} s."
        f" Target under 1 s: {verdict}.",
    ]
    if "suite-memory" in suite:
        memory = suite["suite-memory"]["median"]
        lines.append(
            f"- read into memory first (`open_store(in_memory=True)`; the copy of"
            f" {suite['copy']['quads']:,} quads took {suite['copy']['seconds']:.3f} s):"
            f" first {suite['suite-memory']['first']:.3f} s, then median {memory:.3f} s"
            f" ({'under' if memory < 1 else 'over'} 1 s)."
        )
    if "build" in suite:
        stages = suite["build"]
        total = sum(stages.values())
        lines.append(
            "- `kg build` stages on the curated data: "
            + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items())
            + f" (derive's share {stages['derive'] / total:.0%} of {total:.2f} s)."
        )
    if "slowest" in suite:
        lines.append(
            f"- slowest query on disk: {suite['slowest']['name']}"
            f" ({suite['slowest']['seconds']:.3f} s)."
        )
    return lines


def target_lines(results: dict) -> list[str]:
    """The issue's targets at the largest size measured with both rdflib and Oxigraph."""
    sizes = [s for s, b in results if b == "rdflib" and (s, "oxigraph-disk") in results]
    if not sizes:
        return []
    size = sizes[-1]
    rdflib, oxigraph = results[(size, "rdflib")], results[(size, "oxigraph-disk")]
    lines = [f"Targets at {size} (default backend = embedded Oxigraph on disk, vs rdflib):", ""]

    def ratio(label: str, slow: float | None, fast: float | None, goal: float, bound="") -> None:
        if not slow or not fast:
            lines.append(f"- {label}: not measured")
            return
        factor = slow / fast
        if factor >= goal:
            verdict = "met"
        elif bound:
            verdict = "not decided: rdflib timed out before the goal was reached"
        else:
            verdict = f"missed: {factor:.1f}x is {factor / goal:.0%} of the goal"
        lines.append(f"- {label}: {bound}{factor:.1f}x (goal {goal:g}x): {verdict}")

    ratio(
        "load faster",
        rdflib.get("load", {}).get("seconds"),
        oxigraph.get("load", {}).get("seconds"),
        10,
    )
    slow = rdflib["queries"].get("as-of join", {})
    ratio(
        "as-of join faster",
        slow.get("median", slow.get("limit")),
        oxigraph["queries"].get("as-of join", {}).get("median"),
        20,
        "at least " if "limit" in slow else "",
    )
    ratio("peak memory smaller", peak(rdflib), peak(oxigraph), 3)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per backend")
    parser.add_argument("--query-timeout", type=float, default=120, help="seconds per query")
    parser.add_argument("--skip-rdflib-above", default="1M")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--keep-previous",
        action="store_true",
        help=f"keep the runs in {RAW} for sizes and backends not measured now",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--render", type=Path, help="only rewrite the table from a results file")
    args = parser.parse_args()
    if args.render:
        render(json.loads(args.render.read_text(encoding="utf-8")), args.out)
        return
    if args.worker == "curated":
        run_curated(runs=6)
        return
    if args.worker:
        worker(args.worker, args.graph, args.query_timeout)
        return

    backends = [b for b in args.backends.split(",") if b]
    if "virtuoso" in backends and not shutil.which("virtuoso-t"):
        print("virtuoso-t not found: skipping Virtuoso", file=sys.stderr)
        backends.remove("virtuoso")
    say: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    env = {**os.environ, "KG_CACHE_DIR": str(DEFAULT_OUT / "cache")}
    say("curated suite on the default backend")
    raw: dict = {"timeout": args.timeout, "query_timeout": args.query_timeout, "runs": []}
    if args.keep_previous and RAW.exists():
        raw["runs"] = json.loads(RAW.read_text(encoding="utf-8"))["runs"]
    raw["suite"] = measure(["--worker", "curated"], args.timeout, env)
    raw["suite"]["measured"] = now()
    for size in args.sizes.split(","):
        triples = parse_size(size)
        graph = generate(triples, args.seed)
        say(f"{size_label(triples)}: {graph.triples:,} triples in {graph.folder}")
        for backend in backends:
            if backend == "rdflib" and triples > parse_size(args.skip_rdflib_above):
                continue
            say(f"  {backend} ...")
            worker_args = ["--worker", backend, "--graph", str(graph.folder)]
            worker_args += ["--query-timeout", str(args.query_timeout)]
            result = measure(worker_args, args.timeout)
            run = {"folder": str(graph.folder), "backend": backend, "result": result}
            run["measured"] = now()
            raw["runs"] = [
                r
                for r in raw["runs"]
                if (r["folder"], r["backend"]) != (run["folder"], run["backend"])
            ] + [run]
            say(f"  {backend}: {json.dumps(result)}")
            RAW.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    render(raw, args.out)


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def render(raw: dict, out: Path) -> None:
    """Write the Markdown table from raw results (also: --render /tmp/kg-bench/scale.json)."""
    graphs = {}
    results: dict[tuple[str, str], dict] = {}
    for run in raw["runs"]:
        graph = read_manifest(Path(run["folder"]) / "manifest.json")
        label = size_label(parse_size(Path(run["folder"]).name.split("-")[0]))
        graphs[label] = graph
        results[(label, run["backend"])] = {**run["result"], "measured": run.get("measured")}
    order = {backend: n for n, backend in enumerate(BACKENDS)}
    results = dict(sorted(results.items(), key=lambda i: (parse_size(i[0][0]), order[i[0][1]])))
    text = report(results, graphs, raw["suite"], raw["timeout"], raw["query_timeout"])
    # The hand-written reading of the numbers below the tables survives a rerun:
    # reread it against the new numbers.
    if out.exists() and NOTES_HEADING in (previous := out.read_text(encoding="utf-8")):
        text += "\n" + previous[previous.index(NOTES_HEADING) :]
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = out.with_suffix(".tmp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, out)
    print(text)


if __name__ == "__main__":
    main()
