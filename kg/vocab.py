"""IRIs of the project: the namespaces and a closed vocabulary of ontology terms.

``KG.memberOf`` is the ontology's term; ``KG.memberof`` raises, so a typo
fails instead of minting a new IRI. The term list is read from
``ontology/sahel.ttl`` itself, so the vocabulary cannot drift from it.

>>> KG.Membership.value
'https://w3id.org/sahel-kg/ontology#Membership'
>>> KG.Membreship
Traceback (most recent call last):
...
AttributeError: 'Membreship' is not a term of https://w3id.org/sahel-kg/ontology#
"""

from __future__ import annotations

from functools import cached_property, lru_cache

from pyoxigraph import NamedNode, RdfFormat, parse

from kg.resources import ONTOLOGY_FILE

BASE = "https://w3id.org/sahel-kg/"
ONTOLOGY_NS = BASE + "ontology#"
ENTITY_NS = BASE + "id/"
STATEMENT_NS = BASE + "statement/"
SOURCE_NS = BASE + "source/"
PUBLISHER_NS = BASE + "publisher/"
CLAIM_NS = BASE + "claim/"
GRAPH_NS = BASE + "graph/"

XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
TIME_NS = "http://www.w3.org/2006/time#"

PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY_NS,
    "id": ENTITY_NS,
    "st": STATEMENT_NS,
    "src": SOURCE_NS,
    "pub": PUBLISHER_NS,
    "claim": CLAIM_NS,
    "graph": GRAPH_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "time": TIME_NS,
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "sh": "http://www.w3.org/ns/shacl#",
}

ONTOLOGY_GRAPH = NamedNode(GRAPH_NS + "ontology")
DERIVED_GRAPH = NamedNode(GRAPH_NS + "derived")


class ClosedNamespace:
    """Terms of one namespace, limited to those a Turtle file declares."""

    def __init__(self, base: str, source: str) -> None:
        self._base = base
        self._source = source

    @cached_property
    def terms(self) -> frozenset[str]:
        with open(self._source, "rb") as turtle:
            subjects = {
                quad.subject.value
                for quad in parse(turtle, format=RdfFormat.TURTLE)
                if isinstance(quad.subject, NamedNode)
            }
        return frozenset(s[len(self._base) :] for s in subjects if s.startswith(self._base))

    def names(self, *names: str) -> frozenset[str]:
        """Local names the code compares with (kinds, statuses, types), each
        checked against the vocabulary, so a misspelt one fails at import.

        >>> sorted(KG.names("Reported", "Confirmed"))
        ['Confirmed', 'Reported']
        """
        return frozenset(self.name(name) for name in names)

    def name(self, name: str) -> str:
        """One local name, checked against the vocabulary."""
        getattr(self, name)
        return name

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_") or name not in self.terms:
            raise AttributeError(f"{name!r} is not a term of {self._base}")
        return NamedNode(self._base + name)


KG = ClosedNamespace(ONTOLOGY_NS, str(ONTOLOGY_FILE))


@lru_cache(maxsize=65536)
def shorten(iri: str) -> str:
    """Write an IRI with the project's prefixes where one fits (remembered: a
    page model shortens the same few hundred IRIs thousands of times).

    >>> shorten("https://w3id.org/sahel-kg/id/niger")
    'id:niger'
    >>> shorten("http://example.org/x")
    'http://example.org/x'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        local = iri[len(PREFIXES[best]) :]
        if local and all(c.isalnum() or c in "-_." for c in local):
            return f"{best}:{local}"
    return iri


def turtle_prologue() -> str:
    """@prefix lines for every project prefix, for Turtle written by code."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, prepended to each query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
