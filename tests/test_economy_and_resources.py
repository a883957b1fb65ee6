"""Resource disputes and economic partnerships (issue #20): the bundled record
answers them, and the two named queries behave on snippets you can read.

Expected values are written from the pages data/economy-and-resources.ttl
cites, not from query output:

- Areva (now Orano) signed the Imouraren convention in Niamey on Monday
  5 January 2009 (WebManagerCenter, Zonebourse); L'Indépendant (Niger) dates
  the permit 20 January 2009. Niger's mines ministry served its second formal
  notice on 19 March 2024; Orano announced the withdrawal on 20 June 2024, so
  the withdrawal itself is known to the month (June 2024).
- Orano said on Wednesday 4 December 2024 that Niger had taken operational
  control of SOMAIR (Energy Headlines, LBCI/AFP); the council of ministers
  adopted the nationalisation ordinance on Thursday 19 June 2025 (its
  communiqué, reproduced by aNiamey); Agence Afrique, summarising it, dates
  Orano's ICSID complaint 20 January 2025.
- CNPC's subsidiary signed the Agadem production-sharing contract on 2 June
  2008 (AidData); RTN reported the 400-million-dollar memorandum with CNPC
  late on Friday 12 April 2024, so it is known to the month.
- Reuters' sources (TimesLIVE, 17 March 2025) say the order to the CNPC,
  WAPCO and SORAZ managers was given on Wednesday 12 March 2025; the Soluxe
  hotel lost its licence in March 2025 (the week is disputed).
- Rosatom and Niger signed their memorandum in Niamey on Monday 28 July 2025.
- Barrick's stake in Loulo-Gounkoto dates from its merger with Randgold on
  1 January 2019 (Barrick's annual-report page).
- Mali's mining code is Law No. 2023-040 of 29 August 2023 (Mondaq); Goïta
  signed it on Monday 28 August (Afripreneurs): a version.
- Reuters saw a warrant for Mark Bristow's arrest dated 4 December 2024
  (Mining Weekly); newsamp.ca dates it 2 December: a version. Barrick filed
  for ICSID arbitration in December 2024; Bristow stepped down on Monday
  29 September 2025 (Arab News Pakistan), after leading Barrick since the
  merger of 1 January 2019.
- Barrick suspended Loulo-Gounkoto on Tuesday 14 January 2025; a Bamako court
  ordered provisional administration on Monday 16 June 2025; the settlement
  was announced on Monday 24 November 2025; the four employees were freed on
  29 November 2025.
- The AES levy of 0.5% was agreed on Friday 28 March 2025 and took effect at
  once (TRT Afrika); the BCID-AES was inaugurated on Tuesday 23 December 2025
  with about 500 billion CFA francs (Naija247news).
- Burkina Faso's minister said on 12 October 2023 that a nuclear plant was
  expected by 2030; the Rosatom memorandum was signed on 13 October 2023.
"""

from __future__ import annotations

import pytest
from helpers import find, one_value, rows, select_values, snippet_store

from kg.query import named_queries

# -- the two named queries on the bundled record --------------------------------------------


def test_nigers_resource_events_since_2024_in_date_order(real_store):
    table = rows(real_store, "resource-events", state="niger", since="2024-01-01")
    events = dict.fromkeys((r["event"], r["date"], r["datePrecision"]) for r in table)
    assert list(events) == [
        ("id:niger-formal-notice-orano-imouraren-2024-03-19", "2024-03-19", "day"),
        ("id:niger-cnpc-crude-mou-2024-04", "2024-04-01", "month"),
        ("id:niger-withdraws-orano-imouraren-permit-2024-06", "2024-06-01", "month"),
        ("id:orano-says-niger-took-control-of-somair-2024-12-04", "2024-12-04", "day"),
        ("id:orano-icsid-claim-against-niger-2025-01-20", "2025-01-20", "day"),
        ("id:niger-revokes-soluxe-hotel-licence-2025-03", "2025-03-01", "month"),
        ("id:niger-expels-chinese-oil-managers-2025-03-12", "2025-03-12", "day"),
        ("id:niger-nationalises-somair-2025-06-19", "2025-06-19", "day"),
        ("id:rosatom-niger-nuclear-mou-2025-07-28", "2025-07-28", "day"),
    ]
    expulsion = find(table, event="id:niger-expels-chinese-oil-managers-2025-03-12")
    assert {r["company"] for r in expulsion} == {"id:cnpc", "id:wapco", "id:soraz"}
    nationalisation = find(table, event="id:niger-nationalises-somair-2025-06-19")
    assert {r["company"] for r in nationalisation} == {"id:orano", "id:somair"}
    assert {r["status"] for r in nationalisation} == {"confirmed"}
    assert "aniamey-2025-06-19-conseil-des-ministres" in nationalisation[0]["sources"]


