"""Corroboration (issue #20): relays, credits and mirrors count once, a party's
own voice confirms, and a fact confirmed on one original report fails the build.

Each story is a small relay chain written in Turtle: who published each page,
what it credits or quotes, and the statement it supports.
"""

from __future__ import annotations

import pytest
from helpers import BACKENDS, rows, snippet_store

from kg.load import rdf_files
from kg.query import adhoc, run
from kg.validate import validate_files

PUBLISHERS = """
pub:reuters a kg:Publisher ; skos:prefLabel "Reuters" ; kg:publisherKind kg:NewsAgency .
pub:afp a kg:Publisher ; skos:prefLabel "AFP" ; kg:publisherKind kg:NewsAgency .
pub:paper-a a kg:Publisher ; skos:prefLabel "Paper A" ; kg:publisherKind kg:NewspaperOrMagazine .
pub:paper-b a kg:Publisher ; skos:prefLabel "Paper B" ; kg:publisherKind kg:NewspaperOrMagazine .
pub:paper-c a kg:Publisher ; skos:prefLabel "Paper C" ;
    skos:altLabel "PAPER C online" ; kg:publisherKind kg:NewspaperOrMagazine .
pub:rtn a kg:Publisher ; skos:prefLabel "RTN" ; kg:speaksFor id:niger ;
    kg:publisherKind kg:StateMediaOutlet .
pub:wikipedia a kg:Publisher ; skos:prefLabel "Wikipedia" ;
    kg:publisherKind kg:EncyclopediaPublisher .
pub:wikizero a kg:Publisher ; skos:prefLabel "WikiZero" ; kg:mirrorOf pub:wikipedia ;
    kg:publisherKind kg:MirrorSite .
id:niger a kg:State ; skos:prefLabel "Niger"@en .
id:mali a kg:State ; skos:prefLabel "Mali"@en .
id:aes a kg:IntergovernmentalOrganisation ; skos:prefLabel "AES"@en .
"""


def _page(slug: str, publisher: str, extra: str = "") -> str:
    return (
        f'src:{slug} a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "{publisher}" ;'
        f' kg:address "https://example.org/{slug}"^^xsd:anyURI {extra}.\n'
    )


def _member(slug: str, sources: str, *, status: str = "kg:Reported", member: str = "mali") -> str:
    return (
        f"st:{slug} a kg:Membership ; kg:from id:{member} ; kg:to id:aes ; kg:status {status} ;"
        f' kg:source {sources} ; kg:evidence "A membership."@en .\n'
    )


def _graded(store) -> dict[str, tuple[int, str]]:
    found = run(
        store,
        adhoc("SELECT ?s ?n ?g WHERE { ?s kg:independentReports ?n ; kg:corroboration ?g }"),
    )
    return {
        row["s"].value.rsplit("/", 1)[-1]: (int(row["n"].value), row["g"].value.split("#")[-1])
        for row in found.dicts()
    }


def _origins(store) -> dict[str, str]:
    found = run(store, adhoc("SELECT ?s ?o WHERE { ?s kg:reportOrigin ?o }"))
    return {
        row["s"].value.rsplit("/", 1)[-1]: row["o"].value.rsplit("/", 1)[-1]
        for row in found.dicts()
    }


# -- counting origins ------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_reuters_story_carried_by_three_outlets_counts_once(backend):
    text = PUBLISHERS
    for paper in ("A", "B", "C"):
        text += _page(f"p{paper.lower()}", f"Paper {paper}", '; kg:creditedTo "Reuters" ')
    store = snippet_store(text + _member("x", "src:pa, src:pb, src:pc"), backend)
    assert _graded(store) == {"x": (1, "SingleSource")}
    assert set(_origins(store).values()) == {"reuters"}


def test_a_state_broadcast_relayed_by_two_papers_counts_once_as_the_broadcaster():
    text = PUBLISHERS + (
        "src:rtn-news a kg:RelayedReport ; kg:sourceKind kg:StateMedia ;"
        ' dcterms:publisher "RTN" .\n'
    )
    text += _page("pa", "Paper A", "; prov:wasQuotedFrom src:rtn-news ")
    text += _page("pb", "Paper B", "; prov:wasQuotedFrom src:rtn-news ")
    store = snippet_store(text + _member("x", "src:pa, src:pb"))
    assert _graded(store) == {"x": (1, "SingleSource")}
    assert _origins(store) == {"pa": "rtn", "pb": "rtn"}


