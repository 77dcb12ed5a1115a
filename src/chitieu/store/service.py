"""Assessing what the store holds: every target of a unit and period against its result.

The result for a target is chosen among the observations of the same indicator,
unit, period and measure: approved before submitted before draft, then the most
recently written. A yearly (or quarterly...) figure missing is combined from monthly
ones with the indicator's aggregation: ``sum`` needs every month of the period,
``mean`` averages the months there are, ``latest`` takes the last month there is.
A growth target (measure ``change``) is judged on the change the report stated, else
on the change computed from the levels of this year and the year before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.assess import assess, change_on
from chitieu.domain import Assessment, Indicator, Period, Unit
from chitieu.store import repo
from chitieu.store.tables import AliasRow, IndicatorRow, ObservationRow, TargetRow, UnitRow

__all__ = ["assess_period", "assess_unit", "observed"]

_STATE_RANK = {"approved": 3, "submitted": 2, "draft": 1}


@dataclass(frozen=True, slots=True)
class _Obs:
    kind: str
    year: int
    number: int
    measure: str
    value: float
    estimate: bool
    rank: tuple[int, int]


class _Figures:
    """The observations of one unit for a few indicators and years, indexed for look-up."""

    def __init__(self, rows: Iterable[ObservationRow]) -> None:
        self._best: dict[tuple[int, str, int, int, str], _Obs] = {}
        for r in rows:
            o = _Obs(r.period_kind, r.year, r.number, r.measure, r.value, r.estimate, (_STATE_RANK[r.state], r.id))
            k = (r.indicator_id, r.period_kind, r.year, r.number, r.measure)
            cur = self._best.get(k)
            if cur is None or o.rank > cur.rank:
                self._best[k] = o

    def get(self, ind: Indicator, period: Period, measure: str = "value") -> tuple[float | None, bool]:
        o = self._best.get((ind.id, period.kind, period.year, period.number, measure))
        if o is not None:
            return o.value, o.estimate
        if measure != "value" or period.kind == "month":
            return None, False
        months = [self._best.get((ind.id, "month", period.year, m, "value")) for m in period.months()]
        present = [m for m in months if m is not None]
        if not present:
            return None, False
        estimate = any(m.estimate for m in present)
        if ind.aggregation == "sum":
            return (sum(m.value for m in present), estimate) if len(present) == len(months) else (None, False)
        if ind.aggregation == "mean":
            return sum(m.value for m in present) / len(present), estimate
        return present[-1].value, estimate


def _load_indicators(session: Session, ids: set[int]) -> dict[int, Indicator]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for a in session.scalars(select(AliasRow).where(AliasRow.indicator_id.in_(ids))):
        aliases[a.indicator_id].append(a.alias)
    rows = session.scalars(select(IndicatorRow).where(IndicatorRow.id.in_(ids)))
    return {r.id: repo.to_indicator(r, tuple(aliases[r.id])) for r in rows}


def observed(session: Session, unit_id: int, indicator_ids: set[int], years: Iterable[int]) -> _Figures:
    q = select(ObservationRow).where(
        ObservationRow.unit_id == unit_id,
        ObservationRow.year.in_(list(years)),
        ObservationRow.indicator_id.in_(indicator_ids),
    )
    return _Figures(session.scalars(q))


def assess_unit(session: Session, unit: Unit, period: Period) -> list[Assessment]:
    """One assessment per target of ``unit`` for ``period``, in catalogue order."""
    targets = [
        repo.to_target(r)
        for r in session.scalars(
            select(TargetRow)
            .where(
                TargetRow.unit_id == unit.id,
                TargetRow.year == period.year,
                TargetRow.period_kind == period.kind,
                TargetRow.number == period.number,
            )
            .order_by(TargetRow.indicator_id, TargetRow.id)
        )
    ]
    if not targets:
        return []
    ids = {t.indicator_id for t in targets}
    catalogue = _load_indicators(session, ids)
    figures = observed(session, unit.id, ids, (period.year, period.year - 1))
    out: list[Assessment] = []
    for t in targets:
        ind = catalogue[t.indicator_id]
        level, estimate = figures.get(ind, period)
        previous, _ = figures.get(ind, period.previous_year())
        reported, _ = figures.get(ind, period, "change")
        if t.measure == "change":
            actual = reported if reported is not None else change_on(level, previous, points=False)
            out.append(assess(t, ind, unit_name=unit.name, actual=actual, estimate=estimate))
        else:
            out.append(
                assess(
                    t, ind, unit_name=unit.name, actual=level, previous=previous, reported_change=reported,
                    estimate=estimate,
                )  # fmt: skip
            )
    return out


def assess_period(session: Session, period: Period, *, unit_name: str | None = None) -> list[Assessment]:
    """Assess every unit that has targets for ``period`` (or only ``unit_name``)."""
    if unit_name is not None:
        unit = repo.find_unit(session, unit_name)
        if unit is None:
            from chitieu.errors import ValidationError

            raise ValidationError(
                f"Không có đơn vị nào tên “{unit_name}” trong cơ sở dữ liệu.",
                f"No unit called “{unit_name}” in the database.",
            )
        return assess_unit(session, unit, period)
    unit_ids = session.scalars(
        select(TargetRow.unit_id).where(TargetRow.year == period.year, TargetRow.period_kind == period.kind).distinct()
    )
    units = [repo.to_unit(r) for r in session.scalars(select(UnitRow).where(UnitRow.id.in_(list(unit_ids))))]
    return [a for u in sorted(units, key=lambda u: u.name) for a in assess_unit(session, u, period)]
