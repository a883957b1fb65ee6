"""The README's screenshots, retaken from the curated record: the overview
(the reader page's network, and its timeline with Niger chosen on 2024-06-01),
the path from the Wagner Group to Burkina Faso,
the map (whole record and 2019-06-01) and the timelines (Niger's and the whole
graph's), at 1440x900 in headless Chromium, as the `kg view` commands write
them, offline.

Run: python docs/images.py  (writes docs/images/*.png and prints each path)
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from browser import chromium, file_only  # noqa: E402

from kg.build import open_store  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.views import path  # noqa: E402
from kg.views.drawing import write_html  # noqa: E402
from kg.views.map_model import map_model  # noqa: E402
from kg.views.map_page import write_map_html  # noqa: E402
from kg.views.reader import overview_page, write_reader_html  # noqa: E402
from kg.views.timeline import timeline  # noqa: E402
from kg.views.timeline_page import write_timeline_html  # noqa: E402

READER_READY = "() => window.kgReader && window.kgReader.ready"
MAP_READY = "() => window.kgMapPage && window.kgMapPage.ready"
TIMELINE_READY = "() => window.kgTimeline.handle && window.kgTimeline.handle.ready"
VIEW_READY = "() => window.kgView && window.kgView.ready"


def _overview(store: Store, out: Path) -> Path:
    return write_reader_html(overview_page(store), out)


Writer = Callable[[Store, Path], Path]
# name: (writer, ready, address, what the reader does before the picture)
IMAGES: dict[str, tuple[Writer, str, str, str | None]] = {
    "overview.png": (_overview, READER_READY, "", None),
    "overview-timeline-niger.png": (
        _overview,
        READER_READY,
        "#date=2024-06-01",
        "() => { kgReader.view.search('Niger'); kgReader.show('timeline'); }",
    ),
    "path-wagner-burkina-faso.png": (
        lambda store, out: write_html(path(store, "Wagner Group", "Burkina Faso"), out),
        VIEW_READY,
        "",
        None,
    ),
    "map-overview.png": (
        lambda store, out: write_map_html(map_model(store), out),
        MAP_READY,
        "",
        None,
    ),
    "map-2019-06-01.png": (
        lambda store, out: write_map_html(map_model(store, date(2019, 6, 1)), out),
        MAP_READY,
        "",
        None,
    ),
    "timeline-niger.png": (
        lambda store, out: write_timeline_html(timeline(store, "Niger"), out),
        TIMELINE_READY,
        "",
        None,
    ),
    "timeline-whole.png": (
        lambda store, out: write_timeline_html(timeline(store, None), out),
        TIMELINE_READY,
        "",
        None,
    ),
}


def main() -> None:
    store = open_store("oxigraph")
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        for name, (write, ready, address, action) in IMAGES.items():
            page_path = write(store, Path(folder) / "page.html")
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.route("**/*", lambda r: r.continue_() if file_only(r.request.url) else r.abort())
            page.goto(page_path.as_uri() + address)
            page.wait_for_function(ready, timeout=60_000)
            if action:
                page.evaluate(action)
                page.wait_for_function(ready, timeout=60_000)
                page.wait_for_timeout(300)  # the pane's first frame
            page.screenshot(path=str(HERE / "images" / name))
            page.close()
            print(HERE / "images" / name)


if __name__ == "__main__":
    main()
