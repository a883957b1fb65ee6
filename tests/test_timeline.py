"""The timeline view: its items checked against facts read in data/*.ttl, and
the page driven in a real headless Chromium, offline.

Pages are written by the real `kg view timeline` command and opened from
file:// with every other request aborted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser import Watched, file_only
from helpers import HOSTILE_TURTLE, ID, IMG_LABEL, PROLOGUE, SCRIPT_LABEL, ST, count

from kg.temporal import day_number

HORIZON_NEXT_DAY = day_number(date(2025, 12, 26))  # data/record.ttl: checked up to 2025-12-25
COUNT_EVENTS = """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?kind ; kg:date ?d . ?kind rdfs:subClassOf* kg:Event }"""
HOSTILE_EVENT = f"""
id:evil-event a kg:Coup ; skos:prefLabel "{SCRIPT_LABEL}"@en ;
    kg:date "2024-05-03"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:participant id:evil-img ; kg:status kg:Reported ; kg:source src:evil-page ;
    kg:evidence "{IMG_LABEL}"@en .
"""


def _day(text: str) -> int:
    return day_number(date.fromisoformat(text))


@pytest.fixture(scope="module")
def niger(real_stores) -> dict:
    from kg.views.timeline import timeline

    return timeline(real_stores["oxigraph"], "Niger")


def _parts(model: dict, statement: str) -> dict[str, dict]:
    return {i["part"]: i for i in model["items"] if i.get("edge") == ST + statement}


# --- the model, against the data (no browser) ---------------------------------------


@pytest.mark.slow
def test_an_unknown_start_is_a_hatched_part_with_its_reason(niger):
    """data/seed-article.ttl: Russia's partnership with Niger has no dated start,
    is attested on 2024-03-26, cannot predate independence (1960-08-03) and is open."""
    parts = _parts(niger, "russia-niger-security-partnership")
    assert set(parts) == {"start", "certain", "end"}
    start, certain, end = parts["start"], parts["certain"], parts["end"]
    assert (start["start"], start["end"]) == (_day("1960-08-03"), _day("2024-03-26"))
    assert start["reason"] == "start unknown, in effect by 2024-03-26; not before 1960-08-03"
    assert (certain["start"], certain["end"]) == (_day("2024-03-26"), HORIZON_NEXT_DAY)
    assert certain["reason"] is None and certain["text"]["partner"] == "security partnership"
    assert start["text"] == end["text"] == {"partner": "", "kind": ""}
    # An open end: possible from the day after the horizon to the end of the range.
    assert (end["start"], end["end"]) == (HORIZON_NEXT_DAY, niger["range"]["max"])
    assert end["reason"] == "open; the record was checked up to 2025-12-25"
    assert certain["groups"] == {
        "partner": "partner:" + ID + "russia",
        "kind": "kind:SecurityPartnership",
    }


def test_an_end_announced_but_not_dated_is_hatched_from_the_announcement(niger):
    """Germany said in July 2024 it would stop its military cooperation with
    Niger; no page dates an effective end."""
    parts = _parts(niger, "germany-niger-security-partnership")
    assert parts["certain"]["end"] == parts["end"]["start"] == _day("2024-07-01")
    assert parts["end"]["reason"] == "end announced 2024-07, no effective date"
    assert parts["certain"]["start"] == _day("2023-07-31")  # attested in 2023-07: by its end


def test_a_relationship_dated_to_the_day_at_both_ends_is_one_solid_part(niger):
    parts = _parts(niger, "france-niger-security-partnership")
    assert list(parts) == ["certain"]
    assert (parts["certain"]["start"], parts["certain"]["end"]) == (
        _day("1961-04-24"),
        _day("2023-12-22"),
    )


@pytest.mark.slow
def test_events_span_their_month_or_year_and_say_so(real_stores):
    from kg.views.timeline import timeline

    mali = timeline(real_stores["oxigraph"], "mali")
    items = {i["id"]: i for i in mali["items"] if "event" in i}
    arrival = items[ID + "wagner-arrival-mali-2021-12"]  # data/russia.ttl: December 2021
    assert (arrival["part"], arrival["start"], arrival["end"]) == (
        "month",
        _day("2021-12-01"),
        _day("2022-01-01"),
    )
    assert arrival["text"]["partner"].endswith("(month: 2021-12)")
    planned = {i["id"]: i for i in timeline(real_stores["oxigraph"], "niger")["items"]}
    end_2030 = planned[ID + "niger-transition-end-2030-planned"]  # announced, year only
    assert (end_2030["part"], end_2030["start"], end_2030["end"]) == (
        "year",
        _day("2030-01-01"),
        _day("2031-01-01"),
    )
    coup = items.get(ID + "niger-coup-2023")
    assert coup is None  # Niger's coup is not Mali's
    niger_coup = planned[ID + "niger-coup-2023"]
    assert (niger_coup["part"], niger_coup["start"], niger_coup["end"]) == (
        "point",
        _day("2023-07-26"),
        None,
    )


@pytest.mark.slow
def test_the_whole_graph_has_every_relationship_and_event(real_stores):
    from kg.network import to_networkx
    from kg.views.timeline import timeline

    store = real_stores["oxigraph"]
    model = timeline(store)
    assert model["groupBy"] == "kind" and model["scope"] is None
    edges = {i["edge"] for i in model["items"] if "edge" in i}
    assert edges == {k for _, _, k in to_networkx(store).edges(keys=True)}
    assert len({i["event"] for i in model["items"] if "event" in i}) == count(store, COUNT_EVENTS)
    event = next(e for e in model["events"] if e["id"] == ID + "niger-coup-2023")
    assert {s["publisher"] for s in event["sources"]}  # cited like the relationships
    # Every item lies in the range, a part of a relationship never out of its bounds.
    for item in model["items"]:
        assert model["range"]["min"] <= item["start"] < (item["end"] or item["start"] + 1)
        assert (item["end"] or item["start"]) <= model["range"]["max"]


@pytest.mark.slow
def test_the_timeline_command_writes_a_page_and_refuses_an_unknown_actor(kg, tmp_path):
    page = tmp_path / "niger.html"
    proc = kg("view", "timeline", "Niger", "--group-by", "kind", "-o", str(page))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(page) and page.stat().st_size > 0
    proc = kg("view", "timeline", "Nowhere Land", "-o", str(tmp_path / "x.html"))
    assert proc.returncode == 5 and proc.stderr.startswith("kg: error: no entity")
    assert "Traceback" not in proc.stderr
    proc = kg("view", "timeline", "--as-of", "2024-13", "-o", str(tmp_path / "x.html"))
    assert proc.returncode == 6
    assert not (tmp_path / "x.html").exists() and not list(tmp_path.glob(".*tmp"))


# --- the page in Chromium ---------------------------------------------------------


@pytest.fixture(scope="module")
def pages(kg, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("timeline")
    hostile = folder / "hostile.ttl"
    hostile.write_text(PROLOGUE + HOSTILE_TURTLE + HOSTILE_EVENT, encoding="utf-8")
    commands = {
        "niger": ["Niger"],
        "niger-2023": ["Niger", "--as-of", "2023-07-26"],
        "whole": [],
        "hostile": ["evil-img", "--data", str(hostile)],
    }
    written = {}
    for name, args in commands.items():
        output = folder / f"{name}.html"
        proc = kg("view", "timeline", *args, "-o", str(output))
        assert proc.returncode == 0, proc.stderr
        written[name] = output
    return written


class Opened(Watched):
    """A timeline page opened from disk with every other request aborted."""

    def __init__(
        self, browser, path: Path, size: tuple[int, int] = (1440, 900), fragment: str = ""
    ):
        viewport = {"width": size[0], "height": size[1]}
        super().__init__(browser.new_page(viewport=viewport), file_only)
        self.page.goto(path.as_uri() + (f"#{fragment}" if fragment else ""))
        self.page.wait_for_function(
            "() => window.kgTimeline.handle && window.kgTimeline.handle.ready", timeout=60000
        )

    @property
    def model(self) -> dict:
        return self.js("() => window.kgTimeline.handle.model")

    def fit(self) -> None:
        self.js("() => window.kgTimeline.handle.fit()")
        self.page.wait_for_timeout(300)

    def drawn_ids(self, selector: str = ".vis-item") -> list[str]:
        """The ids of the items drawn in the DOM that match ``selector``."""
        return self.js(
            """(selector) => {
                 const items = window.kgTimeline.handle.timeline.itemSet.items;
                 const boxes = new Map(Object.values(items).filter((i) => i.dom)
                   .map((i) => [i.dom.box || i.dom.point, i.id]));
                 return [...document.querySelectorAll(selector)]
                   .map((el) => boxes.get(el)).filter((id) => id !== undefined); }""",
            selector,
        )

    def click_item(self, item_id: str) -> None:
        # Where the item is once the timeline has stopped moving (select()
        # scrolls and zooms with an animation): the same box two frames running.
        box = self.js(
            """(id) => new Promise((done) => {
                 const at = () => { const i = window.kgTimeline.handle.timeline.itemSet.items[id];
                   const r = (i.dom.box || i.dom.point).getBoundingClientRect();
                   return {x: r.left + Math.min(8, r.width / 2), y: r.top + r.height / 2}; };
                 let last = at(), frames = 0;
                 const check = () => {
                   const now = at();
                   const still = now.x === last.x && now.y === last.y;
                   last = now;
                   frames += 1;
                   if ((still && frames > 1) || frames > 120) done(now);
                   else requestAnimationFrame(check);
                 };
                 requestAnimationFrame(check);
               })""",
            item_id,
        )
        self.page.mouse.click(box["x"], box["y"])


@pytest.fixture(scope="module")
def opened(browser, pages) -> Iterator[dict]:
    cache: dict[str, Opened] = {}

    def get(name: str) -> Opened:
        if name not in cache:
            cache[name] = Opened(browser, pages[name])
        return cache[name]

    yield get
    for page in cache.values():
        page.page.close()


ROWS_ON_SCREEN = """() => {
  const frame = document.querySelector('.vis-panel.vis-left').getBoundingClientRect();
  const groups = window.kgTimeline.handle.timeline.itemSet.groups;
  return Object.values(groups).filter((g) => g.dom && g.dom.label.isConnected).filter((g) => {
    const r = g.dom.label.getBoundingClientRect();
    return r.height > 0 && r.bottom > frame.top + 1 && r.top < frame.bottom - 1;
  }).map((g) => g.groupId);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)])
