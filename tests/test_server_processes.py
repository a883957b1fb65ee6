"""`kg serve --processes 2`: two server processes answering on one port.

The leader binds the port and starts a follower, each with its own query
workers; both accept connections, both apply the same bounds, and a SIGHUP
to the leader switches both to the rebuilt store before either answers from
it alone. A port already taken is one clear line, not a traceback.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from servers import kg_serve

pytestmark = pytest.mark.server

NIGER = (
    "SELECT ?label WHERE { <https://w3id.org/sahel-kg/id/niger> "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
)
EXTRA = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kg: <https://w3id.org/sahel-kg/ontology#> .
<https://w3id.org/sahel-kg/id/extra-0> a kg:State ; skos:prefLabel "{label}"@en .
"""


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()]


def _cpu_ticks(pid: int) -> int:
    """User plus system time the process has used, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])


def _follower(leader: int) -> int:
    """The leader's child that has query workers of its own: the other server process."""
    (follower,) = [child for child in _children(leader) if _children(child)]
    return follower


def _fresh_requests(url: str, query: str, count: int) -> list[httpx.Response]:
    """``count`` requests, eight at a time, each on a connection of its own."""

    def one(_: int) -> httpx.Response:
        return httpx.post(url + "/sparql", data={"query": query}, timeout=30)

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(count)))


@pytest.fixture(scope="module")
def server():
    yield from kg_serve("--processes", "2", "--workers", "2", "--cache", "0", "--max-rows", "5")


def test_both_processes_answer_on_the_one_port(server):
    leader, follower = server.process.pid, _follower(server.process.pid)
    before = {pid: _cpu_ticks(pid) for pid in (leader, follower)}
    answers = _fresh_requests(server, NIGER, 600)
    assert {a.status_code for a in answers} == {200}
    assert all(len(a.json()["results"]["bindings"]) == 2 for a in answers)
    used = {pid: _cpu_ticks(pid) - ticks for pid, ticks in before.items()}
    assert used[leader] > 0 and used[follower] > 0, used


def test_every_process_applies_the_bounds(server):
    everything = {"query": "SELECT * WHERE { ?s ?p ?o }"}
    answers = [httpx.post(server + "/sparql", data=everything, timeout=30) for _ in range(8)]
    assert {a.status_code for a in answers} == {422}
    assert all("more than 5 rows" in a.text for a in answers)
    update = {"update": "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"}
    assert httpx.post(server + "/sparql", data=update, timeout=30).status_code == 403


def test_the_followers_stop_with_the_leader(tmp_path):
    served = kg_serve("--processes", "3", "--workers", "1")
    url = next(served)
    followers = [child for child in _children(url.process.pid) if _children(child)]
    assert len(followers) == 2
    served.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in followers):
        time.sleep(0.1)
    assert not any(Path(f"/proc/{p}/cmdline").exists() for p in followers)


@pytest.mark.slow
def test_sighup_switches_every_process_to_the_rebuilt_store(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "extra.ttl"
    data.write_text(EXTRA.format(label="Extra 0"), encoding="utf-8")
    served = kg_serve("--processes", "2", "--workers", "2", "--data", str(data))
    url = next(served)
    query = "SELECT ?l WHERE { <https://w3id.org/sahel-kg/id/extra-0> ?p ?l FILTER(isLiteral(?l)) }"
    try:
        assert all("Extra 0" in a.text for a in _fresh_requests(url, query, 16))
        data.write_text(EXTRA.format(label="Extra zero"), encoding="utf-8")
        os.kill(url.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 180
        while "Extra zero" not in httpx.post(url + "/sparql", data={"query": query}).text:
            assert time.monotonic() < deadline, "the store was not switched"
            time.sleep(0.05)
        # Both processes switched before either answered from the new store.
        answers = _fresh_requests(url, query, 40)
        assert [a.status_code for a in answers] == [200] * 40
        assert [("Extra zero" in a.text) for a in answers] == [True] * 40
    finally:
        served.close()


def test_a_port_already_taken_is_one_clear_line(kg):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = kg("serve", "--port", str(port), "--processes", "2", timeout=120)
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
