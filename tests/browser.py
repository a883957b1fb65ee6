"""Headless Chromium for the browser tests and benchmarks: one launch, one watcher.

Debian's /usr/bin/chromium is driven by Playwright (never `playwright
install`). A watched page records console errors, uncaught exceptions,
failed requests, blocked requests and dialogs, and aborts every request its
``allowed`` rule refuses, so a test can assert the page stayed offline and
quiet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium browser, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def file_only(url: str) -> bool:
    """Requests a page opened from disk may make: other files, nothing else."""
    return url.startswith(("file:", "data:", "blob:"))


def loopback_only(url: str) -> bool:
    """Requests a served page may make: the server on this machine."""
    return urlsplit(url).hostname in ("127.0.0.1", "localhost") or url.startswith(
        ("data:", "blob:")
    )


class Watched:
    """A page (or a context's pages) recording everything that goes wrong in it.

    ``console`` lists the console message types counted as errors.
    """

    def __init__(
        self,
        page,
        allowed: Callable[[str], bool],
        console: tuple[str, ...] = ("error",),
        route_on=None,
    ) -> None:
        self.page = page
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self._allowed = allowed
        page.on("console", lambda m: m.type in console and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("dialog", self._dialog)
        (route_on or page).route("**/*", self._route)

    def _route(self, route) -> None:
        if self._allowed(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def clean(self) -> bool:
        return not (self.errors or self.failed or self.blocked or self.dialogs)