@pytest.mark.parametrize("name", ["niger", "whole"])
def test_every_item_is_drawn_once_fitted(browser, pages, name, size):
    """Fitted, every item is in the time window; vis-timeline draws the rows on
    screen, so the test scrolls down the rows and checks each screenful."""
    opened = Opened(browser, pages[name], size)
    assert opened.clean(), (opened.errors, opened.failed, opened.blocked)
    opened.fit()
    model = opened.model
    grouping = model["groupBy"]
    by_group: dict[str, set[str]] = {}
    for item in model["items"]:
        by_group.setdefault(item["groups"][grouping], set()).add(item["id"])
    assert opened.js("() => document.querySelectorAll('.vis-label .kg-group').length") == len(
        model["groups"][grouping]
    )
    last = model["groups"][grouping][-1]["id"]
    seen: set[str] = set()
    centre = opened.page.locator(".vis-panel.vis-center").bounding_box()
    for _ in range(200):
        drawn = opened.drawn_ids()
        assert len(drawn) == len(set(drawn))
        rows = opened.js(ROWS_ON_SCREEN)
        assert rows
        for row in rows:
            assert by_group[row] <= set(drawn), row
        seen |= set(drawn)
        if last in rows:
            break
        opened.page.mouse.move(centre["x"] + 50, centre["y"] + 50)
        opened.page.mouse.wheel(0, centre["height"] * 0.6)
        opened.page.wait_for_timeout(100)
    assert seen == {i["id"] for i in model["items"]}
    assert opened.clean()
    opened.page.close()


