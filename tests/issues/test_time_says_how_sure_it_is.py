"""Answers about time say what the sources support, and how sure they are.

The examples a journalist tried, each answered on both embedded backends by
the named queries with ``--as-of``. Expected values come from the pages the
data cites (data/*.ttl), written down by hand:

- France's defence accords with Niger date from 24 April 1961 (the French
  bill approving them, seed-article.ttl) and its last troops left on
  22 December 2023: a certain partner on 2019-01-01;
- Denmark left Mali in 2022 (Takuba ended in Mali by 30 June 2022) and the
  UK's MINUSMA contingent was gone when MINUSMA ended on 31 December 2023:
  neither is in Mali on 2024-06-01;
- the Wagner Group said on 6 June 2025 it was leaving Mali, gone by 8 June
  (AFP via The Moscow Times), while the Africa Corps stays;
- French colonial rule ended in 1960;
- the seed article dates the Wagner Group in Mali to 2021 (year precision):
  only possibly there in mid-2021, certainly from 2022;
- after the record's horizon (2025-12-25) an open-ended membership is only
  possibly still in effect.
"""

from __future__ import annotations

import json

import pytest
from helpers import find, rows

from kg.query import adhoc, run
from kg.temporal import PartialDate


def _partners(store, state, day):
    return rows(store, "security-partners", as_of=day, state=state)


def test_france_was_niger_security_partner_on_1_january_2019(each_store):
    found = find(_partners(each_store, "niger", "2019-01-01"), partner="id:france")
    assert found
    assert {row["certainty"] for row in found} == {"certain"}


def test_denmark_and_the_uk_were_not_in_mali_on_1_june_2024(each_store):
    present = {row["partner"] for row in _partners(each_store, "mali", "2024-06-01")}
    assert "id:denmark" not in present
    assert "id:united-kingdom" not in present


def test_wagner_gone_from_mali_in_july_2025_while_the_africa_corps_stays(each_store):
    found = _partners(each_store, "mali", "2025-07-01")
    assert not find(found, partner="id:wagner-group")
    assert {row["certainty"] for row in find(found, partner="id:africa-corps")} == {"certain"}


def test_colonial_rule_is_over_in_2024(each_store):
    query = adhoc("SELECT ?rule WHERE { ?rule a kg:ColonialRule .\n  # as-of: ?rule\n}")
    assert run(each_store, query, as_of=PartialDate.parse("1950").day).rows
    for day in ("1961-01-01", "2024-01-01"):
        assert run(each_store, query, as_of=PartialDate.parse(day).day).rows == [], day


def test_wagner_in_mali_is_possible_inside_its_start_year_and_certain_after(each_store):
    mid_2021 = find(
        rows(each_store, "russian-deployments", as_of="2021-06-01", host="mali"),
        force="id:wagner-group",
        start="2021-01-01",
    )
    assert [row["certainty"] for row in mid_2021] == ["possible"]
    assert mid_2021[0]["reason"] == "started in 2021"
    later = find(
        rows(each_store, "russian-deployments", as_of="2022-06-01", host="mali"),
        force="id:wagner-group",
        start="2021-01-01",
    )
    assert [row["certainty"] for row in later] == ["certain"]


def test_open_ended_membership_is_possible_after_the_horizon(each_store):
    before = find(rows(each_store, "members", as_of="2025-12-25"), member="id:niger")
    after = find(rows(each_store, "members", as_of="2026-06-01"), member="id:niger")
    assert [row["certainty"] for row in before] == ["certain"]
    assert [row["certainty"] for row in after] == ["possible"]
    assert after[0]["reason"] == "open; the record was checked up to 2025-12-25"


@pytest.mark.slow
def test_blocs_without_a_day_are_read_at_the_horizon_not_after_it(kg):
    # After the horizon nothing open-ended is certain, so "today" would leave
    # no certain tie once the record is a year old.
    done = kg("analyze", "blocs", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) > 1
    titled = kg("analyze", "blocs")
    assert "(the record's horizon)" in titled.stdout
