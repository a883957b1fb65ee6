"""Time in the graph: dates with a precision, four bounds, and the as-of rule.

Sources rarely date both ends of a relationship to the day, so the graph
keeps what they support and no more. Each relationship has four derived day
bounds (``Bounds``): the earliest and latest day it may have started, and the
earliest and latest first day it may no longer have been in effect. They come
from (``bounds``):

- the start and end with their precision ("2021-12" is any day of December);
- the attested date (in effect then: started by its last day, not ended
  before its first);
- the announced end (from the announcement on it may have ended);
- explicit not-before / not-after bounds a source gives;
- bounds the graph implies (the lifetimes of its two ends, a head of
  state's successor), passed in as ``Limit``s;
- the dataset horizon: an open-ended relationship is taken as going on until
  the last day the record was checked, and only possibly after it.

On day D a reported or confirmed relationship is CERTAIN when it certainly
started (latest start <= D) and had certainly not ended (earliest end > D),
POSSIBLE when it may have been in effect (earliest start <= D < latest end),
else INACTIVE; announced and denied ones never are (``certainty_on``). This
module is the one Python form of that rule; ``expand_as_of`` pastes its
SPARQL form (``queries/fragments/as-of.rq``) into queries, and
``kg/assets/certainty.js`` has the browser form (``kgCertainty``). Tests run one
table of cases through all three.

A user's partial date means its first day: ``2024`` is 2024-01-01.

>>> PartialDate.parse("2024-04")
PartialDate(day=datetime.date(2024, 4, 1), precision=<Precision.MONTH: 'unitMonth'>)
>>> PartialDate.parse("2024-02").last_day
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache

from kg.errors import BadDate
from kg.resources import QUERIES_DIR
from kg.vocab import KG

ACTIVE_STATUSES = KG.names("Reported", "Confirmed")
AS_OF_VARIABLE = "asOf"
# "Unbounded", as days every statement can carry, so the as-of check is a range check.
FIRST_DAY = date(1, 1, 1)
LAST_DAY = date(9999, 12, 31)
_AS_OF_LINE = re.compile(r"^(?P<indent>[ \t]*)#\s*as-of:\s*\?(?P<var>\w+)\s*$", re.MULTILINE)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ONE_DAY = timedelta(days=1)


class Precision(Enum):
    """How precisely a date is known; values are OWL-Time unit local names."""

    DAY = "unitDay"
    MONTH = "unitMonth"
    YEAR = "unitYear"

    @classmethod
    def from_name(cls, name: str) -> Precision:
        """From a unit's IRI or local name, or the short form queries print.

        >>> Precision.from_name("http://www.w3.org/2006/time#unitMonth")
        <Precision.MONTH: 'unitMonth'>
        >>> Precision.from_name("year")
        <Precision.YEAR: 'unitYear'>
        """
        local = name.rsplit("#", 1)[-1]
        return cls(local if local.startswith("unit") else "unit" + local.capitalize())


@dataclass(frozen=True)
class PartialDate:
    """A date as a user or source gives it: its first day and its precision."""

    day: date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``today`` or ``now``; else BadDate."""
        if text.strip().lower() in ("today", "now"):
            return cls(date.today(), Precision.DAY)
        match = _DATE.match(text.strip())
        if not match:
            raise BadDate(
                f"{text!r} is not a date: use YYYY, YYYY-MM, YYYY-MM-DD (e.g. 2024-08-01) or today"
            )
        year, month, day = match.groups()
        try:
            parsed = date(int(year), int(month or 1), int(day or 1))
        except ValueError as err:
            raise BadDate(f"{text!r} is not a real date ({err})") from None
        precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
        return cls(parsed, precision)

    @property
    def last_day(self) -> date:
        """The last day of the period the date stands for."""
        if self.precision is Precision.YEAR:
            return date(self.day.year, 12, 31)
        if self.precision is Precision.MONTH:
            days = calendar.monthrange(self.day.year, self.day.month)[1]
            return date(self.day.year, self.day.month, days)
        return self.day

    def __str__(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.day:%Y}"
        if self.precision is Precision.MONTH:
            return f"{self.day:%Y-%m}"
        return self.day.isoformat()


@lru_cache(maxsize=65536)
def written_to_precision(iso_day: str, precision: str | None) -> str:
    """An ISO day written as its precision says (``day``, ``month``, ``year``
    or a unit IRI); anything else is left as it is.

    >>> written_to_precision("2016-02-01", "month"), written_to_precision("2016-02-01", None)
    ('2016-02', '2016-02-01')
    """
    try:
        return str(PartialDate(date.fromisoformat(iso_day), Precision.from_name(precision or "")))
    except ValueError:
        return iso_day


class Certainty(Enum):
    """What the as-of rule says of a statement on one day."""

    CERTAIN = "certain"
    POSSIBLE = "possible"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class Limit:
    """A bound the graph implies: a day and, in a few words, why (in English,
    and in French where it differs; ``reason_fr`` empty: the English)."""

    day: date
    reason: str
    reason_fr: str = ""

    @property
    def said(self) -> Said:
        """The reason in both languages."""
        return Said(self.reason, self.reason_fr or self.reason)


