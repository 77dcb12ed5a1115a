"""Writing figures on behalf of a user: enter an observation, put a target, approve, lock periods.

What the REST API (and any other surface) does when a person writes: each function
checks the user's permission for the unit, that the period is open, and the value
(Vietnamese number format, shares within 0–100, no negative counts), then writes in
the caller's transaction (audited under the caller's actor). Errors come from
:mod:`chitieu.errors`: :class:`~chitieu.errors.NotFound` (404),
:class:`~chitieu.errors.Conflict` and :class:`~chitieu.store.users.PeriodLocked` (409),
:class:`~chitieu.store.users.AccessDenied` (403), :class:`~chitieu.errors.ValidationError` (422).
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Measure, Observation, Period, Target
from chitieu.errors import NotFound, ValidationError
from chitieu.model import OPS, Op
from chitieu.store import browse, repo, review
from chitieu.store import users as accounts
from chitieu.store.users import Lock, User
from chitieu.text.numbers import format_number, parse_number

__all__ = ["Move", "check_value", "enter_observation", "lock", "move", "put_target", "unlock"]

Move = Literal["submit", "approve", "return"]
# what each move needs, and the state it leads to
_MOVES: dict[str, tuple[str, Literal["draft", "submitted", "approved"]]] = {
    "submit": ("observation.submit", "submitted"),
    "approve": ("observation.approve", "approved"),
    "return": ("observation.return", "draft"),
}
_EN_NUMBER = ("Hãy viết số theo kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân "
              "(ví dụ 1.234,5).")  # fmt: skip


def check_value(text: str, ind: Indicator) -> tuple[float | None, str]:
    """The value typed for ``ind`` and an error message ("" when it is fine or empty)."""
    text = text.strip().replace(" ", "")
    if not text:
        return None, ""
    value = parse_number(text)
    if value is None:
        return None, f"“{text}” không phải là số. {_EN_NUMBER}"
    if ind.is_share and not 0 <= value <= 100:
        return None, "Tỷ lệ phải nằm trong khoảng 0 đến 100%."
    if value < 0 and ind.unit != "%" and ind.aggregation == "sum":
        return None, "Số liệu này không được âm."
    return value, ""


def _text(value: str | float) -> str:
    return value if isinstance(value, str) else format_number(value)


def _indicator_and_unit(session: Session, indicator_id: int, unit_id: int) -> Indicator:
    ind = browse.get_indicator(session, indicator_id)
    if ind is None:
        raise ValidationError(f"Không có chỉ tiêu số {indicator_id}.", f"No indicator {indicator_id}.")
    if browse.get_unit(session, unit_id) is None:
        raise ValidationError(f"Không có đơn vị số {unit_id}.", f"No unit {unit_id}.")
    return ind


def enter_observation(
    session: Session, user: User, *, indicator_id: int, unit_id: int, period: Period, value: str | float
) -> Observation:
    """A figure typed in by ``user`` (a draft under the user's own source; the same source is replaced)."""
    user.require("observation.enter", unit_id)
    ind = _indicator_and_unit(session, indicator_id, unit_id)
    accounts.require_open(session, unit_id, period)
    number, error = check_value(_text(value), ind)
    if error or number is None:
        raise ValidationError(error or "Thiếu giá trị.", "Invalid value.")
    obs, _ = repo.put_observation(session, indicator_id=ind.id, unit_id=unit_id, period=period, value=number,
                                  state="draft", entered_by=user.username)  # fmt: skip
    return obs


def put_target(
    session: Session,
    user: User,
    *,
    indicator_id: int,
    unit_id: int,
    period: Period,
    op: str,
    value: str | float | None = None,
    low: str | float | None = None,
    high: str | float | None = None,
    plan_id: int | None = None,
    measure: Measure = "value",
) -> Target:
    """A target typed in by ``user`` (its source is the user; the same source is replaced)."""
    user.require("target.put", unit_id)
    if op not in OPS:
        raise ValidationError(
            f"Phép so sánh không hợp lệ: “{op}” (một trong {', '.join(OPS)}).", "Invalid op."
        )
    ind = _indicator_and_unit(session, indicator_id, unit_id)
    if plan_id is not None and browse.get_plan(session, plan_id) is None:
        raise ValidationError(f"Không có kế hoạch số {plan_id}.", f"No plan {plan_id}.")
    accounts.require_open(session, unit_id, period)
    numbers: dict[str, float | None] = {}
    for name, given in (("value", value), ("low", low), ("high", high)):
        numbers[name] = None
        if given is not None:
            number = parse_number(_text(given).strip().replace(" ", ""))
            if number is None:
                raise ValidationError(
                    f"Trường {name}: “{given}” không phải là số. {_EN_NUMBER}", f"{name}: not a number."
                )
            numbers[name] = number
    if op == "between" and (numbers["low"] is None or numbers["high"] is None):
        raise ValidationError(
            "Chỉ tiêu dạng khoảng cần cả cận dưới và cận trên.", "A range needs low and high."
        )
    if op != "between" and numbers["value"] is None:
        raise ValidationError("Hãy nhập giá trị chỉ tiêu (ví dụ 1.234,5).", "Enter the target value.")
    target, _ = repo.put_target(
        session, indicator_id=ind.id, unit_id=unit_id, period=period, op=_op(op),
        value=numbers["value"] if op != "between" else None, low=numbers["low"], high=numbers["high"],
        plan_id=plan_id, measure=measure, unit_of_measure=ind.unit, entered_by=user.username,
    )  # fmt: skip
    return target


def _op(text: str) -> Op:
    for op in OPS:
        if op == text:
            return op
    raise ValidationError("Phép so sánh không hợp lệ.", "Invalid op.")


def move(session: Session, user: User, observation_id: int, action: Move) -> Observation:
    """Submit a draft, approve a submitted figure, or return it for correction."""
    permission, state = _MOVES[action]
    found = review.observation(session, observation_id)
    if found is None:
        raise NotFound(f"Không có số liệu số {observation_id}.", f"No figure {observation_id}.")
    user.require(permission, found.unit_id)
    accounts.require_open(session, found.unit_id, found.period)
    return review.set_state(session, observation_id, state)


def lock(session: Session, user: User, period: Period, unit_id: int | None) -> tuple[Lock, bool]:
    """Close ``period`` for a unit (or for all units: administrators only); ``True`` if it was open."""
    if unit_id is None:
        user.require("plan.manage")
    else:
        user.require("period.lock", unit_id)
        if browse.get_unit(session, unit_id) is None:
            raise ValidationError(f"Không có đơn vị số {unit_id}.", f"No unit {unit_id}.")
    created = accounts.lock_period(session, period, unit_id, by=user.username)
    found = next(x for x in accounts.list_locks(session) if x.period == str(period) and x.unit_id == unit_id)
    return found, created


def unlock(session: Session, user: User, lock_id: int) -> None:
    """Open again the period of lock ``lock_id``."""
    found = next((x for x in accounts.list_locks(session) if x.id == lock_id), None)
    if found is None:
        raise NotFound(f"Không có khóa sổ số {lock_id}.", f"No period lock {lock_id}.")
    if found.unit_id is None:
        user.require("plan.manage")
    else:
        user.require("period.lock", found.unit_id)
    accounts.unlock_period(session, Period.parse(found.period), found.unit_id)
