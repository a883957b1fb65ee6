"""The main job: load, validate, derive and persist the store; open it later.

The built store lives in a cache folder named by a key over everything that
shapes it: the content of ontology/ and data/, ``--data`` files, the shapes,
checks and derive queries, the shapes' compiler, the derive step's own code
and the queries it reads with, and the package and pyoxigraph versions. A build
writes a new folder and renames it into place, so a reader never sees half a
store; commands other than the build open the store read-only, so a running
server never blocks them. Builds run one at a time, a store is removed only
when no process reads it, and what a killed build left is removed by the next
(`kg.store.lifecycle`).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg import __version__
from kg.derive import derive_queries
from kg.files import atomic_write
from kg.load import RdfFile, content_key, load_files, rdf_files
from kg.resources import CHECKS_DIR, QUERIES_DIR, SHAPES_FILE
from kg.store import STORE_LAYOUT, OxigraphStore, RdflibStore, Store
from kg.store.lifecycle import (
    BUILDING_PREFIX,
    Lease,
    build_lock,
    hold,
    remove_if_unread,
    remove_interrupted_builds,
)
from kg.validate import Problem, Progress

KEEP_STORES = 3


def cache_dir() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/sahel-kg``, else ``~/.cache/sahel-kg``."""
    if explicit := os.environ.get("KG_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sahel-kg"


# The code that decides what a build writes: the shapes' compiler (what
# passes validation) and what the derive step computes in Python (the time
# bounds and their bases in English and French), with the internal queries
# the derive step reads its facts with.
_DERIVE_CODE = [
    Path(__file__).parent / name
    for name in (
        "validate/shapes.py",
        "derive/__init__.py",
        "derive/corroboration.py",
        "temporal.py",
    )
]
_DERIVE_READS = [
    QUERIES_DIR / "internal" / f"{name}.rq"
    for name in ("time-facts", "lifetimes", "horizon", "corroboration")
]


def _salt() -> list[str]:
    rules = [SHAPES_FILE, *sorted(CHECKS_DIR.glob("*.rq")), *derive_queries()]
    rules += [*_DERIVE_CODE, *_DERIVE_READS]
    return [
        __version__,
        pyoxigraph.__version__,
        STORE_LAYOUT,
        *(p.read_text(encoding="utf-8") for p in rules),
    ]


@dataclass
class BuildResult:
    """What a build produced: where the store is, its counts and warnings."""

    path: Path
    key: str
    built: bool
    quads: int
    derived: int
    files: list[str]
    warnings: list[Problem] = field(default_factory=list)
    # Held while the result may be read: the store is not removed under it.
    lease: Lease | None = field(default=None, repr=False, compare=False)


def _say(progress: Progress | None, message: str) -> None:
    if progress:
        progress(message)


def _manifest_path(store_path: Path) -> Path:
    return store_path.with_suffix(".json")


def build(
    extra: Sequence[Path | RdfFile] = (),
    *,
    force: bool = False,
    progress: Progress | None = None,
    before_writing: Callable[[Store], None] | None = None,
) -> BuildResult:
    """Build (or find up to date) the persisted store for the bundled data plus ``extra``
    (``--data`` files or folders, and ``--graph`` files as RdfFile).

    When it builds, ``before_writing`` is given the validated, derived store
    in memory before the store is written to disk (at 1M triples the write
    takes about as long as the validation): a command can answer from it
    first. Raises DataError on an unreadable file and ValidationFailed on any
    violation; in both cases nothing is written.
    """
    files = rdf_files(extra)
    key = content_key(files, *_salt())
    stores = cache_dir() / "stores"
    target = stores / key
    if not force and (found := _reuse(target, key)):
        return found
    with build_lock(stores, waiting=lambda: _say(progress, "waiting for another build")):
        if not force and (found := _reuse(target, key)):
            return found  # the build waited for made it
        remove_interrupted_builds(stores)
        return _build(files, key, target, progress, before_writing)


def _reuse(target: Path, key: str) -> BuildResult | None:
    """The built store at ``target``, leased, or None if there is none."""
    if not target.is_dir():
        return None
    lease = hold(target)
    manifest_path = _manifest_path(target)
    if not (target.is_dir() and manifest_path.is_file()):
        lease.release()  # removed while the lease was awaited
        return None
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return BuildResult(
        target,
        key,
        False,
        manifest["quads"],
        manifest["derived"],
        manifest["files"],
        [Problem(**w) for w in manifest["warnings"]],
        lease,
    )


def _build(
    files: list[RdfFile],
    key: str,
    target: Path,
    progress: Progress | None,
    before_writing: Callable[[Store], None] | None = None,
) -> BuildResult:
    from kg.validate import validated_store

    stores = target.parent
    validated = validated_store(files, progress)
    validated.report.raise_for_violations()
    report, derived = validated.report, validated.derived
    if before_writing is not None:
        before_writing(validated.store)

    # The validated store is already derived: written to disk as it is, with
    # no second parse of the files. It is first dumped as N-Quads and let go,
    # so the in-memory copy and the bulk loader are not held at once (at 1M
    # triples: peak 1.9 GiB instead of 2.3, in the same time).
    _say(progress, "writing the store")
    scratch = stores / f"{BUILDING_PREFIX}{key}-{uuid.uuid4().hex[:8]}"
    dump = stores / f"{BUILDING_PREFIX}{key}-{uuid.uuid4().hex[:8]}.nq"
    try:
        validated.store.dump(dump)
        del validated
        store = OxigraphStore.create(scratch)
        store.bulk_load_dump(dump)
        dump.unlink()
        total = len(store)
        store.flush()
        store.close()
        del store
        manifest = {
            "key": key,
            "quads": total,
            "derived": derived,
            "files": [str(f.path) for f in files],
            "warnings": [vars(w) for w in report.warnings],
        }
        # The same key is the same content: a store of this key that someone
        # is reading stays, and the new copy is dropped.
        if not target.exists() or remove_if_unread(target, also=(_manifest_path(target),)):
            text = json.dumps(manifest, indent=1).encode("utf-8")
            atomic_write(_manifest_path(target), lambda handle: handle.write(text))
            os.replace(scratch, target)
    finally:
        dump.unlink(missing_ok=True)
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
    lease = hold(target)
    _prune(stores, keep=target)
    return BuildResult(target, key, True, total, derived, manifest["files"], report.warnings, lease)


def _prune(stores: Path, keep: Path) -> None:
    """Remove all but the newest few stores, except those a process reads."""
    built = sorted(
        (p for p in stores.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in built[KEEP_STORES:]:
        if old != keep:
            remove_if_unread(old, also=(_manifest_path(old),))


def open_store(
    backend: str = "oxigraph",
    extra: Sequence[Path | RdfFile] = (),
    *,
    progress: Progress | None = None,
    in_memory: bool = False,
    before_writing: Callable[[Store], None] | None = None,
) -> Store:
    """Open the store for the bundled data plus ``extra``, building it first if needed.

    The Oxigraph backend opens the persisted store read-only; with
    ``in_memory`` it reads it into memory instead, which costs a moment up
    front and makes every query after it faster (a server, a notebook, a test
    session). The rdflib backend loads the same files into memory with
    rdflib's own parser and derives again, so it is an independent check of
    the default backend. ``before_writing``: as for ``build``, with the
    Oxigraph backend only.
    """
    if backend != "oxigraph":
        before_writing = None
    result = build(extra, progress=progress, before_writing=before_writing)
    if backend == "oxigraph":
        if in_memory:
            return OxigraphStore.memory_copy(result.path)
        store = OxigraphStore.read_only(result.path)
        store.lease = result.lease  # the store stays while this object lives
        return store
    if backend == "rdflib":
        return rdflib_store(rdf_files(extra))
    raise ValueError(f"unknown backend {backend!r}: use oxigraph or rdflib")


def rdflib_store(files: Sequence[RdfFile]) -> RdflibStore:
    """An rdflib store of ``files``, derived, without validation."""
    store = RdflibStore()
    load_files(store, files)
    store.derive()
    return store
