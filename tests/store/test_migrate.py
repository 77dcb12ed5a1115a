"""Migrations build exactly the schema of the models, on every engine."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from chitieu.store import migrate
from chitieu.store.tables import Base


def test_migrate_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrate_upgrade_is_repeatable(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    tables = set(inspect(engine).get_table_names())
    assert {
        "units",
        "plans",
        "indicators",
        "targets",
        "observations",
        "documents",
        "facts",
        "audit_log",
        "users",
        "report_sections",
    } <= tables


def test_migrate_fresh_sqlite_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from chitieu.store import open_store

    eng = open_store(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate.current(eng) == migrate.head()
    eng.dispose()
