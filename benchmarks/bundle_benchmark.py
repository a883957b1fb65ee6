"""Portable explorer benchmark: bundle size, and time to the first rows on screen.

Two graphs: the curated one (the built store, as `kg bundle` writes it) and a
synthetic graph of about 100,000 triples from generate.py (loaded and derived
in memory as benchmarks/scale.py does). For each: the time `write_bundle`
takes, the file's size, and, in headless Chromium with every non-file request
blocked, the time from navigation to the first named query's rows on screen
(the page's ``kgBundle.timings.ready``, a ``performance.now()`` taken after the
rows are in the table), median of a few cold page loads.

Targets (issue 11): curated bundle < 10 MB, first rows < 2 s.

Run: python benchmarks/bundle_benchmark.py  (writes benchmarks/results/bundle.md)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import chromium
from generate import generate
from machine import describe
from scale import load_embedded

from kg.bundle import oxigraph_version, write_bundle
from kg.query import named_queries
from kg.store import OxigraphStore, Store

RESULTS = Path(__file__).resolve().parent / "results" / "bundle.md"
RUNS = 3


def synthetic_store(triples: int = 100_000) -> Store:
    store = OxigraphStore.in_memory()
    load_embedded(store, generate(triples))
    store.derive()
    return store


def first_rows(browser, path: Path) -> tuple[float, float, str]:
    """Seconds from navigation to the first rows (page clock, wall clock) and the summary."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
    )
    began = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("() => document.body.dataset.ready", timeout=120_000)
    wall = time.perf_counter() - began
    ready = page.evaluate("() => window.kgBundle.timings.ready") / 1000
    summary = page.text_content("#result-summary") or ""
    page.close()
    if problems:
        raise RuntimeError(f"{path}: {problems}")
    return ready, wall, summary


def measure(browser, name: str, store: Store, folder: Path) -> dict:
    started = time.perf_counter()
    result = write_bundle(store, folder / f"{name}.html")
    written = time.perf_counter() - started
    loads = [first_rows(browser, result.path) for _ in range(RUNS)]
    return {
        "graph": name,
        "quads": result.quads,
        "mb": result.bytes / 1_000_000,
        "write": written,
        "ready": statistics.median(r[0] for r in loads),
        "wall": statistics.median(r[1] for r in loads),
        "summary": loads[-1][2],
    }


def main() -> None:
    from kg.build import open_store

    rows = []
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        rows.append(measure(browser, "curated", open_store("oxigraph"), Path(tmp)))
        rows.append(measure(browser, "synthetic 100k", synthetic_store(), Path(tmp)))
        version = browser.version
    first = next(iter(named_queries()))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Portable explorer (`kg bundle`)",
        "",
        "Size of the one-file bundle, and the time from opening it (file://, every",
        f"other request blocked) to the first named query's (`{first}`) rows on screen",
        f"in headless Chromium, median of {RUNS} cold page loads. Goals (issue 11):",
        "curated bundle under 10 MB, first rows under 2 s.",
        "",
        "| graph | quads | bundle size | write | first rows (page clock) "
        "| first rows (wall, incl. navigation) | first query |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['graph']} | {r['quads']:,} | {r['mb']:.1f} MB | {r['write']:.1f} s "
            f"| {r['ready']:.2f} s | {r['wall']:.2f} s | {r['summary']} |"
        )
    lines += [
        "",
        "The bundle carries the N-Quads gzipped (base64) and Oxigraph's WebAssembly",
        "engine gzipped (base64, about 1.9 MB of the file); the page inflates both",
        "with DecompressionStream and loads the quads into an in-memory store.",
        "",
        describe("pyoxigraph", "playwright") + f"; oxigraph (npm, in the page) "
        f"{oxigraph_version()}; Chromium {version}",
        f"- load average when it ran (1, 5, 15 min; the machine is shared): {load}",
        "",
        "Run: `python benchmarks/bundle_benchmark.py`",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
