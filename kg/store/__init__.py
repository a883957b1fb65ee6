"""The Store: one small interface over embedded Oxigraph and rdflib.

Both backends hold the same named graphs (ontology, one per data file, the
derived graph), use the union of the named graphs as the default graph, and
answer SELECT / ASK / CONSTRUCT with pyoxigraph terms, so callers never see
which engine answered.

The store stage is this package:

- here, ``Store`` and its embedded engines, ``OxigraphStore`` and ``RdflibStore``;
- ``kg.store.remote``: a remote SPARQL 1.1 endpoint as a Store, and publishing to one;
- ``kg.store.rdflib_plan`` and ``kg.store.rdflib_terms``: rdflib's query plan with
  filters pushed down, and its terms converted to and from pyoxigraph's;
- ``kg.store.sparql_text``: SPARQL text helpers (bound parameters as ``VALUES``,
  nesting, the query form) that every engine and the query stage use;
- ``kg.store.lifecycle``: built stores on disk, one build at a time, none
  removed under a reader.

>>> store = OxigraphStore.in_memory()
>>> store.add_turtle('<http://e/a> <http://e/p> "x" .', "http://e/g")
>>> store.query("SELECT ?o WHERE { ?s ?p ?o }").rows
[(<Literal value=x datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>,)]
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.resources import QUERIES_DIR
from kg.store.sparql_text import Term, check_nesting, syntax_message, with_values
from kg.vocab import PREFIXES, sparql_prologue

# How a built store is laid out, part of the build's cache key: change it
# when the code that writes a store changes what the store holds.
STORE_LAYOUT = "2: each triple in one graph"


@dataclass
class SelectResult:
    """Rows of a SELECT query; each row a tuple of terms (None where unbound)."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]

    def dicts(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


QueryResult = SelectResult | bool | list[ox.Triple]

# A Turtle file at least this big goes through Oxigraph's bulk loader, which
# streams it but costs a fixed ~0.1-0.2 s per call on disk; smaller files load
# in one transaction each (measured: 8 bundled files, 0.4 s vs 0.7-1.6 s).
BULK_LOAD_BYTES = 2 * 1024 * 1024
# Quads, or items of N-Triples lines (a relationship's eight bounds are one),
# are written this many at a time, so a build never holds all of a derive
# step's output as Python objects or text.
WRITE_CHUNK = 25_000
# rdflib's parser for each of the formats kg.load reads.
RDFLIB_FORMATS = {"Turtle": "turtle", "N-Triples": "nt", "TriG": "trig", "N-Quads": "nquads"}


class Store(ABC):
    """A read-mostly RDF dataset answering SPARQL."""

    # Whether queries and writes may run on several threads at once.
    concurrent = False

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a query over the union of the named graphs.

        ``bindings`` maps variable names to terms; they are bound, never pasted.
        Raises QueryError with the parser's message on bad SPARQL.
        """

    @abstractmethod
    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (used while building)."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads in all graphs."""

    def add_turtle(self, turtle: str, graph: str) -> None:
        """Parse a Turtle snippet into ``graph`` (handy in tests and notebooks)."""
        target = ox.NamedNode(graph)
        triples = ox.parse(turtle, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
        self.add(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
        """The rows of a SELECT query; QueryError for any other form."""
        result = self.query(sparql, bindings)
        if not isinstance(result, SelectResult):
            raise QueryError("not a SELECT query")
        return result

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """The answer of an ASK query; QueryError for any other form."""
        result = self.query(sparql, bindings)
        if not isinstance(result, bool):
            raise QueryError("not an ASK query")
        return result

    def select_internal(
        self, name: str, bindings: Mapping[str, Term] | None = None
    ) -> SelectResult:
        """Run ``kg/queries/internal/<name>.rq``, a SELECT the package itself uses."""
        text = (QUERIES_DIR / "internal" / f"{name}.rq").read_text(encoding="utf-8")
        return self.select(text, bindings)

    def construct(self, sparql: str) -> Iterable[ox.Triple]:
        """The triples of a CONSTRUCT query (streamed where the backend can)."""
        triples = self.query(sparql)
        if not isinstance(triples, list):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return triples

    def construct_into(self, sparql: str, graph: ox.NamedNode) -> int:
        """Add the triples of a CONSTRUCT query to ``graph``; how many were written.

        The query reads a snapshot, so writing while its triples stream does
        not disturb it.
        """
        written = 0
        triples = iter(self.construct(sparql))
        while chunk := list(islice(triples, WRITE_CHUNK)):
            self.add(ox.Quad(t.subject, t.predicate, t.object, graph) for t in chunk)
            written += len(chunk)
        return written

    def add_ntriples(self, lines: Iterable[str], graph: ox.NamedNode) -> int:
        """Add N-Triples ``lines`` to ``graph``; how many triples. An item may
        hold several lines; each ends in a newline."""
        written = 0
        lines = iter(lines)
        while chunk := "".join(islice(lines, WRITE_CHUNK)):
            self._add_ntriples_text(chunk, graph)
            written += chunk.count("\n")
        return written

    def _add_ntriples_text(self, text: str, graph: ox.NamedNode) -> None:
        triples = ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
        self.add(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)

    def derive(self) -> int:
        """Run the derive step (kg.derive) into the derived graph; the quads written.

        A triple stated in several files is first kept in one of them only (see
        ``merge_repeated_triples``); the derive step writes no triple the data
        states already (its queries skip them, and a check refuses the derived
        properties in data).
        """
        from kg.derive import derive

        self.merge_repeated_triples()
        return derive(self)

    def merge_repeated_triples(self) -> int:
        """Keep each triple in one graph; the quads removed (none by default)."""
        return 0

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the backend's resources."""


class OxigraphStore(Store):
    """Embedded Oxigraph (pyoxigraph): in memory, on disk, or read-only on disk."""

    concurrent = True  # queries read snapshots; Python's lock is let go while they run

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path
        self.lease: object | None = None  # kg.store.lifecycle.Lease on a built store

    @classmethod
    def in_memory(cls) -> OxigraphStore:
        return cls(ox.Store())

    @classmethod
    def create(cls, path: Path) -> OxigraphStore:
        return cls(ox.Store(str(path)), path)

    @classmethod
    def read_only(cls, path: Path) -> OxigraphStore:
        """Open a built store without taking its write lock."""
        return cls(ox.Store.read_only(str(path)), path)

    @classmethod
    def memory_copy(cls, path: Path) -> OxigraphStore:
        """Read a built store into memory (``path`` is kept, for reference).

        Queries on the copy run several times faster than on disk, but the
        copy costs time up front (0.1-0.4 s for the bundled 12k quads on a
        busy 2-core machine): worth it when many queries follow, not for one.
        """
        source = ox.Store.read_only(str(path))
        store = ox.Store()
        store.extend(source.quads_for_pattern(None, None, None, None))
        return cls(store, path)

    def _run(
        self, sparql: str, bindings: Mapping[str, Term] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        # pyoxigraph's `substitutions` only accepts projected variables, which
        # aggregating as-of queries do not project: bind through VALUES instead.
        text = with_values(sparql, bindings or {})
        check_nesting(text)
        try:
            return self._store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as err:
            raise QueryError(syntax_message(err)) from None
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"query failed: {err}") from None

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        result = self._run(sparql, bindings)
        try:
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                return SelectResult(names, [tuple(row) for row in result])
            return list(result)
        except (OSError, ValueError, RuntimeError) as err:  # raised while iterating
            raise QueryError(f"query failed: {err}") from None

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def construct_into(self, sparql: str, graph: ox.NamedNode) -> int:
        """As ``Store.construct_into``, the triples written as N-Triples by the
        engine and read back by its loader: no triple becomes a Python object
        (at 1M triples the inherited types took 2.7 s as objects, 1.5 s so)."""
        result = self._run(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        text = result.serialize(format=ox.RdfFormat.N_TRIPLES)
        self._store.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return text.count(b"\n")

    def dump(self, path: Path) -> None:
        """Write every quad to ``path`` as N-Quads."""
        self._store.dump(str(path), format=ox.RdfFormat.N_QUADS)

    def bulk_load_dump(self, path: Path) -> None:
        """Load an N-Quads file that ``dump`` wrote (so already valid: read leniently)."""
        self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)

    def _add_ntriples_text(self, text: str, graph: ox.NamedNode) -> None:
        # The transactional loader: in memory, 100,000 lines at a time, it
        # wrote 648,336 bounds in 1.1 s where the bulk loader took 4.2 s.
        self._store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)

    def merge_repeated_triples(self) -> int:
        """Keep a triple stated in several graphs in the first of them only.

        Oxigraph's union default graph (0.5.13) yields a triple once per
        graph that holds it, so one fact written in two files doubled every
        row it joined (a source in two files gave 128 rows for 2). The merge
        of the graphs should be a set; this makes it one.

        >>> store = OxigraphStore.in_memory()
        >>> s, p, o = ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("1")
        >>> store.add(ox.Quad(s, p, o, ox.NamedNode(g)) for g in ("urn:a", "urn:b"))
        >>> store.merge_repeated_triples(), len(store)
        (1, 1)
        """
        before = len(self._store)
        self._store.update(
            "DELETE { GRAPH ?later { ?s ?p ?o } } WHERE { GRAPH ?first { ?s ?p ?o } "
            "GRAPH ?later { ?s ?p ?o } FILTER(STR(?first) < STR(?later)) }"
        )
        return before - len(self._store)

    def load_file(self, path: Path, graph: str, format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
        """Parse an RDF file in Rust straight into the store, its default graph
        into the named graph ``graph`` (a TriG or N-Quads file's named graphs
        keep their names).

        No quad becomes a Python object; blank nodes are renamed per file, as
        ``kg.load.parse_file`` does. Raises SyntaxError (with the file's line
        and column) or OSError as pyoxigraph does.
        """
        from kg.load import file_bytes, starts_with_bom

        # In memory, the transactional loader is the faster (1M triples: 2.8 s
        # against 3.5-4.2 s); on disk, the bulk loader for a large file.
        bulk = self.path is not None and path.stat().st_size >= BULK_LOAD_BYTES
        load = self._store.bulk_load if bulk else self._store.load
        source = {"input": file_bytes(path)} if starts_with_bom(path) else {"path": str(path)}
        load(**source, format=format, to_graph=ox.NamedNode(graph))

    def construct(self, sparql: str) -> Iterable[ox.Triple]:
        """The triples of a CONSTRUCT query as the engine streams them."""
        result = self._run(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return result

    def __len__(self) -> int:
        return len(self._store)

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
    ) -> Iterable[ox.Quad]:
        """The quads of every graph, or those matching the terms given."""
        return self._store.quads_for_pattern(subject, predicate, object, None)

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        self._store = None  # type: ignore[assignment]


class RdflibStore(Store):
    """rdflib's in-memory Dataset, the reference implementation."""

    def __init__(self) -> None:
        from rdflib import Dataset

        self._dataset = Dataset(default_union=True)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        from pyparsing.exceptions import ParseException
        from rdflib.plugins.sparql import prepareQuery

        from kg.store.rdflib_plan import push_filters_down
        from kg.store.rdflib_terms import from_rdflib, to_rdflib

        init = {name: to_rdflib(term) for name, term in (bindings or {}).items()}
        try:
            query = prepareQuery(sparql_prologue() + sparql)
            push_filters_down(query.algebra, init)
            result = self._dataset.query(query, initBindings=init)
            if result.type == "ASK":
                return bool(result.askAnswer)
            if result.type == "SELECT":
                names = [str(v) for v in result.vars]
                rows = [tuple(from_rdflib(term) for term in row) for row in result]
                return SelectResult(names, rows)
            return [ox.Triple(*(from_rdflib(t) for t in triple)) for triple in result]
        except ParseException as err:
            raise QueryError(syntax_message(err)) from None
        except Exception as err:  # rdflib raises many kinds while evaluating
            raise QueryError(f"query failed: {err}") from None

    def add(self, quads: Iterable[ox.Quad]) -> None:
        from kg.store.rdflib_terms import to_rdflib

        for quad in quads:
            graph = self._dataset.graph(to_rdflib(quad.graph_name))
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))

    def load_file(self, path: Path, graph: str, format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
        """Let rdflib parse a file itself, its default graph into the named graph
        ``graph`` (a TriG or N-Quads file's named graphs keep their names)."""
        from rdflib import Dataset, URIRef
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        from kg.load import file_bytes

        parsed = Dataset()
        parsed.parse(data=file_bytes(path), format=RDFLIB_FORMATS[format.name])
        for subject, predicate, object_, name in parsed.quads((None, None, None, None)):
            into = URIRef(graph) if name in (None, DATASET_DEFAULT_GRAPH_ID) else name
            self._dataset.graph(into).add((subject, predicate, object_))

    def __len__(self) -> int:
        return sum(len(graph) for graph in self._dataset.graphs())
