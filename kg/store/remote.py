"""A remote SPARQL 1.1 endpoint as a Store, and publishing to one.

``RemoteStore`` sends queries with the SPARQL 1.1 Protocol (POST, form
encoded) and reads SPARQL JSON results or N-Triples, so every command works
against Oxigraph server, Fuseki, Virtuoso, GraphDB or QLever. Parameters go in
as a ``VALUES`` block built from parsed terms (kg.store.sparql_text.with_values). The
endpoint must use the union of its named graphs as the default graph
(``oxigraph serve --union-default-graph``; Fuseki ``tdb:unionDefaultGraph``).

``push`` publishes each named graph with the SPARQL 1.1 Graph Store HTTP
Protocol: one PUT per graph, which replaces that graph in one request.

Credentials come from the environment only: ``KG_ENDPOINT_TOKEN`` (bearer),
or ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` (basic, or digest with
``KG_ENDPOINT_AUTH=digest``).
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KGError, QueryError
from kg.store import QueryResult, SelectResult, Store
from kg.store.sparql_text import Term, query_form, with_values
from kg.vocab import sparql_prologue

DEFAULT_TIMEOUT = 60.0


class EndpointError(KGError):
    """A remote endpoint could not be reached or gave an unusable answer."""

    exit_code = 7


def _opener(url: str) -> urllib.request.OpenerDirector:
    user = os.environ.get("KG_ENDPOINT_USER")
    password = os.environ.get("KG_ENDPOINT_PASSWORD", "")
    handlers: list[urllib.request.BaseHandler] = []
    if user and os.environ.get("KG_ENDPOINT_AUTH", "basic") == "digest":
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _headers(accept: str, content_type: str | None = None) -> dict[str, str]:
    headers = {"Accept": accept, "User-Agent": "sahel-kg"}
    if content_type:
        headers["Content-Type"] = content_type
    if token := os.environ.get("KG_ENDPOINT_TOKEN"):
        headers["Authorization"] = f"Bearer {token}"
    elif (user := os.environ.get("KG_ENDPOINT_USER")) and os.environ.get(
        "KG_ENDPOINT_AUTH", "basic"
    ) == "basic":
        secret = f"{user}:{os.environ.get('KG_ENDPOINT_PASSWORD', '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(secret).decode()
    return headers


def _send(request: urllib.request.Request, timeout: float) -> tuple[str, bytes]:
    """Send a request; return (content type, body) or raise EndpointError/QueryError."""
    try:
        with _opener(request.full_url).open(request, timeout=timeout) as response:
            return response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        detail = err.read(2000).decode("utf-8", "replace").strip()
        if err.code == 400:
            raise QueryError(f"the endpoint refused the query: {detail}") from None
        raise EndpointError(
            f"{request.full_url} answered HTTP {err.code} {err.reason}: {detail[:300]}"
        ) from None
    except urllib.error.URLError as err:
        raise EndpointError(f"cannot reach {request.full_url}: {err.reason}") from None
    except TimeoutError:
        raise EndpointError(f"{request.full_url} did not answer within {timeout:g} s") from None
    except OSError as err:
        raise EndpointError(f"{request.full_url}: {err}") from None


def _term(binding: dict) -> Term:
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return ox.Literal(value, language=binding["xml:lang"])
        if "datatype" in binding:
            return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
        return ox.Literal(value)
    raise ValueError(f"unknown binding type {kind!r}")


@dataclass
class RemoteStore(Store):
    """A SPARQL 1.1 Query endpoint, read-only."""

    endpoint: str
    timeout: float = DEFAULT_TIMEOUT

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        text = sparql_prologue() + with_values(sparql, bindings or {}, as_bind=True)
        form = query_form(sparql)
        accept = (
            "application/n-triples"
            if form in ("CONSTRUCT", "DESCRIBE")
            else "application/sparql-results+json"
        )
        request = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode({"query": text}).encode(),
            headers=_headers(accept, "application/x-www-form-urlencoded"),
            method="POST",
        )
        content_type, body = _send(request, self.timeout)
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            document = json.loads(body)
            if "boolean" in document:
                return bool(document["boolean"])
            if form == "ASK":  # Virtuoso answers ASK as a SELECT: one row if true, none if false
                rows = document["results"]["bindings"]
                return bool(rows) and next(iter(rows[0].values()))["value"] in ("1", "true")
            names = document["head"]["vars"]
            rows = [
                tuple(_term(row[n]) if n in row else None for n in names)
                for row in document["results"]["bindings"]
            ]
            return SelectResult(names, rows)
        except (ValueError, KeyError, TypeError, SyntaxError) as err:
            raise EndpointError(
                f"{self.endpoint} did not answer with SPARQL results "
                f"(Content-Type {content_type or 'none'}): {err}"
            ) from None

    def add(self, quads: Iterable[ox.Quad]) -> None:
        raise EndpointError("a remote endpoint is read-only here: publish with `kg push`")

    def __len__(self) -> int:
        result = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(result.rows[0][0].value)


def push_graph(store_endpoint: str, graph: str, ntriples: bytes, timeout: float) -> None:
    """Replace one named graph at a Graph Store Protocol endpoint (one PUT)."""
    url = f"{store_endpoint}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(
        url, data=ntriples, headers=_headers("*/*", "application/n-triples"), method="PUT"
    )
    _send(request, timeout)


def graphs_of(store: Store) -> dict[str, list[ox.Quad]]:
    """All quads of a local store, grouped by named graph."""
    result = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs: dict[str, list[ox.Quad]] = {}
    for g, s, p, o in result.rows:
        graphs.setdefault(g.value, []).append(ox.Quad(s, p, o, g))
    return dict(sorted(graphs.items()))


def push(
    store: Store,
    store_endpoint: str,
    *,
    dry_run: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Publish every named graph of ``store``; return triples sent per graph."""
    sent: dict[str, int] = {}
    for graph, quads in graphs_of(store).items():
        if not dry_run:
            body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
            push_graph(store_endpoint, graph, body.encode("utf-8"), timeout)
        sent[graph] = len(quads)
        if progress:
            progress(graph, len(quads))
    return sent
