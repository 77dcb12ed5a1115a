"""Repositories: reading and writing units, plans, indicators, targets and observations.

Functions take an open :class:`~sqlalchemy.orm.Session` (see
:func:`chitieu.store.engine.session_scope`) and return :mod:`chitieu.domain` objects.
Writes go through the session, so each one is audited; a figure is never overwritten
silently: writing a different value under the same key and source updates the row
and the audit log keeps the old value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.domain import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorStatus,
    Measure,
    Observation,
    ObservationState,
    Period,
    Plan,
    ReviewState,
    Target,
    Unit,
)
from chitieu.model import Op
from chitieu.store.tables import AliasRow, IndicatorRow, ObservationRow, PlanRow, TargetRow, UnitRow
from chitieu.text.normalize import canonical, fold

__all__ = [
    "add_alias",
    "add_indicator",
    "add_unit",
    "find_plan",
    "find_unit",
    "get_or_create_plan",
    "get_or_create_unit",
    "indicators",
    "merge_units",
    "put_observation",
    "put_target",
    "review_fact",
    "to_indicator",
    "to_observation",
    "to_plan",
    "to_target",
    "to_unit",
]

_LEVELS = (
    ("thanh pho", "tỉnh"),
    ("tinh ", "tỉnh"),
    ("huyen ", "huyện"),
    ("thi xa ", "huyện"),
    ("quan ", "huyện"),
    ("xa ", "xã"),
    ("phuong ", "xã"),
    ("thi tran ", "xã"),
    ("so ", "sở"),
)


def key(text: str) -> str:
    """The matching key of a name: folded, single-spaced."""
    return " ".join(fold(canonical(text)).split())


def guess_level(name: str) -> str:
    k = key(name) + " "
    return next((level for prefix, level in _LEVELS if k.startswith(prefix)), "khác")


# ---------------------------------------------------------------- mapping rows to domain


def to_unit(r: UnitRow) -> Unit:
    return Unit(r.id, r.name, r.level, r.code, r.parent_id, r.valid_from, r.valid_to, r.successor_id)


def to_plan(r: PlanRow) -> Plan:
    return Plan(r.id, r.title, r.issuer, r.number, r.issued, r.first_year, r.last_year, r.unit_id)


def to_indicator(r: IndicatorRow, aliases: tuple[str, ...] = ()) -> Indicator:
    return Indicator(
        r.id,
        r.name,
        r.unit,
        r.code,
        r.domain,
        cast(Direction, r.direction),
        cast(Aggregation, r.aggregation),
        aliases,
        cast(IndicatorStatus, r.status),
    )


def _period(kind: str, year: int, number: int) -> Period:
    return Period(year, kind, number)  # type: ignore[arg-type]


def to_target(r: TargetRow) -> Target:
    return Target(
        r.id, r.indicator_id, r.unit_id, _period(r.period_kind, r.year, r.number), r.op,  # type: ignore[arg-type]
        r.value, r.low, r.high, r.plan_id, r.basis, r.measure, r.unit_of_measure,  # type: ignore[arg-type]
        r.document_id, r.line,
    )  # fmt: skip


def to_observation(r: ObservationRow) -> Observation:
    return Observation(
        r.id, r.indicator_id, r.unit_id, _period(r.period_kind, r.year, r.number), r.value,
        r.measure, r.of, r.estimate, r.state, r.basis, r.document_id, r.line, r.entered_by,  # type: ignore[arg-type]
    )  # fmt: skip


# ---------------------------------------------------------------- units


def add_unit(
    session: Session,
    name: str,
    *,
    level: str | None = None,
    code: str | None = None,
    parent: Unit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Unit:
    name = canonical(name).strip()
    row = UnitRow(
        name=name, folded=key(name), level=level or guess_level(name), code=code,
        parent_id=parent.id if parent else None, valid_from=valid_from, valid_to=valid_to,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return to_unit(row)


def find_unit(session: Session, name: str, *, on: dt.date | None = None) -> Unit | None:
    """The unit called ``name`` (any spelling, diacritics or not); the version valid ``on`` a day.

    Without a day the newest version is returned. Old names stay findable after a
    merger: follow ``successor_id`` to the unit that replaced it.
    """
    rows = list(session.scalars(select(UnitRow).where(UnitRow.folded == key(name)).order_by(UnitRow.id)))
    if not rows and name.strip():
        rows = list(session.scalars(select(UnitRow).where(UnitRow.code == name.strip())))
    units = [to_unit(r) for r in rows]
    if on is not None:
        units = [u for u in units if u.valid_on(on)]
    return units[-1] if units else None


def get_or_create_unit(session: Session, name: str) -> Unit:
    return find_unit(session, name) or add_unit(session, name)


def merge_units(session: Session, old: list[Unit], new: Unit, *, on: dt.date) -> None:
    """Record that ``old`` units ceased ``on`` a day and ``new`` took over (the 2025 reform)."""
    for unit in old:
        row = session.get(UnitRow, unit.id)
        assert row is not None
        row.valid_to = on
        row.successor_id = new.id
    new_row = session.get(UnitRow, new.id)
    if new_row is not None and new_row.valid_from is None:
        new_row.valid_from = on
    session.flush()


def successors(session: Session, unit: Unit) -> list[Unit]:
    """The chain of units that replaced ``unit``, oldest first."""
    out: list[Unit] = []
    current = unit
    while current.successor_id is not None and len(out) < 20:
        row = session.get(UnitRow, current.successor_id)
        if row is None:
            break
        current = to_unit(row)
        out.append(current)
    return out


# ---------------------------------------------------------------- plans


def find_plan(session: Session, title: str) -> Plan | None:
    row = session.scalars(select(PlanRow).where(PlanRow.folded == key(title)).order_by(PlanRow.id)).first()
    return to_plan(row) if row else None


def get_or_create_plan(
    session: Session,
    title: str,
    *,
    unit: Unit | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
    issuer: str = "",
    number: str = "",
) -> Plan:
    found = find_plan(session, title)
    if found:
        return found
    title = canonical(title).strip()
    row = PlanRow(
        title=title, folded=key(title), issuer=issuer, number=number, first_year=first_year,
        last_year=last_year, unit_id=unit.id if unit else None,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return to_plan(row)


# ---------------------------------------------------------------- indicators


def add_indicator(
    session: Session,
    name: str,
    *,
    unit: str = "",
    code: str | None = None,
    domain: str | None = None,
    direction: str = "up",
    aggregation: str = "sum",
    status: str = "active",
    aliases: tuple[str, ...] = (),
) -> Indicator:
    name = canonical(name).strip()
    row = IndicatorRow(
        name=name, folded=key(name), unit=unit, code=code, domain=domain, direction=direction,
        aggregation=aggregation, status=status,
    )  # fmt: skip
    session.add(row)
    session.flush()
    for alias in aliases:
        add_alias(session, row.id, alias)
    return to_indicator(row, tuple(aliases))


def add_alias(session: Session, indicator_id: int, alias: str) -> None:
    alias = canonical(alias).strip()
    if session.scalars(select(AliasRow).where(AliasRow.folded == key(alias))).first() is None:
        session.add(AliasRow(indicator_id=indicator_id, alias=alias, folded=key(alias)))
        session.flush()


def indicators(session: Session, *, status: str | None = None) -> list[Indicator]:
    """The catalogue, with aliases."""
    aliases: dict[int, list[str]] = {}
    for a in session.scalars(select(AliasRow).order_by(AliasRow.id)):
        aliases.setdefault(a.indicator_id, []).append(a.alias)
    q = select(IndicatorRow).order_by(IndicatorRow.id)
    if status:
        q = q.where(IndicatorRow.status == status)
    return [to_indicator(r, tuple(aliases.get(r.id, ()))) for r in session.scalars(q)]


# ---------------------------------------------------------------- figures


def _source(document_id: int | None, line: int | None, entered_by: str | None) -> str:
    if document_id is not None:
        return f"doc:{document_id}:{line or 0}"
    return f"user:{entered_by or 'unknown'}"


def _put(session: Session, model: Any, keys: dict[str, Any], values: dict[str, Any]) -> tuple[Any, bool]:
    """Insert, or update the row with the same key (audited); returns (row, changed)."""
    row = session.scalars(select(model).filter_by(**keys)).first()
    if row is None:
        row = model(**keys, **values)
        session.add(row)
        session.flush()
        return row, True
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        session.flush()
    return row, changed


def put_target(
    session: Session,
    *,
    indicator_id: int,
    unit_id: int,
    period: Period,
    op: Op,
    value: float | None = None,
    low: float | None = None,
    high: float | None = None,
    plan_id: int | None = None,
    basis: str | None = None,
    measure: Measure = "value",
    unit_of_measure: str = "",
    document_id: int | None = None,
    line: int | None = None,
    entered_by: str | None = None,
) -> tuple[Target, bool]:
    keys = {
        "indicator_id": indicator_id, "unit_id": unit_id, "period_kind": period.kind, "year": period.year,
        "number": period.number, "measure": measure, "source": _source(document_id, line, entered_by),
    }  # fmt: skip
    values = {
        "op": op, "value": value, "low": low, "high": high, "plan_id": plan_id, "basis": basis,
        "unit_of_measure": unit_of_measure, "document_id": document_id, "line": line, "entered_by": entered_by,
    }  # fmt: skip
    row, changed = _put(session, TargetRow, keys, values)
    return to_target(row), changed


def put_observation(
    session: Session,
    *,
    indicator_id: int,
    unit_id: int,
    period: Period,
    value: float,
    measure: Measure = "value",
    of: float | None = None,
    estimate: bool = False,
    state: ObservationState = "draft",
    basis: str | None = None,
    document_id: int | None = None,
    line: int | None = None,
    entered_by: str | None = None,
) -> tuple[Observation, bool]:
    keys = {
        "indicator_id": indicator_id, "unit_id": unit_id, "period_kind": period.kind, "year": period.year,
        "number": period.number, "measure": measure, "source": _source(document_id, line, entered_by),
    }  # fmt: skip
    values = {
        "value": value, "of": of, "estimate": estimate, "state": state, "basis": basis,
        "document_id": document_id, "line": line, "entered_by": entered_by,
    }  # fmt: skip
    row, changed = _put(session, ObservationRow, keys, values)
    return to_observation(row), changed


def review_fact(session: Session, fact_id: int, state: ReviewState) -> None:
    """Mark an extracted fact ``accepted`` or ``rejected`` (or back to ``pending``); audited."""
    from chitieu.errors import ValidationError
    from chitieu.store.tables import FactRow

    row = session.get(FactRow, fact_id)
    if row is None:
        raise ValidationError(f"Không có dữ kiện số {fact_id}.", f"No fact number {fact_id}.")
    if state not in ("pending", "accepted", "rejected"):
        raise ValidationError(
            f"Trạng thái duyệt không hợp lệ: {state!r}.", f"Invalid review state: {state!r}."
        )
    row.review = state
    session.flush()
