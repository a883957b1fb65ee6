"""The HTTP server: a read-only, bounded SPARQL 1.1 Protocol endpoint.

``/sparql`` answers queries sent by GET ``?query=``, POST form or POST
``application/sparql-query``, honours ``default-graph-uri`` and
``named-graph-uri``, and negotiates the result format (SPARQL JSON, XML,
CSV, TSV; Turtle, N-Triples, RDF/XML, JSON-LD). With no query it serves an
offline query page, or a SPARQL 1.1 Service Description to RDF clients.
``/entity/{slug}`` (and ``/id/``, ``/statement/``, ``/source/``,
``/claim/``) resolve the graph's IRIs as an HTML page or RDF. ``/ask?q=``
answers a question in plain English or French (kg/ask/) in a query worker.

The server never changes the store and never fetches a URL: a worker parses
each client query (kg/query/guard.py) and refuses updates, and ``SERVICE``
unless enabled; the workers have no network either. Queries run in worker
processes (kg/server/workers.py) bounded in time, memory and result rows and
bytes (a result past ``--max-bytes`` is cut to the rows that fit, and the
``KG-Result-Cut`` header says so), with a worker kept for quick queries.
Clients are bounded too: the request body in size, headers and body in time
(``--client-timeout``), and the Host header must name this server
(``--allowed-host``, loopback names by default), so a page on another site
cannot reach a loopback server through DNS rebinding. Every HTML page carries
a Content-Security-Policy. One exception handler maps errors to status
codes. Answers to repeated identical requests come from a bounded LRU cache
(``--cache``; the store cannot change while the server runs). ``serve`` runs
the app in one process or, with ``--processes``, in several on one port
(kg/server/processes.py).
"""

from __future__ import annotations

import asyncio
import codecs
import html
import logging
import secrets
import signal
import socket
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache, partial
from multiprocessing.connection import Connection
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.datastructures import URL
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import (
    BadDate,
    BadParameter,
    BadQuestion,
    BadRequest,
    BodyTooLarge,
    DataError,
    EmptyGraph,
    KGError,
    NoPath,
    NotAcceptable,
    QueryError,
    Refused,
    ResultTooLarge,
    SlowRequest,
    Unavailable,
    UnknownEntity,
    UnknownQuery,
    UnsupportedMediaType,
    ValidationFailed,
)
from kg.resources import PACKAGE_DIR, internal_query
from kg.server.processes import Followers, follow, listening_socket
from kg.server.workers import (
    GRAPH_TYPES,
    RESULT_TYPES,
    Answer,
    AskJob,
    Busy,
    Job,
    OutOfMemory,
    Overrun,
    QueryPolicy,
    Staged,
    ViewJob,
    WorkerGone,
    WorkerPool,
    negotiate,
)
from kg.store.sparql_text import Term
from kg.vocab import BASE

log = logging.getLogger("kg.server")

SHARED = PACKAGE_DIR / "assets"
ASSETS = SHARED / "server"
VENDOR = SHARED / "vendor"
# Path prefixes under which the graph's own IRIs resolve (BASE + prefix + slug).
RESOURCE_KINDS = ("id", "statement", "source", "claim")


# The names a browser uses for a loopback server: the Host headers served by default.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
# Addresses that listen on every interface and so name no host a client would send.
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")
# The header saying an answer was cut at --max-bytes, and why.
CUT_HEADER = "KG-Result-Cut"


# One table from error kinds to HTTP status codes; the most specific class wins.
STATUS: dict[type[Exception], int] = {
    QueryError: 400,
    BadParameter: 400,
    BadQuestion: 400,
    BadDate: 400,
    BadRequest: 400,
    Refused: 403,
    UnknownEntity: 404,
    UnknownQuery: 404,
    NoPath: 404,
    EmptyGraph: 404,
    NotAcceptable: 406,
    SlowRequest: 408,
    BodyTooLarge: 413,
    UnsupportedMediaType: 415,
    ResultTooLarge: 422,
    DataError: 500,
    ValidationFailed: 500,
    Unavailable: 503,
}


