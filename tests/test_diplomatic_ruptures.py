"""Diplomatic ruptures (issue #20): which states or organisations a state
broke with since a date, says who (named query ``diplomatic-ruptures``).

Expected values are written from the pages data/events-2020-2025.ttl cites,
not from query output:

- Mali declared ECOWAS's special representative persona non grata on Monday
  25 October 2021 (Al Jazeera, TRT World, The Washington Post).
- Mali gave the French ambassador 72 hours on Monday 31 January 2022; he left
  Bamako on Thursday 3 February (7NEWS, UrduPoint, Nation Africa, M7 Actu).
- Burkina Faso's transitional authorities asked Paris in late December 2022 to
  recall its ambassador; France recalled him on Thursday 26 January 2023 (AP,
  APA, Alwihda).
- Niger gave the French ambassador 48 hours on Friday 25 August 2023; he left
  Niamey on Wednesday 27 September 2023 (Anews, allAfrica, DW, Burkina24).
- Mali ended its relations with Ukraine on Sunday 4 August 2024 (TV5Monde
  dates it 5 August: a version); Niger did on Tuesday 6 August 2024.
"""

from __future__ import annotations

from helpers import rows


def _ruptures(store, **params) -> list[tuple[str, str, str, str]]:
    return [
        (r["counterpartLabel"], r["date"], r["datePrecision"], r["announced"])
        for r in rows(store, "diplomatic-ruptures", **params)
    ]


def test_mali_broke_with_ecowas_france_and_ukraine(real_store):
    assert _ruptures(real_store, state="mali") == [
        ("Economic Community of West African States", "2021-10-25", "day", ""),
        ("France", "2022-02-03", "day", "2022-01-31"),
        ("Ukraine", "2024-08-04", "day", ""),
    ]


def test_niger_since_2023_and_burkina_faso_with_its_month_precise_request(real_store):
    assert _ruptures(real_store, state="niger", since="2023-01-01") == [
        ("France", "2023-09-27", "day", "2023-08-25"),
        ("Ukraine", "2024-08-06", "day", ""),
    ]
    (burkina,) = rows(real_store, "diplomatic-ruptures", state="burkina-faso")
    assert (burkina["counterpartLabel"], burkina["date"]) == ("France", "2023-01-26")
    assert (burkina["announced"], burkina["announcedPrecision"]) == ("2022-12-01", "month")


def test_since_leaves_out_earlier_ruptures_and_versions_are_not_rows(real_store):
    later = _ruptures(real_store, state="mali", since="2022-02-04")
    assert later == [("Ukraine", "2024-08-04", "day", "")]  # not TV5Monde's 5 August
    everything = rows(real_store, "diplomatic-ruptures", state="mali")
    assert all(r["sources"] for r in everything)
    assert all(r["status"] == "confirmed" for r in everything)


def test_a_rupture_in_added_data_is_listed_with_its_counterpart(kg, turtle_file):
    path = turtle_file(
        """
id:x-recall a kg:DiplomaticRupture ; skos:prefLabel "Chad recalls an envoy"@en ;
    kg:date "2025-03-01"^^xsd:date ; kg:datePrecision time:unitMonth ;
    kg:participant id:chad, id:niger ; kg:status kg:Reported ;
    kg:source src:seed-article ; kg:evidence "An envoy was recalled."@en .
"""
    )
    done = kg(
        "query",
        "--name",
        "diplomatic-ruptures",
        "--param",
        "state=niger",
        "--param",
        "since=2025",
        "-f",
        "csv",
        "--data",
        str(path),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and "Chad recalls an envoy" in lines[1]
    assert ",2025-03-01,month," in lines[1]
