"""Every claim of the seed article is answered by its named query, on both
backends, with values written down by hand from the article (and, for exact
days, from the pages cited beside it) — never copied from query output."""

from __future__ import annotations

import pytest
from helpers import find, rows


def test_s1_russia_delivered_an_air_defence_system_to_niger(real_store):
    [row] = find(
        rows(real_store, "equipment-transfers", recipient="niger"),
        supplier="id:russia",
        equipment="air-defence system",
    )
    assert (row["start"], row["startPrecision"], row["status"]) == ("2024-04-10", "day", "reported")
    assert "seed-article" in row["sources"]


def test_s2_about_100_mod_trainers_arrived_in_niger_to_train(real_store):
    [row] = find(
        rows(real_store, "russian-deployments"),
        force="id:russian-ministry-of-defence",
        host="id:niger",
    )
    assert (row["size"], row["start"], row["startPrecision"]) == ("100", "2024-04-10", "day")
    assert "train" in row["purpose"] and "trainers" in row["officialLabel"]
    assert "seed-article" in row["sources"]


def test_s3_the_report_is_relayed_from_rtn(real_store):
    table = rows(real_store, "sources-of", subject="st:russia-niger-air-defence-transfer-2024")
    seed = find(table, source="src:seed-article")
    assert seed and seed[0]["quotedPublisher"] == "Radio Télévision du Niger (RTN)"
    assert seed[0]["quotedKind"] == "StateMedia"


def test_s4_an_il76_landed_at_niamey_airport(real_store):
    table = rows(real_store, "events", actor="niamey-airport")
    [row] = find(table, event="id:russian-arrival-niamey-2024-04-10")
    assert (row["date"], row["datePrecision"], row["kind"]) == ("2024-04-10", "day", "Arrival")


def test_s5_tiani_and_putin_spoke_at_the_end_of_march(real_store):
    [row] = find(rows(real_store, "events", actor="Vladimir Putin"), kind="CallOrMeeting")
    assert (row["date"], row["datePrecision"]) == ("2024-03-26", "day")
    assert "seed-article" in row["sources"]


def test_s6_russia_and_niger_deepen_security_cooperation(real_store):
    table = rows(real_store, "security-partners", state="niger")
    assert find(table, partner="id:russia", kind="SecurityPartnership", status="confirmed")


def test_s7_niger_military_seized_power_on_26_july_2023(real_store):
    [row] = find(rows(real_store, "coups", state="niger"), date="2023-07-26")
    assert row["datePrecision"] == "day"
    assert "Mohamed Bazoum" in row["deposed"] and "Abdourahamane Tiani" in row["tookPower"]


def test_s8_s9_the_us_partnership_with_niger_ended_in_march_2024(real_store):
    table = rows(real_store, "security-partners", state="niger")
    [usa] = find(table, partner="id:usa", kind="SecurityPartnership")
    assert (usa["end"], usa["endPrecision"]) == ("2024-03-16", "day")
    assert "seed-article" in usa["sources"]
    before = rows(real_store, "security-partners", as_of="2023-07-01", state="niger")
    after = rows(real_store, "security-partners", as_of="2024-04-01", state="niger")
    assert find(before, partner="id:usa") and not find(after, partner="id:usa")


def test_s10_the_bundeswehr_ran_a_base_in_niamey_in_april_2024(real_store):
    table = rows(real_store, "facilities", as_of="2024-04-30", state="niger")
    assert find(table, operator="id:bundeswehr", facility="id:niamey-air-transport-base")


def test_s11_mali_and_burkina_faso_turn_to_russia(real_store):
    for state in ("mali", "burkina-faso"):
        table = rows(real_store, "security-partners", as_of="2024-04-30", state=state)
        assert find(table, partner="id:russia", kind="SecurityPartnership"), state


def test_s12_france_is_the_former_colonial_power_of_all_three(real_store):
    table = rows(real_store, "colonial-powers")
    colonies = {r["colony"] for r in find(table, power="id:france")}
    assert {"id:mali", "id:burkina-faso", "id:niger"} <= colonies


def test_s13_each_state_is_ruled_by_a_junta_in_april_2024(real_store):
    table = rows(real_store, "governments", as_of="2024-04-30")
    for state in ("id:mali", "id:burkina-faso", "id:niger"):
        assert find(table, state=state, type="MilitaryJunta"), state


def test_s14_wagner_came_to_mali_in_2021_as_trainers_who_fight(real_store):
    [row] = find(
        rows(real_store, "russian-deployments"),
        force="id:wagner-group",
        host="id:mali",
        start="2021-01-01",
    )
    assert row["startPrecision"] == "year"
    assert row["officialLabel"] == "trainers"
    assert "fighting" in row["reportedRole"]


def test_s15_wagner_answers_to_africa_corps_of_the_russian_mod(real_store):
    table = rows(real_store, "chain-of-command", as_of="2024-04-30", unit="wagner-group")
    hops = {(r["lower"], r["relation"], r["upper"]) for r in table}
    assert ("id:wagner-group", "Subordination", "id:africa-corps") in hops
    assert ("id:africa-corps", "PartOf", "id:russian-ministry-of-defence") in hops


def test_s16_first_100_russians_landed_in_burkina_faso_in_january_2024(real_store):
    [row] = find(
        rows(real_store, "russian-deployments"),
        host="id:burkina-faso",
        start="2024-01-01",
        size="100",
    )
    assert (row["startPrecision"], row["status"]) == ("month", "reported")


def test_s17_200_more_are_planned_not_done(real_store):
    planned = rows(real_store, "announced-or-planned")
    [row] = find(planned, to="id:burkina-faso", size="200")
    assert row["status"] == "announced"
    active = rows(real_store, "russian-deployments", as_of="2024-12-31")
    assert not find(active, host="id:burkina-faso", size="200")


def test_s18_the_three_states_formed_the_aes_on_16_september_2023(real_store):
    table = rows(real_store, "members", organisation="AES")
    for state in ("id:mali", "id:burkina-faso", "id:niger"):
        [row] = find(table, member=state, start="2023-09-16")
        assert row["startPrecision"] == "day" and "seed-article" in row["sources"]


@pytest.mark.parametrize("claim", [f"S{i}" for i in range(1, 19)])
def test_every_claim_is_encoded_and_cites_the_seed(real_store, claim):
    table = rows(real_store, "claims", claimId=claim)
    assert table, claim
    assert all("seed-article" in r["sources"] for r in table)
