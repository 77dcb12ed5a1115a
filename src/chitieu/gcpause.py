"""Pausing Python's automatic (cyclic) garbage collection around work that makes no cycles.

Restoring text and linking facts each make a great many small tuples, dicts and objects
and no reference cycles, so reference counting frees all of it. The collector would only
walk the heap again and again on the way (the restorer's caches and model, the
catalogue's index): a tenth of restoration's time, and one full collection inside linking
costs as much as linking a short report. :func:`paused_gc` turns it off for the work and
back to what it was after, also after an error; a cycle of the caller's is freed by the
next collection, as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic garbage collection inside; the collector's state as it was after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
