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
it; the blobs come from one ``git cat-file --batch``.

>>> canonical_triples(b'<http://x/s> <http://x/p> [ <http://x/v> 1 ] .')
{'http://x/s': frozenset({('http://x/p', '[<http://x/v> "1"^^<http://www.w3.org/2001/XMLSchema#integer>]')})}
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

from kg.errors import DataError, NoHistory
from kg.resources import DATA_DIR, ONTOLOGY_FILE
from kg.vocab import ONTOLOGY_NS, shorten

__all__ = ["Change", "Changelog", "LastChange", "canonical_triples", "changes", "last_changed"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
FROM, TO = ONTOLOGY_NS + "from", ONTOLOGY_NS + "to"
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
    roots = {ONTOLOGY_NS + "Relationship", ONTOLOGY_NS + "Event"}
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
        stdin: bytes | None = None,
    ) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd or self.root,
            input=stdin,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            raise NoHistory(
                failure or f"git {args[0]} failed: {detail[-1] if detail else done.returncode}"
            )
        return done.stdout.decode("utf-8", errors="replace")

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
            check=True,
        )
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

    def load(self, blobs: dict[str, str]) -> None:
        """Parse every blob (hash to the path it was found at) not parsed yet."""
        missing = {h: p for h, p in blobs.items() if h not in self.parsed}
        for blob, content in self.git.blobs(missing).items():
            self.parsed[blob] = _parse_facts(content, missing[blob])

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


def _compare(
    commit: _Commit,
    new: list[_FileFacts],
    old: list[_FileFacts],
    touched: dict[str, tuple[_FileFacts | None, _FileFacts | None]],
    classes: dict[str, str],
) -> list[Change]:
    """The statements and events described in the touched files whose triples differ."""
    subjects: dict[str, list[str]] = defaultdict(list)
    for path, (before, after) in touched.items():
        for side in (before, after):
            for subject in side.descriptions if side else ():
                if path not in subjects[subject]:
                    subjects[subject].append(path)
    found = []
    for subject, paths in sorted(subjects.items()):
        kinds = sorted(
            classes[t] for t in (_types(new, subject) or _types(old, subject)) if t in classes
        )
        if not kinds:
            continue
        before, after = _describe(old, subject), _describe(new, subject)
        if before == after:
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
    ``progress`` is called with (commits read, commits to read).

    Raises NoHistory when ``data_dir`` is not in a git checkout, git is
    missing, or a shallow clone lacks the history asked for.
    """
    git = _Git(Path(data_dir))
    in_range = [c for c in git.commits() if since is None or c.day >= since.isoformat()]
    chosen = in_range if limit is None else in_range[:limit]
    boundary = git.shallow_commits() & {c.hash for c in chosen}
    if boundary:
        oldest = min(c.day for c in chosen if c.hash in boundary)
        raise NoHistory(
            f"this clone is shallow: history starts at {oldest}; "
            "read it all with `git fetch --unshallow` (or use --since after that day)"
        )
    classes = fact_classes()
    snapshots = _Snapshots(git)
    trees: dict[str | None, dict[str, str]] = {}
    for commit in chosen:
        for rev in (commit.hash, commit.parent):
            if rev not in trees:
                trees[rev] = git.tree(rev)
    snapshots.load({blob: path for tree in trees.values() for path, blob in tree.items()})
    found: list[Change] = []
    for n, commit in enumerate(chosen, start=1):
        new, old = trees[commit.hash], trees[commit.parent]
        touched = {
            path: (
                snapshots.parsed[old[path]] if path in old else None,
                snapshots.parsed[new[path]] if path in new else None,
            )
            for path in sorted(set(new) | set(old))
            if new.get(path) != old.get(path)
        }
        listed = _compare(commit, snapshots.facts(new), snapshots.facts(old), touched, classes)
        found += [c for c in listed if entity is None or entity in c.mentions]
        if progress:
            progress(n, len(chosen))
    return Changelog(
        found,
        len(chosen),
        chosen[-1].day if chosen else None,
        chosen[0].day if chosen else None,
        len(in_range) - len(chosen),
    )


def last_changed(subjects: Iterable[str], data_dir: Path = DATA_DIR) -> LastChange | None:
    """The newest commit that changed a triple whose subject is one of
    ``subjects`` (IRIs), or None when there is none or no history to read."""
    wanted = set(subjects)
    try:
        git = _Git(Path(data_dir))
        commits = git.commits()
    except NoHistory:
        return None
    snapshots = _Snapshots(git)
    for commit in commits:
        new, old = git.tree(commit.hash), git.tree(commit.parent)
        touched = {p: b for p, b in new.items() if old.get(p) != b}
        touched.update({p: b for p, b in old.items() if new.get(p) != b})
        if not touched:
            continue
        snapshots.load({b: p for tree in (new, old) for p, b in tree.items()})
        for subject in wanted:
            if _describe(snapshots.facts(new), subject) != _describe(snapshots.facts(old), subject):
                return LastChange(commit.day, commit.subject, commit.hash[:7])
    return None
