"""Opening the store from a request: a read session, or a write session audited under the user's name."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from chitieu.store import browse
from chitieu.store.engine import session_scope
from chitieu.store.users import User

__all__ = [
    "actor",
    "data_version",
    "engine",
    "fresh_version",
    "reading",
    "refresh_version",
    "stale",
    "version_is_fresh",
    "writing",
]

# how long a read of the data version is trusted; writes through this app refresh it at once,
# writes by other processes (an import on the command line) show within this time
VERSION_TTL = 1.0


def engine(request: Request) -> Engine:
    eng: Engine = request.app.state.engine
    return eng


def actor(user: User) -> str:
    return f"web:{user.username}"


@contextlib.contextmanager
def reading(request: Request) -> Iterator[Session]:
    with session_scope(engine(request), actor="web", write=False) as session:
        yield session


@contextlib.contextmanager
def writing(request: Request, user: User) -> Iterator[Session]:
    """One transaction for one write; the audit log names the user."""
    try:
        with session_scope(engine(request), actor=actor(user)) as session:
            yield session
    finally:
        stale(request.app)  # what is cached from the data is stale now


def stale(app: Any) -> None:
    """Forget the data version (a write just happened): the next read of it goes to the store, and a
    read begun before the write (:func:`refresh_version` in the background) is not kept. The other
    workers of the server learn of it through the shared :class:`~chitieu.web.writes.WriteSignal`."""
    app.state.version = (0.0, 0)
    app.state.version_writes = getattr(app.state, "version_writes", 0) + 1
    signal = getattr(app.state, "writes", None)
    if signal is not None:
        signal.bump()


def version_is_fresh(state: Any) -> bool:
    """Whether the data version in memory may be used: read less than :data:`VERSION_TTL` ago, and no
    worker has written since (its :class:`~chitieu.web.writes.WriteSignal` unchanged)."""
    at, _ = getattr(state, "version", (0.0, 0))
    if time.monotonic() - at >= VERSION_TTL:
        return False
    signal = getattr(state, "writes", None)
    return signal is None or signal.value() == getattr(state, "version_seen", None)


def fresh_version(request: Request) -> int | None:
    """The data version if read less than a second ago and nothing was written through the app since
    (no store access), else ``None``."""
    state = request.app.state
    return int(state.version[1]) if version_is_fresh(state) else None


def _read_version(app: Any) -> tuple[float, int, int | None]:
    """When, the store's data version, and the write counter as it was before the version was read
    (so that a write committed after the read shows as a change of the counter)."""
    signal = getattr(app.state, "writes", None)
    seen = None if signal is None else signal.value()
    now = time.monotonic()
    with session_scope(app.state.engine, actor="web", write=False) as session:
        version = browse.data_version(session)
    return now, version, seen


def refresh_version(app: Any) -> None:
    """Read the data version from the store now (called in the background, see
    :mod:`chitieu.web.freshness`), unless a write through this app happens meanwhile."""
    writes = getattr(app.state, "version_writes", 0)
    now, version, seen = _read_version(app)
    if getattr(app.state, "version_writes", 0) == writes:
        app.state.version, app.state.version_seen = (now, version), seen


def data_version(request: Request) -> int:
    """The store's data version (grows with every write), read at most once a second."""
    version = fresh_version(request)
    if version is None:
        now, version, seen = _read_version(request.app)
        request.app.state.version, request.app.state.version_seen = (now, version), seen
    return int(version)
