"""A changelog of facts: which statements and events the history of data/ added,
changed or removed, when, and why (the commit's message).

The history is git's. For each commit touching the data folder, the Turtle
files it touched are read at that commit and at its parent, and each
statement or event they describe (a subject typed with a subclass of
kg:Relationship or kg:Event in ontology/sahel.ttl) is compared by its
triples: a subject that appears is added, one that disappears is removed,
one whose triples differ is changed, with the properties that differ. A
subject's triples are gathered from every data file of the commit, so a
statement moved from one file to another is no change. Blank nodes
(quantities) are compared by their content, never by their labels, so
re-serialising a file changes nothing.

Each file version (a git blob) is parsed once however many commits share
it; the blobs come from one ``git cat-file --batch``. The same walk gives
``last_changes``: for every subject, the newest commit that changed one of
its triples (what the fact sheets show).

>>> canonical_triples(b'<http://x/s> <http://x/p> [ <http://x/v> 1 ] .')
{'http://x/s': frozenset({('http://x/p', '[<http://x/v> "1"^^<http://www.w3.org/2001/XMLSchema#integer>]')})}
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

from kg.errors import DataError, KGError, NoHistory
from kg.resources import DATA_DIR, ONTOLOGY_FILE
from kg.vocab import KG, ONTOLOGY_NS, shorten

__all__ = [
    "Change",
    "Changelog",
    "LastChange",
    "canonical_triples",
    "changes",
    "last_changed",
    "last_changes",
]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
FROM, TO = ONTOLOGY_NS + "from", ONTOLOGY_NS + "to"
# Bumped when the kept answers of last_changes change shape.
_HISTORY_FORMAT = 1
# A subject's description: (predicate IRI, object as canonical text) pairs.
Description = frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Change:
    """One statement or event added, changed or removed by one commit."""

    day: str  # the commit's day (committer date, in its own time zone)
    change: str  # added, changed or removed
    kind: str  # the class's English label, e.g. "membership", "coup"
    subject: str  # prefixed id, e.g. st:niger-member-of-aes
    label: str  # English label: an event's name, a statement's two ends
    what: str  # the properties that differ (changed only), e.g. "kg:end, kg:source"
    reason: str  # the first line of the commit's message
    commit: str  # short hash
    iri: str = ""
    commit_hash: str = ""
    files: str = ""  # the data files touched that describe the subject
    mentions: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def as_json(self) -> dict[str, str]:
        """Every field but ``mentions``, for JSON and CSV."""
        return {k: v for k, v in vars(self).items() if k != "mentions"}


@dataclass(frozen=True)
class Changelog:
    """The changes found, newest first, and what part of the history was read."""

    changes: list[Change]
    commits: int  # commits read
    first_day: str | None  # the oldest commit read
    last_day: str | None  # the newest commit read
    more: int  # older commits in range left unread because of the limit

    def coverage(self) -> str:
        """One line saying which commits were read.

        >>> Changelog([], 2, "2026-11-25", "2026-12-01", 3).coverage()
        '2 commits touching data/, 2026-11-25 to 2026-12-01; 3 older not read (raise --limit)'
        """
        if not self.commits:
            return "no commits touching data/ in range"
        span = f"{self.first_day} to {self.last_day}"
        line = f"{self.commits} commit{'s' * (self.commits != 1)} touching data/, {span}"
        return line + (f"; {self.more} older not read (raise --limit)" if self.more else "")

    def as_json(self) -> dict:
        return {
            "commits": self.commits,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "older_not_read": self.more,
            "changes": [c.as_json() for c in self.changes],
        }


@dataclass(frozen=True)
class LastChange:
    """The last commit that changed any triple of some subjects."""

    day: str
    reason: str
    commit: str
    age: int = field(default=0, repr=False)  # commits to data/ since: 0 for the newest

    def as_json(self) -> dict[str, str]:
        return {"day": self.day, "reason": self.reason, "commit": self.commit}


@dataclass(frozen=True)
class _Commit:
    hash: str
    parent: str | None
    day: str
    subject: str


@dataclass(frozen=True)
class _FileFacts:
    """One parsed Turtle file: each named subject's description, types and English label."""

    descriptions: dict[str, Description]
    types: dict[str, frozenset[str]]
    labels: dict[str, str]


