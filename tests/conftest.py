"""Shared fixtures: snippet stores, the real built store, and a `kg` runner.

The cache of built stores goes to a temporary folder for the whole session,
so tests never touch a user's cache and the real store is built once.

`pytest -m "not slow"` is the quick loop. Besides the tests marked slow for
their own time, a test is slow when it starts a server or a browser, or runs
on the rdflib backend (every query evaluated in Python): the full run does all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

_SESSION_CACHE = tempfile.mkdtemp(prefix="kg-test-cache-")
os.environ["KG_CACHE_DIR"] = _SESSION_CACHE

import httpx  # noqa: E402
from helpers import BACKENDS, PROLOGUE  # noqa: E402
from hypothesis import settings  # noqa: E402
from servers import GRANTS, free_port, isql, launch_virtuoso, stop  # noqa: E402

from kg.store import Store  # noqa: E402
from kg.store.remote import EndpointError, RemoteStore  # noqa: E402

# Randomness is seeded: hypothesis derives its examples from each test's name
# (the same cases every run, a failure reproduces), and tests that draw at
# random use helpers.SEED (KG_TEST_SEED to try another).
settings.register_profile("seeded", derandomize=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "seeded"))


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
def real_store(real_stores) -> Store:
    """The bundled data on the default backend: for tests of what the record
    says. That both backends answer alike is tested once, exhaustively, by
    tests/test_engines_agree.py (every named query, every as-of day)."""
    return real_stores["oxigraph"]


@pytest.fixture
def each_store(real_stores, backend) -> Store:
    """The bundled data on each backend in turn: for tests of a rule both must
    apply (the as-of rule, the derive step)."""
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


# --- real SPARQL servers on loopback, started once a session --------------------


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory, kg):
    """`oxigraph serve` (PyPI package oxigraph) on a free loopback port, with
    the bundled data pushed into it."""
    binary = shutil.which("oxigraph")
    assert binary, "the `oxigraph` server (pip install oxigraph) must be installed"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxigraph")),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        pushed = kg("push", "--store-endpoint", f"{base}/store")
        assert pushed.returncode == 0, pushed.stderr
        yield base
    finally:
        stop(server, grace=10)


READY_WITHIN = 60.0  # seconds for Virtuoso to create its database and answer


def _log_tail(folder: Path) -> str:
    log = folder / "virtuoso.log"
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log written)"


def _wait_until_ready(server: subprocess.Popen, endpoint: str, folder: Path) -> None:
    store = RemoteStore(endpoint, timeout=5)
    deadline = time.monotonic() + READY_WITHIN
    while True:
        if server.poll() is not None:
            pytest.fail(f"virtuoso-t exited with code {server.returncode}:\n{_log_tail(folder)}")
        try:
            store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
            return
        except EndpointError:
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Virtuoso did not answer within {READY_WITHIN:g} s:\n{_log_tail(folder)}"
                )
            time.sleep(0.2)


@pytest.fixture(scope="session")
def virtuoso(kg) -> Iterator[str]:
    """Virtuoso on two free loopback ports with its own ini in a temp dir, with
    the bundled data pushed into it; yields the SPARQL endpoint. The server is
    stopped and the folder removed afterwards."""
    binary = shutil.which("virtuoso-t")
    if not (binary and shutil.which("isql-vt")):
        pytest.fail(
            "virtuoso-t and isql-vt are needed: apt-get install -y virtuoso-opensource "
            "(the README's test command installs it)"
        )
    with tempfile.TemporaryDirectory(prefix="kg-virtuoso-") as name:
        folder = Path(name)
        server, sql_port, http_port = launch_virtuoso(folder)
        base = f"http://127.0.0.1:{http_port}"
        try:
            _wait_until_ready(server, f"{base}/sparql", folder)
            isql(sql_port, GRANTS, timeout=60)
            pushed = kg("push", "--store-endpoint", f"{base}/sparql-graph-crud")
            assert pushed.returncode == 0, pushed.stderr
            yield f"{base}/sparql"
        finally:
            stop(server, grace=30)
