"""Reading the store for screens and the API: catalogue, plans, figures by key, pages of rows.

Every function returns :mod:`chitieu.domain` objects (rows stay in the store). The
only write here is a plan's ``public`` flag (the public read-only mode).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Observation, Period, Plan, Target, Unit
from chitieu.store import repo
from chitieu.store.tables import (
    AliasRow,
    AuditRow,
    IndicatorRow,
    ObservationRow,
    PlanRow,
    TargetRow,
    UnitRow,
)

__all__ = [
    "data_version",
    "get_indicator",
    "get_plan",
    "get_target",
    "get_unit",
    "indicator_history",
    "indicators_page",
    "observations_for",
    "observations_page",
    "plan_is_public",
    "plans",
    "plans_page",
    "public_plan_ids",
    "set_plan_public",
    "target_periods",
    "targets_page",
    "units",
    "units_page",
]


def data_version(session: Session) -> int:
    """A number that grows with every audited write (for caching what is computed from the data)."""
    return int(session.scalar(select(func.max(AuditRow.id))) or 0)


def units(session: Session) -> list[Unit]:
    return [repo.to_unit(r) for r in session.scalars(select(UnitRow).order_by(UnitRow.id))]


def get_unit(session: Session, unit_id: int) -> Unit | None:
    row = session.get(UnitRow, unit_id)
    return repo.to_unit(row) if row is not None else None


def plans(session: Session) -> list[tuple[Plan, bool]]:
    """Every plan with its ``public`` flag."""
    return [(repo.to_plan(r), bool(r.public)) for r in session.scalars(select(PlanRow).order_by(PlanRow.id))]


def get_plan(session: Session, plan_id: int) -> Plan | None:
    row = session.get(PlanRow, plan_id)
    return repo.to_plan(row) if row is not None else None


def plan_is_public(session: Session, plan_id: int) -> bool:
    row = session.get(PlanRow, plan_id)
    return bool(row is not None and row.public)


def public_plan_ids(session: Session) -> set[int]:
    return set(session.scalars(select(PlanRow.id).where(PlanRow.public.is_(True))))


def set_plan_public(session: Session, plan_id: int, public: bool) -> None:
    row = session.get(PlanRow, plan_id)
    if row is None:
        from chitieu.errors import ValidationError

        raise ValidationError(f"Không có kế hoạch số {plan_id}.", f"No plan {plan_id}.")
    row.public = public
    session.flush()


def get_indicator(session: Session, indicator_id: int) -> Indicator | None:
    row = session.get(IndicatorRow, indicator_id)
    if row is None:
        return None
    aliases = tuple(session.scalars(select(AliasRow.alias).where(AliasRow.indicator_id == indicator_id)))
    return repo.to_indicator(row, aliases)


def target_periods(session: Session) -> list[Period]:
    """The periods that have targets, newest first."""
    rows = session.execute(select(TargetRow.period_kind, TargetRow.year, TargetRow.number).distinct())
    periods = {Period(y, k, n) for k, y, n in rows}  # type: ignore[arg-type]
    return sorted(periods, key=Period.sort_key, reverse=True)


def indicator_history(
    session: Session, indicator_id: int, unit_id: int | None = None
) -> tuple[list[Target], list[Observation]]:
    """Every target and observation of an indicator (of one unit, if given), oldest first."""
    tq = select(TargetRow).where(TargetRow.indicator_id == indicator_id)
    oq = select(ObservationRow).where(ObservationRow.indicator_id == indicator_id)
    if unit_id is not None:
        tq = tq.where(TargetRow.unit_id == unit_id)
        oq = oq.where(ObservationRow.unit_id == unit_id)
    targets = [repo.to_target(r) for r in session.scalars(tq)]
    observations = [repo.to_observation(r) for r in session.scalars(oq)]
    targets.sort(key=lambda t: (t.period.sort_key(), t.id))
    observations.sort(key=lambda o: (o.period.sort_key(), o.id))
    return targets, observations


def observations_for(
    session: Session,
    unit_ids: Iterable[int],
    period: Period | None = None,
    *,
    states: Iterable[str] | None = None,
    measure: str | None = "value",
) -> list[Observation]:
    """The observations of some units (for a period, in some states), by indicator."""
    q = select(ObservationRow).where(ObservationRow.unit_id.in_(list(unit_ids)))
    if period is not None:
        q = q.where(
            ObservationRow.year == period.year,
            ObservationRow.period_kind == period.kind,
            ObservationRow.number == period.number,
        )
    if states is not None:
        q = q.where(ObservationRow.state.in_(list(states)))
    if measure is not None:
        q = q.where(ObservationRow.measure == measure)
    return [
        repo.to_observation(r)
        for r in session.scalars(q.order_by(ObservationRow.indicator_id, ObservationRow.id))
    ]


def _page(session: Session, q: Any, limit: int, offset: int) -> tuple[list[Any], int]:
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    return list(session.scalars(q.limit(limit).offset(offset))), int(total)


def targets_page(
    session: Session,
    *,
    plan_id: int | None = None,
    unit_id: int | None = None,
    indicator_id: int | None = None,
    year: int | None = None,
    period: Period | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Target], int]:
    """The targets (of a plan, a unit, an indicator, a year, one period), one page."""
    q = select(TargetRow).order_by(TargetRow.id)
    for col, value in ((TargetRow.plan_id, plan_id), (TargetRow.unit_id, unit_id),
                       (TargetRow.indicator_id, indicator_id), (TargetRow.year, year)):  # fmt: skip
        if value is not None:
            q = q.where(col == value)
    if period is not None:
        q = q.where(TargetRow.year == period.year, TargetRow.period_kind == period.kind,
                    TargetRow.number == period.number)  # fmt: skip
    rows, total = _page(session, q, limit, offset)
    return [repo.to_target(r) for r in rows], total


def observations_page(
    session: Session,
    *,
    unit_id: int | None = None,
    indicator_id: int | None = None,
    year: int | None = None,
    state: str | None = None,
    period: Period | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Observation], int]:
    """The observations (of a unit, an indicator, a year, in a state, of one period), one page."""
    q = select(ObservationRow).order_by(ObservationRow.id)
    for col, value in ((ObservationRow.unit_id, unit_id), (ObservationRow.indicator_id, indicator_id),
                       (ObservationRow.year, year), (ObservationRow.state, state)):  # fmt: skip
        if value is not None:
            q = q.where(col == value)
    if period is not None:
        q = q.where(ObservationRow.year == period.year, ObservationRow.period_kind == period.kind,
                    ObservationRow.number == period.number)  # fmt: skip
    rows, total = _page(session, q, limit, offset)
    return [repo.to_observation(r) for r in rows], total


def _contains(text: str | None, wanted: str) -> bool:
    return text is not None and repo.key(wanted) in repo.key(text)


def indicators_page(
    session: Session,
    *,
    domain: str | None = None,
    status: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Indicator], int]:
    """The catalogue (of a domain, a status; whose name, code or alias contains ``q``), one page."""
    catalogue = [
        i for i in repo.indicators(session, status=status)
        if (domain is None or i.domain == domain)
        and (not q or _contains(i.name, q) or _contains(i.code, q) or any(_contains(a, q) for a in i.aliases))
    ]  # fmt: skip
    return catalogue[offset : offset + limit], len(catalogue)


def units_page(
    session: Session,
    *,
    level: str | None = None,
    parent_id: int | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Unit], int]:
    """The units (of a level, under a parent, whose name contains ``q``), one page."""
    found = [u for u in units(session) if (level is None or u.level == level)
             and (parent_id is None or u.parent_id == parent_id) and (not q or _contains(u.name, q))]  # fmt: skip
    return found[offset : offset + limit], len(found)


def plans_page(
    session: Session, *, unit_id: int | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[tuple[Plan, bool]], int]:
    """The plans (of one unit) with their ``public`` flag, one page."""
    found = [(p, public) for p, public in plans(session) if unit_id is None or p.unit_id == unit_id]
    return found[offset : offset + limit], len(found)


def get_target(session: Session, target_id: int) -> Target | None:
    row = session.get(TargetRow, target_id)
    return repo.to_target(row) if row is not None else None