def test_two_agencies_count_two():
    text = PUBLISHERS + _page("pa", "Paper A", '; kg:creditedTo "AFP" ')
    text += _page("pb", "Paper B", '; kg:creditedTo "Reuters" ')
    store = snippet_store(text + _member("x", "src:pa, src:pb"))
    assert _graded(store) == {"x": (2, "Corroborated")}


def test_a_mirror_and_its_encyclopedia_count_once():
    text = PUBLISHERS + _page("wiki", "Wikipedia") + _page("copy", "WikiZero")
    store = snippet_store(text + _member("x", "src:wiki, src:copy"))
    assert _graded(store) == {"x": (1, "SingleSource")}
    assert _origins(store) == {"wiki": "wikipedia", "copy": "wikipedia"}


def test_a_copy_on_a_site_hosting_many_publishers_adds_no_report():
    text = PUBLISHERS + _page("pa", "Paper A")
    text += _page("copy", "Document Host").replace("kg:NewsReport", "kg:Mirror")
    text += (
        'pub:host a kg:Publisher ; skos:prefLabel "Document Host" ;'
        " kg:publisherKind kg:OtherPublisher .\n"
    )
    store = snippet_store(text + _member("x", "src:pa, src:copy"))
    assert _graded(store) == {"x": (1, "SingleSource")}


def test_another_spelling_finds_its_publisher():
    store = snippet_store(PUBLISHERS + _page("pc", "PAPER C online") + _member("x", "src:pc"))
    assert _origins(store) == {"pc": "paper-c"}


def test_two_pages_of_one_undeclared_publisher_count_once():
    text = PUBLISHERS + _page("u1", "Unlisted Daily") + _page("u2", "Unlisted Daily")
    store = snippet_store(text + _member("x", "src:u1, src:u2"))
    assert _graded(store) == {"x": (1, "SingleSource")}


# -- a party's own voice ---------------------------------------------------------------


def test_a_partys_state_media_officially_confirms_it():
    text = PUBLISHERS + _page("rtn-page", "RTN")
    store = snippet_store(text + _member("x", "src:rtn-page", member="niger"))
    assert _graded(store) == {"x": (1, "OfficiallyConfirmed")}


def test_state_media_of_a_non_party_does_not():
    text = PUBLISHERS + _page("rtn-page", "RTN")
    store = snippet_store(text + _member("x", "src:rtn-page", member="mali"))
    assert _graded(store) == {"x": (1, "SingleSource")}


def test_a_junta_is_spoken_for_by_the_state_media_of_the_state_it_governs():
    text = PUBLISHERS + _page("rtn-page", "RTN") + _page("pa", "Paper A")
    text += """
id:cnsp a kg:MilitaryJunta ; skos:prefLabel "CNSP"@en .
st:cnsp-governs a kg:Governance ; kg:from id:cnsp ; kg:to id:niger ; kg:status kg:Confirmed ;
    kg:source src:pa ; kg:evidence "The junta governs."@en .
"""
    store = snippet_store(text + _member("x", "src:rtn-page", member="cnsp"))
    assert _graded(store)["x"] == (1, "OfficiallyConfirmed")


# -- the check, the query and the numbers ----------------------------------------------

COUP = """
id:c a kg:Coup ; skos:prefLabel "A coup"@en ;
    kg:date "2012-03-21"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:place id:mali ; kg:participant id:mali ;
    kg:status {status} ; kg:source src:pa, src:pb ; kg:evidence "A coup."@en .
"""


def _violations(turtle_file, tmp_path, text):
    path = turtle_file(text)
    (tmp_path / "none").mkdir(exist_ok=True)
    report = validate_files(rdf_files([path], data_dir=tmp_path / "none"))
    found = [
        p for p in report.violations if p.message.endswith("[confirmed-on-one-report-violation]")
    ]
    return path, report, found