def status_of(error: Exception) -> int:
    """The HTTP status for an error: its class's, or its nearest ancestor's, else 400."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


async def error_response(request: Request, error: Exception) -> Response:
    """The single handler turning a user error into a status and a one-line message."""
    status = status_of(error)
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    if status == 408:  # the rest of the body may still come: it must not read as a request
        headers["Connection"] = "close"
    return PlainTextResponse(f"{error}\n", status_code=status, headers=headers)


@dataclass
class ServerConfig:
    """What ``kg serve`` was started with."""

    store_path: Path
    timeout: float = 10.0
    max_rows: int = 10_000
    max_bytes: int = 4 << 20  # a result is cut to the whole rows that fit
    max_body: int = 1 << 20
    allow_service: bool = False
    cors: tuple[str, ...] = ()
    workers: int = 2  # query worker processes, in each server process
    processes: int = 1  # server processes answering HTTP on one socket, each with its workers
    cache: int = 1000  # answers kept for repeated identical requests; 0: no cache
    worker_memory: int = 1024  # MiB of data a query worker may hold; 0: no limit
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES  # Host header values served
    client_timeout: float = 5.0  # seconds a client has for its headers, and for its body
    base: str | None = None  # relative IRIs in queries resolve against it; None: the endpoint
    rebuild: Callable[[], Path] | None = None  # on SIGHUP: build again, return the store


def config_for_data(
    data: Sequence[Path],
    host: str,
    *,
    allowed_hosts: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    **limits: Any,
) -> ServerConfig:
    """The configuration serving the bundled data plus ``data`` on ``host``.

    The store is built now, and again on SIGHUP (``rebuild``); the store
    served and the one before it stay held while their last queries end.
    Requests are answered when their Host header is a loopback name, ``host``
    (unless it listens on every address) or one of ``allowed_hosts``;
    ``limits`` are the other ServerConfig fields (timeout, max_rows, ...).
    """
    from kg.build import build
    from kg.changes import last_changes

    built = build(data, progress=progress)
    held = [built]  # the builds whose stores are served (each holds its store's lease)
    last_changes()  # read data/'s history now, so workers' fact sheets find it kept

    def rebuild() -> Path:
        result = build(data)
        last_changes()
        held.append(result)
        del held[:-2]  # the store served and the one before, while its last jobs end
        return result.path

    named = () if host in WILDCARD_ADDRESSES else (host,)
    return ServerConfig(
        store_path=built.path,
        allowed_hosts=(*LOOPBACK_NAMES, *named, *allowed_hosts),
        rebuild=rebuild,
        **limits,
    )


# ---------------------------------------------------------------- requests


async def read_body(request: Request, limit: int, seconds: float = 5.0) -> bytes:
    """The request body, refused past ``limit`` bytes without reading it all, or
    if it has not all arrived within ``seconds``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"the request body is {declared} bytes; this server takes {limit}")
    chunks, size = [], 0
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge(
                        f"the request body exceeds {limit} bytes, this server's limit"
                    )
                chunks.append(chunk)
    except TimeoutError:
        raise SlowRequest(
            f"the request body did not arrive within {seconds:g} s (--client-timeout)"
        ) from None
    return b"".join(chunks)


def parse_form(data: bytes) -> dict[str, list[str]]:
    """URL-encoded pairs, strictly UTF-8; broken encoding is a BadRequest.

    >>> parse_form(b"query=ASK+%7B%7D&x=&query=%C3%A9")
    {'query': ['ASK {}', 'é'], 'x': ['']}
    """
    params: dict[str, list[str]] = {}
    try:
        for pair in data.split(b"&"):
            if not pair:
                continue
            name, _, value = pair.partition(b"=")
            params.setdefault(_unquote(name), []).append(_unquote(value))
    except (UnicodeDecodeError, ValueError) as err:
        raise BadRequest(f"the parameters are not valid UTF-8 URL encoding: {err}") from None
    if len(params) > 100:
        raise BadRequest("too many parameters")
    return params


