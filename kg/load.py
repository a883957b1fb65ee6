"""Find and parse the Turtle the graph is built from.

Each file becomes one named graph: the ontology in ``graph:ontology``, each
bundled data file in ``graph:data/<name>``, each file added with ``--data``
in ``graph:extra/<name>``. A syntax error names the file, line and column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg.errors import DataError
from kg.resources import DATA_DIR, ONTOLOGY_FILE
from kg.vocab import GRAPH_NS, ONTOLOGY_GRAPH


class TurtleLoader(Protocol):
    """A store that parses Turtle files itself (kg.store's Oxigraph and rdflib stores)."""

    def load_turtle_file(self, path: Path, graph: str) -> None: ...


@dataclass(frozen=True)
class TurtleFile:
    """A Turtle file and the named graph it loads into."""

    path: Path
    graph: NamedNode


def _turtle_in(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.ttl") if p.is_file())
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


def turtle_files(extra: Sequence[Path] = (), data_dir: Path = DATA_DIR) -> list[TurtleFile]:
    """The ontology, the bundled data and any ``--data`` files, each with its graph."""
    taken: set[str] = set()
    files = [TurtleFile(ONTOLOGY_FILE, ONTOLOGY_GRAPH)]
    files += [TurtleFile(p, _graph_for("data", p, taken)) for p in _turtle_in(data_dir)]
    for item in extra:
        files += [TurtleFile(p, _graph_for("extra", p, taken)) for p in _turtle_in(Path(item))]
    return files


BOM = b"\xef\xbb\xbf"  # a UTF-8 byte-order mark some editors write first


def starts_with_bom(path: Path) -> bool:
    """Whether a file opens with a UTF-8 byte-order mark, which parsers refuse."""
    with open(path, "rb") as stream:
        return stream.read(len(BOM)) == BOM


def turtle_bytes(path: Path) -> bytes:
    """A file's bytes without a leading byte-order mark."""
    data = Path(path).read_bytes()
    return data[len(BOM) :] if data.startswith(BOM) else data


def parse_turtle(file: TurtleFile) -> list[Quad]:
    """All triples of one file as quads in its graph; DataError on bad Turtle."""
    try:
        triples = parse(turtle_bytes(file.path), format=RdfFormat.TURTLE, rename_blank_nodes=True)
        return [Quad(t.subject, t.predicate, t.object, file.graph) for t in triples]
    except (SyntaxError, OSError, UnicodeDecodeError) as err:
        raise turtle_error(file, err) from None


def load_turtle(store: TurtleLoader, files: Iterable[TurtleFile]) -> None:
    """Load each file into its graph of ``store`` by the store's own parser,
    never holding the quads in Python; DataError on bad Turtle."""
    for file in files:
        try:
            store.load_turtle_file(file.path, file.graph.value)
        except (SyntaxError, OSError, UnicodeDecodeError) as err:
            raise turtle_error(file, err) from None


def turtle_error(file: TurtleFile, err: Exception) -> DataError:
    """The user's error for a file that cannot be read or parsed: file, line, column."""
    if isinstance(err, SyntaxError):
        where = f"{file.path}:{err.lineno}:{err.offset}" if err.lineno else str(file.path)
        message = err.msg.split(": ", 1)[-1] if err.msg else str(err)
        return DataError(f"{where}: invalid Turtle: {message}")
    return DataError(f"{file.path}: cannot read: {err}")


def content_key(files: Iterable[TurtleFile], *salt: str) -> str:
    """A hash of the files' names and contents plus ``salt`` (versions)."""
    digest = hashlib.sha256()
    for part in salt:
        digest.update(part.encode() + b"\0")
    for file in files:
        digest.update(file.graph.value.encode() + b"\0")
        digest.update(hashlib.sha256(file.path.read_bytes()).digest())
    return digest.hexdigest()[:20]
