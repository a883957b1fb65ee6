"""Views benchmark: time to write a view and time until it is interactive in Chromium.

Two graphs: a synthetic one of 10,000 actors and 30,000 dated relationships
(seeded random, so runs compare), above kg.views.LARGE_GRAPH so positions
come from igraph and physics is off; and the curated graph's overview, which
settles with physics then stops. "Interactive" is the page's
``window.kgView.ready`` (laid out, physics off, filters applied), measured
from navigation in headless Chromium with every non-file request blocked.
Then one slider move is timed (the as-of filter over every edge).

Targets (issue 17): write < 4 s, interactive < 6 s for the synthetic graph;
a slider step < 0.3 s on the curated one.

Run: python benchmarks/views_benchmark.py  (writes benchmarks/results/views.md)
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

from kg.temporal import LAST_DAY

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import chromium
from machine import describe

from kg.views import view_model
from kg.views.drawing import write_html

RESULTS = Path(__file__).resolve().parent / "results" / "views.md"
HISTORY = """\
Before issue 6's performance pass (2026-11-25, load 5.4): synthetic write 6.56 s,
interactive 9.13 s, slider move 2.206 s (then timed to the end of setDay, which
redrew synchronously twice). Since: a slider move no longer makes vis-network
rebuild its indices and redraw once per DataSet update (the DataSets are updated
with its listeners detached, the network's visible indices rebuilt once, one
redraw on the next frame), refresh keeps each item's hidden state in a Map
instead of copying items with DataSet.get, and slider input is coalesced to one
day per frame; writing pauses the cyclic garbage collector while building the
model, runs 300 Fruchterman-Reingold iterations instead of 500 above 1,000 nodes
(same picture), and writes ASCII JSON (the encoder's fast path).

Before issue 17's pass (2026-12-06, load 3.0): synthetic write 3.52 s on a quiet
machine (0.6 s of it igraph importing matplotlib.pyplot, 0.9 s writing each
relationship's date line twice), and the page drew its 30,000 lines three times
before it was interactive (the first drawing, the fit's, and one more when the
date cursor's row appeared and shrank the canvas): 6.44 s."""
TYPES = ["State", "Person", "ArmedForce", "InsurgentGroup", "Mission", "Facility"]
KINDS = ["Membership", "Deployment", "Leadership", "ArmedConflict", "SecurityPartnership"]


HORIZON_NEXT_DAY = "2025-12-26"


def synthetic_graph(nodes: int = 10_000, edges: int = 30_000, seed: int = 1) -> nx.MultiDiGraph:
    """A random graph in kg.network.to_networkx's shape, with dates and a source each."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        iri = f"https://example.org/id/a{i}"
        graph.add_node(iri, iri=iri, id=f"a{i}", label=f"Actor {i}", type=rng.choice(TYPES))
    first = date(2000, 1, 1)
    for j in range(edges):
        u, v = rng.randrange(nodes), rng.randrange(nodes)
        start = first + timedelta(days=rng.randrange(9000))
        end = start + timedelta(days=rng.randrange(30, 3000)) if rng.random() < 0.4 else None
        key = f"https://example.org/statement/s{j}"
        graph.add_edge(
            f"https://example.org/id/a{u}",
            f"https://example.org/id/a{v}",
            key=key,
            statement=key,
            id=f"s{j}",
            kind=rng.choice(KINDS),
            status=rng.choice(["Confirmed", "Reported", "Reported", "Announced"]),
            start=start.isoformat(),
            startPrecision="day",
            end=end.isoformat() if end else None,
            endPrecision="day" if end else None,
            attested=None,
            # The four bounds kg.derive stores: dated start; a dated end, or
            # certain to the record's horizon and possible after it.
            earliestStart=start.isoformat(),
            latestStart=start.isoformat(),
            earliestEnd=end.isoformat() if end else HORIZON_NEXT_DAY,
            latestEnd=end.isoformat() if end else LAST_DAY.isoformat(),
            startBasis="start",
            endBasis="end" if end else "horizon",
            sources=[
                {
                    "source": f"src:s{j}",
                    "title": f"Report {j}",
                    "publisher": "Example",
                    "date": start.isoformat(),
                    "datePrecision": "day",
                    "address": f"https://example.org/r/{j}",
                    "kind": "NewsReport",
                    "quotedPublisher": None,
                }
            ],
        )
    return graph


def time_write(graph: nx.MultiDiGraph, output: Path) -> tuple[float, float]:
    """Seconds to write the page, in a process that has not imported igraph yet
    (as ``kg view`` runs), and the part of them spent importing igraph."""
    began = time.perf_counter()
    from kg.views import igraph_module

    igraph_module()  # what layout_positions imports first

    imported = time.perf_counter() - began
    write_html(view_model(graph, title="benchmark"), output)
    return time.perf_counter() - began, imported


BROWSER_VERSION = []


# From before setDay until the frame after it has been drawn: vis-network redraws
# on the next animation frame, and callbacks run in the order they were asked for,
# so this one runs once the drawing is done.
SLIDE = """(day) => new Promise((done) => {
    const began = performance.now();
    window.kgView.setDay(day);
    requestAnimationFrame(() => done((performance.now() - began) / 1000));
})"""


def time_browser(page_path: Path) -> tuple[float, float, float]:
    """Seconds until interactive, and until the page has redrawn after a slider
    move: from all dates to the middle of the span (the largest change), then
    a step of 30 days (as when dragging)."""
    with chromium() as browser:
        BROWSER_VERSION[:] = [browser.version]
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        began = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_function("() => window.kgView && window.kgView.ready", timeout=300_000)
        ready = time.perf_counter() - began
        span = page.evaluate("() => window.kgView.model.span")
        middle = (span["min"] + span["max"]) // 2
        slide = page.evaluate(SLIDE, middle)
        step = page.evaluate(SLIDE, middle + 30)
    return ready, slide, step


def main() -> None:
    from importlib.metadata import version

    from kg.build import open_store
    from kg.network import to_networkx
    from kg.views import overview

    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        big = synthetic_graph()
        out = Path(folder) / "synthetic.html"
        written, imported = time_write(big, out)
        ready, slide, step = time_browser(out)
        size = out.stat().st_size / 2**20
        rows.append(("synthetic 10,000 / 30,000", written, ready, slide, step, size))

        store = open_store("oxigraph")
        curated = to_networkx(store)
        out = Path(folder) / "overview.html"
        began = time.perf_counter()
        write_html(overview(store), out)
        written = time.perf_counter() - began
        ready, slide, step = time_browser(out)
        label = f"curated overview {curated.number_of_nodes()} / {curated.number_of_edges()}"
        rows.append((label, written, ready, slide, step, out.stat().st_size / 2**20))

    vendored = Path(__file__).parents[1] / "kg/assets/vendor/vis-network/VERSION"
    lines = [
        "# Views benchmark",
        "",
        "Written by `python benchmarks/views_benchmark.py`. *Write*: view model and",
        "HTML file (for the curated graph: reading the store through SPARQL too).",
        "*Interactive*: navigation to `window.kgView.ready` (laid out, physics off)",
        "in headless Chromium (software rendering). *Slider move*: from all dates",
        "to the middle of the span (the largest change: one as-of filter over every",
        "edge), until the page has redrawn; *slider step*: then 30 days on, as when",
        "dragging. Targets (issue 17): for the synthetic graph write < 4 s and",
        "interactive < 6 s; for the curated graph a slider step < 0.3 s.",
        "",
        describe("pyoxigraph", "networkx", "igraph", "playwright"),
        f"- vis-network {vendored.read_text().strip()}, Debian chromium {BROWSER_VERSION[0]}",
        f"- sahel-kg {version('sahel-kg')}; 1-minute load average at start {load:.1f}"
        " (other jobs share this machine: figures are upper bounds)",
        "",
        "| graph (nodes / edges) | write (s) | interactive (s) | slider move (s)"
        " | slider step (s) | page (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, written, ready, slide, step, size in rows:
        lines.append(
            f"| {label} | {written:.2f} | {ready:.2f} | {slide:.3f} | {step:.3f} | {size:.1f} |"
        )
    lines += [
        "",
        f"Of the synthetic write, {imported:.2f} s is importing igraph, once per process",
        "(without the matplotlib.pyplot it imports for plotting: 0.6 s more).",
        "",
        HISTORY,
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