def _unquote(part: bytes) -> str:
    r"""Form-decode one name or value (``+`` and ``%XX``), then read it as UTF-8.

    ``%XX`` becomes ``\xXX`` for the C escape decoder, about five times
    faster than urllib's loop on a query full of escaped PREFIX lines; input
    it rejects (a stray ``%``) takes urllib's lenient path.

    >>> _unquote(b"a+%3C%C3%A9%3E+%5Cx41")
    'a <é> \\x41'
    >>> _unquote(b"100%+sure%21")
    '100% sure!'
    """
    plain = part.replace(b"+", b" ")
    try:
        decoded = codecs.escape_decode(plain.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
    except ValueError:
        decoded = unquote_to_bytes(plain)
    return decoded.decode("utf-8")


def _media(header: str) -> tuple[str, str | None]:
    media, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


async def request_body(request: Request, config: ServerConfig) -> bytes:
    """A POST's body (bounded), refusing an update before reading it; b"" for GET."""
    if request.method != "POST":
        return b""
    media, _ = _media(request.headers.get("content-type", ""))
    if media == "application/sparql-update":
        raise Refused("this endpoint is read-only: SPARQL Update is refused")
    return await read_body(request, config.max_body, config.client_timeout)


def protocol_parameters(request: Request, body: bytes) -> dict[str, list[str]]:
    """The protocol's parameters from the URL and, for POST, the body."""
    params = parse_form(request.scope.get("query_string", b""))
    if request.method != "POST":
        return params
    media, charset = _media(request.headers.get("content-type", ""))
    if media == "application/x-www-form-urlencoded":
        for name, values in parse_form(body).items():
            params.setdefault(name, []).extend(values)
    elif media == "application/sparql-query":
        if charset not in (None, "utf-8", "utf8", "us-ascii"):
            raise UnsupportedMediaType(f"send the query in UTF-8, not {charset}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            raise BadRequest(f"the query is not valid UTF-8: {err}") from None
        params.setdefault("query", []).append(text)
    else:
        raise UnsupportedMediaType(
            f"POST a query as application/sparql-query or application/x-www-form-urlencoded,"
            f" not {media or 'no Content-Type'}"
        )
    return params


def _graph_iris(params: Mapping[str, list[str]], name: str) -> list[str] | None:
    if name not in params:
        return None
    for iri in params[name]:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise BadRequest(f"{name} {iri!r} is not an absolute IRI") from None
    return params[name]


# ---------------------------------------------------------------- answering


def _pool(request: Request) -> WorkerPool:
    return request.app.state.pool


def _config(request: Request) -> ServerConfig:
    return request.app.state.config


async def ask_worker(request: Request, job: Job | ViewJob | AskJob) -> Answer:
    """Run a job in the pool, turning every way it can fail into a KGError."""
    try:
        answer = await _pool(request).run(job)
    except Busy as err:
        raise Unavailable(f"{err}; retry in {err.retry_after} s", err.retry_after) from None
    except (Overrun, OutOfMemory, WorkerGone) as err:
        raise Unavailable(str(err)) from None
    if answer.raised is not None:
        raise answer.raised
    if answer.error == "refused":
        raise Refused(answer.message)
    if answer.error == "syntax" or answer.error == "failed":
        raise QueryError(answer.message)
    if answer.error == "too-large":
        raise ResultTooLarge(answer.message)
    if answer.error == "not-acceptable":
        raise NotAcceptable(answer.message)
    return answer


async def select_rows(
    request: Request, query: str, bindings: Mapping[str, Term], trusted: bool = True
) -> Answer:
    """Rows of terms for a page (not for clients, so no format). ``trusted``:
    the text is the server's own; a client's text is parsed and checked first."""
    job = Job(
        query, bindings=bindings, max_rows=_config(request).max_rows, rows=True, trusted=trusted
    )
    return await ask_worker(request, job)


async def run_query(
    request: Request, text: str, params: Mapping[str, list[str]], base: str | None
) -> Response:
    """Answer one protocol query in the negotiated format.

    The worker parses the text, refuses updates and SERVICE (unless allowed),
    and answers in the format the Accept header prefers.
    """
    job = Job(
        text,
        accept=request.headers.get("accept"),
        default_graphs=_graph_iris(params, "default-graph-uri"),
        named_graphs=_graph_iris(params, "named-graph-uri"),
        base=base,
        max_rows=_config(request).max_rows,
        max_bytes=_config(request).max_bytes,
    )
    return answer_response(await ask_worker(request, job))


def base_iri(request: Request) -> str | None:
    """The IRI a query's relative IRIs resolve against: ``kg serve --base``, else
    the endpoint's own URL (the protocol's suggestion), else none if the Host
    header makes no IRI."""
    if configured := _config(request).base:
        return configured
    scope = request.scope
    host = next((value for name, value in scope["headers"] if name == b"host"), None)
    server = tuple(scope["server"]) if scope.get("server") else None
    return _endpoint_iri(scope.get("scheme", "http"), server, scope["path"], host)


@lru_cache(maxsize=256)
def _endpoint_iri(
    scheme: str, server: tuple[str, int] | None, path: str, host: bytes | None
) -> str | None:
    """The URL a request names the endpoint by, checked as an IRI; a server sees
    few such names (each route's path under the Host names it answers to), so
    each is worked out once."""
    scope = {"scheme": scheme, "server": server, "path": path, "query_string": b""}
    scope["headers"] = [(b"host", host)] if host is not None else []
    try:
        return ox.NamedNode(str(URL(scope=scope))).value
    except ValueError:
        return None


def answer_response(answer: Answer) -> Response:
    """A worker's answer as sent: a cut answer says why in ``KG-Result-Cut``."""
    headers = {"Vary": "Accept"}
    if answer.cut:
        headers[CUT_HEADER] = answer.cut
    return Response(answer.body, media_type=answer.media_type, headers=headers)


class ResponseCache:
    """Answers to repeated identical requests, the least recently used dropped first.

    The server's store is a read-only folder (a rebuild writes a new one), so
    an answer cannot change until the server switches stores on SIGHUP, which
    clears the cache. The key is
    the request as sent (method, URL parameters, Content-Type, body, Accept),
    so nothing is parsed on a hit; only successful query answers are kept,
    each at most ``max_answer`` bytes, all together at most ``max_bytes``.

    >>> cache = ResponseCache(entries=2)
    >>> cache.put("a", "text/csv", b"1"); cache.put("b", "text/csv", b"2")
    >>> cache.get("a")
    ('text/csv', b'1')
    >>> cache.put("c", "text/csv", b"3")  # "b" was used least recently
    >>> cache.get("b") is None, len(cache)
    (True, 2)
    """

    def __init__(self, entries: int, max_bytes: int = 64 << 20, max_answer: int = 1 << 20):
        self.entries, self.max_bytes, self.max_answer = entries, max_bytes, max_answer
        self._answers: OrderedDict[Any, tuple[str, bytes]] = OrderedDict()
        self._bytes = 0

    def clear(self) -> None:
        """Forget every answer (the store changed)."""
        self._answers.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: Any) -> tuple[str, bytes] | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: Any, media_type: str, body: bytes) -> None:
        if len(body) > self.max_answer or key in self._answers:
            return
        self._answers[key] = (media_type, body)
        self._bytes += len(body)
        while len(self._answers) > self.entries or self._bytes > self.max_bytes:
            _, (_, dropped) = self._answers.popitem(last=False)
            self._bytes -= len(dropped)


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint."""
    body = await request_body(request, _config(request))
    cache: ResponseCache | None = request.app.state.cache
    headers = request.headers
    base = base_iri(request)
    key = (
        request.method,
        request.scope.get("query_string", b""),
        headers.get("content-type"),
        body,
        headers.get("accept"),
        base,  # the same relative IRI names another thing under another base
    )
    if cache is not None and (hit := cache.get(key)) is not None:
        return Response(hit[1], media_type=hit[0], headers={"Vary": "Accept"})
    params = protocol_parameters(request, body)
    if "update" in params:
        raise Refused("this endpoint is read-only: SPARQL Update is refused")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise BadRequest(f"send one query parameter; this request has {len(queries)}")
    accept = headers.get("accept")
    if not queries:
        if request.method == "POST":
            raise BadRequest("no query: send it as the query parameter or the request body")
        return await describe_service(request)
    offered = [*RESULT_TYPES, *GRAPH_TYPES, "text/html"]
    if request.method == "GET" and negotiate(offered, accept) == "text/html":
        return await query_page(request, queries[0])
    response = await run_query(request, queries[0], params, base)
    if cache is not None and CUT_HEADER not in response.headers:
        cache.put(key, response.media_type, response.body)
    return response


# ---------------------------------------------------------------- pages


@cache
def asset(name: str) -> str:
    """A page template from kg/assets/server/."""
    return (ASSETS / name).read_text(encoding="utf-8")


# The query page loads only its own files: no inline script, no other origin. The
# editor's injected style sheet is admitted by a nonce fresh for each page.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; "
    "connect-src 'self'; frame-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
# A page of text and links (an unknown name's choices, the ask page): its own
# style sheet, admitted by a nonce.
TEXT_PAGE_CSP = (
    "default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
NOSNIFF = (b"x-content-type-options", b"nosniff")  # a browser reads no other type into a body
# What any other HTML answer may do: nothing but show itself.
FALLBACK_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
# The files the query page loads, by the name it asks for: a fixed list, no path walking.
# The page itself (query-page.*, page-text.js) is the portable explorer's too.
STATIC = {
    "query.js": (ASSETS / "query.js", "text/javascript; charset=utf-8"),
    "query.css": (ASSETS / "query.css", "text/css; charset=utf-8"),
    "query-page.js": (SHARED / "query-page.js", "text/javascript; charset=utf-8"),
    "query-page.css": (SHARED / "query-page.css", "text/css; charset=utf-8"),
    "page-text.js": (SHARED / "page-text.js", "text/javascript; charset=utf-8"),
    "codemirror.min.js": (VENDOR / "codemirror" / "codemirror.min.js", "text/javascript"),
}


def _local_store(request: Request):
    """A read-only store in the server's process, opened once, for what the
    pages read of the store themselves (the query page's names and citations)."""
    from kg.store import OxigraphStore

    state = request.app.state
    path = _pool(request).store_path
    if getattr(state, "local_store", None) is None or state.local_store.path != path:
        state.local_store = OxigraphStore.read_only(path)
    return state.local_store


async def query_page(request: Request, query: str = "") -> HTMLResponse:
    """The query page (kg/query/page.py), with ``query`` in its SPARQL editor.

    What the page reads from Python (named queries, names, citations) is
    worked out once per store and embedded in every page."""
    from kg.query.page import page_data, page_markup
    from kg.views.drawing import script_json

    state = request.app.state
    path = _pool(request).store_path
    if getattr(state, "page_data", (None, ""))[0] != path:
        from starlette.concurrency import run_in_threadpool

        data = await run_in_threadpool(page_data, _local_store(request))
        state.page_data = (path, script_json(data))
    nonce = secrets.token_urlsafe(18)
    page = Template(asset("query.html")).substitute(
        page=page_markup(query), data=state.page_data[1], nonce=nonce
    )
    csp = PAGE_CSP.format(nonce=nonce)
    return HTMLResponse(page, headers={"Content-Security-Policy": csp, "Cache-Control": "no-store"})


async def home(request: Request) -> Response:
    params = parse_form(request.scope.get("query_string", b""))
    return await query_page(request, params.get("query", [""])[0])


async def static(request: Request) -> Response:
    """The query page's script, style sheet and vendored editor."""
    name = request.path_params["name"]
    if name not in STATIC:
        raise UnknownQuery(f"no asset {name!r}")
    path, media = STATIC[name]
    body = _static_bytes(path)
    return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


@cache
def _static_bytes(path: Path) -> bytes:
    return path.read_bytes()


_SD = "http://www.w3.org/ns/sparql-service-description#"


async def describe_service(request: Request) -> Response:
    """The query page for browsers; a SPARQL 1.1 Service Description for RDF clients."""
    media = negotiate(["text/html", *GRAPH_TYPES], request.headers.get("accept"))
    if media is None:
        raise NotAcceptable("this page can be sent as text/html or as RDF (text/turtle, ...)")
    if media == "text/html":
        return await query_page(request)
    graphs = await select_rows(request, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", {})
    try:
        endpoint = ox.NamedNode(str(request.url.replace(query="")))
    except ValueError:
        raise BadRequest("the request's Host header does not make a valid IRI") from None

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(_SD + name)

    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        ox.Triple(service, a, sd("Service")),
        ox.Triple(service, sd("endpoint"), endpoint),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, a, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, a, sd("Graph")),
    ]
    formats = [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML]
    formats += [ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV, *GRAPH_TYPES.values()]
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(f.iri)) for f in formats]
    for (graph,) in graphs.rows:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, a, sd("NamedGraph")),
            ox.Triple(named, sd("name"), graph),
        ]
    fmt = GRAPH_TYPES[media]
    body = ox.serialize(
        triples, format=fmt, prefixes={"sd": _SD} if fmt.name != "JSON-LD" else None
    )
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def as_of_day(request: Request) -> date | None:
    """The day ``?as_of=`` names (YYYY, YYYY-MM or YYYY-MM-DD: its first day);
    BadDate for one that is no date."""
    from kg.temporal import PartialDate

    text = request.query_params.get("as_of")
    return PartialDate.parse(text).day if text else None