def _relayed_twice(status: str, second_credit: str = "Reuters") -> str:
    return (
        PUBLISHERS
        + _page("pa", "Paper A", '; kg:creditedTo "Reuters" ')
        + _page("pb", "Paper B", f'; kg:creditedTo "{second_credit}" ')
        + COUP.format(status=status)
    )


def test_confirmed_on_a_single_report_fails_naming_file_and_fact(turtle_file, tmp_path):
    path, _, [problem] = _violations(turtle_file, tmp_path, _relayed_twice("kg:Confirmed"))
    assert problem.file == str(path) and problem.subject == "id:c"
    assert "Reuters" in problem.message and "kg:Reported" in problem.message


@pytest.mark.parametrize(
    ("status", "credit"), [("kg:Reported", "Reuters"), ("kg:Confirmed", "AFP")]
)
def test_reported_or_corroborated_passes(turtle_file, tmp_path, status, credit):
    _, report, found = _violations(turtle_file, tmp_path, _relayed_twice(status, credit))
    assert found == [] and report.violations == []


def test_an_undeclared_publisher_is_a_warning_naming_it(turtle_file, tmp_path):
    text = _relayed_twice("kg:Reported").replace(
        'dcterms:publisher "Paper B"', 'dcterms:publisher "Nowhere Gazette"'
    )
    _, report, _ = _violations(turtle_file, tmp_path, text)
    assert report.violations == []
    [warning] = [p for p in report.warnings if "publisher-not-declared" in p.message]
    assert warning.subject == "src:pb" and '"Nowhere Gazette"' in warning.message


def test_single_source_query_names_the_origin():
    text = _relayed_twice("kg:Reported") + _member("y", "src:pa", status="kg:Reported")
    found = rows(snippet_store(text), "single-source")
    assert [(r["statement"], r["status"], r["origin"]) for r in found] == [
        ("id:c", "reported", "Reuters"),
        ("st:y", "reported", "Reuters"),
    ]
    assert found[0]["sources"] == {"pa", "pb"}


def test_every_publisher_on_the_record_is_declared(real_stores):
    undeclared = run(
        real_stores["oxigraph"],
        adhoc(
            "SELECT ?s WHERE { ?s dcterms:publisher ?p FILTER NOT EXISTS { ?s kg:publishedBy ?x } }"
        ),
    )
    assert undeclared.rows == []


def test_the_shares_by_grade_on_the_record_add_up(real_stores):
    from kg.report import stats

    store = real_stores["oxigraph"]
    result = stats(store)
    graded = run(
        store,
        adhoc(
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { { ?x a kg:Relationship } UNION "
            "{ ?x a kg:Event } ?x kg:source ?s }"
        ),
    ).rows[0][0]
    assert list(result.corroboration) == ["OfficiallyConfirmed", "Corroborated", "SingleSource"]
    assert sum(result.corroboration.values()) == int(graded.value)
    assert abs(sum(result.corroboration_shares().values()) - 100) <= 0.2
    shares = result.as_json()["corroboration"]
    assert {g: v["count"] for g, v in shares.items()} == result.corroboration


def test_nothing_confirmed_on_the_record_rests_on_a_single_report(real_stores):
    found = run(
        real_stores["oxigraph"],
        adhoc("SELECT ?x WHERE { ?x kg:status kg:Confirmed ; kg:corroboration kg:SingleSource }"),
    )
    assert found.rows == []


@pytest.mark.slow
def test_a_fact_sheet_row_carries_the_grade_and_the_count():
    from kg.views.factsheet import FactSheets

    text = PUBLISHERS + _page("pa", "Paper A", '; kg:creditedTo "AFP" ')
    text += _page("pb", "Paper B", '; kg:creditedTo "Reuters" ')
    book = FactSheets.of(snippet_store(text + _member("x", "src:pa, src:pb"))).book(
        ["https://w3id.org/sahel-kg/id/mali"]
    )
    [statement] = book["statements"].values()
    assert (statement["corroboration"], int(statement["independentReports"])) == (
        "Corroborated",
        2,
    )
