"""Time in the graph: dates with a precision, and the as-of rule.

This module holds the one definition of "active on a day". ``active_at`` is
the Python form; ``expand_as_of`` pastes the SPARQL form
(``queries/fragments/as-of.rq``) into queries. Tests pin both on the same
hand-checked cases.

A user's partial date means its first day: ``2024`` is 2024-01-01,
``2024-04`` is 2024-04-01.

>>> PartialDate.parse("2024-04")
PartialDate(day=datetime.date(2024, 4, 1), precision=<Precision.MONTH: 'unitMonth'>)
>>> str(PartialDate.parse("2023"))
'2023'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from kg.errors import BadDate
from kg.resources import QUERIES_DIR

ACTIVE_STATUSES = frozenset({"Reported", "Confirmed"})
AS_OF_VARIABLE = "asOf"
_AS_OF_LINE = re.compile(r"^(?P<indent>[ \t]*)#\s*as-of:\s*\?(?P<var>\w+)\s*$", re.MULTILINE)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(Enum):
    """How precisely a date is known; values are OWL-Time unit local names."""

    DAY = "unitDay"
    MONTH = "unitMonth"
    YEAR = "unitYear"

    @property
    def iri(self) -> str:
        return "http://www.w3.org/2006/time#" + self.value

    @classmethod
    def from_iri(cls, iri: str) -> Precision:
        return cls(iri.rsplit("#", 1)[-1])


@dataclass(frozen=True)
class PartialDate:
    """A date as a user or source gives it: its first day and its precision."""

    day: date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise BadDate otherwise."""
        match = _DATE.match(text.strip())
        if not match:
            raise BadDate(
                f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-08-01)"
            )
        year, month, day = match.groups()
        try:
            parsed = date(int(year), int(month or 1), int(day or 1))
        except ValueError as err:
            raise BadDate(f"{text!r} is not a real date ({err})") from None
        precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
        return cls(parsed, precision)

    def __str__(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.day:%Y}"
        if self.precision is Precision.MONTH:
            return f"{self.day:%Y-%m}"
        return self.day.isoformat()


@dataclass(frozen=True)
class Timing:
    """What the as-of rule reads of a statement: status and its three dates."""

    status: str
    start: date | None = None
    end: date | None = None
    attested: date | None = None

    @property
    def active_from(self) -> date | None:
        """The start or, lacking one, the attested date (kg:activeFrom)."""
        return self.start if self.start is not None else self.attested


def active_at(statement: Timing, day: date) -> bool:
    """Whether a statement is active on ``day``.

    >>> membership = Timing("Confirmed", start=date(2023, 9, 16))
    >>> active_at(membership, date(2023, 9, 1)), active_at(membership, date(2023, 10, 1))
    (False, True)
    >>> active_at(Timing("Announced", attested=date(2024, 4, 1)), date(2025, 1, 1))
    False
    """
    if statement.status not in ACTIVE_STATUSES:
        return False
    begin = statement.active_from
    if begin is None or begin > day:
        return False
    return statement.end is None or statement.end > day


def as_of_fragment(variable: str) -> str:
    """The SPARQL as-of filter for one statement variable."""
    text = (QUERIES_DIR / "fragments" / "as-of.rq").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return body.replace("?statement", f"?{variable}").strip()


def takes_as_of(query: str) -> bool:
    """Whether a query has at least one ``# as-of: ?var`` line."""
    return bool(_AS_OF_LINE.search(query))


def expand_as_of(query: str) -> str:
    """Replace each ``# as-of: ?var`` line with the as-of filter for ``?var``.

    >>> "FILTER NOT EXISTS" in expand_as_of("SELECT * { ?m a ?c\\n  # as-of: ?m\\n}")
    True
    """

    def replace(match: re.Match[str]) -> str:
        indent = match.group("indent")
        fragment = as_of_fragment(match.group("var"))
        return "\n".join(indent + line for line in fragment.splitlines())

    return _AS_OF_LINE.sub(replace, query)