def local_link(iri: str) -> str | None:
    """The server path where a graph IRI resolves, if it is one of ours."""
    if not iri.startswith(BASE):
        return None
    kind, _, slug = iri[len(BASE) :].partition("/")
    return f"/{kind}/{slug}" if kind in RESOURCE_KINDS and slug else None


async def resource(request: Request) -> Response:
    """Any IRI of the graph: its fact sheet as HTML (``?as_of=``, ``?lang=fr``), or RDF.

    ``/entity/NAME`` takes any name the CLI takes (a slug, a label, a surname);
    an unknown or ambiguous one gets a page of what it may mean (404, or 300).
    """
    kind = request.url.path.strip("/").split("/")[0]
    slug = request.path_params["slug"]
    namespace = BASE + ("id" if kind == "entity" else kind) + "/"
    media = negotiate(["text/html", *GRAPH_TYPES], request.headers.get("accept"))
    if media is None:
        raise NotAcceptable("an entity can be sent as text/html, text/turtle, ... or JSON-LD")
    if media == "text/html":
        as_of = as_of_day(request)
        language = "fr" if request.query_params.get("lang") == "fr" else "en"
        name = slug if kind == "entity" else namespace + slug
        job = ViewJob("entity", (name,), as_of=as_of, language=language)
        try:
            answer = await ask_worker(request, job)
        except UnknownEntity as err:
            return choices_page(slug, err)
        csp = f"{answer.policy}; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
        return HTMLResponse(answer.body, headers={"Vary": "Accept", "Content-Security-Policy": csp})
    try:
        iri = ox.NamedNode(namespace + slug)
    except ValueError:
        raise BadRequest(f"{slug!r} cannot be part of an IRI") from None
    bindings = {"entity": iri}
    facts = await select_rows(request, internal_query("entity-facts"), bindings)
    if not facts.rows:
        raise UnknownEntity(f"nothing in the graph has the IRI <{iri.value}>")
    job = Job(
        internal_query("entity-description"),
        accept=media,
        bindings=bindings,
        max_rows=_config(request).max_rows,
        max_bytes=_config(request).max_bytes,
        trusted=True,
    )
    return answer_response(await ask_worker(request, job))


