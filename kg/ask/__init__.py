"""Questions in plain English or French, answered by the named queries.

``ask(store, "Who led Niger on 1 August 2023?")`` reads the question with
three tools and no model: the intent templates of kg/ask/intents.py (cue
words in both languages, a small typo forgiven through rapidfuzz), the
entity resolver's name index (kg/entities.py: every English, French and
alternative name, without case or accents) and the date reader of
kg/ask/dates.py. It then runs the named query (or ``kg analyze path``) the
question maps to and returns an ``Answer``: the rows as that query gives
them, each with its certainty, dates and citations, a one-line headline,
how each name and date was read, and the exact ``kg`` command that gives the
same rows, so a reader learns the tool.

Nothing is guessed silently. A name that fits several things is a choice to
make, an unknown one is named as unknown, a misspelt one is read as the
closest name and said so; a year or month asked "as of" means its first day,
and "today" the day the record was checked (its horizon), each said in
words. A question it cannot map raises BadQuestion with the three closest
questions it can answer.

The ask stage is this package: reading and answering here,
``kg.ask.intents`` the questions it understands, ``kg.ask.dates`` the dates
in a question, and ``kg.ask.page`` the server's ``/ask`` page.

>>> language_of("Qui dirige le Burkina Faso aujourd'hui ?"), language_of("Who led Mali?")
('fr', 'en')
>>> check_question("  Who led Niger?\\n")
'Who led Niger?'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from pyoxigraph import Literal, NamedNode

from kg.ask.dates import DateMention, in_words, plain, read_dates
from kg.ask.intents import INTENTS, TOPICS, Intent, Slot, Topic
from kg.entities import EntityIndex, normalise, without_accents
from kg.errors import BadQuestion, KGError, UnknownEntity
from kg.store import SelectResult, Store
from kg.temporal import PartialDate, Precision
from kg.vocab import ENTITY_NS, KG, ONTOLOGY_NS, shorten

__all__ = ["MAX_LENGTH", "Answer", "ask", "check_question", "closest_questions", "language_of"]

MAX_LENGTH = 1000  # characters: a question, not a document
# Characters no plain question needs: markup, SPARQL braces, escapes. A question
# holding them is refused rather than half read.
HOSTILE = re.compile(r"[<>{}\\`]|[\u202a-\u202e\u2066-\u2069]")


def _words(text: str) -> list[str]:
    return text.split()


# Kinds of thing a question may name (kg: classes); statuses and records are not.
NAMEABLE = KG.names("Actor", "Place", "Event")
# Words that name nothing even where a name is spelt so ("US", "UN", "IS" in
# capitals are names), and generic words a name may start or end with.
STOPWORDS = frozenset(
    _words(
        """a about after all an and any are as at be been before between by can could did do does
    during first for from had has have how in into is it its last more most now of on or
    over since so than that the their them then there these they this those through to
    under until up us was were what when where which while who whom whose why will with
    would yes no not only also ever still today
    a au aux avec ce ces cet cette dans de des du elle elles en entre est et etaient etait
    eu ils je la le les leur leurs lui mais meme ne ni nous on ont ou par pas plus pour
    quand que quel quelle quelles quels qui sa se ses son sont sous sur ta te tes toi ton
    tous tout tu un une vers vos votre vous y l d qu s t n c j m il ete sera premier
    state states etat etats group groupe groupes army armee armed armees force forces
    forces africa afrique sahel west western ouest national nationale council conseil
    ministry ministere defence defense republic republique islamic islamique front
    movement mouvement liberation support soutien alliance union mission operation
    air base corps military militaire militaires russian russe russes french francais
    american americain german allemand foreign etranger etrangere etrangeres troops
    troupes soldiers soldats partners partenaires members membres leader leaders happened
    passe connected lien liens reported rapporte source sources coup coups power pouvoir
    president head chef"""
    )
)
# What turns a name into its adjective: "Russia" -> "Russian", "Mali" -> "Malien".
ADJECTIVE_ENDINGS = frozenset(
    _words("n an ian ien ienne iens iennes ians ans ese ais aise e es s ne nne")
)
FRENCH_MARKERS = frozenset(
    _words(
        """qui quel quelle quels quelles quand que quoi comment le la les des du au aux est
    etait etaient ont avec entre aujourd hui dans depuis lien liens partenaires membres
    etrangeres etrangers premier premiere passe dirige dirigeait quitte elle il et en"""
    )
)
ENGLISH_MARKERS = frozenset(
    _words(
        """who which what when how the of in on was were is are did does with between today
    first foreign members partners connected happened leave left led leads and"""
    )
)
WORDS = {
    "en": {
        "none": "none on record",
        "possible": "possible",
        "read-as": "read as",
        "closest": "the closest name in the graph",
        "no-date": "no date given: every one on record, whatever its dates",
        "first-day-year": "a year asked 'as of' means its first day, as `--as-of {value}` does",
        "first-day-month": "a month asked 'as of' means its first day, as `--as-of {value}` does",
        "horizon": "'{text}' read as {day}, the last day the record was checked (its horizon)",
        "range": "'{text}' read as from {first} to {last}",
        "unused-date": "the date ({text}) is not used: this answer lists every one on record",
        "on": " on {day}",
        "between": " from {first} to {last}",
        "in": " in {period}",
        "language": "read as English",
        "ends": "{actor} ({kind}), ended {end}",
        "ends-announced": "{actor} ({kind}), end announced {announced}, no effective date",
        "relayed": "relayed by",
        "also": "also",
        "path": "{count} shortest path(s), {hops} hop(s): {route}",
    },
    "fr": {
        "none": "aucun dans le graphe",
        "possible": "possible",
        "read-as": "lu comme",
        "closest": "le nom le plus proche dans le graphe",
        "no-date": "pas de date : tous ceux du graphe, quelles que soient leurs dates",
        "first-day-year": "une année demandée « à la date » veut dire son premier jour, comme"
        " `--as-of {value}`",
        "first-day-month": "un mois demandé « à la date » veut dire son premier jour, comme"
        " `--as-of {value}`",
        "horizon": "« {text} » lu comme le {day}, dernier jour où le graphe a été vérifié"
        " (son horizon)",
        "range": "« {text} » lu comme du {first} au {last}",
        "unused-date": "la date ({text}) n'est pas utilisée : la réponse donne tout ce que le"
        " graphe contient",
        "on": " le {day}",
        "between": " du {first} au {last}",
        "in": " en {period}",
        "language": "lu comme du français",
        "ends": "{actor} ({kind}), fin le {end}",
        "ends-announced": "{actor} ({kind}), fin annoncée le {announced}, sans date effective",
        "relayed": "relayé par",
        "also": "aussi",
        "path": "{count} plus court(s) chemin(s), {hops} étape(s) : {route}",
    },
}


@dataclass
class Answer:
    """What `kg ask` says: the rows of the query a question maps to, and how
    the question was read."""

    question: str
    language: str  # "en" or "fr"
    intent: str  # the intent's name (kg/ask/intents.py)
    command: str  # the `kg` command that gives the same rows
    headline: str  # one line: the answer in words
    readings: list[str]  # how each name and date was read
    result: SelectResult  # the rows, with a citations column where they cite sources
    also: list[str] = field(default_factory=list)  # other commands worth knowing

    def as_json(self) -> dict:
        """The answer as plain JSON values: IRIs and literals as their text."""
        rows = [
            {
                name: term.value
                for name, term in zip(self.result.variables, row, strict=True)
                if term is not None
            }
            for row in self.result.rows
        ]
        return {
            "question": self.question,
            "language": self.language,
            "intent": self.intent,
            "command": self.command,
            "also": self.also,
            "headline": self.headline,
            "readings": self.readings,
            "columns": list(self.result.variables),
            "rows": rows,
        }


@dataclass(frozen=True)
class Token:
    """A word of the question: as written, its lower-case accent-free key, and
    its place in the question."""

    text: str
    key: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A name found in the question and what it may name."""

    text: str
    iris: frozenset[str]
    first: int  # token indexes, end excluded
    last: int
    exact: bool = True  # False: a misspelling read as the closest name


