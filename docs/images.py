"""The README's screenshots, retaken from the curated record: the overview, the
map (whole record and 2019-06-01) and the timelines (Niger's and the whole
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
from kg.cartography import write_map_html  # noqa: E402
from kg.drawing import write_html  # noqa: E402
from kg.geography import map_model  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.timeline import timeline  # noqa: E402
from kg.timeline_page import write_timeline_html  # noqa: E402
from kg.views import overview  # noqa: E402

NETWORK_READY = "() => window.kgView && window.kgView.ready"
MAP_READY = "() => window.kgMapPage && window.kgMapPage.ready"
TIMELINE_READY = "() => window.kgTimeline.handle && window.kgTimeline.handle.ready"

Writer = Callable[[Store, Path], Path]
IMAGES: dict[str, tuple[Writer, str]] = {
    "overview.png": (lambda store, out: write_html(overview(store), out), NETWORK_READY),
    "map-overview.png": (lambda store, out: write_map_html(map_model(store), out), MAP_READY),
    "map-2019-06-01.png": (
        lambda store, out: write_map_html(map_model(store, date(2019, 6, 1)), out),
        MAP_READY,
    ),
    "timeline-niger.png": (
        lambda store, out: write_timeline_html(timeline(store, "Niger"), out),
        TIMELINE_READY,
    ),
    "timeline-whole.png": (
        lambda store, out: write_timeline_html(timeline(store, None), out),
        TIMELINE_READY,
    ),
}


def main() -> None:
    store = open_store("oxigraph")
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        for name, (write, ready) in IMAGES.items():
            page_path = write(store, Path(folder) / "page.html")
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.route("**/*", lambda r: r.continue_() if file_only(r.request.url) else r.abort())
            page.goto(page_path.as_uri())
            page.wait_for_function(ready, timeout=60_000)
            page.screenshot(path=str(HERE / "images" / name))
            page.close()
            print(HERE / "images" / name)


if __name__ == "__main__":
    main()
