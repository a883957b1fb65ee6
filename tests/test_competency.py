"""Every competency question of QUESTIONS.md has a named query whose answer
carries dates, precision, status and sources, on both backends. Expected
values are written by hand from data/*.ttl and the pages cited there (day
counts computed by hand on the calendar), never copied from query output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import find, rows

from kg.query import named_queries

DOC = Path(__file__).parent.parent / "docs" / "competency-questions.md"


def column(table, name):
    return {r[name] for r in table}


# -- 1, 5: memberships --------------------------------------------------------------------


def test_q1_aes_members_on_three_days(real_store):
    def members(day):
        return column(rows(real_store, "members", as_of=day, organisation="aes"), "member")

    assert members("2023-09-01") == set()
    assert (
        members("2023-10-01") == members("2024-08-01") == {"id:mali", "id:burkina-faso", "id:niger"}
    )
    [niger] = find(rows(real_store, "members", as_of="2024-08-01"), member="id:niger")
    assert (niger["start"], niger["startPrecision"], niger["status"]) == (
        "2023-09-16",
        "day",
        "confirmed",
    )
    assert "topnewsafrica-aes-creation" in niger["sources"]


def test_q5_ecowas_members_before_and_after_the_exit_of_29_january_2025(real_store):
    def members(day):
        return column(rows(real_store, "members", as_of=day, organisation="CEDEAO"), "member")

    # The graph records ECOWAS membership only for the three AES states.
    assert members("2025-01-28") == {"id:mali", "id:burkina-faso", "id:niger"}
    assert members("2025-01-29") == set()
    [mali] = find(rows(real_store, "members", organisation="ecowas"), member="id:mali")
    assert (mali["endAnnounced"], mali["end"], mali["endPrecision"]) == (
        "2024-01-28",
        "2025-01-29",
        "day",
    )
    assert "allafrica-2025-01-29-ecowas-press-release" in mali["sources"]


def test_q5_g5_sahel_members_in_2022_and_2024(real_store):
    def members(day):
        return column(rows(real_store, "members", as_of=day, organisation="g5-sahel"), "member")

    five = {"id:burkina-faso", "id:chad", "id:mali", "id:mauritania", "id:niger"}
    assert members("2022-01-01") == five
    # Mali left on 15 May 2022; Burkina Faso and Niger on 29 November 2023.
    assert members("2024-01-01") == {"id:chad", "id:mauritania"}


# -- 2: heads of state -----------------------------------------------------------------------


def heads(store, state, day):
    return {r["person"] for r in rows(store, "head-of-state", as_of=day, state=state)}


def test_q2_niger_head_of_state_before_and_after_the_coup(real_store):
    assert heads(real_store, "niger", "2023-07-01") == {"id:mohamed-bazoum"}
    [tiani] = rows(real_store, "head-of-state", as_of="2023-08-01", state="Niger")
    assert (tiani["person"], tiani["start"], tiani["startPrecision"]) == (
        "id:abdourahamane-tiani",
        "2023-07-28",
        "day",
    )
    assert "thetimes-2023-07-28-tchiani" in tiani["sources"]


def test_q2_mali_heads_of_state_since_2012(real_store):
    assert heads(real_store, "mali", "2012-04-01") == {"id:amadou-sanogo"}
    assert heads(real_store, "mali", "2013-01-01") == {"id:dioncounda-traore"}
    assert heads(real_store, "mali", "2015-06-01") == {"id:ibrahim-boubacar-keita"}
    # Bah N'Daw: two versions of his end (24 May confirmed, 26 May reported), both active.
    table = rows(real_store, "head-of-state", as_of="2021-01-01", state="mali")
    assert {(r["person"], r["status"]) for r in table} == {
        ("id:bah-ndaw", "confirmed"),
        ("id:bah-ndaw", "reported"),
    }
    assert heads(real_store, "mali", "2022-06-01") == {"id:assimi-goita"}


def test_q2_burkina_faso_heads_of_state_across_the_two_2022_coups(real_store):
    assert heads(real_store, "burkina-faso", "2016-06-01") == {"id:roch-marc-christian-kabore"}
    assert heads(real_store, "burkina-faso", "2022-03-01") == {"id:paul-henri-damiba"}
    # Sources disagree on Damiba's last day (30 September vs 2 October 2022): both show.
    table = rows(real_store, "head-of-state", as_of="2022-10-01", state="burkina-faso")
    assert {(r["person"], r["status"], r["end"]) for r in table} == {
        ("id:paul-henri-damiba", "reported", "2022-10-02"),
        ("id:ibrahim-traore", "confirmed", ""),
    }
    assert heads(real_store, "burkina-faso", "2023-01-01") == {"id:ibrahim-traore"}


# -- 3, 4, 6, 14: forces, missions -----------------------------------------------------------


def test_q3_foreign_forces_in_niger_before_and_after_the_french_exit(real_store):
    early = rows(real_store, "foreign-forces", as_of="2023-01-01", state="niger")
    assert {"id:france", "id:usa", "id:germany", "id:european-union"} <= column(early, "sender")
    assert "id:russia" not in column(early, "sender")
    [barkhane_base] = find(early, facility="id:niamey-projected-air-base")
    assert (barkhane_base["force"], barkhane_base["attested"], barkhane_base["end"]) == (
        "id:french-armed-forces",
        "2022-01-06",
        "2023-12-22",
    )
    late = rows(real_store, "foreign-forces", as_of="2024-06-01", state="niger")
    russians = find(late, sender="id:russia")
    assert column(russians, "force") == {"id:africa-corps", "id:russian-ministry-of-defence"}
    assert all(r["start"] == "2024-04-10" and r["startPrecision"] == "day" for r in russians)
    assert "id:france" not in column(late, "sender")


def test_q3_wagner_in_mali_is_sent_by_russia_through_the_africa_corps(real_store):
    # Certain rows: MINUSMA's undated head counts are only possible that day.
    table = rows(real_store, "foreign-forces", as_of="2023-01-01", certain=True, state="mali")
    wagner = find(table, force="id:wagner-group")
    assert wagner and column(wagner, "sender") == {"id:russia"}
    [minusma] = find(table, force="id:minusma")
    assert (minusma["sender"], minusma["start"], minusma["end"]) == (
        "id:united-nations",
        "2013-07-01",
        "2023-12-31",
    )


def test_q4_french_forces_on_1_january_2023_were_in_burkina_faso_and_niger(real_store):
    table = rows(real_store, "forces-of", as_of="2023-01-01", certain=True, sender="france")
    # Mali: the last French troops left on 15 August 2022. Burkina Faso: Sabre until
    # 18 February 2023. Niger: the Niamey air base until 22 December 2023.
    assert column(table, "state") == {"id:burkina-faso", "id:niger"}
    assert column(find(table, state="id:burkina-faso"), "force") == {"id:task-force-sabre"}
    # Niger: the French deployment (attested from the stationing arrangement of
    # 2 January 2015) and the Niamey air base, both until 22 December 2023.
    assert column(find(table, state="id:niger"), "kind") == {"Deployment", "FacilityOperation"}
    [niger] = find(table, state="id:niger", kind="FacilityOperation")
    assert niger["status"] == "confirmed"
    assert "xinhua-peoplecn-2023-12-23-last-french-troops" in niger["sources"]


def test_q6_minusma_active_in_mali_in_2020_but_not_in_june_2024(real_store):
    in_2020 = rows(real_store, "missions", as_of="2020-01-01", certain=True, state="mali")
    assert column(in_2020, "mission") == {
        "id:minusma",
        "id:operation-barkhane",
        "id:eutm-mali",
        "id:eucap-sahel-mali",
    }
    [minusma] = find(in_2020, mission="id:minusma")
    assert (minusma["organisation"], minusma["orgType"]) == (
        "id:united-nations",
        "IntergovernmentalOrganisation",
    )
    assert (minusma["endAnnounced"], minusma["end"]) == ("2023-06-30", "2023-12-31")
    # EUTM Mali ended on 18 May 2024; no end of EUCAP Sahel Mali was found.
    in_2024 = rows(real_store, "missions", as_of="2024-06-01", certain=True, state="mali")
    assert column(in_2024, "mission") == {"id:eucap-sahel-mali"}


# -- 8, 10: sequences ----------------------------------------------------------------------


def test_q8_western_exits_from_niger_in_order(real_store):
    table = rows(real_store, "western-exits", state="niger", since="2023-07-26")
    order = []
    for row in table:
        if row["partner"] not in order:
            order.append(row["partner"])
    assert order == ["id:france", "id:usa", "id:european-union", "id:germany"]
    france = find(table, partner="id:france", kind="SecurityPartnership")
    # The partnership as a whole, and the 1977 agreement the junta denounced on
    # 3 August 2023, which France rejected and no page dates the lapse of.
    assert {(r["endAnnounced"], r["end"]) for r in france} == {
        ("2023-09-24", "2023-12-22"),
        ("2023-08-03", ""),
    }
    [ended] = [r for r in france if r["end"]]
    assert ended["endPrecision"] == "day"
    [eucap] = find(table, actor="id:eucap-sahel-niger")
    assert (eucap["endAnnounced"], eucap["end"]) == ("2023-12-04", "2024-06-30")
    [bundeswehr] = find(table, actor="id:bundeswehr", kind="Deployment")
    assert (bundeswehr["endAnnounced"], bundeswehr["endAnnouncedPrecision"]) == (
        "2024-07-01",
        "month",
    )
    assert bundeswehr["end"] == "2024-08-30"
    assert table[-1]["partner"] == "id:usa" and table[-1]["end"] == "2024-09-15"
    assert "id:russia" not in column(table, "partner")


def test_q10_days_from_the_latest_coup_to_the_first_russian_arrival(real_store):
    table = rows(real_store, "coup-to-russia")
    first = {
        (r["state"], r["arrival"], r["minDays"], r["maxDays"]) for r in find(table, first="true")
    }
    # Mali: coup 24 May 2021, Wagner arrival in December 2021 (191 to 221 days).
    # Burkina Faso: coup 30 September 2022, Africa Corps in December 2023 per Afrique
    # Media (427 to 457 days). Niger: coup 26 July 2023, Il-76 on 10 April 2024 (259 days).
    assert first == {
        ("id:mali", "id:wagner-arrival-mali-2021-12", "191", "221"),
        ("id:mali", "st:wagner-deployment-mali-size-2021-12", "191", "221"),
        ("id:mali", "st:wagner-deployment-mali-initial-500", "191", "221"),
        ("id:burkina-faso", "id:africa-corps-arrival-burkina-faso-2023-12", "427", "457"),
        ("id:burkina-faso", "st:africa-corps-deployment-burkina-faso-2023-12", "427", "457"),
        ("id:niger", "id:russian-arrival-niamey-2024-04-10", "259", "259"),
        ("id:niger", "st:russian-mod-deployment-niger-2024", "259", "259"),
        ("id:niger", "st:africa-corps-deployment-niger-2024", "259", "259"),
    }
    # The other versions for Burkina Faso: the seed's January 2024, Reuters' 24 January.
    [seed] = find(table, arrival="st:russia-deployment-burkina-faso-2024-01")
    assert (seed["minDays"], seed["maxDays"], seed["first"], seed["sources"]) == (
        "458",
        "488",
        "false",
        {"seed-article"},
    )
    [reuters] = find(table, arrival="st:africa-corps-deployment-burkina-faso-2024-01-24")
    assert (reuters["minDays"], reuters["maxDays"], reuters["status"]) == (
        "481",
        "481",
        "confirmed",
    )
    # Equipment deliveries (Mi-171 helicopters, 30 September 2021) are not personnel.
    assert not find(table, arrival="id:mi171-arrival-bamako-2021-09-30")


# -- 12, 17 and the questions that follow ----------------------------------------------------


def test_q12_wagner_reaches_burkina_faso_through_the_africa_corps(real_store):
    table = rows(real_store, "links-between", origin="Wagner", target="Burkina Faso")
    # Burkinabè peacekeepers served in Mali under MINUSMA, where Wagner was too.
    assert column(table, "via") == {"id:africa-corps", "id:mali"}
    via_mali = {r["statement"] for r in find(table, via="id:mali", hop="2")}
    assert via_mali == {"st:burkina-faso-deployment-mali-minusma-2018"}
    table = find(table, via="id:africa-corps")
    [hop1] = find(table, hop="1")
    assert (hop1["statement"], hop1["relation"], hop1["attested"], hop1["status"]) == (
        "st:wagner-subordinate-to-africa-corps",
        "Subordination",
        "2024-04-01",
        "reported",
    )
    assert hop1["sources"] == {"seed-article"}
    hop2 = {(r["statement"], r["start"], r["status"]) for r in find(table, hop="2")}
    assert hop2 == {
        ("st:africa-corps-deployment-burkina-faso-2023-12", "2023-12-01", "reported"),
        ("st:africa-corps-deployment-burkina-faso-2024-01-24", "2024-01-24", "confirmed"),
    }


def test_q17_claim_s14_is_backed_by_two_other_sources_and_denied_by_mali(real_store):
    table = rows(real_store, "claim-support", claimId="S14")
    [encodes] = find(table, role="encodes")
    assert encodes["statement"] == "st:wagner-deployment-mali"
    assert encodes["citesClaimSource"] == "true"
    assert encodes["sources"] == {
        "arabnews-2025-06-07-wagner-leaving-mali",
        "moscowtimes-2025-06-08-wagner-replaced",
    }
    [denied] = find(table, role="conflicts")
    assert (denied["statement"], denied["status"]) == ("st:wagner-deployment-mali-denied", "denied")


def test_q17_claim_s16_rests_on_the_seed_alone_and_afrique_media_differs(real_store):
    table = rows(real_store, "claim-support", claimId="S16")
    encodings = find(table, role="encodes")
    assert {r["statement"] for r in encodings} == {
        "st:russia-deployment-burkina-faso-2024-01",
        "id:russian-arrival-burkina-faso-2024-01",
    }
    assert all(not r["sources"] and r["citesClaimSource"] == "true" for r in encodings)
    [other] = find(table, role="conflicts")
    assert (other["statement"], other["when"], other["whenPrecision"]) == (
        "id:africa-corps-arrival-burkina-faso-2023-12",
        "2023-12-01",
        "month",
    )
    assert other["sources"] == {"afriquemedia-africa-corps-base-burkina"}


def test_conflicting_versions_show_both_days_of_damibas_exit(real_store):
    table = rows(real_store, "conflicting-versions", actor="Damiba")
    ends = {(r["statement"], r["end"], r["status"]) for r in table}
    assert ends == {
        ("st:damiba-head-of-state-burkina-faso", "2022-09-30", "confirmed"),
        ("st:damiba-head-of-state-burkina-faso-resignation", "2022-10-02", "reported"),
    }


def test_leaders_of_the_wagner_group_until_the_crash_of_august_2023(real_store):
    # Certain on that day: Prigozhin (since 2014). Utkin's command is attested only
    # on the day of the crash, so it is possible, not certain, in January 2023.
    table = rows(real_store, "leaders-of", as_of="2023-01-01", organisation="wagner-group")
    assert column(find(table, certainty="certain"), "leader") == {"id:yevgeny-prigozhin"}
    assert column(find(table, certainty="possible"), "leader") == {"id:dmitry-utkin"}
    assert column(table, "end") == {"2023-08-23"}
    assert rows(real_store, "leaders-of", as_of="2023-09-01", organisation="wagner-group") == []


def test_armed_conflicts_of_jnim_with_wagner_until_june_2025(real_store):
    before = rows(real_store, "armed-conflicts", as_of="2024-06-01", actor="JNIM")
    assert find(before, fighter="id:wagner-group", adversary="id:jnim", end="2025-06-01")
    assert find(before, fighter="id:jnim", adversary="id:mali-armed-forces", start="2017-03-02")
    after = rows(real_store, "armed-conflicts", as_of="2025-07-01", actor="JNIM")
    assert not find(after, fighter="id:wagner-group")


# -- the guide ----------------------------------------------------------------------------


def test_the_guide_answers_every_question_with_a_named_query():
    text = DOC.read_text(encoding="utf-8")
    names = set(re.findall(r"kg query --name ([\w-]+)", text))
    assert names <= set(named_queries()), names - set(named_queries())
    for number in range(1, 18):
        assert re.search(rf"^## {number}\. ", text, re.MULTILINE), number


@pytest.mark.parametrize(
    "name",
    [
        "foreign-forces",
        "forces-of",
        "missions",
        "western-exits",
        "coup-to-russia",
        "links-between",
        "claim-support",
        "conflicting-versions",
        "leaders-of",
        "armed-conflicts",
    ],
)
def test_new_queries_report_status_and_sources(name):
    text = named_queries()[name].text
    assert "?status" in text and "?sources" in text
