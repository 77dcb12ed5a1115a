"""The indicator store: units, plans, indicators, targets, observations, documents, audit log.

SQLAlchemy 2 over SQLite (default, a file in the data directory) or PostgreSQL
(``CHITIEU_DATABASE_URL``); the schema is migrated by Alembic from inside the package
(:func:`chitieu.store.migrate.upgrade`). Rows stay private: the functions of
:mod:`chitieu.store.repo`, :mod:`chitieu.store.importer` and :mod:`chitieu.store.service`
return the dataclasses of :mod:`chitieu.domain`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from chitieu.store.engine import database_url, make_engine, session_scope
    from chitieu.store.migrate import upgrade

__all__ = ["database_url", "make_engine", "open_store", "session_scope", "upgrade"]
_LAZY = {
    "database_url": "chitieu.store.engine",
    "make_engine": "chitieu.store.engine",
    "session_scope": "chitieu.store.engine",
    "upgrade": "chitieu.store.migrate",
}


def open_store(url: str | None = None) -> Engine:
    """An engine on the store at ``url`` (default: the configured one), migrated to the newest schema."""
    from chitieu.store.engine import make_engine
    from chitieu.store.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    return engine


def __getattr__(name: str) -> Any:
    # SQLAlchemy and Alembic are imported on first use, not by every `chitieu` command
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
