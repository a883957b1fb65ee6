"""The reader page: a view's network, timeline and map in tabs, on one date
cursor and one selection (kg.views.reader, kg/assets/reader.js).

One page serves the module: the curated record plus hostile names (an actor,
a relationship, a source, an event, a place and a base named as markup),
written by the real `kg view overview --data` and opened from file:// at
1440x900 with every other request aborted. What each pane should show on a
day comes from Python's one as-of rule: kg.network.to_networkx for the
network's edges, kg.temporal.certainty_on over the timeline's and the map's
items, as kg.views.reader built them.

Facts used (data/western-partners.ttl): the Bundeswehr ran Camp Castor (Gao
airport) from some day of 2016 to 2023-12-12; the Bundeswehr is part of
Germany's forces.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from browser import Watched, file_only
from helpers import HOSTILE_TURTLE, ID, IMG_LABEL, PROLOGUE, SCRIPT_LABEL, ST

from kg.network import to_networkx
from kg.store import Store
from kg.temporal import Bounds, Certainty, certainty_on
from kg.views import EPOCH

CASTOR = ST + "bundeswehr-operates-camp-castor"
BOUNDS = ("earliestStartDay", "latestStartDay", "earliestEndDay", "latestEndDay")
WINDOW = """([start, end]) => {
  kgReader.timeline.timeline.setWindow(new Date(start), new Date(end), {animation: false});
}"""
HOSTILE_MAP = f"""
id:evil-town a kg:Place ; skos:prefLabel "{SCRIPT_LABEL}"@en ; kg:placeKind kg:Town ;
    kg:locatedIn id:niger ; geo:lat 15.5 ; geo:long 10.5 ;
    kg:coordinatePrecision kg:TownCentre ; kg:coordinateSource src:evil-page .
id:evil-raid a kg:Coup ; skos:prefLabel "{IMG_LABEL}"@en ;
    kg:date "2024-05-03"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:participant id:evil-img ; kg:place id:evil-town ;
    kg:status kg:Reported ; kg:source src:evil-page ; kg:evidence "{SCRIPT_LABEL}"@en .
st:evil-deployment a kg:Deployment ; kg:from id:evil-img ; kg:to id:evil-script ;
    kg:start "2024-05-01"^^xsd:date ; kg:startPrecision time:unitDay ;
    kg:place id:evil-town ; kg:status kg:Reported ; kg:source src:evil-page ;
    kg:evidence "{IMG_LABEL}"@en .
