"""Reader page benchmark: the curated overview as one page of three panes
(kg.views.reader) against the network page it replaced (kg.views.drawing.write_html).

*Write*: the page model (reading the store through SPARQL) and the HTML
file. *Interactive*: from the start of navigation to
``window.kgReader.ready`` (the network laid out and shown; for the network
page, ``window.kgView.ready``) in headless Chromium with every non-file
request blocked, timed in the page; *idle*: its first idle moment after.
*Cursor move*: ``setDay`` from all dates to the middle of the span, until
the next frame is drawn; *cursor step*: then 30 days on, as a slider drag
does, with each pane shown in turn (the other panes catch up when shown).
*First show*: a tab clicked as soon as the page is ready, until the pane is
drawn (the page draws them ahead a second later). *Show*: a tab clicked
after a cursor step made on another pane, until the pane is at the day.
*Opened on*: interactive when the address names the timeline or the map
(#pane=...), which is then drawn first. Medians over fresh pages, the two
kinds of page opened in turn.

Run: python benchmarks/reader_benchmark.py  (writes benchmarks/results/reader.md)
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
from browser import chromium, file_only
from machine import describe, write_results

RESULTS = Path(__file__).resolve().parent / "results" / "reader.md"
RUNS = 5

# From before setDay until the frame after it is drawn: callbacks run in the
# order they were asked for, so this one runs once the change is on screen.
STEP = """(day) => new Promise((done) => {
    const began = performance.now();
    window.kgView.setDay(day);
    requestAnimationFrame(() => setTimeout(() => done((performance.now() - began) / 1000), 0));
})"""
SHOW = """(pane) => new Promise((done) => {
    const began = performance.now();
    document.getElementById('tab-' + pane).click();
    const wait = () => window.kgReader.ready
      ? requestAnimationFrame(() => setTimeout(() => done((performance.now() - began) / 1000), 0))
      : requestAnimationFrame(wait);
    wait();
})"""
# When the page first says it is ready, and its first idle moment after, from
# the start of navigation (ms).
READY_AT = """(() => {
    window.kgReadyAt = window.kgIdleAt = null;
    const check = setInterval(() => {
      const ready = window.kgReader ? window.kgReader.ready : window.kgView && window.kgView.ready;
      if (!ready) return;
      window.kgReadyAt = performance.now();
      clearInterval(check);
      requestIdleCallback(() => { window.kgIdleAt = performance.now(); });
    }, 10);
})()"""
BROWSER_VERSION: list[str] = []
HISTORY = """\
Before the reader page (main at 4d4974b, measured 2026-12-06 with the same
in-page clocks, medians of five, load 3.5 to 4.9): the network page was ready
at 0.71 s but kept drawing until its first idle moment at 3.40 s, arranging
its actors through vis-network's moveNode (one redraw per actor, each in a
timer); a harness waiting on it measured 3.4 s. With the positions set on the
drawn actors: ready 0.74 s, idle 0.80 s; the reader page ready 0.89 s, idle
0.95 s."""


def _open(browser, path: Path, ready: str, address: str = "", times: dict | None = None):
    """A fresh page at ``path`` once ready, and seconds from navigation to ready
    (and, into ``times``, to the first idle moment after)."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.route("**/*", lambda r: r.continue_() if file_only(r.request.url) else r.abort())
    page.add_init_script(READY_AT)
    page.goto(path.as_uri() + address)
    page.wait_for_function(ready, timeout=120_000)
    if times is not None:
        page.wait_for_function("() => window.kgIdleAt !== null", timeout=120_000)
        times["idle"] = page.evaluate("() => window.kgIdleAt") / 1000
    return page, page.evaluate("() => window.kgReadyAt") / 1000


def time_network_page(browser, path: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    page, times["interactive"] = _open(
        browser, path, "() => window.kgView && window.kgView.ready", times=times
    )
    span = page.evaluate("() => window.kgView.model.span")
    middle = (span["min"] + span["max"]) // 2
    times["move"] = page.evaluate(STEP, middle)
    times["step network"] = page.evaluate(STEP, middle + 30)
    page.close()
    return times


def time_reader_page(browser, path: Path) -> dict[str, float]:
    ready = "() => window.kgReader && window.kgReader.ready"
    times = {}
    for pane in ("timeline", "map"):
        page, times[f"opened on {pane}"] = _open(browser, path, ready, f"#pane={pane}")
        page.close()
    page, times["interactive"] = _open(browser, path, ready, times=times)
    for pane in ("timeline", "map"):  # clicked before the page draws them ahead
        if page.evaluate(f"() => kgReader.{pane} === null"):
            times[f"first show {pane}"] = page.evaluate(SHOW, pane)
    page.evaluate(SHOW, "network")
    span = page.evaluate("() => window.kgView.model.span")
    middle = (span["min"] + span["max"]) // 2
    times["move"] = page.evaluate(STEP, middle)
    day = middle
    for pane in ("network", "timeline", "map"):
        page.evaluate(SHOW, pane)
        day += 30
        times[f"step {pane}"] = page.evaluate(STEP, day)
    for pane in ("timeline", "map"):
        page.evaluate(SHOW, "network")
        day += 30
        page.evaluate(STEP, day)
        times[f"show {pane}"] = page.evaluate(SHOW, pane)
    page.close()
    return times


def main() -> None:
    from importlib.metadata import version

    from kg.build import open_store
    from kg.views import overview
    from kg.views.drawing import write_html
    from kg.views.reader import overview_page, write_reader_html

    load = os.getloadavg()
    store = open_store("oxigraph")
    with tempfile.TemporaryDirectory() as folder:
        pages = {}
        write_html(overview(store), Path(folder) / "warm.html")  # imports, caches
        for name, write in [
            ("network page alone", lambda out: write_html(overview(store), out)),
            ("reader page", lambda out: write_reader_html(overview_page(store), out)),
        ]:
            out = Path(folder) / f"{name.split()[0]}.html"
            began = time.perf_counter()
            write(out)
            pages[name] = (out, time.perf_counter() - began)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
        with chromium() as browser:
            BROWSER_VERSION[:] = [browser.version]
            for _ in range(RUNS):
                runs["network page alone"].append(
                    time_network_page(browser, pages["network page alone"][0])
                )
                runs["reader page"].append(time_reader_page(browser, pages["reader page"][0]))
        sizes = {name: out.stat().st_size / 2**20 for name, (out, _) in pages.items()}
    end_load = os.getloadavg()

    def cell(name: str, key: str) -> str:
        values = [run[key] for run in runs[name] if key in run]
        if not values:
            return "–"
        if key in ("interactive", "idle") or key.startswith("opened"):
            return f"{statistics.median(values):.2f}"
        return f"{statistics.median(values) * 1000:.0f}"

    columns = [
        "interactive",
        "idle",
        "first show timeline",
        "first show map",
        "move",
        "step network",
        "step timeline",
        "step map",
        "show timeline",
        "show map",
        "opened on timeline",
        "opened on map",
    ]
    lines = [
        "# Reader page benchmark",
        "",
        "Written by `python benchmarks/reader_benchmark.py`: the curated overview as",
        "the reader page (network, timeline and map in tabs, `kg.views.reader`) and as the",
        "network page it replaced. *Write*: page model and HTML file. *Interactive*:",
        "from the start of navigation until the network is laid out and shown",
        "(`kgReader.ready`, `kgView.ready`), timed in the page (a wall clock around",
        "Playwright adds its own round trips); *idle*: the page's first idle moment",
        "after. *Move*: the cursor from all dates to the middle of the span,",
        "until the next frame; *step*: then 30 days on with that pane shown (only the",
        "pane shown redraws). *First show*: a tab clicked as soon as the page is ready,",
        "until the pane is drawn (the page draws them ahead a second later, when idle).",
        "*Show*: a tab clicked after a cursor step on another pane (the pane catching up).",
        "*Opened on*: interactive when the address names the pane (`#pane=timeline`),",
        f"drawn first. Medians of {RUNS} fresh pages of each kind, opened in turn; times",
        "in ms but interactive and opened on (s).",
        "",
        describe("pyoxigraph", "playwright"),
        f"- Debian chromium {BROWSER_VERSION[0]}; sahel-kg {version('sahel-kg')}",
        f"- load average (1, 5, 15 min) at start {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f};"
        f" at the end {end_load[0]:.1f}, {end_load[1]:.1f}, {end_load[2]:.1f}"
        " (other jobs share this 2-core machine: figures are upper bounds)",
        "",
        "| page | write (s) | page (MiB) | interactive (s) | "
        + " | ".join(
            c + (" (s)" if c == "idle" or c.startswith("opened") else " (ms)") for c in columns[1:]
        )
        + " |",
        "|---|---:|---:|" + "---:|" * len(columns),
    ]
    for name, (_, written) in pages.items():
        cells = [cell(name, key) for key in columns]
        lines.append(f"| {name} | {written:.2f} | {sizes[name]:.1f} | " + " | ".join(cells) + " |")
    lines += ["", HISTORY]
    write_results(RESULTS, lines)


if __name__ == "__main__":
    main()
