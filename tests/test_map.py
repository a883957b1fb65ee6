"""The map view: the map model against facts read in data/*.ttl, and the page
written by the real `kg view map`, opened from file:// in headless Chromium
with every other request aborted.

Facts used (data/places.ttl, data/western-partners.ttl, data/russia.ttl):
Bamako is a capital at 12.60915 N, 7.97522 W; Gao a town at 16.27167 N,
0.04472 W; Agadez a town at 16.97333 N, 7.99111 E. The Bundeswehr ran Camp
Castor (Gao airport) from some day of 2016 to 2023-12-12, confirmed; the
Bundeswehr is part of Germany's forces. The Wagner Group's arrival in Mali is
dated to December 2021 (month precision) and placed in Bamako.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser import Watched, file_only
from helpers import ID, IMG_LABEL, PROLOGUE, SCRIPT_LABEL, count

from kg.temporal import LAST_DAY, Certainty, certainty_on
from kg.views import EPOCH

ST = "https://w3id.org/sahel-kg/statement/"
CASTOR = ST + "bundeswehr-operates-camp-castor"
WAGNER_ARRIVAL = ID + "wagner-arrival-mali-2021-12"
KNOWN_PLACES = {  # id: (latitude, longitude), as data/places.ttl gives them
    ID + "bamako": (12.60915, -7.97522),
    ID + "gao": (16.27167, -0.04472),
    ID + "agadez": (16.97333, 7.99111),
}
COUNT_PLACES = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:Place ; geo:lat ?lat }"
COUNT_PLACED_EVENTS = """SELECT (COUNT(*) AS ?n) WHERE {
  SELECT DISTINCT ?e ?p WHERE { ?e a kg:Event ; kg:date ?d ; kg:place ?p . ?p geo:lat ?lat } }"""
HOSTILE_PLACE = f"""
src:evil-atlas a kg:Source ; kg:sourceKind kg:Encyclopedia ;
    dcterms:title "{IMG_LABEL}" ; dcterms:publisher "{SCRIPT_LABEL}" ;
    kg:address "https://example.org/atlas?a=1&b=<2>"^^xsd:anyURI .
id:evil-town a kg:Place ; skos:prefLabel "{SCRIPT_LABEL}"@en ; kg:placeKind kg:Town ;
    kg:locatedIn id:niger ; geo:lat 15.5 ; geo:long 10.5 ;
    kg:coordinatePrecision kg:TownCentre ; kg:coordinateSource src:evil-atlas .
id:evil-raid a kg:Event ; skos:prefLabel "{IMG_LABEL}"@en ;
    kg:date "2024-01-02"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:status kg:Reported ; kg:source src:evil-atlas ; kg:evidence "{SCRIPT_LABEL}"@en ;
    kg:place id:evil-town .
st:evil-deployment a kg:Deployment ; kg:from id:france ; kg:to id:niger ;
    kg:start "2023-01-01"^^xsd:date ; kg:startPrecision time:unitDay ;
    kg:place id:evil-town ; kg:status kg:Reported ; kg:source src:evil-atlas ;
    kg:quantity
        [ a kg:Quantity ; kg:value 27500 ; kg:approximate false ; kg:unit "{SCRIPT_LABEL}" ],
        [ a kg:Quantity ; kg:value 1100 ; kg:approximate true ; kg:unit "{IMG_LABEL}" ] ;
    kg:evidence "{IMG_LABEL}"@en .
