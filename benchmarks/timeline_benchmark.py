"""Timeline benchmark: time until a 5,000-item timeline is interactive in Chromium.

A synthetic view model (seeded random, so runs compare) of 300 actors and
1,500 relationships, each with an uncertain start, a certain middle and an
uncertain end (4,500 bars), plus 500 events, is cut into a timeline model by
``kg.views.timeline.timeline_model`` and written as the page ``kg view timeline``
writes. "Interactive" is ``kgTimeline.handle.ready`` (drawn, window set),
measured from navigation in headless Chromium with every non-file request
aborted. Then a date-cursor move (the as-of rule over every item and the
restyling of the dimmed ones) and a switch of grouping are timed until the
page has redrawn. The curated graph's whole timeline is measured the same way.

Target (issue 17): a timeline of 5,000 items interactive in under 3 s.

Run: python benchmarks/timeline_benchmark.py  (writes benchmarks/results/timeline.md)
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import chromium
from machine import describe, write_results

from kg.styles import KIND_STYLES
from kg.temporal import day_number
from kg.views.timeline import timeline, timeline_model
from kg.views.timeline_page import VIS_TIMELINE, write_timeline_html

RESULTS = Path(__file__).resolve().parent / "results" / "timeline.md"
KINDS = ["Membership", "Deployment", "Leadership", "ArmedConflict", "SecurityPartnership"]
EVENT_KINDS = ["Coup", "Arrival", "Withdrawal", "Agreement", "CallOrMeeting"]
HORIZON = "2025-12-25"


def synthetic_model(actors: int = 300, edges: int = 1500, events: int = 500, seed: int = 1):
    """A timeline model of ``3 * edges + events`` items."""
    rng = random.Random(seed)
    nodes = [{"id": f"https://example.org/id/a{i}", "label": f"Actor {i}"} for i in range(actors)]
    first = day_number(date(1990, 1, 1))
    source = {
        "source": "src:s",
        "title": "Report",
        "publisher": "Example",
        "date": "2020-01-01",
        "datePrecision": "day",
        "address": "https://example.org/r",
        "kind": "NewsReport",
        "quotedPublisher": None,
    }
    view_edges = []
    for j in range(edges):
        u, v = rng.sample(range(actors), 2)
        earliest = first + rng.randrange(12000)
        latest = earliest + rng.randrange(30, 900)
        ends = latest + rng.randrange(60, 4000)
        view_edges.append(
            {
                "id": f"https://example.org/statement/s{j}",
                "shortId": f"s{j}",
                "from": nodes[u]["id"],
                "to": nodes[v]["id"],
                "kind": rng.choice(KINDS),
                "status": rng.choice(["Confirmed", "Reported"]),
                "earliestStartDay": earliest,
                "latestStartDay": latest,
                "earliestEndDay": ends,
                "latestEndDay": ends + rng.randrange(30, 2000),
                "startBasis": "start unknown",
                "endBasis": "end announced",
                "sources": [source],
            }
        )
    view = {
        "nodes": nodes,
        "edges": view_edges,
        "kinds": {k: KIND_STYLES[k] for k in KINDS},
        "horizon": HORIZON,
    }
    event_models = []
    for k in range(events):
        day = first + rng.randrange(12500)
        event_models.append(
            {
                "id": f"https://example.org/id/e{k}",
                "shortId": f"e{k}",
                "label": f"Event {k}",
                "kind": rng.choice(EVENT_KINDS),
                "kindLabel": "event",
                "date": date.fromordinal(date(1970, 1, 1).toordinal() + day).isoformat(),
                "datePrecision": "day",
                "startDay": day,
                "endDay": day + 1,
                "status": "Reported",
                "actors": [nodes[rng.randrange(actors)]["id"]],
                "places": [],
                "sources": [source],
            }
        )
    return timeline_model(view, event_models, group_by="kind", title="benchmark")


# From before the call until the frame after it has been drawn: vis-timeline
# redraws on the next animation frame, and this callback runs after its own.
TIMED = """(call) => new Promise((done) => {
    const began = performance.now();
    (new Function("h", call))(window.kgTimeline.handle);
    requestAnimationFrame(() => requestAnimationFrame(
      () => done((performance.now() - began) / 1000)));
})"""

BROWSER_VERSION: list[str] = []
HISTORY = """\
Measured on the way (same machine, load about 2): regrouping the synthetic
timeline by emptying and refilling vis-timeline's data sets took 32.7 s (load
7.7), with new data sets 8.3 s, swapped while the window shows no item 3.6 s
(vis-timeline lays out the rows it shows one item at a time when they change).
Opening on the window by drawing empty and then setting the items took 4.8-5.1 s
against 2.4-2.6 s for drawing everything fitted, then moving the window, which
the page does."""


def time_page(page_path: Path) -> tuple[float, float, float]:
    """Seconds until interactive, for a cursor move to the middle of the range,
    and for switching the grouping to pairs."""
    with chromium() as browser:
        BROWSER_VERSION[:] = [browser.version]
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        began = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_function(
            "() => window.kgTimeline.handle && window.kgTimeline.handle.ready", timeout=120_000
        )
        ready = time.perf_counter() - began
        window = page.evaluate("() => window.kgTimeline.handle.model.window")
        middle = (window["start"] + window["end"]) // 2
        cursor = page.evaluate(TIMED, f"h.setDay({middle})")
        grouping = page.evaluate(TIMED, "h.setGroupBy('partner')")
    return ready, cursor, grouping


def main() -> None:
    from importlib.metadata import version

    from kg.build import open_store

    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        model = synthetic_model()
        out = write_timeline_html(model, Path(folder) / "synthetic.html")
        written = time.perf_counter() - began
        items = len(model["items"])
        assert items == 5000, items
        ready, cursor, grouping = time_page(out)
        size = out.stat().st_size / 2**20
        rows.append((f"synthetic, {items:,} items", written, ready, cursor, grouping, size))

        store = open_store("oxigraph")
        began = time.perf_counter()
        curated = timeline(store)
        out = write_timeline_html(curated, Path(folder) / "whole.html")
        written = time.perf_counter() - began
        ready, cursor, grouping = time_page(out)
        label = f"curated whole graph, {len(curated['items']):,} items"
        rows.append((label, written, ready, cursor, grouping, out.stat().st_size / 2**20))

    lines = [
        "# Timeline benchmark",
        "",
        "Written by `python benchmarks/timeline_benchmark.py`. *Write*: timeline model",
        "and HTML file (for the curated graph: reading the store through SPARQL and",
        "building the view model too). *Interactive*: navigation to",
        "`kgTimeline.handle.ready` (drawn, opening window set) in headless Chromium at",
        "1440x900. *Cursor move*: `setDay` to the middle of the window (the as-of rule",
        "over every item, the dimmed ones restyled) until the page has redrawn;",
        "*regroup*: from rows by kind to rows by pair. Target: 5,000 items",
        "interactive in under 3 s.",
        "",
        describe("pyoxigraph", "playwright"),
        f"- vis-timeline {(VIS_TIMELINE.parent / 'VERSION').read_text().strip()},"
        f" Debian chromium {BROWSER_VERSION[0]}",
        f"- sahel-kg {version('sahel-kg')}; 1-minute load average at start {load:.1f}"
        " (other jobs share this machine: figures are upper bounds)",
        "",
        "| timeline | write (s) | interactive (s) | cursor move (s) | regroup (s) | page (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, written, ready, cursor, grouping, size in rows:
        lines.append(
            f"| {label} | {written:.2f} | {ready:.2f} | {cursor:.3f} | {grouping:.3f}"
            f" | {size:.1f} |"
        )
    write_results(RESULTS, [*lines, "", HISTORY])


if __name__ == "__main__":
    main()
