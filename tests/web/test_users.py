"""Accounts in the store: hashing, sign-in, unit scope, tokens, locks, and no secrets in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select

from chitieu.domain import Period
from chitieu.errors import ValidationError
from chitieu.store import repo
from chitieu.store import users as accounts
from chitieu.store.engine import session_scope
from chitieu.store.tables import AuditRow


def test_users_password_is_hashed_and_not_audited(engine: Engine) -> None:
    with session_scope(engine, actor="t") as s:
        user = accounts.create_user(s, "Nguoi.Dung", "bi-mat-123", "xem")
        token = accounts.create_token(s, user.id, "api")
    with session_scope(engine, actor="t") as s:
        assert accounts.authenticate(s, "nguoi.dung", "bi-mat-123") == user
        assert accounts.authenticate(s, "nguoi.dung", "sai") is None
        assert accounts.user_for_token(s, token) == user
        assert accounts.user_for_token(s, token + "x") is None
        texts = [
            str(r.after)
            for r in s.scalars(select(AuditRow).where(AuditRow.table_name.in_(["users", "api_tokens"])))
        ]
    assert texts and all("bi-mat" not in t and "argon2" not in t and token not in t for t in texts)
    assert any("<redacted>" in t for t in texts)


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [("ab", "mat-khau-dai", "xem", "Tên đăng nhập"), ("co dau", "mat-khau-dai", "xem", "Tên đăng nhập"),
     ("hople", "ngan", "xem", "ít nhất"), ("hople", "mat-khau-dai", "vua", "Vai trò")],
)  # fmt: skip
def test_users_bad_accounts_are_refused(
    engine: Engine, username: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message), session_scope(engine, actor="t") as s:
        accounts.create_user(s, username, password, role)


def test_users_units_include_those_below(engine: Engine) -> None:
    with session_scope(engine, actor="t") as s:
        province = repo.add_unit(s, "Tỉnh A", level="tỉnh")
        district = repo.add_unit(s, "Huyện B", level="huyện", parent=province)
        commune = repo.add_unit(s, "Xã C", level="xã", parent=district)
        other = repo.add_unit(s, "Tỉnh D", level="tỉnh")
        user = accounts.create_user(s, "capnhat", "mat-khau-dai", "cap_nhat", unit_ids=[district.id])
    assert user.units == {district.id, commune.id}
    assert user.can("observation.enter", commune.id) and not user.can("observation.enter", province.id)
    assert not user.can("observation.approve", district.id) and not user.can("user.manage")
    assert not user.can("observation.enter", other.id)


def test_users_locks(engine: Engine) -> None:
    with session_scope(engine, actor="t") as s:
        unit = repo.add_unit(s, "Tỉnh A", level="tỉnh")
        assert accounts.lock_period(s, Period(2024), None, by="t")
        assert not accounts.lock_period(s, Period(2024), None, by="t")
        assert accounts.is_locked(s, unit.id, Period(2024)) and not accounts.is_locked(
            s, unit.id, Period(2023)
        )
        with pytest.raises(accounts.PeriodLocked):
            accounts.require_open(s, unit.id, Period(2024))
        assert accounts.unlock_period(s, Period(2024), None)
        assert not accounts.is_locked(s, unit.id, Period(2024))


def test_users_demo_is_idempotent(engine: Engine, _cheap_hashes: Any) -> None:
    from chitieu.web.demo import DEMO_USERS, load_demo

    first = load_demo(engine, reports=False)
    second = load_demo(engine, reports=False)
    assert first.created and not second.created
    assert sorted(first.users) == sorted(DEMO_USERS) and second.users == []
    assert first.indicators == 32 and second.targets == 0 and second.observations == 0