def choices_page(name: str, error: UnknownEntity) -> HTMLResponse:
    """What an unknown (404) or ambiguous (300) name may mean, as links to their sheets."""
    choices = getattr(error, "choices", [])
    ambiguous = len(choices) > 1 and "ambiguous" in str(error)
    items = "\n".join(
        f'<li><a href="{html.escape(local_link(c["iri"]) or "")}">{html.escape(c["label"])}</a>'
        f" <code>{html.escape(c['id'])}</code></li>"
        for c in choices
        if local_link(c["iri"])
    )
    nonce = secrets.token_urlsafe(18)
    page = Template(asset("choices.html")).substitute(
        nonce=nonce,
        name=html.escape(name),
        message=html.escape(str(error)),
        heading="Which one?" if ambiguous else "Not in the graph",
        items=items or "<li>No near match.</li>",
    )
    csp = TEXT_PAGE_CSP.format(nonce=nonce)
    return HTMLResponse(
        page, status_code=300 if ambiguous else 404, headers={"Content-Security-Policy": csp}
    )


# ---------------------------------------------------------------- views


async def view(request: Request) -> Response:
    """The interactive views of `kg view` (overview, ego, path, map, timeline, and a
    CONSTRUCT drawn with ?query=), with ?as_of=. Each is drawn by a query worker, under
    the same time limit as any query; a client's CONSTRUCT is checked like a
    protocol query and capped at --max-rows triples."""
    as_of = as_of_day(request)
    kind = request.path_params["kind"]
    max_rows = _config(request).max_rows
    if kind == "query":
        queries = parse_form(request.scope.get("query_string", b"")).get("query", [])
        if len(queries) != 1:
            raise BadRequest("give one CONSTRUCT query as ?query=")
        job = ViewJob("query", (queries[0],), max_rows=max_rows)
    elif kind in ("overview", "map"):
        job = ViewJob(kind, as_of=as_of)
    elif kind == "timeline":
        actor = request.path_params.get("rest")
        job = ViewJob("timeline", (actor,) if actor else (), as_of=as_of)
    elif kind == "ego":
        depth_text = request.query_params.get("depth", "1")
        if not depth_text.isdigit():
            raise BadParameter(f"depth={depth_text!r}: give a whole number")
        job = ViewJob("ego", (request.path_params["rest"],), int(depth_text), as_of)
    elif kind == "path":
        ends = request.path_params["rest"].split("/")
        if len(ends) != 2:
            raise BadRequest("use /view/path/{a}/{b}")
        job = ViewJob("path", (ends[0], ends[1]), as_of=as_of)
    else:
        raise UnknownQuery(f"no view {kind!r}: use overview, ego, path, map, timeline or query")
    answer = await ask_worker(request, job)
    csp = f"{answer.policy}; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    return HTMLResponse(answer.body, headers={"Content-Security-Policy": csp})


