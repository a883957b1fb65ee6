"""Fact sheets (kg/views/factsheet.py, assets/factsheet.js): what the record says about
one thing, drawn the same by the server's entity pages and the portable explorer.

Expected values come from the graph through SPARQL written here from the data
model, or from the named queries, never from the sheet code itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from browser import Watched, loopback_only
from helpers import HOSTILE_TURTLE, ID, IMG_LABEL, PROLOGUE, SCRIPT_LABEL, count
from servers import kg_serve

from kg.citations import Citations
from kg.errors import UnknownEntity
from kg.query import named_query, run
from kg.temporal import PartialDate
from kg.views.factsheet import FactSheets

slow = pytest.mark.slow  # a server and a browser

COUNT_STATEMENTS_OF = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a/rdfs:subClassOf kg:Relationship ; kg:from|kg:to ?centre ;
     kg:earliestStart ?e }"""
EVENTS_OF = """SELECT DISTINCT ?event WHERE {
  ?event kg:date ?date .
  { ?event kg:participant|kg:tookPower|kg:deposed ?centre }
  UNION { ?event kg:place/kg:locatedIn* ?centre } }"""
SOURCES_OF = "SELECT ?source WHERE { ?statement kg:source ?source }"
SUPPORTED_BY = """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x kg:source ?source .
  { ?x a/rdfs:subClassOf kg:Relationship } UNION { ?x kg:date ?date } }"""


@pytest.fixture(scope="module")
def sheets(real_stores) -> FactSheets:
    return FactSheets.of(real_stores["oxigraph"])


def _heads_of_state(store, state: str, day: str) -> set[str]:
    result = run(
        store,
        named_query("head-of-state"),
        as_of=PartialDate.parse(day).day,
        params={"state": state},
    )
    return {row["personLabel"].value for row in result.dicts()}


# --- the book, in Python ---------------------------------------------------------------


@pytest.mark.slow
def test_a_sheet_lists_every_relationship_and_event_of_its_actor(sheets, real_stores):
    from pyoxigraph import NamedNode

    store = real_stores["oxigraph"]
    niger = ID + "niger"
    sheet = sheets.book([niger])["sheets"][niger]
    assert len(sheet["relationships"]) == count(store, COUNT_STATEMENTS_OF, centre=niger)
    expected = {row[0].value for row in store.select(EVENTS_OF, {"centre": NamedNode(niger)}).rows}
    assert set(sheet["events"]) == expected


def test_sources_are_cited_in_date_order_originals_before_relays(sheets, real_stores):
    from pyoxigraph import NamedNode

    store = real_stores["oxigraph"]
    book = sheets.book([ID + "niger"])
    citations = Citations.of(store)
    checked = 0
    for key, statement in book["statements"].items():
        slugs = [slug.removeprefix("src:") for slug in statement["sources"]]
        found = {
            row[0].value for row in store.select(SOURCES_OF, {"statement": NamedNode(key)}).rows
        }
        assert {"https://w3id.org/sahel-kg/source/" + slug for slug in slugs} == found
        order = [citations[slug].order() for slug in slugs]
        assert order == sorted(order), key
        for slug in slugs:
            assert book["sources"]["src:" + slug]["citation"] == citations[slug].text
        checked += len(slugs) > 1
    assert checked > 10  # statements with several sources were compared


def test_any_name_resolves_and_an_unknown_one_offers_choices(sheets):
    assert sheets.resolve("tchiani") == ID + "abdourahamane-tiani"
    assert sheets.resolve("Niger") == ID + "niger"
    with pytest.raises(UnknownEntity) as ambiguous:
        sheets.resolve("Traore")
    labels = [choice["label"] for choice in ambiguous.value.choices]
    assert len(labels) >= 2 and all("Traor" in label for label in labels)
    with pytest.raises(UnknownEntity) as unknown:
        sheets.resolve("Nigerie")
    assert ID + "nigeria" in {choice["iri"] for choice in unknown.value.choices}


def test_a_source_sheet_lists_everything_it_supports(sheets, real_stores):
    from pyoxigraph import NamedNode

    source = "https://w3id.org/sahel-kg/source/seed-article"
    sheet = sheets.book([source])["sheets"][source]
    expected = count(real_stores["oxigraph"], SUPPORTED_BY, source=NamedNode(source).value)
    assert len(sheet["supports"]) == expected > 10


