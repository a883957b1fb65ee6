"""Virtuoso as a second, independent engine: `kg push` publishes the graphs
into a real Virtuoso (Debian package virtuoso-opensource) on loopback, and
every named query answers as the embedded store does, except where Virtuoso
itself departs from SPARQL 1.1. Each such departure is a strict xfail with a
minimal query, so the day Virtuoso fixes it the test says so. (The named
queries are compared with the embedded store in test_engines_agree.py; the
server is started once a session, tests/conftest.py.)"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from pyoxigraph import Literal, NamedNode
from servers import (
    ASK_AS_SELECT,
    BOOLEAN_FORM,
    DATE_AT_MOST,
    OPTIONALS_AFTER_ALTERNATIVE,
    PATH_IN_EXISTS,
    VALUES_START_PATH,
)

from kg.store import SelectResult
from kg.store.remote import EndpointError, RemoteStore, push_graph
from kg.vocab import XSD_DATE

pytestmark = pytest.mark.server
ID = "https://w3id.org/sahel-kg/id/"
XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")

SNIPPET_NS = "http://example.org/kg-virtuoso-test/"


def snippet(endpoint: str, name: str, turtle: str) -> str:
    """Put a few triples (prefix e: is SNIPPET_NS + name + "/") into their own graph;
    return the SPARQL prefix line to query them with."""
    prefix = f"{SNIPPET_NS}{name}/"
    triples = ox.parse(f"@prefix e: <{prefix}> .\n" + turtle, format=ox.RdfFormat.TURTLE)
    body = "".join(f"{t} .\n" for t in triples).encode()
    push_graph(endpoint.replace("/sparql", "/sparql-graph-crud"), prefix, body, timeout=30)
    return f"PREFIX e: <{prefix}>\n"


def test_the_pushed_graphs_hold_what_the_store_holds(virtuoso, real_stores):
    # Virtuoso keeps system graphs of its own beside ours: count only ours.
    count = """SELECT (COUNT(*) AS ?n) WHERE {
      GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/sahel-kg/graph/")) }"""
    remote = RemoteStore(virtuoso).query(count)
    assert isinstance(remote, SelectResult)
    assert int(remote.rows[0][0].value) == len(real_stores["oxigraph"])


def test_a_false_ask_is_false(virtuoso):
    # Virtuoso answers ASK as a SELECT (test_engine_ask_answers_a_boolean below)
    # whose false is no row at all, not a row of "0".
    remote = RemoteStore(virtuoso)
    assert remote.query("ASK { <http://example.org/kg-virtuoso-test/nothing> ?p ?o }") is False
    assert remote.query("ASK { ?s ?p ?o }") is True


# --- Virtuoso's departures from SPARQL 1.1, each as small as it gets ----------
# Where a few triples show it, the test pushes them to a graph of their own;
# where Virtuoso goes wrong only on a plan it picks for more data, the test
# queries the bundled data and says which lines of data/ give the answer.


@pytest.mark.xfail(strict=True, reason=VALUES_START_PATH, raises=EndpointError)
def test_engine_path_from_a_values_bound_start(virtuoso):
    # Workaround: the named queries walk up with `*` (zero or more), which works.
    prefix = snippet(virtuoso, "values-start", "e:wagner e:under e:corps . e:corps e:under e:mod .")
    # (kg.store.remote binds parameters with BIND, so VALUES is written out here.)
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
def test_engine_second_optional_after_an_alternative_path(virtuoso, real_stores):
    # Every statement reached through the alternative keeps its own kg:date on
    # every row, as the embedded store answers; Virtuoso adds rows where ?date is
    # unbound for some of them (which ones depends on its plan for the data: it
    # was id:aes-second-summit-2025 before the record grew). Filtering to one
    # statement in SPARQL changes Virtuoso's plan and hides the difference.
    # Workaround for conflicting-versions: the alternative in a DISTINCT sub-SELECT.
    query = """SELECT ?statement ?date WHERE {
      ?statement kg:conflictsWith|^kg:conflictsWith ?version .
      OPTIONAL { ?statement kg:start ?start }
      OPTIONAL { ?statement kg:date ?date } }"""
    got = RemoteStore(virtuoso).query(query)
    expected = real_stores["oxigraph"].query(query)
    assert isinstance(got, SelectResult) and isinstance(expected, SelectResult)
    assert sorted(map(str, got.rows)) == sorted(map(str, expected.rows))


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
    # Read the protocol answer directly: kg.store.remote.RemoteStore already works
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