# ---------------------------------------------------------------- the question


def check_question(question: str) -> str:
    """The question stripped, or BadQuestion: empty, too long, or holding
    characters no plain question needs (markup, braces, control characters)."""
    text = " ".join(question.split())
    if not text:
        raise BadQuestion("the question is empty: ask e.g. 'Who led Niger on 1 August 2023?'")
    if len(text) > MAX_LENGTH:
        raise BadQuestion(
            f"the question is {len(text)} characters long; ask in at most {MAX_LENGTH}"
        )
    controls = [c for c in text if unicodedata.category(c) in ("Cc", "Cf") and c != "\u200d"]
    if controls or HOSTILE.search(text):
        raise BadQuestion(
            "the question holds characters a plain question does not need "
            "(markup, braces, backslashes or control characters): ask in plain words"
        )
    return text


def language_of(question: str) -> str:
    """ "fr" or "en", by the marker words the question uses (English on a tie)."""
    words = plain(question).split()
    french = sum(word in FRENCH_MARKERS for word in words)
    english = sum(word in ENGLISH_MARKERS for word in words)
    return "fr" if french > english else "en"


def tokens_of(question: str) -> list[Token]:
    """The question's words, accents dropped, apostrophes and hyphens splitting."""
    bare = without_accents(question)
    same_length = len(bare) == len(question)
    found = []
    for match in re.finditer(r"[^\W_]+", bare):
        shown = question[match.start() : match.end()] if same_length else match.group()
        found.append(Token(shown, match.group().casefold(), match.start(), match.end()))
    return found


