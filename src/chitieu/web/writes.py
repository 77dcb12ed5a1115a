"""Writes through one worker of ``chitieu serve`` made known to the others at once.

Each worker keeps the data version in memory (:mod:`chitieu.web.deps`) and serves kept pages
on it (:mod:`chitieu.web.front`). A write through a worker forgets its own copy at once; the
others would only read the new version at their next background refresh (a quarter of a
second), and meanwhile could serve the page of before the write to the user who just made
it (the redirect after a form lands on any worker). :class:`WriteSignal` is a counter of
8 bytes in a file mapped into memory by every worker (``data_dir/web-writes``): a write
adds one after its transaction commits, and a worker that finds the counter changed reads
the data version from the store before serving anything kept. Reading it costs no system
call. Without a file (an app made in tests) the counter is this process's own.

Writes by other programs (``chitieu import``) still show within the background refresh.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path

__all__ = ["WriteSignal"]

_SIZE = 8


class WriteSignal:
    """A counter of writes shared through ``path`` by every process that maps it (else private)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        if path is None:
            self._map = mmap.mmap(-1, _SIZE)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)
            self._map = mmap.mmap(fd, _SIZE)
        finally:
            os.close(fd)  # the mapping stays valid

    def value(self) -> int:
        return int.from_bytes(self._map[:_SIZE], "little")

    def bump(self) -> None:
        """Count a write (called after it committed). Two processes bumping at once may count one:
        the value still changes, which is all a reader looks for."""
        self._map[:_SIZE] = ((self.value() + 1) % (1 << 63)).to_bytes(_SIZE, "little")
