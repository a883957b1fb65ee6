"""Validation rejects each kind of bad fact, names file and subject, and
accepts the corrected snippet."""

from __future__ import annotations

import pytest
from validation_cases import BAD, BAD_SOURCES, GOOD_MEMBERSHIP, GOOD_SOURCE

from kg.load import rdf_files
from kg.validate import validate_files


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
