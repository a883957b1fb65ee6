"""The remote backend against a real Oxigraph server on loopback: `kg push`
publishes the graphs, every named query answers as the embedded store does,
and each way a remote can fail gives one clear error."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import subprocess
import threading
import time

import httpx
import pytest
from helpers import AS_OF_DAYS, comparable
from servers import free_port, stop

from kg.errors import QueryError
from kg.query import named_queries, run
from kg.remote import EndpointError, RemoteStore
from kg.temporal import PartialDate

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
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


def test_push_dry_run_lists_graphs_without_sending(kg):
    proc = kg("push", "--store-endpoint", "http://127.0.0.1:9/store", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "would send" in proc.stdout and "graph/ontology" in proc.stdout


# The server runs the embedded store's engine: what this compares is the way
# there (query text, protocol, results), so three days suffice; rdflib
# (test_queries.py) is compared on every day.
REMOTE_DAYS = [AS_OF_DAYS[0], "2021-06-01", "2024-04-30"]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_remote_answers_like_the_embedded_store(oxigraph_server, real_stores, name):
    remote = RemoteStore(f"{oxigraph_server}/query")
    query = named_queries()[name]
    for day in REMOTE_DAYS if query.takes_as_of else [None]:
        when = PartialDate.parse(day) if day else None
        expected = comparable(run(real_stores["oxigraph"], query, as_of=when))
        assert comparable(run(remote, query, as_of=when)) == expected, f"{name} as of {day}"


def test_cli_queries_the_endpoint_with_entity_names(oxigraph_server, kg):
    proc = kg(
        "query",
        "--name",
        "events",
        "--param",
        "actor=Tchiani",
        "--format",
        "csv",
        "--endpoint",
        f"{oxigraph_server}/query",
    )
    assert proc.returncode == 0, proc.stderr
    assert "tiani-putin-call-2024-03-26" in proc.stdout


def test_a_refused_connection_is_one_line(kg):
    proc = kg("query", "--name", "members", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert proc.returncode == 7
    assert proc.stderr.strip().startswith("kg: error: cannot reach")
    assert "Traceback" not in proc.stderr


def test_bad_sparql_is_reported_from_the_endpoint(oxigraph_server):
    with pytest.raises(QueryError):
        RemoteStore(f"{oxigraph_server}/query").query("SELEC ?x WHERE { ?x ?p ?o }")


def test_an_http_error_names_the_status(oxigraph_server):
    with pytest.raises(EndpointError, match="HTTP 404"):
        RemoteStore(f"{oxigraph_server}/no-such-endpoint").query("ASK {}")


class _Misbehaving(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path == "/slow":
            time.sleep(3)
        body = b"<html>not sparql</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client gave up, as the test intends
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def misbehaving_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Misbehaving)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_non_sparql_answer_is_named(misbehaving_server):
    with pytest.raises(EndpointError, match="did not answer with SPARQL results"):
        RemoteStore(f"{misbehaving_server}/query").query("SELECT * WHERE { ?s ?p ?o }")


def test_a_slow_endpoint_times_out(misbehaving_server):
    with pytest.raises(EndpointError, match="did not answer within"):
        RemoteStore(f"{misbehaving_server}/slow", timeout=0.5).query("ASK {}")
