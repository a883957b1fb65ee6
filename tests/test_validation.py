"""Validation rejects each kind of bad fact, names file and subject, and
accepts the corrected snippet."""

from __future__ import annotations

import pytest

from kg.load import rdf_files
from kg.validate import validate_files

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


def _problems(turtle_file, text):
    path = turtle_file(text)
    report = validate_files(rdf_files([path], data_dir=path.parent / "no-bundled-data"))
    return path, report


@pytest.fixture(autouse=True)
def _empty_bundled_dir(tmp_path):
    (tmp_path / "no-bundled-data").mkdir()


def test_the_good_snippet_conforms(turtle_file):
    _, report = _problems(turtle_file, GOOD_SOURCE + GOOD_MEMBERSHIP)
    assert report.violations == []


@pytest.mark.parametrize(("case", "bad", "words"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_relationship_is_a_violation_naming_file_and_subject(
    turtle_file, case, bad, words
):
    path, report = _problems(turtle_file, GOOD_SOURCE + bad)
    assert report.violations, case
    assert any(words in p.message and p.file == str(path) for p in report.violations), [
        str(p) for p in report.violations
    ]
    assert any(p.subject in ("st:m", "id:a", "id:b") for p in report.violations)


@pytest.mark.parametrize(("case", "bad", "words"), BAD_SOURCES, ids=[b[0] for b in BAD_SOURCES])
def test_each_bad_source_or_actor_is_a_violation(turtle_file, case, bad, words):
    path, report = _problems(turtle_file, bad + GOOD_MEMBERSHIP)
    assert any(words in p.message and p.file == str(path) for p in report.violations), [
        str(p) for p in report.violations
    ]


def test_a_missing_title_or_date_is_only_a_warning(turtle_file):
    text = GOOD_SOURCE.replace('dcterms:title "A page" ;', "").replace(
        'dcterms:date "2024-04-12"^^xsd:date ; kg:datePrecision time:unitDay ;', ""
    )
    _, report = _problems(turtle_file, text + GOOD_MEMBERSHIP)
    assert report.violations == []
    messages = {w.message for w in report.warnings if w.subject == "src:page"}
    assert any("dcterms:title" in m for m in messages)
    assert any("dcterms:date" in m for m in messages)


def test_a_claim_must_cite_its_source_in_its_encodings(turtle_file):
    claim = """
src:other a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "X" ;
    kg:address "https://example.org/other"^^xsd:anyURI .
claim:S99 a kg:Claim ; kg:claimId "S99" ; kg:madeIn src:other ; rdfs:comment "Alpha joined."@en ;
    kg:encodedBy st:m .
"""
    _, report = _problems(turtle_file, GOOD_SOURCE + GOOD_MEMBERSHIP + claim)
    assert any("does not cite its source" in p.message for p in report.violations)


@pytest.mark.slow
def test_the_bundled_data_validates_clean():
    report = validate_files(rdf_files())
    assert report.violations == [], "\n".join(map(str, report.violations))
