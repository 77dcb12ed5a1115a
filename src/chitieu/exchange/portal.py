"""The public portal's data (like Open SDG's): published plans, their indicators, one indicator's series.

Only plans marked public are read here; any other is :class:`NotPublished` (a 404 on
the web). A plan is shown for its own unit (the plan's unit, else the unit with the
most of its targets). Only **approved** results are published; each figure keeps its
provenance (the document's name and line, or "nhập tay"). The status of a year is the
verdict of :func:`chitieu.assess.assess` on those results; the trajectory is
:func:`chitieu.assess.trajectory.trajectory` of the approved yearly actuals against the
plan's furthest yearly target.

Downloads of one indicator's series:

* CSV for people and spreadsheets: ``Năm``, ``Mã chỉ tiêu``, ``Chỉ tiêu``, ``Đơn vị
  tính``, ``Phép so sánh``, ``Kế hoạch``, ``Kế hoạch từ``, ``Kế hoạch đến``, ``Thực
  hiện``, ``Ước tính``, ``Đánh giá``, ``Nguồn kế hoạch``, ``Nguồn thực hiện`` (numbers
  with a decimal point, as machines read them).
* Open SDG data CSV: ``Year``, ``Units``, ``Series``, ``GeoCode``, ``Value`` (Year first
  and Value last as Open SDG wants; ``Series`` "Thực hiện" for results and "Chỉ tiêu"
  for the plan's numbers; ``GeoCode`` the unit's code).
* SDMX-CSV 1.0 through :func:`chitieu.exchange.exports.sdmx_csv` (results only).

The same for a whole plan (:func:`plan_series`, every indicator): one CSV, one SDMX-CSV
file, and for Open SDG a zip laid out as its data repository (``data/indicator_<code>.csv``,
one file per indicator, since Open SDG reads one file per indicator).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.assess import assess, change_on
from chitieu.assess.phrasing import target_text, trajectory_sentence
from chitieu.assess.trajectory import Trajectory, trajectory
from chitieu.domain import DOMAINS, Indicator, Observation, Plan, Status, Target, Unit
from chitieu.errors import ValidationError
from chitieu.exchange.exports import ExportRow, sdmx_csv
from chitieu.store import browse, repo
from chitieu.store.tables import DocumentRow, ObservationRow, TargetRow

__all__ = [
    "CSV_COLUMNS", "OPENSDG_COLUMNS", "IndicatorSeries", "NotPublished", "PlanIndicator", "PortalPlan", "Source",
    "YearRow", "indicator_series", "opensdg_name", "plan_csv", "plan_opensdg", "plan_sdmx", "plan_series",
    "portal_plan", "published_plans", "series_csv", "series_opensdg", "series_sdmx",
]  # fmt: skip

OTHER = "khác"
CSV_COLUMNS = (
    "Năm", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Phép so sánh", "Kế hoạch", "Kế hoạch từ", "Kế hoạch đến",
    "Thực hiện", "Ước tính", "Đánh giá", "Nguồn kế hoạch", "Nguồn thực hiện",
)  # fmt: skip
OPENSDG_COLUMNS = ("Year", "Units", "Series", "GeoCode", "Value")
ACTUAL_SERIES, TARGET_SERIES = "Thực hiện", "Chỉ tiêu"


class NotPublished(ValidationError):
    """The plan (or its indicator) is not on the portal: the same answer as for one that does not exist."""

    http_status = 404


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure comes from: a document's name and line, or typed in (``document`` empty)."""

    document_id: int | None
    document: str
    line: int | None

    @property
    def text(self) -> str:
        if self.document_id is None:
            return "nhập tay"
        return f"{self.document}, dòng {self.line}" if self.line else self.document


@dataclass(frozen=True, slots=True)
class YearRow:
    year: int
    target: Target | None
    target_text: str | None
    target_source: Source | None
    actual: Observation | None
    actual_source: Source | None
    status: Status | None  # None: no target that year


@dataclass(frozen=True, slots=True)
class PlanIndicator:
    indicator: Indicator
    year: int  # the year whose status is shown: the latest with a result, else the latest target's
    target_text: str
    status: Status
    trajectory: Trajectory | None