@dataclass(frozen=True)
class Said:
    """A few words in English and in French, said of the same facts."""

    en: str
    fr: str

    def then(self, more: Said) -> Said:
        """These words, then ``more`` after a semicolon."""
        return Said(f"{self.en}; {more.en}", f"{self.fr} ; {more.fr}")


def french_when(when: PartialDate) -> str:
    """A partial date with the French preposition its precision takes: "le"
    before a day, "en" before a month or a year.

    >>> french_when(PartialDate.parse("2023-07-26")), french_when(PartialDate.parse("2021-12"))
    ('le 2023-07-26', 'en 2021-12')
    """
    return f"le {when}" if when.precision is Precision.DAY else f"en {when}"


@dataclass(frozen=True)
class TimeFacts:
    """What the curated record says of one relationship's time."""

    status: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    attested: PartialDate | None = None
    end_announced: PartialDate | None = None
    start_not_before: PartialDate | None = None
    end_not_after: PartialDate | None = None


@dataclass(frozen=True)
class Bounds:
    """A relationship's four day bounds and, in words, what each side rests on.

    Starts are first days in effect; ends are first days no longer in effect.
    """

    earliest_start: date
    latest_start: date
    earliest_end: date
    latest_end: date
    start_basis: str = ""
    end_basis: str = ""
    start_basis_fr: str = ""
    end_basis_fr: str = ""


def _latest(limits: Iterable[Limit]) -> Limit | None:
    return max(limits, key=lambda limit: limit.day, default=None)


def _earliest(limits: Iterable[Limit]) -> Limit | None:
    return min(limits, key=lambda limit: limit.day, default=None)


def _start_side(facts: TimeFacts, not_before: Iterable[Limit]) -> tuple[date, date, Said]:
    lower = [*not_before]
    if facts.start_not_before:
        when = facts.start_not_before
        lower.append(Limit(when.day, f"not before {when}", f"pas avant {when}"))
    floor = _latest(lower)
    if facts.start is not None:
        earliest, latest = facts.start.day, facts.start.last_day
        exact = facts.start.precision is Precision.DAY
        english = f"started {facts.start}" if exact else f"started in {facts.start}"
        basis = Said(english, f"début {french_when(facts.start)}")
    elif facts.attested is not None:
        earliest, latest = FIRST_DAY, facts.attested.last_day
        basis = Said(
            f"start unknown, in effect by {facts.attested}",
            f"début inconnu, en vigueur {french_when(facts.attested)}",
        )
    else:
        earliest, latest, basis = FIRST_DAY, LAST_DAY, Said("start unknown", "début inconnu")
    if floor is not None and floor.day > earliest:
        earliest = floor.day
        basis = basis.then(floor.said)
    return earliest, latest, basis


def _end_basis(facts: TimeFacts, horizon: date | None) -> Said:
    """What the end side rests on before any cap: the end, an announced end,
    an undated one, else an open end."""
    if facts.end is not None:
        exact = facts.end.precision is Precision.DAY
        english = f"ended {facts.end}" if exact else f"ended in {facts.end}"
        return Said(english, f"fin {french_when(facts.end)}")
    if facts.end_announced is not None:
        announced = facts.end_announced
        return Said(
            f"end announced {announced}, no effective date",
            f"fin annoncée {french_when(announced)}, sans date d’effet",
        )
    if facts.end_not_after is not None:
        return Said("end undated", "fin non datée")
    if horizon:
        return Said(
            f"open; the record was checked up to {horizon}",
            f"en cours ; données vérifiées jusqu’au {horizon}",
        )
    return Said("open-ended", "sans fin connue")


def bounds(
    facts: TimeFacts,
    *,
    horizon: date | None = None,
    not_before: Iterable[Limit] = (),
    not_after: Iterable[Limit] = (),
) -> Bounds:
    """The four bounds of one relationship (see the module's docstring).

    ``not_before`` and ``not_after`` are the bounds the graph implies;
    ``horizon`` is the last day the record was checked (None: open-ended
    relationships go on indefinitely).

    >>> b = bounds(TimeFacts("Confirmed", start=PartialDate.parse("2021-12")),
    ...            horizon=date(2025, 12, 25))
    >>> [str(day) for day in (b.earliest_start, b.latest_start, b.earliest_end, b.latest_end)]
    ['2021-12-01', '2021-12-31', '2025-12-26', '9999-12-31']
    >>> b.start_basis, b.end_basis
    ('started in 2021-12', 'open; the record was checked up to 2025-12-25')
    >>> b.start_basis_fr, b.end_basis_fr
    ('début en 2021-12', 'en cours ; données vérifiées jusqu’au 2025-12-25')
    """
    earliest_start, latest_start, start_basis = _start_side(facts, not_before)
    upper = [*not_after]
    if facts.end_not_after is not None:
        when = facts.end_not_after
        upper.append(Limit(when.last_day, f"over by {when}", f"terminé au plus tard {when}"))
    cap = _earliest(upper)
    # It may have ended from the day after it could first have started, and
    # had not ended before the day after the attested date.
    evidence = [earliest_start + ONE_DAY] if earliest_start != FIRST_DAY else []
    if facts.attested is not None:
        evidence.append(facts.attested.day + ONE_DAY)
    in_effect_until = max(evidence, default=FIRST_DAY)
    earliest_end, latest_end = in_effect_until, LAST_DAY
    open_ended = False
    if facts.end is not None:
        earliest_end, latest_end = facts.end.day, facts.end.last_day
    elif facts.end_announced is not None:
        earliest_end = max(in_effect_until, facts.end_announced.day)
    elif facts.end_not_after is None:
        open_ended = True
    end_basis = _end_basis(facts, horizon)
    if cap is not None and cap.day < latest_end:
        latest_end = cap.day
        end_basis = end_basis.then(cap.said)
    if open_ended:
        checked = horizon + ONE_DAY if horizon is not None else LAST_DAY
        earliest_end = max(in_effect_until, min(checked, latest_end))
    return Bounds(
        earliest_start,
        latest_start,
        earliest_end,
        latest_end,
        start_basis.en,
        end_basis.en,
        start_basis.fr,
        end_basis.fr,
    )