"""


def _day(text: str) -> int:
    return (date.fromisoformat(text) - EPOCH).days


def _on(item: dict, day: int) -> Certainty:
    """The Python rule on an item carrying the four bounds as day numbers."""
    bounds = Bounds(*(EPOCH + timedelta(days=item[name]) for name in BOUNDS))
    return certainty_on(item["status"], bounds, EPOCH + timedelta(days=day))


class Written(NamedTuple):
    """The page, the models kg.views.reader built it from, and their store."""

    path: Path
    models: dict
    store: Store


@pytest.fixture(scope="module")
def written(kg, tmp_path_factory) -> Written:
    from kg.build import open_store
    from kg.views.reader import overview_page

    folder = tmp_path_factory.mktemp("reader")
    data = folder / "hostile.ttl"
    data.write_text(PROLOGUE + HOSTILE_TURTLE + HOSTILE_MAP, encoding="utf-8")
    output = folder / "overview.html"
    proc = kg("view", "overview", "--data", str(data), "-o", str(output))
    assert proc.returncode == 0, proc.stderr
    store = open_store("oxigraph", [data])  # the store the command built
    return Written(output, overview_page(store), store)


class Reader(Watched):
    """The reader page opened from disk, with what went wrong while it ran."""

    def __init__(self, browser, path: Path, address: str = ""):
        super().__init__(browser.new_page(viewport={"width": 1440, "height": 900}), file_only)
        self.path = path
        self.open(address)

    def open(self, address: str = "") -> None:
        self.page.goto("about:blank")  # a new address, not a move within the page
        self.page.goto(self.path.as_uri() + address)
        self.page.wait_for_function("() => window.kgReader && kgReader.ready", timeout=60000)

    def show(self, pane: str) -> None:
        self.page.click(f"#tab-{pane}")
        self.page.wait_for_function("(p) => kgReader.pane === p && kgReader.ready", arg=pane)

    def set_date(self, text: str) -> None:
        self.page.fill("#day-input", text)
        self.page.press("#day-input", "Enter")

    def visible_edges(self) -> set[str]:
        return set(self.js("() => kgReader.view.visibleEdgeIds()"))


@pytest.fixture(scope="module")
def reader(browser, written) -> Iterator[Reader]:
    page = Reader(browser, written.path)
    yield page
    page.page.close()


# --- the model (no browser) -------------------------------------------------------


@pytest.mark.slow
def test_an_ego_page_times_and_maps_what_its_network_holds(real_stores):
    from kg.views.map_model import map_model
    from kg.views.reader import ego_page

    store = real_stores["oxigraph"]
    page = ego_page(store, "niger", depth=1, as_of=date(2024, 4, 30))
    view, timeline = page["view"], page["timeline"]
    actors = {node["id"] for node in view["nodes"]}
    edges = {edge["id"] for edge in view["edges"]}
    assert view["focus"] == ID + "niger" and "edges" not in timeline  # the page joins them
    assert {item["edge"] for item in timeline["items"] if "edge" in item} == edges
    assert timeline["events"] and all(
        actors & {*event["actors"], *event["places"]} for event in timeline["events"]
    )
    assert timeline["asOf"] == page["map"]["asOf"] == _day("2024-04-30")
    whole = map_model(store, as_of=date(2024, 4, 30))
    assert len(page["map"]["presences"]) == len(whole["presences"])


# --- the page in Chromium ------------------------------------------------------------


@pytest.mark.browser
def test_three_tabs_switch_panes_each_drawn_at_its_size(reader, written):
    """vis-network and vis-timeline share the page, each with its own namespace."""
    page = reader.page
    tabs = [page.text_content(f"#tab-{pane}") for pane in ("network", "timeline", "map")]
    assert tabs == ["Network", "Timeline", "Map"]
    spaces = reader.js(
        """() => [typeof window.vis, kgVis.network.DataSet !== kgVis.timeline.DataSet,
                  typeof kgVis.network.Network, typeof kgVis.timeline.Timeline]"""
    )
    assert spaces == ["undefined", True, "function", "function"]
    for pane, element in [
        ("timeline", "pane-timeline"),
        ("map", "pane-map"),
        ("network", "network"),
    ]:
        reader.show(pane)
        assert reader.js("() => location.hash") == f"#pane={pane}"
        assert page.get_attribute(f"#tab-{pane}", "aria-selected") == "true"
        assert page.locator("[role=tab][aria-selected=true]").count() == 1
        # What shows in the middle of the pane is the pane's, and it has room.
        seen = reader.js(
            """(id) => { const pane = document.getElementById(id), r = pane.getBoundingClientRect();
                 const seen = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                 return [pane.contains(seen), r.width > 800, r.height > 600]; }""",
            element,
        )
        assert seen == [True, True, True], pane
    # Leaflet measured the map's container as it is shown.
    size = reader.js(
        """() => { const m = kgReader.map.map, r = m.getContainer().getBoundingClientRect();
                   return Math.max(Math.abs(m.getSize().x - r.width),
                                   Math.abs(m.getSize().y - r.height)); }"""
    )
    assert size < 1
    assert reader.js("() => document.querySelectorAll('#pane-timeline .vis-item').length") > 0
    # The timeline's relationships are the network's edges, joined in the page
    # as kg.views.timeline writes them.
    from kg.views.timeline import timeline_model

    models = written.models
    python = timeline_model(models["view"], models["timeline"]["events"])["edges"]
    fields = ["id", "fromLabel", "toLabel", "status", "earliestStartDay", "latestEndDay"]
    joined = reader.js(
        "(names) => kgReader.timeline.model.edges.map((e) => [...names.map((n) => e[n]),"
        " e.sources.length])",
        fields,
    )
    assert joined == [[*(e[n] for n in fields), len(e["sources"])] for e in python]
    assert reader.clean(), (reader.errors, reader.failed, reader.blocked)


def _map_counts(model: dict, day: int) -> dict:
    counts = {"places": len(model["places"])}
    for group in ("events", "presences"):
        said = [_on(item, day) for item in model[group]]
        counts[group] = {
            "certain": said.count(Certainty.CERTAIN),
            "possible": said.count(Certainty.POSSIBLE),
        }
    return counts


def _dimmed(models: dict, day: int) -> set[str]:
    """The timeline's items not in effect on the day: relationships by the
    rule, events dated after it."""
    edges = {e["id"]: e for e in models["view"]["edges"]}

    def out(item: dict) -> bool:
        if "edge" in item:
            return _on(edges[item["edge"]], day) is Certainty.INACTIVE
        return item["start"] > day

    return {item["id"] for item in models["timeline"]["items"] if out(item)}


def _rows_of(models: dict, actor: str) -> set[str]:
    """The timeline's items of one actor: its relationships, the events it
    takes part in or that happened in it."""
    edges = {e["id"]: e for e in models["view"]["edges"]}
    events = {e["id"]: e for e in models["timeline"]["events"]}

    def touches(item: dict) -> bool:
        if "edge" in item:
            return actor in (edges[item["edge"]]["from"], edges[item["edge"]]["to"])
        return actor in events[item["event"]]["actors"] + events[item["event"]]["places"]

    return {item["id"] for item in models["timeline"]["items"] if touches(item)}


@pytest.mark.browser
@pytest.mark.parametrize("text", ["2019-06-01", "2023-09-16"])
def test_the_date_box_moves_every_pane_to_the_day(reader, written, text):
    models, store = written.models, written.store
    day = _day(text)
    reader.show("network")
    reader.js("() => kgReader.timeline && kgReader.timeline.showActor(null)")
    reader.set_date(text)
    active = to_networkx(store, as_of=date.fromisoformat(text))
    assert reader.visible_edges() == {key for _, _, key in active.edges(keys=True)}
    assert reader.js("() => location.hash") == f"#pane=network&date={text}"
    reader.show("timeline")
    assert reader.js("() => kgReader.timeline.day") == day
    assert reader.page.text_content("#pane-timeline .vis-custom-time-marker") == text
    dimmed = reader.js(
        "() => kgReader.timeline.items.get()"
        ".filter((i) => /kg-dim/.test(i.className)).map((i) => i.id)"
    )
    assert set(dimmed) == _dimmed(models, day)
    reader.show("map")
    assert reader.js("() => kgReader.map.day") == day
    assert reader.js("() => kgReader.map.counts()") == _map_counts(models["map"], day)
    assert reader.page.text_content("#map-counts") == reader.js("() => kgReader.map.summary()")
    assert reader.clean(), (reader.errors, reader.failed, reader.blocked)


@pytest.mark.browser
def test_all_dates_and_the_timeline_cursor_drive_the_others(reader, written):
    models = written.models
    reader.show("map")
    reader.page.check("#all-dates")
    assert reader.js("() => [kgReader.view.day, kgReader.map.day]") == [None, None]
    everything = reader.js("() => kgReader.map.counts()")
    assert everything["presences"]["certain"] == len(models["map"]["presences"])
    reader.show("timeline")
    assert reader.js("() => kgReader.timeline.day") is None
    assert reader.page.locator("#pane-timeline .vis-custom-time").count() == 0
    # A click on the time axis sets the day everywhere, then dragging the line moves it.
    reader.js(WINDOW, ["2019-01-01", "2021-01-01"])
    axis = reader.page.locator("#pane-timeline .vis-time-axis.vis-foreground").first.bounding_box()
    reader.page.mouse.click(axis["x"] + axis["width"] / 2, axis["y"] + axis["height"] / 2)
    clicked = reader.js("() => kgReader.view.day")
    assert clicked is not None and abs(clicked - _day("2020-01-01")) < 10
    assert reader.js("() => kgReader.timeline.day") == clicked
    bar = reader.page.locator("#pane-timeline .vis-custom-time").bounding_box()
    x, y = bar["x"] + bar["width"] / 2, bar["y"] + 200
    reader.page.mouse.move(x, y)
    reader.page.mouse.down()
    reader.page.mouse.move(x + 80, y, steps=6)
    reader.page.mouse.up()
    reader.page.wait_for_function("(d) => kgReader.view.day > d", arg=clicked)
    dragged = reader.js("() => kgReader.view.day")
    assert reader.js("() => kgReader.timeline.day") == dragged
    shown = (EPOCH + timedelta(days=dragged)).isoformat()
    assert reader.page.input_value("#day-input") == shown
    reader.show("map")
    assert reader.js("() => kgReader.map.day") == dragged
    assert reader.js("() => kgReader.map.counts()") == _map_counts(models["map"], dragged)
    assert reader.clean(), (reader.errors, reader.failed, reader.blocked)


@pytest.mark.browser
def test_an_actor_chosen_in_the_network_is_lit_on_the_map_with_its_rows(reader, written):
    models = written.models
    reader.show("network")
    reader.set_date("2019-06-01")
    assert reader.js("(t) => kgReader.view.search(t)", "Germany") == ID + "germany"
    reader.show("map")
    assert reader.js("() => kgReader.map.selected") == ID + "germany"
    german = [p for p in models["map"]["presences"] if ID + "germany" in (p["force"], p["sender"])]
    lit = reader.js("() => document.querySelectorAll('#pane-map .kg-selected').length")
    assert len(german) >= 2 and lit == len(german)
    reader.show("timeline")
    assert reader.js("() => kgReader.timeline.actor") == ID + "germany"
    rows = reader.js("() => kgReader.timeline.items.getIds()")
    assert set(rows) == _rows_of(models, ID + "germany")
    assert "Rows of Germany" in reader.page.text_content("#pane-timeline .kg-tl-only")
    assert reader.clean(), (reader.errors, reader.failed, reader.blocked)


ON_SCREEN = """(kind) => {
  // The first labelled item of a kind whose middle row is on screen.
  const frame = document.querySelector('#pane-timeline .vis-center').getBoundingClientRect();
  return Object.values(kgReader.timeline.timeline.itemSet.items).filter((i) => {
    if (!i.dom || !i.data.className.includes('kg-labelled') || !i.data.className.includes(kind)) {
      return false;
    }
    const r = (i.dom.box || i.dom.point).getBoundingClientRect();
    return r.top > frame.top && r.bottom < frame.bottom
      && r.right > frame.left + 20 && r.left < frame.right - 20;
  }).map((i) => i.id)[0];
}"""
CLICK_AT = """(id) => new Promise((done) => {
  // Where the item is once the timeline has stopped moving: the same box two frames running.
  const frame = document.querySelector('#pane-timeline .vis-center').getBoundingClientRect();
  const at = () => { const i = kgReader.timeline.timeline.itemSet.items[id];
    const r = (i.dom.box || i.dom.point).getBoundingClientRect();
    const left = Math.max(r.left, frame.left), right = Math.min(r.right, frame.right);
    return {x: left + Math.min(8, (right - left) / 2), y: r.top + r.height / 2}; };
  let last = at(), frames = 0;
  const check = () => {
    const now = at(), still = now.x === last.x && now.y === last.y;
    last = now; frames += 1;
    if ((still && frames > 1) || frames > 120) done(now); else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})"""


@pytest.mark.browser
def test_a_bar_clicked_in_the_timeline_selects_its_relationship_in_the_network(reader, written):
    models = written.models
    reader.show("timeline")
    # A labelled bar of Germany's (the rows the last test left) on screen.
    item = reader.js(ON_SCREEN, "kg-edge")
    edge = item.split("#")[0]
    box = reader.js(CLICK_AT, item)
    reader.page.mouse.click(box["x"], box["y"])
    line = reader.js("(id) => kgReader.view.lineOf(id)", edge)
    assert reader.js("() => kgReader.view.selected") == {"edge": line}
    assert reader.js("() => kgReader.view.network.getSelectedEdges()") == [line]
    drawn = next(e for e in models["view"]["edges"] if e["id"] == line)
    labels = {n["id"]: n["label"] for n in models["view"]["nodes"]}
    assert (
        reader.page.text_content("#panel-name")
        == f"{labels[drawn['from']]} → {labels[drawn['to']]}"
    )
    reader.show("map")
    placed = {p["statement"] for p in models["map"]["presences"]}
    expected = edge if edge in placed else None
    lit = reader.js("() => kgReader.map.selected")
    assert lit == expected or lit in (drawn["from"], drawn["to"])
    assert reader.clean(), (reader.errors, reader.failed, reader.blocked)


@pytest.mark.browser
def test_a_base_clicked_on_the_map_selects_its_operator_and_its_span(reader, written):
    reader.show("map")
    reader.set_date("2019-06-01")  # Camp Castor is certainly held then
    reader.js("(id) => kgReader.map.elementsOf(id)[0].click()", CASTOR)
    assert reader.js("() => kgReader.view.network.getSelectedNodes()") == [ID + "bundeswehr"]
    assert reader.page.text_content("#panel-name") == "Bundeswehr"
    reader.show("timeline")
    assert reader.js("() => kgReader.timeline.actor") == ID + "bundeswehr"
    assert reader.js("() => kgReader.timeline.selected.edge") == CASTOR
    selected = reader.js("() => kgReader.timeline.timeline.getSelection()")
    assert selected and all(s.startswith(CASTOR + "#") for s in selected)
    # A place is not an actor: its details take the panel.
    reader.show("map")
    reader.js("(id) => kgReader.map.elementsOf(id)[0].click()", ID + "camp-castor")
    (castor,) = [p for p in written.models["map"]["places"] if p["id"] == ID + "camp-castor"]
    assert reader.page.text_content("#panel h3") == castor["label"]
    assert "Bundeswehr" in reader.page.text_content("#panel")
    assert reader.clean(), (reader.errors, reader.failed, reader.blocked)


@pytest.mark.browser
def test_hostile_names_stay_text_in_every_pane(reader):
    from kg.views.reader import reader_scripts

    page = reader.page
    reader.show("network")
    reader.page.check("#all-dates")
    # The actor and the raid share the name: a choice, its names as text.
    found = reader.js("(t) => kgReader.view.search(t)", IMG_LABEL)
    assert found == [ID + "evil-img", ID + "evil-raid"]
    names = page.locator("#search-result li button > span:first-child").all_text_contents()
    assert names == [IMG_LABEL, IMG_LABEL]
    page.click(f"#search-result li button[data-id='{ID}evil-img']")
    assert page.text_content("#panel-name") == IMG_LABEL
    reader.show("timeline")  # the actor's rows: its partnership, its deployment, its raid
    reader.js(WINDOW, ["2024-03-01", "2024-08-01"])
    page.wait_for_timeout(300)
    texts = reader.js(
        "() => [...document.querySelectorAll('#pane-timeline .kg-text, #pane-timeline .vis-label')]"
        ".map((e) => e.textContent)"
    )
    assert f"{IMG_LABEL} → {SCRIPT_LABEL}" in texts and IMG_LABEL in texts  # a bar, the raid
    box = reader.js(CLICK_AT, ID + "evil-raid")
    page.mouse.click(box["x"], box["y"])  # an event's details take the panel
    assert page.text_content("#panel .kg-tl-name") == IMG_LABEL
    link = page.locator("#panel a").first
    assert link.text_content() == f"{IMG_LABEL} & {SCRIPT_LABEL}"
    assert link.get_attribute("href") == "https://example.org/evil?a=1&b=<2>"
    reader.show("map")
    labels = reader.js(
        "() => [...document.querySelectorAll('#pane-map .kg-label')].map((e) => e.textContent)"
    )
    assert SCRIPT_LABEL in labels
    reader.js("(id) => kgReader.map.elementsOf(id)[0].click()", ID + "evil-town")
    assert page.text_content("#panel h3") == SCRIPT_LABEL
    assert IMG_LABEL in page.text_content("#panel")  # the raid, listed there
    reader.js("() => { kgReader.map.map.setView([15.5, 10.5], 8, {animate: false}); }")
    page.hover("[data-id='st:evil-deployment@id:evil-town']")
    tip = page.locator(".leaflet-tooltip", has_text="onerror")
    assert IMG_LABEL in tip.text_content()
    assert reader.js("() => document.querySelectorAll('img').length") == 0
    # Only the page's code scripts run (the namespace keeper twice).
    code = reader.js("() => document.querySelectorAll('script:not([type])').length")
    assert code == len(reader_scripts()) + 1
    page.wait_for_timeout(200)
    assert reader.dialogs == [] and reader.clean(), (reader.errors, reader.blocked)


@pytest.mark.browser
def test_the_address_opens_the_same_day_and_pane(reader, written):
    models = written.models
    reader.open("#date=2016-03-05&pane=map")
    day = _day("2016-03-05")
    assert reader.js("() => [kgReader.pane, kgReader.view.day, kgReader.map.day]") == [
        "map",
        day,
        day,
    ]
    assert reader.page.get_attribute("#tab-map", "aria-selected") == "true"
    assert reader.page.input_value("#day-input") == "2016-03-05"
    assert reader.js("() => kgReader.map.counts()") == _map_counts(models["map"], day)
    assert reader.page.is_visible("#map-counts") and not reader.page.is_visible("#counts")
    assert reader.clean(), (reader.errors, reader.failed, reader.blocked)


@pytest.mark.browser
def test_search_finds_events_and_places_and_says_what_each_is(reader, written):
    """The search box found actors only ("Moura", "Niamey" gave "no actor");
    it now finds the timeline's events and the map's places too, by any of
    their names, opens each in its pane, and lists what each is when several
    match. Names are read from the models the page was built from."""
    from kg.entities import normalise

    page = reader.page
    reader.show("network")
    model = written.models
    actor_keys = {normalise(n["label"]) for n in model["view"]["nodes"]}
    events = model["timeline"]["events"]
    keys = [normalise(e["label"]) for e in events]
    event = next(
        e
        for e, key in zip(events, keys, strict=True)
        if keys.count(key) == 1 and key not in actor_keys and "<" not in e["label"]
    )
    assert reader.js("(t) => kgReader.view.search(t)", event["label"]) == event["id"]
    page.wait_for_function("() => kgReader.pane === 'timeline' && kgReader.ready")
    assert reader.js("() => kgReader.timeline.timeline.getSelection()") != []
    assert page.text_content("#panel .kg-tl-name") == event["label"]
    # A place by its French name: the map, its details in the panel.
    actors = {n["id"] for n in model["view"]["nodes"]}
    place = next(
        p
        for p in model["map"]["places"]
        if p["labelFr"] and p["labelFr"] != p["label"] and p["id"] not in actors
    )
    assert reader.js("(t) => kgReader.view.search(t)", place["labelFr"]) == place["id"]
    page.wait_for_function("() => kgReader.pane === 'map' && kgReader.ready")
    assert reader.js("() => kgReader.map.selected") == place["id"]
    assert page.text_content("#panel h3") == place["label"]
    # Several: actors, events and places listed as such; none: said so.
    found = reader.js("(t) => kgReader.view.search(t)", "coup")
    assert len(found) > 1
    listed = page.locator("#search-result li").all_text_contents()
    assert all(" · " in item for item in listed)
    assert any("coup, " in item for item in listed)
    assert reader.js("(t) => kgReader.view.search(t)", "Atlantis") is None
    assert "No actor, event or place matches" in page.text_content("#search-result")
    # A surname names actors only, not the events that mention them.
    traore = reader.js("(t) => kgReader.view.search(t)", "Traore")
    assert traore and all(iri.startswith(ID) for iri in traore)
    assert all("Person" in item for item in page.locator("#search-result li").all_text_contents())
    assert reader.clean(), (reader.errors, reader.blocked)


ROW_NAMES = (
    "() => [...document.querySelectorAll('#pane-timeline .kg-group')].map((e) => e.textContent)"
)
BAR_CAPTIONS = """() => [...document.querySelectorAll('#pane-timeline .kg-text')]
  .map((e) => e.textContent).filter(Boolean)"""
MAP_NOUNS = {
    "en": ("place", "places", "event", "events", "base or deployment", "bases and deployments"),
    "fr": (
        "lieu",
        "lieux",
        "événement",
        "événements",
        "base ou déploiement",
        "bases et déploiements",
    ),
}


def _counts_line(counts: dict, language: str) -> str:
    """The map's counts line as the page should say it in ``language``."""
    nouns = MAP_NOUNS[language]

    def counted(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    def part(shown: dict, one: str, many: str) -> str:
        total, possible = shown["certain"] + shown["possible"], shown["possible"]
        if not possible:
            return counted(total, one, many)
        said = f" ({possible} possible)" if language == "en" else f" (dont {possible} possible(s))"
        return counted(total, one, many) + said

    return " · ".join(
        [
            counted(counts["places"], *nouns[0:2]),
            part(counts["events"], *nouns[2:4]),
            part(counts["presences"], *nouns[4:6]),
        ]
    )


def _timeline_words(timeline: dict, language: str) -> tuple[set[str], set[str]]:
    """The row names (by kind) and bar captions kg.views.timeline wrote in ``language``
    and not in the other one."""
    rows = {"en": set(), "fr": set()}
    captions = {"en": set(), "fr": set()}
    for group in timeline["groups"]["kind"]:
        rows["en"].add(group["label"])
        rows["fr"].add(group["labelFr"])
    for item in timeline["items"]:
        captions["en"].add(item["text"]["kind"])
        captions["fr"].add(item["textFr"]["kind"])
    other = "en" if language == "fr" else "fr"
    return rows[language] - rows[other], captions[language] - captions[other]


def _check_timeline_words(page: Reader, timeline: dict, language: str) -> None:
    """The timeline's rows and bars in ``language``: every one drawn is one
    kg.views.timeline wrote in it, some of them only in it, none only in the other."""
    own_rows, own_captions = _timeline_words(timeline, language)
    other_rows, other_captions = _timeline_words(timeline, "en" if language == "fr" else "fr")
    page.js("() => kgReader.timeline.showActor(null)")  # every row, whoever was chosen
    page.page.wait_for_function(f"() => ({BAR_CAPTIONS})().length > 20")
    rows, captions = set(page.js(ROW_NAMES)), set(page.js(BAR_CAPTIONS))
    written_rows = {
        g["label" if language == "en" else "labelFr"] for g in timeline["groups"]["kind"]
    }
    assert rows and rows <= written_rows
    assert rows & own_rows and not rows & other_rows
    assert captions & own_captions and not captions & other_captions
    # Names written as markup stay text, in either language.
    hostile = f"{IMG_LABEL} → {SCRIPT_LABEL}"
    edge = next(i["edge"] for i in timeline["items"] if i["text"]["kind"] == hostile)
    page.js("(id) => kgReader.timeline.select(id)", edge)
    page.page.wait_for_function(f"(t) => ({BAR_CAPTIONS})().includes(t)", arg=hostile)


def _uncertain_edge(edges: list[dict]) -> dict:
    """A relationship whose start basis reads differently in French."""
    return next(e for e in edges if e["startBasisFr"] and e["startBasisFr"] != e["startBasis"])


@pytest.mark.browser
def test_the_map_names_events_forces_and_precisions_in_french(browser, written):
    """In French the map's panel names a place's forces, events and how closely
    it is located as the data and the ontology name them in French, not in
    English."""
    model = written.models["map"]
    places = {p["id"]: p for p in model["places"]}

    def differs(item: dict, field: str) -> bool:
        return bool(item.get(field + "Fr")) and item[field + "Fr"] != item[field]

    page = Reader(browser, written.path, "#lang=fr&date=2024-06-01")

    def opened(place: dict) -> bool:
        """Open a place's panel by its name; False where the name is not its alone."""
        name = place["labelFr"] or place["label"]
        if page.js("(t) => kgReader.view.search(t)", name) != place["id"]:
            return False
        page.page.wait_for_function("() => kgReader.pane === 'map' && kgReader.ready")
        return True

    try:
        forces = [
            (places[p["place"]], p["forceLabel"], p["forceLabelFr"])
            for p in model["presences"]
            if differs(p, "forceLabel")
        ]
        events = [
            (places[e["place"]], e["label"], e["labelFr"])
            for e in model["events"]
            if differs(e, "label")
        ]
        for candidates in (forces, events):
            place, name, french = next(c for c in candidates if opened(c[0]))
            panel = page.page.text_content("#panel")
            assert french in panel and name not in panel
            assert place["coordinatePrecisionFr"] in panel
            assert place["coordinatePrecision"] not in panel
            assert place["stateLabelFr"] in panel
        assert page.clean(), (page.errors, page.blocked)
    finally:
        page.page.close()


def test_the_french_counts_are_whole_at_1440_pixels(browser, written):
    """The French header's counts, longer than the English, are all shown on
    two lines at 1440x900 for all dates, and the header keeps its height
    when a day brings a third line's worth (the rest in the tooltip)."""
    page = Reader(browser, written.path, "#lang=fr")
    try:
        fits = "(c) => c.scrollWidth <= c.clientWidth && c.scrollHeight <= c.clientHeight"
        assert page.page.eval_on_selector("#counts", fits)
        height = page.js("() => document.getElementById('view-header').offsetHeight")
        page.open("#lang=fr&date=2024-06-01")
        assert page.js("() => document.getElementById('view-header').offsetHeight") == height
    finally:
        page.page.close()


def test_the_page_reads_in_french_and_switches_back(browser, written):
    """#lang=fr: the interface in French (tabs, legend, counts, panel), actors,
    events and places named as the data names them in French, the timeline's
    rows and bars, the map's counts and why a date is uncertain in French, the
    other language one click away, the address keeping the choice."""
    page = Reader(browser, written.path, "#lang=fr&date=2024-06-01")
    try:
        js = page.js
        assert js("() => document.documentElement.lang") == "fr"
        tabs = [page.page.text_content(f"#tab-{p}") for p in ("network", "timeline", "map")]
        assert tabs == ["Réseau", "Chronologie", "Carte"]
        assert "Types d’acteurs" in page.page.text_content("#legend")
        assert page.page.text_content("#counts").split()[1] == "acteurs"
        # Two lines of counts; where they do not hold them all, the tooltip does.
        assert page.page.get_attribute("#counts", "title") == page.page.text_content("#counts")
        assert page.page.text_content("#day-shown") == "au 2024-06-01"
        nodes = written.models["view"]["nodes"]
        french = [n for n in nodes if n.get("labelFr") and n["labelFr"] != n["label"]]
        assert french
        drawn = js(
            "(ids) => ids.map((id) => kgReader.view.nodes.get(id).label)", [n["id"] for n in french]
        )
        assert drawn == [n["labelFr"] for n in french]
        # A French name is found by search, and the panel says it in French.
        node = french[0]
        assert js("(t) => kgReader.view.search(t)", node["labelFr"]) == node["id"]
        assert page.page.text_content("#panel h2") == "Acteur"
        assert page.page.text_content("#panel-name") == node["labelFr"]
        places = [
            p
            for p in written.models["map"]["places"]
            if p["labelFr"] and p["labelFr"] != p["label"]
        ]
        page.show("map")
        labels = js(
            "() => [...document.querySelectorAll('#pane-map .kg-label')].map((e) => e.textContent)"
        )
        assert {p["labelFr"] for p in places} & set(labels)
        assert not {p["label"] for p in places} & set(labels)
        # The counts line in French, from the map's own counts.
        counts = js("() => kgReader.map.counts()")
        assert page.page.text_content("#map-counts") == _counts_line(counts, "fr")
        # The timeline's rows and bars as kg.views.timeline wrote them in French.
        timeline = written.models["timeline"]
        page.show("timeline")
        _check_timeline_words(page, timeline, "fr")
        # Why a date is uncertain, in French: in a hatched part's tooltip ...
        page.page.locator("#pane-timeline .vis-item.kg-part-start").first.hover()
        tip = page.page.text_content("#pane-timeline .kg-tl-tooltip")
        starts = [i for i in timeline["items"] if i["part"] == "start" and i["reasonFr"]]
        assert any(i["reasonFr"] in tip for i in starts)
        assert not any(i["reason"] in tip for i in starts)
        # ... and in the relationship's details.
        edge = _uncertain_edge(written.models["view"]["edges"])
        js("(id) => kgReader.view.select({edge: id})", edge["id"])
        panel = page.page.text_content("#panel")
        assert edge["startBasisFr"] in panel and edge["endBasisFr"] in panel
        assert edge["startBasis"] not in panel
        page.show("map")
        # Back to English, at the same day and pane.
        page.page.click("#language")
        page.page.wait_for_function(
            "() => window.kgReader && kgReader.ready && document.documentElement.lang === 'en'"
        )
        assert "lang=en" in page.page.url and "date=2024-06-01" in page.page.url
        assert page.page.text_content("#tab-network") == "Network"
        assert js("() => kgReader.pane") == "map"
        counts = js("() => kgReader.map.counts()")
        assert page.page.text_content("#map-counts") == _counts_line(counts, "en")
        page.show("timeline")
        _check_timeline_words(page, timeline, "en")
        js("(id) => kgReader.view.select({edge: id})", edge["id"])
        panel = page.page.text_content("#panel")
        assert edge["startBasis"] in panel and edge["startBasisFr"] not in panel
        assert page.clean(), (page.errors, page.blocked)
    finally:
        page.page.close()
