"""People and access: users, roles, the units they answer for, API tokens and period locks.

Roles (``users.role``):

* ``quan_tri`` (quản trị): everything;
* ``cap_nhat`` (cập nhật): enters and submits figures, targets and documents for its units;
* ``phe_duyet`` (phê duyệt): approves or returns figures and locks periods for its units;
* ``xem`` (xem): reads only.

A user's units are those assigned to it and every unit under them (a province officer
answers for its districts). Passwords are kept as Argon2id hashes, API tokens as their
SHA-256; the audit log redacts both columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from chitieu.domain import Period
from chitieu.errors import ChitieuError, ValidationError
from chitieu.store.tables import ApiTokenRow, PeriodLockRow, UnitRow, UserRow, UserUnitRow, utcnow

__all__ = [
    "ACTIONS",
    "ROLES",
    "ROLE_LABELS",
    "AccessDenied",
    "Action",
    "PeriodLocked",
    "User",
    "authenticate",
    "create_token",
    "create_user",
    "find_user",
    "get_user",
    "is_locked",
    "list_locks",
    "list_users",
    "lock_period",
    "unlock_period",
    "update_user",
    "user_for_token",
]

Role = Literal["quan_tri", "cap_nhat", "phe_duyet", "xem"]
ROLES: tuple[Role, ...] = ("quan_tri", "cap_nhat", "phe_duyet", "xem")
ROLE_LABELS: dict[str, str] = {
    "quan_tri": "Quản trị",
    "cap_nhat": "Cập nhật",
    "phe_duyet": "Phê duyệt",
    "xem": "Xem",
}

Action = Literal[
    "observation.enter",
    "observation.submit",
    "observation.approve",
    "observation.return",
    "period.lock",
    "target.put",
    "document.upload",
    "fact.review",
    "plan.manage",
    "user.manage",
    "unit.manage",
]
ACTIONS: tuple[Action, ...] = get_args(Action)
# what each role may do; actions outside GLOBAL_ACTIONS are limited to the user's units
_GRANTS: dict[str, frozenset[str]] = {
    "quan_tri": frozenset(ACTIONS),
    "cap_nhat": frozenset(
        {"observation.enter", "observation.submit", "target.put", "document.upload", "fact.review"}
    ),
    "phe_duyet": frozenset({"observation.approve", "observation.return", "period.lock"}),
    "xem": frozenset(),
}
GLOBAL_ACTIONS: frozenset[str] = frozenset({"plan.manage", "user.manage", "unit.manage"})
_USERNAME = re.compile(r"[a-z0-9_.-]{3,64}")
_MIN_PASSWORD = 8
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("chitieu-dummy-password")


class AccessDenied(ChitieuError):
    """The signed-in user may not do this (role, or a unit that is not theirs)."""

    exit_code = 5
    http_status = 403


class PeriodLocked(ChitieuError):
    """The period is closed for data entry."""

    exit_code = 5
    http_status = 409


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in person: ``units`` are the units it answers for (assigned ones and those under them)."""

    id: int
    username: str
    full_name: str
    role: str
    active: bool = True
    assigned: frozenset[int] = frozenset()
    units: frozenset[int] = frozenset()

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def can(self, action: str, unit_id: int | None = None) -> bool:
        """Whether the user may do ``action`` (for ``unit_id`` when the action is unit-bound)."""
        if not self.active or action not in _GRANTS.get(self.role, frozenset()):
            return False
        if self.role == "quan_tri" or action in GLOBAL_ACTIONS:
            return True
        return unit_id is None or unit_id in self.units

    def require(self, action: str, unit_id: int | None = None) -> None:
        """Raise :class:`AccessDenied` unless the user may do ``action``."""
        if not self.can(action, unit_id):
            where = "" if unit_id is None or self.role == "quan_tri" else " cho đơn vị này"
            raise AccessDenied(
                f"Tài khoản {self.username} ({self.role_label}) không có quyền thực hiện thao tác này{where}.",
                f"User {self.username} ({self.role}) may not do this ({action}).",
            )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: str) -> None:
    if len(password) < _MIN_PASSWORD:
        raise ValidationError(
            f"Mật khẩu phải có ít nhất {_MIN_PASSWORD} ký tự.",
            f"The password needs at least {_MIN_PASSWORD} characters.",
        )


def _descendants(session: Session, roots: Iterable[int]) -> frozenset[int]:
    children: dict[int, list[int]] = {}
    for uid, parent in session.execute(select(UnitRow.id, UnitRow.parent_id)):
        if parent is not None:
            children.setdefault(parent, []).append(uid)
    out: set[int] = set()
    todo = list(roots)
    while todo:
        u = todo.pop()
        if u not in out:
            out.add(u)
            todo.extend(children.get(u, ()))
    return frozenset(out)


def _to_user(session: Session, row: UserRow) -> User:
    assigned = frozenset(session.scalars(select(UserUnitRow.unit_id).where(UserUnitRow.user_id == row.id)))
    return User(
        row.id, row.username, row.full_name, row.role, row.active, assigned, _descendants(session, assigned)
    )


