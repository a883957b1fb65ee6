"""Helpers the tests import: stores built from Turtle snippets."""

from __future__ import annotations

from kg.load import TurtleFile, parse_turtle
from kg.query import named_query, run
from kg.resources import ONTOLOGY_FILE
from kg.store import OxigraphStore, RdflibStore, Store
from kg.temporal import PartialDate
from kg.vocab import ONTOLOGY_GRAPH, shorten, turtle_prologue

BACKENDS = ("oxigraph", "rdflib")
PROLOGUE = turtle_prologue()


def snippet_store(turtle: str, backend: str = "oxigraph") -> Store:
    """A derived store of the ontology plus a Turtle snippet (prefixes given)."""
    store: Store = OxigraphStore.in_memory() if backend == "oxigraph" else RdflibStore()
    store.add(parse_turtle(TurtleFile(ONTOLOGY_FILE, ONTOLOGY_GRAPH)))
    store.add_turtle(PROLOGUE + turtle, "https://w3id.org/sahel-kg/graph/data/snippet")
    store.derive()
    return store


def rows(store, name, as_of=None, certain=False, **params):
    """A query's rows as dicts of display strings, sources split into a set;
    ``certain`` keeps the rows certain on ``as_of`` (``kg query --certain``)."""
    result = run(
        store,
        named_query(name),
        as_of=PartialDate.parse(as_of) if as_of else None,
        params=params,
        certain_only=certain,
    )
    table = []
    for row in result.dicts():
        cells = {}
        for key, term in row.items():
            if term is None:
                cells[key] = ""
            elif key == "sources":
                cells[key] = set(term.value.split())
            else:
                cells[key] = (
                    shorten(term.value) if type(term).__name__ == "NamedNode" else term.value
                )
        table.append(cells)
    return table


def find(table, **wanted):
    """The rows whose cells equal every wanted value."""
    return [r for r in table if all(r.get(k) == v for k, v in wanted.items())]
