"""The remote backend against a real Oxigraph server on loopback: `kg push`
publishes the graphs (its named queries are compared in test_engines_agree.py),
and each way a remote can fail gives one clear error."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time

import pytest
from servers import free_port

from kg.errors import QueryError
from kg.store.remote import EndpointError, RemoteStore

pytestmark = pytest.mark.server


def test_push_dry_run_lists_graphs_without_sending(kg):
    proc = kg("push", "--store-endpoint", "http://127.0.0.1:9/store", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "would send" in proc.stdout and "graph/ontology" in proc.stdout


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
