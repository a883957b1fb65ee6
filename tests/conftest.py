"""Shared fixtures: snippet stores, the real built store, and a `kg` runner.

The cache of built stores goes to a temporary folder for the whole session,
so tests never touch a user's cache and the real store is built once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

_SESSION_CACHE = tempfile.mkdtemp(prefix="kg-test-cache-")
os.environ["KG_CACHE_DIR"] = _SESSION_CACHE

from helpers import BACKENDS, PROLOGUE  # noqa: E402

from kg.store import Store  # noqa: E402


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def real_stores() -> dict[str, Store]:
    """The bundled data, built once, on both backends."""
    from kg.build import open_store

    return {name: open_store(name) for name in BACKENDS}


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