"""


def _day(text: str) -> int:
    return (date.fromisoformat(text) - EPOCH).days


@pytest.fixture(scope="module")
def model(real_stores) -> dict:
    from kg.views.map_model import map_model

    return map_model(real_stores["oxigraph"])


# --- the model (no browser) --------------------------------------------------------


def test_every_place_with_coordinates_is_on_the_map_with_its_own(model, real_stores):
    assert len(model["places"]) == count(real_stores["oxigraph"], COUNT_PLACES)
    places = {p["id"]: p for p in model["places"]}
    for iri, (latitude, longitude) in KNOWN_PLACES.items():
        assert (places[iri]["lat"], places[iri]["long"]) == (latitude, longitude)
    assert places[ID + "bamako"]["kind"] == "Capital"
    assert places[ID + "bamako"]["state"] == ID + "mali"
    assert places[ID + "agadez"]["stateLabel"] == "Niger"
    assert places[ID + "gao"]["sources"] == ["geonames-cities500"]
    assert model["sources"]["geonames-cities500"]["address"] == "http://www.geonames.org/"


def test_each_placed_event_is_a_marker_at_each_of_its_places(model, real_stores):
    assert len(model["events"]) == count(real_stores["oxigraph"], COUNT_PLACED_EVENTS)
    coup_2020 = {e["place"] for e in model["events"] if e["event"] == ID + "mali-coup-2020"}
    assert coup_2020 == {ID + "kati", ID + "bamako"}  # data/places.ttl: mutiny at Kati, then Bamako


def test_an_event_dated_to_a_month_is_possible_within_it_and_certain_after(model):
    (arrival,) = [e for e in model["events"] if e["event"] == WAGNER_ARRIVAL]
    assert (arrival["place"], arrival["when"], arrival["status"]) == (
        ID + "bamako",
        "2021-12",
        "Reported",
    )
    assert arrival["earliestStartDay"] == _day("2021-12-01")
    assert arrival["latestStartDay"] == _day("2021-12-31")
    assert arrival["earliestEndDay"] == arrival["latestEndDay"] == _day(LAST_DAY.isoformat())
    assert arrival["startBasis"] == "happened in 2021-12"


def test_a_base_carries_its_relationship_bounds_and_who_sent_it(model):
    (castor,) = [p for p in model["presences"] if p["statement"] == CASTOR]
    assert castor["place"] == ID + "camp-castor"
    assert (castor["force"], castor["sender"]) == (ID + "bundeswehr", ID + "germany")
    assert castor["kind"] == "FacilityOperation" and castor["status"] == "Confirmed"
    bounds = [castor[k] for k in ("earliestStartDay", "latestStartDay")]
    assert bounds == [_day("2016-01-01"), _day("2016-12-31")]  # started in 2016
    # an end is the first day no longer in effect (kg/temporal.py): the day it ended
    assert castor["earliestEndDay"] == castor["latestEndDay"] == _day("2023-12-12")
    assert model["senders"][ID + "germany"]["label"] == "Germany"
    cited = [model["sources"][s]["text"] for s in castor["sources"]]
    assert any(text.startswith("ZDF") for text in cited), cited


def test_the_model_bounds_agree_with_the_python_rule(model):
    """The page feeds these day numbers to kgCertainty; kg.temporal says the same."""
    from kg.temporal import Bounds

    (castor,) = [p for p in model["presences"] if p["statement"] == CASTOR]

    def on(iso: str) -> Certainty:
        days = [castor[k] for k in ("earliestStartDay", "latestStartDay")]
        days += [castor[k] for k in ("earliestEndDay", "latestEndDay")]
        bounds = Bounds(*(date.fromordinal(EPOCH.toordinal() + d) for d in days))
        return certainty_on(castor["status"], bounds, date.fromisoformat(iso))

    assert on("2016-06-01") is Certainty.POSSIBLE
    assert on("2019-06-01") is Certainty.CERTAIN
    assert on("2024-01-01") is Certainty.INACTIVE


def test_the_main_places_are_labelled_first(model):
    first = sorted(model["places"], key=lambda p: p["rank"])[:3]
    assert {p["id"] for p in first} == {ID + "bamako", ID + "niamey", ID + "ouagadougou"}


def test_map_errors_are_one_line_and_write_nothing(kg, tmp_path):
    proc = kg("view", "map", "--as-of", "2019-13", "-o", str(tmp_path / "map.html"))
    assert proc.returncode == 6 and proc.stderr.startswith("kg: error:")
    assert "2019-13" in proc.stderr
    assert "Traceback" not in proc.stderr and not list(tmp_path.iterdir())


# --- the page in Chromium ------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(kg, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("map")
    (folder / "hostile.ttl").write_text(PROLOGUE + HOSTILE_PLACE, encoding="utf-8")
    commands = {
        "map": [],
        "map-2019": ["--as-of", "2019-06-01"],
        "hostile": ["--data", str(folder / "hostile.ttl")],
    }
    written = {}
    for name, args in commands.items():
        output = folder / f"{name}.html"
        proc = kg("view", "map", *args, "-o", str(output))
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == str(output)
        written[name] = output
    return written


class MapPage(Watched):
    """A map page opened offline at 1440x900, every non-file request aborted."""

    def __init__(self, browser, path: Path):
        super().__init__(browser.new_page(viewport={"width": 1440, "height": 900}), file_only)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.kgMapPage && window.kgMapPage.ready")

    def drawn(self, day: int | None) -> None:
        """Wait until the page shows the map as of ``day``: the map drawn, and the
        header's counts and day said for it (the page redraws on the next frame,
        and a test may have set the map's day itself before)."""
        self.page.wait_for_function(
            """(d) => {
                const h = window.kgMapPage.handle;
                const day = d === null ? "all dates" : window.kgText.dayText(d);
                return h.day === d
                    && document.getElementById("day-shown").textContent === day
                    && document.getElementById("counts").textContent === h.summary();
            }""",
            arg=day,
        )

    def set_day(self, iso: str | None) -> dict:
        day = _day(iso) if iso else None
        return self.js("(d) => window.kgMapPage.handle.setDay(d)", day)

    def classes(self, iri: str) -> list[list[str]]:
        """The classes of each marker drawn for ``iri``, [] for a hidden one."""
        return self.js(
            """(id) => window.kgMapPage.handle.elementsOf(id).map((e) =>
                e.style.display === 'none' ? [] : [...e.classList])""",
            iri,
        )


