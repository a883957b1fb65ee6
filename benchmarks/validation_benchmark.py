"""Validation benchmark: the compiled shapes and checks against pySHACL.

For each size, benchmarks/generate.py writes a synthetic graph that passes
``kg validate``; then, each in its own subprocess (so its peak RSS is its
own) under a timeout:

- *kg validate*: what a user who adds the graph with ``--data`` waits for,
  the whole command (bundled record plus the graph), stage by stage: read the
  files into Oxigraph, the SHACL shapes compiled to SPARQL, the derive step,
  the checks;
- *pySHACL*: the reference engine on the same files (an rdflib union, then
  ``pyshacl.validate`` with the same shapes), the shapes alone, no checks.

Target (issue 22): ``kg validate --data`` at 1M triples under 20 s and 1 GiB.

Run: python benchmarks/validation_benchmark.py --sizes 10k,100k,1M
     (writes benchmarks/results/validation.md)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from generate import DEFAULT_OUT, generate, parse_size
from machine import describe, write_results

RESULTS = Path(__file__).resolve().parent / "results" / "validation.md"
STAGES = ("read", "shapes", "derive", "checks")


def timed_validation(files: list) -> tuple:
    """Validate ``files`` as a build does: the result and each stage's seconds."""
    from kg.validate import validated_store

    marks: list[tuple[str, float]] = []

    def step(name: str, *_: int) -> None:
        if not marks or marks[-1][0] != name:
            marks.append((name, time.perf_counter()))

    validated = validated_store(files, step)
    marks.append(("", time.perf_counter()))
    stages = {
        stage: later - at
        for stage, (_, at), (_, later) in zip(STAGES, marks[:-1], marks[1:], strict=True)
    }
    return validated, stages


def run_kg(folder: str) -> dict:
    """`kg validate --data folder`'s work, its stages timed."""
    from kg.load import rdf_files

    start = time.perf_counter()
    validated, stages = timed_validation(rdf_files([Path(folder)]))
    return {
        "total": time.perf_counter() - start,
        **stages,
        "violations": len(validated.report.violations),
        "warnings": len(validated.report.warnings),
        "quads": len(validated.store),
    }


def run_pyshacl(folder: str) -> dict:
    """pySHACL over an rdflib union of the same files, the shapes alone."""
    from shacl_reference import pyshacl_problems

    from kg.load import rdf_files

    start = time.perf_counter()
    problems = pyshacl_problems(rdf_files([Path(folder)]))
    return {"total": time.perf_counter() - start, "problems": len(problems)}


def measure(engine: str, folder: Path, timeout: float) -> dict:
    """Run one engine in a subprocess: its result, wall time and peak RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--worker", engine, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"timeout": timeout}
    if process.returncode != 0:
        return {"failed": process.returncode}
    result = json.loads(out.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - start
    return result


def worker(engine: str, folder: str) -> None:
    import resource

    result = run_kg(folder) if engine == "kg" else run_pyshacl(folder)
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _cell(result: dict, key: str, unit: str = "s") -> str:
    if "timeout" in result:
        return f"> {result['timeout']:.0f} s (stopped)" if key == "total" else ""
    if "failed" in result:
        return f"failed ({result['failed']})"
    value = result.get(key)
    return "" if value is None else f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    rows = []
    for text in args.sizes.split(","):
        graph = generate(parse_size(text), out=DEFAULT_OUT)
        print(f"{text}: kg validate ...", file=sys.stderr, flush=True)
        kg = measure("kg", graph.folder, args.timeout)
        print(f"{text}: pySHACL ...", file=sys.stderr, flush=True)
        reference = measure("pyshacl", graph.folder, args.timeout)
        rows.append((text, graph, kg, reference))
    load = os.getloadavg()
    lines = [
        "# Validation: compiled shapes and checks against pySHACL",
        "",
        describe("pyoxigraph", "pyshacl", "rdflib"),
        f"- load average before the last size: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}",
        "",
        "Each cell is one run in its own process (peak RSS is that process's).",
        "*kg validate* is the whole `kg validate --data` work on the bundled record",
        "plus the synthetic graph; its stages are read (Oxigraph parses each file",
        "once), shapes (ontology/shapes.ttl compiled to SPARQL), derive, checks.",
        "*pySHACL* runs the same shapes over an rdflib union of the same files,",
        "without the checks. Synthetic graphs from benchmarks/generate.py (seed 1)",
        "pass `kg validate`: the violations column shows it.",
        "",
        "| graph | kg validate | read | shapes | derive | checks | peak | violations "
        "| pySHACL (shapes only) | peak | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, graph, kg, reference in rows:
        ratio = ""
        if "total" in kg and "total" in reference:
            ratio = f"{reference['total'] / kg['total']:.0f}x"
        elif "total" in kg and "timeout" in reference:
            ratio = f"> {reference['timeout'] / kg['total']:.0f}x"
        lines.append(
            f"| {label} ({graph.triples:,} triples) | {_cell(kg, 'total')} | "
            + " | ".join(_cell(kg, stage) for stage in STAGES)
            + f" | {_cell(kg, 'peak_mib', 'MiB')} | {kg.get('violations', '')} "
            f"| {_cell(reference, 'total')} | {_cell(reference, 'peak_mib', 'MiB')} | {ratio} |"
        )
    lines += [
        "",
        "Target (issue 22): `kg validate --data` at 1M triples under 20 s and 1 GiB.",
    ]
    write_results(RESULTS, lines)


if __name__ == "__main__":
    main()