@dataclass(frozen=True, slots=True)
class PortalPlan:
    plan: Plan
    unit: Unit
    years: tuple[int, ...]
    groups: tuple[tuple[str, tuple[PlanIndicator, ...]], ...]  # by domain, in the order of DOMAINS

    @property
    def counts(self) -> list[tuple[str, int]]:
        found = Counter(i.status for _, items in self.groups for i in items)
        return sorted(found.items(), key=lambda kv: -kv[1])


@dataclass(frozen=True, slots=True)
class IndicatorSeries:
    plan: Plan
    unit: Unit
    indicator: Indicator
    rows: tuple[YearRow, ...]  # oldest first
    trajectory: Trajectory | None
    trajectory_target: Target | None
    trajectory_text: str | None


def _not_published(plan_id: int) -> NotPublished:
    return NotPublished(f"Không có kế hoạch công khai số {plan_id}.", f"No published plan {plan_id}.")


def published_plans(session: Session) -> list[tuple[Plan, Unit | None]]:
    """The public plans with their unit (newest term first)."""
    units = {u.id: u for u in browse.units(session)}
    found = [
        (p, units.get(p.unit_id) if p.unit_id else None) for p, public in browse.plans(session) if public
    ]
    return sorted(found, key=lambda pu: (-(pu[0].last_year or 0), pu[1].name if pu[1] else "", pu[0].title))


def _public_plan(session: Session, plan_id: int) -> tuple[Plan, Unit, list[Target]]:
    plan = browse.get_plan(session, plan_id)
    if plan is None or not browse.plan_is_public(session, plan_id):
        raise _not_published(plan_id)
    table = TargetRow.__table__
    rows = session.connection().execute(
        select(table).where(table.c.plan_id == plan_id, table.c.period_kind == "year")
    )
    targets = [repo.to_target(cast(TargetRow, r)) for r in rows]  # plain rows: no ORM objects to collect
    unit_id = plan.unit_id
    if unit_id is None or not any(t.unit_id == unit_id for t in targets):
        most = Counter(t.unit_id for t in targets).most_common(1)
        unit_id = most[0][0] if most else unit_id
    unit = browse.get_unit(session, unit_id) if unit_id is not None else None
    if unit is None:
        raise _not_published(plan_id)
    return plan, unit, [t for t in targets if t.unit_id == unit.id]


def _approved(
    session: Session, unit_id: int, indicator_ids: Iterable[int]
) -> dict[int, dict[int, Observation]]:
    """The approved yearly level of each indicator and year (the newest when there are several)."""
    o = ObservationRow.__table__.c
    q = select(ObservationRow.__table__).where(
        o.unit_id == unit_id, o.indicator_id.in_(list(indicator_ids)), o.state == "approved",
        o.period_kind == "year", o.measure == "value",
    ).order_by(o.id)  # fmt: skip
    out: dict[int, dict[int, Observation]] = {}
    for r in session.connection().execute(q):  # plain rows, as above
        out.setdefault(r.indicator_id, {})[r.year] = repo.to_observation(cast(ObservationRow, r))
    return out


def _status(target: Target, ind: Indicator, unit: Unit, actuals: dict[int, Observation]) -> Status:
    year = target.period.year
    level = actuals[year].value if year in actuals else None
    previous = actuals[year - 1].value if year - 1 in actuals else None
    if target.measure == "change":
        growth = change_on(level, previous, points=False)
        return assess(target, ind, unit_name=unit.name, actual=growth).status
    estimate = actuals[year].estimate if year in actuals else False
    return assess(target, ind, unit_name=unit.name, actual=level, previous=previous, estimate=estimate).status


def _trajectory(target: Target, ind: Indicator, actuals: dict[int, Observation]) -> Trajectory | None:
    if target.op == "between" and (target.low is None or target.high is None):
        return None
    if target.op != "between" and target.value is None:
        return None
    points = sorted((y, o.value) for y, o in actuals.items() if y <= target.period.year)
    return trajectory(points, target, direction=ind.direction, ceiling=100.0 if ind.is_share else None)


