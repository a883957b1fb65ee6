"""Screenshots of the timeline view for the README: Niger's and the whole graph's,
at 1440x900 in headless Chromium, as `kg view timeline` writes them.

Run: python docs/timeline_images.py  (writes docs/images/timeline-*.png)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from browser import chromium, file_only  # noqa: E402

from kg.build import open_store  # noqa: E402
from kg.timeline import timeline  # noqa: E402
from kg.timeline_page import write_timeline_html  # noqa: E402

VIEWS = {"timeline-niger.png": "Niger", "timeline-whole.png": None}


def main() -> None:
    store = open_store("oxigraph")
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        for name, actor in VIEWS.items():
            page_path = write_timeline_html(timeline(store, actor), Path(folder) / "page.html")
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.route("**/*", lambda r: r.continue_() if file_only(r.request.url) else r.abort())
            page.goto(page_path.as_uri())
            page.wait_for_function(
                "() => window.kgTimeline.handle && window.kgTimeline.handle.ready", timeout=60_000
            )
            page.screenshot(path=str(HERE / "images" / name))
            page.close()
            print(HERE / "images" / name)


if __name__ == "__main__":
    main()
