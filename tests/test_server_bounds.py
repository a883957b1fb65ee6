"""The server's bounds (issue #16, part 3), driven over real HTTP on loopback.

One `kg serve` with small limits: --timeout 3, two workers (one kept for
quick queries), --worker-memory 512 MiB, --max-bytes 64 KiB,
--client-timeout 1 and no answer cache, so every query reaches a worker.
Each test says what a client sees: a memory-hungry query stopped with the
limit named, a big result cut to whole rows with the reason, quick queries
answered while long ones hold the workers, slow or foreign clients turned
away, and a Content-Security-Policy on every page.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
import pytest
from servers import kg_serve

pytestmark = pytest.mark.server

PREFIXES = """PREFIX kg: <https://w3id.org/sahel-kg/ontology#>
PREFIX id: <https://w3id.org/sahel-kg/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Three copies of the store joined: far beyond the timeout, and no lookup.
LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# Joined and anchored at a class, so it looks like a lookup, but it fans out
# through shared objects far beyond the timeout.
LOOKALIKE = PREFIXES + (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Source . ?a ?p ?x . ?b ?q ?x . ?b ?r ?y . ?c ?s ?y }"
)
# Sorting a product of the store with itself: gigabytes before any timeout.
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 5"
CAP = 65_536


def lookup(n: int) -> str:
    """A point lookup whose text no earlier request used, so no cache can answer it."""
    return PREFIXES + (
        f"SELECT ?label WHERE {{ id:niger skos:prefLabel ?label FILTER(STRLEN(?label) > {-n}) }}"
    )


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from kg_serve(
        "--timeout", "3", "--workers", "2", "--worker-memory", "512", "--max-bytes", str(CAP),
        "--client-timeout", "1", "--cache", "0", "--allowed-host", "kg.example",
        ready_query=PREFIXES + "ASK { id:niger a kg:State }",
    )  # fmt: skip


@pytest.fixture(scope="module")
def client(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as http:
        yield http


def _labels(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["label"]["value"] for b in response.json()["results"]["bindings"]]


# ---------------------------------------------------------------- memory


def test_a_query_past_the_worker_memory_is_stopped_naming_the_limit(client):
    response = client.post("/sparql", data={"query": HUNGRY})
    assert response.status_code == 503, response.text
    assert "512 MiB" in response.text and "--worker-memory" in response.text
    # The worker was replaced: both workers answer again.
    for n in range(4):
        assert _labels(client.post("/sparql", data={"query": lookup(n)})) == ["Niger", "Niger"]


# ---------------------------------------------------------------- bytes


@pytest.mark.parametrize(
    ("accept", "count"),
    [
        ("application/sparql-results+json", lambda r: len(r.json()["results"]["bindings"])),
        ("text/csv", lambda r: r.text.count("\r\n") - 1),
        ("application/sparql-results+xml", lambda r: r.text.count("<result>")),
    ],
)
def test_a_result_past_the_byte_cap_is_cut_to_whole_rows_with_the_reason(client, accept, count):
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 5000"
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert CAP - 2_000 < len(response.content) <= CAP
    reason = response.headers["KG-Result-Cut"]
    sent = int(re.search(r"only the first (\d+) rows", reason).group(1))
    assert 0 < sent < 5000 and count(response) == sent
    assert f"{CAP} bytes" in reason and "--max-bytes" in reason


def test_a_graph_past_the_byte_cap_is_cut_to_whole_triples(client):
    response = client.post("/sparql", data={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5000"})
    assert response.status_code == 200 and len(response.content) <= CAP
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    sent = int(re.search(r"first (\d+) triples", response.headers["KG-Result-Cut"]).group(1))
    assert len(triples) == sent > 100


def test_a_result_under_the_byte_cap_is_whole_and_says_nothing(client):
    response = client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) == 50
    assert "KG-Result-Cut" not in response.headers


# ---------------------------------------------------------------- fairness


def test_quick_queries_are_answered_while_long_ones_occupy_the_workers(server, client):
    with ThreadPoolExecutor(2) as pool:
        long = [
            pool.submit(httpx.post, server + "/sparql", data={"query": LONG}, timeout=30)
            for _ in range(2)
        ]
        time.sleep(0.5)
        labels = [_labels(client.post("/sparql", data={"query": lookup(n)})) for n in range(5)]
        long_still_running = not any(future.done() for future in long)
        long_answers = [future.result() for future in long]
    assert labels == [["Niger", "Niger"]] * 5
    assert long_still_running
    assert [answer.status_code for answer in long_answers] == [503, 503]


def test_a_lookalike_that_runs_long_on_the_quick_worker_is_stopped_with_retry_after(server, client):
    with ThreadPoolExecutor(1) as pool:
        long = pool.submit(httpx.post, server + "/sparql", data={"query": LONG}, timeout=30)
        time.sleep(0.5)
        response = client.post("/sparql", data={"query": LOOKALIKE})
        long_still_running = not long.done()
        after = client.post("/sparql", data={"query": lookup(10)})
        long.result()
    assert response.status_code == 503, response.text
    assert "kept for quick queries" in response.text
    assert int(response.headers["Retry-After"]) >= 1
    assert long_still_running
    assert _labels(after) == ["Niger", "Niger"]


def test_the_wait_for_a_worker_is_a_short_queue_answered_503_with_retry_after(server):
    # One long query runs, eight (four per worker) may wait; the rest are told to retry.
    def post(_: int) -> tuple[httpx.Response, float]:
        started = time.monotonic()
        response = httpx.post(server + "/sparql", data={"query": LONG}, timeout=30)
        return response, time.monotonic() - started

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(post, range(12)))
    statuses = [response.status_code for response, _ in answers]
    assert statuses == [503] * 12
    turned_away = [(r, s) for r, s in answers if "already wait" in r.text]
    assert len(turned_away) >= 3
    for response, seconds in turned_away:
        assert int(response.headers["Retry-After"]) >= 1
        assert seconds < 2.5  # answered at once, not after the running query's 3 s


# ---------------------------------------------------------------- slow clients


def _address(server: str) -> tuple[str, int]:
    parts = urlsplit(server)
    return parts.hostname, parts.port


def _read_until_closed(connection: socket.socket) -> tuple[bytes, float]:
    started = time.monotonic()
    data = b""
    while chunk := connection.recv(4096):
        data += chunk
    return data, time.monotonic() - started


@pytest.mark.parametrize(
    "sent",
    [
        b"",
        b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/turtle\r\n",
        b"GET /assets/query.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /sparql HTTP/1.1\r\n",
    ],
    ids=["nothing", "unfinished-headers", "unfinished-second-request"],
)
def test_a_connection_that_never_finishes_its_headers_is_closed(server, sent):
    with socket.create_connection(_address(server), timeout=10) as connection:
        connection.sendall(sent)
        data, seconds = _read_until_closed(connection)  # a 10 s socket timeout fails the test
    assert seconds < 4  # the server's 1 s, not the client's 10 s
    statuses = re.findall(rb"HTTP/1.1 (\d+)", data)
    assert statuses == [b"200"] * sent.count(b"\r\n\r\n") + [b"408"]


def test_a_body_that_never_arrives_is_408(server):
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\nASK { }"
    )
    with socket.create_connection(_address(server), timeout=10) as connection:
        connection.sendall(head)
        data, seconds = _read_until_closed(connection)
    assert data.startswith(b"HTTP/1.1 408 ")
    assert b"--client-timeout" in data and seconds < 4


