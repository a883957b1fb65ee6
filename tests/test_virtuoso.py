"""Virtuoso as a second, independent engine: `kg push` publishes the graphs
into a real Virtuoso (Debian package virtuoso-opensource) on loopback, and
every named query answers as the embedded store does, except where Virtuoso
itself departs from SPARQL 1.1. Each such departure is a strict xfail with a
minimal query, so the day Virtuoso fixes it the test says so."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import AS_OF_DAYS, comparable
from pyoxigraph import Literal, NamedNode
from servers import GRANTS, free_ports, isql, stop, write_virtuoso_ini

from kg.query import named_queries, run
from kg.remote import EndpointError, RemoteStore, push_graph
from kg.store import SelectResult
from kg.temporal import PartialDate
from kg.vocab import XSD_DATE

pytestmark = pytest.mark.server
ID = "https://w3id.org/sahel-kg/id/"
XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")

READY_WITHIN = 60.0  # seconds for Virtuoso to create its database and answer
SNIPPET_NS = "http://example.org/kg-virtuoso-test/"

# Virtuoso 7.2.5 departs from SPARQL 1.1 in these ways. Each has a minimal test
# at the end of this file (named in the reason); the named queries that differ
# only because of one are listed in ENGINE_DIFFERENCES.
VALUES_START_PATH = (
    "Virtuoso rejects a one-or-more path whose start is bound by VALUES: "
    "'TR...: transitive start not given' (test_engine_path_from_a_values_bound_start)"
)
DATE_AT_MOST = (
    "Virtuoso drops rows for FILTER(?date <= ?day) when it scans a date range in its "
    "index; FILTER(!(?date > ?day)) is right (test_engine_at_most_a_date_in_an_index_range)"
)
PATH_IN_EXISTS = (
    "Virtuoso evaluates a property path inside (NOT) EXISTS without the outer row's binding "
    "of its end (test_engine_exists_with_a_path_to_an_outer_variable, "
    "test_engine_not_exists_with_a_path_to_an_outer_variable)"
)
OPTIONALS_AFTER_ALTERNATIVE = (
    "After an alternative path (p|^p), Virtuoso's second OPTIONAL loses its binding on some "
    "rows (test_engine_second_optional_after_an_alternative_path)"
)
BOOLEAN_FORM = (
    'Virtuoso returns xsd:boolean false as the literal "0", not "false" '
    "(test_engine_keeps_the_boolean_literal)"
)
ASK_AS_SELECT = (
    "Virtuoso answers ASK in SPARQL JSON as a one-row SELECT of ?__ASK_RETVAL, not as "
    '{"boolean": ...} (test_engine_ask_answers_a_boolean)'
)
ENGINE_DIFFERENCES = {
    "chronology": PATH_IN_EXISTS,
    "coup-to-russia": PATH_IN_EXISTS,
    "events": PATH_IN_EXISTS,
    "events-near": PATH_IN_EXISTS,
    "forces-of": OPTIONALS_AFTER_ALTERNATIVE,
    "russian-deployments": BOOLEAN_FORM,
}


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


@pytest.fixture(scope="module")
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
        sql_port, http_port = free_ports(2)
        ini = write_virtuoso_ini(folder, sql_port, http_port)
        server = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{http_port}"
        try:
            _wait_until_ready(server, f"{base}/sparql", folder)
            isql(sql_port, GRANTS, timeout=60)
            pushed = kg("push", "--store-endpoint", f"{base}/sparql-graph-crud")
            assert pushed.returncode == 0, pushed.stderr
            yield f"{base}/sparql"
        finally:
            stop(server, grace=30)


def snippet(endpoint: str, name: str, turtle: str) -> str:
    """Put a few triples (prefix e: is SNIPPET_NS + name + "/") into their own graph;
    return the SPARQL prefix line to query them with."""
    prefix = f"{SNIPPET_NS}{name}/"
    triples = ox.parse(f"@prefix e: <{prefix}> .\n" + turtle, format=ox.RdfFormat.TURTLE)
    body = "".join(f"{t} .\n" for t in triples).encode()
    push_graph(endpoint.replace("/sparql", "/sparql-graph-crud"), prefix, body, timeout=30)
    return f"PREFIX e: <{prefix}>\n"


def _cases() -> list:
    cases = []
    for name in sorted(named_queries()):
        reason = ENGINE_DIFFERENCES.get(name)
        marks = (
            [pytest.mark.xfail(strict=True, reason=reason, raises=AssertionError)] if reason else []
        )
        cases.append(pytest.param(name, marks=marks))
    return cases


# Virtuoso takes seconds a day on the two-hop as-of joins; three days (all dates,
# before and after Niger's coup) keep it compared within CI's time, while rdflib
# (test_queries.py) and Oxigraph's server (test_remote.py) compare every day. A
# known engine difference is looked for on every day: it shows on some only.
VIRTUOSO_DAYS = [AS_OF_DAYS[0], "2021-06-01", "2024-04-30"]


@pytest.mark.parametrize("name", _cases())
def test_virtuoso_answers_like_the_embedded_store(virtuoso, real_stores, name):
    remote = RemoteStore(virtuoso)
    query = named_queries()[name]
    days = AS_OF_DAYS if name in ENGINE_DIFFERENCES else VIRTUOSO_DAYS
    for day in days if query.takes_as_of else [None]:
        when = PartialDate.parse(day) if day else None
        expected = comparable(run(real_stores["oxigraph"], query, as_of=when))
        assert comparable(run(remote, query, as_of=when)) == expected, f"{name} as of {day}"


def test_the_pushed_graphs_hold_what_the_store_holds(virtuoso, real_stores):
    # Virtuoso keeps system graphs of its own beside ours: count only ours.
    count = """SELECT (COUNT(*) AS ?n) WHERE {
      GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/sahel-kg/graph/")) }"""
    remote = RemoteStore(virtuoso).query(count)
    assert isinstance(remote, SelectResult)
    assert int(remote.rows[0][0].value) == len(real_stores["oxigraph"])


# --- Virtuoso's departures from SPARQL 1.1, each as small as it gets ----------
# Where a few triples show it, the test pushes them to a graph of their own;
# where Virtuoso goes wrong only on a plan it picks for more data, the test
# queries the bundled data and says which lines of data/ give the answer.


@pytest.mark.xfail(strict=True, reason=VALUES_START_PATH, raises=EndpointError)
def test_engine_path_from_a_values_bound_start(virtuoso):
    # Workaround: the named queries walk up with `*` (zero or more), which works.
    prefix = snippet(virtuoso, "values-start", "e:wagner e:under e:corps . e:corps e:under e:mod .")
    # (kg.remote binds parameters with BIND, so VALUES is written out here.)
    start = NamedNode(SNIPPET_NS + "values-start/wagner")
    query = prefix + f"SELECT ?upper WHERE {{ VALUES ?unit {{ {start} }} ?unit e:under+ ?upper }}"
    result = RemoteStore(virtuoso).query(query)
    assert isinstance(result, SelectResult)
    assert {row[0].value for row in result.rows} == {
        SNIPPET_NS + "values-start/corps",
        SNIPPET_NS + "values-start/mod",
    }


@pytest.mark.xfail(strict=True, reason=DATE_AT_MOST, raises=AssertionError)
def test_engine_at_most_a_date_in_an_index_range(virtuoso):
    # Needs a predicate with a few hundred dates (a handful is answered right).
    # Workaround: the as-of fragment writes `!(?from > ?day)`.
    count = """SELECT (COUNT(*) AS ?n) WHERE {{
      ?statement kg:earliestStart ?from . FILTER({test}) }}"""
    remote = RemoteStore(virtuoso)
    day = {"day": Literal("2021-06-01", datatype=XSD_DATE)}
    at_most = remote.query(count.format(test="?from <= ?day"), day)
    not_after = remote.query(count.format(test="!(?from > ?day)"), day)
    assert isinstance(at_most, SelectResult) and isinstance(not_after, SelectResult)
    assert int(not_after.rows[0][0].value) > 0
    assert at_most.rows == not_after.rows


@pytest.mark.xfail(strict=True, reason=PATH_IN_EXISTS, raises=AssertionError)
def test_engine_exists_with_a_path_to_an_outer_variable(virtuoso):
    # x is in y only, so nothing reaches z by `in?`: no row. Virtuoso gives z.
    prefix = snippet(virtuoso, "path-in-exists", "e:x e:in e:y .")
    query = prefix + "SELECT ?t WHERE { BIND(e:z AS ?t) FILTER EXISTS { e:x e:in? ?t } }"
    result = RemoteStore(virtuoso).query(query)
    assert isinstance(result, SelectResult)
    assert result.rows == []


@pytest.mark.xfail(strict=True, reason=PATH_IN_EXISTS, raises=AssertionError)
def test_engine_not_exists_with_a_path_to_an_outer_variable(virtuoso):
    # The event is a kg:Withdrawal; kg:Event and prov:Activity are broader kinds
    # (ontology/sahel.ttl), so only Withdrawal has no narrower kind of the event.
    query = """SELECT ?kind WHERE {
      ?event a ?kind , kg:Event .
      FILTER NOT EXISTS { ?event a ?narrower . ?narrower rdfs:subClassOf+ ?kind } }"""
    event = {"event": NamedNode(ID + "bundeswehr-withdrawal-niger-2024-08-30")}
    result = RemoteStore(virtuoso).query(query, event)
    assert isinstance(result, SelectResult)
    assert {row[0].value for row in result.rows} == {
        "https://w3id.org/sahel-kg/ontology#Withdrawal"
    }


@pytest.mark.xfail(strict=True, reason=OPTIONALS_AFTER_ALTERNATIVE, raises=AssertionError)
def test_engine_second_optional_after_an_alternative_path(virtuoso):
    # data/organisations.ttl: id:aes-second-summit-2025 has kg:date 2025-12-23 and
    # no kg:start, and conflicts with id:aes-second-summit-alwihda. Every row for
    # it must carry the date; Virtuoso adds rows where ?date is unbound. (Filtering
    # to the event in SPARQL changes Virtuoso's plan and hides the difference.)
    # Workaround for conflicting-versions: the alternative in a DISTINCT sub-SELECT.
    query = """SELECT ?statement ?date WHERE {
      ?statement kg:conflictsWith|^kg:conflictsWith ?version .
      OPTIONAL { ?statement kg:start ?start }
      OPTIONAL { ?statement kg:date ?date } }"""
    result = RemoteStore(virtuoso).query(query)
    assert isinstance(result, SelectResult)
    summit = NamedNode(ID + "aes-second-summit-2025")
    dates = {row[1] for row in result.rows if row[0] == summit}
    assert dates == {Literal("2025-12-23", datatype=XSD_DATE)}


@pytest.mark.xfail(strict=True, reason=BOOLEAN_FORM, raises=AssertionError)
def test_engine_keeps_the_boolean_literal(virtuoso):
    # Workaround: queries that print a flag bind the strings "true"/"false".
    prefix = snippet(virtuoso, "boolean", "e:yes e:flag true . e:no e:flag false .")
    result = RemoteStore(virtuoso).query(prefix + "SELECT ?v WHERE { ?s e:flag ?v }")
    assert isinstance(result, SelectResult)
    assert {row[0] for row in result.rows} == {
        Literal("true", datatype=XSD_BOOLEAN),
        Literal("false", datatype=XSD_BOOLEAN),
    }


@pytest.mark.xfail(strict=True, reason=ASK_AS_SELECT, raises=AssertionError)
def test_engine_ask_answers_a_boolean(virtuoso):
    # Read the protocol answer directly: kg.remote.RemoteStore already works
    # around this by reading the one-row SELECT.
    request = urllib.request.Request(
        virtuoso,
        data=urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode(),
        headers={"Accept": "application/sparql-results+json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        document = json.loads(response.read())
    assert document.get("boolean") is True, document
