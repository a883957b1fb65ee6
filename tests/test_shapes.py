"""The shapes compiled to SPARQL (kg.validate.shapes) find what pySHACL finds.

pySHACL is the reference: on the curated record, on every bad snippet of the
validation tests, on one snippet per kind of constraint the shapes use, and
on generated damage to a snippet that conforms, both report the same
problems (severity, file, subject, message and value).
"""

from __future__ import annotations

import pytest
from helpers import PROLOGUE
from hypothesis import given, settings
from hypothesis import strategies as st
from shacl_reference import pyshacl_problems
from validation_cases import BAD, BAD_SOURCES, GOOD_MEMBERSHIP, GOOD_SOURCE

from kg.load import load_files, parse_file, rdf_files
from kg.store import OxigraphStore
from kg.validate import Homes, shape_problems
from kg.validate.shapes import ShapeNotCompiled, class_hierarchy, compile_shapes

GOOD = GOOD_SOURCE + GOOD_MEMBERSHIP

# One snippet for each kind of constraint the shapes use, each breaking it.
BROKEN = {
    "two English labels (uniqueLang)": GOOD.replace('"Alpha"@en', '"Alpha"@en, "Alfa"@en'),
    "a German label (languageIn)": GOOD.replace('"Beta"@en', '"Beta"@en, "Beta"@de'),
    "an untagged alternative label (datatype langString)": GOOD + 'id:a skos:altLabel "Al" .\n',
    "a place breaking every rule": GOOD
    + """
id:p a kg:Place ; skos:prefLabel "P"@fr ; kg:locatedIn id:b, id:a ; kg:placeKind kg:Nowhere ;
    geo:lat 100.5, 12.5 ; geo:long "2.5" ; kg:coordinateSource id:a .
id:q a kg:Facility ; skos:prefLabel "Q"@en ; kg:locatedIn id:a ; kg:placeKind kg:Town ;
    geo:lat 13 ; kg:coordinatePrecision kg:Guess .
""",
    "a quantity out of order (lessThanOrEquals, minInclusive)": GOOD.replace(
        "kg:source src:page",
        "kg:quantity [ a kg:Quantity ; kg:value -5 ; kg:minimum 10 ; kg:maximum -9 ;"
        ' kg:approximate "yes" ] ; kg:source src:page',
    ),
    "a quantity that is an actor (class)": GOOD.replace(
        "kg:source src:page", "kg:quantity id:a ; kg:source src:page"
    ),
    "an event announced after it happened": GOOD
    + """
id:e a kg:Coup ; kg:date "2024-01-01"^^xsd:date, "2024-01-02"^^xsd:date ;
    kg:datePrecision time:unitDay ; kg:status kg:Reported ; kg:source src:page ;
    kg:evidence "e"@en ; kg:participant src:page ;
    kg:announced "2024-02-01"^^xsd:date ; kg:announcedPrecision time:unitWeek .
""",
    "a lifetime with no date and no actor (node-level sh:or)": GOOD
    + "st:life a kg:Lifetime ; kg:lifetimeOf src:page ; kg:source src:page ;"
    + ' kg:evidence "x"@en .\n',
    "a record with two horizons": GOOD
    + 'id:rec a kg:Record ; kg:horizon "2025-01-01"^^xsd:date, "2025-02-01" .\n',
    "a claim encoded by a source (sh:or of classes)": GOOD
    + 'claim:S1 a kg:Claim ; kg:claimId "S1", "S2" ; kg:encodedBy src:page ; rdfs:comment "c" .\n',
    "a quote from an actor (sh:or of classes)": GOOD.replace(
        'dcterms:publisher "Agency" ;', 'dcterms:publisher "Agency" ; prov:wasQuotedFrom id:a ;'
    ),
    "publishers breaking every rule (sh:not, sh:hasValue)": GOOD
    + """
pub:m a kg:Publisher ; skos:prefLabel "Mirror"@en, "Miroir"@fr ; kg:publisherKind kg:MirrorSite .
pub:n a kg:Publisher ; kg:publisherKind id:a, kg:NewsAgency ; kg:speaksFor "Alpha" .
src:relay a kg:RelayedReport .
""",
    "bounds without their notes": GOOD.replace(
        "kg:source src:page",
        'kg:startNotBefore "2023-01-01"^^xsd:date ; kg:endNotAfter "2024-01-01"^^xsd:date ;'
        ' kg:attested "2024"^^xsd:gYear ; kg:endAnnounced "2024-01-01"^^xsd:date ;'
        " kg:source src:page",
    ),
    "an address that is a blank node and one that is text (pattern, datatype)": GOOD.replace(
        'kg:address "https://example.org/page"^^xsd:anyURI',
        'kg:address [ kg:x 1 ], "https://example.org/b"',
    ),
    "two starts, one ill-formed": GOOD.replace(
        '"2023-09-16"^^xsd:date', '"2023-09-16"^^xsd:date, "2024-02-30"^^xsd:date'
    ),
    "a start no date can be compared with (lessThanOrEquals)": GOOD.replace(
        "kg:source src:page",
        'kg:end "2023"^^xsd:gYear ; kg:endPrecision time:unitYear ; kg:source src:page',
    ),
    "two ends of one relationship": GOOD.replace("kg:from id:a", "kg:from id:a, id:b"),
}