@pytest.fixture(scope="module")
def opened(browser, pages) -> Iterator[MapPage]:
    page = MapPage(browser, pages["map"])
    yield page
    page.page.close()


@pytest.mark.browser
def test_markers_sit_where_leaflet_puts_their_coordinates(opened):
    for iri, (latitude, longitude) in KNOWN_PLACES.items():
        where = opened.js(
            """([id, lat, long]) => {
                const handle = window.kgMapPage.handle;
                const frame = handle.map.getContainer().getBoundingClientRect();
                const point = handle.map.latLngToContainerPoint([lat, long]);
                const box = handle.elementsOf(id)[0].getBoundingClientRect();
                return [frame.left + point.x, frame.top + point.y,
                        box.left + box.width / 2, box.top + box.height / 2];
            }""",
            [iri, latitude, longitude],
        )
        expected_x, expected_y, drawn_x, drawn_y = where
        assert abs(expected_x - drawn_x) < 1.5 and abs(expected_y - drawn_y) < 1.5, (iri, where)
    # The default view holds the three states: each capital is on screen.
    for capital in ("bamako", "niamey", "ouagadougou"):
        inside = opened.js(
            """(id) => { const h = window.kgMapPage.handle;
                const p = h.map.getBounds(); const place = h.elementsOf(id)[0];
                const frame = h.map.getContainer().getBoundingClientRect();
                const box = place.getBoundingClientRect();
                return p.isValid() && box.left > frame.left && box.right < frame.right
                    && box.top > frame.top && box.bottom < frame.bottom; }""",
            ID + capital,
        )
        assert inside, capital
    assert opened.clean(), (opened.errors, opened.failed, opened.blocked)