def _set_units(session: Session, user_id: int, unit_ids: Iterable[int]) -> None:
    wanted = set(unit_ids)
    known = set(session.scalars(select(UnitRow.id).where(UnitRow.id.in_(wanted)))) if wanted else set()
    if wanted - known:
        raise ValidationError("Có đơn vị không tồn tại.", "Unknown unit.")
    session.execute(delete(UserUnitRow).where(UserUnitRow.user_id == user_id))
    session.add_all(UserUnitRow(user_id=user_id, unit_id=u) for u in sorted(wanted))
    session.flush()


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    full_name: str = "",
    unit_ids: Iterable[int] = (),
) -> User:
    """A new active user; the username is lower-case letters, digits, ``_ . -``."""
    username = username.strip().lower()
    if not _USERNAME.fullmatch(username):
        raise ValidationError(
            "Tên đăng nhập gồm 3-64 chữ thường không dấu, chữ số hoặc _ . -",
            "A username has 3-64 lower-case letters, digits or _ . -",
        )
    if role not in ROLES:
        raise ValidationError(f"Vai trò không hợp lệ: {role!r}.", f"Invalid role: {role!r}.")
    _check_password(password)
    if find_user(session, username) is not None:
        raise ValidationError(f"Tên đăng nhập {username} đã có.", f"Username {username} is taken.")
    row = UserRow(
        username=username, full_name=full_name.strip(), password_hash=hash_password(password), role=role
    )
    session.add(row)
    session.flush()
    _set_units(session, row.id, unit_ids)
    return _to_user(session, row)


def update_user(
    session: Session,
    user_id: int,
    *,
    role: str | None = None,
    full_name: str | None = None,
    active: bool | None = None,
    unit_ids: Iterable[int] | None = None,
    password: str | None = None,
) -> User:
    row = session.get(UserRow, user_id)
    if row is None:
        raise ValidationError(f"Không có người dùng số {user_id}.", f"No user {user_id}.")
    if role is not None:
        if role not in ROLES:
            raise ValidationError(f"Vai trò không hợp lệ: {role!r}.", f"Invalid role: {role!r}.")
        row.role = role
    if full_name is not None:
        row.full_name = full_name.strip()
    if active is not None:
        row.active = active
    if password:
        _check_password(password)
        row.password_hash = hash_password(password)
    session.flush()
    if unit_ids is not None:
        _set_units(session, user_id, unit_ids)
    return _to_user(session, row)


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return _to_user(session, row) if row is not None else None


def find_user(session: Session, username: str) -> User | None:
    row = session.scalars(select(UserRow).where(UserRow.username == username.strip().lower())).first()
    return _to_user(session, row) if row is not None else None


def list_users(session: Session) -> list[User]:
    return [_to_user(session, r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, else ``None`` (same work either way)."""
    row = session.scalars(select(UserRow).where(UserRow.username == username.strip().lower())).first()
    try:
        _hasher.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.active:
        return None
    return _to_user(session, row)


# ---------------------------------------------------------------- API tokens


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user_id: int, name: str = "") -> str:
    """A new API token for ``user_id``; returned once, only its hash is kept."""
    token = "ct_" + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=user_id, name=name.strip()[:128], token_hash=_token_hash(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user holding ``token``; its last use is recorded (at most every ten minutes)."""
    row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == _token_hash(token))).first()
    if row is None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=10):
        row.last_used_at = now
        session.flush()
    user = get_user(session, row.user_id)
    return user if user is not None and user.active else None


# ---------------------------------------------------------------- period locks


def _lock_row(session: Session, unit_id: int | None, period: str) -> PeriodLockRow | None:
    q = select(PeriodLockRow).where(PeriodLockRow.period == period)
    q = q.where(PeriodLockRow.unit_id.is_(None) if unit_id is None else PeriodLockRow.unit_id == unit_id)
    return session.scalars(q).first()


def lock_period(session: Session, period: Period, unit_id: int | None, *, by: str) -> bool:
    """Close ``period`` for ``unit_id`` (all units when ``None``); ``False`` if it already was."""
    if _lock_row(session, unit_id, str(period)) is not None:
        return False
    session.add(PeriodLockRow(unit_id=unit_id, period=str(period), locked_by=by))
    session.flush()
    return True


def unlock_period(session: Session, period: Period, unit_id: int | None) -> bool:
    row = _lock_row(session, unit_id, str(period))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def is_locked(session: Session, unit_id: int, period: Period) -> bool:
    """Whether ``period`` is closed for ``unit_id`` (by its own lock or a lock on all units)."""
    q = select(PeriodLockRow.id).where(
        PeriodLockRow.period == str(period),
        (PeriodLockRow.unit_id == unit_id) | PeriodLockRow.unit_id.is_(None),
    )
    return session.scalars(q).first() is not None


def require_open(session: Session, unit_id: int, period: Period) -> None:
    if is_locked(session, unit_id, period):
        raise PeriodLocked(
            f"Kỳ báo cáo {period.label} đã khóa, không thể nhập hay sửa số liệu.",
            f"The period {period} is locked for data entry.",
        )


@dataclass(frozen=True, slots=True)
class Lock:
    id: int
    unit_id: int | None
    period: str
    locked_by: str
    locked_at: dt.datetime


def list_locks(session: Session) -> list[Lock]:
    rows = session.scalars(select(PeriodLockRow).order_by(PeriodLockRow.period, PeriodLockRow.id))
    return [Lock(r.id, r.unit_id, r.period, r.locked_by, r.locked_at) for r in rows]
