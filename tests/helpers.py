"""Helpers the tests import: stores built from Turtle snippets."""

from __future__ import annotations

from kg.load import TurtleFile, parse_turtle
from kg.resources import ONTOLOGY_FILE
from kg.store import OxigraphStore, RdflibStore, Store
from kg.vocab import ONTOLOGY_GRAPH, turtle_prologue

BACKENDS = ("oxigraph", "rdflib")
PROLOGUE = turtle_prologue()


def snippet_store(turtle: str, backend: str = "oxigraph") -> Store:
    """A derived store of the ontology plus a Turtle snippet (prefixes given)."""
    store: Store = OxigraphStore.in_memory() if backend == "oxigraph" else RdflibStore()
    store.add(parse_turtle(TurtleFile(ONTOLOGY_FILE, ONTOLOGY_GRAPH)))
    store.add_turtle(PROLOGUE + turtle, "https://w3id.org/sahel-kg/graph/data/snippet")
    store.derive()
    return store
