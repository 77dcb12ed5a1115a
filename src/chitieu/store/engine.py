"""Connecting to the store: the database URL, engines, sessions and the audit trail.

The URL is ``CHITIEU_DATABASE_URL`` (any SQLAlchemy URL, e.g.
``postgresql+psycopg://user@host/db``), else a SQLite file ``chitieu.db`` in the data
directory. Every session made here writes an audit row (who, when, before, after) for
each row it inserts, updates or deletes, in the same transaction.

Concurrency: a SQLite file is opened in WAL mode (readers never wait for a writer, nor a
writer for readers), ``synchronous=NORMAL``, and a writer waits up to
``CHITIEU_BUSY_TIMEOUT`` seconds for another writer's lock instead of failing. A session
that may write (:func:`session_scope`, ``write=True``, the default) begins with
``BEGIN IMMEDIATE``: it takes the write lock before its first read, so that a write
after a read never fails on a snapshot another writer has outdated. Read sessions
(``write=False``) begin a plain deferred transaction. :func:`retrying` reruns a whole
write transaction that still found the store locked (SQLite) or lost a serialisation
race (PostgreSQL).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from chitieu.errors import ConfigError
from chitieu.settings import get_settings
from chitieu.store.tables import AuditRow, Base, utcnow

__all__ = ["database_url", "is_locked", "make_engine", "retrying", "session_scope", "sqlite_url"]

T = TypeVar("T")

_LONG_TEXT = 4000  # longer texts (a document) are audited by length and hash
# --- web app: secrets never reach the audit log (only that they changed)
_REDACTED = frozenset({"password_hash", "token_hash"})
_WRITE = "chitieu_write"  # execution option: begin with BEGIN IMMEDIATE on SQLite
_ATTEMPTS = 5  # a locked write transaction is run this many times before the error stands
# SQLSTATEs of PostgreSQL after which the transaction may simply be run again
_PG_RETRY = frozenset({"40001", "40P01", "55P03"})


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
    """An engine for ``url`` (default :func:`database_url`); on SQLite: foreign keys, WAL, busy timeout."""
    url = url or database_url()
    try:
        parsed = make_url(url)
    except Exception as err:
        raise ConfigError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url!r}.", f"Invalid database URL: {url!r}."
        ) from err
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, echo=echo)
    timeout = get_settings().busy_timeout
    engine = create_engine(parsed, echo=echo, connect_args={"timeout": timeout})
    memory = parsed.database in (None, "", ":memory:") or "mode=memory" in str(parsed)

    def connect(dbapi_conn: Any, _record: Any) -> None:
        # transactions are begun by the "begin" event below, not by the driver
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    event.listen(engine, "connect", connect)
    event.listen(engine, "begin", begin)
    return engine


def is_locked(err: BaseException) -> bool:
    """Whether ``err`` is another writer's lock (SQLite) or a lost race (PostgreSQL): worth a rerun."""
    if isinstance(err, OperationalError) and "database is locked" in str(err.orig):
        return True
    if isinstance(err, DBAPIError):
        return getattr(err.orig, "sqlstate", None) in _PG_RETRY
    return False


def retrying(
    engine: Engine, work: Callable[[Session], T], *, actor: str | None = None, write: bool = True
) -> T:
    """``work(session)`` in one transaction, run again (up to 5 times) while the store is locked."""
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with session_scope(engine, actor=actor, write=write) as session:
                return work(session)
        except DBAPIError as err:
            if attempt == _ATTEMPTS or not is_locked(err):
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


@contextlib.contextmanager
def session_scope(engine: Engine, *, actor: str | None = None, write: bool = True) -> Iterator[Session]:
    """A session in one transaction: committed at the end, rolled back whole on any error.

    ``write=False`` for a session that only reads: on SQLite it does not take the write lock.
    """
    bind = engine.execution_options(**{_WRITE: True}) if write else engine
    factory = sessionmaker(bind=bind, expire_on_commit=False)
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