def test_a_sheet_says_which_commit_last_changed_it(sheets):
    # Read by hand from `git log -p -- data/`: commit aa6c48b of 2 December
    # 2026 is the last to change a triple of st:utkin-leads-wagner.
    utkin = "https://w3id.org/sahel-kg/statement/utkin-leads-wagner"
    changed = sheets.book([utkin])["sheets"][utkin]["lastChanged"]
    assert changed["day"] == "2026-12-02"
    assert changed["reason"].startswith("Utkin's command: back to attested-only")
    assert changed["commit"] == "aa6c48b"


# --- the server's pages, in Chromium ---------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A server over the record and two hostile labels."""
    hostile = tmp_path_factory.mktemp("sheets") / "hostile.ttl"
    hostile.write_text(PROLOGUE + HOSTILE_TURTLE, encoding="utf-8")
    yield from kg_serve("--workers", "1", "--data", str(hostile))


@pytest.fixture
def opened(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    watched = Watched(context.new_page(), loopback_only)

    def go(path: str) -> Watched:
        watched.page.goto(server + path)
        watched.page.wait_for_selector("#entity-name")
        return watched

    yield go
    context.close()


def _summary(page, kind: str) -> str:
    return page.locator(f"#sheet-summary li[data-kind='{kind}']").first.inner_text()


@slow
def test_the_summary_says_who_led_niger_on_the_day_chosen(opened, real_stores):
    store = real_stores["oxigraph"]
    watched = opened("/entity/Niger?as_of=2024-06-01")
    page = watched.page
    assert page.locator("#entity-name").inner_text() == "Niger"
    changed = page.locator(".sheet-changed").inner_text()
    assert changed.startswith("Last changed in the record on 20")
    heads = _heads_of_state(store, "niger", "2024-06-01")
    assert heads and all(head in _summary(page, "HeadOfState") for head in heads)
    page.fill("#sheet-day", "2021-06-01")
    page.press("#sheet-day", "Enter")
    page.wait_for_function(
        "() => document.querySelector('#sheet-summary h2').textContent.includes('2021-06-01')"
    )
    earlier = _heads_of_state(store, "niger", "2021-06-01")
    assert earlier and earlier.isdisjoint(heads)
    summary = _summary(page, "HeadOfState")
    assert all(head in summary for head in earlier) and not any(h in summary for h in heads)
    page.fill("#sheet-day", "June 2021")
    page.press("#sheet-day", "Enter")
    assert "is not a date" in page.locator("#sheet-message").inner_text()
    assert watched.clean()


@slow
def test_the_sheet_cites_sources_and_links_names_and_pictures(opened, real_stores):
    watched = opened("/entity/tchiani?as_of=2024-06-01")
    page = watched.page
    assert page.locator("#entity-name").inner_text() == "Abdourahamane Tiani"
    rows = page.locator("#sheet-relationships tr[data-statement]")
    assert rows.count() == count(
        real_stores["oxigraph"], COUNT_STATEMENTS_OF, centre=ID + "abdourahamane-tiani"
    )
    citation = page.locator("#sheet-summary .cite a").first
    assert citation.get_attribute("href").startswith("https://")
    assert ", 20" in citation.inner_text()  # "Publisher, YYYY-..."
    views = {
        link.get_attribute("data-view"): link.get_attribute("href")
        for link in page.locator(".sheet-links a").all()
    }
    assert views["network"] == "/view/ego/abdourahamane-tiani?as_of=2024-06-01"
    assert views["timeline"] == "/view/timeline/abdourahamane-tiani?as_of=2024-06-01"
    page.locator("#sheet-summary a", has_text="Niger").first.click()
    page.wait_for_function("() => document.querySelector('#entity-name').textContent === 'Niger'")
    for name, href in views.items():
        assert httpx.get(page.url.split("/id/")[0] + href, timeout=60).status_code == 200, name
    assert watched.clean()


@slow
def test_french_switches_phrases_and_names(opened, real_stores):
    watched = opened("/entity/Niger?as_of=2024-06-01&lang=fr")
    page = watched.page
    assert page.locator("#sheet").get_attribute("lang") == "fr"
    assert _summary(page, "HeadOfState").startswith("Chef de l'État")
    french = real_stores["oxigraph"].select(
        'SELECT ?l WHERE { id:aes skos:prefLabel ?l FILTER(LANG(?l) = "fr") }'
    )
    assert french.rows[0][0].value in page.locator("#sheet-relationships").inner_text()
    page.click("#sheet-language")
    assert _summary(page, "HeadOfState").startswith("Head of state")
    assert watched.clean()


@slow
def test_statement_event_and_source_pages(opened, real_stores):
    watched = opened("/statement/niger-member-of-ecowas")
    page = watched.page
    title = page.locator("#entity-name").inner_text()
    assert title == "Niger — Member of: Economic Community of West African States"
    end = page.locator("#sheet-statement").get_by_role("link", name="Niger", exact=True)
    assert end.get_attribute("href") == "/id/niger"
    assert page.locator("#sheet-sources li").count() >= 1
    opened("/source/seed-article")
    supports = page.locator("ul.supports li").count()
    assert supports == count(
        real_stores["oxigraph"],
        SUPPORTED_BY,
        source="https://w3id.org/sahel-kg/source/seed-article",
    )
    opened("/entity/niger-coup-2023")
    assert "Niamey" in page.locator("#sheet-event").inner_text()
    assert watched.clean()


@slow
def test_unknown_and_ambiguous_names_get_choices(server):
    unknown = httpx.get(server + "/entity/Nigerie", timeout=30)
    assert unknown.status_code == 404
    assert 'href="/id/nigeria"' in unknown.text
    ambiguous = httpx.get(server + "/entity/Traore", timeout=30)
    assert ambiguous.status_code == 300
    assert 'href="/id/ibrahim-traore"' in ambiguous.text
    hostile = httpx.get(server + "/entity/%3Cb%3Ex", timeout=30)
    assert hostile.status_code == 404 and "<b>x" not in hostile.text


@slow
def test_hostile_labels_stay_text(opened):
    watched = opened("/entity/evil-img")
    page = watched.page
    assert page.locator("#entity-name").inner_text() == IMG_LABEL
    assert page.locator(".sheet-changed").count() == 0  # not in data/'s history
    assert SCRIPT_LABEL in page.locator("#sheet-summary").inner_text()
    assert page.locator("#sheet img").count() == 0
    opened("/source/evil-page")
    assert page.locator("#sheet img, #sheet script").count() == 0
    assert watched.clean() and not watched.dialogs


@slow
def test_a_served_network_opens_an_actors_sheet_at_the_day_shown(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    watched = Watched(context.new_page(), loopback_only)
    page = watched.page
    page.goto(server + "/view/ego/niger?as_of=2024-06-01")
    page.wait_for_function("() => window.kgView && window.kgView.ready")
    assert page.evaluate("() => window.kgView.search('tchiani')") == ID + "abdourahamane-tiani"
    page.click("#panel-entity")
    page.wait_for_selector("#entity-name")
    assert page.url.endswith("/id/abdourahamane-tiani?as_of=2024-06-01")
    assert page.locator("#sheet-day").input_value() == "2024-06-01"
    assert watched.clean()
    context.close()


@pytest.mark.slow
def test_kg_view_entity_writes_one_sheet_and_refuses_what_it_cannot_name(kg, tmp_path):
    page = tmp_path / "tiani.html"
    done = kg("view", "entity", "tchiani", "--as-of", "2024-06", "--lang", "fr", "-o", str(page))
    assert done.returncode == 0 and done.stdout.strip() == str(page)
    text = page.read_text(encoding="utf-8")
    assert '"iri":"https://w3id.org/sahel-kg/id/abdourahamane-tiani"' in text
    assert '<html lang="fr">' in text
    for name, message in [("Traore", "is ambiguous"), ("Atlantis", "no entity is called")]:
        refused = kg("view", "entity", name, "-o", str(tmp_path / "x.html"))
        assert refused.returncode == 5 and message in refused.stderr
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert not (tmp_path / "x.html").exists()