@pytest.mark.browser
def test_a_base_is_certain_possible_or_absent_as_the_day_says(opened):
    opened.set_day("2019-06-01")
    (castor,) = opened.classes(CASTOR)
    assert "kg-certain" in castor and "kg-possible" not in castor
    opened.set_day("2016-06-01")  # some day of 2016: possibly there already
    (castor,) = opened.classes(CASTOR)
    assert "kg-possible" in castor
    opened.set_day("2024-01-01")  # the Bundeswehr left on 2023-12-12
    assert opened.classes(CASTOR) == [[]]
    everything = opened.set_day(None)
    assert opened.classes(CASTOR)[0]
    assert everything["presences"]["certain"] > opened.set_day("2024-01-01")["presences"]["certain"]


@pytest.mark.browser
def test_an_event_appears_once_it_may_have_happened(opened):
    assert opened.classes(WAGNER_ARRIVAL) != [[]]
    opened.set_day("2021-11-30")
    assert opened.classes(WAGNER_ARRIVAL) == [[]]
    opened.set_day("2021-12-10")
    assert "kg-possible" in opened.classes(WAGNER_ARRIVAL)[0]
    opened.set_day("2022-01-01")
    assert "kg-certain" in opened.classes(WAGNER_ARRIVAL)[0]
    opened.set_day(None)


@pytest.mark.browser
def test_clicking_a_base_selects_its_force_and_the_panel_cites_sources(opened, model):
    opened.set_day(None)
    opened.js("(id) => window.kgMapPage.handle.elementsOf(id)[0].click()", CASTOR)
    assert opened.page.text_content("#panel h3") == "Bundeswehr"
    assert "Camp Castor" in opened.page.text_content("#panel")
    assert opened.page.locator("#panel ol a").count() >= 3
    lit = opened.js("(id) => window.kgMapPage.handle.select(id)", ID + "germany")
    # Germany's presences (Camp Castor, the air transport base in Niamey, ...)
    german = [p for p in model["presences"] if p["sender"] == ID + "germany"]
    assert len(german) >= 2 and lit == len(german)
    assert opened.js("() => document.querySelectorAll('.kg-selected').length") == lit
    assert opened.js("() => window.kgMapPage.handle.select(null)") == 0


@pytest.mark.browser
def test_a_page_written_as_of_a_day_opens_on_it(browser, pages):
    page = MapPage(browser, pages["map-2019"])
    assert page.js("() => window.kgMapPage.handle.day") == _day("2019-06-01")
    assert page.page.text_content("#day-shown") == "2019-06-01"
    assert "kg-certain" in page.classes(CASTOR)[0]
    assert page.classes(WAGNER_ARRIVAL) == [[]]
    assert page.clean()
    page.page.close()


@pytest.mark.browser
def test_labels_at_the_opening_view_do_not_overlap(opened):
    boxes = opened.js(
        """() => [...document.querySelectorAll('.kg-label, .kg-country')]
            .filter((e) => !e.classList.contains('kg-label-hidden'))
            .map((e) => { const b = e.getBoundingClientRect();
                          return [b.left, b.top, b.right, b.bottom, e.textContent]; })"""
    )
    names = {box[4] for box in boxes}
    assert {"Bamako", "Niamey", "Ouagadougou", "MALI", "NIGER", "BURKINA FASO"} <= names
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)


@pytest.mark.browser
def test_hostile_place_and_event_names_stay_text(browser, pages):
    page = MapPage(browser, pages["hostile"])
    labels = page.js("() => [...document.querySelectorAll('.kg-label')].map((e) => e.textContent)")
    assert SCRIPT_LABEL in labels
    page.js("(id) => window.kgMapPage.handle.elementsOf(id)[0].click()", ID + "evil-town")
    assert page.page.text_content("#panel h3") == SCRIPT_LABEL
    link = page.page.locator("#panel ol a").first
    assert link.get_attribute("href") == "https://example.org/atlas?a=1&b=<2>"
    # the force based there, with both its figures as text, smallest first
    figures = page.page.text_content("#panel .figures")
    assert figures == f"about 1,100 {IMG_LABEL}; 27,500 {SCRIPT_LABEL}"
    # hover the event: its tooltip shows the name and the source as text
    page.js("() => { window.kgMapPage.handle.map.setView([15.5, 10.5], 8); }")
    page.page.hover("[data-id='id:evil-raid@id:evil-town']")
    tip = page.page.locator(".leaflet-tooltip", has_text="onerror")
    assert IMG_LABEL in tip.text_content() and SCRIPT_LABEL in tip.text_content()
    assert page.js("() => document.querySelectorAll('img').length") == 0
    # only the three code scripts run: every other <script> holds typed data
    assert page.js("() => document.querySelectorAll('script:not([type])').length") == 3
    page.page.wait_for_timeout(200)
    assert page.dialogs == [] and page.clean(), (page.errors, page.blocked)
    page.page.close()


