"""Citing an answer reads the sources it cites, and cites them as reading every
source would."""

from __future__ import annotations

import pytest

from kg.citations import Citations, with_citations
from kg.query import named_queries, run
from kg.store import SelectResult


def test_citations_of_some_sources_are_those_sources_only(real_store):
    every = Citations.of(real_store)
    some = sorted(every)[:3]
    assert set(Citations.of(real_store, some)) == set(some)
    assert all(Citations.of(real_store, some)[slug] == every[slug] for slug in some)


def test_a_slug_that_makes_no_iri_is_left_uncited(real_store):
    known = sorted(Citations.of(real_store))[0]
    found = Citations.of(real_store, [known, "no such> source", ""])
    assert set(found) == {known}
    assert Citations.of(real_store, []) == {}


def test_each_named_query_is_cited_as_with_every_source(real_store):
    every = Citations.of(real_store)
    total = 0
    for name, query in named_queries().items():
        result = run(real_store, query)
        if not isinstance(result, SelectResult) or "sources" not in result.variables:
            continue
        at = result.variables.index("sources")
        listed = [
            " ".join(sorted(row[at].value.split())) if row[at] else None for row in result.rows
        ]
        expected = [every.cite(slugs) if slugs else None for slugs in listed]
        cited = with_citations(result, real_store).dicts()
        assert [row["sources"].value if row["sources"] else None for row in cited] == listed, name
        column = [row["citations"] for row in cited]
        assert [c.value if c else None for c in column] == expected, name
        total += len(result.rows)
    assert total > 100


# One row per quoted report: the citation names them all, whatever order the
# engine returns the rows in.
RELAY_OF_TWO = (
    'src:relay a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "Relay" ;\n'
    '  dcterms:date "2025-06-07"^^xsd:date ; prov:wasQuotedFrom src:b, src:a .\n'
    'src:a a kg:Source ; kg:sourceKind kg:OfficialStatement ; dcterms:publisher "Zed" .\n'
    'src:b a kg:Source ; kg:sourceKind kg:OfficialStatement ; dcterms:publisher "Alpha" .\n'
)
# data/seed-article.ttl shows neither publisher nor title: a reader is told what
# kind of source it is, the slug kept only to find it.
UNNAMED_RELAY = (
    "src:relay a kg:Source ; kg:sourceKind kg:NewsReport ;\n"
    '  dcterms:date "2024-04-01"^^xsd:date ; kg:datePrecision time:unitMonth ;\n'
    "  prov:wasQuotedFrom src:broadcast .\n"
    'src:broadcast a kg:Source ; kg:sourceKind kg:StateMedia ; dcterms:publisher "RTN" .\n'
)


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        (RELAY_OF_TWO, "Alpha and Zed via Relay, 2025-06-07"),
        (UNNAMED_RELAY, "RTN via unnamed news report [relay], 2024-04"),
    ],
    ids=["a relay of two reports", "a source without publisher or title"],
)
def test_a_relay_is_cited_alike_on_every_store(turtle, expected):
    from helpers import snippet_store

    for backend in ("oxigraph", "rdflib"):
        said = Citations.of(snippet_store(turtle, backend), ["relay"])["relay"].text
        assert said == expected, backend
