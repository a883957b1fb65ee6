"""Reading the dates in a question, in English or French.

A question names a day ("on 1 August 2023", "le 1er août 2023", "August 1,
2023", "2023-08-01", "01/08/2023" in French), a month ("in August 2023",
"en août 2023"), a year ("in 2019", "en 2019"), "today" ("aujourd'hui",
"now", "actuellement"), or a period between two of these ("between 2020 and
2022", "entre 2020 et 2022", "from March to June 2024" is not read: give both
years). Month names are read in either language, without their accents and
with a small typo ("agust", "fevrier"), each reading said in words by the
caller. An impossible day (31 February) is refused, never moved.

This is a small grammar rather than dateparser (PyPI ``dateparser``), which
was measured for the job (1.5.0, this 2-core machine): its import took 0.10 s
and its first parse another 0.12 s while it loads its language data, close to
half of ``kg ask``'s 0.5 s budget for a whole answer; and it reads the
wrong things in a question: ``search_dates`` found "août" alone in "le 1er
août 2023" (and dated it August of the current year) and turned "in 2019"
into a day of 2019 taken from today's date, losing the precision the as-of
rule needs. The forms a question uses are few; this grammar reads them in
well under a millisecond and keeps each date's precision.

>>> [str(m.date) for m in read_dates("Who led Niger on 1 August 2023?")]
['2023-08-01']
>>> [(str(m.date), m.relation) for m in read_dates("Qui dirigeait le Mali le 1er août 2023 ?")]
[('2023-08-01', 'on')]
>>> [(str(m.date), m.relation) for m in read_dates("Quelles forces étaient au Niger en 2019 ?")]
[('2019', 'in')]
>>> read_dates("Qui dirige le Burkina Faso aujourd'hui ?")[0].today
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kg.entities import without_accents
from kg.errors import BadQuestion
from kg.temporal import PartialDate, Precision

__all__ = ["MONTHS", "DateMention", "in_words", "read_dates"]

# Month names as written, by language.
MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
}  # fmt: skip
# Abbreviations, read with the dot dropped.
ABBREVIATIONS = {"jan": 1, "janv": 1, "feb": 2, "fev": 2, "fevr": 2, "mar": 3, "apr": 4, "avr": 4}
ABBREVIATIONS |= {"jun": 6, "jul": 7, "juil": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10}
ABBREVIATIONS |= {"nov": 11, "dec": 12}
# Every name the reader takes for a month, lower case without accents.
MONTHS: dict[str, int] = {
    **{
        "".join(c for c in without_accents(name.casefold()) if c.isalpha()): n
        for names in MONTH_NAMES.values()
        for n, name in enumerate(names, start=1)
    },
    **ABBREVIATIONS,
}
# Words for "the day the record was checked": the question asks about now.
TODAY_WORDS = (
    "today",
    "now",
    "currently",
    "nowadays",
    "at present",
    "at the moment",
    "these days",
    "present day",
    "aujourd hui",
    "aujourdhui",
    "actuellement",
    "maintenant",
    "en ce moment",
    "a present",
    "de nos jours",
    "a l heure actuelle",
)
# Relative days the reader does not guess at: the question must give the date.
RELATIVE_WORDS = (
    "yesterday",
    "last year",
    "last month",
    "last week",
    "next year",
    "ago",
    "hier",
    "l an dernier",
    "l annee derniere",
    "le mois dernier",
    "il y a",
    "annee prochaine",
)
# The word before a date says how it is meant: on/in one day, or a bound.
RELATIONS = {
    "on": "on",
    "in": "in",
    "at": "on",
    "by": "by",
    "le": "on",
    "en": "in",
    "au": "on",
    "dans": "in",
    "of": "in",
    "since": "since",
    "depuis": "since",
    "after": "after",
    "apres": "after",
    "before": "before",
    "avant": "before",
    "until": "until",
    "till": "until",
    "jusqu": "until",
    "between": "between",
    "entre": "between",
    "from": "from",
    "to": "to",
    "and": "and",
    "et": "and",
    "du": "from",
    "de": "from",
    "a": "to",
}
_SUFFIX = r"(?:st|nd|rd|th|er|re|e|eme)?"
_WORD = r"[a-z]{3,10}"
_PATTERNS = (
    # 2023-08-01, 2023-08
    (
        "iso",
        re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?(?![\d-])"),
    ),
    # 01/08/2023 (day first in French; in English only where unambiguous)
    (
        "numeric",
        re.compile(r"(?<![\d/])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})(?![\d/])"),
    ),
    # 1 August 2023, 1er août 2023, 1st of August, 2023
    (
        "day-month-year",
        re.compile(
            rf"(?<![\d-])(?P<day>\d{{1,2}}){_SUFFIX}\s+(?:of\s+)?(?P<month>{_WORD})\.?,?\s+"
            r"(?P<year>\d{4})(?![\d-])"
        ),
    ),
    # August 1, 2023; August 1st 2023
    (
        "month-day-year",
        re.compile(
            rf"\b(?P<month>{_WORD})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
            r"(?P<year>\d{4})(?![\d-])"
        ),
    ),
    # August 2023, août 2023, March of 2024
    (
        "month-year",
        re.compile(rf"\b(?P<month>{_WORD})\.?,?\s+(?:of\s+|de\s+)?(?P<year>\d{{4}})(?![\d-])"),
    ),
    # 2019
    ("year", re.compile(r"(?<![\d/.-])(?P<year>1[89]\d{2}|20\d{2})(?![\d/-])")),
)


@dataclass(frozen=True)
class DateMention:
    """One date a question names, as the reader took it."""

    text: str  # as written in the question
    date: PartialDate | None  # None for "today", which the caller reads as the horizon
    relation: str = ""  # the word before it: on, in, since, before, between, ...
    today: bool = False
    read_month: str = ""  # a month name read from a misspelt word, to say so

    def describe(self, language: str = "en") -> str:
        """The date in words: "1 August 2023", "août 2023", "2019".

        >>> DateMention("x", PartialDate.parse("2023-08-01")).describe("fr")
        '1er août 2023'
        """
        return in_words(self.date, language) if self.date else self.text


def in_words(day: PartialDate, language: str = "en") -> str:
    """A partial date in words, to its precision.

    >>> in_words(PartialDate.parse("2024-03"), "en"), in_words(PartialDate.parse("2024"), "fr")
    ('March 2024', '2024')
    """
    month = MONTH_NAMES["fr" if language == "fr" else "en"][day.day.month - 1]
    if day.precision is Precision.YEAR:
        return f"{day.day.year}"
    if day.precision is Precision.MONTH:
        return f"{month} {day.day.year}"
    number = "1er" if language == "fr" and day.day.day == 1 else str(day.day.day)
    return f"{number} {month} {day.day.year}"


def plain(text: str) -> str:
    """Lower case without accents; apostrophes and other punctuation become
    spaces, but the ``-``, ``/`` and ``.`` inside numbers stay.

    >>> plain("Aujourd'hui, le 1er Août 2023-08-01 !")
    'aujourd hui  le 1er aout 2023-08-01  '
    """
    bare = without_accents(text.casefold())
    kept = []
    for i, c in enumerate(bare):
        inside_number = (
            c in "-/." and 0 < i < len(bare) - 1 and bare[i - 1].isdigit() and bare[i + 1].isdigit()
        )
        kept.append(c if c.isalnum() or c.isspace() or inside_number else " ")
    return "".join(kept)


def _month(word: str) -> tuple[int, str] | None:
    """The month a word names, and the name it was read as if misspelt."""
    if word in MONTHS:
        return MONTHS[word], ""
    if len(word) < 5:  # "mali 2021" is no month: only longer words are read as typos
        return None
    from rapidfuzz import fuzz, process

    full_names = [name for name in MONTHS if len(name) >= 4]
    found = process.extractOne(word, full_names, scorer=fuzz.ratio, score_cutoff=80)
    if found is None:
        return None
    return MONTHS[found[0]], found[0]


def _day(text: str, year: int, month: int, day: int | None) -> PartialDate:
    try:
        first = date(year, month, day or 1)
    except ValueError:
        raise BadQuestion(f"{text.strip()!r} is not a real date") from None
    return PartialDate(first, Precision.DAY if day else Precision.MONTH)


def _relation(before: str) -> str:
    words = before.split()
    return RELATIONS.get(words[-1], "") if words else ""


def read_dates(question: str, language: str = "en") -> list[DateMention]:
    """The dates ``question`` names, in order, each with the word before it.

    Raises BadQuestion for an impossible day, an ambiguous numeric date and a
    relative date other than today ("yesterday", "last year").

    >>> [str(m.date) for m in read_dates("between 2020 and 2022")]
    ['2020', '2022']
    >>> read_dates("le 31 février 2023")
    Traceback (most recent call last):
    ...
    kg.errors.BadQuestion: '31 février 2023' is not a real date
    """
    text = plain(question)
    padded = f" {' '.join(text.split())} "
    for word in RELATIVE_WORDS:
        if f" {word} " in padded:
            raise BadQuestion(
                f"{word!r}: give the date itself (e.g. 'on 1 August 2023', 'in 2024'); "
                "only 'today' is read, as the day the record was checked"
            )
    taken = [False] * len(text)
    found: list[tuple[int, DateMention]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            shown = question[start:end] if len(question) == len(text) else match.group()
            mention = _mention(kind, match, text, language, shown)
            if mention is None:
                continue
            taken[start:end] = [True] * (end - start)
            found.append((start, mention))
    for word in TODAY_WORDS:
        for match in re.finditer(rf"\b{word}\b", text):
            if not any(taken[match.start() : match.end()]):
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                before = text[: match.start()]
                same = len(question) == len(text)
                written = question[match.start() : match.end()] if same else match.group()
                mention = DateMention(written, None, _relation(before), today=True)
                found.append((match.start(), mention))
    return [mention for _, mention in sorted(found, key=lambda item: item[0])]


def _mention(
    kind: str, match: re.Match[str], text: str, language: str, written: str
) -> DateMention | None:
    """The date one pattern's match names (``written``: as the question has
    it), or None where its word is no month."""
    relation = _relation(text[: match.start()])
    year = int(match["year"])
    if kind == "year":
        return DateMention(written, PartialDate(date(year, 1, 1), Precision.YEAR), relation)
    if kind == "iso":
        day = int(match["day"]) if match["day"] else None
        return DateMention(written, _day(written, year, int(match["month"]), day), relation)
    if kind == "numeric":
        a, b = int(match["a"]), int(match["b"])
        if language == "fr" or a > 12:
            day, month = a, b
        elif b > 12:
            month, day = a, b
        elif a == b:
            day = month = a
        else:
            raise BadQuestion(
                f"{written!r} may be read day first or month first: write the month in "
                "words (e.g. '1 August 2023') or as 2023-08-01"
            )
        return DateMention(written, _day(written, year, month, day), relation)
    month = _month(match["month"])
    if month is None:
        return None
    number, misspelt = month
    day = int(match["day"]) if "day" in match.groupdict() and match["day"] else None
    return DateMention(written, _day(written, year, number, day), relation, read_month=misspelt)
