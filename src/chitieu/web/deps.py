"""Opening the store from a request: a read session, or a write session audited under the user's name."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from chitieu.store.engine import session_scope
from chitieu.store.users import User

__all__ = ["actor", "engine", "reading", "writing"]


def engine(request: Request) -> Engine:
    eng: Engine = request.app.state.engine
    return eng


def actor(user: User) -> str:
    return f"web:{user.username}"


@contextlib.contextmanager
def reading(request: Request) -> Iterator[Session]:
    with session_scope(engine(request), actor="web") as session:
        yield session


@contextlib.contextmanager
def writing(request: Request, user: User) -> Iterator[Session]:
    """One transaction for one write; the audit log names the user."""
    with session_scope(engine(request), actor=actor(user)) as session:
        yield session