@pytest.mark.browser
def test_a_click_on_a_bar_shows_its_sources(opened, real_stores):
    opened = opened("niger")
    statement = ST + "russia-niger-security-partnership"
    opened.js(f"() => window.kgTimeline.handle.select({statement!r})")  # scrolls it into view
    opened.js("() => window.kgTimeline.handle.select(null)")
    opened.click_item(statement + "#certain")
    assert opened.js("() => window.kgTimeline.handle.selected") == {
        "edge": statement,
        "part": statement + "#certain",
    }
    panel = opened.page.locator(".kg-tl-panel")
    assert panel.locator(".kg-tl-name").text_content() == "Russia → Niger"
    edge = next(e for e in opened.model["edges"] if e["id"] == statement)
    links = panel.locator(".kg-tl-sources a")
    addresses = sorted(s["address"] for s in edge["sources"] if s.get("address"))
    assert sorted(links.nth(i).get_attribute("href") for i in range(links.count())) == addresses
    assert panel.locator(".kg-tl-sources li").count() == len(edge["sources"])
    assert "Atalayar" in panel.text_content()  # a publisher, data/seed-article.ttl
    # The seed article shows neither title nor publisher: named as unnamed, not by a bare slug.
    names = panel.locator(".kg-tl-sources li > :first-child").all_text_contents()
    assert "unnamed source [seed-article]" in names
    assert not [name for name in names if name.startswith("src:")]
    # A click on an event shows the event's own sources.
    coup = ID + "niger-coup-2023"
    opened.js(f"() => window.kgTimeline.handle.select({coup!r})")
    assert panel.locator(".kg-tl-name").text_content() == "2023 Niger coup d'état"
    event = next(e for e in opened.model["events"] if e["id"] == coup)
    assert panel.locator(".kg-tl-sources li").count() == len(event["sources"]) > 0
    assert opened.clean()


