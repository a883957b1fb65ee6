"""Load test of the server's bounds: quick lookups while long queries run, and
peak memory under hostile queries.

`kg serve` runs on loopback with its defaults (timeout 10 s, two workers,
1024 MiB per worker, 4 MiB per result). Two scenarios, each for
``--duration`` seconds:

- *lookups while two long queries run*: two clients send a product of the
  store with itself (stopped at the timeout) again and again, while one
  client sends point lookups one after another, each with a text no earlier
  request used, so neither the answer cache nor the in-process quick path
  can answer it: every lookup reaches a worker. Reported: lookups answered
  per second, their p50 / p99 latency and how many failed.
- *hostile mix*: two clients each loop over an ``ORDER BY`` over a product
  (memory), a result of about 128 MB (10,000 rows of 12 KB values; bytes),
  the long product (time) and a query nested 5,000 deep, while the server's
  resident memory (its process and its workers, summed) is sampled every
  50 ms. Reported: peak RSS, the largest answer received, the statuses.

``--before DIR`` runs the same scenarios against another checkout of the
project (e.g. ``git archive <commit> | tar -x -C DIR``) in the same run, so
the table shows both. Everything stops by itself: the servers are stopped
at the end and every request has a client timeout.

Writes benchmarks/results/bounds.md.

Run: python benchmarks/bounds_benchmark.py [--duration 20] [--before DIR]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from machine import describe, write_results
from servers import free_port, stop

from kg.build import build

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "benchmarks" / "results" / "bounds.md"
PREFIXES = """PREFIX id: <https://w3id.org/sahel-kg/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 5"
WIDE = (
    "SELECT ?d WHERE { ?s ?p ?o BIND(STR(?s) AS ?a) BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a) AS ?b)"
    " BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b) AS ?c) BIND(CONCAT(?c,?c,?c,?c) AS ?d) } LIMIT 10000"
)
DEEP = "SELECT * WHERE " + "{" * 5_000 + " ?s ?p ?o " + "}" * 5_000
HOSTILE = {"order-by-product": HUNGRY, "wide-rows": WIDE, "long": LONG, "deep": DEEP}


NOTES = """
Reading the numbers. Before, the two long queries held both workers, so every
lookup waited for a free worker for the whole 10 s timeout and was answered
503. Now one worker is kept for quick queries: the long queries take turns on
the other (the second waits in the queue), and each lookup (joined, anchored
at a constant) runs on the kept worker at once. The lookups' latency is the
hand-off to a worker and the query, on a machine whose two cores the long
query and other work share. Peak memory is bounded by --worker-memory: the
ORDER BY over a product stops when its worker reaches 1024 MiB of data (the
engine aborts; the server answers 503 and starts a new worker), and a result
is cut at 4 MiB (--max-bytes) instead of sent whole. RSS is summed over the
server and its workers, so pages they share count twice.
"""


def lookup(n: int) -> str:
    """A point lookup with a text of its own, so no cache answers it."""
    return PREFIXES + (
        f"SELECT ?label WHERE {{ id:niger skos:prefLabel ?label FILTER(STRLEN(?label) > {-n}) }}"
    )


