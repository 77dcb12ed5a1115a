"""Fixtures of the web tests: a small world (two provinces, users per role, figures in every state).

The world is built once into a SQLite file and copied for each test (fast); ``pg_world``
builds it on the shared ``engine`` fixture (SQLite and PostgreSQL) for the tests that
run on both.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from chitieu.domain import Period
from chitieu.model import Fact
from chitieu.store import make_engine, repo, review, upgrade
from chitieu.store import users as accounts
from chitieu.store.engine import session_scope
from chitieu.store.tables import AuditRow
from chitieu.web.front import KeptPages

PASSWORD = "mat-khau-thu-nghiem"
ROLES = ("quan_tri", "cap_nhat", "phe_duyet", "xem")
USERNAMES = {"quan_tri": "quantri", "cap_nhat": "capnhat", "phe_duyet": "pheduyet", "xem": "xem"}


@dataclass(frozen=True)
class World:
    """Ids of what the world holds: ``inside`` is the users' province, ``outside`` another one."""

    inside: int
    district: int
    outside: int
    plan: int
    indicator: int
    share: int
    submitted: dict[int, int]  # unit id -> a submitted observation
    documents: dict[int, tuple[int, int]]  # unit id -> (document id, pending fact id)


def build_world(engine: Engine) -> World:
    with session_scope(engine, actor="test") as s:
        inside = repo.add_unit(s, "Tỉnh An Lạc", level="tỉnh")
        district = repo.add_unit(s, "Huyện Tân Hòa", level="huyện", parent=inside)
        outside = repo.add_unit(s, "Tỉnh Bình Sơn", level="tỉnh")
        plan = repo.get_or_create_plan(
            s, "Nghị quyết thử nghiệm", unit=inside, first_year=2021, last_year=2025
        )
        ind = repo.add_indicator(
            s, "Tổng thu ngân sách nhà nước trên địa bàn", unit="tỷ đồng", domain="kinh tế"
        )
        share = repo.add_indicator(
            s, "Tỷ lệ hộ nghèo", unit="%", domain="xã hội", direction="down", aggregation="mean"
        )
        submitted: dict[int, int] = {}
        documents: dict[int, tuple[int, int]] = {}
        for unit in (inside, district, outside):
            for year in (2022, 2023):
                repo.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(year), op=">=", value=1000,
                                plan_id=plan.id, entered_by="test")  # fmt: skip
            obs, _ = repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2022), value=1100,
                                          state="submitted", entered_by="someone")  # fmt: skip
            submitted[unit.id] = obs.id
            for username in USERNAMES.values():
                repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2024), value=5,
                                     state="draft", entered_by=username)  # fmt: skip
            fact = Fact(
                line=1, indicator=ind.name, role="actual", op="=", value=1234.0, unit="tỷ đồng", period=2023
            )
            doc_id, _ = review.save_document(
                s, name=f"bao-cao-{unit.id}.txt", content=f"Báo cáo {unit.id}".encode(),
                lines=[(1, "Tổng thu ngân sách đạt 1.234 tỷ đồng.", "Tổng thu ngân sách đạt 1.234 tỷ đồng.")],
                facts=[fact, fact], unit_id=unit.id, plan_id=plan.id,
            )  # fmt: skip
            documents[unit.id] = (doc_id, review.review_facts(s, doc_id)[0].id)
        for role, username in USERNAMES.items():
            units = [] if role == "quan_tri" else [inside.id]
            accounts.create_user(s, username, PASSWORD, role, full_name=username.title(), unit_ids=units)
    return World(inside.id, district.id, outside.id, plan.id, ind.id, share.id, submitted, documents)


@pytest.fixture(scope="session", autouse=True)
def _cheap_hashes() -> Iterator[None]:
    """Argon2 with small costs in tests (the parameters travel in each hash; production keeps the defaults)."""
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(accounts, "_hasher", cheap)
        mp.setattr(accounts, "_DUMMY_HASH", cheap.hash("dummy"))
        yield


@pytest.fixture(scope="session")
def _world_template(tmp_path_factory: pytest.TempPathFactory, _cheap_hashes: None) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("web") / "world.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    world = build_world(engine)
    engine.dispose()
    return path, world


@pytest.fixture
def world_engine(tmp_path: Path, _world_template: tuple[Path, World]) -> Iterator[Engine]:
    path = tmp_path / "world.db"
    shutil.copyfile(_world_template[0], path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def world(_world_template: tuple[Path, World]) -> World:
    return _world_template[1]


def make_client(engine: Engine, tmp_path: Path, **kwargs: object) -> TestClient:
    from chitieu.web import create_app

    app = create_app(engine, secret_key="k" * 48, upload_dir=tmp_path / "uploads", **kwargs)  # type: ignore[arg-type]
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def client(world_engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    with make_client(world_engine, tmp_path) as c:
        yield c


def csrf_of(client: TestClient, path: str = "/dang-nhap") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token in {path}"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in; returns the session's CSRF token."""
    token = csrf_of(client)
    r = client.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token})
    assert r.status_code == 303, r.text[:500]
    return csrf_of(client, "/tai-khoan")


def front_of(client: TestClient) -> KeptPages:
    """The app's layer that serves kept pages (its ``served`` counts the pages it answered)."""
    layer: Any = client.app.middleware_stack  # type: ignore[attr-defined]
    if layer is None:
        client.get("/static/none")  # the stack is built on the first request
        layer = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(layer, KeptPages):
        layer = layer.app
    return layer


def audit_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AuditRow)).scalar_one())


@pytest.fixture
def signin(client: TestClient) -> object:
    """``signin(role_or_username)`` signs the test client in and returns the CSRF token."""

    def _signin(who: str) -> str:
        return login(client, USERNAMES.get(who, who))

    return _signin


@pytest.fixture
def audits(world_engine: Engine) -> object:
    """``audits()``: the number of audit rows (every write adds at least one)."""
    return lambda: audit_count(world_engine)


@pytest.fixture
def small_client(world_engine: Engine, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """A client signed in as administrator on an app that takes uploads of at most 1000 bytes."""
    with make_client(world_engine, tmp_path, max_upload_bytes=1000) as c:
        yield c, login(c, "quantri")


@pytest.fixture
def bearer(world_engine: Engine) -> object:
    """``bearer(role_or_username)``: the ``Authorization`` header of a fresh API token of that user."""

    def _bearer(who: str) -> dict[str, str]:
        with session_scope(world_engine, actor="test") as s:
            user = accounts.find_user(s, USERNAMES.get(who, who))
            assert user is not None
            token = accounts.create_token(s, user.id, "test")
        return {"Authorization": f"Bearer {token}"}

    return _bearer
