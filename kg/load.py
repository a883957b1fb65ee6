"""Find and parse the RDF files the graph is built from: Turtle, N-Triples,
TriG and N-Quads.

Each file's triples go into one named graph: the ontology in
``graph:ontology``, each bundled data file in ``graph:data/<name>``, each
file added with ``--data`` in ``graph:extra/<name>``, and a file given as
``--graph NAME=FILE`` in ``NAME``. The named graphs of a TriG or N-Quads file
keep their own names; only its default graph goes to the file's graph. The
project's own graph names (under ``graph:``) are not for files to write into.
A syntax error names the file, line and column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse

from kg.errors import DataError
from kg.resources import DATA_DIR, ONTOLOGY_FILE
from kg.vocab import GRAPH_NS, ONTOLOGY_GRAPH

# A file's format is told by its suffix; any other suffix is read as Turtle.
FORMATS = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".trig": RdfFormat.TRIG,
    ".nq": RdfFormat.N_QUADS,
}


class FileLoader(Protocol):
    """A store that parses RDF files itself (kg.store's Oxigraph and rdflib stores)."""

    def load_file(self, path: Path, graph: str, format: RdfFormat) -> None: ...


@dataclass(frozen=True)
class RdfFile:
    """An RDF file and the named graph its triples (its default graph) load into.

    >>> RdfFile(Path("people.trig"), NamedNode("http://e/g")).format
    <RdfFormat TriG>
    """

    path: Path
    graph: NamedNode

    @property
    def format(self) -> RdfFormat:
        return FORMATS.get(self.path.suffix.lower(), RdfFormat.TURTLE)


def graph_file(name: str, path: Path) -> RdfFile:
    """``--graph NAME=FILE``: ``path`` loaded into the graph ``name``, an absolute IRI
    outside the project's own graphs; DataError otherwise or if there is no such file.

    >>> graph_file("graph1", Path("kg/load.py"))
    Traceback (most recent call last):
    kg.errors.DataError: --graph graph1=kg/load.py: the graph name must be an absolute IRI \
(No scheme found in an absolute IRI)
    """
    try:
        graph = NamedNode(name)
    except ValueError as err:
        raise DataError(
            f"--graph {name}={path}: the graph name must be an absolute IRI ({err})"
        ) from None
    _check_graph_name(graph, f"--graph {name}={path}")
    if not path.is_file():
        raise DataError(f"--graph {name}={path}: {path}: no such file")
    return RdfFile(path, graph)


def _check_graph_name(graph: NamedNode, where: str) -> None:
    if graph.value.startswith(GRAPH_NS):
        raise DataError(
            f"{where}: the graph <{graph.value}> is one of the project's own; "
            f"name your graphs outside {GRAPH_NS}"
        )


def _files_in(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS and p.is_file())
    if path.is_file():
        return [path]
    raise DataError(f"{path}: no such file or folder")


def _graph_for(prefix: str, path: Path, taken: set[str]) -> NamedNode:
    name = f"{prefix}/{path.stem}"
    number = 2
    while name in taken:
        name = f"{prefix}/{path.stem}-{number}"
        number += 1
    taken.add(name)
    return NamedNode(GRAPH_NS + name)


def rdf_files(extra: Sequence[Path | RdfFile] = (), data_dir: Path = DATA_DIR) -> list[RdfFile]:
    """The ontology, the bundled data and any ``--data`` files or folders (or
    ``--graph`` files, given as RdfFile), each with its graph."""
    taken: set[str] = set()
    files = [RdfFile(ONTOLOGY_FILE, ONTOLOGY_GRAPH)]
    files += [RdfFile(p, _graph_for("data", p, taken)) for p in _files_in(data_dir)]
    for item in extra:
        if isinstance(item, RdfFile):
            files.append(item)
        else:
            files += [RdfFile(p, _graph_for("extra", p, taken)) for p in _files_in(Path(item))]
    return files


TOO_DEEP = "{what}: nests blank nodes or lists too deeply for {reader}; give the inner nodes names"
BOM = b"\xef\xbb\xbf"  # a UTF-8 byte-order mark some editors write first


def starts_with_bom(path: Path) -> bool:
    """Whether a file opens with a UTF-8 byte-order mark, which parsers refuse."""
    with open(path, "rb") as stream:
        return stream.read(len(BOM)) == BOM


def file_bytes(path: Path) -> bytes:
    """A file's bytes without a leading byte-order mark."""
    data = Path(path).read_bytes()
    return data[len(BOM) :] if data.startswith(BOM) else data


def parse_file(file: RdfFile) -> list[Quad]:
    """All statements of one file as quads, its default graph in ``file.graph``;
    DataError on bad syntax or a graph name of the project's own."""
    try:
        parsed = parse(file_bytes(file.path), format=file.format, rename_blank_nodes=True)
        quads = [_in_graph(statement, file) for statement in parsed]
    except (SyntaxError, OSError, UnicodeDecodeError) as err:
        raise file_error(file, err) from None
    return quads


def _in_graph(statement: Quad, file: RdfFile) -> Quad:
    graph = statement.graph_name
    if isinstance(graph, DefaultGraph):
        graph = file.graph
    elif file.format in (RdfFormat.TRIG, RdfFormat.N_QUADS):
        _check_graph_name(graph, str(file.path))
    return Quad(statement.subject, statement.predicate, statement.object, graph)


def load_files(store: FileLoader, files: Iterable[RdfFile]) -> None:
    """Load each file into ``store`` by the store's own parser, never holding
    the quads in Python; DataError on bad syntax, or on nesting too deep for
    rdflib's parser (Oxigraph's reads any depth)."""
    for file in files:
        try:
            store.load_file(file.path, file.graph.value, file.format)
        except (SyntaxError, OSError, UnicodeDecodeError) as err:
            raise file_error(file, err) from None
        except RecursionError:
            raise DataError(TOO_DEEP.format(what=file.path, reader="rdflib")) from None


def file_error(file: RdfFile, err: Exception) -> DataError:
    """The user's error for a file that cannot be read or parsed: file, line, column."""
    if isinstance(err, SyntaxError):
        where = f"{file.path}:{err.lineno}:{err.offset}" if err.lineno else str(file.path)
        message = err.msg.split(": ", 1)[-1] if err.msg else str(err)
        return DataError(f"{where}: invalid {file.format.name}: {message}")
    return DataError(f"{file.path}: cannot read: {err}")


def content_key(files: Iterable[RdfFile], *salt: str) -> str:
    """A hash of the files' graphs, formats and contents plus ``salt`` (versions)."""
    digest = hashlib.sha256()
    for part in salt:
        digest.update(part.encode() + b"\0")
    for file in files:
        digest.update(f"{file.graph.value}\0{file.format.name}\0".encode())
        digest.update(hashlib.sha256(file.path.read_bytes()).digest())
    return digest.hexdigest()[:20]
