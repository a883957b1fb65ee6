"""The SPARQL 1.1 Protocol endpoint, driven over real HTTP on loopback.

A real `kg serve` runs in a subprocess (uvicorn, free port, --timeout 2).
The conformance tests follow the W3C SPARQL 1.1 Protocol test suite's
groups: query forms (GET, POST form, POST direct), result content types,
dataset parameters and bad requests. Then: updates and SERVICE refused,
time and size bounds, hostile input, entity pages, SPARQLWrapper.
Expected answers come from data/*.ttl (e.g. data/actors.ttl: id:niger's
labels; data/organisations.ttl: Niger's ECOWAS membership).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from servers import kg_serve

pytestmark = pytest.mark.server

PREFIXES = """PREFIX kg: <https://w3id.org/sahel-kg/ontology#>
PREFIX id: <https://w3id.org/sahel-kg/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
GRAPH = "https://w3id.org/sahel-kg/graph/"
ID = "https://w3id.org/sahel-kg/id/"
NIGER_FRENCH_LABEL = PREFIXES + (
    'SELECT ?label WHERE { id:niger skos:prefLabel ?label FILTER(LANG(?label) = "fr") }'
)
NIGER_IN_AES = PREFIXES + "ASK { id:niger kg:memberOf id:aes }"
NIGER_TYPES = PREFIXES + "CONSTRUCT { id:niger a ?type } WHERE { id:niger a ?type }"
# Three copies of ~12,000 triples joined: far beyond any timeout.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FAST = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The endpoint with a 2 s query timeout, two workers and the default bounds."""
    yield from kg_serve("--timeout", "2", "--workers", "2", "--max-body", "65536")


@pytest.fixture(scope="module")
def open_server() -> Iterator[str]:
    """A second endpoint started with --allow-service, --cors, no answer cache and a --base."""
    yield from kg_serve(
        "--workers",
        "2",
        "--allow-service",
        "--cors",
        "http://example.org",
        "--cache",
        "0",
        "--base",
        "http://example.org/base/",
    )