def test_malis_dispute_with_barrick_from_the_arrests_to_the_release(real_store):
    table = rows(real_store, "resource-events", state="mali", company="barrick")
    assert [(r["event"], r["date"]) for r in table] == [
        ("id:mali-detains-barrick-employees-2024-09", "2024-09-01"),
        ("id:mali-charges-barrick-employees-2024-11", "2024-11-01"),
        ("id:barrick-icsid-arbitration-2024-12", "2024-12-01"),
        ("id:mali-seizes-barrick-gold-2025-01", "2025-01-01"),
        ("id:barrick-suspends-loulo-gounkoto-2025-01-14", "2025-01-14"),
        ("id:mali-court-provisional-administration-loulo-gounkoto-2025-06-16", "2025-06-16"),
        ("id:barrick-mali-settlement-2025-11-24", "2025-11-24"),
        ("id:barrick-employees-freed-2025-11-29", "2025-11-29"),
    ]
    [settlement] = find(table, event="id:barrick-mali-settlement-2025-11-24")
    assert (settlement["kind"], settlement["status"]) == ("Agreement", "confirmed")
    # Barrick's own stake begins with the Randgold merger; the dispute did not end it.
    assert not find(
        rows(real_store, "resource-partners", as_of="2018-12-31", state="mali"),
        partner="id:barrick",
    )
    for day in ("2019-01-01", "2025-07-01", "2025-12-01"):
        [stake] = find(
            rows(real_store, "resource-partners", as_of=day, state="mali"), partner="id:barrick"
        )
        assert (stake["start"], stake["end"], stake["certainty"]) == ("2019-01-01", "", "certain")


def test_nigers_resource_partners_before_and_after_the_imouraren_withdrawal(real_store):
    before = rows(real_store, "resource-partners", as_of="2024-01-01", state="niger")
    permits = find(before, partner="id:orano", start="2009-01-05") + find(
        before, partner="id:orano", start="2009-01-20"
    )
    assert {(r["start"], r["end"], r["endPrecision"], r["certainty"]) for r in permits} == {
        ("2009-01-05", "2024-06-01", "month", "certain"),
        ("2009-01-20", "2024-06-01", "month", "certain"),
    }
    after = rows(real_store, "resource-partners", as_of="2025-01-01", state="niger")
    assert not [r for r in after if "Imouraren" in r["purpose"]]
    [stake] = [r for r in after if "SOMAIR" in r["purpose"]]
    assert (stake["partner"], stake["attested"], stake["end"], stake["certainty"]) == (
        "id:orano",
        "2024-12-04",
        "2025-06-19",
        "certain",
    )
    [cnpc] = find(after, partner="id:cnpc")
    assert (cnpc["start"], cnpc["certainty"]) == ("2008-06-02", "certain")
    assert not find(rows(real_store, "resource-partners", as_of="2025-06-20"), partner="id:orano")


def test_rosatoms_tie_with_burkina_faso_runs_from_the_memorandum_of_13_october_2023(real_store):
    def rosatom(day):
        table = rows(real_store, "resource-partners", as_of=day, state="burkina-faso")
        return find(table, partner="id:rosatom")

    assert not rosatom("2023-10-12")
    [tie] = rosatom("2023-10-14")
    assert (tie["partner"], tie["start"], tie["startPrecision"], tie["status"]) == (
        "id:rosatom",
        "2023-10-13",
        "day",
        "confirmed",
    )


# -- facts pinned on the bundled record ------------------------------------------------------


def test_the_burkinabe_nuclear_plant_is_a_plan_announced_for_2030(real_store):
    plant = "id:burkina-faso-nuclear-power-plant-planned-2030"
    assert one_value(real_store, plant, "kg:status").endswith("#Announced")
    assert one_value(real_store, plant, "kg:date") == "2030-01-01"
    assert one_value(real_store, plant, "kg:datePrecision").endswith("#unitYear")
    assert one_value(real_store, plant, "kg:announced") == "2023-10-12"


def test_malis_mining_code_keeps_both_promulgation_days(real_store):
    law = "id:mali-mining-code-promulgated-2023-08-29"
    signed = "id:mali-mining-code-promulgated-2023-08-28"
    assert one_value(real_store, law, "kg:date") == "2023-08-29"
    assert one_value(real_store, signed, "kg:date") == "2023-08-28"
    assert one_value(real_store, signed, "kg:versionOf").endswith(
        "/id/mali-mining-code-promulgated-2023-08-29"
    )
    assert one_value(real_store, signed, "kg:conflictsWith").endswith(
        "/id/mali-mining-code-promulgated-2023-08-29"
    )


def test_bristows_arrest_warrant_keeps_both_dates_and_he_led_barrick_until_september_2025(
    real_store,
):
    warrant = "id:mali-arrest-warrant-bristow-2024-12-04"
    other = "id:mali-arrest-warrant-bristow-2024-12-02"
    assert one_value(real_store, warrant, "kg:date") == "2024-12-04"
    assert one_value(real_store, other, "kg:versionOf").endswith(
        "/id/mali-arrest-warrant-bristow-2024-12-04"
    )
    [led] = rows(real_store, "leaders-of", organisation="barrick")
    assert (led["leader"], led["start"], led["end"], led["status"]) == (
        "id:mark-bristow",
        "2019-01-01",
        "2025-09-29",
        "confirmed",
    )