@contextmanager
def kg_server(pythonpath: str | None):
    """`kg serve` with its defaults on a free loopback port, from ``pythonpath`` if given."""
    port = free_port()
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=pythonpath or PROJECT,  # `python -c` imports from its folder first
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kg serve exited with {process.returncode}")
            try:
                if httpx.post(url, data={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not come up")
            time.sleep(0.2)
        yield url, process.pid
    finally:
        stop(process)


def loop(url: str, queries: list[str], until: float, seen: Counter, sizes: list[int]) -> None:
    """Send ``queries`` round-robin until ``until``, counting statuses and answer sizes."""
    with httpx.Client(timeout=60) as client:
        for query in itertools.cycle(queries):
            if time.monotonic() >= until:
                return
            try:
                response = client.post(url, data={"query": query})
                seen[str(response.status_code)] += 1
                sizes.append(len(response.content))
            except httpx.HTTPError as err:
                seen[type(err).__name__] += 1


def lookups_under_load(url: str, duration: float) -> dict:
    until = time.monotonic() + duration
    long_seen: Counter = Counter()
    loaders = [
        threading.Thread(target=loop, args=(url, [LONG], until, long_seen, [])) for _ in range(2)
    ]
    for thread in loaders:
        thread.start()
    time.sleep(0.5)
    latencies, failed = [], Counter()
    with httpx.Client(timeout=60) as client:
        for n in itertools.count():
            if time.monotonic() >= until:
                break
            started = time.monotonic()
            try:
                response = client.post(url, data={"query": lookup(n)})
                status = str(response.status_code)
            except httpx.HTTPError as err:
                status = type(err).__name__
            latencies.append(time.monotonic() - started)
            if status != "200":
                failed[status] += 1
    for thread in loaders:
        thread.join()
    answered = len(latencies) - sum(failed.values())
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "rate": answered / (duration - 0.5),
        "p50": statistics.median(latencies) * 1000,
        "p99": cuts[98] * 1000,
        "lookups": len(latencies),
        "failed": dict(failed),
        "long": dict(long_seen),
    }


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and its children, summed (shared pages count twice)."""
    try:
        process = psutil.Process(pid)
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            with suppress(psutil.Error):
                total += child.memory_info().rss
        return total
    except psutil.Error:
        return 0


def hostile_mix(url: str, pid: int, duration: float) -> dict:
    until = time.monotonic() + duration
    seen: Counter = Counter()
    sizes: list[int] = []
    clients = [
        threading.Thread(target=loop, args=(url, queries, until, seen, sizes))
        for queries in (list(HOSTILE.values()), list(reversed(HOSTILE.values())))
    ]
    for thread in clients:
        thread.start()
    peak = 0
    while any(thread.is_alive() for thread in clients):
        peak = max(peak, tree_rss(pid))
        time.sleep(0.05)
    return {"peak_rss": peak, "largest": max(sizes, default=0), "statuses": dict(seen)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--before", type=Path, help="another checkout to measure beside this one")
    parser.add_argument("--before-label", default="before", help="its name in the table")
    args = parser.parse_args()
    load = os.getloadavg()
    built = build()
    versions = {"this version": None}
    if args.before:
        versions[args.before_label] = str(args.before.resolve())
    measured = {}
    for label, pythonpath in versions.items():
        print(f"{label}: lookups while two long queries run …", file=sys.stderr)
        with kg_server(pythonpath) as (url, _):
            lookups = lookups_under_load(url, args.duration)
        print(f"{label}: hostile mix …", file=sys.stderr)
        with kg_server(pythonpath) as (url, pid):
            hostile = hostile_mix(url, pid, args.duration)
        measured[label] = (lookups, hostile)
    write_report(measured, args, load, built.quads)


def _counts(counts: dict) -> str:
    return ", ".join(f"{n}× {status}" for status, n in sorted(counts.items())) or "none"


def write_report(measured: dict, args: argparse.Namespace, load: tuple, quads: int) -> None:
    lines = [
        "# `kg serve` under long and hostile queries",
        "",
        "Written by `python benchmarks/bounds_benchmark.py`: `kg serve` with its defaults "
        "(timeout 10 s, --workers 2, --worker-memory 1024, --max-bytes 4 MiB, --cache 1000) "
        f"on loopback, {quads} quads, {args.duration:g} s per scenario. *Lookups*: two clients "
        "loop over a three-way product of the store (stopped at the timeout) while one client "
        "sends point lookups one after another, each with a text of its own so no cache "
        "answers it. *Hostile mix*: two clients loop over an ORDER BY over a product, 10,000 "
        "rows of 12 KB values, the three-way product and a query nested 5,000 deep, while the "
        "resident memory of the server and its workers (summed) is sampled every 50 ms.",
        "",
        describe("pyoxigraph", "starlette", "uvicorn", "httptools", "psutil"),
        "- load average before the run (other work on the machine): "
        + ", ".join(f"{x:.1f}" for x in load),
        "",
        "| version | lookups/s while 2 long queries run | p50 ms | p99 ms | lookups failed "
        "| peak RSS, hostile mix | largest answer | hostile statuses |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for label, (lookups, hostile) in measured.items():
        lines.append(
            f"| {label} | {lookups['rate']:.1f} | {lookups['p50']:.0f} | {lookups['p99']:.0f} | "
            f"{sum(lookups['failed'].values())} of {lookups['lookups']} "
            f"({_counts(lookups['failed'])}) | {hostile['peak_rss'] / 2**20:,.0f} MiB | "
            f"{hostile['largest'] / 2**20:.1f} MiB | {_counts(hostile['statuses'])} |"
        )
    lines += [
        "",
        "Long queries' answers during the lookups: "
        + "; ".join(f"{label}: {_counts(m[0]['long'])}" for label, m in measured.items())
        + ".",
        "",
        *NOTES.strip().splitlines(),
    ]
    write_results(RESULTS, lines)


if __name__ == "__main__":
    main()
