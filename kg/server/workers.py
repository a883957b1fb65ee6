"""Query workers for the server: separate processes that can be killed.

A pyoxigraph query cannot be cancelled from another thread, so the server
runs every query in a pool of worker processes (``spawn`` context), each
holding its own read-only handle on the persisted store. A query that
overruns its time is answered 503 and its worker is killed and replaced
while the other workers keep serving. Each worker's memory is bounded too
(``RLIMIT_DATA``): a query that needs more makes the engine abort, and the
server answers 503 naming the limit and starts a new worker.

Long queries cannot starve quick ones: with two workers or more, one is kept
for quick queries. A query takes one of the other workers if one is free;
when all of those are busy, a query that answered in under ``CHEAP`` seconds
before, or that looks like a lookup (``kg.query.guard.looks_quick``, checked
by the worker as it parses), runs on the kept worker within ``LANE_SECONDS``.
Anything else waits in a short queue: at most ``QUEUE_PER_WORKER`` waiting
jobs per worker, each at most the query timeout, then 503 with a
Retry-After.

A hand-off to a worker costs more than a point lookup itself, so a job that
a worker answered in under ``QUICK`` seconds is remembered (same text,
bindings, dataset, format and row cap) and answered from then on in the
server's process. That is safe because the store is read-only for the
server's life: the same job on the same data does the same work. A job that
ever takes longer there than ``QUICK_LIMIT`` goes back to the workers.

This module also holds what a worker needs to answer: content negotiation
for the SPARQL 1.1 Protocol and the result serialisers, capped at a number
of rows (refused past it) and of bytes (cut to the whole rows that fit, the
answer saying so), so one query cannot make an unbounded response.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing
import os
import pickle
import resource
import signal
import socket
import struct
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, QueryError, Refused, UnknownQuery
from kg.query.formats import boolean_bytes, json_document, json_rows, solutions_bytes
from kg.query.guard import QueryShape, check_query
from kg.store.sparql_text import Term, syntax_message, with_values
from kg.vocab import PREFIXES

log = logging.getLogger("kg.server")
QUICK = 0.002  # seconds: a job a worker answers this fast may run in the server's process
QUICK_LIMIT = 0.02  # seconds: a remembered job slower than this goes back to the workers
KNOWN_JOBS = 4096  # how many jobs' times are remembered (least recently used dropped)
CHEAP = 0.25  # seconds: a job that answered this fast may use the worker kept for quick ones
LANE_SECONDS = 1.0  # the most a job may run on the worker kept for quick ones
QUEUE_PER_WORKER = 4  # jobs that may wait for a worker, per worker; more are answered 503

# Media types a client may ask for, best first; the first is the default.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# Other names clients use for the same formats.
ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
}
# How many times smaller than its terms' values a graph format may write them, at most
# for practical purposes: the floor for stopping early when a graph passes --max-bytes.
GRAPH_SHRINK = 16
SELECT_FORMS = frozenset({"SELECT", "ASK"})
CLONE_NEWNET, CLONE_NEWUSER = 0x40000000, 0x10000000  # unshare(2) flags, <sched.h>


@dataclass(frozen=True)
class QueryPolicy:
    """What the workers let a client's query do."""

    allow_service: bool = False  # federated SERVICE calls, and so network access
    memory: int | None = None  # bytes of data (RLIMIT_DATA) a worker may hold; None: no limit


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def negotiate(offered: Sequence[str], accept: str | None) -> str | None:
    """The offered media type the Accept header prefers, or None if it accepts none.

    The most specific matching range sets each type's quality; ties go to
    the more specific match, then to the order of ``offered``.

    >>> negotiate(["a/x", "b/y"], None)
    'a/x'
    >>> negotiate(["a/x", "b/y"], "b/*, */*;q=0.1")
    'b/y'
    >>> negotiate(["a/x", "b/y"], "text/html") is None
    True
    """
    return _negotiate(tuple(offered), accept)