def test_the_nationalisation_rests_on_the_councils_own_communique(real_store):
    found = select_values(
        real_store,
        "SELECT ?kind WHERE { id:niger-nationalises-somair-2025-06-19 kg:source ?s . "
        "?s prov:wasQuotedFrom ?origin . ?origin kg:sourceKind ?kind }",
    )
    assert {r["kind"].split("#")[1] for r in found} == {"OfficialStatement"}
    assert one_value(real_store, "st:orano-niger-somair-stake", "kg:endedBy").endswith(
        "/id/niger-nationalises-somair-2025-06-19"
    )
    assert one_value(real_store, "st:somair-part-of-orano", "kg:end") == "2025-06-19"


def test_the_aes_levy_took_effect_the_day_it_was_agreed_and_the_bank_opened_in_december(
    real_store,
):
    levy = "id:aes-import-levy-2025-03-28"
    assert one_value(real_store, levy, "kg:date") == "2025-03-28"
    assert not select_values(real_store, f"SELECT ?a WHERE {{ {levy} kg:announced ?a }}")
    bank = "id:bcid-aes-inauguration-2025-12-23"
    assert one_value(real_store, bank, "kg:date") == "2025-12-23"
    assert float(one_value(real_store, bank, "kg:quantity/kg:value")) == 500e9
    assert one_value(real_store, bank, "kg:quantity/kg:approximate") in {"true", "1"}
    assert one_value(real_store, "st:bcid-aes-part-of-aes", "kg:start") == "2025-12-23"


# -- the queries on snippets -----------------------------------------------------------------

SNIPPET = """
id:x a kg:State ; skos:prefLabel "X"@en .
id:co a kg:Company ; skos:prefLabel "Co"@en .
id:army a kg:ArmedForce ; skos:prefLabel "Army"@en .
src:p a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "P" ;
    kg:address "https://example.org/p"^^xsd:anyURI .
id:seized a kg:Event ; skos:prefLabel "Co's stock seized"@en ;
    kg:date "2024-05-02"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:participant id:x, id:co ; kg:status kg:Reported ; kg:source src:p ; kg:evidence "e" .
id:seized-other-day a kg:Event ; kg:versionOf id:seized ;
    skos:prefLabel "Seized, told otherwise"@en ;
    kg:date "2024-05-04"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:participant id:x, id:co ; kg:status kg:Reported ; kg:source src:p ; kg:evidence "e" .
id:parade a kg:Event ; skos:prefLabel "Army parade"@en ;
    kg:date "2024-06-01"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:participant id:x, id:army ; kg:status kg:Reported ; kg:source src:p ; kg:evidence "e" .
id:old-deal a kg:Agreement ; skos:prefLabel "Old deal"@en ;
    kg:date "2019-01-01"^^xsd:date ; kg:datePrecision time:unitYear ;
    kg:participant id:x, id:co ; kg:status kg:Reported ; kg:source src:p ; kg:evidence "e" .
st:permit a kg:ResourcePartnership ; kg:from id:co ; kg:to id:x ; kg:purpose "a mine" ;
    kg:start "2019-01-01"^^xsd:date ; kg:startPrecision time:unitYear ;
    kg:end "2024-05-02"^^xsd:date ; kg:endPrecision time:unitDay ;
    kg:status kg:Reported ; kg:source src:p ; kg:evidence "e" .
"""


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_resource_events_lists_canonical_company_events_since_a_day(backend):
    store = snippet_store(SNIPPET, backend)
    table = rows(store, "resource-events", state="x", since="2020")
    # Not the army parade (no company), not the version, not the 2019 deal.
    assert [(r["event"], r["company"], r["kind"]) for r in table] == [
        ("id:seized", "id:co", "Event")
    ]
    assert len(rows(store, "resource-events", state="x")) == 2


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_resource_partnership_is_derived_as_a_plain_edge_and_ends_on_its_day(backend):
    store = snippet_store(SNIPPET, backend)
    assert select_values(store, "SELECT ?s WHERE { ?s kg:resourcePartnerOf id:x }") == [
        {"s": "https://w3id.org/sahel-kg/id/co"}
    ]
    assert [
        r["purpose"] for r in rows(store, "resource-partners", as_of="2024-05-01", state="x")
    ] == ["a mine"]
    assert not rows(store, "resource-partners", as_of="2024-05-02", state="x")


@pytest.mark.parametrize("name", ["resource-events", "resource-partners"])
def test_the_resource_queries_report_status_and_sources(name):
    text = named_queries()[name].text
    assert "?status" in text and "?sources" in text
