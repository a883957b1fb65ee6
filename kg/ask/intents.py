"""The questions `kg ask` understands: one template per kind of question.

Each ``Intent`` names the named query (or analysis) that answers it, the
entities it needs (``Slot``: a query parameter and the kinds of actor that
fit), how it reads a date (``as-of`` a day, a ``range`` of days, or none),
and its cues in English and French: word sequences a question of that kind
contains. A cue is written as plain words, lower case without accents;
``...`` lets other words come between two parts ("when ... leave"), and a
trailing ``*`` takes any ending ("quitt*": quitte, quitté, quitter). The
matcher (kg/ask/) forgives a small typo in a word of five letters or more.

``Topic`` rows say which statement or event a "who first reported ...?"
question is about: the claims of the seed article (data/seed-article.ttl,
``kg:Claim``), each recognised by groups of words that must all be there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.vocab import KG

__all__ = ["INTENTS", "TOPICS", "Intent", "Slot", "Topic"]

# Kinds of actor (kg: classes) that slots accept.
ORGANISATION_KINDS = KG.names(
    "IntergovernmentalOrganisation",
    "MilitaryJunta",
    "Government",
    "GovernmentBody",
    "InsurgentGroup",
    "Militia",
    "Mission",
    "PrivateMilitaryCompany",
    "StateMilitaryFormation",
    "ArmedForce",
)
STATE = KG.names("State")
ACTOR = KG.names("Actor")
PLACE_OR_ACTOR = KG.names("Actor", "Place")


@dataclass(frozen=True)
class Slot:
    """An entity a question must name: the query parameter it fills and the
    kinds of thing (kg: classes) that fit."""

    name: str
    kinds: frozenset[str]
    what: dict[str, str]  # what to name, in words, by language


@dataclass(frozen=True)
class Intent:
    """One kind of question and the command that answers it."""

    name: str
    query: str  # a named query, or "analyze path"
    slots: tuple[Slot, ...]
    dates: str  # "as-of", "range" or "none"
    cues: dict[str, tuple[str, ...]]
    examples: dict[str, str]
    headline: dict[str, str]  # one line over the rows: {subject}, {when}, {answer}
    answer_column: str = ""  # the column whose values the headline lists
    fixed: dict[str, str] = field(default_factory=dict)  # parameters always given


def _slot(name: str, kinds: frozenset[str], en: str, fr: str) -> Slot:
    return Slot(name, kinds, {"en": en, "fr": fr})


LEADER_CUES = {
    "en": (
        "who led",
        "who leads",
        "who lead",
        "who was leading",
        "who is leading",
        "who ruled",
        "who rules",
        "who rule",
        "who governed",
        "who governs",
        "who was president",
        "who is president",
        "who was the president",
        "who is the president",
        "head of state",
        "leader of",
        "leader",
        "led by",
        "ruled by",
        "who was in power",
        "who is in power",
        "in charge",
        "who ran",
        "who runs",
        "who headed",
        "who heads",
    ),
    "fr": (
        "qui dirige*",
        "qui a dirige",
        "qui gouvern*",
        "qui a gouverne",
        "chef de l etat",
        "chef d etat",
        "qui etait president",
        "qui est president",
        "qui etait le president",
        "qui est le president",
        "qui etait au pouvoir",
        "qui est au pouvoir",
        "au pouvoir",
        "a la tete",
        "dirige par",
        "dirigeant*",
        "qui commande*",
        "qui presid*",
    ),
}

INTENTS: tuple[Intent, ...] = (
    Intent(
        name="head-of-state",
        query="head-of-state",
        slots=(_slot("state", STATE, "a state", "un État"),),
        dates="as-of",
        cues=LEADER_CUES,
        examples={
            "en": "Who led Niger on 1 August 2023?",
            "fr": "Qui dirigeait le Niger le 1er août 2023 ?",
        },
        headline={
            "en": "Head of state of {subject}{when}: {answer}",
            "fr": "Chef de l'État, {subject}{when} : {answer}",
        },
        answer_column="personLabel",
    ),
    Intent(
        name="leaders-of",
        query="leaders-of",
        slots=(
            _slot(
                "organisation",
                ORGANISATION_KINDS,
                "an organisation or group",
                "une organisation ou un groupe",
            ),
        ),
        dates="as-of",
        cues=LEADER_CUES,
        examples={
            "en": "Who led the Wagner Group in 2023?",
            "fr": "Qui dirigeait le groupe Wagner en 2023 ?",
        },
        headline={
            "en": "Leaders of {subject}{when}: {answer}",
            "fr": "Dirigeants, {subject}{when} : {answer}",
        },
        answer_column="personLabel",
    ),
    Intent(
        name="foreign-forces",
        query="foreign-forces",
        slots=(_slot("state", STATE, "the host state", "l'État hôte"),),
        dates="as-of",
        cues={
            "en": (
                "foreign forces",
                "foreign troops",
                "foreign soldiers",
                "foreign military",
                "foreign armies",
                "foreign armed forces",
                "foreign force",
                "which forces",
                "what forces",
                "whose forces",
                "which troops",
                "whose troops",
                "troops",
                "soldiers",
                "military presence",
            ),
            "fr": (
                "forces etrangeres",
                "troupes etrangeres",
                "soldats etrangers",
                "militaires etrangers",
                "armees etrangeres",
                "forces armees etrangeres",
                "quelles forces",
                "quelles troupes",
                "troupes",
                "soldats",
                "presence militaire",
            ),
        },
        examples={
            "en": "Which foreign forces were in Mali on 1 January 2023?",
            "fr": "Quelles forces étrangères étaient au Niger en 2019 ?",
        },
        headline={
            "en": "Foreign forces in {subject}{when}: {answer}",
            "fr": "Forces étrangères, {subject}{when} : {answer}",
        },
        answer_column="forceLabel",
    ),
    Intent(
        name="security-partners",
        query="security-partners",
        slots=(_slot("state", STATE, "a state", "un État"),),
        dates="as-of",
        cues={
            "en": (
                "security partners",
                "partners",
                "partner",
                "partnered",
                "allies",
                "ally",
                "allied",
                "cooperated with",
                "cooperate with",
                "worked with",
            ),
            "fr": (
                "partenaires securitaires",
                "partenaires",
                "partenaire",
                "allies",
                "allie",
                "cooperation",
                "cooper*",
                "travaille* avec",
            ),
        },
        examples={
            "en": "Who were Niger's security partners on 1 June 2024?",
            "fr": "Quels étaient les partenaires du Mali en 2020 ?",
        },
        headline={
            "en": "Security partners of {subject}{when}: {answer}",
            "fr": "Partenaires de sécurité, {subject}{when} : {answer}",
        },
        answer_column="partnerLabel",
    ),
    Intent(
        name="members",
        query="members",
        slots=(
            _slot(
                "organisation",
                KG.names("IntergovernmentalOrganisation"),
                "an alliance or organisation",
                "une alliance ou organisation",
            ),
        ),
        dates="as-of",
        cues={
            "en": (
                "members",
                "member states",
                "member",
                "belong*",
                "which states",
                "which countries",
                "what states",
                "what countries",
                "who was in",
                "who were in",
                "part of",
            ),
            "fr": (
                "membres",
                "membre",
                "etats membres",
                "faisai* partie",
                "font partie",
                "fait partie",
                "appartenai*",
                "appartien*",
                "quels etats",
                "quels pays",
            ),
        },
        examples={
            "en": "Which states were members of the AES on 1 October 2023?",
            "fr": "Quels États étaient membres de l'AES en 2024 ?",
        },
        headline={
            "en": "Members of {subject}{when}: {answer}",
            "fr": "Membres, {subject}{when} : {answer}",
        },
        answer_column="memberLabel",
    ),
    Intent(
        name="western-exits",
        query="western-exits",
        slots=(
            _slot("partner", ACTOR, "the partner that left", "le partenaire parti"),
            _slot("state", STATE, "the state it left", "l'État quitté"),
        ),
        dates="none",
        cues={
            "en": (
                "when ... leave",
                "when ... left",
                "when ... withdraw*",
                "when ... withdrew",
                "when ... pull* out",
                "when ... exit*",
                "when ... depart*",
                "when ... quit",
                "when ... end ... presence",
                "leave",
                "left",
                "withdraw*",
                "withdrew",
                "departure",
            ),
            "fr": (
                "quand ... quitt*",
                "quand ... retir*",
                "quand ... parti*",
                "quand ... depart",
                "date ... depart",
                "date ... retrait",
                "quitt*",
                "retrait",
                "retir*",
                "depart",
            ),
        },
        examples={
            "en": "When did France leave Niger?",
            "fr": "Quand la France a-t-elle quitté le Mali ?",
        },
        headline={
            "en": "{subject}: ends of presence or cooperation: {answer}",
            "fr": "{subject} : fins de présence ou de coopération : {answer}",
        },
        answer_column="actorLabel",
        fixed={"since": "1960"},
    ),
    Intent(
        name="events",
        query="events",
        slots=(_slot("actor", PLACE_OR_ACTOR, "an actor or place", "un acteur ou un lieu"),),
        dates="range",
        cues={
            "en": (
                "what happened",
                "what has happened",
                "what took place",
                "what occurred",
                "what went on",
                "which events",
                "what events",
                "events",
                "timeline",
                "chronology",
            ),
            "fr": (
                "que s est il passe",
                "que s est passe",
                "qu est ce qui s est passe",
                "ce qui s est passe",
                "s est passe",
                "s est il passe",
                "quels evenements",
                "evenements",
                "chronologie",
                "qu est il arrive",
            ),
        },
        examples={
            "en": "What happened in Mali in 2021?",
            "fr": "Que s'est-il passé au Niger en 2023 ?",
        },
        headline={
            "en": "Events of {subject}{when}: {answer}",
            "fr": "Événements, {subject}{when} : {answer}",
        },
        answer_column="eventLabel",
    ),
    Intent(
        name="coups",
        query="coups",
        slots=(_slot("state", STATE, "a state", "un État"),),
        dates="none",
        cues={
            "en": ("coup", "coups", "putsch", "seized power", "seize power", "military takeover"),
            "fr": ("coup d etat", "coups d etat", "putsch", "pris le pouvoir", "prise du pouvoir"),
        },
        examples={
            "en": "Which coups happened in Burkina Faso?",
            "fr": "Quels coups d'État au Mali ?",
        },
        headline={"en": "Coups in {subject}: {answer}", "fr": "Coups d'État, {subject} : {answer}"},
        answer_column="coupLabel",
    ),
    Intent(
        name="sources-of",
        query="sources-of",
        slots=(),
        dates="none",
        cues={
            "en": (
                "who first reported",
                "first reported",
                "reported first",
                "who reported",
                "first report*",
                "who broke",
                "which source*",
                "what source*",
                "who said",
                "says who",
                "who revealed",
                "source of",
                "sources for",
            ),
            "fr": (
                "qui a rapporte",
                "qui a le premier",
                "le premier ... rapport*",
                "rapporte* en premier",
                "annonce* en premier",
                "revele* en premier",
                "en premier",
                "quelle source",
                "quelles sources",
                "qui a revele",
                "qui a signale",
                "qui a annonce",
                "source*",
            ),
        },
        examples={
            "en": "Who first reported the Russian air defence system in Niger?",
            "fr": "Qui a rapporté en premier le système de défense aérienne russe au Niger ?",
        },
        headline={
            "en": "{subject}: first reported by {answer}",
            "fr": "{subject} : rapporté en premier par {answer}",
        },
    ),
    Intent(
        name="path",
        query="analyze path",
        slots=(
            _slot("source", ACTOR, "two actors", "deux acteurs"),
            _slot("target", ACTOR, "two actors", "deux acteurs"),
        ),
        dates="as-of",
        cues={
            "en": (
                "how is ... connected",
                "how are ... connected",
                "connected",
                "connection between",
                "connections between",
                "link between",
                "links between",
                "linked",
                "what connects",
                "relationship between",
                "relation between",
                "related to",
                "ties between",
                "path between",
                "path from",
            ),
            "fr": (
                "quel lien",
                "quels liens",
                "lien entre",
                "liens entre",
                "relie*",
                "lie a",
                "lie au",
                "lies",
                "rapport entre",
                "relation entre",
                "relations entre",
                "connect*",
                "chemin entre",
            ),
        },
        examples={
            "en": "How is Wagner connected to Burkina Faso?",
            "fr": "Quel lien entre Wagner et le Burkina Faso ?",
        },
        headline={"en": "{subject}{when}: {answer}", "fr": "{subject}{when} : {answer}"},
    ),
)


@dataclass(frozen=True)
class Topic:
    """A reported fact a "who first reported ...?" question can be about."""

    claim: str  # the seed article's claim it encodes (kg:claimId)
    subject: str  # the statement or event, as `kg query --param subject=` takes it
    words: tuple[tuple[str, ...], ...]  # groups: one cue of every group must be there
    label: dict[str, str]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "S1",
        "st:russia-niger-air-defence-transfer-2024",
        (
            (
                "air defence",
                "air defense",
                "air defence system",
                "anti aircraft",
                "defense aerienne",
                "defense antiaerienne",
                "anti aerien*",
                "antiaerien*",
                "defense anti aerienne",
            ),
        ),
        {
            "en": "Russia's air-defence system for Niger (2024)",
            "fr": "Le système de défense aérienne russe livré au Niger (2024)",
        },
    ),
    Topic(
        "S2",
        "st:russian-mod-deployment-niger-2024",
        (
            ("trainers", "instructors", "instructeurs", "formateurs", "military advisers"),
            ("niger",),
        ),
        {
            "en": "About 100 Russian trainers in Niger (2024)",
            "fr": "Une centaine d'instructeurs russes au Niger (2024)",
        },
    ),
    Topic(
        "S4",
        "id:russian-arrival-niamey-2024-04-10",
        (
            ("il 76", "ilyushin", "plane", "aircraft", "avion", "atterri*", "landed", "landing"),
            ("niamey", "niger"),
        ),
        {
            "en": "The Il-76 landing at Niamey airport (2024-04-10)",
            "fr": "L'atterrissage de l'Il-76 à l'aéroport de Niamey (2024-04-10)",
        },
    ),
    Topic(
        "S5",
        "id:tiani-putin-call-2024-03-26",
        (
            ("call", "phone", "telephone", "appel", "entretien", "spoke", "talked"),
            ("putin", "poutine", "tiani", "tchiani"),
        ),
        {
            "en": "The Tiani–Putin phone call (March 2024)",
            "fr": "L'appel téléphonique entre Tiani et Poutine (mars 2024)",
        },
    ),
    Topic(
        "S7",
        "id:niger-coup-2023",
        (("coup", "putsch", "coup d etat", "seized power", "pris le pouvoir"), ("niger",)),
        {"en": "Niger's coup of 26 July 2023", "fr": "Le coup d'État au Niger du 26 juillet 2023"},
    ),
    Topic(
        "S9",
        "id:niger-ends-us-cooperation-2024-03-16",
        (
            ("cooperation", "agreement", "accord", "end*", "fin", "rompu", "denonce*"),
            ("us", "usa", "united states", "etats unis", "americ*", "washington"),
        ),
        {
            "en": "Niger's end of military cooperation with the USA (March 2024)",
            "fr": "La fin de la coopération militaire du Niger avec les États-Unis (mars 2024)",
        },
    ),
    Topic(
        "S10",
        "st:bundeswehr-operates-niamey-base",
        (("base",), ("german*", "bundeswehr", "allemand*", "allemagne")),
        {
            "en": "The Bundeswehr's air transport base at Niamey",
            "fr": "La base de transport aérien de la Bundeswehr à Niamey",
        },
    ),
    Topic(
        "S14",
        "st:wagner-deployment-mali",
        (("wagner",), ("mali",)),
        {
            "en": "The Wagner Group in Mali (from 2021)",
            "fr": "Le groupe Wagner au Mali (depuis 2021)",
        },
    ),
    Topic(
        "S15",
        "st:wagner-subordinate-to-africa-corps",
        (("wagner",), ("africa corps", "africa korps", "corps africain")),
        {
            "en": "The former Wagner fighters answering to the Africa Corps",
            "fr": "Les anciens de Wagner sous les ordres de l'Africa Corps",
        },
    ),
    Topic(
        "S16",
        "st:russia-deployment-burkina-faso-2024-01",
        (
            ("russia*", "russe*", "russie"),
            ("burkina",),
            ("100", "first", "premiers", "cent", "arriv*", "landed", "atterri*"),
        ),
        {
            "en": "The first 100 Russian military personnel in Burkina Faso (January 2024)",
            "fr": "Les 100 premiers militaires russes au Burkina Faso (janvier 2024)",
        },
    ),
    Topic(
        "S17",
        "st:russia-deployment-burkina-faso-planned-200",
        (("200", "deux cents"), ("burkina",)),
        {
            "en": "The 200 more Russians announced for Burkina Faso",
            "fr": "Les 200 Russes de plus annoncés au Burkina Faso",
        },
    ),
    Topic(
        "S18",
        "id:liptako-gourma-charter-2023",
        (
            ("aes", "alliance of sahel states", "alliance des etats du sahel", "alliance"),
            (
                "formed",
                "founded",
                "found*",
                "creat*",
                "form*",
                "fond*",
                "cre*",
                "birth",
                "naissance",
            ),
        ),
        {
            "en": "The founding of the Alliance of Sahel States (16 September 2023)",
            "fr": "La fondation de l'Alliance des États du Sahel (16 septembre 2023)",
        },
    ),
)