@lru_cache(maxsize=512)
def _negotiate(offered: tuple[str, ...], accept: str | None) -> str | None:
    """``negotiate``, worked out once per Accept header: clients send few."""
    if not accept or not accept.strip():
        return offered[0]
    ranges = _accept_ranges(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, media in enumerate(offered):
        kind = media.split("/")[0]
        names = {media, *(alias for alias, target in ALIASES.items() if target == media)}
        match: tuple[float, int] | None = None
        for pattern, q in ranges:
            if pattern in names:
                specificity = 2
            elif pattern == f"{kind}/*":
                specificity = 1
            elif pattern == "*/*":
                specificity = 0
            else:
                continue
            if match is None or specificity > match[1]:
                match = (q, specificity)
        if match is None or match[0] <= 0:
            continue
        score = (match[0], match[1], -index)
        if best is None or score > best:
            best, chosen = score, media
    return chosen


def offered_types(form: str) -> list[str]:
    """The media types an answer of this query form can take."""
    return list(RESULT_TYPES if form in SELECT_FORMS else GRAPH_TYPES)


@dataclass
class Job:
    """One query for a worker: text, bound terms, dataset, wanted output."""

    query: str
    accept: str | None = None
    bindings: Mapping[str, Term] = field(default_factory=dict)
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    union: bool | None = None  # None: the union, unless the query names its dataset
    base: str | None = None  # the IRI relative IRIs in the query resolve against
    max_rows: int = 10_000
    max_bytes: int | None = None  # the answer is cut to the whole rows that fit; None: no cap
    rows: bool = False  # return terms to the caller instead of serialised bytes
    trusted: bool = False  # the server's own query text: no need to parse it first
    quick_only: bool = False  # refuse to run it ("not-quick") unless it looks like a lookup


@dataclass
class ViewJob:
    """One page for a worker to draw (``kg view``'s pictures, an entity's fact sheet)."""

    kind: str  # overview, ego, path, map, timeline, query or entity
    args: tuple[str, ...] = ()  # the entity (ego, timeline, entity), both ends (path) or
    # the CONSTRUCT (query)
    depth: int = 1
    as_of: date | None = None
    max_rows: int = 10_000  # at most this many triples from a CONSTRUCT
    language: str = "en"  # a fact sheet's first language


@dataclass
class AskJob:
    """A question in plain words for a worker to answer (``kg ask``)."""

    question: str
    language: str = "auto"


@dataclass
class Answer:
    """A worker's reply: bytes in a media type, rows of terms, or an error."""

    media_type: str = ""
    body: bytes = b""
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    error: str = ""  # "syntax", "refused", "failed", "too-large", "not-acceptable",
    # "memory" (the worker ran out and must be replaced), "not-quick" (see Job.quick_only)
    message: str = ""
    cut: str = ""  # why the answer holds fewer rows than the query gave, if it does
    policy: str = ""  # a drawn view's Content-Security-Policy
    form: str = ""  # SELECT, ASK, CONSTRUCT or DESCRIBE, for a checked query
    service: bool = False  # the query calls SERVICE (only where the server allows it)
    seconds: float = 0.0  # how long the worker took, serialising included
    raised: KGError | None = None  # a view's user error, raised again by the server
    asked: Any = None  # the kg.ask.Answer to an AskJob


def _run(store: ox.Store, job: Job, shape: QueryShape | None) -> Any:
    text = with_values(job.query, job.bindings)
    options: dict[str, Any] = {"prefixes": PREFIXES, "base_iri": job.base}
    union = job.union if job.union is not None else not (shape and shape.dataset)
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or []]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or []]
    elif union:
        options["use_default_graph_as_union"] = True
    return store.query(text, **options)


