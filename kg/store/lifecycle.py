"""The built stores' lifecycle: one build at a time, no store pulled from
under a reader, no leftovers of an interrupted build or write.

Everything rests on advisory file locks (``flock``), which the kernel
releases when a process ends, however it ends, so a killed process never
leaves a lock behind:

- ``stores/.build.lock``: a build holds it exclusively; a second build waits
  for it, then finds the first one's store and reuses it.
- ``stores/KEY.lock``: every process that opens store KEY holds it shared for
  as long as it may read the store; a store is removed only by whoever gets
  it exclusively, that is, when nobody reads it.
- a file being written (``atomic_write``'s temporary file, a store being
  built) is locked by its writer, so a later run can tell a leftover (no
  lock) from work in progress and remove only the leftover.

>>> import tempfile, pathlib
>>> stores = pathlib.Path(tempfile.mkdtemp())
>>> (stores / "abc").mkdir()
>>> lease = hold(stores / "abc")
>>> remove_if_unread(stores / "abc")
False
>>> lease.release()
>>> remove_if_unread(stores / "abc")
True
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BUILD_LOCK = ".build.lock"
BUILDING_PREFIX = ".building-"


def _lock_file(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


class Lease:
    """A shared lock on a store: while any lease is held, the store stays."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.release()


def hold(store: Path) -> Lease:
    """Take a shared lease on ``store`` (a built store's folder)."""
    fd = os.open(_lock_file(store), os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return Lease(fd)


def _remove_if_free(lock: Path, *doomed: Path) -> bool:
    """If no process holds ``lock``, remove ``doomed`` (files or folders) and
    then ``lock`` while holding it exclusively; True if they were removed."""
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        for path in doomed:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        lock.unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)


def remove_if_unread(store: Path, also: tuple[Path, ...] = ()) -> bool:
    """Remove ``store`` (and the files ``also``) if no process holds a lease on
    it; True if it was removed."""
    return _remove_if_free(_lock_file(store), store, *also)


@contextmanager
def build_lock(stores: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the stores' build lock; call ``waiting`` once if another build has it."""
    stores.mkdir(parents=True, exist_ok=True)
    fd = os.open(stores / BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def remove_interrupted_builds(stores: Path) -> list[Path]:
    """Remove what killed builds left (``.building-*`` folders and the N-Quads
    dumps beside them); call it holding the build lock, when no build can be
    running. Returns what went."""
    gone = sorted(stores.glob(BUILDING_PREFIX + "*"))
    for path in gone:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return gone


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (a temporary file) while writing it."""
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def remove_unlocked(paths: Iterator[Path]) -> list[Path]:
    """Remove each of ``paths`` that no writer holds locked; returns what went."""
    return [path for path in list(paths) if path.exists() and _remove_if_free(path)]