def test_many_idle_connections_are_all_closed(server):
    connections = [socket.create_connection(_address(server), timeout=10) for _ in range(200)]
    try:
        time.sleep(2.5)
        still_open = 0
        for connection in connections:
            connection.settimeout(0.5)
            try:
                if connection.recv(4096) and connection.recv(4096):
                    still_open += 1
            except TimeoutError:
                still_open += 1
    finally:
        for connection in connections:
            connection.close()
    assert still_open == 0


# ---------------------------------------------------------------- hosts


@pytest.mark.parametrize("path", ["/", "/sparql", "/entity/niger", "/assets/query.js"])
def test_a_foreign_host_is_refused_on_every_route(client, path):
    response = client.get(path, headers={"Host": "evil.example:8000", "Accept": "text/turtle"})
    assert response.status_code == 400
    assert "evil.example" in response.text and "--allowed-host" in response.text


def test_loopback_names_and_allowed_hosts_are_served_and_named_in_the_description(client, server):
    port = urlsplit(server).port
    sd = "http://www.w3.org/ns/sparql-service-description#endpoint"
    for host in (f"localhost:{port}", f"[::1]:{port}", "kg.example"):
        response = client.get("/sparql", headers={"Host": host, "Accept": "text/turtle"})
        assert response.status_code == 200, host
        triples = [q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)]
        endpoints = [t.object.value for t in triples if t.predicate.value == sd]
        assert endpoints == [f"http://{host}/sparql"]


def test_a_rebound_name_gets_no_answer_from_any_route(client):
    # A page whose own name was pointed at 127.0.0.1 sends that name, whatever it asks.
    paths = ["/sparql?query=ASK%7B%7D", "/view/overview", "/id/niger", "/nowhere"]
    answers = [client.get(p, headers={"Host": "attacker.example"}).status_code for p in paths]
    assert answers == [400] * 4


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/", None),
        ("/sparql", "text/html"),
        ("/entity/niger", "text/html"),
        ("/view/ego/niger", None),
    ],
)
def test_every_html_page_has_a_content_security_policy(client, path, accept):
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'self'" in policy
    script = re.search(r"script-src ([^;]*)", policy)
    assert script is None or "unsafe-inline" not in script.group(1)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_entity_page_runs_only_its_own_scripts_by_hash(client):
    """A fact sheet draws itself with one inline script, admitted by its hash;
    the sheet's data is JSON that never runs."""
    import base64
    import hashlib

    response = client.get("/entity/niger", headers={"Accept": "text/html"})
    policy = response.headers["Content-Security-Policy"]
    allowed = set(re.findall(r"'sha256-([^']+)'", re.search(r"script-src ([^;]*)", policy)[1]))
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert scripts and len(allowed) == len(scripts)
    for code in scripts:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert digest in allowed
    assert "<script src" not in response.text


def test_the_choices_pages_style_is_admitted_by_its_nonce_and_nothing_else(client):
    response = client.get("/entity/atlantis", headers={"Accept": "text/html"})
    assert response.status_code == 404
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.text
    assert "<script" not in response.text and " style=" not in response.text
    again = client.get("/entity/atlantis", headers={"Accept": "text/html"})
    assert nonce not in again.headers["Content-Security-Policy"]