def answer(store: ox.Store, job: Job, check: QueryPolicy | None = None) -> Answer:
    """Run ``job`` on ``store`` and serialise or collect its result.

    With a ``check``, a job that is not ``trusted`` is first parsed
    (``kg.query.guard``) and refused if it updates or calls SERVICE against
    the policy; without one the caller vouches for the text.
    """
    shape = None
    try:
        if check is not None and not job.trusted:
            shape = check_query(job.query, check.allow_service)
            if job.quick_only and not shape.quick:
                return Answer(error="not-quick", message="the query does not look like a lookup")
        result = _run(store, job, shape)
        if isinstance(result, ox.QueryBoolean):
            reply = _serialise_boolean(bool(result), job)
        elif isinstance(result, ox.QuerySolutions):
            reply = _serialise_solutions(result, job)
        else:
            reply = _serialise_triples(result, job)
    except Refused as err:
        return Answer(error="refused", message=str(err))
    except QueryError as err:
        return Answer(error="syntax", message=str(err))
    except SyntaxError as err:
        return Answer(error="syntax", message=syntax_message(err))
    except _TooLarge as err:
        return Answer(error="too-large", message=str(err))
    except MemoryError:
        return Answer(error="memory", message="the query needed more memory than a worker has")
    except (OSError, ValueError, RuntimeError) as err:
        return Answer(error="failed", message=f"query failed: {err}")
    if shape is not None:
        reply.form, reply.service = shape.form, shape.service
    return reply


def draw(store: ox.Store, job: ViewJob, check: QueryPolicy | None = None) -> Answer:
    """Draw a view as a self-contained HTML page, or say what was wrong.

    A CONSTRUCT from a client is checked like any protocol query first (no
    SERVICE, no update), then run once, at most ``max_rows`` triples.
    """
    from kg import views
    from kg.query import adhoc
    from kg.store import OxigraphStore
    from kg.views.drawing import page_policy, render_html

    view_store = OxigraphStore(store)
    try:
        if job.kind == "query":
            (text,) = job.args
            shape = check_query(text, check.allow_service) if check is not None else None
            if shape is not None and shape.form not in ("CONSTRUCT", "DESCRIBE"):
                raise QueryError(
                    f"a network view needs a CONSTRUCT or DESCRIBE query, not {shape.form}"
                )
            model = views.construct(view_store, adhoc(text), limit=job.max_rows)
        elif job.kind in ("overview", "ego"):
            from kg.views.reader import ego_page, overview_page, reader_policy, render_reader_html

            if job.kind == "overview":
                reader = overview_page(view_store, job.as_of)
            else:
                reader = ego_page(view_store, job.args[0], job.depth, job.as_of)
            page = render_reader_html(reader).encode()
            return Answer("text/html; charset=utf-8", page, policy=reader_policy())
        elif job.kind == "path":
            model = views.path(view_store, job.args[0], job.args[1], job.as_of)
        elif job.kind == "map":
            from kg.views.map_model import map_model
            from kg.views.map_page import map_policy, render_map_html

            page = render_map_html(map_model(view_store, job.as_of)).encode()
            return Answer("text/html; charset=utf-8", page, policy=map_policy())
        elif job.kind == "timeline":
            from kg.views.timeline import timeline
            from kg.views.timeline_page import render_timeline_html, timeline_policy

            actor = job.args[0] if job.args else None
            page = render_timeline_html(timeline(view_store, actor, as_of=job.as_of)).encode()
            return Answer("text/html; charset=utf-8", page, policy=timeline_policy())
        elif job.kind == "entity":
            return _sheet_page(store, view_store, job)
        else:
            raise UnknownQuery(
                f"no view {job.kind!r}: use overview, ego, path, map, timeline or query"
            )
    except KGError as err:
        return Answer(error="view", message=str(err), raised=err)
    except SyntaxError as err:
        return Answer(error="syntax", message=syntax_message(err))
    page = render_html(model).encode()
    return Answer("text/html; charset=utf-8", page, policy=page_policy())


_SHEETS: dict[int, Any] = {}  # a worker's fact sheets (kg.views.factsheet), read once per store
_SHEETS_LOCK = threading.Lock()


def _sheets(store: ox.Store) -> Any:
    """The worker's fact sheets of ``store``, read on first use (or ahead, by
    ``_preload_views``)."""
    from kg.store import OxigraphStore
    from kg.views.factsheet import FactSheets

    with _SHEETS_LOCK:
        if id(store) not in _SHEETS:
            _SHEETS.clear()
            _SHEETS[id(store)] = FactSheets.of(OxigraphStore(store)).read_ahead()
        return _SHEETS[id(store)]