def _by_indicator(targets: list[Target]) -> dict[int, dict[int, Target]]:
    """One target per indicator and year (level targets before growth ones, then the newest)."""
    out: dict[int, dict[int, Target]] = {}
    for t in sorted(targets, key=lambda t: (t.measure != "value", -t.id), reverse=True):
        out.setdefault(t.indicator_id, {})[t.period.year] = t
    return out


def portal_plan(session: Session, plan_id: int) -> PortalPlan:
    """A published plan's indicators grouped by domain, each with its latest status and its trajectory."""
    plan, unit, targets = _public_plan(session, plan_id)
    catalogue = {i.id: i for i in repo.indicators(session)}
    by_ind = _by_indicator(targets)
    actuals = _approved(session, unit.id, by_ind)
    groups: dict[str, list[PlanIndicator]] = {d: [] for d in (*DOMAINS, OTHER)}
    for ind_id, years in by_ind.items():
        ind, own = catalogue[ind_id], actuals.get(ind_id, {})
        judged = [y for y in sorted(years) if y in own] or sorted(years)
        year = judged[-1]
        furthest = years[max(years)]
        item = PlanIndicator(ind, year, target_text(years[year], ind), _status(years[year], ind, unit, own),
                             _trajectory(furthest, ind, own))  # fmt: skip
        groups[ind.domain if ind.domain in groups else OTHER].append(item)
    ordered = tuple(
        (d, tuple(sorted(items, key=lambda i: i.indicator.name))) for d, items in groups.items() if items
    )
    return PortalPlan(plan, unit, tuple(sorted({t.period.year for t in targets})), ordered)


def _sources(session: Session, items: Iterable[Target | Observation | None]) -> dict[int, str]:
    ids = {i.document_id for i in items if i is not None and i.document_id is not None}
    if not ids:
        return {}
    q = select(DocumentRow.id, DocumentRow.name).where(DocumentRow.id.in_(ids))
    return {doc_id: name for doc_id, name in session.execute(q)}


def _source(item: Target | Observation | None, names: dict[int, str]) -> Source | None:
    if item is None:
        return None
    if item.document_id is None:
        return Source(None, "", None)
    return Source(item.document_id, names.get(item.document_id, f"tài liệu {item.document_id}"), item.line)


def _series(
    plan: Plan,
    unit: Unit,
    ind: Indicator,
    years: dict[int, Target],
    actuals: dict[int, Observation],
    names: dict[int, str],
) -> IndicatorSeries:
    rows = []
    for year in sorted(set(years) | set(actuals)):
        t, o = years.get(year), actuals.get(year)
        rows.append(YearRow(year, t, target_text(t, ind) if t else None, _source(t, names), o, _source(o, names),
                            _status(t, ind, unit, actuals) if t else None))  # fmt: skip
    furthest = years[max(years)]
    path = _trajectory(furthest, ind, actuals)
    text = trajectory_sentence(path, furthest, ind) if path is not None else None
    return IndicatorSeries(plan, unit, ind, tuple(rows), path, furthest, text)


def indicator_series(session: Session, plan_id: int, indicator_id: int) -> IndicatorSeries:
    """A published plan's targets and the approved results of one of its indicators, year by year."""
    plan, unit, targets = _public_plan(session, plan_id)
    years = _by_indicator(targets).get(indicator_id)
    ind = browse.get_indicator(session, indicator_id)
    if years is None or ind is None:
        raise NotPublished(
            f"Kế hoạch công khai số {plan_id} không có chỉ tiêu số {indicator_id}.",
            f"Published plan {plan_id} has no indicator {indicator_id}.",
        )
    actuals = _approved(session, unit.id, [indicator_id]).get(indicator_id, {})
    names = _sources(session, [*years.values(), *actuals.values()])
    return _series(plan, unit, ind, years, actuals, names)


