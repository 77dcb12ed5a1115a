"""Assessing what the store holds: every target of a unit and period against its result.

The result for a target is chosen among the observations of the same indicator,
unit, period and measure: approved before submitted before draft, then the most
recently written. A yearly (or quarterly...) figure missing is combined from monthly
ones with the indicator's aggregation: ``sum`` needs every month of the period,
``mean`` averages the months there are, ``latest`` takes the last month there is.
A unit without its own figure gets its children's combined (the units directly under
it that existed at the end of the period; every one must have the figure): summed, or
averaged for ``mean`` indicators.
A growth target (measure ``change``) is judged on the change the report stated, else
on the change computed from the levels of this year and the year before.

Each yearly target of a level or a growth (measure ``value`` or ``change``) also gets
its trajectory (:func:`chitieu.assess.trajectory.trajectory`) from the unit's yearly
levels up to the target's year (its own, or combined from its months; not its children's).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.assess import assess, change_on
from chitieu.assess.trajectory import Trajectory, trajectory
from chitieu.domain import Assessment, Indicator, Period, Target, Unit
from chitieu.store import repo
from chitieu.store.tables import AliasRow, IndicatorRow, ObservationRow, TargetRow, UnitRow

__all__ = [
    "UnitFigure",
    "across_units",
    "assess_period",
    "assess_unit",
    "assess_units",
    "observed",
    "trajectories",
]

# the columns of an observation that figures are read from (plain columns: fast on large stores)
_FIGURE_COLUMNS = (
    ObservationRow.indicator_id,
    ObservationRow.period_kind,
    ObservationRow.year,
    ObservationRow.number,
    ObservationRow.measure,
    ObservationRow.value,
    ObservationRow.estimate,
    ObservationRow.state,
    ObservationRow.id,
)
_STATE_RANK = {"approved": 3, "submitted": 2, "draft": 1}


class _Figures:
    """The observations of one unit for a few indicators and years, indexed for look-up."""

    def __init__(self, rows: Iterable[Any]) -> None:
        # (indicator, kind, year, number, measure) -> (value, estimate, (state rank, row id))
        best: dict[tuple[int, str, int, int, str], tuple[float, bool, tuple[int, int]]] = {}
        for ind_id, kind, year, number, measure, value, estimate, state, row_id in rows:
            k = (ind_id, kind, year, number, measure)
            rank = (_STATE_RANK[state], row_id)
            cur = best.get(k)
            if cur is None or rank > cur[2]:
                best[k] = (value, estimate, rank)
        self._best = best
        self._years: dict[int, set[int]] = defaultdict(set)
        for ind_id, kind, year, _, measure in best:
            if measure == "value" and kind in ("year", "month"):
                self._years[ind_id].add(year)

    def yearly(self, ind: Indicator, upto: int) -> list[tuple[int, float]]:
        """The yearly figures of ``ind`` up to ``upto`` (the year's own, else combined from months)."""
        out: list[tuple[int, float]] = []
        for year in sorted(y for y in self._years.get(ind.id, ()) if y <= upto):
            value, _ = self.get(ind, Period(year))
            if value is not None:
                out.append((year, value))
        return out

    def get(self, ind: Indicator, period: Period, measure: str = "value") -> tuple[float | None, bool]:
        o = self._best.get((ind.id, period.kind, period.year, period.number, measure))
        if o is not None:
            return o[0], o[1]
        if measure != "value" or period.kind == "month":
            return None, False
        months = [self._best.get((ind.id, "month", period.year, m, "value")) for m in period.months()]
        present = [m for m in months if m is not None]
        if not present:
            return None, False
        estimate = any(m[1] for m in present)
        if ind.aggregation == "sum":
            return (sum(m[0] for m in present), estimate) if len(present) == len(months) else (None, False)
        if ind.aggregation == "mean":
            return sum(m[0] for m in present) / len(present), estimate
        return present[-1][0], estimate


def _load_indicators(session: Session, ids: set[int]) -> dict[int, Indicator]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for a in session.scalars(select(AliasRow).where(AliasRow.indicator_id.in_(ids))):
        aliases[a.indicator_id].append(a.alias)
    rows = session.scalars(select(IndicatorRow).where(IndicatorRow.id.in_(ids)))
    return {r.id: repo.to_indicator(r, tuple(aliases[r.id])) for r in rows}


def observed(
    session: Session,
    unit_id: int,
    indicator_ids: set[int],
    years: Iterable[int] | None = None,
    *,
    upto: int = 0,
) -> _Figures:
    """The figures of ``unit_id`` for these indicators and years, or every year up to ``upto``.

    Plain columns, not ORM rows: fast on large stores.
    """
    o = ObservationRow
    q = select(*_FIGURE_COLUMNS).where(
        o.unit_id == unit_id, o.year.in_(list(years)) if years is not None else o.year <= upto
    )
    # filtering the indicators here, not in SQL, keeps the statement small and cached
    return _Figures(r for r in session.connection().execute(q) if r[0] in indicator_ids)


class _Combined:
    """A unit's own figures, else its children's combined (sum, or mean; ``latest`` sums over units)."""

    def __init__(self, own: _Figures, children: list[_Figures]) -> None:
        self.own = own
        self.children = children

    def get(self, ind: Indicator, period: Period, measure: str = "value") -> tuple[float | None, bool]:
        value, estimate = self.own.get(ind, period, measure)
        if value is not None or measure != "value" or not self.children:
            return value, estimate
        parts = [c.get(ind, period) for c in self.children]
        if any(v is None for v, _ in parts):
            return None, False
        values = [v for v, _ in parts if v is not None]
        total = sum(values) / len(values) if ind.aggregation == "mean" else sum(values)
        return total, any(e for _, e in parts)


def _children(session: Session, unit: Unit, period: Period, ids: set[int]) -> list[_Figures]:
    """The figures of each unit directly under ``unit`` that existed at the end of ``period``."""
    day = period.cutoff()[1]
    kids = [repo.to_unit(r) for r in session.scalars(select(UnitRow).where(UnitRow.parent_id == unit.id))]
    kids = [k for k in kids if k.valid_on(day)]
    if not kids:
        return []
    o = ObservationRow
    q = select(o.unit_id, *_FIGURE_COLUMNS).where(
        o.unit_id.in_([k.id for k in kids]), o.year.in_([period.year, period.year - 1])
    )
    rows: dict[int, list[Any]] = {k.id: [] for k in kids}
    for r in session.connection().execute(q):
        if r[1] in ids:
            rows[r[0]].append(r[1:])
    return [_Figures(v) for v in rows.values()]


def assess_unit(
    session: Session, unit: Unit, period: Period, *, indicator_id: int | None = None
) -> list[Assessment]:
    """One assessment per target of ``unit`` for ``period`` (of one indicator if given), in catalogue order."""
    query = select(TargetRow).where(
        TargetRow.unit_id == unit.id,
        TargetRow.year == period.year,
        TargetRow.period_kind == period.kind,
        TargetRow.number == period.number,
    )
    if indicator_id is not None:
        query = query.where(TargetRow.indicator_id == indicator_id)
    targets = [
        repo.to_target(r) for r in session.scalars(query.order_by(TargetRow.indicator_id, TargetRow.id))
    ]
    if not targets:
        return []
    ids = {t.indicator_id for t in targets}
    catalogue = _load_indicators(session, ids)
    own = observed(session, unit.id, ids, upto=period.year)
    figures: _Figures | _Combined = own
    if any(own.get(catalogue[t.indicator_id], period)[0] is None for t in targets):
        figures = _Combined(own, _children(session, unit, period, ids))
    return [_verdict(t, catalogue[t.indicator_id], unit, figures, own) for t in targets]


def _verdict(
    t: Target, ind: Indicator, unit: Unit, figures: _Figures | _Combined, own: _Figures
) -> Assessment:
    """The assessment of one target from the unit's figures (``own``: its own, for the trajectory)."""
    period = t.period
    level, estimate = figures.get(ind, period)
    previous, _ = figures.get(ind, period.previous_year())
    reported, _ = figures.get(ind, period, "change")
    stated, _ = figures.get(ind, period, "attainment")
    if t.measure == "change":
        actual = reported if reported is not None else change_on(level, previous, points=False)
        growth = assess(t, ind, unit_name=unit.name, actual=actual, estimate=estimate)
        return dataclasses.replace(growth, trajectory=_trajectory(own, t, ind))
    verdict = assess(
        t,
        ind,
        unit_name=unit.name,
        actual=level,
        previous=previous,
        reported_change=reported,
        stated_attainment=stated,
        estimate=estimate,
    )
    return dataclasses.replace(verdict, trajectory=_trajectory(own, t, ind))


def _trajectory(own: _Figures, target: Target, ind: Indicator) -> Trajectory | None:
    """The trajectory of a yearly level or growth target with its number(s); ``None`` for any other."""
    if target.period.kind != "year" or target.measure not in ("value", "change"):
        return None
    if target.op == "between" and (target.low is None or target.high is None):
        return None
    if target.op != "between" and target.value is None:
        return None
    return trajectory(
        own.yearly(ind, target.period.year),
        target,
        direction=ind.direction,
        ceiling=100.0 if ind.is_share else None,
    )


def trajectories(
    session: Session, unit: Unit, targets: Iterable[Target], *, upto: int | None = None
) -> dict[int, Trajectory]:
    """The trajectory of each of ``unit``'s yearly level targets, by target id, from the figures up to ``upto``.

    ``upto`` (default: each target's year) leaves out later figures: a briefing of 2023
    projects from what was known in 2023.
    """
    wanted = [t for t in targets if t.unit_id == unit.id]
    if not wanted:
        return {}
    ids = {t.indicator_id for t in wanted}
    catalogue = _load_indicators(session, ids)
    last = max(t.period.year for t in wanted)
    own = observed(session, unit.id, ids, upto=last if upto is None else min(last, upto))
    out: dict[int, Trajectory] = {}
    for t in wanted:
        found = _trajectory(own, t, catalogue[t.indicator_id])
        if found is not None:
            out[t.id] = found
    return out


def assess_units(
    session: Session, units: Iterable[Unit], period: Period, indicator_id: int
) -> dict[int, Assessment]:
    """The first assessment of ``indicator_id`` for ``period`` of each unit that has a target (by unit id).

    The same judgement as :func:`assess_unit`, read in three queries for all units
    together; a unit without its own figure is assessed by :func:`assess_unit` (which
    combines its children's).
    """
    by_id = {u.id: u for u in units}
    if not by_id:
        return {}
    rows = session.scalars(
        select(TargetRow)
        .where(
            TargetRow.indicator_id == indicator_id, TargetRow.unit_id.in_(list(by_id)),
            TargetRow.year == period.year, TargetRow.period_kind == period.kind, TargetRow.number == period.number,
        )
        .order_by(TargetRow.id)
    )  # fmt: skip
    targets: dict[int, Target] = {}
    for r in rows:
        targets.setdefault(r.unit_id, repo.to_target(r))
    if not targets:
        return {}
    ind = _load_indicators(session, {indicator_id})[indicator_id]
    o = ObservationRow
    q = select(o.unit_id, *_FIGURE_COLUMNS).where(
        o.indicator_id == indicator_id,
        o.unit_id.in_(list(targets)),
        o.year.in_([period.year, period.year - 1]),
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in session.connection().execute(q):
        found[row[0]].append(row[1:])
    out: dict[int, Assessment] = {}
    for unit_id, t in targets.items():
        unit, own = by_id[unit_id], _Figures(found[unit_id])
        if own.get(ind, period)[0] is None:
            again = assess_unit(session, unit, period, indicator_id=indicator_id)
            out[unit_id] = again[0]
        else:
            out[unit_id] = _verdict(t, ind, unit, own, own)
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
        select(TargetRow.unit_id)
        .where(TargetRow.year == period.year, TargetRow.period_kind == period.kind)
        .distinct()
    )
    units = [repo.to_unit(r) for r in session.scalars(select(UnitRow).where(UnitRow.id.in_(list(unit_ids))))]
    return [a for u in sorted(units, key=lambda u: u.name) for a in assess_unit(session, u, period)]


@dataclass(frozen=True, slots=True)
class UnitFigure:
    """One unit's yearly figure of an indicator and, where it has a target, the assessment."""

    unit: Unit
    value: float | None
    estimate: bool = False
    assessment: Assessment | None = None


def across_units(
    session: Session, indicator: Indicator, year: int, *, level: str | None = None
) -> list[UnitFigure]:
    """Every unit with a figure or a yearly target of ``indicator`` in ``year`` (of ``level`` if given).

    Two queries for all units (their figures up to ``year``, for the trajectories, and the
    targets of the year); each unit's own figures only, not its children's combined.
    """
    o = ObservationRow
    q = select(o.unit_id, *_FIGURE_COLUMNS).where(o.indicator_id == indicator.id, o.year <= year)
    rows: dict[int, list[Any]] = defaultdict(list)
    for r in session.connection().execute(q):
        rows[r[0]].append(r[1:])
    targets: dict[int, Target] = {}
    for tr in session.scalars(
        select(TargetRow)
        .where(
            TargetRow.indicator_id == indicator.id, TargetRow.year == year, TargetRow.period_kind == "year"
        )
        .order_by(TargetRow.id)
    ):
        targets.setdefault(tr.unit_id, repo.to_target(tr))
    figures = {uid: _Figures(r) for uid, r in rows.items()}
    ids = set(targets) | {uid for uid, f in figures.items() if f.get(indicator, Period(year))[0] is not None}
    units = [repo.to_unit(u) for u in session.scalars(select(UnitRow).where(UnitRow.id.in_(ids)))]
    out: list[UnitFigure] = []
    for unit in units:
        if level is not None and unit.level != level:
            continue
        own = figures.get(unit.id) or _Figures(())
        value, estimate = own.get(indicator, Period(year))
        target = targets.get(unit.id)
        verdict = _verdict(target, indicator, unit, own, own) if target is not None else None
        out.append(UnitFigure(unit, value, estimate, verdict))
    return out
