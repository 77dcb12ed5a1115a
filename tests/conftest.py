"""Shared fixtures: a migrated store on SQLite and, when ``CHITIEU_TEST_PG_URL`` is set, PostgreSQL.

``scripts/pg-test-cluster.sh run pytest`` starts a throwaway PostgreSQL cluster and
sets the variable; without it the PostgreSQL variants are skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine, text

PG_URL = os.environ.get("CHITIEU_TEST_PG_URL")


@pytest.fixture(scope="session", autouse=True)
def _model_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The restorer's model cache in a folder of the test session, never the user's cache."""
    old = os.environ.get("CHITIEU_CACHE_DIR")
    os.environ["CHITIEU_CACHE_DIR"] = str(tmp_path_factory.mktemp("model-cache"))
    yield
    if old is None:
        os.environ.pop("CHITIEU_CACHE_DIR", None)
    else:
        os.environ["CHITIEU_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test (migrating once is faster)."""
    from chitieu.store import make_engine, upgrade

    path = tmp_path_factory.mktemp("store") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_engine() -> Iterator[Engine]:
    from chitieu.store import make_engine, upgrade

    assert PG_URL is not None
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    yield engine
    engine.dispose()


def _truncate(engine: Engine) -> None:
    from chitieu.store.tables import Base

    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path, _sqlite_template: Path) -> Iterator[Engine]:
    """A migrated, empty store; each test runs on SQLite and on PostgreSQL (if configured)."""
    from chitieu.store import make_engine

    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("CHITIEU_TEST_PG_URL not set (run under scripts/pg-test-cluster.sh)")
        pg: Engine = request.getfixturevalue("_pg_engine")
        _truncate(pg)
        yield pg
        return
    path = tmp_path / "chitieu.db"
    shutil.copyfile(_sqlite_template, path)
    eng = make_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings pointing at an empty data directory (and no database URL)."""
    from chitieu.settings import get_settings

    monkeypatch.setenv("CHITIEU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CHITIEU_DATABASE_URL", raising=False)
    monkeypatch.setenv("CHITIEU_IMPORT_NICE", "0")  # imports in this process leave its priority alone
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


@pytest.fixture
def command_app(data_dir: Path) -> Callable[..., typer.Typer]:
    """Builds a command-line app of the given ``register`` functions, on an empty data directory."""

    def build(*registers: Callable[[typer.Typer], None]) -> typer.Typer:
        app = typer.Typer()

        @app.callback()
        def _root() -> None:
            pass

        for register in registers:
            register(app)
        return app

    return build
