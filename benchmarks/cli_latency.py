"""Warm `kg query --name ...` latency, end to end, process start included.

Builds the store once, then runs each named query as a fresh `kg` process
several times per backend and writes a Markdown table with medians and the
rdflib / Oxigraph ratio (both measured in the same run, since the machine is
shared and noisy).

Run: python benchmarks/cli_latency.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import describe

QUERIES = ["members", "head-of-state", "russian-deployments", "chain-of-command", "claims"]
OUT = Path(__file__).parent / "results" / "cli-latency.md"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    kg = [sys.executable, "-m", "kg.cli"]
    subprocess.run([*kg, "build"], check=True, capture_output=True)
    rows = []
    for name in QUERIES:
        medians = {}
        for backend in ("oxigraph", "rdflib"):
            args = [*kg, "query", "--name", name, "--format", "csv", "--backend", backend]
            timed(args)  # warm the OS file cache
            medians[backend] = statistics.median(timed(args) for _ in range(runs))
        rows.append((name, medians["oxigraph"], medians["rdflib"]))
        print(f"{name}: oxigraph {medians['oxigraph']:.3f} s, rdflib {medians['rdflib']:.3f} s")
    table = [
        "# Warm `kg query --name` latency (process start included)",
        "",
        describe("pyoxigraph", "rdflib", "click"),
        f"- runs per cell: {runs} (median shown); target: under 0.5 s on the default backend",
        "",
        "| query | oxigraph (s) | rdflib (s) | rdflib / oxigraph |",
        "|---|---:|---:|---:|",
        *(f"| {n} | {o:.3f} | {r:.3f} | {r / o:.1f}x |" for n, o, r in rows),
        "",
        "The rdflib backend parses and derives the Turtle in memory on each run;",
        "the Oxigraph backend opens the persisted store read-only.",
        "",
    ]
    OUT.write_text("\n".join(table), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
