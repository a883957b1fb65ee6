"""Each actor, place or event links to its own English and French Wikipedia
articles (foaf:isPrimaryTopicOf, data/encyclopedia-pages.ttl): the fact sheet
carries them, its page links them, and validation refuses any other address.
Expected addresses are copied from the data file, not from the code."""

from __future__ import annotations

import pytest
from browser import Watched, file_only
from validation_cases import GOOD_MEMBERSHIP, GOOD_SOURCE

from kg.load import rdf_files
from kg.validate import validate_files
from kg.views.factsheet import FactSheets
from kg.views.factsheet_page import write_sheet_html

JNIM = "https://w3id.org/sahel-kg/id/jnim"
JNIM_EN = "https://en.wikipedia.org/wiki/Jama%27at_Nasr_al-Islam_wal_Muslimin"
JNIM_FR = "https://fr.wikipedia.org/wiki/Groupe_de_soutien_%C3%A0_l%27islam_et_aux_musulmans"
LINKED_AT_LEAST = 58  # things linked in data/encyclopedia-pages.ttl
ID_PREFIX = "https://w3id.org/sahel-kg/id/"


def _wikipedia_hrefs(browser, tmp_path, book: dict, iri: str, language: str = "en") -> list:
    """The href of every link in the sheet's Wikipedia line, as Chromium draws
    the page offline."""
    page_file = write_sheet_html(book, iri, tmp_path / "sheet.html", language=language)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        watched = Watched(context.new_page(), file_only)
        watched.page.goto(page_file.as_uri())
        watched.page.wait_for_selector("#entity-name")
        assert watched.clean(), (watched.errors, watched.failed, watched.blocked)
        return watched.page.eval_on_selector_all(
            "p.sheet-wikipedia a", "links => links.map(a => a.getAttribute('href'))"
        )
    finally:
        context.close()


@pytest.fixture(scope="module")
def book(real_stores) -> dict:
    return FactSheets.of(real_stores["oxigraph"]).book([JNIM])


def test_the_sheet_carries_both_articles_english_first(book):
    assert book["sheets"][JNIM]["wikipedia"] == [
        {"lang": "en", "href": JNIM_EN},
        {"lang": "fr", "href": JNIM_FR},
    ]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("kidal", [{"lang": "en", "href": "https://en.wikipedia.org/wiki/Kidal"}]),
        ("bourem", [{"lang": "fr", "href": "https://fr.wikipedia.org/wiki/Bourem"}]),
    ],
)
def test_a_place_sheet_carries_its_article(real_stores, slug, expected):
    iri = ID_PREFIX + slug
    book = FactSheets.of(real_stores["oxigraph"]).book([iri])
    assert book["sheets"][iri]["wikipedia"] == expected


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_links_both_articles(browser, tmp_path, book, language):
    assert _wikipedia_hrefs(browser, tmp_path, book, JNIM, language) == [JNIM_EN, JNIM_FR]


@pytest.mark.slow
@pytest.mark.browser
def test_a_thing_without_articles_has_no_line(browser, tmp_path, real_stores):
    sheets = FactSheets.of(real_stores["oxigraph"])
    iri = "https://w3id.org/sahel-kg/id/eric-tiare"
    book = sheets.book([iri])
    assert book["sheets"][iri]["wikipedia"] == []
    assert _wikipedia_hrefs(browser, tmp_path, book, iri) == []


def _validated_with_link(turtle_file, tmp_path, value: str):
    bundled = tmp_path / "no-bundled-data"
    bundled.mkdir(exist_ok=True)
    snippet = (
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        + GOOD_SOURCE
        + GOOD_MEMBERSHIP
        + f"id:a foaf:isPrimaryTopicOf {value} .\n"
    )
    path = turtle_file(snippet)
    return path, validate_files(rdf_files([path], data_dir=bundled))


@pytest.mark.parametrize(
    "value",
    [
        "<http://example.org/x>",
        "<https://fr.m.wikipedia.org/wiki/Alpha>",
        "<http://en.wikipedia.org/wiki/Alpha>",
        '"https://en.wikipedia.org/wiki/Alpha"',
    ],
)
def test_any_other_value_is_a_violation_naming_file_and_subject(turtle_file, tmp_path, value):
    path, report = _validated_with_link(turtle_file, tmp_path, value)
    bad = [p for p in report.violations if "isPrimaryTopicOf" in p.message]
    assert bad, [str(p) for p in report.violations]
    assert all(p.file == str(path) and p.subject == "id:a" for p in bad), [str(p) for p in bad]


def test_the_good_address_conforms(turtle_file, tmp_path):
    good = "<https://en.wikipedia.org/wiki/Alpha>"
    _, report = _validated_with_link(turtle_file, tmp_path, good)
    assert report.violations == []


def test_the_record_links_at_least_the_things_listed(real_store):
    result = real_store.query(
        "SELECT (COUNT(DISTINCT ?thing) AS ?n) WHERE { ?thing foaf:isPrimaryTopicOf ?page }"
    )
    assert int(result.rows[0][0].value) >= LINKED_AT_LEAST