async def ask_question(request: Request) -> Response:
    """A question in plain words (``?q=``, ``&lang=``), answered by a query worker
    under the same time limit as a query: an HTML page, or JSON for
    ``Accept: application/json`` or ``format=json``. A question that cannot be
    answered as asked is 400, with what to change and questions that work."""
    from kg.ask.page import error_json, render_answer, render_form

    params = parse_form(request.scope.get("query_string", b""))
    questions, languages = params.get("q", []), params.get("lang", ["auto"])
    wants_json = params.get("format", [""])[0] == "json" or (
        negotiate(["text/html", "application/json"], request.headers.get("accept"))
        == "application/json"
    )
    nonce = secrets.token_urlsafe(18)
    headers = {"Content-Security-Policy": TEXT_PAGE_CSP.format(nonce=nonce), "Vary": "Accept"}
    if not questions and not wants_json:
        return HTMLResponse(render_form(nonce), headers=headers)
    try:
        if len(questions) != 1 or len(languages) != 1:
            raise BadQuestion("give one question as ?q= (and at most one &lang=)")
        answer = await ask_worker(request, AskJob(questions[0], languages[0]))
    except BadQuestion as err:
        if wants_json:
            return JSONResponse(error_json(err), status_code=400)
        page = render_answer(nonce, questions[0] if questions else "", error=err)
        return HTMLResponse(page, status_code=400, headers=headers)
    if wants_json:
        return JSONResponse(answer.asked.as_json())
    return HTMLResponse(render_answer(nonce, questions[0], answer.asked), headers=headers)