# ---------------------------------------------------------------- cues


def _word_fits(pattern: str, key: str) -> bool:
    """Whether a token fits one word of a cue: the same, a stem's ending
    (``quitt*``), or one typo away in a word of five letters or more."""
    from rapidfuzz import fuzz

    if pattern.endswith("*"):
        stem = pattern[:-1]
        if key.startswith(stem):
            return True
        return len(stem) >= 5 and fuzz.ratio(key[: len(stem)], stem) >= 80
    if key == pattern:
        return True
    return len(pattern) >= 5 and len(key) >= 4 and fuzz.ratio(key, pattern) >= 80


def _sequence_at(words: Sequence[str], keys: Sequence[str], start: int) -> int:
    """Where ``words`` first occur together in ``keys`` from ``start`` (-1: nowhere)."""
    for i in range(start, len(keys) - len(words) + 1):
        if all(_word_fits(w, keys[i + j]) for j, w in enumerate(words)):
            return i
    return -1


def cue_score(cue: str, keys: Sequence[str]) -> int:
    """The number of words of ``cue`` found in ``keys``, its parts in order (0: not found).

    >>> cue_score("when ... leave", "when did france leave niger".split())
    2
    >>> cue_score("qui dirige*", "qui dirrigeait le niger".split())
    2
    """
    position, score = 0, 0
    for part in cue.split("..."):
        words = part.split()
        found = _sequence_at(words, keys, position)
        if found < 0:
            return 0
        position, score = found + len(words), score + len(words)
    return score


def ranked_intents(keys: Sequence[str], languages: Iterable[str]) -> list[tuple[int, Intent]]:
    """Intents whose cues the question holds, best first (then in table order)."""
    scored = []
    for order, intent in enumerate(INTENTS):
        best = max(
            (cue_score(cue, keys) for lang in languages for cue in intent.cues.get(lang, ())),
            default=0,
        )
        if best:
            scored.append((best, -order, intent))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(score, intent) for score, _, intent in scored]


def closest_questions(question: str, language: str, count: int = 3) -> list[str]:
    """The example questions most like ``question``, in its language."""
    from rapidfuzz import fuzz, process

    examples = list(dict.fromkeys(intent.examples[language] for intent in INTENTS))
    found = process.extract(
        plain(question), [plain(e) for e in examples], scorer=fuzz.token_set_ratio, limit=count
    )
    return [examples[index] for _, _, index in found]


# ---------------------------------------------------------------- names


class Names:
    """The name index and each named thing's kinds (kg: classes), read once."""

    def __init__(self, store: Store) -> None:
        rows = store.select_internal("entity-names")
        self.index = EntityIndex.of(store, rows)
        self.kinds: dict[str, set[str]] = {}
        for entity, _name, kind in rows.rows:
            if isinstance(entity, NamedNode) and kind is not None:
                self.kinds.setdefault(entity.value, set()).add(kind.value.removeprefix(ONTOLOGY_NS))
        self._names: list[str] | None = None

    def nameable(self, iris: Iterable[str]) -> frozenset[str]:
        return frozenset(iri for iri in iris if self.kinds.get(iri, set()) & NAMEABLE)

    def label(self, iri: str) -> str:
        return self.index.labels.get(iri, shorten(iri))

    def close_names(self, key: str) -> list[tuple[str, float]]:
        """Names one or two typos from ``key``, but not a name with the ending
        of an adjective added ("russian", "malien" are no typos)."""
        from rapidfuzz import fuzz, process

        if self._names is None:
            self._names = [n for n in self.index.by_name if len(n) >= 5]
        found = process.extract(key, self._names, scorer=fuzz.ratio, score_cutoff=86, limit=3)
        return [
            (name, score)
            for name, score, _ in found
            if key.removeprefix(name) not in ADJECTIVE_ENDINGS
        ]


