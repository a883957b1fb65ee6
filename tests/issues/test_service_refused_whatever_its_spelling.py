"""SERVICE is refused from the parsed query, and the workers cannot reach the network.

The keyword scan the endpoint used read ``<2)SERVICE#>`` as an IRI while the
engine read a less-than, the keyword and a comment, so the server fetched a
URL of the caller's choice. Every query here aims its SERVICE call at a
canary listener on loopback, which must receive no connection at all. The
same spellings sent to a server started with --allow-service do reach the
canary, which shows that each one really is a SERVICE call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers import Canary, kg_serve

from kg.server.workers import Job, QueryPolicy, WorkerPool

pytestmark = pytest.mark.server

REPORTED = "SELECT * WHERE {{ FILTER(1<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }} }}"

KEYWORDS = ["SERVICE", "service", "SeRvIcE"]
# The standard expands \u escapes anywhere before parsing; Oxigraph 0.5 only
# inside IRIs and strings, so to it these are syntax errors. Refused all the same.
ESCAPED_KEYWORDS = ["\\u0053ERVICE", "SERVI\\u0043E", "\\u0073ervice"]
BEFORE = [" ", "\n", "\t# SERVICE is not here\n", " FILTER(1<2)", " FILTER(1<2) "]
AFTER = [" ", "#>\n", " # a comment } {\n", "\n\t"]
SILENT = ["", " SILENT", " silent"]
WRAPPERS = [
    "{body}",
    "{{ {body} }}",
    "{{ {{ {{ {body} }} }} }}",
    "OPTIONAL {{ {body} }}",
    "{{ BIND(1 AS ?one) }} UNION {{ {body} }}",
    "MINUS {{ {body} }}",
    "FILTER EXISTS {{ {body} }}",
    "{{ SELECT * WHERE {{ {body} }} }}",
    "GRAPH ?g {{ {body} }}",
]


def _endpoint(kind: str, url: str) -> tuple[str, str, str]:
    """(prologue, lead-in pattern, endpoint term) for one way to name the canary."""
    base, _, path = url.rpartition("/")
    if kind == "iri":
        return "", "", f"<{url}>"
    if kind == "escaped-iri":  # \\u escapes are expanded before the query is parsed
        return "", "", f"<{base}/\\u0073parql>"
    if kind == "prefixed":
        return f"PREFIX canary: <{base}/>\n", "", f"canary:{path}"
    if kind == "values":
        return "", f"VALUES ?endpoint {{ <{url}> }} ", "?endpoint"
    return "", f"BIND(<{url}> AS ?endpoint) ", "?endpoint"


NAMED = ["iri", "escaped-iri", "prefixed"]
# Oxigraph 0.5 leaves a SERVICE variable unbound even after VALUES or BIND,
# so these two are refused but would not reach the canary anyway.
BOUND = ["values", "bind"]


@st.composite
def service_queries(draw, url: str, engine_runs_all: bool = False) -> str:
    """A SELECT whose pattern calls SERVICE on ``url``, spelt one of many ways;
    ``engine_runs_all``: only spellings Oxigraph itself runs as a SERVICE call."""
    kinds, keywords = (
        (NAMED, KEYWORDS) if engine_runs_all else (NAMED + BOUND, KEYWORDS + ESCAPED_KEYWORDS)
    )
    prologue, lead, term = _endpoint(draw(st.sampled_from(kinds)), url)
    call = (
        draw(st.sampled_from(BEFORE))
        + draw(st.sampled_from(keywords))
        + draw(st.sampled_from(SILENT))
        + draw(st.sampled_from(AFTER))
        + f"{term} {{ ?s ?p ?o }}"
    )
    pattern = draw(st.sampled_from(WRAPPERS)).format(body=lead + call)
    return f"{prologue}SELECT * WHERE {{ {pattern} }}"


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    with Canary() as listening:
        yield listening


@pytest.fixture(scope="module")
def guarded(canary) -> Iterator[str]:
    """An endpoint with the default settings (SERVICE refused)."""
    yield from kg_serve("--workers", "1", "--cache", "0")


@pytest.fixture(scope="module")
def federating(canary) -> Iterator[str]:
    """An endpoint whose operator allowed SERVICE: the canary must hear from it."""
    yield from kg_serve("--workers", "1", "--cache", "0", "--allow-service", "--timeout", "5")


def test_the_reported_query_is_refused_and_fetches_nothing(guarded, canary):
    before = canary.connections
    response = httpx.post(guarded + "/sparql", data={"query": REPORTED.format(url=canary.url)})
    assert response.status_code == 403, response.text
    assert "SERVICE" in response.text
    assert canary.connections == before


def test_the_reported_query_does_reach_the_canary_when_service_is_allowed(federating, canary):
    before = canary.connections
    httpx.post(federating + "/sparql", data={"query": REPORTED.format(url=canary.url)}, timeout=30)
    assert canary.connections > before


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_spelling_of_service_gets_past_the_endpoint(guarded, canary, data):
    query = data.draw(service_queries(canary.url))
    before = canary.connections
    response = httpx.post(guarded + "/sparql", data={"query": query}, timeout=30)
    assert response.status_code == 403, (query, response.text)
    assert canary.connections == before, query


@settings(max_examples=12, deadline=None, derandomize=True)
@given(data=st.data())
def test_the_generated_spellings_are_real_service_calls(federating, canary, data):
    query = data.draw(service_queries(canary.url, engine_runs_all=True))
    before = canary.connections
    httpx.post(federating + "/sparql", data={"query": query}, timeout=30)
    assert canary.connections > before, query


def _ask_pool(store: str, policy: QueryPolicy, query: str):
    async def run():
        pool = WorkerPool(store, size=1, timeout=20, policy=policy)
        await pool.start()
        try:
            return await pool.run(Job(query, trusted=True)), pool.isolated
        finally:
            await pool.close()

    return asyncio.run(run())


def test_workers_cannot_reach_the_network_even_if_a_query_slips_through(tmp_path, canary):
    # trusted=True skips the parser check: only the worker's isolation stands.
    ox.Store(str(tmp_path / "store")).flush()
    query = f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"
    before = canary.connections
    reply, isolated = _ask_pool(str(tmp_path / "store"), QueryPolicy(), query)
    assert isolated is True
    assert reply.error == "failed"
    assert canary.connections == before
    _, isolated = _ask_pool(str(tmp_path / "store"), QueryPolicy(allow_service=True), query)
    assert isolated is False
    assert canary.connections > before


def test_the_construct_view_refuses_service_too(guarded, canary):
    query = "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ FILTER(1<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }} }}"
    before = canary.connections
    response = httpx.get(guarded + "/view/query", params={"query": query.format(url=canary.url)})
    assert response.status_code == 403, response.text
    assert canary.connections == before


def test_updates_and_load_are_refused_by_the_parser(guarded, canary):
    before = canary.connections
    for update in (f"LOAD <{canary.url}>", "insert DATA { <a:b> <a:b> <a:b> }", "CLEAR ALL"):
        response = httpx.post(guarded + "/sparql", data={"query": update})
        assert response.status_code == 403, (update, response.text)
        assert "read-only" in response.text
    assert canary.connections == before