# Where the compiled shapes follow the SHACL specification and pySHACL does
# not: sh:lessThanOrEquals reports two values that cannot be compared (a day
# and a year here); pySHACL compares them by rdflib's own order.
DEPARTURES = {
    "a start no date can be compared with (lessThanOrEquals)": (
        "kg:start comes after kg:end: check both against the sources. (value: 2023-09-16)"
    ),
}

CASES = {"conforms": GOOD} | BROKEN
CASES |= {f"validation: {case}": GOOD_SOURCE + bad for case, bad, _ in BAD}
CASES |= {f"validation: {case}": bad + GOOD_MEMBERSHIP for case, bad, _ in BAD_SOURCES}


def compiled_problems(files) -> set:
    store = OxigraphStore.in_memory()
    load_files(store, files)
    return set(shape_problems(store, Homes(store, files)))


def _files(turtle_file, tmp_path, text):
    (tmp_path / "none").mkdir(exist_ok=True)
    return rdf_files([turtle_file(text)], data_dir=tmp_path / "none")


@pytest.mark.parametrize("case", list(CASES))
def test_the_compiled_shapes_report_what_pyshacl_reports(turtle_file, tmp_path, case):
    files = _files(turtle_file, tmp_path, CASES[case])
    compiled = compiled_problems(files)
    reference = pyshacl_problems(files)
    if case in DEPARTURES:
        departed = DEPARTURES[case]
        assert {p.message for p in compiled - reference} == {departed}
        assert reference <= compiled
    else:
        assert compiled == reference
    if case in BROKEN:
        assert any(p.severity == "violation" for p in compiled), case


@pytest.mark.slow
def test_the_compiled_shapes_report_what_pyshacl_reports_on_the_record():
    files = rdf_files()
    compiled = compiled_problems(files)
    assert compiled == pyshacl_problems(files)
    assert len(compiled) > 500  # the sources without title or date, as warnings


# What generated damage may put in an object's place.
ODD_VALUES = [
    "id:nowhere",
    "id:a",
    "src:page",
    '"text"',
    '"texte"@fr',
    '"Alpha"@de',
    "7",
    "-3",
    "2.5",
    '"2024-13-45"^^xsd:date',
    '"2024"^^xsd:gYear',
    "kg:Confirmed",
    "time:unitWeek",
    "[ kg:value 1 ]",
]


@pytest.mark.slow
@settings(max_examples=50, deadline=None, derandomize=True)
@given(data=st.data())
def test_damaged_snippets_get_the_same_report_from_both(tmp_path_factory, data):
    lines = [line for line in (GOOD + BROKEN["a place breaking every rule"]).splitlines()]
    statements = [i for i, line in enumerate(lines) if line.strip()]
    for index in data.draw(st.sets(st.sampled_from(statements), max_size=3), label="damaged"):
        line = lines[index]
        if data.draw(st.booleans(), label="drop a property"):
            # Drop the text between two ';' (a property and its values).
            parts = line.split(";")
            if len(parts) > 2:
                parts.pop(data.draw(st.integers(1, len(parts) - 2)))
            lines[index] = ";".join(parts)
        else:
            odd = data.draw(st.sampled_from(ODD_VALUES))
            words = line.split(" ")
            places = [i for i, w in enumerate(words) if w[:1] in '"i' or w[:3] in ("kg:", "tim")]
            if places:
                words[data.draw(st.sampled_from(places))] = odd
            lines[index] = " ".join(words)
    text = "\n".join(lines) + "\n"
    folder = tmp_path_factory.mktemp("damaged")
    (folder / "damaged.ttl").write_text(PROLOGUE + text, encoding="utf-8")
    (folder / "none").mkdir()
    files = rdf_files([folder / "damaged.ttl"], data_dir=folder / "none")
    try:
        for file in files:
            parse_file(file)
    except Exception:
        return  # damage that breaks the syntax is the parser's case, tested elsewhere
    assert compiled_problems(files) == pyshacl_problems(files), text


def test_a_constraint_the_compiler_does_not_know_stops_it_naming_the_shape(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:s:Odd> a sh:NodeShape ; sh:targetClass <urn:c:C> ; sh:message "m" ;\n'
        "    sh:xone ( [ sh:class <urn:c:A> ] [ sh:class <urn:c:B> ] ) .\n"
    )
    with pytest.raises(ShapeNotCompiled, match="urn:s:Odd: sh:xone"):
        compile_shapes(shapes)


def test_every_kind_of_constraint_is_broken_by_some_case(turtle_file, tmp_path):
    """Each kind of constraint the shapes use (sh:minCount, sh:or, ...) finds
    a row in at least one snippet above, so no kind is compared only while it
    finds nothing."""
    kinds = {q.constraint for q in compile_shapes()}
    broken = set()
    for text in CASES.values():
        store = OxigraphStore.in_memory()
        load_files(store, _files(turtle_file, tmp_path, text))
        subclasses = class_hierarchy(store)
        broken |= {q.constraint for q in compile_shapes() if store.select(q.text(subclasses)).rows}
    assert kinds - broken == set()
    assert len(kinds) >= 13