def find_mentions(tokens: Sequence[Token], names: Names, blocked: set[int]) -> list[Mention]:
    """The names in the question, none overlapping; tokens in ``blocked``
    (dates) are never part of one. Whole names come first, longest first, then
    names one typo away, then surnames ("Tchiani" for Abdourahamane Tiani)."""
    taken = set(blocked)
    found: list[Mention] = []

    def scan(sizes: Iterable[int], read) -> None:
        for size in sizes:
            for first in range(len(tokens) - size + 1):
                span = range(first, first + size)
                if taken.intersection(span):
                    continue
                mention = read(tokens, first, size, names)
                if mention is not None:
                    found.append(mention)
                    taken.update(span)

    scan(range(min(7, len(tokens)), 0, -1), _exact_mention)
    scan((3, 2, 1), _close_mention)
    scan((1,), _surname_mention)
    return sorted(found, key=lambda mention: mention.first)


def _exact_mention(tokens: Sequence[Token], first: int, size: int, names: Names) -> Mention | None:
    words = tokens[first : first + size]
    written = " ".join(t.text for t in words)
    joined = " ".join(t.key for t in words)
    if size == 1 and joined in STOPWORDS and not (words[0].text.isupper() and len(joined) > 1):
        return None
    if size == 1 and joined.isdigit():
        return None
    keys = {joined, normalise(written)}
    iris: set[str] = set()
    for key in keys:
        iris |= names.index.by_name.get(key, set())
    iris = set(names.nameable(iris))
    if not iris:
        return None
    return Mention(written, frozenset(iris), first, first + size)


def _surname_mention(
    tokens: Sequence[Token], first: int, size: int, names: Names
) -> Mention | None:
    """A word that starts or ends an actor's name: "Tchiani", "Goita"."""
    word = tokens[first]
    if len(word.key) < 4 or word.key in STOPWORDS or word.key.isdigit():
        return None
    iris = names.nameable(names.index.candidates(word.key))
    return Mention(word.text, iris, first, first + 1) if iris else None


def _close_mention(tokens: Sequence[Token], first: int, size: int, names: Names) -> Mention | None:
    words = tokens[first : first + size]
    keys = [t.key for t in words]
    if any(k in STOPWORDS or k.isdigit() for k in keys) or len(" ".join(keys)) < 5:
        return None
    key = " ".join(keys)
    close = names.close_names(key)
    if not close:
        return None
    best = close[0][1]
    iris: set[str] = set()
    for name, score in close:
        if score >= best - 2:
            iris |= names.index.by_name[name]
    iris = set(names.nameable(iris))
    if not iris:
        return None
    return Mention(" ".join(t.text for t in words), frozenset(iris), first, first + size, False)


# ---------------------------------------------------------------- reading


@dataclass
class Reading:
    """How a question was read: its intent, the slots' entities, the date."""

    intent: Intent
    entities: dict[str, str]  # slot name -> IRI
    mentions: dict[str, Mention]
    dates: list[DateMention]
    topic: Topic | None = None


def _choice_message(mention: Mention, names: Names, language: str) -> str:
    options = "; ".join(f"{names.label(iri)} ({shorten(iri)})" for iri in sorted(mention.iris))
    if language == "fr":
        return (
            f"« {mention.text} » est ambigu : il désigne {options}. "
            "Reposez la question avec l'un de ces noms"
        )
    return f"{mention.text!r} is ambiguous: it names {options}. Ask again with one of these names"


def _fill(
    intent: Intent, mentions: Sequence[Mention], names: Names, language: str
) -> dict[str, Mention]:
    """The mentions filling the intent's slots, in the order the question names
    them; BadQuestion where one is missing, ambiguous or one too many."""
    fitting: list[Mention] = []
    for mention in mentions:
        kinds = set().union(*(names.kinds.get(iri, set()) for iri in mention.iris))
        if any(kinds & slot.kinds for slot in intent.slots):
            fitting.append(mention)
    distinct = list({m.iris: m for m in fitting}.values())
    slots = intent.slots
    if len(distinct) < len(slots):
        raise _missing(intent, slots[len(distinct)], language)
    if len(distinct) > len(slots):
        listed = ", ".join(repr(m.text) for m in distinct)
        raise BadQuestion(
            f"this question ({intent.examples[language]!r}) takes "
            f"{_what(slots, language)}, and this one names {len(distinct)}: {listed}; "
            "ask about fewer"
        )
    filled: dict[str, Mention] = {}
    for slot, mention in zip(slots, distinct, strict=True):
        if len(mention.iris) > 1:
            raise BadQuestion(_choice_message(mention, names, language))
        (iri,) = mention.iris
        if not names.kinds.get(iri, set()) & slot.kinds:
            raise _missing(intent, slot, language, wrong=mention, names=names)
        filled[slot.name] = mention
    return filled


