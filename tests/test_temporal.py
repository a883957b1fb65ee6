"""The as-of rule, pinned on hand-checked cases; Python and SPARQL agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import snippet_store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import BadDate
from kg.query import adhoc, run
from kg.temporal import PartialDate, Precision, Timing, active_at

# (name, timing, day, active?) — each written down by hand from the rule:
# reported/confirmed only; start (else attested) <= day; no end or end > day.
CASES = [
    (
        "open-ended, before start",
        Timing("Confirmed", start=date(2023, 9, 16)),
        date(2023, 9, 15),
        False,
    ),
    (
        "open-ended, on start day",
        Timing("Confirmed", start=date(2023, 9, 16)),
        date(2023, 9, 16),
        True,
    ),
    ("open-ended, long after", Timing("Reported", start=date(2023, 9, 16)), date(2030, 1, 1), True),
    (
        "ended, day before end",
        Timing("Confirmed", start=date(2021, 4, 2), end=date(2023, 7, 26)),
        date(2023, 7, 25),
        True,
    ),
    (
        "ended, on end day",
        Timing("Confirmed", start=date(2021, 4, 2), end=date(2023, 7, 26)),
        date(2023, 7, 26),
        False,
    ),
    (
        "month precision start is its first day",
        Timing("Reported", start=date(2024, 1, 1)),
        date(2024, 1, 1),
        True,
    ),
    (
        "year precision start, Dec 31 before",
        Timing("Reported", start=date(2021, 1, 1)),
        date(2020, 12, 31),
        False,
    ),
    (
        "attested only, before attestation",
        Timing("Reported", attested=date(2024, 4, 1)),
        date(2024, 3, 31),
        False,
    ),
    (
        "attested only, after attestation",
        Timing("Reported", attested=date(2024, 4, 1)),
        date(2024, 4, 30),
        True,
    ),
    (
        "start wins over attested",
        Timing("Reported", start=date(2024, 6, 1), attested=date(2024, 4, 1)),
        date(2024, 5, 1),
        False,
    ),
    (
        "announced is never active",
        Timing("Announced", attested=date(2024, 4, 1)),
        date(2025, 1, 1),
        False,
    ),
    ("denied is never active", Timing("Denied", start=date(2022, 1, 1)), date(2023, 1, 1), False),
    ("no date at all is never active", Timing("Confirmed"), date(2023, 1, 1), False),
]


@pytest.mark.parametrize(("name", "timing", "day", "expected"), CASES, ids=[c[0] for c in CASES])
def test_active_at_hand_checked(name, timing, day, expected):
    assert active_at(timing, day) is expected


def _turtle(index: int, timing: Timing) -> str:
    lines = [
        f"st:s{index} a kg:Membership ; kg:from id:a ; kg:to id:b ; kg:status kg:{timing.status}"
    ]
    for prop, value in (
        ("start", timing.start),
        ("end", timing.end),
        ("attested", timing.attested),
    ):
        if value is not None:
            lines.append(f'kg:{prop} "{value.isoformat()}"^^xsd:date')
    return " ;\n  ".join(lines) + " .\n"


def _sparql_active(store, count: int, day: date) -> set[int]:
    query = adhoc("SELECT ?s WHERE { ?s a kg:Membership .\n  # as-of: ?s\n}")
    result = run(store, query, as_of=PartialDate(day, Precision.DAY))
    return {int(row[0].value.rsplit("/s", 1)[1]) for row in result.rows}


def test_sparql_fragment_agrees_with_python_on_hand_checked_cases(backend):
    store = snippet_store("".join(_turtle(i, c[1]) for i, c in enumerate(CASES)), backend)
    for i, (name, _timing, day, expected) in enumerate(CASES):
        assert (i in _sparql_active(store, len(CASES), day)) is expected, name


days = st.dates(min_value=date(2011, 1, 1), max_value=date(2026, 12, 31))
timings = st.builds(
    Timing,
    status=st.sampled_from(["Reported", "Confirmed", "Announced", "Denied"]),
    start=st.none() | days,
    end=st.none() | days,
    attested=st.none() | days,
).filter(lambda t: t.start is None or t.end is None or t.start <= t.end)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements=st.lists(timings, min_size=1, max_size=8), day=days)
def test_sparql_agrees_with_python_on_generated_statements(statements, day):
    turtle = "".join(_turtle(i, t) for i, t in enumerate(statements))
    expected = {i for i, t in enumerate(statements) if active_at(t, day)}
    for backend in ("oxigraph", "rdflib"):
        assert _sparql_active(snippet_store(turtle, backend), len(statements), day) == expected


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("2024", date(2024, 1, 1), Precision.YEAR),
        ("2024-04", date(2024, 4, 1), Precision.MONTH),
        ("2023-07-26", date(2023, 7, 26), Precision.DAY),
    ],
)
def test_partial_dates_mean_their_first_day(text, day, precision):
    parsed = PartialDate.parse(text)
    assert (parsed.day, parsed.precision) == (day, precision)
    assert str(parsed) == text


@pytest.mark.parametrize(
    "text", ["2023-13", "2023-02-30", "yesterday", "23-07-26", "2023/07/26", ""]
)
def test_bad_dates_are_refused_with_the_input_named(text):
    with pytest.raises(BadDate, match=r"YYYY|not a real date"):
        PartialDate.parse(text)


def test_day_after_end_boundary_is_exclusive():
    timing = Timing("Confirmed", start=date(2020, 1, 1), end=date(2020, 1, 2))
    assert active_at(timing, date(2020, 1, 1))
    assert not active_at(timing, date(2020, 1, 1) + timedelta(days=1))
