"""The store lifecycle never pulls a store from under a reader (hardening,
part 2): concurrent builds with readers, builds and writes killed at random
points, and a server running across rebuilds (one more than the stores kept) that
prune old stores.

Each test has its own cache folder, so its builds and prunes touch nothing
else; every process is a real `kg`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from servers import kg_serve

from kg.build import KEEP_STORES

# Builds killed and restarted, servers across rebuilds: each test builds stores.
pytestmark = pytest.mark.slow

EXTRA = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kg: <https://w3id.org/sahel-kg/ontology#> .
<https://w3id.org/sahel-kg/id/extra-{n}> a kg:State ; skos:prefLabel "Extra {n}"@en .
"""


def _extra(folder: Path, n: int) -> Path:
    """A small valid data file; each ``n`` gives the store a different key."""
    path = folder / f"extra-{n}.ttl"
    path.write_text(EXTRA.format(n=n), encoding="utf-8")
    return path


def _start(cache: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "KG_CACHE_DIR": str(cache)}
    return subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out + err


def _leftovers(cache: Path) -> list[Path]:
    stores = cache / "stores"
    return sorted(stores.glob(".building-*")) if stores.is_dir() else []


def test_concurrent_builds_and_readers_never_fail(tmp_path):
    cache = tmp_path / "cache"
    files = [_extra(tmp_path, n) for n in range(5)]
    for n in range(1, 5):
        # Two forced builds of the new data at once, while readers open the
        # stores of earlier rounds that the builds may prune.
        running = [
            _start(cache, "build", "--force", "--data", str(files[n])),
            _start(cache, "build", "--force", "--data", str(files[n])),
            _start(cache, "query", "--data", str(files[n - 1]), "-e", "ASK { ?s ?p ?o }"),
            _start(cache, "stats", "--data", str(files[max(n - 2, 0)])),
        ]
        for process in running:
            code, printed = _finish(process)
            assert code == 0, printed
            assert "Traceback" not in printed, printed
    assert _leftovers(cache) == []
    built = [p for p in (cache / "stores").iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(built) <= KEEP_STORES


@pytest.mark.parametrize("seed", [1, 3])
def test_a_killed_build_leaves_nothing_behind_after_the_next(tmp_path, seed):
    cache = tmp_path / "cache"
    extra = _extra(tmp_path, seed)
    process = _start(cache, "build", "--force", "--data", str(extra))
    time.sleep(random.Random(seed).uniform(0.5, 3.0))
    process.send_signal(signal.SIGKILL)
    process.wait()
    code, printed = _finish(_start(cache, "build", "--data", str(extra)))
    assert code == 0, printed
    assert _leftovers(cache) == []
    code, printed = _finish(_start(cache, "query", "--data", str(extra), "-e", "ASK { ?s ?p ?o }"))
    assert (code, printed.strip().splitlines()[-1]) == (0, "true"), printed


@pytest.mark.parametrize(
    ("seed", "command"),
    [(4, ["export", "--format", "nquads", "-o"]), (5, ["view", "overview", "-o"])],
)
def test_a_killed_write_leaves_no_temporary_file_after_the_next(tmp_path, seed, command):
    cache = tmp_path / "cache"
    target = tmp_path / "out.file"
    # What a write killed before its rename leaves: a temporary file no one holds.
    (tmp_path / ".out.file.abandoned.tmp").write_bytes(b"half")
    code, printed = _finish(_start(cache, *command, str(target)))  # builds the store
    assert code == 0, printed
    process = _start(cache, *command, str(target))
    time.sleep(random.Random(seed).uniform(0.3, 1.5))
    process.send_signal(signal.SIGKILL)
    process.wait()
    code, printed = _finish(_start(cache, *command, str(target)))
    assert code == 0, printed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    assert target.stat().st_size > 0


def test_a_server_keeps_answering_across_rebuilds(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(cache))
    served = _extra(tmp_path, 0)
    # Any budget makes the cross product below time out; four seconds leave a
    # fresh worker room to draw the reader page and read the fact sheets.
    server = kg_serve("--data", str(served), "--timeout", "4", "--workers", "2")
    url = next(server)
    try:
        # One build more than the stores kept, so the oldest is pruned.
        for n in range(1, KEEP_STORES + 2):
            code, printed = _finish(_start(cache, "build", "--data", str(_extra(tmp_path, n))))
            assert code == 0, printed
            # A timeout replaces a worker, which opens the store again.
            slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
            timed_out = httpx.post(url + "/sparql", data={"query": slow}, timeout=30)
            assert timed_out.status_code == 503, timed_out.text
            for path in ("/", "/view/overview", "/entity/extra-0"):
                answer = httpx.get(url + path, timeout=30)
                assert answer.status_code == 200, (n, path, answer.text[:300])
            ask = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
            assert ask.status_code == 200, (n, ask.text[:300])
        # Pruning kept the newest stores and the served one, which is older.
        stores = [p for p in (cache / "stores").iterdir() if p.is_dir()]
        assert len(stores) == KEEP_STORES + 1, stores
    finally:
        server.close()


def test_sighup_switches_to_the_rebuilt_store_without_dropping_a_request(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    served = _extra(tmp_path, 0)
    server = kg_serve("--data", str(served), "--workers", "2")
    url = next(server)
    query = {"query": "SELECT ?label WHERE { <https://w3id.org/sahel-kg/id/extra-0> ?p ?label }"}

    def label() -> httpx.Response:
        return httpx.get(url + "/sparql", params=query, headers={"Accept": "text/csv"}, timeout=30)

    try:
        assert "Extra 0" in label().text
        served.write_text(EXTRA.format(n=0).replace('"Extra 0"', '"Extra zero"'), encoding="utf-8")
        os.kill(url.process.pid, signal.SIGHUP)
        # Requests keep being answered while the store is rebuilt and switched.
        answers = []
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            answers.append(label())
            if "Extra zero" in answers[-1].text:
                break
            time.sleep(0.05)
        assert [a.status_code for a in answers if a.status_code != 200] == []
        assert "Extra zero" in answers[-1].text and len(answers) > 1
        # The pages read the new store too.
        page = httpx.get(url + "/entity/extra-0", timeout=30)
        assert page.status_code == 200 and "Extra zero" in page.text
        # With nothing changed, a second SIGHUP keeps serving the same store.
        os.kill(url.process.pid, signal.SIGHUP)
        for _ in range(20):
            assert "Extra zero" in label().text
            time.sleep(0.1)
        assert url.process.poll() is None
    finally:
        server.close()
