"""Killings of civilians blamed on state forces and their partners (issue #20):
who is accused, by whom, with which toll, and whether the accused deny it.

Expected values are written from the pages data/accusations.ttl cites (Amnesty
International and the Ouahigouya prosecutor on Karma, Human Rights Watch and
the Burkinabè government on Nondin and Soro, AFP on Tinzaouaten, TV5Monde and
Destimed on Ogossagou), not from query output."""

from __future__ import annotations

import re

import pytest
from helpers import BACKENDS, find, rows, snippet_store


def figures(table):
    """The leading figures of every toll in the rows, hedges kept."""
    return {
        match
        for row in table
        for part in row["toll"].split(" ; ")
        for match in re.findall(r"^(?:at least |about )?\d+", part)
    }


def parts(cell):
    """A GROUP_CONCAT cell as a set: engines concatenate in their own order."""
    return set(cell.split(" ; ")) if cell else set()


def accounts_of(table, killing):
    return [row for row in table if row["killing"] == killing]


def test_karma_is_blamed_on_the_army_and_each_count_is_kept(real_store):
    karma = accounts_of(
        rows(real_store, "accusations", actor="burkina-faso-armed-forces"),
        "id:karma-massacre-2023",
    )
    # The canonical event, then the prosecutor's, the CISC's, Amnesty's, the
    # UN office's and the authorities' accounts.
    assert len(karma) == 6
    assert karma[0]["account"] == "id:karma-massacre-2023" and karma[0]["toll"] == ""
    assert [r["role"] for r in karma] == ["canonical"] + ["version"] * 5
    assert karma[0]["accused"] == "Armed Forces of Burkina Faso"
    assert {(r["date"], r["datePrecision"]) for r in karma} == {("2023-04-20", "day")}
    assert figures(karma) == {"about 60", "136", "at least 147", "at least 150"}
    [amnesty] = find(karma, toldBy="Amnesty International")
    assert amnesty["accused"] == "Armed Forces of Burkina Faso"
    assert amnesty["toll"].startswith("at least 147")
    # The prosecutor spoke of people wearing army uniforms: he accuses no one.
    [prosecutor] = [r for r in karma if r["toll"].startswith("about 60")]
    assert prosecutor["accused"] == ""
    assert "pressafrik-2023-04-karma-procureur" in prosecutor["sources"]
    # The government did not acknowledge the army's part, but did not deny it.
    assert {r["accusedDeny"] for r in karma} == {"false"}
    assert {r["status"] for r in karma} == {"reported"}


def test_nondin_and_soro_hrw_accuses_the_army_and_the_government_denies(real_store):
    killings = accounts_of(
        rows(real_store, "accusations", actor="burkina-faso"), "id:nondin-soro-massacres-2024"
    )
    assert {r["accusedDeny"] for r in killings} == {"true"}
    [hrw] = [r for r in killings if r["toll"]]
    assert hrw["toll"].startswith("at least 223")
    assert hrw["toldBy"] == "Human Rights Watch"
    assert hrw["accused"] == "Armed Forces of Burkina Faso"
    [denial] = find(killings, status="denied")
    assert denial["toldBy"] == "Government of Burkina Faso"
    assert denial["accused"] == "Armed Forces of Burkina Faso"
    assert denial["toll"] == ""
    assert "dailymail-2024-04-28-burkina-baseless" in denial["sources"]


def test_the_2019_ogossagou_massacre_is_blamed_on_a_militia_not_the_army(real_store):
    mali = rows(real_store, "accusations", actor="mali")
    ogossagou = accounts_of(mali, "id:ogossagou-massacre-2019")
    assert ogossagou[0]["accused"] == "Dan Na Ambassagou"
    assert ogossagou[0]["date"] == "2019-03-23" and ogossagou[0]["datePrecision"] == "day"
    assert not any("Malian Armed Forces" in r["accused"] for r in ogossagou)
    assert figures(ogossagou) == {"at least 134", "at least 160"}
    # The second attack, in February 2020: the militia denied it.
    second = accounts_of(mali, "id:ogossagou-attack-2020")
    assert find(second, status="denied", accused="Dan Na Ambassagou")
    assert {r["accusedDeny"] for r in second} == {"true"}


def test_wagner_is_accused_with_the_malian_army_of_the_tinzaouaten_drone_strikes(real_store):
    accused = rows(real_store, "accusations", actor="wagner-group")
    # Moura (March 2022, data/armed-groups.ttl) is the other killing Wagner is accused of.
    assert {r["killing"] for r in accused} == {
        "id:tinzaouaten-drone-strikes-2024-08-25",
        "id:moura-operation-2022",
    }
    wagner = accounts_of(accused, "id:tinzaouaten-drone-strikes-2024-08-25")
    [csp] = [r for r in wagner if r["toll"].startswith("21")]
    assert parts(csp["accused"]) == {"Malian Armed Forces", "Wagner Group"}
    assert figures(wagner) == {"21", "at least 15", "at least 20"}
    assert {frozenset(parts(r["place"])) for r in wagner} == {frozenset({"Mali", "Tinzaouaten"})}


def test_the_vdp_is_accused_at_solenzo_and_the_government_denied_it(real_store):
    solenzo = rows(real_store, "accusations", actor="VDP")
    assert {r["killing"] for r in solenzo} == {"id:solenzo-massacre-2025"}
    assert {frozenset(parts(r["accused"])) for r in solenzo} == {
        frozenset({"Armed Forces of Burkina Faso", "Volunteers for the Defence of the Homeland"})
    }
    assert find(solenzo, status="denied", toldBy="Government of Burkina Faso")
    assert figures(solenzo) == {"at least 130"}