def _sheet_page(store: ox.Store, view_store: Any, job: ViewJob) -> Answer:
    """An entity's fact sheet, its name resolved as the CLI resolves it."""
    from kg.views.factsheet_page import render_sheet_html, sheet_policy
    from kg.vocab import BASE

    sheets = _sheets(store)
    iri = sheets.resolve(job.args[0])
    page = render_sheet_html(
        sheets.book([iri]), iri, as_of=job.as_of, language=job.language, base=BASE
    )
    return Answer("text/html; charset=utf-8", page.encode(), policy=sheet_policy())


def answer_question(store: ox.Store, job: AskJob) -> Answer:
    """Answer a question as `kg ask` does, or say what was wrong with it."""
    from kg.ask import ask
    from kg.store import OxigraphStore

    try:
        return Answer(asked=ask(OxigraphStore(store), job.question, job.language))
    except KGError as err:
        return Answer(error="question", message=str(err), raised=err)


class _TooLarge(Exception):
    pass


def _too_large(job: Job) -> _TooLarge:
    return _TooLarge(
        f"the result has more than {job.max_rows} rows, the server's limit (--max-rows); "
        "add a LIMIT to the query"
    )


def _chosen(form: str, job: Job) -> str | Answer:
    media = negotiate(offered_types(form), job.accept)
    if media is None:
        offered = ", ".join(offered_types(form))
        return Answer(
            error="not-acceptable",
            message=f"{form} results can be sent as {offered}; not as {job.accept}",
        )
    return media


def _serialise_boolean(value: bool, job: Job) -> Answer:
    if job.rows:
        return Answer(variables=["boolean"], rows=[(value,)])
    media = _chosen("ASK", job)
    if isinstance(media, Answer):
        return media
    return Answer(media, boolean_bytes(RESULT_TYPES[media], value))


def _floor_size(term: Any) -> int:
    """Characters every result format writes for ``term`` at the least (its value)."""
    if term is None:
        return 0
    value = getattr(term, "value", None)
    return len(value) if isinstance(value, str) else len(str(term))


def _collect(items: Any, job: Job, size: Any, shrink: int = 1) -> tuple[list[Any], bool]:
    """Up to ``max_rows`` items (more is refused), stopping early once their
    values alone exceed ``shrink`` times ``max_bytes``, and whether it stopped
    there. ``shrink``: how many times smaller than its values a format may
    write them (Turtle abbreviates IRIs)."""
    collected: list[Any] = []
    floor = 0
    for item in items:
        if len(collected) >= job.max_rows:
            raise _too_large(job)
        collected.append(item)
        if job.max_bytes is not None:
            floor += size(item)
            if floor > shrink * job.max_bytes:
                return collected, True
    return collected, False


def _fit(write: Any, items: list[Any], limit: int) -> tuple[bytes, int]:
    """The document of the longest prefix of ``items`` that ``write`` makes in
    ``limit`` bytes (an empty document always fits), and that prefix's length."""
    body = write(items)
    if len(body) <= limit:
        return body, len(items)
    fits, fits_body, over = 0, write([]), len(items)
    while over - fits > 1:
        middle = (fits + over) // 2
        candidate = write(items[:middle])
        if len(candidate) <= limit:
            fits, fits_body = middle, candidate
        else:
            over = middle
    return fits_body, fits


def _fit_json(names: list[str], rows: list[str], limit: int | None) -> tuple[bytes, int]:
    """What ``_fit`` makes of SPARQL JSON rows written by ``json_rows``, measured
    instead of searched: the document is its frame, the rows and a comma
    between two."""
    body = json_document(names, rows).encode()
    if limit is None or len(body) <= limit:
        return body, len(rows)
    size, kept = len(json_document(names, []).encode()), 0
    for row in rows:
        size += len(row.encode()) + (1 if kept else 0)
        if size > limit:
            break
        kept += 1
    return json_document(names, rows[:kept]).encode(), kept


def _cut_message(kept: int, noun: str, job: Job) -> str:
    return (
        f"only the first {kept} {noun} were sent: the answer reached {job.max_bytes} bytes, "
        "the server's limit (--max-bytes); add a LIMIT or select fewer or shorter values"
    )


