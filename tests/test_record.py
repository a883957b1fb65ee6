"""The record, surer (issue #20): each fixed error pinned on the bundled data,
and each check that catches a kind of error proven on a bad snippet.

Expected values are written from the pages the data cites, not from query
output:

- Rosoboronexport ("Cooperation with Mali") and aBamako (the transitional
  council's vote) date the Mali-Russia military-technical agreement to
  25 March 2003, signed in Moscow; aBamako gives the vote of Thursday
  4 July 2024, 130 for, none against. Two pages with one text (Maghreb
  Aujourd'hui, Journal du Pays) write 25 March 2023: a version, not the date.
- Mali's coups 2012-2023 are three: March 2012 (Reuters, 21 March, with a
  22 March version from Al Jazeera and Maliweb), 18 August 2020, 24 May 2021.
- Moura, March 2022: the army claimed 203 fighters killed from 23 to 31 March
  (PressAfrik, Journal de Conakry); 300 dead in the 2022 reports; the UN
  human-rights office found at least 500 killed (The Hill carrying AP, Jowhar
  carrying AFP, 12 May 2023); Mali's government rejected the report on
  Saturday 13 May 2023 (TRT World; Sputnik Africa).
- Omar Touray took over the ECOWAS Commission on 13 July 2022 (allAfrica,
  GhanaToday); the Russian Federation's defence ministry dates from 1992.
- Lavrov announced more instructors for Burkina Faso on Wednesday 5 June 2024
  (Sputnik Africa and iAfrica pages dated 6 June 2024).
"""

from __future__ import annotations

import pytest
from helpers import find, one_value, rows, select_values

from kg.load import rdf_files
from kg.validate import validate_files

# -- fixed errors, on the bundled data ---------------------------------------------------


def test_the_mali_russia_agreement_was_signed_on_25_march_2003(real_store):
    event = "id:russia-mali-military-technical-agreement-2003-03-25"
    assert one_value(real_store, event, "kg:date") == "2003-03-25"
    assert one_value(real_store, event, "kg:status").endswith("#Confirmed")
    sources = {
        r["s"] for r in select_values(real_store, f"SELECT ?s WHERE {{ {event} kg:source ?s }}")
    }
    assert "https://w3id.org/sahel-kg/source/roe-cooperation-with-mali" in sources
    version = "id:russia-mali-military-technical-agreement-2023-03-25"
    assert one_value(real_store, version, "kg:versionOf").endswith(
        "/id/russia-mali-military-technical-agreement-2003-03-25"
    )
    assert one_value(real_store, version, "kg:status").endswith("#Reported")
    partnership = "st:russia-mali-military-technical-partnership-2003"
    assert one_value(real_store, partnership, "kg:start") == "2003-03-25"


def test_mali_ratified_the_agreement_on_4_july_2024_by_130_votes(real_store):
    event = "id:mali-cnt-ratifies-russia-military-technical-agreement-2024-07-04"
    assert one_value(real_store, event, "kg:date") == "2024-07-04"
    assert float(one_value(real_store, event, "kg:quantity/kg:value")) == 130


def test_tinzaouaten_and_the_serval_launch_are_one_event_each(real_store):
    for label in ("Battle of Tinzaouaten", "France launches Operation Serval in Mali"):
        found = select_values(
            real_store,
            "SELECT DISTINCT ?e WHERE { ?e a/rdfs:subClassOf* kg:Event ; "
            f'skos:prefLabel "{label}"@en }}',
        )
        assert len(found) == 1, (label, found)


def test_mali_had_three_coups_from_2012_to_2023(real_store):
    coups = [r for r in rows(real_store, "coups", state="mali") if "2012" <= r["date"] <= "2023"]
    assert [r["date"] for r in coups] == ["2012-03-21", "2020-08-18", "2021-05-24"]
    [march_2012] = find(coups, date="2012-03-21")
    assert march_2012["otherDates"] == "2012-03-22"


def test_moura_keeps_each_toll_with_its_source(real_store):
    tolls = {
        row["e"].rsplit("/", 1)[1]: float(row["n"])
        for row in select_values(
            real_store,
            "SELECT ?e ?n WHERE { ?e kg:versionOf id:moura-operation-2022 ; "
            "kg:quantity/kg:value ?n }",
        )
    }
    assert tolls == {
        "moura-2022-army-claim": 203,
        "moura-2022-at-least-300-killed": 300,
        "moura-2022-un-report-at-least-500-killed": 500,
    }
    assert one_value(real_store, "id:moura-2022-army-claim", "kg:date") == "2022-03-23"
    un_sources = select_values(
        real_store, "SELECT ?s WHERE { id:moura-2022-un-report-at-least-500-killed kg:source ?s }"
    )
    assert {r["s"].rsplit("/", 1)[1] for r in un_sources} == {
        "thehill-2023-05-12-moura-un-report",
        "jowhar-moura-un-report",
    }
    assert (
        one_value(real_store, "id:mali-rejects-un-moura-report-2023-05-13", "kg:date")
        == "2023-05-13"
    )
    assert not select_values(
        real_store, "SELECT ?q WHERE { id:moura-operation-2022 kg:quantity ?q }"
    )


