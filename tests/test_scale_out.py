"""The graph served by an engine other than the embedded one, as a bigger
deployment serves it (docs/scale-out.md), on loopback:

- `kg push` gives a real `oxigraph serve` and a real Virtuoso every named
  graph with exactly the local store's triples, and a second push replaces
  what a server holds (a triple a rebuild dropped is gone) rather than adding
  to it;
- the offline path an index-building engine such as QLever takes: `kg export`
  to N-Quads, loaded into a fresh store by a separate program (`oxigraph load`)
  and served read-only, keeps every named graph and answers every named query
  as the embedded store does;
- the same file through Virtuoso's bulk loader (`ld_add`, `rdf_loader_run`),
  the way Virtuoso loads large graphs, single server or cluster, keeps every
  named graph.

The servers of tests/conftest.py are shared by the session; the exported file
and the servers loaded from it are made here, once a module.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers import comparable
from servers import free_port, isql, launch_virtuoso, stop

from kg.query import named_queries, run
from kg.store import SelectResult, Store
from kg.store.remote import EndpointError, RemoteStore
from kg.temporal import PartialDate
from kg.vocab import GRAPH_NS

pytestmark = pytest.mark.server

# Virtuoso keeps system graphs of its own beside ours: count only ours.
COUNT_PER_GRAPH = f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}")) }} GROUP BY ?g"""
# A triple no file states, put where a push replaces: a dropped statement.
STALE = "<http://example.org/kg-scale-out-test/dropped> <http://example.org/kg-scale-out-test/was> "
# Before and after Niger's coup: the as-of rule on both sides of a change.
DAYS = ["2021-06-01", "2024-04-30"]


def triples_per_graph(store: Store) -> dict[str, int]:
    result = store.query(COUNT_PER_GRAPH)
    assert isinstance(result, SelectResult)
    return {g.value: int(n.value) for g, n in result.rows}


def _endpoints(request, engine: str) -> tuple[str, str, str]:
    """(query, update, Graph Store) endpoints of a session server."""
    if engine == "oxigraph-server":
        base = request.getfixturevalue("oxigraph_server")
        return f"{base}/query", f"{base}/update", f"{base}/store"
    sparql = request.getfixturevalue("virtuoso")
    return sparql, sparql, sparql.replace("/sparql", "/sparql-graph-crud")


ENGINES = ["oxigraph-server", "virtuoso"]


@pytest.mark.parametrize("engine", ENGINES)
def test_each_pushed_graph_holds_the_local_graphs_triples(request, real_stores, engine):
    query, _, _ = _endpoints(request, engine)
    local = triples_per_graph(real_stores["oxigraph"])
    assert len(local) > 3  # the ontology, the derived graph and the data files
    assert triples_per_graph(RemoteStore(query)) == local


@pytest.mark.parametrize("engine", ENGINES)
def test_a_second_push_replaces_each_graph(request, real_stores, kg, engine):
    query, update, graph_store = _endpoints(request, engine)
    remote = RemoteStore(query)
    graph = f"{GRAPH_NS}derived"
    insert = f"INSERT DATA {{ GRAPH <{graph}> {{ {STALE} <{graph}> }} }}"
    response = httpx.post(update, data={"update": insert}, timeout=30)
    assert response.status_code in (200, 204), response.text
    stale = f"ASK {{ GRAPH <{graph}> {{ {STALE} ?o }} }}"
    assert remote.query(stale) is True

    pushed = kg("push", "--store-endpoint", graph_store)

    assert pushed.returncode == 0, pushed.stderr
    assert remote.query(stale) is False
    assert triples_per_graph(remote) == triples_per_graph(real_stores["oxigraph"])


# --- the offline path: export, load elsewhere, serve read-only -------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory, kg) -> Path:
    """The graph as `kg export --format nquads` writes it, in a folder of its own."""
    dump = tmp_path_factory.mktemp("exported") / "graph.nq"
    done = kg("export", "--format", "nquads", "-o", str(dump))
    assert done.returncode == 0, done.stderr
    return dump


def _wait_for(endpoint: str, server: subprocess.Popen, name: str, within: float) -> None:
    deadline = time.monotonic() + within
    while True:
        assert server.poll() is None, f"{name} exited with code {server.returncode}"
        try:
            RemoteStore(endpoint, timeout=5).query("ASK { ?s ?p ?o }")
            return
        except EndpointError:
            assert time.monotonic() < deadline, f"{name} did not answer within {within:g} s"
            time.sleep(0.2)


@pytest.fixture(scope="module")
def exported_server(tmp_path_factory, exported) -> Iterator[str]:
    """The exported graph loaded by `oxigraph load` into a fresh store and served
    by `oxigraph serve-read-only`; yields its query endpoint."""
    binary = shutil.which("oxigraph")
    assert binary, "the `oxigraph` server (pip install oxigraph) must be installed"
    dump = exported
    location = tmp_path_factory.mktemp("offline") / "store"
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(dump)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    serve = ["serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [binary, *serve, "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        _wait_for(endpoint, server, "oxigraph serve-read-only", within=30)
        yield endpoint
    finally:
        stop(server, grace=10)


@pytest.fixture(scope="module")
def bulk_loaded_virtuoso(tmp_path_factory, exported) -> Iterator[str]:
    """A fresh Virtuoso on loopback that read the exported graph with its bulk
    loader; yields its SPARQL endpoint."""
    binary = shutil.which("virtuoso-t")
    assert binary and shutil.which("isql-vt"), "apt-get install -y virtuoso-opensource"
    folder = tmp_path_factory.mktemp("virtuoso-bulk")
    server, sql_port, http_port = launch_virtuoso(folder, readable=(exported.parent,))
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_for(endpoint, server, "virtuoso-t", within=60)
        # The graph argument is for triples without one; every exported quad has one.
        isql(sql_port, f"ld_add('{exported}', '{GRAPH_NS}unnamed');\nrdf_loader_run();\n")
        yield endpoint
    finally:
        stop(server, grace=30)


def test_an_exported_graph_keeps_every_named_graph(exported_server, real_stores):
    local = triples_per_graph(real_stores["oxigraph"])
    assert triples_per_graph(RemoteStore(exported_server)) == local


def test_virtuosos_bulk_loader_keeps_every_named_graph_of_an_export(
    bulk_loaded_virtuoso, real_stores
):
    local = triples_per_graph(real_stores["oxigraph"])
    assert triples_per_graph(RemoteStore(bulk_loaded_virtuoso)) == local


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_an_exported_graph_answers_each_named_query(exported_server, real_stores, name):
    query = named_queries()[name]
    remote = RemoteStore(exported_server)
    for day in DAYS if query.takes_as_of else [None]:
        when = PartialDate.parse(day).day if day else None
        expected = comparable(run(real_stores["oxigraph"], query, as_of=when))
        assert comparable(run(remote, query, as_of=when)) == expected, f"{name} as of {day}"
