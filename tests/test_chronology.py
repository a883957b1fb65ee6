"""`kg query --name chronology`: what happened to an actor, in date order.

Expected rows were read from data/*.ttl: data/seed-article.ttl (Niger's coup
of 26 July 2023, Bazoum's and Tiani's terms), data/organisations.ttl (Niger in
the AES from 16 September 2023, its G5 Sahel withdrawal counted from 29
November 2023 and announced on 2 December), data/partners.ttl and the seed
article (France's partnership: end announced 3 August 2023, effective with the
last troops on 22 December 2023).
"""

from __future__ import annotations

from helpers import rows

from kg.query import adhoc, run


def _lines(table):
    return [(r["date"], r["what"], r["kind"], r["otherLabel"] or r["itemLabel"]) for r in table]


def test_niger_in_2023_in_date_order(real_store):
    table = rows(real_store, "chronology", actor="niger", **{"from": "2023", "to": "2023-12-31"})
    lines = _lines(table)
    for line in [
        ("2023-07-26", "end", "HeadOfState", "Mohamed Bazoum"),
        ("2023-07-26", "event", "Coup", "2023 Niger coup d'état"),
        ("2023-07-28", "start", "HeadOfState", "Abdourahamane Tiani"),
        ("2023-08-03", "end announced", "SecurityPartnership", "France"),
        ("2023-09-16", "start", "Membership", "Alliance of Sahel States"),
        ("2023-11-29", "end", "Membership", "G5 Sahel"),
        ("2023-12-02", "end announced", "Membership", "G5 Sahel"),
        ("2023-12-22", "end", "SecurityPartnership", "France"),
    ]:
        assert line in lines, line
    assert [line[0] for line in lines] == sorted(line[0] for line in lines)
    assert all("2023-01-01" <= line[0] <= "2023-12-31" for line in lines)
    assert all(r["sources"] for r in table)


def test_an_unknown_start_gives_no_start_row(real_store):
    # Russia's security partnership with Niger has no known start (attested
    # only): it must not appear to begin on the day a source mentioned it.
    table = rows(real_store, "chronology", actor="niger")
    starts = {r["item"] for r in table if r["what"] == "start"}
    assert "st:russia-niger-security-partnership" not in starts
    known = run(
        real_store,
        adhoc(
            "ASK { st:russia-niger-security-partnership kg:attested ?a "
            "FILTER NOT EXISTS { st:russia-niger-security-partnership kg:start ?s } }"
        ),
    )
    assert known is True  # the case is still in the record


def test_chronology_on_the_command_line_fits_80_columns(kg):
    done = kg(
        "query", "--name", "chronology", "--param", "actor=Niger",
        "--param", "from=2023-07", "--param", "to=2023-07-31", columns=80,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Abdourahamane Tiani" in done.stdout and "Coup" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