def test_nigers_army_is_accused_of_the_inates_executions_and_no_denial_is_recorded(real_store):
    niger = rows(real_store, "accusations", actor="niger-armed-forces")
    assert {r["killing"] for r in niger} == {"id:inates-area-executions-2020"}
    assert {r["accused"] for r in niger} == {"Armed Forces of Niger"}
    assert figures(niger) == {"at least 71", "102"}
    assert {r["accusedDeny"] for r in niger} == {"false"}


def test_diafarabe_the_army_opened_an_inquiry_and_named_no_one(real_store):
    diafarabe = accounts_of(
        rows(real_store, "accusations", actor="mali-armed-forces"), "id:diafarabe-executions-2025"
    )
    assert diafarabe[0]["date"] == "2025-05-12" and diafarabe[0]["datePrecision"] == "day"
    [army] = [
        r for r in diafarabe if "General Staff of the Malian Armed Forces" in parts(r["toldBy"])
    ]
    assert army["accused"] == "" and army["status"] == "reported"
    assert {r["accusedDeny"] for r in diafarabe} == {"false"}
    # HRW: at least 22; FIDH and Amnesty: about 20, between 23 and 27 taken away.
    assert figures(diafarabe) == {"at least 22", "about 20", "23"}
    assert any("23 to 27 men" in r["toll"] for r in diafarabe)


def test_moura_is_listed_with_the_governments_denial(real_store):
    # data/armed-groups.ttl: the army's communiqué (PressAfrik), at least 300
    # (Wirtualna Polska), the UN's at least 500 (The Hill), and the government's
    # statement of 13 May 2023 that no civilian died (TRT World, Sputnik Africa).
    moura = accounts_of(rows(real_store, "accusations", actor="mali"), "id:moura-operation-2022")
    assert [r["role"] for r in moura] == ["version", "canonical"] + ["version"] * 3
    assert parts(moura[1]["accused"]) == {"Malian Armed Forces", "Wagner Group"}
    assert moura[1]["toll"] == ""
    assert figures(moura) == {"203", "at least 300", "at least 500"}
    [denied] = find(moura, status="denied")
    assert parts(denied["toldBy"]) == {"TRT World", "Sputnik Africa"}
    assert {r["accusedDeny"] for r in moura} == {"true"}


def test_no_toll_is_adopted_on_a_canonical_event(real_store):
    table = rows(real_store, "accusations")
    canonical = find(table, role="canonical")
    assert [r["account"] for r in canonical] == [r["killing"] for r in canonical]
    # The eight of data/accusations.ttl and Moura (data/armed-groups.ttl).
    assert len(canonical) == 9
    assert {r["toll"] for r in canonical} == {""}


VERSIONS = """
id:army a kg:ArmedForce ; skos:prefLabel "Army"@en .
id:land a kg:State ; skos:prefLabel "Land"@en .
src:a a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "Rights Group" ;
    kg:address "https://example.org/a"^^xsd:anyURI .
src:b a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "Paper" ;
    kg:address "https://example.org/b"^^xsd:anyURI ; prov:wasQuotedFrom src:gov .
src:gov a kg:RelayedReport ; kg:sourceKind kg:OfficialStatement ;
    dcterms:publisher "Government" .
id:k a kg:KillingOfCivilians ; skos:prefLabel "Killing"@en ;
    kg:date "2024-01-01"^^xsd:date ; kg:datePrecision time:unitMonth ;
    kg:participant id:army ; kg:place id:land ; kg:status kg:Reported ; kg:source src:a .
id:k-count a kg:KillingOfCivilians ; kg:versionOf id:k ;
    kg:date "2024-01-01"^^xsd:date ; kg:datePrecision time:unitMonth ;
    kg:participant id:army ; kg:status kg:Reported ; kg:source src:a ;
    kg:quantity [ a kg:Quantity ; kg:value 40 ; kg:minimum 40 ; kg:unit "dead" ] ,
                [ a kg:Quantity ; kg:value 50 ; kg:approximate true ; kg:unit "dead" ] .
id:k-denied a kg:KillingOfCivilians ; kg:versionOf id:k ;
    kg:date "2024-01-01"^^xsd:date ; kg:datePrecision time:unitMonth ;
    kg:participant id:army ; kg:status kg:Denied ; kg:source src:b .
id:other a kg:KillingOfCivilians ; skos:prefLabel "Other"@en ;
    kg:date "2024-02-01"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:status kg:Reported ; kg:source src:a .
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_denied_version_marks_every_account_and_hedges_each_figure(backend):
    table = rows(snippet_store(VERSIONS, backend), "accusations", actor="army")
    assert [r["account"] for r in table] == ["id:k", "id:k-count", "id:k-denied"]
    assert {r["accusedDeny"] for r in table} == {"true"}
    assert {r["datePrecision"] for r in table} == {"month"}
    assert parts(table[1]["toll"]) == {"at least 40 dead", "about 50 dead"}
    assert table[2]["toldBy"] == "Government" and table[2]["status"] == "denied"
    assert table[0]["toldBy"] == "Rights Group" and table[0]["place"] == "Land"
    every = rows(snippet_store(VERSIONS, backend), "accusations")
    assert find(every, killing="id:other", accusedDeny="false", accused="")


def test_the_vdp_answer_to_burkina_fasos_army_since_the_law_of_january_2020(real_store):
    answer = real_store.query(
        "SELECT ?notBefore ?attested WHERE { ?s a kg:Subordination ; kg:from id:vdp ;"
        " kg:to id:burkina-faso-armed-forces ; kg:startNotBefore ?notBefore ;"
        " kg:attested ?attested }"
    )
    assert [(row[0].value, row[1].value) for row in answer.rows] == [("2020-01-21", "2023-04-15")]
