"""Corroboration: how many independent original reports a fact rests on.

The derive step links each source to the publisher of the original report
it carries (``queries/derive/report-origins.rq``: what it quotes, else the
agency it credits, else its own publisher; a mirror counts as what it
copies). Here each statement and event gets the number of distinct origins
(``kg:independentReports``) and a grade (``kg:corroboration``), one rule for
all: a party's own voice makes it officially confirmed, two or more origins
corroborated, one a single source. ``kg:Confirmed`` requires one of the first
two (kg/checks/confirmed-on-one-report-violation.rq).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.vocab import KG

if TYPE_CHECKING:
    from kg.store import Store

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

# The grades, strongest first (kg stats prints them in this order).
GRADES = ("OfficiallyConfirmed", "Corroborated", "SingleSource")
KG.names(*GRADES)
# How a reader is told each grade: `kg stats` prints the English words and the
# fact sheets (assets/factsheet.js, through the book's ``grades``) both.
GRADE_WORDS = {
    "en": {
        "OfficiallyConfirmed": "officially confirmed",
        "Corroborated": "corroborated",
        "SingleSource": "single source",
    },
    "fr": {
        "OfficiallyConfirmed": "confirmé officiellement",
        "Corroborated": "corroboré",
        "SingleSource": "source unique",
    },
}


def grade(reports: int, *, official: bool) -> str:
    """The grade of a fact with ``reports`` distinct original reports.

    >>> grade(1, official=False)
    'SingleSource'
    >>> grade(3, official=False)
    'Corroborated'
    >>> grade(1, official=True)
    'OfficiallyConfirmed'
    """
    if official:
        return "OfficiallyConfirmed"
    return "Corroborated" if reports >= 2 else "SingleSource"


def corroboration_lines(store: Store) -> Iterator[str]:
    """The N-Triples lines of every statement's and event's count and grade.

    The query's rows are read whole first, so the lines may be written to
    ``store`` as they come.
    """
    rows = store.select_internal("corroboration").rows
    count, grade_of = str(KG.independentReports), str(KG.corroboration)
    grades = {name: str(getattr(KG, name)) for name in GRADES}
    for subject, reports, official in rows:
        number = int(reports.value)
        named = grade(number, official=official is not None and official.value == "true")
        yield f'{subject} {count} "{number}"^^<{XSD_INTEGER}> .\n'
        yield f"{subject} {grade_of} {grades[named]} .\n"
