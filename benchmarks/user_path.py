"""What a user who brings data waits for: `kg query --data` cold and warm, and
`kg build --data`, beside rdflib parsing the same files and running the same
query, at several sizes, with the fitted growth.

Each size is a synthetic graph from generate.py (it passes `kg validate`).
Every run is its own process, timed from outside (wall clock) with its peak
resident memory read from the kernel (``os.wait4``), under a time limit:

- *cold query*: ``kg query --name members --param organisation=aes --as-of
  2015-06-01 --data DIR`` with an empty store cache, so the store is built
  (every file read once, SHACL shapes and checks, derive, the on-disk store);
  "its answer at" is when its first output came: it answers from the
  validated store in memory, then writes the store to disk;
- *warm query*: the same command again (median of 3);
- *build*: ``kg build --data DIR`` with an empty cache: the store and the
  overview page, the main job;
- *rdflib*: rdflib parsing the same files (the bundled record and DIR) into
  one Dataset and running the same query text (as-of rule expanded, the
  organisation bound): the anchor, with no validation or derive.

Results go to benchmarks/results/user-path.md with the machine, versions and
load average; the growth column is the exponent b of time = a * size^b fitted
over the sizes measured (1 is linear).

Run: python benchmarks/user_path.py [--sizes 10k,100k,1M] [--timeout 1200]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DEFAULT_OUT, generate, parse_size, size_label
from machine import describe, write_results

OUT = Path(__file__).parent / "results" / "user-path.md"
QUERY = ["--name", "members", "--param", "organisation=aes", "--as-of", "2015-06-01"]


def _first_output(stream, at: list[float]) -> None:
    """Note when ``stream`` gives its first byte, then read it to its end."""
    if stream.read(1):
        at.append(time.perf_counter())
    while stream.read(65536):
        pass


def timed(command: list[str], env: dict[str, str], limit: float, cwd: Path | None = None) -> dict:
    """Run ``command``; its wall time, when its first output came (the answer),
    peak RSS (MiB) and exit code, or a timeout."""
    start = time.perf_counter()
    answered: list[float] = []
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=err)
        reader = threading.Thread(target=_first_output, args=(child.stdout, answered))
        reader.start()
        deadline = start + limit
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                reader.join()
                return {"timeout": limit}
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        reader.join()
        code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    found = {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "exit": code}
    if answered:
        found["answer"] = answered[0] - start
    if code != 0:
        found["error"] = tail[0][:200] if tail else f"exit {code}"
    return found


def rdflib_worker(folder: str) -> None:
    """Parse the record and ``folder`` with rdflib and run the members query."""
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import XSD

    from kg.load import rdf_files
    from kg.query import named_queries
    from kg.temporal import expand_as_of
    from kg.vocab import ENTITY_NS, sparql_prologue

    dataset = Dataset(default_union=True)
    for file in rdf_files([Path(folder)]):
        dataset.graph(URIRef(file.graph.value)).parse(file.path)
    query = named_queries()["members"]
    text = sparql_prologue() + expand_as_of(query.path.read_text(encoding="utf-8"))
    bindings = {
        "organisation": URIRef(ENTITY_NS + "aes"),
        "asOf": Literal("2015-06-01", datatype=XSD.date),
    }
    rows = list(dataset.query(text, initBindings=bindings))
    print(json.dumps({"rows": len(rows)}))


def measure(folder: Path, limit: float) -> dict:
    """Every run for one graph folder."""
    base = {k: v for k, v in os.environ.items() if k != "KG_CACHE_DIR"}
    kg = [sys.executable, "-m", "kg.cli"]
    found: dict = {}
    with tempfile.TemporaryDirectory(prefix="kg-user-path-") as scratch:
        env = {**base, "KG_CACHE_DIR": str(Path(scratch) / "query-cache")}
        found["cold"] = timed([*kg, "query", *QUERY, "--data", str(folder)], env, limit)
        warm = [timed([*kg, "query", *QUERY, "--data", str(folder)], env, limit) for _ in range(3)]
        found["warm"] = {
            "seconds": statistics.median(w.get("seconds", math.inf) for w in warm),
            "peak_mib": max(w.get("peak_mib", 0) for w in warm),
        }
        shutil.rmtree(Path(scratch) / "query-cache", ignore_errors=True)
        env = {**base, "KG_CACHE_DIR": str(Path(scratch) / "build-cache")}
        views = Path(scratch) / "views"
        views.mkdir()
        found["build"] = timed([*kg, "build", "--data", str(folder)], env, limit, cwd=views)
    found["rdflib"] = timed(
        [sys.executable, str(Path(__file__).resolve()), "--rdflib-worker", str(folder)],
        dict(os.environ),
        limit,
    )
    return found


def growth(points: list[tuple[int, float]]) -> str:
    """The exponent b of time = a * size^b, least squares in log-log."""
    points = [(n, t) for n, t in points if t and math.isfinite(t)]
    if len(points) < 2:
        return "–"
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return f"{slope:.2f}"


def cell(run: dict, key: str = "seconds", unit: str = "s") -> str:
    if "timeout" in run:
        return f"> {run['timeout']:.0f} s (stopped)"
    if "error" in run:
        return f"error: {run['error']}"
    value = run.get(key)
    return "–" if value is None else (f"{value:,.2f} {unit}" if unit == "s" else f"{value:,.0f}")


def table(results: dict[int, dict]) -> list[str]:
    lines = [
        "| size | cold `kg query` | its answer at | peak MiB | rdflib parse + query | peak MiB"
        " | time ratio | memory ratio | warm `kg query` | `kg build` | peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, run in sorted(results.items()):
        cold, rdflib, warm, build = run["cold"], run["rdflib"], run["warm"], run["build"]
        both = all("seconds" in r and "error" not in r for r in (cold, rdflib))
        time_ratio = f"{rdflib['seconds'] / cold['seconds']:.2f}x" if both else "–"
        memory_ratio = f"{cold['peak_mib'] / rdflib['peak_mib']:.2f}" if both else "–"
        lines.append(
            f"| {size_label(size)} | {cell(cold)} | {cell(cold, 'answer')}"
            f" | {cell(cold, 'peak_mib', 'MiB')}"
            f" | {cell(rdflib)} | {cell(rdflib, 'peak_mib', 'MiB')} | {time_ratio}"
            f" | {memory_ratio} | {cell(warm)} | {cell(build)} | {cell(build, 'peak_mib', 'MiB')} |"
        )
    sizes = sorted(results)

    def fit(key: str) -> str:
        return growth([(n, results[n][key].get("seconds")) for n in sizes])

    lines += [
        "",
        f"Fitted growth (time ~ size^b) over {', '.join(size_label(n) for n in sizes)}:"
        f" cold query b = {fit('cold')}, build b = {fit('build')},"
        f" warm query b = {fit('warm')}, rdflib b = {fit('rdflib')}.",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per run")
    parser.add_argument("--results", type=Path, default=OUT)
    parser.add_argument("--rdflib-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rdflib_worker:
        rdflib_worker(args.rdflib_worker)
        return
    load_before = os.getloadavg()
    results = {}
    for size in (parse_size(s) for s in args.sizes.split(",")):
        graph = generate(size, args.seed, args.out)
        print(f"{size_label(size)}: {graph.folder}", flush=True)
        results[size] = measure(graph.folder, args.timeout)
        print(json.dumps(results[size]), flush=True)
    load_after = os.getloadavg()
    notes_heading = "## Reading the numbers"
    kept = ""
    if args.results.exists():
        text = args.results.read_text(encoding="utf-8")
        kept = text[text.index(notes_heading) :] if notes_heading in text else ""
    lines = [
        "# What a user who brings data waits for",
        "",
        describe("pyoxigraph", "rdflib"),
        "- load average (1, 5, 15 min): "
        + " ".join(f"{x:.2f}" for x in load_before)
        + " before, "
        + " ".join(f"{x:.2f}" for x in load_after)
        + " after",
        f"- rerun: `python benchmarks/user_path.py --sizes {args.sizes}`",
        "- each cell one process, wall time and peak resident memory; warm is the median"
        " of 3; ratios from the same run: time ratio = rdflib / cold `kg query`,"
        " memory ratio = cold `kg query` / rdflib",
        "",
        *table(results),
        "",
    ]
    if kept:
        lines.append(kept.rstrip())
    write_results(args.results, lines)


if __name__ == "__main__":
    main()
