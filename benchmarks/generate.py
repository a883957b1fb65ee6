"""Synthetic graphs shaped like the curated one, for the scale benchmarks.

A graph is a folder of Turtle files, one named graph each, as ``kg build``
loads them: the project's ontology (``graph:ontology``), the actors
(``graph:data/synthetic-actors``) and the qualified relationships and their
sources spread over a few topic files (``graph:data/synthetic-topic-N``).

- Actors have a kg: class (states, governments, juntas, people, armed forces,
  insurgent groups, organisations, missions, facilities ...), an English and a
  French ``skos:prefLabel``, some an ``skos:altLabel``.
- Relationships are nodes of a kg: relationship class whose two ends suit the
  class (a Membership goes from a state to an organisation), with
  ``kg:from``/``kg:to``, a start or, lacking one, an attested date, sometimes
  an end, each with its precision (a month or year is stored as its first
  day), a ``kg:status`` (Reported, Confirmed, Announced, Denied) and one or
  two ``kg:source`` nodes with a title, publisher, address and date.
- Subordination and part-of ties form a hierarchy (each unit answers to an
  older one, a few to two), so chain-of-command paths have realistic depth.

The same seed and size always give the same files, and pass `kg validate`. Sizes count the triples
written, ontology included, before the derive step (which adds about 25%).

Run: python benchmarks/generate.py --sizes 10k,100k,1M [--seed 1] [--out /tmp/kg-bench]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kg.resources import ONTOLOGY_FILE
from kg.vocab import GRAPH_NS, ONTOLOGY_GRAPH, turtle_prologue

DEFAULT_OUT = Path("/tmp/kg-bench")
# Bumped when the files written change, so a graph of an older generator is
# written again rather than reused (3: graphs pass `kg validate`).
FORMAT = 3
TOPIC_FILES = 6
ACTORS_PER_RELATIONSHIP = 0.15
SOURCES_PER_RELATIONSHIP = 0.3

# Actor classes and their share of the actors.
ACTOR_CLASSES = {
    "State": 0.04,
    "Government": 0.03,
    "MilitaryJunta": 0.01,
    "GovernmentBody": 0.03,
    "Person": 0.28,
    "ArmedForce": 0.14,
    "PrivateMilitaryCompany": 0.04,
    "StateMilitaryFormation": 0.05,
    "InsurgentGroup": 0.18,
    "IntergovernmentalOrganisation": 0.03,
    "Mission": 0.05,
    "Facility": 0.12,
}
UNITS = ("ArmedForce", "PrivateMilitaryCompany", "StateMilitaryFormation", "InsurgentGroup")
GROUPS = ("ArmedForce", "PrivateMilitaryCompany", "InsurgentGroup", "Mission", "GovernmentBody")

# Relationship classes other than the hierarchy: share, from-classes, to-classes.
RELATIONSHIPS = {
    "Membership": (0.14, ("State",), ("IntergovernmentalOrganisation",)),
    "HeadOfState": (0.05, ("Person",), ("State",)),
    "Leadership": (0.12, ("Person",), GROUPS),
    "Governance": (0.04, ("Government", "MilitaryJunta"), ("State",)),
    "SecurityPartnership": (0.10, ("State",), ("State",)),
    "Deployment": (0.22, ("ArmedForce", "PrivateMilitaryCompany", "Mission"), ("State",)),
    "FacilityOperation": (0.06, ("ArmedForce", "Mission"), ("Facility",)),
    "EquipmentTransfer": (0.10, ("State",), ("State", "ArmedForce")),
    "ArmedConflict": (0.15, ("InsurgentGroup",), ("ArmedForce", "InsurgentGroup", "State")),
    "ColonialRule": (0.02, ("State",), ("State",)),
}
ACTIVE = {("kg:status", "kg:Reported"), ("kg:status", "kg:Confirmed")}
STATUSES = (("Reported", 0.40), ("Confirmed", 0.40), ("Announced", 0.12), ("Denied", 0.08))
PRECISIONS = (("unitDay", 0.6), ("unitMonth", 0.25), ("unitYear", 0.15))
SOURCE_KINDS = ("NewsReport", "OfficialStatement", "StateMedia", "Encyclopedia", "SocialMediaPost")
PUBLISHERS = ("Reuters", "AFP", "RFI", "Le Monde", "Jeune Afrique", "AP", "BBC", "Al Jazeera")
WORDS = (
    *("Sahel", "Niger", "Mali", "Burkina", "Liptako", "Gourma", "Tillaberi", "Menaka", "Gao"),
    *("Kidal", "Mopti", "Dori", "Djibo", "Agadez", "Zinder", "Diffa", "Timbuktu", "Segou"),
    *("Kayes", "Ouahigouya", "Fada", "Tahoua", "Dosso", "Maradi", "Arlit", "Tessalit"),
)


@dataclass(frozen=True)
class GraphFile:
    """One generated Turtle file, the named graph it loads into, its triple count."""

    path: Path
    graph: str
    triples: int


@dataclass(frozen=True)
class Synthetic:
    """A generated graph: its files and what queries need to know about it."""

    folder: Path
    files: list[GraphFile]
    actors: int
    relationships: int
    sources: int
    probes: dict[str, str]

    @property
    def triples(self) -> int:
        return sum(f.triples for f in self.files)


def parse_size(text: str) -> int:
    """``10k`` -> 10_000, ``1M`` -> 1_000_000, ``2500`` -> 2500."""
    text = text.strip()
    factor = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    return int(float(number) * factor)


def size_label(triples: int) -> str:
    if triples >= 1_000_000 and triples % 1_000_000 == 0:
        return f"{triples // 1_000_000}M"
    if triples >= 1_000 and triples % 1_000 == 0:
        return f"{triples // 1_000}k"
    return str(triples)


def _label(index: int, lang: str) -> str:
    word = WORDS[index % len(WORDS)]
    return f"{word} actor {index}" if lang == "en" else f"acteur {index} de {word}"


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([w for w, _ in weighted], [p for _, p in weighted])[0]


def _publisher(source: int) -> str:
    return PUBLISHERS[source % len(PUBLISHERS)]


def _day(rng: random.Random) -> tuple[date, str]:
    """A random day in 1960-2025 with a precision; months and years as their first day."""
    day = date(1960, 1, 1) + timedelta(days=rng.randrange(66 * 365))
    precision = _pick(rng, PRECISIONS)
    if precision == "unitMonth":
        day = day.replace(day=1)
    elif precision == "unitYear":
        day = day.replace(month=1, day=1)
    return day, precision


def _date(day: date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


class _Writer:
    """Writes Turtle blocks and counts their triples."""

    def __init__(self, path: Path, graph: str) -> None:
        self.path, self.graph, self.triples = path, graph, 0
        self._stream = path.open("w", encoding="utf-8")
        self._stream.write(turtle_prologue() + "\n")

    def block(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self._stream.write(f"{subject} {body} .\n\n")
        self.triples += len(pairs)

    def close(self) -> GraphFile:
        self._stream.close()
        return GraphFile(self.path, self.graph, self.triples)


def _actors(count: int, rng: random.Random) -> list[str]:
    """The class of each actor, shuffled so every class spans the index range."""
    classes = [c for c, share in ACTOR_CLASSES.items() for _ in range(max(2, round(count * share)))]
    rng.shuffle(classes)
    return classes


def generate(triples: int, seed: int = 1, out: Path = DEFAULT_OUT) -> Synthetic:
    """Write a graph of about ``triples`` triples under ``out``; reuse it if already there."""
    folder = out / f"{size_label(triples)}-seed{seed}-v{FORMAT}"
    manifest = folder / "manifest.json"
    if manifest.exists():
        return read_manifest(manifest)
    scratch = folder.with_name(folder.name + ".partial")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    rng = random.Random(seed)

    ontology = scratch / "ontology.ttl"
    shutil.copyfile(ONTOLOGY_FILE, ontology)
    ontology_triples = sum(1 for _ in _parse(ontology))
    per_relationship = 12.4  # measured average: relationship, its share of actors and sources
    relationships = max(20, round((triples - ontology_triples) / per_relationship))
    classes = _actors(max(24, round(relationships * ACTORS_PER_RELATIONSHIP)), rng)
    source_count = max(4, round(relationships * SOURCES_PER_RELATIONSHIP))
    by_class: dict[str, list[int]] = {}
    for index, cls in enumerate(classes):
        by_class.setdefault(cls, []).append(index)

    actors = _Writer(scratch / "synthetic-actors.ttl", GRAPH_NS + "data/synthetic-actors")
    for index, cls in enumerate(classes):
        pairs = [
            ("a", f"kg:{cls}"),
            ("skos:prefLabel", f'"{_label(index, "en")}"@en'),
            ("skos:prefLabel", f'"{_label(index, "fr")}"@fr'),
        ]
        if rng.random() < 0.3:
            pairs.append(("skos:altLabel", f'"{WORDS[rng.randrange(len(WORDS))]} {index}"@en'))
        if cls == "Facility":  # a place: in a state, with coordinates and their source
            pairs += [
                ("kg:locatedIn", f"id:a{rng.choice(by_class['State'])}"),
                ("kg:placeKind", "kg:BaseOrFacility"),
                ("geo:lat", f"{rng.uniform(10, 24):.4f}"),
                ("geo:long", f"{rng.uniform(-12, 16):.4f}"),
                ("kg:coordinatePrecision", "kg:ExactSite"),
                ("kg:coordinateSource", f"src:s{index % source_count}"),
            ]
        actors.block(f"id:a{index}", pairs)

    topics = [
        _Writer(scratch / f"synthetic-topic-{n}.ttl", GRAPH_NS + f"data/synthetic-topic-{n}")
        for n in range(TOPIC_FILES)
    ]
    for number in range(source_count):
        day, precision = _day(rng)
        publisher = _publisher(number)
        topics[number % TOPIC_FILES].block(
            f"src:s{number}",
            [
                ("a", "kg:Source"),
                ("kg:sourceKind", f"kg:{SOURCE_KINDS[rng.randrange(len(SOURCE_KINDS))]}"),
                ("dcterms:title", f'"{publisher} report {number} on {rng.choice(WORDS)}"'),
                ("dcterms:publisher", f'"{publisher}"'),
                ("kg:address", f'"https://news.example/{number}"^^xsd:anyURI'),
                ("dcterms:date", _date(day)),
                ("kg:datePrecision", f"time:{precision}"),
            ],
        )

    ties = _hierarchy(by_class, rng)
    kinds = [(k, share) for k, (share, _, _) in RELATIONSHIPS.items()]
    while len(ties) < relationships:
        kind = _pick(rng, tuple(kinds))
        _, froms, tos = RELATIONSHIPS[kind]
        start = rng.choice(by_class[rng.choice(froms)])
        end = rng.choice(by_class[rng.choice(tos)])
        if start != end:
            ties.append((kind, start, end))
    uppers: dict[int, list[int]] = {}  # active hierarchy ties, for the path probe
    for number, (kind, start, end) in enumerate(ties):
        pairs = _relationship(kind, start, end, number % source_count, source_count, rng)
        topics[number % TOPIC_FILES].block(f"st:r{number}", pairs)
        if kind in ("Subordination", "PartOf") and ACTIVE & set(pairs):
            uppers.setdefault(start, []).append(end)

    files = [GraphFile(ontology, ONTOLOGY_GRAPH.value, ontology_triples), actors.close()]
    files += [topic.close() for topic in topics]
    members = Counter(end for kind, _, end in ties if kind == "Membership")
    probes = {
        "label": _label(len(classes) // 2, "en"),
        "organisation": f"a{members.most_common(1)[0][0]}",
        "unit": f"a{_deepest(uppers)}",
    }
    result = Synthetic(folder, files, len(classes), len(ties), source_count, probes)
    _write_manifest(result, scratch / "manifest.json", scratch)
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)
    return read_manifest(manifest)


def _hierarchy(by_class: dict[str, list[int]], rng: random.Random) -> list[tuple[str, int, int]]:
    """Subordination and part-of ties: each unit answers to an older one, a tenth to two."""
    units = sorted(i for cls in UNITS for i in by_class[cls])
    insurgents = set(by_class["InsurgentGroup"])
    ties = []
    for position, unit in enumerate(units[1:], start=1):
        for _ in range(2 if rng.random() < 0.1 else 1):
            kind = "PartOf" if unit in insurgents else "Subordination"
            ties.append((kind, unit, units[rng.randrange(position)]))
    return ties


def _deepest(uppers: dict[int, list[int]]) -> int:
    """The unit with the longest chain of active ties above it (uppers are older)."""
    depth: dict[int, int] = {}
    for unit in sorted(uppers):
        depth[unit] = 1 + max(depth.get(upper, 0) for upper in uppers[unit])
    return max(depth, key=lambda unit: (depth[unit], -unit))


def _relationship(
    kind: str, start: int, end: int, cited: int, sources: int, rng: random.Random
) -> list[tuple[str, str]]:
    """One relationship that passes `kg validate`: its evidence, each date with
    its precision, and two distinct sources when it is confirmed (a confirmed
    fact on one report fails the build). Relationship n cites source n mod the
    number of sources, so no source is cited by nothing."""
    pairs = [("a", f"kg:{kind}"), ("kg:from", f"id:a{start}"), ("kg:to", f"id:a{end}")]
    begin, precision = _day(rng)
    if kind == "HeadOfState":  # a term known to the day: successions stay consistent
        begin, precision = begin + timedelta(days=rng.randrange(28)), "unitDay"
    if kind == "HeadOfState" or rng.random() < 0.8:
        pairs += [("kg:start", _date(begin)), ("kg:startPrecision", f"time:{precision}")]
        if kind != "HeadOfState" and rng.random() < 0.2:  # a later term would contradict it
            seen = begin + timedelta(days=rng.randrange(400))
            pairs += [("kg:attested", _date(seen)), ("kg:attestedPrecision", "time:unitDay")]
    else:
        pairs += [("kg:attested", _date(begin)), ("kg:attestedPrecision", f"time:{precision}")]
    if rng.random() < 0.35:
        finish, finish_precision = _day(rng)
        if finish <= begin:  # a day after the start, then known to the day
            finish, finish_precision = begin + timedelta(days=1), "unitDay"
        pairs += [("kg:end", _date(finish)), ("kg:endPrecision", f"time:{finish_precision}")]
    status = _pick(rng, STATUSES)
    pairs.append(("kg:status", f"kg:{status}"))
    pairs.append(("kg:source", f"src:s{cited}"))
    if status == "Confirmed" or rng.random() < 0.5:
        other = (cited + 1 + rng.randrange(sources - 1)) % sources
        while _publisher(other) == _publisher(cited):  # two reports, not one twice
            other = (other + 1) % sources
        pairs.append(("kg:source", f"src:s{other}"))
    words = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
    pairs.append(("kg:evidence", f'"The sources report a {kind} tie ({words})."@en'))
    return pairs


def _parse(path: Path):
    import pyoxigraph as ox

    with path.open("rb") as stream:
        yield from ox.parse(stream, format=ox.RdfFormat.TURTLE)


def _write_manifest(graph: Synthetic, path: Path, folder: Path) -> None:
    data = {
        "probes": graph.probes,
        "actors": graph.actors,
        "relationships": graph.relationships,
        "sources": graph.sources,
        "files": [
            {"name": f.path.name, "graph": f.graph, "triples": f.triples} for f in graph.files
        ],
    }
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def read_manifest(path: Path) -> Synthetic:
    data = json.loads(path.read_text(encoding="utf-8"))
    files = [GraphFile(path.parent / f["name"], f["graph"], f["triples"]) for f in data["files"]]
    return Synthetic(
        path.parent,
        files,
        data["actors"],
        data["relationships"],
        data["sources"],
        data["probes"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    for size in args.sizes.split(","):
        graph = generate(parse_size(size), args.seed, args.out)
        print(
            f"{graph.folder}: {graph.triples} triples, {graph.actors} actors, "
            f"{graph.relationships} relationships, {graph.sources} sources"
        )


if __name__ == "__main__":
    main()
