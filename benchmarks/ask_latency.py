"""Warm `kg ask` latency beside `kg query`, end to end, process start included.

Builds the store once, then runs each question as a fresh `kg ask` process,
and beside it the `kg query` (or `kg analyze path`) command the answer
names, several times each; writes a Markdown table of medians. Target: a
warm `kg ask` under 0.5 s (a path question loads networkx, as `kg analyze
path` does).

Run: python benchmarks/ask_latency.py [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import describe, write_results

QUESTIONS = [
    "Who led Niger on 1 August 2023?",
    "Qui dirige le Burkina Faso aujourd'hui ?",
    "Quelles forces étrangères étaient au Niger en 2019 ?",
    "When did France leave Niger?",
    "What happened in Mali in 2021?",
    "Who first reported the Russian air defence system in Niger?",
    "How is Wagner connected to Burkina Faso?",
]
OUT = Path(__file__).parent / "results" / "ask-latency.md"
KG = [sys.executable, "-m", "kg.cli"]
PACKAGE = Path(__file__).resolve().parent.parent / "kg"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def median_of(args: list[str], runs: int) -> float:
    timed(args)  # warm the OS file cache
    return statistics.median(timed(args) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    # Warm means compiled, as pip leaves an installed package: an editable
    # checkout run with PYTHONDONTWRITEBYTECODE would recompile every module.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PACKAGE)], check=True)
    subprocess.run([*KG, "build"], check=True, capture_output=True)
    rows = []
    for question in QUESTIONS:
        answer = json.loads(
            subprocess.run(
                [*KG, "ask", question, "--format", "json"], check=True, capture_output=True
            ).stdout
        )
        same = [*KG, *shlex.split(answer["command"])[1:], "--format", "json"]
        asked = median_of([*KG, "ask", question, "--format", "json"], runs)
        queried = median_of(same, runs)
        rows.append((question, answer["command"], asked, queried))
        print(f"{question}: ask {asked:.3f} s, command {queried:.3f} s")
    write_results(
        OUT,
        [
            "# Warm `kg ask` latency beside the command it names (process start included)",
            "",
            describe("pyoxigraph", "rapidfuzz", "click"),
            f"- runs per cell: {runs} (median shown), bytecode compiled; target: `kg ask`"
            " under 0.5 s",
            "- load average (1, 5, 15 min) at the end: "
            + ", ".join(f"{load:.1f}" for load in os.getloadavg()),
            "",
            "| question | same answer | kg ask (s) | command (s) | difference (s) |",
            "|---|---|---:|---:|---:|",
            *(f"| {q} | `{c}` | {a:.3f} | {k:.3f} | {a - k:+.3f} |" for q, c, a, k in rows),
            "",
            "`kg ask` reads every name in the graph (one query), the question's dates and",
            "cues, runs the named query and reads the citations; a path question imports",
            "networkx and builds the graph, as `kg analyze path` does.",
            "",
        ],
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