def test_touray_certainly_led_the_ecowas_commission_from_13_july_2022(real_store):
    assert (
        one_value(real_store, "st:touray-leads-ecowas-commission", "kg:latestStart") == "2022-07-13"
    )


def test_russia_s_defence_ministry_is_part_of_russia_from_1992(real_store):
    statement = "st:russian-mod-part-of-russia"
    assert one_value(real_store, statement, "kg:start") == "1992-01-01"
    assert one_value(real_store, statement, "kg:latestStart") == "1992-12-31"


def test_lavrov_announced_more_instructors_on_5_june_2024(real_store):
    statement = "st:russia-burkina-faso-more-instructors-announced"
    assert one_value(real_store, statement, "kg:startAnnounced") == "2024-06-05"


def test_no_event_is_counted_twice(real_store):
    assert not select_values(
        real_store, "SELECT ?v WHERE { ?v kg:versionOf ?c . ?c kg:versionOf ?d }"
    ), "a version names another version, not the canonical event"


@pytest.mark.slow
def test_each_thing_is_described_in_one_data_file():
    # A fact written in two files drifts apart when one copy is corrected, and
    # Oxigraph's union of graphs counted it once per file (a source in two
    # files gave 128 rows for 2 in sources-of).
    import rdflib

    where: dict[str, list[str]] = {}
    for file in rdf_files()[1:]:
        graph = rdflib.Graph().parse(file.path, format="turtle")
        for subject in set(graph.subjects(rdflib.RDF.type, None)):
            if isinstance(subject, rdflib.URIRef):
                where.setdefault(str(subject), []).append(file.path.name)
    twice = {subject: files for subject, files in where.items() if len(files) > 1}
    assert twice == {}


def test_a_triple_in_two_files_counts_once(backend):
    # ex:twice's type is stated in two graphs: the union still holds it once.
    from kg.store import OxigraphStore, RdflibStore

    store = OxigraphStore.in_memory() if backend == "oxigraph" else RdflibStore()
    for graph in ("urn:graph:one", "urn:graph:two"):
        store.add_turtle("<urn:x:twice> a <urn:x:Thing> .", graph)
    store.merge_repeated_triples()
    assert len(select_values(store, "SELECT ?s WHERE { ?s a <urn:x:Thing> }")) == 1


# -- checks, on bad snippets ------------------------------------------------------------

SOURCES = """
src:a a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "Agency A" ;
    kg:address "https://a.example.org/1"^^xsd:anyURI .
src:b a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "Paper B" ;
    kg:address "https://b.example.org/1"^^xsd:anyURI .
id:x a kg:State ; skos:prefLabel "Xland"@en .
id:y a kg:ArmedForce ; skos:prefLabel "Y army"@en .
"""


def _coup(name, day, status="kg:Reported", extra=""):
    return f"""
id:{name} a kg:Coup ; skos:prefLabel "{name}"@en ;
    kg:date "{day}"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:place id:x ; kg:tookPower id:y ; kg:participant id:x ;
    kg:status {status} ; kg:source src:a, src:b ; kg:evidence "A coup."@en {extra}.
"""


def _problems(turtle_file, tmp_path, text):
    path = turtle_file(text)
    (tmp_path / "none").mkdir(exist_ok=True)
    return path, validate_files(rdf_files([path], data_dir=tmp_path / "none"))


def _violations(report, check):
    return [p for p in report.violations if p.message.endswith(f"[{check}]")]


def test_two_coups_of_the_same_actors_two_days_apart_fail(turtle_file, tmp_path):
    text = SOURCES + _coup("coup-21", "2012-03-21") + _coup("coup-22", "2012-03-22")
    path, report = _problems(turtle_file, tmp_path, text)
    [problem] = _violations(report, "duplicate-event-violation")
    assert problem.file == str(path) and problem.subject == "id:coup-21"
    assert "id:coup-22" in problem.message and "2012-03-22" in problem.message


def test_conflicting_versions_pass_only_when_one_names_the_canonical_event(turtle_file, tmp_path):
    linked = " ; kg:conflictsWith id:coup-21"
    text = SOURCES + _coup("coup-21", "2012-03-21") + _coup("coup-22", "2012-03-22", extra=linked)
    _, report = _problems(turtle_file, tmp_path, text)
    [problem] = _violations(report, "duplicate-event-violation")
    assert "kg:versionOf" in problem.message
    text = SOURCES + _coup("coup-21", "2012-03-21")
    text += _coup("coup-22", "2012-03-22", extra=linked + " ; kg:versionOf id:coup-21")
    _, report = _problems(turtle_file, tmp_path, text)
    assert not _violations(report, "duplicate-event-violation")


