"""The main job step by step: `kg build --data` at several sizes, each step's
time as the user sees it, beside rdflib parsing the same files.

Each size is a synthetic graph from generate.py (it passes `kg validate`).
`kg build --data DIR` runs as its own process with an empty store cache; piped,
it says each step on stderr as it starts ("kg: checking the SHACL shapes…"),
and each line is timed as it arrives, so a step lasts until the next one
starts and the last until the process ends. Peak resident memory comes from
the kernel (``os.wait4``). The anchor is rdflib parsing the same files (the
bundled record and DIR) into one Dataset, in its own process: what loading
the on-disk store is compared with (issue 22 asks for 10x faster).

Run: python benchmarks/build_steps.py [--sizes 10k,100k,1M]
     (writes benchmarks/results/build-steps.md)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DEFAULT_OUT, generate, parse_size, size_label
from machine import describe, write_results

RESULTS = Path(__file__).resolve().parent / "results" / "build-steps.md"
# The build's step lines, by the words they start with, and the column each fills.
STEPS = {
    "reading": "read",
    "checking the SHACL shapes": "shapes",
    "deriving": "derive",
    "running the checks": "checks",
    "writing the overview page": "overview",
    "writing the store": "write store",
}
COLUMNS = list(dict.fromkeys(STEPS.values()))


def build_steps(folder: Path, limit: float) -> dict:
    """Run `kg build --data folder` with an empty cache: each step's seconds,
    the whole, and the peak RSS (MiB)."""
    with tempfile.TemporaryDirectory(prefix="kg-build-steps-") as scratch:
        env = {**os.environ, "KG_CACHE_DIR": str(Path(scratch) / "cache")}
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "build", "--data", str(folder)],
            env=env,
            cwd=scratch,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        marks: list[tuple[str, float]] = []
        assert child.stderr is not None
        for line in child.stderr:
            said = line.removeprefix("kg: ").strip()
            step = next((STEPS[words] for words in STEPS if said.startswith(words)), None)
            if step is not None:
                marks.append((step, time.perf_counter()))
            if time.perf_counter() - start > limit:
                child.kill()
                break
        _, status, usage = os.wait4(child.pid, 0)
        end = time.perf_counter()
    if os.waitstatus_to_exitcode(status) != 0:
        return {"error": f"exit {os.waitstatus_to_exitcode(status)}"}
    steps: dict[str, float] = {}
    for (step, at), (_, later) in zip(marks, [*marks[1:], ("", end)], strict=True):
        steps[step] = steps.get(step, 0.0) + later - at
    return {"steps": steps, "total": end - start, "peak_mib": usage.ru_maxrss / 1024}


def rdflib_parse(folder: Path, limit: float) -> dict:
    """rdflib parsing the bundled record and ``folder`` into one Dataset: seconds
    and peak RSS, in its own process."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rdflib import Dataset, URIRef\n"
        "from kg.load import rdf_files\n"
        "dataset = Dataset(default_union=True)\n"
        "for file in rdf_files([Path(sys.argv[1])]):\n"
        "    dataset.graph(URIRef(file.graph.value)).parse(file.path)\n"
    )
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(folder)])
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > limit:
            child.kill()
            os.wait4(child.pid, 0)
            return {"timeout": limit}
        time.sleep(0.05)
    if os.waitstatus_to_exitcode(status) != 0:
        return {"error": f"exit {os.waitstatus_to_exitcode(status)}"}
    return {"total": time.perf_counter() - start, "peak_mib": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    load_before = os.getloadavg()
    rows = []
    for size in (parse_size(text) for text in args.sizes.split(",")):
        graph = generate(size, out=DEFAULT_OUT)
        print(f"{size_label(size)}: kg build --data {graph.folder} ...", file=sys.stderr)
        built = build_steps(graph.folder, args.timeout)
        print(f"{size_label(size)}: rdflib parse ...", file=sys.stderr)
        rows.append((size, graph, built, rdflib_parse(graph.folder, args.timeout)))
    load_after = os.getloadavg()
    lines = [
        "# The main job step by step: `kg build --data`",
        "",
        describe("pyoxigraph", "rdflib"),
        f"- load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in load_before)} before,"
        f" {' '.join(f'{x:.2f}' for x in load_after)} after",
        "- rerun: `python benchmarks/build_steps.py --sizes "
        + ",".join(size_label(size) for size, *_ in rows)
        + "`",
        "",
        "One `kg build --data` process a size, with an empty store cache; a step lasts",
        "from its line on stderr to the next one's (the overview is drawn from the",
        "validated store in memory, before the store is written). *rdflib parse* is",
        "rdflib reading the same files into one Dataset in its own process; the last",
        "column is how many times faster than it the store is written.",
        "",
        "| graph | "
        + " | ".join(COLUMNS)
        + " | whole | peak MiB | rdflib parse | write vs parse |",
        "|---|" + "---:|" * (len(COLUMNS) + 4),
    ]
    for size, graph, built, parse in rows:
        if "error" in built:
            cells = [built["error"]] + [""] * (len(COLUMNS) + 1)
        else:
            cells = [f"{built['steps'].get(c, 0):.2f} s" for c in COLUMNS]
            cells += [f"{built['total']:.2f} s", f"{built['peak_mib']:,.0f}"]
        if "error" in parse:
            rdflib, ratio = parse["error"], "–"
        elif "total" in parse:
            rdflib = f"{parse['total']:.2f} s"
            write = built.get("steps", {}).get("write store")
            ratio = f"{parse['total'] / write:.1f}x" if write else "–"
        else:
            rdflib, ratio = f"> {parse['timeout']:.0f} s (stopped)", "–"
        lines.append(
            f"| {size_label(size)} ({graph.triples:,} triples) | "
            + " | ".join(cells)
            + f" | {rdflib} | {ratio} |"
        )
    # Notes written by hand below the table stay when it is measured again.
    notes = "## Reading the numbers"
    if args.results.exists() and notes in (text := args.results.read_text(encoding="utf-8")):
        lines += ["", text[text.index(notes) :].rstrip("\n")]
    write_results(args.results, lines)


if __name__ == "__main__":
    main()
