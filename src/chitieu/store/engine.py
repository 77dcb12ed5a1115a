"""Connecting to the store: the database URL, engines, sessions and the audit trail.

The URL is ``CHITIEU_DATABASE_URL`` (any SQLAlchemy URL, e.g.
``postgresql+psycopg://user@host/db``), else a SQLite file ``chitieu.db`` in the data
directory. Every session made here writes an audit row (who, when, before, after) for
each row it inserts, updates or deletes, in the same transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from chitieu.errors import ConfigError
from chitieu.settings import get_settings
from chitieu.store.tables import AuditRow, Base, utcnow

__all__ = ["database_url", "make_engine", "session_scope", "sqlite_url"]

_LONG_TEXT = 4000  # longer texts (a document) are audited by length and hash
# --- web app: secrets never reach the audit log (only that they changed)
_REDACTED = frozenset({"password_hash", "token_hash"})


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def database_url() -> str:
    """``CHITIEU_DATABASE_URL``, else ``sqlite:///<data_dir>/chitieu.db`` (the folder is created)."""
    settings = get_settings()
    if settings.database_url:
        return settings.database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return sqlite_url(settings.data_dir / "chitieu.db")


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """An engine for ``url`` (default :func:`database_url`), with SQLite foreign keys on."""
    url = url or database_url()
    try:
        parsed = make_url(url)
    except Exception as err:
        raise ConfigError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url!r}.", f"Invalid database URL: {url!r}."
        ) from err
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, echo=echo)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


@contextlib.contextmanager
def session_scope(engine: Engine, *, actor: str | None = None) -> Iterator[Session]:
    """A session in one transaction: committed at the end, rolled back whole on any error."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as session:
        session.info["actor"] = actor or default_actor()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, str) and len(value) > _LONG_TEXT:
        return f"<{len(value)} chars, sha256 {hashlib.sha256(value.encode()).hexdigest()[:16]}>"
    return value


def _row_dict(obj: Any, *, before: bool = False) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if before and hist.deleted:
            value = hist.deleted[0]
        elif before and hist.added and not hist.deleted:
            value = None  # was unset before
        else:
            value = getattr(obj, attr.key)
        out[attr.key] = "<redacted>" if attr.key in _REDACTED and value is not None else _plain(value)
    return out


@event.listens_for(Session, "after_flush")
def _audit(session: Session, _ctx: Any) -> None:
    rows: list[dict[str, Any]] = []
    actor = str(session.info.get("actor") or default_actor())
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, AuditRow):
            after = _row_dict(obj)
            rows.append(_entry(actor, now, "insert", obj, None, after))
    for obj in session.dirty:
        if isinstance(obj, Base) and not isinstance(obj, AuditRow) and session.is_modified(obj):
            rows.append(_entry(actor, now, "update", obj, _row_dict(obj, before=True), _row_dict(obj)))
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, AuditRow):
            rows.append(_entry(actor, now, "delete", obj, _row_dict(obj), None))
    if rows:
        session.connection().execute(insert(AuditRow), rows)


def _entry(
    actor: str,
    now: dt.datetime,
    action: str,
    obj: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "at": now,
        "actor": actor,
        "action": action,
        "table_name": obj.__tablename__,
        "row_id": getattr(obj, "id", None),
        "before": before,
        "after": after,
    }
