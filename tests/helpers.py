"""Helpers the tests import: stores built from Turtle snippets, answers made
comparable across engines, hostile labels, and COUNT queries written from the
data model that the views are checked against."""

from __future__ import annotations

import os
from datetime import date

from pyoxigraph import Literal, NamedNode

from kg.load import RdfFile, parse_file
from kg.query import named_query, run
from kg.resources import ONTOLOGY_FILE
from kg.store import OxigraphStore, RdflibStore, Store
from kg.temporal import PartialDate
from kg.vocab import ENTITY_NS, ONTOLOGY_GRAPH, XSD_DATE, shorten, turtle_prologue

BACKENDS = ("oxigraph", "rdflib")
PROLOGUE = turtle_prologue()


def snippet_store(turtle: str, backend: str = "oxigraph") -> Store:
    """A derived store of the ontology plus a Turtle snippet (prefixes given)."""
    store: Store = OxigraphStore.in_memory() if backend == "oxigraph" else RdflibStore()
    store.add(parse_file(RdfFile(ONTOLOGY_FILE, ONTOLOGY_GRAPH)))
    store.add_turtle(PROLOGUE + turtle, "https://w3id.org/sahel-kg/graph/data/snippet")
    store.derive()
    return store


def rows(store, name, as_of=None, certain=False, **params):
    """A query's rows as dicts of display strings, sources split into a set;
    ``certain`` keeps the rows certain on ``as_of`` (``kg query --certain``)."""
    result = run(
        store,
        named_query(name),
        as_of=PartialDate.parse(as_of).day if as_of else None,
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


# --- answers compared across engines ---------------------------------------------


def comparable(result):
    """Rows as sorted tuples; GROUP_CONCAT order is engine-defined, so split it."""
    if isinstance(result, bool):
        return result
    out = []
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            if term is None:
                cells.append(None)
            elif name in ("sources", "tookPower", "deposed", "place", "accused", "toll", "toldBy"):
                cells.append(tuple(sorted(term.value.replace(" ; ", " ").split())))
            else:
                cells.append(str(term))
        out.append(tuple(cells))
    return sorted(out, key=repr)


# Days the backends are compared on: before the record's main turns (Serval,
# Wagner's arrival), just after Niger's coup, in 2024 and near the horizon.
AS_OF_DAYS = [
    None,
    "2013-02-01",
    "2021-06-01",
    "2023-08-01",
    "2024-04-30",
    "2025-06-01",
]


# --- hostile labels and the views' COUNT queries ------------------------------------

ID = ENTITY_NS
ST = "https://w3id.org/sahel-kg/statement/"
AES_MEMBERSHIPS = {
    ST + "mali-member-of-aes",
    ST + "burkina-faso-member-of-aes",
    ST + "niger-member-of-aes",
}
SCRIPT_LABEL = "</script><script>alert(1)</script>"
IMG_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_TURTLE = f"""
id:evil-script a kg:State ; skos:prefLabel "{SCRIPT_LABEL}"@en .
id:evil-img a kg:State ; skos:prefLabel "{IMG_LABEL}"@en .
src:evil-page a kg:Source ; kg:sourceKind kg:NewsReport ;
    dcterms:title "{IMG_LABEL} & {SCRIPT_LABEL}" ; dcterms:publisher "{SCRIPT_LABEL}" ;
    dcterms:date "2024-05-02"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:address "https://example.org/evil?a=1&b=<2>"^^xsd:anyURI .
st:evil-partnership a kg:SecurityPartnership ;
    kg:from id:evil-img ; kg:to id:evil-script ;
    kg:start "2024-05-01"^^xsd:date ; kg:startPrecision time:unitDay ;
    kg:status kg:Reported ; kg:source src:evil-page ;
    kg:quantity
        [ a kg:Quantity ; kg:value 27500 ; kg:approximate false ; kg:unit "{SCRIPT_LABEL}" ],
        [ a kg:Quantity ; kg:value 1100 ; kg:approximate true ; kg:unit "{IMG_LABEL}" ] ;
    kg:evidence "{SCRIPT_LABEL}"@en .
"""
# The two figures of st:evil-partnership as the pages say them, smallest first.
HOSTILE_FIGURES = [f"about 1,100 {IMG_LABEL}", f"27,500 {SCRIPT_LABEL}"]
CONSTRUCT_MEMBERS = """\
# Who was a member of what: members and organisations as a network.
CONSTRUCT { ?member kg:memberOf ?organisation }
WHERE { ?m a kg:Membership ; kg:from ?member ; kg:to ?organisation .
  # as-of: ?m
}
"""

# --- COUNT queries, written from the data model, one per view ------------------

# Certainly or possibly in effect on ?day: between the earliest possible start
# and the latest possible end the derive step stored.
ACTIVE_ON_DAY = """
  ?r a ?kind ; kg:status ?status ; kg:earliestStart ?earliest ; kg:latestEnd ?latest .
  ?kind rdfs:subClassOf kg:Relationship .
  FILTER(?status IN (kg:Reported, kg:Confirmed))
  FILTER(?earliest <= ?day && ?latest > ?day)
"""
COUNT_ACTORS = """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
  { ?a a kg:Actor } UNION { ?r a/rdfs:subClassOf kg:Relationship ; kg:from|kg:to ?a } }"""
COUNT_LINKED_ACTORS = """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?r a/rdfs:subClassOf kg:Relationship ; kg:from|kg:to ?a }"""
"""Actors with a relationship: the network views set the others apart."""
COUNT_ACTIVE_ACTORS = (
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {" + ACTIVE_ON_DAY + "?r kg:from|kg:to ?a }"
)
COUNT_EGO_ACTIVE = (
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {"
    + ACTIVE_ON_DAY
    + "{ ?r kg:from ?centre ; kg:to ?a } UNION { ?r kg:to ?centre ; kg:from ?a } }"
)
HOP = "(^kg:from/kg:to|^kg:to/kg:from)"
COUNT_EGO_2 = f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?centre {HOP}?/{HOP}? ?a }}"
COUNT_PATH_MIDDLES = f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  ?a {HOP} ?x . ?x {HOP} ?b . FILTER(?x != ?a && ?x != ?b) }}"""
ASK_DIRECT = f"ASK {{ ?a {HOP} ?b }}"
COUNT_CONSTRUCT_NODES = (
    """SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {
  ?m a kg:Membership ; kg:from|kg:to ?n ."""
    + ACTIVE_ON_DAY.replace("?r", "?m")
    + "}"
)


def count(store, query: str, **bindings) -> int:
    """The one number a COUNT query gives, with IRIs and days bound."""
    terms = {
        k: Literal(v.isoformat(), datatype=XSD_DATE) if isinstance(v, date) else NamedNode(v)
        for k, v in bindings.items()
    }
    result = store.query(query, terms)
    return int(result.rows[0][0].value)


# --- what the query page shows a reader ------------------------------------------


def reader_answer(store, name, as_of=None, **params):
    """A named query's answer as the query page should show it and download it:
    the column names and cell texts of kg.query.formats.reading_columns (the
    citations shown under the name "sources"), and the rows of
    `kg query --format csv` as dicts."""
    import csv
    import io

    from kg.citations import with_citations
    from kg.query.formats import reading_columns, solutions_text

    result = run(
        store,
        named_query(name),
        as_of=PartialDate.parse(as_of).day if as_of else None,
        params=params,
    )
    cited = with_citations(result, store)
    names, texts, _ = reading_columns(cited)
    names = ["sources" if n == "citations" else n for n in names]
    table = solutions_text("csv", cited.variables, cited.rows)
    return names, texts, list(csv.DictReader(io.StringIO(table)))


def same_csv_rows(rows):
    """CSV rows comparable across engines: GROUP_CONCAT orders sources as it likes."""
    return sorted(
        tuple(tuple(sorted(v.split())) if k == "sources" else (v,) for k, v in row.items())
        for row in rows
    )


SEED = int(os.environ.get("KG_TEST_SEED", "2024"))
"""The seed of tests that draw at random (the same draws every run unless changed)."""


def select_values(store: Store, sparql: str) -> list[dict]:
    """An ad-hoc SELECT's rows as plain values (None where unbound)."""
    from kg.query import adhoc

    return [
        {k: (v.value if v is not None else None) for k, v in row.items()}
        for row in run(store, adhoc(sparql)).dicts()
    ]


def one_value(store: Store, subject: str, prop: str) -> str:
    """The one value of ``subject prop`` (prefixed names), failing on none or several."""
    found = select_values(store, f"SELECT ?v WHERE {{ {subject} {prop} ?v }}")
    assert len(found) == 1, (subject, prop, found)
    return found[0]["v"]