@pytest.mark.browser
def test_set_day_moves_the_cursor_and_dims_what_is_not_in_effect(opened):
    from kg.temporal import ACTIVE_STATUSES

    opened = opened("niger")
    opened.fit()
    model = opened.model
    edges = {e["id"]: e for e in model["edges"]}

    def expected_dim(day: int) -> set[str]:
        dim = set()
        for item in model["items"]:
            if "edge" in item:
                edge = edges[item["edge"]]
                live = edge["status"] in ACTIVE_STATUSES and (
                    edge["earliestStartDay"] <= day < edge["latestEndDay"]
                )
                if not live:
                    dim.add(item["id"])
            elif item["start"] > day:
                dim.add(item["id"])
        return dim

    positions = []
    for text in ("2019-01-01", "2024-06-01"):
        day = _day(text)
        opened.js(f"() => window.kgTimeline.handle.setDay({day})")
        opened.page.wait_for_timeout(200)
        # Every item's class says so; the drawn ones (the rows on screen) show it.
        dimmed = opened.js(
            "() => window.kgTimeline.handle.items.get()"
            ".filter((i) => i.className.split(' ').includes('kg-dim')).map((i) => i.id)"
        )
        assert set(dimmed) == expected_dim(day)
        drawn = set(opened.drawn_ids())
        assert len(drawn) > 40
        assert set(opened.drawn_ids(".vis-item.kg-dim")) == expected_dim(day) & drawn
        opacity = "(s) => getComputedStyle(document.querySelector(s)).opacity"
        assert float(opened.js(opacity, ".vis-item.kg-dim")) < 0.5
        assert float(opened.js(opacity, ".vis-item:not(.kg-dim)")) == 1
        cursor = opened.page.locator(".vis-custom-time")
        assert cursor.count() == 1
        assert opened.page.locator(".vis-custom-time-marker").text_content() == text
        x = cursor.bounding_box()["x"]
        screen = opened.js(
            f"() => window.kgTimeline.handle.timeline.itemSet.body.util.toScreen("
            f"new Date({day} * 86400000))"
        )
        frame = opened.page.locator(".vis-center").bounding_box()["x"]
        assert abs(x + 1 - (frame + screen)) <= 2  # the 2 px line is centred on the day
        positions.append(x)
    assert positions[0] < positions[1]
    assert expected_dim(_day("2019-01-01")) != expected_dim(_day("2024-06-01"))
    opened.js("() => window.kgTimeline.handle.setDay(null)")
    assert opened.page.locator(".vis-custom-time").count() == 0
    assert opened.drawn_ids(".vis-item.kg-dim") == []
    assert opened.clean()


@pytest.mark.browser
def test_dragging_the_cursor_reports_the_day(browser, pages):
    opened = Opened(browser, pages["niger-2023"])
    assert opened.page.input_value("#day-input") == "2023-07-26"
    bar = opened.page.locator(".vis-custom-time").bounding_box()
    x, y = bar["x"] + bar["width"] / 2, bar["y"] + 200
    opened.page.mouse.move(x, y)
    opened.page.mouse.down()
    opened.page.mouse.move(x + 60, y, steps=6)
    opened.page.mouse.up()
    opened.page.wait_for_timeout(200)
    day = opened.js("() => window.kgTimeline.handle.day")
    assert day > _day("2023-07-26")
    shown = date.fromordinal(date(1970, 1, 1).toordinal() + day).isoformat()
    assert opened.page.input_value("#day-input") == shown
    assert opened.page.locator(".vis-custom-time-marker").text_content() == shown
    # The date box moves the cursor back.
    opened.page.fill("#day-input", "2020-01-01")
    opened.page.press("#day-input", "Enter")
    opened.page.locator("#day-input").dispatch_event("change")
    assert opened.js("() => window.kgTimeline.handle.day") == _day("2020-01-01")
    assert opened.clean()
    opened.page.close()


