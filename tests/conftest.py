"""Shared fixtures: snippet stores, the real built store, and a `kg` runner.

The cache of built stores goes to a temporary folder for the whole session,
so tests never touch a user's cache and the real store is built once.

`pytest -m "not slow"` is the quick loop. Besides the tests marked slow for
their own time, a test is slow when it starts a server or a browser, or runs
on the rdflib backend (every query evaluated in Python): the full run does all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

_SESSION_CACHE = tempfile.mkdtemp(prefix="kg-test-cache-")
os.environ["KG_CACHE_DIR"] = _SESSION_CACHE

from helpers import BACKENDS, PROLOGUE  # noqa: E402

from kg.store import Store  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow each test that starts a server or a browser or runs on rdflib."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_rdflib = callspec is not None and callspec.params.get("backend") == "rdflib"
        if on_rdflib or any(item.iter_markers("server")) or any(item.iter_markers("browser")):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


class _RealStores(Mapping[str, Store]):
    """The bundled data on each backend, opened when first asked for."""

    def __init__(self) -> None:
        self._opened: dict[str, Store] = {}

    def __getitem__(self, name: str) -> Store:
        if name not in BACKENDS:
            raise KeyError(name)
        if name not in self._opened:
            from kg.build import open_store

            self._opened[name] = open_store(name)
        return self._opened[name]

    def __iter__(self) -> Iterator[str]:
        return iter(BACKENDS)

    def __len__(self) -> int:
        return len(BACKENDS)


@pytest.fixture(scope="session")
def real_stores() -> Mapping[str, Store]:
    """The bundled data, built once, on both backends (each opened when a test
    first uses it, so a run of Oxigraph tests never loads the rdflib store)."""
    return _RealStores()


@pytest.fixture
def real_store(real_stores, backend) -> Store:
    return real_stores[backend]


@pytest.fixture(scope="session")
def kg() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real `kg` command in a subprocess; returns the completed process."""

    def run(
        *args: str, timeout: float = 300, columns: int = 200
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "KG_CACHE_DIR": _SESSION_CACHE, "COLUMNS": str(columns)}
        return subprocess.run(
            [sys.executable, "-c", "from kg.cli import main; main()", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )

    return run


@pytest.fixture
def turtle_file(tmp_path) -> Callable[[str, str], Path]:
    """Write a Turtle snippet (with the project's prefixes) to a temp file."""

    def write(text: str, name: str = "extra.ttl") -> Path:
        path = tmp_path / name
        path.write_text(PROLOGUE + text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """A headless Chromium (Debian's) for the browser tests of one module."""
    from browser import chromium

    with chromium() as launched:
        yield launched
