"""docs/ontology.md is generated from the ontology and the shapes: it must be
current, and it must show every term with the label and definition the
ontology gives it."""

from __future__ import annotations

import re
from pathlib import Path

from kg.ontology_doc import DOC_FILE, main, render

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = (ROOT / "ontology" / "sahel.ttl").read_text(encoding="utf-8")


def test_ontology_reference_matches_the_ontology():
    assert DOC_FILE == ROOT / "docs" / "ontology.md"
    assert DOC_FILE.read_text(encoding="utf-8") == render(), (
        "docs/ontology.md is stale: run `python -m kg.ontology_doc`"
    )


def test_check_mode_reports_a_current_file(capsys):
    assert main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_every_class_and_property_of_the_ontology_is_documented():
    doc = render()
    declared = re.findall(
        r"^kg:(\w+) a owl:(?:Class|ObjectProperty|DatatypeProperty|AnnotationProperty|"
        r"SymmetricProperty)",
        ONTOLOGY,
        flags=re.MULTILINE,
    )
    assert len(declared) > 90  # 38 classes and 59 properties when this was written
    missing = [term for term in declared if f"| `kg:{term}` |" not in doc]
    assert missing == []


def test_a_relationship_class_row_carries_label_truthy_property_and_definition():
    # ontology/sahel.ttl: kg:Membership, "membership", kg:truthyProperty kg:memberOf.
    row = (
        "| `kg:Membership` | membership | `kg:Relationship` | `kg:memberOf` | "
        "From a member to the organisation or mission it belongs to. |"
    )
    assert row in render().splitlines()


def test_statuses_and_shape_messages_are_listed_with_their_severity():
    lines = render().splitlines()
    assert any(
        line.startswith("| `kg:Denied` | `kg:Status` | denied |") and "never active" in line
        for line in lines
    )
    # ontology/shapes.ttl: a missing source title is a warning, a missing source a violation.
    title = [line for line in lines if "This source has no dcterms:title" in line]
    assert len(title) == 1 and "| Warning |" in title[0] and "`dcterms:title`" in title[0]
    source = [line for line in lines if "A relationship needs at least one kg:source" in line]
    assert len(source) == 1 and "| Violation |" in source[0]
    assert any(line.startswith("| `date-not-first-of-period-violation.rq` |") for line in lines)
