"""An attested or announced date reads as precisely as the record gives it (#19).

The named queries gave ``?attested`` and ``?endAnnounced`` (and four of them
``?start`` or ``?end``) without their precision, so a reader saw "2020-01-01"
where the record says only "2020" and "2023-07-01" where it says "2023-07":
more than the sources support. Each now comes with its ``...Precision``
column, which the reading table applies to its date and then hides. `kg
analyze path` wrote its hops' dates to the day; it now writes them as the
path views and fact sheets do (``kg.views.date_line``).
The expected texts are read from the store, never written down.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from pyoxigraph import NamedNode
from rdflib.plugins.sparql import prepareQuery

from kg.ask import ask
from kg.query import named_queries
from kg.query.formats import reading_columns
from kg.temporal import written_to_precision
from kg.vocab import ENTITY_NS, KG, PREFIXES

DATES = ("attested", "endAnnounced")
# every date a named query may project
PROJECTED_DATES = ("start", "end", *DATES)
# A statement's date and its precision, each property bound as a term.
DATED = """SELECT ?statement ?day ?unit WHERE {
  ?statement ?date ?day ; ?precision ?unit ; kg:to ?to ; a ?kind .
}"""
# security-partners' kinds of tie
TIES = (KG.SecurityPartnership, KG.Deployment, KG.FacilityOperation)


def _precise(store, date: str, **bound: NamedNode) -> dict[str, str]:
    """Each statement's ``date`` in the record (of those ``bound`` selects),
    written to its precision."""
    terms = {"date": getattr(KG, date), "precision": getattr(KG, f"{date}Precision"), **bound}
    return {
        statement.value: written_to_precision(day.value, unit.value)
        for statement, day, unit in store.select(DATED, terms).rows
    }


@pytest.mark.slow
def test_every_named_query_gives_these_dates_their_precision():
    missing = []
    for query in named_queries().values():
        projected = [str(v) for v in prepareQuery(query.text, initNs=PREFIXES).algebra["PV"]]
        following = dict(zip(projected, [*projected[1:], None], strict=True))
        missing += [
            f"{query.name}: ?{date} without ?{date}Precision after it"
            for date in PROJECTED_DATES
            if date in following and following[date] != f"{date}Precision"
        ]
    assert missing == []


def test_niger_security_partners_show_dates_no_more_precise_than_the_record(kg, real_stores):
    store, niger = real_stores["oxigraph"], NamedNode(ENTITY_NS + "niger")
    expected = {
        (date, text)
        for date in DATES
        for kind in TIES
        for text in _precise(store, date, to=niger, kind=kind).values()
    }
    # The record gives some of them only to the month or the year.
    assert any(len(text) < len("YYYY-MM-DD") for _, text in expected)

    printed = kg("query", "--name", "security-partners", "--param", "state=niger", columns=100)
    assert printed.returncode == 0, printed.stderr
    shown = re.findall(r"^(attested|endAnnounced) +(\S+) *$", printed.stdout, re.MULTILINE)
    assert set(shown) == expected


def test_a_path_answer_shows_attested_dates_no_more_precise_than_the_record(real_store):
    answer = ask(real_store, "How is the Wagner Group connected to Burkina Faso?")
    names, texts, _ = reading_columns(answer.result)
    statement = answer.result.variables.index("statement")
    shown, expected = [], []
    attested = _precise(real_store, "attested")
    for row, text in zip(answer.result.rows, texts, strict=True):
        shown.append(text[names.index("attested")])
        expected.append(attested.get(row[statement].value, ""))
    # The Wagner Group's subordination to the Africa Corps is attested to the month.
    assert any(0 < len(text) < len("YYYY-MM-DD") for text in expected)
    assert shown == expected


@pytest.mark.slow
def test_analyze_path_prints_hop_dates_to_their_precision_and_cites_sources(kg):
    """`kg analyze path` printed every hop's dates at day precision ("2021-01-01"
    for a year) and its sources as slugs; a reader gets the dates the record
    gives and short citations, whole, at 80 and 100 columns."""
    from kg.citations import Citation
    from kg.views import date_line

    found = kg("analyze", "path", "Wagner Group", "Burkina Faso", "--format", "json")
    assert found.returncode == 0, found.stderr
    hops = [hop for path in json.loads(found.stdout) for hop in path]
    lines = [date_line(hop) or "undated" for hop in hops]
    assert any(re.match(r"\d{4}(-\d\d)? ", line) for line in lines)  # a year or a month
    for columns in (80, 100):
        printed = kg("analyze", "path", "Wagner Group", "Burkina Faso", columns=columns)
        assert printed.returncode == 0, printed.stderr
        assert max(len(line.rstrip()) for line in printed.stdout.splitlines()) <= columns
        shown = re.findall(r"^when +(.+?) *$", printed.stdout, re.MULTILINE)
        assert shown == lines
        statements = re.findall(r"^statement +(\S+) *$", printed.stdout, re.MULTILINE)
        assert statements == [hop["id"] for hop in hops]
        assert "src:" not in printed.stdout
    cited = kg("analyze", "path", "Wagner Group", "Burkina Faso", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(cited.stdout)))
    for row, hop in zip(rows, hops, strict=True):
        assert row["sources"].split() == [s["source"] for s in hop["sources"]]
        for source in hop["sources"]:
            when = Citation(None, source["date"], source["datePrecision"]).when
            assert when in row["citations"]