def _serialise_solutions(solutions: ox.QuerySolutions, job: Job) -> Answer:
    names = [v.value for v in solutions.variables]
    rows, stopped = _collect(
        (tuple(s) for s in solutions), job, lambda row: sum(map(_floor_size, row))
    )
    if job.rows:
        return Answer(variables=names, rows=rows)
    media = _chosen("SELECT", job)
    if isinstance(media, Answer):
        return media
    kind = RESULT_TYPES[media]
    if kind == "json":
        body, kept = _fit_json(names, json_rows(names, rows), job.max_bytes)
    elif job.max_bytes is None:
        return Answer(media, solutions_bytes(kind, names, rows))
    else:
        body, kept = _fit(lambda some: solutions_bytes(kind, names, some), rows, job.max_bytes)
    cut = _cut_message(kept, "rows", job) if stopped or kept < len(rows) else ""
    return Answer(media, body, cut=cut)


def _serialise_triples(triples: ox.QueryTriples, job: Job) -> Answer:
    collected, stopped = _collect(
        triples,
        job,
        lambda t: sum(map(_floor_size, (t.subject, t.predicate, t.object))),
        shrink=GRAPH_SHRINK,
    )
    if job.rows:
        rows = [(t.subject, t.predicate, t.object) for t in collected]
        return Answer(variables=["subject", "predicate", "object"], rows=rows)
    media = _chosen("CONSTRUCT", job)
    if isinstance(media, Answer):
        return media
    fmt = GRAPH_TYPES[media]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None

    def write(some: list[Any]) -> bytes:
        return ox.serialize(some, format=fmt, prefixes=prefixes) or b""

    if job.max_bytes is None:
        return Answer(media, write(collected))
    body, kept = _fit(write, collected, job.max_bytes)
    cut = _cut_message(kept, "triples", job) if stopped or kept < len(collected) else ""
    return Answer(media, body, cut=cut)


def die_with_parent() -> None:
    """Ask Linux to kill this worker if the server dies, so no query outlives it."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def cut_off_network() -> bool:
    """Move this process into a network namespace of its own, with no interface
    up, so nothing it runs can open a connection; False where Linux refuses.

    As root a new network namespace is enough; other users get one inside a
    new user namespace (the process must still be single-threaded then).
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return any(
            libc.unshare(flags) == 0 for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET)
        )
    except (OSError, AttributeError):
        return False


def _preload_views(store: ox.Store) -> None:
    """Import what drawing a view needs, read its scripts and the store's fact
    sheets, in a thread once the worker is ready: queries start at once, and a
    view job in a fresh worker (one replacing a timed-out one, say) finds the
    work done or under way instead of starting it inside its time budget."""
    from kg import views
    from kg.views import drawing, reader

    views.igraph_module()
    drawing.view_scripts()
    reader.reader_scripts()
    try:
        if _at_most(store, SHEETS_AHEAD_QUADS):
            _sheets(store)
    except Exception:  # the first entity page will say what is wrong
        log.debug("fact sheets not read ahead", exc_info=True)


SHEETS_AHEAD_QUADS = 200_000
"""A worker reads the fact sheets ahead only of a store this small (the record
is about 25,000 quads): on a large one, the first entity page pays it."""


def _at_most(store: ox.Store, quads: int) -> bool:
    """Whether ``store`` holds at most ``quads`` quads, counting no further."""
    limit = quads + 1
    query = f"SELECT (COUNT(*) AS ?n) {{ SELECT * {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {limit} }}"
    (row,) = store.query(query)
    return int(row[0].value) <= quads