@pytest.mark.server
def test_the_server_draws_the_map_with_its_policy():
    import httpx
    from servers import kg_serve

    served = kg_serve("--workers", "1")
    url = next(served)
    try:
        page = httpx.get(url + "/view/map", params={"as_of": "2019-06-01"}, timeout=60)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        policy = page.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "connect-src" not in policy
        assert "Camp Castor" in page.text and "<script src" not in page.text
    finally:
        served.close()


@pytest.mark.browser
def test_the_date_box_reads_iso_dates_and_says_what_it_cannot(browser, pages):
    page = MapPage(browser, pages["map"])
    box = page.page.locator("#day-input")
    assert box.get_attribute("type") == "text" and box.input_value() == ""
    box.fill("2019-06")  # a month means its first day
    box.press("Enter")
    page.drawn(_day("2019-06-01"))
    assert box.input_value() == "2019-06-01" and "kg-certain" in page.classes(CASTOR)[0]
    box.fill("1 June 2019")
    box.press("Enter")
    assert page.page.text_content("#day-error").startswith("“1 June 2019” is not a date")
    assert box.get_attribute("aria-invalid") == "true"
    page.drawn(_day("2019-06-01"))  # unchanged
    box.fill("2999")  # after the record: its last day, and said so
    box.press("Enter")
    assert "showing" in page.page.text_content("#day-error")
    page.drawn(page.js("() => window.kgMapPage.model.span.max"))
    box.fill("")
    box.press("Enter")
    page.drawn(None)
    assert page.page.is_checked("#all-dates")
    assert page.clean()
    page.page.close()


@pytest.mark.slow
def test_counts_in_the_header_say_one_thing_in_the_singular(opened):
    """ "1 base or deployment", never "1 bases and deployments": on a day where
    the map shows exactly one of something (found by stepping through the
    record a month at a time), the header's noun is singular."""
    found = opened.js(
        """() => {
            const h = window.kgMapPage.handle, span = window.kgMapPage.model.span;
            // The map is put back as it was, so that waiting below for the
            // page to draw the day found waits for the page, not this loop.
            const before = h.day;
            let found = null;
            for (let day = span.min; day <= span.max && found === null; day += 30) {
                const c = h.setDay(day);
                const n = [c.places, c.events.certain + c.events.possible,
                           c.presences.certain + c.presences.possible];
                if (n.includes(1)) found = day;
            }
            h.setDay(before);
            return found;
        }"""
    )
    assert found is not None
    opened.page.fill("#day-input", opened.js("(d) => window.kgText.dayText(d)", found))
    opened.page.press("#day-input", "Enter")
    opened.drawn(found)
    counts = opened.js("() => window.kgMapPage.handle.counts()")
    text = opened.page.text_content("#counts")
    assert "NaN" not in text
    nouns = [
        (counts["places"], "place", "places"),
        (sum(counts["events"].values()), "event", "events"),
        (sum(counts["presences"].values()), "base or deployment", "bases and deployments"),
    ]
    assert any(n == 1 for n, _, _ in nouns)
    said = [part.split(" (")[0] for part in text.split(" · ")]  # "1 event (1 possible)"
    assert said == [f"{n} {one if n == 1 else many}" for n, one, many in nouns]
