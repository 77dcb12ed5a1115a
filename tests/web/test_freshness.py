"""The data version and the users kept fresh in the background, and never overwritten by a stale read."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chitieu.store import browse, repo
from chitieu.store.engine import session_scope
from chitieu.web import deps, security
from chitieu.web.deps import VERSION_TTL, fresh_version, refresh_version, stale


def _version_age(client: TestClient) -> float:
    at, _ = client.app.state.version  # type: ignore[attr-defined]
    return time.monotonic() - float(at)


def _until(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_keep_fresh_keeps_the_version_fresh_and_sees_other_writers(
    client: TestClient, world_engine: Engine, signin: Callable[[str], str]
) -> None:
    signin("xem")
    assert client.get("/").status_code == 200
    time.sleep(VERSION_TTL * 1.5)  # longer than a version is trusted: refreshed meanwhile, no request
    assert _version_age(client) < VERSION_TTL
    before = client.app.state.version[1]  # type: ignore[attr-defined]
    with session_scope(world_engine, actor="another process") as s:  # a write the app does not see
        repo.add_indicator(s, "Số trường học đạt chuẩn quốc gia", unit="trường")
    assert _until(lambda: client.app.state.version[1] > before, VERSION_TTL * 3)  # type: ignore[attr-defined]


def test_keep_fresh_keeps_the_signed_in_user_fresh(client: TestClient, signin: Callable[[str], str]) -> None:
    signin("xem")
    assert client.get("/").status_code == 200
    uid = next(iter(client.app.state.users._users))  # type: ignore[attr-defined]
    time.sleep(security._USER_TTL * 1.2)
    assert client.app.state.users.peek(uid) is not None  # type: ignore[attr-defined]


class _App:
    def __init__(self, engine: Engine) -> None:
        self.state = type("State", (), {})()
        self.state.engine = engine
        self.state.version = (0.0, 0)


@pytest.mark.parametrize("write_meanwhile", [False, True])
def test_refresh_version_keeps_no_read_begun_before_a_write(
    world_engine: Engine, monkeypatch: pytest.MonkeyPatch, write_meanwhile: bool
) -> None:
    app = _App(world_engine)
    real = browse.data_version

    def read(session: Any) -> int:
        value = real(session)
        if write_meanwhile:
            stale(app)  # a write through the app while this read was under way
        return value

    monkeypatch.setattr(deps.browse, "data_version", read)
    refresh_version(app)
    request = type("Request", (), {"app": app})()
    if write_meanwhile:
        assert fresh_version(request) is None  # the next request reads it again itself
    else:
        with session_scope(world_engine, write=False) as s:
            assert fresh_version(request) == real(s) > 0


@pytest.mark.parametrize("forget_meanwhile", [False, True])
def test_user_cache_refresh_reads_due_users_drops_idle_ones(
    world_engine: Engine, monkeypatch: pytest.MonkeyPatch, forget_meanwhile: bool
) -> None:
    cache = security.UserCache()
    with session_scope(world_engine, write=False) as s:
        from chitieu.store.users import list_users

        ids = [u.id for u in list_users(s)][:3]
    for uid in ids:
        assert cache.get(world_engine, uid) is not None
    assert cache.refresh(world_engine) == 0  # all just read
    now = time.monotonic()
    cache._users = {u: (now - security._USER_TTL * 0.75, user) for u, (_, user) in cache._users.items()}
    cache._used[ids[2]] = now - 120  # not asked for in two minutes
    if forget_meanwhile:
        real = security.get_user

        def read(session: Any, uid: int) -> Any:
            cache.forget(uid)  # an administrator changed the user while the refresh read
            return real(session, uid)

        monkeypatch.setattr(security, "get_user", read)
    assert cache.refresh(world_engine) == 2
    assert ids[2] not in cache._users and ids[2] not in cache._used
    fresh = [cache.peek(u) is not None for u in ids[:2]]
    assert fresh == ([False, False] if forget_meanwhile else [True, True])
