"""Turtle snippets for the validation tests: a source and a membership that
conform, and bad versions of each with the words their violation must name.
Shared by tests/test_validation.py (the messages) and tests/test_shapes.py
(the compiled shapes against pySHACL)."""

from __future__ import annotations

GOOD_SOURCE = """
src:page a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:title "A page" ;
    dcterms:publisher "Agency" ;
    dcterms:date "2024-04-12"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:address "https://example.org/page"^^xsd:anyURI .
id:a a kg:State ; skos:prefLabel "Alpha"@en .
id:b a kg:IntergovernmentalOrganisation ; skos:prefLabel "Beta"@en .
"""

GOOD_MEMBERSHIP = """
st:m a kg:Membership ; kg:from id:a ; kg:to id:b ; kg:status kg:Reported ;
    kg:start "2023-09-16"^^xsd:date ; kg:startPrecision time:unitDay ;
    kg:source src:page ; kg:evidence "Alpha joined Beta."@en .
"""

# (case, bad snippet replacing GOOD_MEMBERSHIP or GOOD_SOURCE, words the message must contain)
BAD = [
    ("missing end", GOOD_MEMBERSHIP.replace("kg:to id:b ;", ""), "kg:to"),
    ("unknown status", GOOD_MEMBERSHIP.replace("kg:Reported", "kg:Rumoured"), "kg:status"),
    ("no source", GOOD_MEMBERSHIP.replace("kg:source src:page ;", ""), "kg:source"),
    (
        "no evidence",
        GOOD_MEMBERSHIP.replace('kg:evidence "Alpha joined Beta."@en', "kg:status kg:Reported"),
        "kg:evidence",
    ),
    (
        "no start nor attested",
        GOOD_MEMBERSHIP.replace(
            'kg:start "2023-09-16"^^xsd:date ; kg:startPrecision time:unitDay ;', ""
        ),
        "kg:start",
    ),
    (
        "start without precision",
        GOOD_MEMBERSHIP.replace("kg:startPrecision time:unitDay ;", ""),
        "kg:startPrecision",
    ),
    (
        "gYear instead of date",
        GOOD_MEMBERSHIP.replace('"2023-09-16"^^xsd:date', '"2023"^^xsd:gYear'),
        "xsd:date",
    ),
    (
        "end before start",
        GOOD_MEMBERSHIP.replace(
            "kg:source src:page",
            'kg:end "2023-01-01"^^xsd:date ; kg:endPrecision time:unitDay ; kg:source src:page',
        ),
        "kg:start comes after kg:end",
    ),
    (
        "month precision not first day",
        GOOD_MEMBERSHIP.replace("time:unitDay", "time:unitMonth"),
        "first day",
    ),
    (
        "end is not an actor",
        GOOD_MEMBERSHIP.replace("kg:to id:b", "kg:to id:nowhere"),
        "typed actor",
    ),
    (
        "quantity as string",
        GOOD_MEMBERSHIP.replace(
            "kg:source src:page",
            'kg:quantity [ a kg:Quantity ; kg:value "100" ; kg:approximate false ;'
            ' kg:unit "personnel" ] ; kg:source src:page',
        ),
        "numeric",
    ),
]

BAD_SOURCES = [
    (
        "source without address",
        GOOD_SOURCE.replace(
            'kg:address "https://example.org/page"^^xsd:anyURI', 'dcterms:language "en"'
        ),
        "kg:address",
    ),
    (
        "source without publisher",
        GOOD_SOURCE.replace('dcterms:publisher "Agency" ;', ""),
        "publisher",
    ),
    (
        "source with unknown kind",
        GOOD_SOURCE.replace("kg:NewsReport", "kg:Rumour"),
        "kg:sourceKind",
    ),
    (
        "address not http",
        GOOD_SOURCE.replace("https://example.org/page", "ftp://example.org/page"),
        "http(s)",
    ),
    (
        "actor without English label",
        GOOD_SOURCE.replace('skos:prefLabel "Alpha"@en', 'skos:prefLabel "Alpha"@fr'),
        "@en",
    ),
    ("two actors share a label", GOOD_SOURCE.replace('"Beta"@en', '"alpha"@en'), "also the label"),
]
