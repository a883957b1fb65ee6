"""The W3C SPARQL 1.1 Protocol test suite, run against a real `kg serve`.

The manifest and its data are vendored unchanged in tests/w3c-protocol/
(see its README for origin and licence). Each test is a list of HTTP
requests with the response expected: a status class, a result format
("boolean", "tabular" or "RDF") and, for ASK, the boolean. The requests are
sent as the manifest writes them, with two substitutions the manifest asks
for or allows: its `/sparql/` path becomes this server's `/sparql`, and its
`www.example` authority becomes the loopback server (which answers only
Host headers that name it). Every `ut:graphData` file is loaded into the
named graph its label gives, with `--graph NAME=FILE`.

The endpoint is read-only on purpose, so a test that needs an update to
succeed is an expected failure; the requests that must fail (bad updates
included) are checked like the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree

import httpx
import pyoxigraph as ox
import pytest
from servers import kg_serve

pytestmark = pytest.mark.server

SUITE = Path(__file__).parent / "w3c-protocol"
MANIFEST = SUITE / "manifest.ttl"
PREFIXES = """
PREFIX mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#>
PREFIX ht: <http://www.w3.org/2011/http#>
PREFIX cnt: <http://www.w3.org/2011/content#>
PREFIX ut: <http://www.w3.org/2009/sparql/tests/test-update#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# The media types each expected format may come in (the manifest's comment and
# the protocol's conformance section).
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html"},
}
RDF_FORMATS = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
READ_ONLY = "kg serve is read-only on purpose: SPARQL Update is refused (403), so this cannot pass"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # the first digit of each status class accepted
    form: str | None
    boolean: bool | None

    @property
    def sends_update(self) -> bool:
        kind = self.headers.get("content-type", "")
        body = self.body or b""
        return (
            kind.startswith("application/sparql-update")
            or body.startswith(b"update=")
            or "update=" in self.path
        )


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[Request]
    graphs: dict[str, Path]  # graph name: the file of its triples


def _manifest() -> ox.Store:
    store = ox.Store()
    store.load(path=str(MANIFEST), format=ox.RdfFormat.TURTLE, base_iri=MANIFEST.as_uri())
    return store


def _list(store: ox.Store, head: ox.Node) -> list[ox.Node]:
    """The members of an RDF list, in order."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    items = []
    while head != ox.NamedNode(rdf + "nil"):
        items.append(next(store.quads_for_pattern(head, ox.NamedNode(rdf + "first"), None)).object)
        head = next(store.quads_for_pattern(head, ox.NamedNode(rdf + "rest"), None)).object
    return items


def _one(store: ox.Store, query: str, **terms: ox.Node) -> list[ox.QuerySolution]:
    # pyoxigraph binds only projected variables: the queries say SELECT *.
    bound = {ox.Variable(name): term for name, term in terms.items()}
    return list(store.query(PREFIXES + query, substitutions=bound))


def _request(store: ox.Store, node: ox.Node) -> Request:
    (row,) = _one(
        store,
        """SELECT * WHERE {
            ?r ht:methodName ?method ; ht:absolutePath ?path ; ht:resp ?resp .
            OPTIONAL { ?r ht:body [ cnt:chars ?chars ; cnt:characterEncoding ?encoding ] }
            OPTIONAL { ?resp mf:expectedFormat ?form }
            OPTIONAL { ?resp mf:expectedBoolean ?boolean }
        }""",
        r=node,
    )
    headers = {
        h["name"].value.lower(): h["value"].value
        for h in _one(
            store,
            "SELECT * { ?r ht:headers/rdf:rest*/rdf:first "
            "[ ht:fieldName ?name ; ht:fieldValue ?value ] }",
            r=node,
        )
    }
    statuses = {
        int(s["status"].value.rsplit("StatusCode", 1)[1][0])
        for s in _one(store, "SELECT * { ?r ht:resp/mf:expectedStatus ?status }", r=node)
    }
    body = None
    if row["chars"] is not None:
        body = row["chars"].value.encode(row["encoding"].value)
    return Request(
        method=row["method"].value,
        path=row["path"].value,
        headers=headers,
        body=body,
        statuses=statuses,
        form=row["form"].value if row["form"] is not None else None,
        boolean=row["boolean"].value == "true" if row["boolean"] is not None else None,
    )


def protocol_tests() -> list[ProtocolTest]:
    """Every entry of the manifest, in its order."""
    store = _manifest()
    mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
    (entries,) = store.quads_for_pattern(None, ox.NamedNode(mf + "entries"), None)
    tests = []
    for entry in _list(store, entries.object):
        (about,) = _one(
            store,
            "SELECT * { ?t mf:name ?title ; mf:action/ht:requests ?requests }",
            t=entry,
        )
        graphs = {
            g["label"].value: Path(unquote(urlparse(g["file"].value).path))
            for g in _one(
                store,
                "SELECT * { ?t ut:graphData [ ut:graph ?file ; rdfs:label ?label ] }",
                t=entry,
            )
        }
        requests = [_request(store, node) for node in _list(store, about["requests"])]
        name = entry.value.rsplit("#", 1)[1]
        tests.append(ProtocolTest(name, about["title"].value, requests, graphs))
    return tests


TESTS = protocol_tests()


def _marks(test: ProtocolTest) -> list[pytest.MarkDecorator]:
    needs_update = any(r.sends_update and 2 in r.statuses for r in test.requests)
    return [pytest.mark.xfail(reason=READ_ONLY, strict=True)] if needs_update else []


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The endpoint with every graph the manifest's tests name loaded."""
    graphs = {name: file for test in TESTS for name, file in test.graphs.items()}
    flags = [f for name, file in sorted(graphs.items()) for f in ("--graph", f"{name}={file}")]
    yield from kg_serve("--workers", "2", *flags)


def check_format(response: httpx.Response, request: Request) -> None:
    media = response.headers.get("content-type", "").split(";")[0].strip()
    assert media in FORMATS[request.form], f"{request.form} answer as {media!r}"
    if request.form == "boolean" or request.boolean is not None:
        if media.endswith("json"):
            answer = json.loads(response.content)["boolean"]
        else:
            space = "{http://www.w3.org/2005/sparql-results#}"
            answer = ElementTree.fromstring(response.content).findtext(f"{space}boolean") == "true"
        assert isinstance(answer, bool)
        if request.boolean is not None:
            assert answer is request.boolean
    if request.form == "RDF" and media in RDF_FORMATS:
        list(ox.parse(response.content, format=RDF_FORMATS[media]))  # raises if it is not RDF


@pytest.mark.parametrize("test", [pytest.param(t, id=t.name, marks=_marks(t)) for t in TESTS])
def test_w3c_protocol(server, test):
    with httpx.Client(base_url=server, timeout=30) as client:
        for request in test.requests:
            response = client.request(
                request.method,
                request.path.replace("/sparql/", "/sparql", 1),
                headers=request.headers,
                content=request.body,
            )
            assert response.status_code // 100 in request.statuses, (
                f"{test.title}: {response.status_code} {response.text[:300]}"
            )
            if request.form is not None:
                check_format(response, request)


def test_the_manifest_has_its_34_tests_and_7_need_updates():
    assert len(TESTS) == 34
    assert len([t for t in TESTS if _marks(t)]) == 7