def _what(slots: Sequence[Slot], language: str) -> str:
    return " and ".join(dict.fromkeys(slot.what[language] for slot in slots))


def _missing(
    intent: Intent,
    slot: Slot,
    language: str,
    wrong: Mention | None = None,
    names: Names | None = None,
) -> BadQuestion:
    example = intent.examples[language]
    if wrong is not None and names is not None:
        (iri,) = wrong.iris
        return BadQuestion(
            f"{wrong.text!r} names {names.label(iri)} ({shorten(iri)}), which is not "
            f"{slot.what['en']}; this question asks e.g. {example!r}"
        )
    return BadQuestion(
        f"this reads like {example!r}, but names no {slot.what['en'].removeprefix('a ')}"
        " that the graph knows",
    )


def _unknown_words(
    tokens: Sequence[Token], used: set[int], names: Names, question: str
) -> BadQuestion | None:
    """A BadQuestion naming the words that look like a name the graph lacks."""
    leftover = [
        t
        for i, t in enumerate(tokens)
        if i not in used and t.key not in STOPWORDS and not t.key.isdigit() and len(t.key) > 2
    ]
    named = [t for t in leftover if t.text[:1].isupper() and t.start > 0] or leftover
    if not named:
        return None
    word = named[0].text
    try:
        names.index.resolve(word)
    except UnknownEntity as err:
        return BadQuestion(str(err).replace("no entity is called", "the graph has nothing called"))
    return None


def _topic(keys: Sequence[str], language: str) -> Topic:
    """The reported fact a "who first reported ...?" question is about."""
    text = " ".join(keys)
    scored = []
    for topic in TOPICS:
        if all(any(cue_score(cue, keys) for cue in group) for group in topic.words):
            scored.append((len(topic.words), topic))
    if not scored:
        listed = "; ".join(topic.label[language] for topic in TOPICS)
        raise BadQuestion(
            f"which report? '{text}' names none of the facts whose first reports the graph "
            f"traces: {listed}"
        )
    scored.sort(key=lambda item: item[0], reverse=True)
    best = [topic for score, topic in scored if score == scored[0][0]]
    if len(best) > 1:
        listed = "; ".join(topic.label[language] for topic in best)
        raise BadQuestion(f"the question fits several reports: {listed}; name one of them")
    return best[0]


def read_question(
    store: Store, question: str, language: str, names: Names
) -> tuple[Reading, set[int]]:
    """Map a checked question to an intent, its entities and its dates."""
    tokens = tokens_of(question)
    dates = read_dates(question, language)
    date_tokens = {
        i
        for i, t in enumerate(tokens)
        if any(t.key in plain(d.text).split() for d in dates) or t.key.isdigit()
    }
    mentions = find_mentions(tokens, names, date_tokens)
    in_mentions = {i for m in mentions for i in range(m.first, m.last)}
    free = [i for i in range(len(tokens)) if i not in in_mentions]
    keys = [tokens[i].key for i in free]
    languages = ("en", "fr") if language == "auto" else (language,)
    shown_language = language_of(question) if language == "auto" else language
    ranked = ranked_intents(keys, languages)
    if not ranked:
        raise BadQuestion(
            "this question does not match any the graph answers",
            tuple(closest_questions(question, shown_language)),
        )
    failure: BadQuestion | None = None
    used = in_mentions | date_tokens
    for _, intent in ranked:
        if intent.name == "sources-of":
            return Reading(
                intent, {}, {}, dates, _topic([t.key for t in tokens], shown_language)
            ), used
        try:
            filled = _fill(intent, mentions, names, shown_language)
        except BadQuestion as err:
            failure = failure or err
            continue
        entities = {slot: next(iter(m.iris)) for slot, m in filled.items()}
        return Reading(intent, entities, filled, dates), used
    cue_words = {
        i
        for i in free
        if any(_word_fits(w.rstrip("*"), tokens[i].key) for w in _cue_words(ranked[0][1]))
    }
    unknown = _unknown_words(tokens, used | cue_words, names, question)
    raise unknown or failure or BadQuestion("the question could not be read")


def _cue_words(intent: Intent) -> set[str]:
    return {
        w for cues in intent.cues.values() for cue in cues for w in cue.replace("...", " ").split()
    }


# ---------------------------------------------------------------- answering