def test_coups_a_month_apart_or_of_other_actors_are_not_duplicates(turtle_file, tmp_path):
    text = SOURCES + _coup("coup-march", "2012-03-21") + _coup("coup-april", "2012-04-21")
    _, report = _problems(turtle_file, tmp_path, text)
    assert not _violations(report, "duplicate-event-violation")


def test_a_canonical_event_counts_once(tmp_path):
    from helpers import snippet_store

    from kg.report import stats

    text = SOURCES + _coup("coup-21", "2012-03-21")
    text += _coup(
        "coup-22", "2012-03-22", extra=" ; kg:conflictsWith id:coup-21 ; kg:versionOf id:coup-21"
    )
    store = snippet_store(text)
    counts = stats(store).counts
    assert (counts["events"], counts["event versions"]) == (1, 1)
    assert [r["coup"] for r in rows(store, "coups")] == ["id:coup-21"]


@pytest.mark.parametrize(
    ("case", "text", "check", "words"),
    [
        (
            "confirmed on one publisher's two pages",
            SOURCES.replace('"Paper B"', '"Agency A"') + _coup("c", "2012-03-21", "kg:Confirmed"),
            "confirmed-on-one-report-violation",
            "Agency A",
        ),
        (
            "confirmed on a report and its mirror",
            SOURCES.replace(
                "src:b a kg:Source ; kg:sourceKind kg:NewsReport",
                "src:b a kg:Source ; kg:sourceKind kg:Mirror",
            )
            + _coup("c", "2012-03-21", "kg:Confirmed"),
            "confirmed-on-one-report-violation",
            "confirmed on one report",
        ),
        (
            "resting on mirrors only",
            SOURCES.replace("kg:NewsReport", "kg:Mirror") + _coup("c", "2012-03-21"),
            "mirror-only-source-violation",
            "https://a.example.org/1",
        ),
        (
            "tracking parameters",
            SOURCES.replace("https://b.example.org/1", "https://b.example.org/1?utm_source=feed")
            + _coup("c", "2012-03-21"),
            "tracking-parameter-in-address-violation",
            "utm_source",
        ),
        (
            "a host ending with a dot",
            SOURCES.replace("https://b.example.org/1", "https://b.example.org./1")
            + _coup("c", "2012-03-21"),
            "trailing-dot-host-violation",
            "b.example.org.",
        ),
        (
            "plain http on a host cited over https",
            SOURCES.replace('"https://b.example.org/1"', '"https://a.example.org/2"').replace(
                '"https://a.example.org/1"', '"http://a.example.org/1"'
            )
            + _coup("c", "2012-03-21"),
            "plain-http-address-violation",
            "http://a.example.org/1",
        ),
        (
            "one publisher spelt two ways",
            SOURCES.replace('"Paper B"', '"AGENCY-A"') + _coup("c", "2012-03-21"),
            "publisher-spelt-two-ways-violation",
            "AGENCY-A",
        ),
        (
            "a derived bound written by hand",
            SOURCES
            + _coup("c", "2012-03-21")
            + 'st:t a kg:Membership ; kg:earliestStart "2012-03-21"^^xsd:date .\n',
            "derived-property-in-data-violation",
            "kg:earliestStart is computed by the build",
        ),
        (
            "a place in a chain of command written by hand",
            SOURCES + _coup("c", "2012-03-21") + "id:x kg:within id:y .\n",
            "derived-property-in-data-violation",
            "kg:within is computed by the build",
        ),
        (
            "a source nothing cites",
            SOURCES + _coup("c", "2012-03-21").replace("src:a, src:b", "src:a"),
            "source-cited-by-nothing-violation",
            "nothing cites",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v and len(v) < 60 else "",
)
def test_each_rule_fails_validation_naming_file_and_fact(
    turtle_file, tmp_path, case, text, check, words
):
    path, report = _problems(turtle_file, tmp_path, text)
    found = _violations(report, check)
    assert found, (case, [str(p) for p in report.violations])
    assert all(p.file == str(path) for p in found)
    assert any(words in p.message for p in found), [str(p) for p in found]


def test_the_clean_snippet_passes_every_rule(turtle_file, tmp_path):
    _, report = _problems(turtle_file, tmp_path, SOURCES + _coup("c", "2012-03-21", "kg:Confirmed"))
    assert report.violations == []


def test_every_event_has_a_french_label(real_store):
    assert not select_values(
        real_store,
        "SELECT DISTINCT ?e WHERE { ?e a/rdfs:subClassOf* kg:Event . "
        'FILTER NOT EXISTS { ?e skos:prefLabel ?fr . FILTER(LANG(?fr) = "fr") } }',
    )