@pytest.mark.browser
def test_grouping_switches_between_partner_and_kind(opened):
    opened = opened("niger")
    opened.page.check("input[name=kg-tl-group-by][value=kind]")
    opened.page.wait_for_timeout(200)
    groups = opened.js("() => window.kgTimeline.handle.timeline.groupsData.getIds()")
    assert groups == [g["id"] for g in opened.model["groups"]["kind"]]
    texts = opened.js(
        """() => [...document.querySelectorAll('.vis-item.kg-labelled .kg-text')]
             .map((el) => el.textContent)"""
    )
    assert "→ Alliance of Sahel States" in texts  # Niger's membership, named by partner
    opened.page.check("input[name=kg-tl-group-by][value=partner]")
    assert opened.js("() => window.kgTimeline.handle.groupBy") == "partner"
    assert opened.clean()


@pytest.mark.browser
def test_a_timeline_page_in_french_has_its_header_and_title_in_french(browser, pages):
    opened = Opened(browser, pages["niger-2023"], fragment="lang=fr")
    assert opened.page.text_content("#title") == "Sahel KG : chronologie de Niger au 2023-07-26"
    assert opened.js("() => document.title") == "Sahel KG : chronologie de Niger au 2023-07-26"
    header = " ".join(opened.page.text_content("#view-header").split())
    assert "au jour choisi" in header and "toutes dates" in header
    assert "as of" not in header and "all dates" not in header
    assert opened.page.get_attribute("#day-input", "placeholder") == "AAAA-MM-JJ"
    assert opened.js("() => document.documentElement.lang") == "fr"
    assert opened.clean()
    opened.page.close()


@pytest.mark.browser
def test_hostile_strings_stay_text_in_items_tooltips_and_panel(opened):
    opened = opened("hostile")
    opened.fit()
    texts = opened.js(
        "() => [...document.querySelectorAll('.vis-item .kg-text, .vis-label')]"
        ".map((el) => el.textContent)"
    )
    assert SCRIPT_LABEL in texts  # the partner's row, by name
    assert opened.page.text_content(".kg-tl-panel h2") == IMG_LABEL  # the actor
    assert opened.page.text_content("#title") == f"Sahel KG: timeline of {IMG_LABEL}"
    # Event names show once zoomed in; the hostile event's name is then text.
    opened.js(
        "() => window.kgTimeline.handle.timeline.setWindow("
        "new Date('2024-01-01'), new Date('2024-09-01'), {animation: false})"
    )
    opened.page.wait_for_timeout(300)
    event = ID + "evil-event"
    texts = opened.js("() => [...document.querySelectorAll('.kg-text')].map((e) => e.textContent)")
    assert SCRIPT_LABEL in texts
    opened.page.hover(".vis-item.kg-event")
    tooltip = opened.page.locator(".kg-tl-tooltip")
    assert tooltip.is_visible() and tooltip.text_content().startswith(SCRIPT_LABEL)
    opened.click_item(event)
    panel = opened.page.locator(".kg-tl-panel")
    assert panel.locator(".kg-tl-name").text_content() == SCRIPT_LABEL
    assert IMG_LABEL in panel.text_content()  # the evidence
    link = panel.locator(".kg-tl-sources a")
    assert link.text_content() == f"{IMG_LABEL} & {SCRIPT_LABEL}"
    assert link.get_attribute("href") == "https://example.org/evil?a=1&b=<2>"
    statement = ST + "evil-partnership"
    opened.js(f"() => window.kgTimeline.handle.select({statement!r})")
    assert panel.locator(".kg-tl-name").text_content() == f"{IMG_LABEL} → {SCRIPT_LABEL}"
    assert opened.js("() => document.querySelectorAll('img').length") == 0
    assert opened.js("() => document.querySelectorAll('script:not([type])').length") == 2
    opened.page.wait_for_timeout(200)
    assert opened.dialogs == [] and opened.clean()