def ask(store: Store, question: str, language: str = "auto") -> Answer:
    """Answer a question in English or French (``language``: auto, en or fr).

    Raises BadQuestion, whose message says what to change, when the question
    is empty, too long or hostile, maps to no supported question (its
    ``suggestions`` are the closest that do), names something unknown or
    ambiguous, or gives an impossible date.
    """
    text = check_question(question)
    if language not in ("auto", "en", "fr"):
        raise BadQuestion(f"unknown language {language!r}: use auto, en or fr")
    names = Names(store)
    reading, _ = read_question(store, text, language, names)
    shown = language_of(text) if language == "auto" else language
    return _answer(store, reading, text, shown, names)


def _slug(iri: str) -> str:
    """How a command names a thing: the bare slug of an entity, else its prefixed IRI."""
    return iri.removeprefix(ENTITY_NS) if iri.startswith(ENTITY_NS) else shorten(iri)


def _entity_readings(reading: Reading, names: Names, language: str) -> list[str]:
    lines = []
    for mention in reading.mentions.values():
        (iri,) = mention.iris
        named = f"{names.label(iri)} ({shorten(iri)})"
        if mention.exact:
            lines.append(f"'{mention.text}' → {named}")
        else:
            words = WORDS[language]
            lines.append(f"'{mention.text}' {words['read-as']} {named}, {words['closest']}")
    return lines


def _period(mention: DateMention) -> str:
    if mention.relation in ("since", "after", "before", "until", "between", "from", "to"):
        return f"{mention.relation} {mention.text}"
    return mention.text


def _as_of(store: Store, dates: Sequence[DateMention], language: str, notes: list[str]):
    """The one day an as-of question asks about, or None (no date: every row)."""
    words = WORDS[language]
    if not dates:
        notes.append(words["no-date"])
        return None
    if len(dates) > 1:
        listed = ", ".join(repr(d.text) for d in dates)
        raise BadQuestion(f"the question names several dates ({listed}); ask about one day")
    mention = dates[0]
    if mention.relation in ("since", "after", "before", "until", "between", "from", "to"):
        raise BadQuestion(
            f"'{_period(mention)}' asks about a period; ask about one day "
            "('on 1 January 2019'), a month or a year ('in 2019')"
        )
    if mention.today:
        day = _horizon(store)
        notes.append(words["horizon"].format(text=mention.text, day=day.isoformat()))
        return PartialDate(day, Precision.DAY)
    asked = mention.date
    if mention.read_month:
        notes.append(f"'{mention.text}' {words['read-as']} {in_words(asked, language)}")
    if asked.precision is not Precision.DAY:
        unit = "year" if asked.precision is Precision.YEAR else "month"
        rule = words[f"first-day-{unit}"].format(value=asked)
        notes.append(f"'{mention.text}' → {asked.day.isoformat()}: {rule}")
    return asked


def _horizon(store: Store) -> date:
    from kg.derive import record_horizon

    horizon = record_horizon(store)
    if horizon is None:
        raise BadQuestion("the record states no horizon, so 'today' cannot be read: give a date")
    return horizon


def _range(store: Store, dates: Sequence[DateMention], language: str, notes: list[str]):
    """The first and last day a "what happened" question asks about (None: open)."""
    words = WORDS[language]
    if not dates:
        notes.append(words["no-date"])
        return None, None
    days = []
    for mention in dates:
        if mention.today:
            day = _horizon(store)
            notes.append(words["horizon"].format(text=mention.text, day=day.isoformat()))
            days.append((PartialDate(day, Precision.DAY), day))
        else:
            days.append((mention.date, mention.date.last_day))
    relations = [d.relation for d in dates]
    if len(dates) == 1:
        (first, last), relation = days[0], relations[0]
        if relation in ("since", "after", "from"):
            return first.day, None
        if relation in ("before", "until", "to"):
            return None, last
        return first.day, last
    if len(dates) == 2 and relations[1] in ("and", "to"):
        return days[0][0].day, days[1][1]
    listed = ", ".join(repr(d.text) for d in dates)
    raise BadQuestion(f"the question names several dates ({listed}); ask about one period")


