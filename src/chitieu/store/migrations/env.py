"""Alembic environment: migrates the connection handed over by :func:`chitieu.store.migrate.upgrade`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from chitieu.store.engine import make_engine
from chitieu.store.tables import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)


run_migrations_online()