def certainty_on(status: str, span: Bounds, day: date) -> Certainty:
    """The as-of rule: is a statement with this status and these bounds in effect on ``day``?

    >>> span = bounds(TimeFacts("Reported", start=PartialDate.parse("2021-12")))
    >>> [certainty_on("Reported", span, date(2021, m, d)).value for m, d in ((11, 30), (12, 5))]
    ['inactive', 'possible']
    >>> certainty_on("Reported", span, date(2022, 1, 1)).value
    'certain'
    >>> certainty_on("Announced", span, date(2022, 1, 1)).value
    'inactive'
    """
    if status not in ACTIVE_STATUSES or not span.earliest_start <= day < span.latest_end:
        return Certainty.INACTIVE
    if span.latest_start <= day < span.earliest_end:
        return Certainty.CERTAIN
    return Certainty.POSSIBLE


def day_number(day: date) -> int:
    """Days since 1970-01-01: how the browser's copy of the rule reads a bound."""
    return (day - date(1970, 1, 1)).days


def as_of_fragment(variable: str) -> tuple[str, str]:
    """The SPARQL as-of rule for one statement variable: the patterns and
    filters, and the bindings of its certainty and reason."""
    text = (QUERIES_DIR / "fragments" / "as-of.rq").read_text(encoding="utf-8")
    filters, _, binds = text.partition("# bindings:")
    binds = binds.partition("\n")[2]  # the rest of the marker line is its comment

    def body(part: str) -> str:
        lines = [line for line in part.splitlines() if not line.lstrip().startswith("#")]
        return "\n".join(lines).replace("?statement", f"?{variable}").strip()

    return body(filters), body(binds)


def takes_as_of(query: str) -> bool:
    """Whether a query has at least one ``# as-of: ?var`` line."""
    return bool(_AS_OF_LINE.search(query))


def expand_as_of(query: str) -> str:
    """Replace each ``# as-of: ?var`` line with the as-of filter for ``?var``.

    Each statement's bases are read after the last hop's patterns, before the
    first OPTIONAL or BIND that follows them; the bindings of its certainty
    (``?var__certainty``: "certain" or "possible") and reason (``?var__reason``:
    what makes a possible row uncertain) go at the end of the WHERE group,
    where they split no pattern from the rest.

    >>> expanded = expand_as_of(
    ...     "SELECT * { ?m a ?c\\n  # as-of: ?m\\n  OPTIONAL { ?m kg:end ?e }\\n}")
    >>> expanded.index("kg:endBasis") < expanded.index("OPTIONAL")
    True
    >>> expanded.rstrip().endswith("AS ?m__reason)\\n}")
    True
    """
    marks = list(_AS_OF_LINE.finditer(query))
    if not marks:
        return query
    from kg.store.sparql_text import outer_clause_after, outer_group_end

    bases: list[str] = []
    binds: list[str] = []
    for mark in marks:
        _, bindings = as_of_fragment(mark.group("var"))
        for line in bindings.splitlines():
            kind = binds if line.lstrip().startswith("BIND(") else bases
            kind.append(mark.group("indent") + line)
    # The bases join every hop's patterns, before any OPTIONAL or BIND: Oxigraph
    # reads a pattern that follows an OPTIONAL over the whole graph, and a BIND
    # cuts the group into parts it joins one after the other. The bindings go
    # last, where Virtuoso wants them.
    clause = outer_clause_after(query, marks[-1].end(), ("OPTIONAL", "BIND"))
    at = query.rfind("\n", 0, clause) + 1
    end = outer_group_end(query)
    if clause == end:
        at = end
    text = (
        query[:at]
        + "".join(line + "\n" for line in bases)
        + query[at:end]
        + "".join(line + "\n" for line in binds)
        + query[end:]
    )

    def replace(match: re.Match[str]) -> str:
        filters, _ = as_of_fragment(match.group("var"))
        return "\n".join(match.group("indent") + line for line in filters.splitlines())

    return _AS_OF_LINE.sub(replace, text)