def _answer(store: Store, reading: Reading, question: str, language: str, names: Names) -> Answer:
    intent = reading.intent
    notes = _entity_readings(reading, names, language)
    params = {slot: _slug(iri) for slot, iri in reading.entities.items()}
    if intent.name == "path":
        return _path_answer(store, reading, question, language, names, notes)
    if intent.name == "sources-of":
        return _sources_answer(store, reading, question, language, notes)
    as_of, when = None, ""
    if intent.dates == "as-of":
        as_of = _as_of(store, reading.dates, language, notes)
        if as_of is not None:
            when = WORDS[language]["on"].format(
                day=in_words(PartialDate(as_of.day, Precision.DAY), language)
            )
    elif intent.dates == "range":
        first, last = _range(store, reading.dates, language, notes)
        if first is not None:
            params["from"] = first.isoformat()
        if last is not None:
            params["to"] = last.isoformat()
        when = _range_words(first, last, language, notes)
    elif reading.dates:
        listed = ", ".join(d.text for d in reading.dates)
        notes.append(WORDS[language]["unused-date"].format(text=listed))
    params.update(intent.fixed)
    result = _run(store, intent.query, params, as_of)
    command = _query_command(intent.query, params, as_of)
    subject = " — ".join(names.label(iri) for iri in reading.entities.values())
    headline = intent.headline[language].format(
        subject=subject, when=when, answer=_listing(result, intent, language)
    )
    return Answer(question, language, intent.name, command, headline, notes, result)


def _range_words(first: date | None, last: date | None, language: str, notes: list[str]) -> str:
    words = WORDS[language]
    if first is None and last is None:
        return ""
    if first is not None and last is not None:
        for precision in (Precision.YEAR, Precision.MONTH):
            period = PartialDate(first, precision)
            if period.day == first and period.last_day == last:
                text = words["in"].format(period=in_words(period, language))
                notes.append(
                    words["range"].format(
                        text=text.strip(), first=first.isoformat(), last=last.isoformat()
                    )
                )
                return text
    shown_first = first.isoformat() if first else "…"
    shown_last = last.isoformat() if last else "…"
    return words["between"].format(first=shown_first, last=shown_last)


def _run(store: Store, name: str, params: dict[str, str], as_of: PartialDate | None):
    from kg.query import named_query, run_cited

    day = as_of.day if as_of is not None else None
    result = run_cited(store, named_query(name), as_of=day, params=params)
    if not isinstance(result, SelectResult):
        raise BadQuestion(f"{name} gives no rows")  # every named query asked here is a SELECT
    return result


def _query_command(name: str, params: dict[str, str], as_of: PartialDate | None) -> str:
    parts = ["kg query --name", name, *(f"--param {k}={v}" for k, v in params.items())]
    if as_of is not None:
        parts.append(f"--as-of {as_of}")
    return " ".join(parts)


def _listing(result: SelectResult, intent: Intent, language: str) -> str:
    """The answer column's values in row order, each once, possible ones marked."""
    words = WORDS[language]
    if not result.rows:
        return words["none"]
    if intent.name == "western-exits":
        return "; ".join(_exit_text(row, language) for row in result.dicts())
    shown: dict[str, str] = {}
    for row in result.dicts():
        value = row.get(intent.answer_column)
        if value is None:
            continue
        certainty = row.get("certainty")
        possible = certainty is not None and certainty.value == "possible"
        text = value.value + (f" ({words['possible']})" if possible else "")
        if value.value not in shown or not possible:
            shown[value.value] = text
    return ", ".join(shown.values()) or words["none"]


def _dated(row: dict, name: str) -> str:
    from kg.temporal import written_to_precision

    value, precision = row.get(name), row.get(f"{name}Precision")
    if value is None:
        return ""
    return written_to_precision(value.value, precision.value if precision else None)


def _exit_text(row: dict, language: str) -> str:
    words = WORDS[language]
    actor = row["actorLabel"].value if row.get("actorLabel") else shorten(row["actor"].value)
    kind = row["kind"].value if row.get("kind") else ""
    if row.get("end") is not None:
        return words["ends"].format(actor=actor, kind=kind, end=_dated(row, "end"))
    return words["ends-announced"].format(
        actor=actor, kind=kind, announced=_dated(row, "endAnnounced")
    )