@pytest.fixture(scope="module")
def client(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as http:
        yield http


def _label(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    return response.json()["results"]["bindings"]


# ---------------------------------------------------------------- query forms


def test_select_by_get_post_form_and_post_direct_give_the_same_answer(client):
    expected = [{"label": {"type": "literal", "value": "Niger", "xml:lang": "fr"}}]
    by_get = client.get("/sparql", params={"query": NIGER_FRENCH_LABEL})
    by_form = client.post("/sparql", data={"query": NIGER_FRENCH_LABEL})
    direct = client.post(
        "/sparql",
        content=NIGER_FRENCH_LABEL.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert _label(by_get) == _label(by_form) == _label(direct) == expected


def test_ask_answers_sparql_json_by_default(client):
    response = client.get("/sparql", params={"query": NIGER_IN_AES})
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["boolean"] is True


def test_the_project_prefixes_are_predeclared(client):
    response = client.get("/sparql", params={"query": "ASK { id:niger a kg:State }"})
    assert response.json()["boolean"] is True


# ---------------------------------------------------------------- content types


@pytest.mark.parametrize(
    ("accept", "media", "body"),
    [
        ("text/csv", "text/csv", "label\r\nNiger\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", '?label\n"Niger"@fr\n'),
        ("application/sparql-results+xml", "application/sparql-results+xml", None),
        ("text/csv;q=0.5, text/tab-separated-values;q=0.9", "text/tab-separated-values", None),
    ],
)
def test_select_result_formats(client, accept, media, body):
    response = client.get(
        "/sparql", params={"query": NIGER_FRENCH_LABEL}, headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    if body is not None:
        assert response.text == body
    if media.endswith("xml"):
        assert '<binding name="label"><literal xml:lang="fr">Niger</literal>' in response.text


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, ox.RdfFormat.TURTLE),
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_construct_result_formats(client, accept, fmt):
    headers = {"Accept": accept} if accept else {}
    response = client.post("/sparql", data={"query": NIGER_TYPES}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(fmt.media_type)
    triples = {quad.triple for quad in ox.parse(response.content, format=fmt)}
    state = ox.Triple(
        ox.NamedNode(ID + "niger"),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/sahel-kg/ontology#State"),
    )
    assert state in triples


def test_describe_answers_turtle(client):
    response = client.get("/sparql", params={"query": PREFIXES + "DESCRIBE id:niger"})
    assert response.headers["content-type"].startswith("text/turtle")
    objects = {t.object for t in ox.parse(response.content, format=ox.RdfFormat.TURTLE)}
    assert ox.Literal("Republic of Niger", language="en") in objects


@pytest.mark.parametrize(
    ("query", "accept"),
    [(NIGER_FRENCH_LABEL, "image/png"), (NIGER_TYPES, "text/csv"), (NIGER_IN_AES, "text/turtle")],
    ids=["select-as-png", "construct-as-csv", "ask-as-turtle"],
)
def test_an_accept_the_server_cannot_serve_is_406(client, query, accept):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert "results can be sent as" in response.text
    assert accept in response.text


# ---------------------------------------------------------------- dataset


def _select_in(client: httpx.Client, query: str, graph: str) -> httpx.Response:
    return client.get("/sparql", params={"query": query, "default-graph-uri": GRAPH + graph})


def test_default_graph_uri_replaces_the_union(client):
    labels = PREFIXES + "SELECT ?label WHERE { id:niger skos:prefLabel ?label }"
    actors = client.get(
        "/sparql", params={"query": labels, "default-graph-uri": GRAPH + "data/actors"}
    )
    derived = client.get(
        "/sparql", params={"query": labels, "default-graph-uri": GRAPH + "derived"}
    )
    assert sorted(b["label"]["xml:lang"] for b in _label(actors)) == ["en", "fr"]
    assert _label(derived) == []


def test_dataset_parameters_by_post_form_and_several_default_graphs(client):
    response = client.post(
        "/sparql",
        data={
            "query": PREFIXES + "ASK { id:niger kg:memberOf id:aes ; skos:prefLabel ?l }",
            "default-graph-uri": [GRAPH + "data/actors", GRAPH + "derived"],
        },
    )
    assert response.json()["boolean"] is True
    only_actors = client.post(
        "/sparql", data={"query": NIGER_IN_AES, "default-graph-uri": GRAPH + "data/actors"}
    )
    assert only_actors.json()["boolean"] is False


def test_named_graph_uri_limits_graph_patterns(client):
    query = PREFIXES + "SELECT DISTINCT ?g WHERE { GRAPH ?g { id:niger ?p ?o } } ORDER BY ?g"
    union = client.get("/sparql", params={"query": query})
    assert GRAPH + "derived" in [b["g"]["value"] for b in _label(union)]
    named = client.get(
        "/sparql",
        params={
            "query": query,
            "named-graph-uri": [GRAPH + "data/actors", GRAPH + "ontology"],
        },
    )
    assert [b["g"]["value"] for b in _label(named)] == [GRAPH + "data/actors"]


def test_from_in_the_query_is_honoured(client):
    query = PREFIXES + f"ASK FROM <{GRAPH}ontology> {{ id:niger ?p ?o }}"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is False


# ---------------------------------------------------------------- bad requests


def test_two_queries_are_a_bad_request(client):
    response = client.get("/sparql", params={"query": [FAST, FAST]})
    assert response.status_code == 400
    assert "one query" in response.text


def test_malformed_query_is_400_with_the_parsers_message(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "invalid SPARQL" in response.text
    assert "1:" in response.text  # the parser's line:column


@pytest.mark.parametrize(
    ("content_type", "status"),
    [("text/plain", 415), ("", 415), ("application/x-www-form-urlencoded", 400)],
)
def test_post_without_a_usable_query_is_refused(client, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    body = b"" if content_type.endswith("urlencoded") else FAST.encode()
    response = client.post("/sparql", content=body, headers=headers)
    assert response.status_code == status


def test_other_methods_are_405(client):
    assert client.put("/sparql", content=FAST).status_code == 405


def test_a_dataset_iri_that_is_no_iri_is_400(client):
    response = client.get("/sparql", params={"query": FAST, "default-graph-uri": "not an iri"})
    assert response.status_code == 400


# ---------------------------------------------------------------- read-only


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/x> <http://e/p> <http://e/o> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "CLEAR ALL",
        "CREATE GRAPH <http://e/g>",
        "DROP DEFAULT",
        "# comment first\nPREFIX e: <http://e/> insert data { e:x e:p e:o }",
    ],
)
def test_updates_are_refused_by_every_route(client, update):
    answers = [
        client.get("/sparql", params={"query": update}),
        client.post("/sparql", data={"query": update}),
        client.post("/sparql", data={"update": update}),
        client.post(
            "/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
        ),
        client.post(
            "/sparql", content=update, headers={"Content-Type": "application/sparql-query"}
        ),
    ]
    for response in answers:
        assert response.status_code == 403, response.text
        assert "read-only" in response.text
    still = client.get("/sparql", params={"query": "ASK { <http://e/x> ?p ?o }"})
    assert still.json()["boolean"] is False


def test_service_is_refused_by_default(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 403
    assert "--allow-service" in response.text


def test_the_word_service_elsewhere_is_not_refused(client):
    query = PREFIXES + 'SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) } # SERVICE'
    assert client.get("/sparql", params={"query": query}).status_code == 200


RELATIVE = "CONSTRUCT { <s> <p> 1 } WHERE {}"
N_TRIPLES = {"Content-Type": "application/sparql-query", "Accept": "application/n-triples"}


def test_relative_iris_resolve_against_the_endpoint(client, server):
    response = client.post("/sparql", content=RELATIVE, headers=N_TRIPLES)
    assert response.status_code == 200, response.text
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    assert response.text == f'<{server}/s> <{server}/p> "1"^^{integer} .\n'
    within = client.post("/sparql", content=f"BASE <http://e/> {RELATIVE}", headers=N_TRIPLES)
    assert within.text.startswith("<http://e/s> <http://e/p> ")


def test_relative_iris_resolve_against_base_when_given(open_server):
    response = httpx.post(open_server + "/sparql", content=RELATIVE, headers=N_TRIPLES)
    assert response.text.startswith("<http://example.org/base/s> <http://example.org/base/p> ")


def test_service_to_a_relative_iri_is_refused_too(client):
    response = client.post("/sparql", data={"query": "ASK { SERVICE <sparql> { ?s ?p ?o } }"})
    assert response.status_code == 403
    assert "--allow-service" in response.text


def test_allow_service_federates_and_cors_is_opt_in(client, server, open_server):
    pattern = NIGER_FRENCH_LABEL.split("WHERE")[1]
    query = PREFIXES + f"SELECT ?label WHERE {{ SERVICE <{server}/sparql> {{ {pattern} }} }}"
    response = httpx.post(
        open_server + "/sparql",
        data={"query": query},
        headers={"Origin": "http://example.org"},
        timeout=30,
    )
    assert [b["label"]["value"] for b in _label(response)] == ["Niger"]
    assert response.headers["access-control-allow-origin"] == "http://example.org"
    closed = client.get("/sparql", params={"query": FAST}, headers={"Origin": "http://example.org"})
    assert "access-control-allow-origin" not in closed.headers


# ---------------------------------------------------------------- bounds


def test_a_slow_query_times_out_while_others_are_served(server, client):
    slow: dict[str, httpx.Response] = {}

    def run_slow() -> None:
        slow["response"] = httpx.post(server + "/sparql", data={"query": SLOW}, timeout=30)

    started = time.monotonic()
    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    while thread.is_alive() and time.monotonic() - started < 1.5:
        fast = client.get("/sparql", params={"query": NIGER_IN_AES})
        assert fast.status_code == 200 and fast.json()["boolean"] is True
        time.sleep(0.1)
    thread.join()
    elapsed = time.monotonic() - started
    assert slow["response"].status_code == 503
    assert "longer than 2 s" in slow["response"].text
    assert 1.9 < elapsed < 6


def test_after_three_timeouts_in_a_row_a_fast_query_answers_within_a_second(client):
    for _ in range(3):
        assert client.post("/sparql", data={"query": SLOW}).status_code == 503
    started = time.monotonic()
    response = client.get("/sparql", params={"query": NIGER_IN_AES})
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert time.monotonic() - started < 1.0


def test_a_result_over_the_row_cap_is_refused_and_a_limit_passes(client):
    # 11,967 triples in the store; the cap is 10,000 rows by default.
    everything = "SELECT * WHERE { ?s ?p ?o }"
    response = client.get("/sparql", params={"query": everything})
    assert response.status_code == 422
    assert "more than 10000 rows" in response.text and "LIMIT" in response.text
    limited = client.get("/sparql", params={"query": everything + " LIMIT 3"})
    assert len(_label(limited)) == 3
    # An answer far larger than a pipe's buffer travels whole from the worker.
    large = client.get("/sparql", params={"query": everything + " LIMIT 9000"})
    assert len(_label(large)) == 9000


def test_a_repeated_request_is_answered_from_the_cache_unless_it_is_off(server, open_server):
    # Every pair of sources with each junta: about 0.3 s of work for the engine
    # (every pair of typed things grew to over a second with the record, past
    # the test server's 2 s timeout on a busy machine).
    query = PREFIXES + (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Source . ?d a kg:Source . ?e a kg:MilitaryJunta }"
    )

    def timed(base: str, accept: str = "application/sparql-results+json"):
        started = time.monotonic()
        response = httpx.post(
            base + "/sparql", data={"query": query}, headers={"Accept": accept}, timeout=30
        )
        assert response.status_code == 200, response.text
        return response, time.monotonic() - started

    first, cold = timed(server)
    second, warm = timed(server)
    assert second.content == first.content and warm < cold / 3
    as_csv, _ = timed(server, "text/csv")  # the Accept header is part of the key
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text.split("\r\n")[1] == first.json()["results"]["bindings"][0]["n"]["value"]
    timed(open_server)
    _, uncached = timed(open_server)
    assert uncached > 3 * warm  # the same request, recomputed without the cache


def test_a_quick_query_repeated_without_the_cache_keeps_its_answer(open_server):
    # After a worker answers it quickly, it is answered in the server's process.
    answers = [
        httpx.get(open_server + "/sparql", params={"query": NIGER_FRENCH_LABEL}, timeout=30)
        for _ in range(4)
    ]
    expected = [{"label": {"type": "literal", "value": "Niger", "xml:lang": "fr"}}]
    assert all(_label(answer) == expected for answer in answers)


# ---------------------------------------------------------------- hostile input


def test_a_huge_body_is_413(client):
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    declared = client.post(
        "/sparql", content=huge, headers={"Content-Type": "application/sparql-query"}
    )
    assert declared.status_code == 413

    def chunks():
        for _ in range(20):
            yield b"#" + b"x" * 10_000 + b"\n"

    streamed = client.post(
        "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}
    )
    assert streamed.status_code == 413
    assert client.get("/sparql", params={"query": FAST}).status_code == 200


def test_broken_encoding_is_400(client):
    assert client.get("/sparql?query=ASK%20%7B%7D%FF%FE").status_code == 400
    direct = client.post(
        "/sparql", content=b"ASK { \xff\xfe }", headers={"Content-Type": "application/sparql-query"}
    )
    assert direct.status_code == 400
    form = client.post(
        "/sparql",
        content=b"query=ASK%20%7B%7D%C3%28",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 400


def test_script_in_an_echoed_query_stays_escaped(client):
    hostile = 'SELECT * WHERE { BIND("</script><script>alert(1)</script>" AS ?x) }'
    for response in (
        client.get("/", params={"query": hostile}),
        client.get("/sparql", params={"query": hostile}, headers={"Accept": "text/html"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert "<script>alert(1)" not in response.text
        assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


# ---------------------------------------------------------------- pages


def test_get_without_query_is_the_query_page_with_the_named_queries(client):
    from kg.query import named_queries

    response = client.get("/sparql", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/html")
    start = response.text.index('id="kg-query-page">') + len('id="kg-query-page">')
    data = json.loads(response.text[start : response.text.index("</script>", start)])
    assert [q["name"] for q in data["queries"]] == list(named_queries())
    assert data["defaultQuery"] in named_queries()
    assert data["entities"]["labels"][ID + "niger"] == "Niger"
    assert not re.search(r'(src|href)="(https?:)?//', response.text)  # no CDN
    assert client.get("/").status_code == 200


def test_get_without_query_for_rdf_is_a_service_description(client, server):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    triples = [q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = [t.object for t in triples if t.predicate == ox.NamedNode(sd + "endpoint")]
    assert endpoints == [ox.NamedNode(server + "/sparql")]
    names = {t.object for t in triples if t.predicate == ox.NamedNode(sd + "name")}
    assert ox.NamedNode(GRAPH + "data/actors") in names
    assert ox.NamedNode(GRAPH + "derived") in names


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD])
def test_entity_iri_gives_rdf_to_machines(client, fmt):
    response = client.get("/id/niger", headers={"Accept": fmt.media_type})
    assert response.headers["content-type"].startswith(fmt.media_type)
    triples = {quad.triple for quad in ox.parse(response.content, format=fmt)}
    label = ox.Triple(
        ox.NamedNode(ID + "niger"),
        ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
        ox.Literal("Niger", language="en"),
    )
    assert label in triples
    statement = ox.NamedNode("https://w3id.org/sahel-kg/statement/niger-member-of-ecowas")
    assert any(t.subject == statement for t in triples)


def test_unknown_entity_is_404(client):
    response = client.get("/entity/atlantis")
    assert response.status_code == 404
    assert "atlantis" in response.text


def test_every_entity_iri_in_the_data_resolves(client):
    query = f"SELECT DISTINCT ?e WHERE {{ ?e ?p ?o FILTER(STRSTARTS(STR(?e), '{ID}')) }}"
    entities = [b["e"]["value"] for b in _label(client.get("/sparql", params={"query": query}))]
    assert len(entities) > 200
    for iri in entities:
        response = client.get("/entity/" + iri[len(ID) :], headers={"Accept": "text/turtle"})
        assert response.status_code == 200, iri


# ---------------------------------------------------------------- SPARQLWrapper


def test_sparqlwrapper_queries_the_endpoint(server):
    from rdflib import Graph, Literal, URIRef
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    wrapper = SPARQLWrapper(server + "/sparql")
    wrapper.setQuery(NIGER_FRENCH_LABEL)
    wrapper.setReturnFormat(JSON)
    bindings = wrapper.query().convert()["results"]["bindings"]
    assert [b["label"]["value"] for b in bindings] == ["Niger"]

    wrapper.setQuery(NIGER_IN_AES)
    wrapper.setMethod(POST)
    assert wrapper.query().convert()["boolean"] is True

    wrapper.setQuery(PREFIXES + "CONSTRUCT WHERE { id:niger skos:prefLabel ?l }")
    wrapper.setReturnFormat(TURTLE)
    graph = Graph().parse(data=wrapper.query().convert(), format="turtle")
    assert (URIRef(ID + "niger"), None, Literal("Niger", lang="fr")) in graph


def test_views_are_served_with_as_of(client):
    from kg.views.reader import reader_policy

    page = client.get("/view/overview", params={"as_of": "2024-04-30"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Burkina Faso" in page.text
    # The overview and ego pages are reader pages: network, timeline and map. The
    # head loads nothing (Leaflet's inlined stylesheet cites bug trackers in comments).
    head = page.text.split("<body", 1)[0]
    assert not re.search(r"(?:src|href)=[\"']?https?:|url\(\s*[\"']?https?:|@import", head)
    assert 'id="tab-map"' in page.text
    assert page.headers["Content-Security-Policy"].startswith(reader_policy())
    ego = client.get("/view/ego/Tchiani", params={"depth": "1"})
    assert ego.status_code == 200 and "Abdourahamane Tiani" in ego.text
    assert 'id="tab-timeline"' in ego.text
    path = client.get("/view/path/wagner-group/burkina-faso")
    assert path.status_code == 200 and "Africa Corps" in path.text


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/view/ego/nowhere-land", 404, "no entity"),
        ("/view/overview?as_of=2024-13", 400, "2024-13"),
        ("/view/ego/niger?depth=two", 400, "depth"),
        ("/view/sideways", 404, "no view"),
    ],
)
def test_bad_view_requests_get_one_line_and_a_status(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status and words in response.text
    assert "Traceback" not in response.text


def test_a_view_is_drawn_under_the_query_time_limit(client):
    slow = "CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = client.get("/view/query", params={"query": slow})
    assert response.status_code == 503 and "longer than 2 s" in response.text
    assert time.monotonic() - started < 6
    assert client.get("/sparql", params={"query": FAST}).status_code == 200


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("CONSTRUCT WHERE { ?s ?p ?o }", 422, "more than 10000"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", 400, "needs a CONSTRUCT"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            403,
            "SERVICE",
        ),
    ],
)
def test_a_construct_view_is_checked_and_capped_like_a_query(client, query, status, words):
    response = client.get("/view/query", params={"query": query})
    assert response.status_code == status, response.text
    assert words in response.text and "Traceback" not in response.text
    drawn = client.get("/view/query", params={"query": NIGER_TYPES})
    assert drawn.status_code == 200 and "Niger" in drawn.text


def test_a_deeply_nested_query_is_refused_as_a_query_error(client):
    # Oxigraph's parser overflows past ~2,000 levels; a query nested that deep
    # used to kill the worker and leak "the query worker stopped" to the client.
    deep = "SELECT * WHERE " + "{" * 5_000 + " ?s ?p ?o " + "}" * 5_000
    response = client.post("/sparql", data={"query": deep})
    assert response.status_code == 400, response.text
    assert "nests too deeply" in response.text
    assert client.get("/sparql", params={"query": FAST}).status_code == 200


def test_a_worker_process_imports_its_module_without_the_http_app():
    # Each worker is started fresh and imports kg.server.workers: the package
    # imports nothing, so the app, starlette and uvicorn stay out of it.
    code = (
        "import sys\nimport kg.server.workers\n"
        "print(sorted(m for m in ('kg.server.app', 'starlette', 'uvicorn') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
