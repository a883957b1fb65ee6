"""Writing output files: whole or not at all.

Every file the package writes (views, exports, bundles, charts, the ontology
reference) goes through ``atomic_write``: the bytes go to a temporary file
beside the target, which is renamed into place only when complete, so a
crash, a full disk or a kill never leaves half a file; the temporary file is
removed on any failure, and one a killed process left is removed by the next
write to the same path. The result gets the usual permissions (0666 less the
umask), as a plain ``open`` would give it.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> atomic_write(target, lambda handle: handle.write(b"done"))
>>> target.read_bytes()
b'done'
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kg.errors import BadParameter
from kg.store.lifecycle import remove_unlocked, writing


def atomic_write(
    path: Path, write: Callable[[BinaryIO], object], *, make_folder: bool = False
) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into
    place; if anything fails the temporary file is removed and ``path`` is
    left as it was. An unwritable place raises BadParameter naming it;
    ``make_folder`` creates a missing folder first."""
    path = Path(path)
    folder = path.parent
    if make_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise BadParameter(f"cannot write {str(path)!r}: {err.strerror or err}") from None
    if not folder.is_dir():
        raise BadParameter(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    remove_unlocked(folder.glob(f".{glob.escape(path.name)}.*.tmp"))  # killed writes
    temp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "wb", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            temp = Path(handle.name)
            with writing(temp):
                write(handle)
        temp.chmod(0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException as err:
        if temp is not None:
            temp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise BadParameter(f"cannot write {str(path)!r}: {err.strerror or err}") from None
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