# ---------------------------------------------------------------- guards


def host_name(header: str) -> str:
    """The name in a Host header: lower case, without its port or IPv6 brackets.

    >>> host_name("LocalHost:8000"), host_name("[::1]:80"), host_name("example.org")
    ('localhost', '::1', 'example.org')
    """
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.partition(":")[0]


def host_allowed(name: str, allowed: Sequence[str]) -> bool:
    """Whether the server answers to a Host name: one listed, one under a listed
    ``*.domain``, or any if ``*`` is listed.

    >>> host_allowed("api.example.org", ["*.example.org"]), host_allowed("evil.example", ["::1"])
    (True, False)
    """
    for pattern in allowed:
        pattern = pattern.strip().lower().strip("[]")
        if pattern in ("*", name) or (pattern.startswith("*.") and name.endswith(pattern[1:])):
            return True
    return False


class Guard:
    """What every request and answer passes (an ASGI middleware, outermost).

    A request whose Host header names no host the server answers to is
    refused (400) before any route sees it: a page on another site can point
    its own name at 127.0.0.1 (DNS rebinding), but the browser still sends
    that name. Every answer gets ``X-Content-Type-Options: nosniff``, and an
    HTML answer whose route set no Content-Security-Policy gets a strict one.
    """

    def __init__(self, app: Any, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = next((value for name, value in scope["headers"] if name == b"host"), None)
        host = host_name(raw.decode("latin-1")) if raw is not None else None
        if host is not None and not host_allowed(host, self.allowed_hosts):
            shown = host[:100].encode("ascii", "backslashreplace").decode()
            refusal = PlainTextResponse(
                f"this server does not answer to the host {shown!r}: start it with "
                f"--allowed-host {shown or 'NAME'} if that name is meant to reach it\n",
                status_code=400,
            )
            await refusal(scope, receive, send)
            return

        async def send_guarded(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", ()), NOSNIFF]
                names = {name.lower(): value for name, value in headers}
                html_page = names.get(b"content-type", b"").startswith(b"text/html")
                if html_page and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", FALLBACK_CSP.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_guarded)


def http_protocol(header_seconds: float) -> type:
    """uvicorn's HTTP protocol (httptools), closing a connection whose request
    headers have not all arrived ``header_seconds`` after it opened or after
    its request began: a client that never finishes its headers holds no
    connection for long. (Between requests uvicorn's keep-alive timeout
    applies; the body has its own deadline in ``read_body``.)"""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class HeaderDeadline(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if self._deadline is None:
                self._arm()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._deadline = self.loop.call_later(header_seconds, self._late)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _late(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.write(
                    b"HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n"
                    b"content-length: 0\r\n\r\n"
                )
                self.transport.close()

    return HeaderDeadline


# ---------------------------------------------------------------- the app


async def reload_store(app: Starlette) -> None:
    """Build the store again from the server's data (on SIGHUP) and switch to it
    if it changed, in every server process together; requests keep being
    answered meanwhile. Says what it did on stderr; a failed build or switch
    leaves the current store in place."""
    config, pool, followers = app.state.config, app.state.pool, app.state.followers
    log.warning("reloading: building the store from the data again")
    try:
        path = await asyncio.to_thread(config.rebuild)
        if path == pool.store_path:
            log.warning("reloading: the data has not changed; still serving %s", path.name)
            return
        staged = await pool.prepare(path)
        if followers is not None:
            try:
                await followers.prepare(path)
            except RuntimeError:
                pool.abandon(staged)
                raise
            followers.commit()
        switch_to(app, staged)
    except (KGError, OSError, RuntimeError) as err:
        log.error("reloading failed, still serving %s: %s", pool.store_path.name, err)
        return
    log.warning("reloading: now serving %s", path.name)


def switch_to(app: Starlette, staged: Staged) -> None:
    """Serve a prepared store from now on, forgetting the answers of the old one."""
    app.state.pool.commit(staged)
    if app.state.cache is not None:
        app.state.cache.clear()


def create_app(
    config: ServerConfig, followers: Followers | None = None, leader: Connection | None = None
) -> Starlette:
    """The Starlette app; its lifespan starts and stops the query workers, and
    the other server processes (``followers``) when it leads them, or follows
    the ``leader``'s store switches."""

    @asynccontextmanager
    async def lifespan(app: Starlette):
        memory = config.worker_memory << 20 if config.worker_memory else None
        policy = QueryPolicy(allow_service=config.allow_service, memory=memory)
        pool = WorkerPool(config.store_path, config.workers, config.timeout, policy)
        app.state.pool = pool
        try:
            await pool.start()
            if followers is not None:
                await followers.start()
            if leader is not None:
                follow(leader, pool.prepare, partial(switch_to, app), pool.abandon)
            if config.rebuild is not None:
                loop = asyncio.get_running_loop()
                reloads: set[asyncio.Task[None]] = set()

                def on_hangup() -> None:
                    task = loop.create_task(reload_store(app))
                    reloads.add(task)
                    task.add_done_callback(reloads.discard)

                loop.add_signal_handler(signal.SIGHUP, on_hangup)
            yield
        finally:
            if followers is not None:
                await asyncio.to_thread(followers.stop)
            await pool.close()

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/assets/{name}", static, methods=["GET"]),
        Route("/entity/{slug}", resource, methods=["GET"]),
        Route("/ask", ask_question, methods=["GET"]),
        Route("/view/{kind}", view, methods=["GET"]),
        Route("/view/{kind}/{rest:path}", view, methods=["GET"]),
        *(Route(f"/{kind}/{{slug}}", resource, methods=["GET"]) for kind in RESOURCE_KINDS),
    ]
    middleware = [Middleware(Guard, allowed_hosts=config.allowed_hosts)]
    if config.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=[CUT_HEADER],
            )
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={KGError: error_response},
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.followers = followers
    app.state.cache = ResponseCache(config.cache) if config.cache > 0 else None
    return app


def serve(config: ServerConfig, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the server until interrupted: ``config.processes`` processes
    answering on one socket bound to ``host``:``port``."""
    sock = listening_socket(host, port)
    followers = Followers(config, sock, config.processes - 1) if config.processes > 1 else None
    run_app(config, sock, followers=followers)


def run_app(
    config: ServerConfig,
    sock: socket.socket,
    *,
    followers: Followers | None = None,
    leader: Connection | None = None,
) -> None:
    """Run the app in this process with uvicorn on ``sock`` until interrupted."""
    import uvicorn

    settings = uvicorn.Config(
        create_app(config, followers, leader),
        http=http_protocol(config.client_timeout),
        log_level="warning",
        access_log=False,
    )
    uvicorn.Server(settings).run(sockets=[sock])