def worker_main(store_path: str, connection: Any, policy: QueryPolicy = QueryPolicy()) -> None:
    """A worker's life: leave the network (unless SERVICE is allowed), bound its
    memory, open the store read-only, then answer jobs until EOF (or until a
    job ran out of memory: the worker's heap is then in doubt, so it leaves)."""
    isolated = False if policy.allow_service else cut_off_network()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server shuts workers down itself
    die_with_parent()
    if policy.memory is not None:
        # RLIMIT_DATA counts the heap and anonymous mappings, not the store's mapped files.
        resource.setrlimit(resource.RLIMIT_DATA, (policy.memory, policy.memory))
    try:
        store = ox.Store.read_only(store_path)
    except OSError as err:
        connection.send(("failed", str(err)))
        return
    connection.send(("ready", isolated))
    threading.Thread(target=_preload_views, args=(store,), name="kg-preload", daemon=True).start()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            if isinstance(job, ViewJob):
                reply = draw(store, job, policy)
            elif isinstance(job, AskJob):
                reply = answer_question(store, job)
            else:
                reply = answer(store, job, policy)
        except MemoryError:
            reply = Answer(error="memory")
        reply.seconds = time.perf_counter() - started
        connection.send(reply)
        if reply.error == "memory":
            return


class Overrun(Exception):
    """A job ran past its time; its worker was killed."""


class OutOfMemory(Exception):
    """A job needed more memory than a worker may hold; the worker was replaced."""


