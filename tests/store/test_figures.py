"""Writing figures for a user: values, permissions, period locks, approval moves (on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Period
from chitieu.errors import Conflict, NotFound, ValidationError
from chitieu.store import figures, repo
from chitieu.store.engine import session_scope
from chitieu.store.users import AccessDenied, PeriodLocked, User


@dataclass(frozen=True)
class Place:
    unit: int
    other: int
    money: int
    share: int


@pytest.fixture
def place(engine: Engine) -> Iterator[tuple[Session, Place]]:
    with session_scope(engine, actor="test") as s:
        unit = repo.add_unit(s, "Tỉnh Thử", level="tỉnh")
        other = repo.add_unit(s, "Tỉnh Khác", level="tỉnh")
        money = repo.add_indicator(s, "Tổng vốn đầu tư", unit="tỷ đồng")
        share = repo.add_indicator(s, "Tỷ lệ che phủ rừng", unit="%", aggregation="mean")
        yield s, Place(unit.id, other.id, money.id, share.id)


def _user(role: str, *units: int) -> User:
    return User(
        id=1, username=f"u_{role}", full_name="", role=role, assigned=frozenset(units), units=frozenset(units)
    )


@pytest.mark.parametrize(
    ("text", "share", "value", "error"),
    [
        ("1.234,5", False, 1234.5, ""),
        (" 12 ", True, 12.0, ""),
        ("", False, None, ""),
        ("101", True, None, "0 đến 100"),
        ("-3", False, None, "không được âm"),
        ("abc", False, None, "không phải là số"),
    ],
)
def test_check_value_cases(text: str, share: bool, value: float | None, error: str) -> None:
    ind = Indicator(1, "Tỷ lệ che phủ rừng", unit="%") if share else Indicator(1, "Tổng vốn", unit="tỷ đồng")
    got, message = figures.check_value(text, ind)
    assert got == value and (error in message if error else message == "")


def test_enter_observation_writes_a_draft(place: tuple[Session, Place]) -> None:
    s, p = place
    obs = figures.enter_observation(s, _user("cap_nhat", p.unit), indicator_id=p.money, unit_id=p.unit,
                                    period=Period(2024), value="2.500")  # fmt: skip
    assert obs.value == 2500 and obs.state == "draft" and obs.entered_by == "u_cap_nhat"


@pytest.mark.parametrize(
    ("role", "where", "indicator", "value", "error"),
    [
        ("cap_nhat", "other", "money", "1", AccessDenied),
        ("xem", "unit", "money", "1", AccessDenied),
        ("cap_nhat", "unit", "share", "150", ValidationError),
        ("cap_nhat", "unit", "missing", "1", ValidationError),
        ("cap_nhat", "unit", "money", "", ValidationError),
    ],
)
def test_enter_observation_refused(
    place: tuple[Session, Place], role: str, where: str, indicator: str, value: str, error: type[Exception]
) -> None:
    s, p = place
    unit = p.unit if where == "unit" else p.other
    ind = {"money": p.money, "share": p.share, "missing": 99999}[indicator]
    with pytest.raises(error):
        figures.enter_observation(s, _user(role, p.unit), indicator_id=ind, unit_id=unit, period=Period(2024),
                                  value=value)  # fmt: skip


def test_enter_observation_in_a_locked_period(place: tuple[Session, Place]) -> None:
    s, p = place
    figures.lock(s, _user("phe_duyet", p.unit), Period(2024), p.unit)
    with pytest.raises(PeriodLocked):
        figures.enter_observation(s, _user("cap_nhat", p.unit), indicator_id=p.money, unit_id=p.unit,
                                  period=Period(2024), value=1)  # fmt: skip


@pytest.mark.parametrize(
    ("op", "values", "error"),
    [
        ("between", {"low": 1}, "cận dưới và cận trên"),
        (">=", {}, "giá trị chỉ tiêu"),
        ("~", {"value": 1}, "Phép so sánh"),
        (">=", {"value": "x"}, "không phải là số"),
    ],
)
def test_put_target_refused(
    place: tuple[Session, Place], op: str, values: dict[str, float], error: str
) -> None:
    s, p = place
    with pytest.raises(ValidationError, match=error):
        figures.put_target(s, _user("cap_nhat", p.unit), indicator_id=p.money, unit_id=p.unit, period=Period(2025),
                           op=op, **values)  # type: ignore[arg-type]  # fmt: skip


def test_put_target_range(place: tuple[Session, Place]) -> None:
    s, p = place
    t = figures.put_target(s, _user("quan_tri"), indicator_id=p.share, unit_id=p.unit, period=Period(2025),
                           op="between", low="40,5", high=45)  # fmt: skip
    assert (t.low, t.high, t.value, t.unit_of_measure) == (40.5, 45.0, None, "%")


def test_move_along_and_back(place: tuple[Session, Place]) -> None:
    s, p = place
    updater, approver = _user("cap_nhat", p.unit), _user("phe_duyet", p.unit)
    obs = figures.enter_observation(
        s, updater, indicator_id=p.money, unit_id=p.unit, period=Period(2024), value=5
    )
    with pytest.raises(Conflict):
        figures.move(s, approver, obs.id, "approve")
    with pytest.raises(AccessDenied):
        figures.move(s, approver, obs.id, "submit")
    assert figures.move(s, updater, obs.id, "submit").state == "submitted"
    assert figures.move(s, approver, obs.id, "return").state == "draft"
    figures.move(s, updater, obs.id, "submit")
    assert figures.move(s, approver, obs.id, "approve").state == "approved"
    with pytest.raises(NotFound):
        figures.move(s, approver, 99999, "approve")


def test_lock_and_unlock(place: tuple[Session, Place]) -> None:
    s, p = place
    approver = _user("phe_duyet", p.unit)
    with pytest.raises(AccessDenied):
        figures.lock(s, approver, Period(2024), None)  # all units: administrators only
    with pytest.raises(AccessDenied):
        figures.lock(s, approver, Period(2024), p.other)
    found, created = figures.lock(s, approver, Period(2024, "quarter", 2), p.unit)
    assert created and found.period == "2024-Q2" and found.locked_by == "u_phe_duyet"
    assert figures.lock(s, approver, Period(2024, "quarter", 2), p.unit) == (found, False)
    figures.unlock(s, approver, found.id)
    with pytest.raises(NotFound):
        figures.unlock(s, approver, found.id)