def _term_text(term, blank: dict[BlankNode, list]) -> str:
    if isinstance(term, BlankNode):
        return _blank_text(term, blank, frozenset())
    return str(term)


def _blank_text(node: BlankNode, blank: dict[BlankNode, list], seen: frozenset) -> str:
    """A blank node as the sorted text of its own triples (nested ones too), so
    two parses of one quantity give one text whatever their labels."""
    if node in seen:  # a cycle of blank nodes: name it by position only
        return "[...]"
    inner = sorted(
        f"<{p.value}> "
        + (_blank_text(o, blank, seen | {node}) if isinstance(o, BlankNode) else str(o))
        for p, o in blank.get(node, ())
    )
    return "[" + " ; ".join(inner) + "]"


def canonical_triples(turtle: bytes) -> dict[str, Description]:
    """Each named subject of a Turtle document with its (predicate, object) pairs,
    blank-node objects written out as their content."""
    return _parse_facts(turtle, "<text>").descriptions


def _parse_facts(turtle: bytes, name: str) -> _FileFacts:
    try:
        triples = list(parse(turtle, format=RdfFormat.TURTLE))
    except SyntaxError as err:
        raise DataError(f"{name}: {err}") from None
    blank: dict[BlankNode, list] = defaultdict(list)
    named: dict[str, list] = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, BlankNode):
            blank[t.subject].append((t.predicate, t.object))
        elif isinstance(t.subject, NamedNode):
            named[t.subject.value].append((t.predicate, t.object))
    descriptions, types, labels = {}, {}, {}
    for subject, pairs in named.items():
        descriptions[subject] = frozenset((p.value, _term_text(o, blank)) for p, o in pairs)
        types[subject] = frozenset(
            o.value for p, o in pairs if p.value == RDF_TYPE and isinstance(o, NamedNode)
        )
        english = [
            (p.value != PREF_LABEL, o.value)
            for p, o in pairs
            if p.value in (PREF_LABEL, RDFS_LABEL) and isinstance(o, Literal) and o.language == "en"
        ]
        if english:
            labels[subject] = min(english)[1]
    return _FileFacts(descriptions, types, labels)


@lru_cache(maxsize=1)
def fact_classes(ontology: Path = ONTOLOGY_FILE) -> dict[str, str]:
    """Every subclass of kg:Relationship or kg:Event (and the two themselves),
    with its English label.

    >>> fact_classes()[ONTOLOGY_NS + "Membership"]
    'membership'
    """
    facts = _parse_facts(ontology.read_bytes(), str(ontology))
    parents: dict[str, set[str]] = defaultdict(set)
    for subject, description in facts.descriptions.items():
        for p, o in description:
            if p == RDFS_SUBCLASS and o.startswith("<"):
                parents[subject].add(o[1:-1])
    roots = {KG.Relationship.value, KG.Event.value}
    found = set(roots)
    while True:
        more = {c for c, ps in parents.items() if c not in found and ps & found}
        if not more:
            break
        found |= more
    return {c: facts.labels.get(c, shorten(c)) for c in found}


