"""Files written whole or not at all: a temporary file beside the target, then a rename.

Another process reading meanwhile sees the old file or none, never half of one; a
failure (a full disk, an interrupt) leaves the target as it was and no temporary file.
Used by the restorer's caches, the catalogue's compiled index and the CLI's output files.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

__all__ = ["atomic_text", "write_atomic"]


def write_atomic(target: Path, pieces: Iterable[bytes | memoryview]) -> None:
    """Write ``pieces`` one after the other as the file ``target`` (its folder must exist)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in pieces:
                f.write(piece)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_text(target: Path) -> Iterator[TextIO]:
    """A text file (UTF-8, newlines as written) that becomes ``target`` when the block ends
    without an error, and is removed otherwise."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