class Busy(Exception):
    """No worker became free in time, too many jobs wait already, or a job ran
    long on the worker kept for quick ones; ``retry_after`` says when to retry."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class WorkerGone(Exception):
    """A worker died while answering."""


class _Worker:
    """One worker process and the asyncio streams on its end of the pipe.

    The worker side uses ``multiprocessing.Connection`` (a 4-byte length, then
    a pickle); the server side reads and writes the same frames through
    streams opened once, so a job costs one write and the reads of its answer,
    with no per-job watcher to register or file mode to switch.
    """

    def __init__(self, store_path: Path, policy: QueryPolicy) -> None:
        self.store_path = store_path
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=worker_main,
            args=(str(store_path), child, policy),
            daemon=True,
            name="kg-query",
        )
        self.process.start()
        child.close()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        sock = socket.socket(fileno=os.dup(self.connection.fileno()))
        self.reader, self.writer = await asyncio.open_connection(sock=sock)

    def send(self, job: Job) -> None:
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        self.writer.write(struct.pack("!i", len(data)) + data)

    async def receive(self) -> Any:
        (size,) = struct.unpack("!i", await self.reader.readexactly(4))
        if size == -1:  # Connection's frame for a message over 2 GiB
            (size,) = struct.unpack("!Q", await self.reader.readexactly(8))
        return pickle.loads(await self.reader.readexactly(size))

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(timeout=5)
        if self.writer is not None:
            with contextlib.suppress(OSError, RuntimeError):
                self.writer.close()
        with contextlib.suppress(OSError):
            self.connection.close()


def _job_key(job: Job) -> tuple[Any, ...]:
    """What makes two jobs the same work."""
    graphs = [None if g is None else tuple(g) for g in (job.default_graphs, job.named_graphs)]
    bindings = frozenset(job.bindings.items())
    return (
        job.query,
        job.accept,
        bindings,
        *graphs,
        job.union,
        job.base,
        job.max_rows,
        job.max_bytes,
    )


@dataclass
class Staged:
    """A store opened and its workers started, for ``WorkerPool.commit``."""

    store_path: Path
    store: ox.Store | None
    workers: list[_Worker]


class WorkerPool:
    """A fixed number of query workers, one of them kept for quick queries when
    there are two or more; an overrunning worker is killed and replaced."""

    def __init__(
        self, store_path: Path, size: int, timeout: float, policy: QueryPolicy = QueryPolicy()
    ) -> None:
        self.store_path = store_path
        self.size = size
        self.timeout = timeout
        self.policy = policy
        self.isolated: bool | None = None  # whether every worker is off the network
        self.slots = size - 1 if size > 1 else 1  # workers any job may take
        self._in_slots = 0  # jobs running on those
        self._idle: list[_Worker] = []
        self._running: dict[_Worker, float] = {}  # busy workers and their jobs' deadlines
        self._waiters: list[asyncio.Future[None]] = []
        self._all: set[_Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()
        self._store: ox.Store | None = None
        self._known: OrderedDict[tuple[Any, ...], float] = OrderedDict()  # job: seconds taken

    async def start(self) -> None:
        """Start all workers and wait until each has opened the store."""
        self._store = ox.Store.read_only(str(self.store_path))
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def prepare(self, store_path: Path) -> Staged:
        """Open ``store_path`` and start a full set of workers on it, not yet
        serving: ``commit`` switches to them at once, without dropping a
        request, and ``abandon`` stops them. RuntimeError (the old store kept)
        if the store cannot be opened or a worker cannot start."""
        workers: list[_Worker] = []

        async def one() -> None:
            workers.append(await self._start(store_path))

        try:
            store = ox.Store.read_only(str(store_path))
            failures = [
                outcome
                for outcome in await asyncio.gather(
                    *(one() for _ in range(self.size)), return_exceptions=True
                )
                if isinstance(outcome, BaseException)
            ]
            if failures:
                raise failures[0]
        except (OSError, RuntimeError) as err:
            self.abandon(Staged(store_path, None, workers))
            raise RuntimeError(f"cannot serve the new store: {err}") from None
        return Staged(store_path, store, workers)

    def commit(self, staged: Staged) -> None:
        """Serve the prepared store from now on; idle workers on the old one stop
        at once, busy ones when their job ends."""
        self.store_path, self._store = staged.store_path, staged.store
        self._known.clear()  # what was quick on the old store says nothing of the new
        self._idle.extend(staged.workers)
        self._retire()
        self._wake()

    def abandon(self, staged: Staged) -> None:
        """Stop the workers of a prepared store that will not be served."""
        for worker in staged.workers:
            self._discard(worker)

    def _retire(self) -> None:
        """Stop the idle workers that serve another store than the pool's."""
        for worker in [w for w in self._idle if w.store_path != self.store_path]:
            self._idle.remove(worker)
            self._discard(worker)

    async def _spawn(self) -> None:
        self._idle.append(await self._start(self.store_path))
        self._wake()

    async def _start(self, store_path: Path) -> _Worker:
        """A new worker on ``store_path``, once it has opened the store."""
        # Started from the event loop's thread: the death signal follows that thread.
        worker = _Worker(store_path, self.policy)
        self._all.add(worker)
        try:
            async with asyncio.timeout(120):
                await worker.open()
                status, detail = await worker.receive()
        except (TimeoutError, EOFError, OSError) as err:
            status, detail = "failed", str(err) or type(err).__name__
        if status != "ready":
            self._discard(worker)
            raise RuntimeError(f"a query worker could not open the store: {detail}")
        if not self.policy.allow_service and not detail and self.isolated is not False:
            log.warning("query workers run with network access: this system refused unshare(2)")
        self.isolated = bool(detail) and self.isolated is not False
        return worker

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        task = asyncio.get_running_loop().create_task(self._spawn())
        self._starting.add(task)
        task.add_done_callback(self._started)

    def _started(self, task: asyncio.Task[None]) -> None:
        self._starting.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s", task.exception())

    def _discard(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()

    def _wake(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    def _retry_after(self) -> int:
        """Whole seconds until the first running job ends or is stopped."""
        now = time.monotonic()
        return max(1, math.ceil(min(self._running.values(), default=now) - now))

    def _remember(self, key: tuple[Any, ...], seconds: float) -> None:
        self._known[key] = seconds
        self._known.move_to_end(key)
        if len(self._known) > KNOWN_JOBS:
            self._known.popitem(last=False)

    async def run(self, job: Job | ViewJob | AskJob) -> Answer:
        """Answer ``job`` within the pool's time limit: a query here if it is
        known to be quick, else (and every view and question) in a worker."""
        if isinstance(job, ViewJob | AskJob):
            return await self._in_worker(job, None, math.inf)
        key = _job_key(job)
        seconds = self._known.get(key)
        if seconds is not None:
            self._known.move_to_end(key)
        if seconds is not None and seconds < QUICK and self._store is not None:
            started = time.perf_counter()
            reply = answer(self._store, job)
            if (elapsed := time.perf_counter() - started) > QUICK_LIMIT:
                self._remember(key, elapsed)
            return reply
        reply = await self._in_worker(job, key, seconds)
        # SERVICE waits on another server, whose speed no earlier answer vouches for;
        # and only a worker may reach the network.
        if not reply.error and not reply.service:
            self._remember(key, reply.seconds)
        return reply

    async def _acquire(self, may_use_lane: bool) -> tuple[_Worker, bool]:
        """A free worker, and whether it is the one kept for quick jobs; waits
        in the queue (bounded in length and time) while there is none."""

        def free() -> bool:
            return bool(self._idle) and (self._in_slots < self.slots or may_use_lane)

        if not free():
            if len(self._waiters) >= QUEUE_PER_WORKER * self.size:
                raise Busy(
                    f"{len(self._waiters)} queries already wait for the {self.size} query "
                    "workers; retry later",
                    self._retry_after(),
                )
            deadline = asyncio.get_running_loop().time() + self.timeout
            while not free():
                waiter = asyncio.get_running_loop().create_future()
                self._waiters.append(waiter)
                try:
                    async with asyncio.timeout_at(deadline):
                        await waiter
                except TimeoutError:
                    raise Busy(
                        f"all {self.size} query workers stayed busy for {self.timeout:g} s",
                        self._retry_after(),
                    ) from None
                finally:
                    if waiter in self._waiters:
                        self._waiters.remove(waiter)
        in_lane = self._in_slots >= self.slots
        if not in_lane:
            self._in_slots += 1
        return self._idle.pop(), in_lane

    def _release(self, worker: _Worker, in_lane: bool, replace: bool = False) -> None:
        self._running.pop(worker, None)
        if not in_lane:
            self._in_slots -= 1
        if worker.store_path != self.store_path:
            self._discard(worker)  # its store was switched while it worked
        elif replace:
            self._replace(worker)
        else:
            self._idle.append(worker)
        self._wake()

    async def _in_worker(
        self, job: Job | ViewJob | AskJob, key: tuple[Any, ...] | None, seconds: float | None
    ) -> Answer:
        """Run ``job`` in a worker; ``seconds``: what it took before (None: unknown)."""
        may_use_lane = isinstance(job, Job) and (seconds is None or seconds < CHEAP)
        worker, in_lane = await self._acquire(may_use_lane)
        sent = job
        if in_lane and seconds is None and isinstance(job, Job) and not job.trusted:
            sent = replace(job, quick_only=True)
        limit = min(self.timeout, LANE_SECONDS) if in_lane else self.timeout
        self._running[worker] = time.monotonic() + limit
        try:
            async with asyncio.timeout(limit):
                worker.send(sent)
                reply = await worker.receive()
        except TimeoutError:
            self._release(worker, in_lane, replace=True)
            if key is not None:
                self._remember(key, math.inf)
            if in_lane:
                raise Busy(
                    "the workers for long queries are busy, and this query ran past "
                    f"{limit:g} s on the one kept for quick queries, so it was stopped",
                    self._retry_after(),
                ) from None
            raise Overrun(f"the query ran longer than {self.timeout:g} s and was stopped") from None
        except (EOFError, OSError) as err:
            self._release(worker, in_lane, replace=True)
            if worker.process.exitcode == -signal.SIGABRT and self.policy.memory is not None:
                raise OutOfMemory(self._memory_message()) from None
            raise WorkerGone(f"the query worker stopped: {err or 'no answer'}") from None
        except BaseException:
            # The client went away mid-query: the worker's state is unknown.
            self._release(worker, in_lane, replace=True)
            raise
        if reply.error == "memory":
            self._release(worker, in_lane, replace=True)
            raise OutOfMemory(self._memory_message())
        self._release(worker, in_lane)
        if reply.error == "not-quick" and key is not None:
            self._remember(key, math.inf)  # from now on it waits for a long-query worker
            return await self._in_worker(job, key, math.inf)
        return reply

    def _memory_message(self) -> str:
        mib = (self.policy.memory or 0) >> 20
        return (
            f"the query needed more than {mib} MiB, the memory a query worker may use "
            "(--worker-memory), and was stopped"
        )

    async def close(self) -> None:
        self._store = None
        for task in list(self._starting):
            task.cancel()
        for worker in list(self._all):
            self._discard(worker)