def _sources_answer(
    store: Store, reading: Reading, question: str, language: str, notes: list[str]
) -> Answer:
    from kg.citations import Citation, Citations
    from kg.vocab import SOURCE_NS

    topic = reading.topic
    assert topic is not None
    notes.append(f"→ {topic.label[language]} ({topic.subject}, claim {topic.claim})")
    if reading.dates:
        listed = ", ".join(d.text for d in reading.dates)
        notes.append(WORDS[language]["unused-date"].format(text=listed))
    params = {"subject": topic.subject}
    result = _run(store, "sources-of", params, None)
    citations = Citations.of(store)
    originals: dict[str, Citation] = {}
    relays: dict[str, Citation] = {}
    for row in result.dicts():
        slug = row["source"].value.removeprefix(SOURCE_NS)
        quoted = row.get("quotedFrom")
        if quoted is not None and quoted.value.removeprefix(SOURCE_NS) in citations:
            original = quoted.value.removeprefix(SOURCE_NS)
            originals.setdefault(original, citations[original])
        if slug in citations:
            (relays if quoted is not None else originals).setdefault(slug, citations[slug])
    first, *others = sorted(originals.values(), key=Citation.order) or [None]
    words = WORDS[language]
    answer = first.text if first is not None else words["none"]
    also = list(dict.fromkeys(c.text for c in others if c.text != answer))
    if also:
        answer += f" ({words['also']}: " + "; ".join(also) + ")"
    relayed = list(dict.fromkeys(c.text for c in sorted(relays.values(), key=Citation.order)))
    if relayed:
        answer += f"; {words['relayed']}: " + "; ".join(relayed)
    headline = reading.intent.headline[language].format(
        subject=topic.label[language], when="", answer=answer
    )
    command = _query_command("sources-of", params, None)
    return Answer(question, language, "sources-of", command, headline, notes, result)


PATH_COLUMNS = [
    "path",
    "hop",
    "from",
    "fromLabel",
    "kind",
    "to",
    "toLabel",
    "start",
    "startPrecision",
    "end",
    "endPrecision",
    "attested",
    "attestedPrecision",
    "status",
    "certainty",
    "statement",
    "sources",
]


def _path_answer(
    store: Store,
    reading: Reading,
    question: str,
    language: str,
    names: Names,
    notes: list[str],
) -> Answer:
    from kg.citations import with_citations
    from kg.errors import EmptyGraph, NoPath

    as_of = _as_of(store, reading.dates, language, notes)
    source, target = (_slug(reading.entities[slot]) for slot in ("source", "target"))
    ends = f"{source} {target}" + (f" --as-of {as_of}" if as_of else "")
    command = f"kg analyze path {ends}"
    also = [f"kg view path {ends}"]
    labels = [names.label(reading.entities[slot]) for slot in ("source", "target")]
    when = ""
    if as_of is not None:
        day = in_words(PartialDate(as_of.day, Precision.DAY), language)
        when = WORDS[language]["on"].format(day=day)
    subject = " → ".join(labels)
    try:
        from kg.analysis import paths

        found = paths(store, source, target, as_of.day if as_of else None, index=names.index)
    except (NoPath, EmptyGraph) as err:
        result = SelectResult(PATH_COLUMNS, [])
        headline = reading.intent.headline[language].format(
            subject=subject, when=when, answer=str(err)
        )
        return Answer(question, language, "path", command, headline, notes, result, also)
    rows = []
    for number, hops in enumerate(found, start=1):
        for hop_number, hop in enumerate(hops, start=1):
            values = {
                "path": str(number),
                "hop": str(hop_number),
                "from": hop["from"],
                "fromLabel": hop["from_label"],
                "kind": hop["kind"],
                "to": hop["to"],
                "toLabel": hop["to_label"],
                "start": hop["start"],
                "startPrecision": hop["startPrecision"],
                "end": hop["end"],
                "endPrecision": hop["endPrecision"],
                "attested": hop["attested"],
                "attestedPrecision": hop["attestedPrecision"],
                "status": hop["status"].lower() if hop["status"] else None,
                "certainty": "certain" if as_of is not None else None,
                "statement": hop["statement"],
                "sources": " ".join(s["source"].removeprefix("src:") for s in hop["sources"]),
            }
            rows.append(tuple(_term(name, values[name]) for name in PATH_COLUMNS))
    result = with_citations(SelectResult(list(PATH_COLUMNS), rows), store)
    first = found[0]
    node, route = reading.entities["source"], [labels[0]]
    for hop in first:
        forward = hop["from"] == node
        node = hop["to"] if forward else hop["from"]
        route.append(hop["to_label"] if forward else hop["from_label"])
    route = " → ".join(route)
    answer = WORDS[language]["path"].format(count=len(found), hops=len(first), route=route)
    headline = reading.intent.headline[language].format(subject=subject, when=when, answer=answer)
    return Answer(question, language, "path", command, headline, notes, result, also)


def _term(name: str, value: str | None):
    if value is None or value == "":
        return None
    if name in ("from", "to", "statement"):
        return NamedNode(value)
    return Literal(str(value))


__all__ += ["KGError"]  # re-exported for callers that catch every user error