class _Git:
    """The git repository holding a data folder, read through the git command."""

    def __init__(self, data_dir: Path) -> None:
        if shutil.which("git") is None:
            raise NoHistory(
                "git is not installed (no `git` on PATH): the history of data/ is read with it"
            )
        if not data_dir.is_dir():
            raise NoHistory(f"{str(data_dir)!r} is not a folder")
        found = self._run(
            ["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"],
            cwd=data_dir,
            failure=f"{str(data_dir)!r} is not in a git checkout: the changelog is read from git",
        ).splitlines()
        self.root = Path(found[0])
        self.prefix = found[1] if len(found) > 2 else ""
        self.shallow = found[-1] == "true"

    def _run(
        self,
        args: list[str],
        *,
        cwd: Path | None = None,
        failure: str = "",
    ) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd or self.root,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            raise NoHistory(
                failure or f"git {args[0]} failed: {detail[-1] if detail else done.returncode}"
            )
        return done.stdout.decode("utf-8", errors="replace")

    def newest(self) -> str:
        """The newest commit touching the data folder ("" if none)."""
        return self._run(["log", "-1", "--format=%H", "--", self.prefix or "."]).strip()

    def commits(self) -> list[_Commit]:
        """Commits touching the data folder, newest first (merges left out: each
        side's commits are listed on their own)."""
        text = self._run(
            ["log", "--no-merges", "-z", "--format=%H%x1f%P%x1f%cI%x1f%s", "--", self.prefix or "."]
        )
        found = []
        for record in text.split("\0"):
            if not record.strip():
                continue
            hash_, parents, when, subject = record.strip("\n").split("\x1f", 3)
            found.append(
                _Commit(hash_, parents.split()[0] if parents else None, when[:10], subject)
            )
        return found

    def shallow_commits(self) -> set[str]:
        if not self.shallow:
            return set()
        path = self._run(["rev-parse", "--git-path", "shallow"]).strip()
        shallow_file = Path(path) if Path(path).is_absolute() else self.root / path
        return set(shallow_file.read_text().split()) if shallow_file.exists() else set()

    def tree(self, rev: str | None) -> dict[str, str]:
        """The Turtle files directly in the data folder at ``rev``: path to blob hash."""
        if rev is None:
            return {}
        text = self._run(["ls-tree", "-z", rev, "--", self.prefix or "."])
        files = {}
        for entry in text.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            _mode, kind, blob = meta.split()
            if kind == "blob" and path.endswith(".ttl"):
                files[path] = blob
        return files

    def blobs(self, hashes: Iterable[str]) -> dict[str, bytes]:
        """The contents of blobs, read by one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(hashes))
        if not wanted:
            return {}
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self.root,
            input="".join(f"{h}\n" for h in wanted).encode(),
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise NoHistory(f"git cat-file failed: {done.stderr.decode(errors='replace').strip()}")
        out, at, found = done.stdout, 0, {}
        for blob in wanted:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            found[blob] = out[header_end + 1 : header_end + 1 + size]
            at = header_end + 1 + size + 1
        return found


class _Snapshots:
    """Parsed file versions, one parse per blob."""

    def __init__(self, git: _Git) -> None:
        self.git = git
        self.parsed: dict[str, _FileFacts] = {}

    def load(self, blobs: dict[str, str], parsed_one: Callable[[], None] | None = None) -> None:
        """Parse every blob (hash to the path it was found at) not parsed yet,
        calling ``parsed_one`` after each."""
        missing = {h: p for h, p in blobs.items() if h not in self.parsed}
        for blob, content in self.git.blobs(missing).items():
            self.parsed[blob] = _parse_facts(content, f"{missing[blob]} (git blob {blob[:7]})")
            if parsed_one:
                parsed_one()

    def facts(self, tree: dict[str, str]) -> list[_FileFacts]:
        return [self.parsed[blob] for blob in tree.values()]


def _describe(files: list[_FileFacts], subject: str) -> Description:
    return frozenset().union(*(f.descriptions.get(subject, frozenset()) for f in files))


def _types(files: list[_FileFacts], subject: str) -> frozenset[str]:
    return frozenset().union(*(f.types.get(subject, frozenset()) for f in files))


def _label(files: list[_FileFacts], iri: str) -> str:
    return next((f.labels[iri] for f in files if iri in f.labels), "")


def _mentions(description: Description) -> set[str]:
    return {o[1:-1] for _p, o in description if o.startswith("<")}


def _statement_label(files: list[_FileFacts], description: Description) -> str:
    """An event's English label, or a statement's two ends: "Niger → AES"."""
    ends = {p: o[1:-1] for p, o in description if p in (FROM, TO) and o.startswith("<")}
    if len(ends) == 2:
        return " → ".join(_label(files, ends[p]) or shorten(ends[p]) for p in (FROM, TO))
    return ""


def _differing(
    new: list[_FileFacts],
    old: list[_FileFacts],
    touched: dict[str, tuple[_FileFacts | None, _FileFacts | None]],
) -> Iterator[tuple[str, list[str], Description, Description]]:
    """Each subject described in a touched file whose triples (gathered from
    every file) differ: its IRI, the touched files describing it, its triples
    before and after."""
    subjects: dict[str, list[str]] = defaultdict(list)
    for path, sides in touched.items():
        for side in sides:
            for subject in side.descriptions if side else ():
                if path not in subjects[subject]:
                    subjects[subject].append(path)
    befores = [before for before, _after in touched.values() if before]
    afters = [after for _before, after in touched.values() if after]
    for subject, paths in sorted(subjects.items()):
        # The files a commit did not touch are the same on both sides: where the
        # touched ones agree, so do all (most subjects of a touched file).
        if _describe(befores, subject) == _describe(afters, subject):
            continue
        before, after = _describe(old, subject), _describe(new, subject)
        if before != after:
            yield subject, paths, before, after


def _compare(
    commit: _Commit,
    new: list[_FileFacts],
    old: list[_FileFacts],
    touched: dict[str, tuple[_FileFacts | None, _FileFacts | None]],
    classes: dict[str, str],
) -> list[Change]:
    """The statements and events among the subjects whose triples differ."""
    found = []
    for subject, paths, before, after in _differing(new, old, touched):
        types = _types(new, subject) or _types(old, subject)
        kinds = sorted(classes[t] for t in types if t in classes)
        if not kinds:
            continue
        if not before:
            change, what = "added", ""
        elif not after:
            change, what = "removed", ""
        else:
            change = "changed"
            what = ", ".join(sorted({shorten(p) for p, _o in before ^ after}))
        files = new if after else old
        label = _label(files, subject) or _statement_label(files, after or before)
        found.append(
            Change(
                commit.day,
                change,
                ", ".join(kinds),
                shorten(subject),
                label,
                what,
                commit.subject,
                commit.hash[:7],
                subject,
                commit.hash,
                " ".join(Path(p).name for p in paths),
                frozenset({subject} | _mentions(before) | _mentions(after)),
            )
        )
    return found


def _walk(
    git: _Git, commits: list[_Commit], progress: Callable[[int, int], None] | None = None
) -> Iterator[tuple[_Commit, list[_FileFacts], list[_FileFacts], dict]]:
    """Each commit with every data file after and before it, and the files it
    touched (path to their versions before and after, None where absent)."""
    boundary = git.shallow_commits() & {c.hash for c in commits}
    if boundary:
        oldest = min(c.day for c in commits if c.hash in boundary)
        raise NoHistory(
            f"this clone is shallow: history starts at {oldest}; "
            "read it all with `git fetch --unshallow` (or use --since after that day)"
        )
    trees: dict[str | None, dict[str, str]] = {}
    for commit in commits:
        for rev in (commit.hash, commit.parent):
            if rev not in trees:
                trees[rev] = git.tree(rev)
    blobs = {blob: path for tree in trees.values() for path, blob in tree.items()}
    done, total = 0, len(blobs) + len(commits)  # files parsed, then commits compared

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    snapshots = _Snapshots(git)
    snapshots.load(blobs, step)
    parsed = snapshots.parsed
    for commit in commits:
        new, old = trees[commit.hash], trees[commit.parent]
        touched = {
            path: (
                parsed[old[path]] if path in old else None,
                parsed[new[path]] if path in new else None,
            )
            for path in sorted(set(new) | set(old))
            if new.get(path) != old.get(path)
        }
        yield commit, snapshots.facts(new), snapshots.facts(old), touched
        step()


def changes(
    data_dir: Path = DATA_DIR,
    *,
    since: date | None = None,
    limit: int | None = 200,
    entity: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Changelog:
    """The statements and events added, changed or removed by the commits
    touching ``data_dir``, newest first.

    ``since`` keeps commits made (committer date) on or after that day;
    ``limit`` reads at most that many commits, the newest (None: all);
    ``entity`` (an IRI) keeps changes whose statement or event is that
    entity or mentions it as an object, before or after the change;
    ``progress`` is called with (steps done, steps in all) as the file
    versions are parsed and the commits compared.

    Raises NoHistory when ``data_dir`` is not in a git checkout, git is
    missing, or a shallow clone lacks the history asked for.
    """
    git = _Git(Path(data_dir))
    in_range = [c for c in git.commits() if since is None or c.day >= since.isoformat()]
    chosen = in_range if limit is None else in_range[:limit]
    classes = fact_classes()
    found: list[Change] = []
    for commit, new, old, touched in _walk(git, chosen, progress):
        listed = _compare(commit, new, old, touched, classes)
        found += [c for c in listed if entity is None or entity in c.mentions]
    return Changelog(
        found,
        len(chosen),
        chosen[-1].day if chosen else None,
        chosen[0].day if chosen else None,
        len(in_range) - len(chosen),
    )


def last_changes(data_dir: Path = DATA_DIR) -> dict[str, LastChange]:
    """For every subject of the data's history, the newest commit that changed
    one of its triples; empty when there is no history to read (not a git
    checkout, no git, a shallow clone).

    Read once per newest commit touching the data: the answer is kept in the
    cache folder (``kg.build.cache_dir``), so other processes (the server's
    workers) find it there instead of reading the history again."""
    try:
        git = _Git(Path(data_dir))
        newest = git.newest()
    except NoHistory:
        return {}
    from kg.build import cache_dir
    from kg.files import atomic_write

    key = hashlib.sha256(f"{_HISTORY_FORMAT}\0{git.root}\0{git.prefix}\0{newest}".encode())
    kept = cache_dir() / "history" / f"{key.hexdigest()[:32]}.json"
    try:
        rows = json.loads(kept.read_text(encoding="utf-8"))
        return {iri: LastChange(*row) for iri, row in rows.items()}
    except (OSError, ValueError, TypeError):
        pass
    found = _read_last_changes(git)
    rows = {iri: [c.day, c.reason, c.commit, c.age] for iri, c in found.items()}
    text = json.dumps(rows, ensure_ascii=False).encode()
    with contextlib.suppress(KGError):  # unwritable: the next reader does the same work
        atomic_write(kept, lambda handle: handle.write(text), make_folder=True)
    return found


def _read_last_changes(git: _Git) -> dict[str, LastChange]:
    found: dict[str, LastChange] = {}
    try:
        for age, (commit, new, old, touched) in enumerate(_walk(git, git.commits())):
            last = LastChange(commit.day, commit.subject, commit.hash[:7], age)
            for subject, _paths, _before, _after in _differing(new, old, touched):
                found.setdefault(subject, last)
    except NoHistory:  # shallow: what the clone holds cannot be dated
        return {}
    return found


def last_changed(subjects: Iterable[str], data_dir: Path = DATA_DIR) -> LastChange | None:
    """The newest commit that changed a triple whose subject is one of
    ``subjects`` (IRIs), or None when there is none or no history to read."""
    history = last_changes(data_dir)
    found = [history[s] for s in subjects if s in history]
    return min(found, key=lambda c: c.age) if found else None