def plan_series(session: Session, plan_id: int) -> tuple[IndicatorSeries, ...]:
    """Every indicator of a published plan as :func:`indicator_series` gives it, by domain then name."""
    plan, unit, targets = _public_plan(session, plan_id)
    catalogue = {i.id: i for i in repo.indicators(session)}
    by_ind = _by_indicator(targets)
    actuals = _approved(session, unit.id, by_ind)
    names = _sources(session, [*targets, *(o for own in actuals.values() for o in own.values())])
    order = {d: n for n, d in enumerate(DOMAINS)}
    ids = sorted(
        by_ind, key=lambda i: (order.get(catalogue[i].domain or "", len(order)), catalogue[i].name, i)
    )
    return tuple(_series(plan, unit, catalogue[i], by_ind[i], actuals.get(i, {}), names) for i in ids)


def _plain(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _code(series: IndicatorSeries) -> str:
    return series.indicator.code or f"CT{series.indicator.id}"


def _csv_rows(series: IndicatorSeries, w: Any) -> None:
    ind = series.indicator
    for r in series.rows:
        t, o = r.target, r.actual
        w.writerow([
            r.year, _code(series), ind.name, ind.unit, t.op if t else "", _plain(t.value) if t else "",
            _plain(t.low) if t else "", _plain(t.high) if t else "", _plain(o.value) if o else "",
            ("có" if o.estimate else "không") if o else "", r.status or "",
            r.target_source.text if r.target_source else "", r.actual_source.text if r.actual_source else "",
        ])  # fmt: skip


def series_csv(series: IndicatorSeries, stream: IO[str]) -> None:
    """The year-by-year table as CSV (:data:`CSV_COLUMNS`)."""
    plan_csv((series,), stream)


def plan_csv(all_series: Iterable[IndicatorSeries], stream: IO[str]) -> None:
    """Every indicator's year-by-year table in one CSV (:data:`CSV_COLUMNS`), one header."""
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for series in all_series:
        _csv_rows(series, w)


def series_opensdg(series: IndicatorSeries, stream: IO[str]) -> None:
    """Open SDG data CSV (:data:`OPENSDG_COLUMNS`): results, then the plan's numbers, by year."""
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(OPENSDG_COLUMNS)
    geo = series.unit.code or f"DV{series.unit.id}"
    for r in series.rows:
        if r.actual is not None:
            w.writerow([r.year, series.indicator.unit, ACTUAL_SERIES, geo, _plain(r.actual.value)])
    for r in series.rows:
        t = r.target
        if t is not None and t.measure == "value" and t.value is not None:
            w.writerow([r.year, series.indicator.unit, TARGET_SERIES, geo, _plain(t.value)])


def series_sdmx(series: IndicatorSeries, stream: IO[str]) -> None:
    """SDMX-CSV 1.0 of the approved results (the columns of :func:`chitieu.exchange.exports.sdmx_csv`)."""
    plan_sdmx((series,), stream)


def _export_rows(series: IndicatorSeries) -> Iterator[ExportRow]:
    ind, unit = series.indicator, series.unit
    for r in series.rows:
        if r.actual is not None:
            yield ExportRow(
                ind.id, _code(series), ind.name, ind.unit, unit.id, unit.code or f"DV{unit.id}", unit.name,
                r.actual.period, r.actual.value, r.actual.estimate, r.actual.state,
                r.actual_source.text if r.actual_source else "",
            )  # fmt: skip


def plan_sdmx(all_series: Iterable[IndicatorSeries], stream: IO[str]) -> None:
    """SDMX-CSV 1.0 of the approved results of every indicator given, in one file."""
    sdmx_csv([row for series in all_series for row in _export_rows(series)], stream)


def opensdg_name(series: IndicatorSeries) -> str:
    """The file name Open SDG gives an indicator's data: ``indicator_<id>.csv``, the code in lower case."""
    return f"indicator_{_code(series).lower()}.csv"


def plan_opensdg(all_series: Iterable[IndicatorSeries]) -> bytes:
    """A zip laid out as an Open SDG data repository: ``data/indicator_<code>.csv`` per indicator."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for series in all_series:
            text = io.StringIO()
            series_opensdg(series, text)
            archive.writestr(f"data/{opensdg_name(series)}", text.getvalue().encode("utf-8"))
    return out.getvalue()
