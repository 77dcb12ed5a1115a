"""Reading pages: Tổng quan (dashboard), Chỉ tiêu (catalogue, one indicator), Kế hoạch (plans, targets), Báo cáo.

The public portal (``/cong-khai``) is :mod:`chitieu.web.portal`.

The dashboard's assessments are cached per unit, period and data version (the newest
audit row), so repeated views cost one small query.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from chitieu.assess.phrasing import target_text, trajectory_sentence
from chitieu.assess.trajectory import projected_at
from chitieu.domain import DOMAINS, Assessment, Indicator, Period, Unit
from chitieu.errors import ValidationError
from chitieu.model import OPS
from chitieu.store import browse, repo, service
from chitieu.store.periods import periods_of
from chitieu.store.users import User
from chitieu.web.deps import data_version, engine, reading, writing
from chitieu.web.render import STATUSES, fast_page, flash, form_number, num, page_once, render
from chitieu.web.security import check_csrf, require_user

__all__ = ["DashboardRow", "dashboard_rows", "router"]

router = APIRouter(include_in_schema=False)
T = TypeVar("T")
_OTHER = "khác"


@dataclass(frozen=True, slots=True)
class DashboardRow:
    indicator: Indicator
    assessment: Assessment
    target: str


def _default_unit(session: Session, units: list[Unit]) -> Unit | None:
    with_targets = [u for u in units if browse.targets_page(session, unit_id=u.id, limit=1)[1]]
    top = [u for u in with_targets if u.parent_id is None]
    found = top or with_targets or units
    return found[0] if found else None


def _default_period(session: Session, unit: Unit | None) -> Period | None:
    periods = browse.target_periods(session)
    if unit is None or not periods:
        return periods[0] if periods else None
    for p in periods:
        if p.kind == "year" and browse.observations_for(session, [unit.id], p):
            return p
    return periods[0]


def dashboard_rows(session: Session, unit: Unit, period: Period) -> dict[str, list[DashboardRow]]:
    """The assessments of ``unit`` for ``period``, grouped by domain (in the order of :data:`DOMAINS`)."""
    out: dict[str, list[DashboardRow]] = {d: [] for d in (*DOMAINS, _OTHER)}
    assessments = service.assess_unit(session, unit, period)
    catalogue = {i.id: i for i in repo.indicators(session)}
    for a in assessments:
        ind = catalogue[a.target.indicator_id]
        out[ind.domain if ind.domain in out else _OTHER].append(
            DashboardRow(ind, a, target_text(a.target, ind))
        )
    return {d: rows for d, rows in out.items() if rows}


def _memo(request: Request, session: Session, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """``make()``, computed once per data version (the newest audit row): reads stay cheap."""
    cache: dict[Any, Any] = request.app.state.cache
    full = (*key, browse.data_version(session))
    if full not in cache:
        if len(cache) > 1000:
            cache.clear()
        cache[full] = make()
    value: T = cache[full]
    return value


def _cached_dashboard(
    request: Request, session: Session, unit: Unit, period: Period
) -> dict[str, list[DashboardRow]]:
    cache: dict[Any, Any] = request.app.state.cache
    key = ("dashboard", unit.id, str(period), browse.data_version(session))
    hit = cache.get(key)
    if hit is None:
        if len(cache) > 500:
            cache.clear()
        hit = cache[key] = dashboard_rows(session, unit, period)
    rows: dict[str, list[DashboardRow]] = hit
    return rows


def _parse_period(text: str | None) -> Period | None:
    if not text:
        return None
    try:
        return Period.parse(text)
    except ValueError as err:
        raise ValidationError(f"Kỳ báo cáo không hợp lệ: {text!r}.", f"Invalid period {text!r}.") from err


def _int(text: str | None, what: str) -> int | None:
    if text is None or text == "":
        return None
    try:
        return int(text)
    except ValueError as err:
        raise ValidationError(f"{what} không hợp lệ: {text!r}.", f"Invalid {what}: {text!r}.") from err


@router.get("/", response_class=HTMLResponse)
async def dashboard(request: Request, don_vi: str | None = None, ky: str | None = None) -> Response:
    """Tổng quan; a page already rendered for this session is served from memory."""
    page = fast_page(request)
    if page is not None:
        return page
    response: Response = await run_in_threadpool(_dashboard, request, don_vi, ky)
    return response


def _dashboard(request: Request, don_vi: str | None, ky: str | None) -> Response:
    user = require_user(request)
    return page_once(request, data_version(request), lambda: _render_dashboard(request, user, don_vi, ky))


def _render_dashboard(request: Request, user: User, don_vi: str | None, ky: str | None) -> HTMLResponse:
    with reading(request) as session:
        units = _memo(request, session, ("units",), lambda: browse.units(session))
        unit_id = _int(don_vi, "Đơn vị")
        unit = next((u for u in units if u.id == unit_id), None) if unit_id else _default_unit(session, units)
        period = _parse_period(ky) or _default_period(session, unit)
        groups = _cached_dashboard(request, session, unit, period) if unit and period else {}
        periods = _memo(request, session, ("periods",), lambda: browse.target_periods(session))
    counts: Counter[str] = Counter(r.assessment.status for rows in groups.values() for r in rows)
    ctx = {
        "user": user,
        "units": units,
        "unit": unit,
        "period": period,
        "periods": periods,
        "groups": groups,
        "counts": [(s, counts.get(s, 0)) for s in STATUSES],
        "total": sum(counts.values()),
    }
    template = "_dashboard.html" if request.headers.get("hx-request") else "dashboard.html"
    return render(request, template, ctx)


@router.get("/chi-tieu", response_class=HTMLResponse)
def catalogue(request: Request, q: str = "", linh_vuc: str = "") -> Response:
    require_user(request)
    from chitieu.text.normalize import fold

    with reading(request) as session:
        items = repo.indicators(session)
    if q:
        items = [i for i in items if fold(q) in fold(i.name) or any(fold(q) in fold(a) for a in i.aliases)]
    if linh_vuc:
        items = [i for i in items if (i.domain or _OTHER) == linh_vuc]
    items.sort(
        key=lambda i: (
            i.status != "active",
            (*DOMAINS, _OTHER, None).index(i.domain if i.domain in DOMAINS else _OTHER),
            i.name,
        )
    )
    return render(request, "indicators.html", {"items": items, "q": q, "linh_vuc": linh_vuc})


def _chart(
    targets: list[Any],
    observations: list[Any],
    projection: Assessment | None = None,
    *,
    ceiling: float | None = None,
) -> dict[str, Any]:
    """Yearly series for the chart: results (approved first) against the target band, and the projection.

    The projection carries the latest result to the year of ``projection``'s target at the
    actual rate of its trajectory (one value a year, ``None`` outside that span).
    """
    years = sorted({t.period.year for t in targets if t.period.kind == "year" and t.measure == "value"}
                   | {o.period.year for o in observations if o.period.kind == "year" and o.measure == "value"})  # fmt: skip
    rank = {"approved": 3, "submitted": 2, "draft": 1}
    actual: dict[int, tuple[tuple[int, int], float]] = {}
    for o in observations:
        if o.period.kind == "year" and o.measure == "value":
            k = (rank.get(o.state, 0), o.id)
            if o.period.year not in actual or k > actual[o.period.year][0]:
                actual[o.period.year] = (k, o.value)
    low: dict[int, float | None] = {}
    high: dict[int, float | None] = {}
    for t in targets:
        if t.period.kind == "year" and t.measure == "value":
            lo, hi = (t.low, t.high) if t.op == "between" else (t.value, t.value)
            low[t.period.year], high[t.period.year] = lo, hi
    t = projection.trajectory if projection is not None else None
    return {
        "labels": [str(y) for y in years],
        "actual": [actual[y][1] if y in actual else None for y in years],
        "low": [low.get(y) for y in years],
        "high": [high.get(y) for y in years],
        "projection": [projected_at(t, y, ceiling=ceiling) if t else None for y in years],
    }


def _projection(assessments: list[Assessment]) -> Assessment | None:
    """The assessment whose trajectory reaches furthest beyond the latest result, if any."""
    ahead = [a for a in assessments if a.trajectory and a.trajectory.actual_rate is not None
             and a.trajectory.years[-1] < a.trajectory.target_year]  # fmt: skip
    return max(ahead, key=lambda a: a.period.year) if ahead else None


@router.get("/chi-tieu/{indicator_id}", response_class=HTMLResponse)
async def indicator_page(request: Request, indicator_id: int, don_vi: str | None = None) -> Response:
    """One indicator; a page already rendered for this session is served from memory."""
    page = fast_page(request)
    if page is not None:
        return page
    response: Response = await run_in_threadpool(_indicator_page, request, indicator_id, don_vi)
    return response


def _indicator_page(request: Request, indicator_id: int, don_vi: str | None) -> Response:
    user = require_user(request)

    def make() -> HTMLResponse:
        with reading(request) as session:
            ctx = _memo(request, session, ("indicator", indicator_id, don_vi),
                        lambda: _indicator_context(session, indicator_id, don_vi))  # fmt: skip
        return render(request, "indicator.html", {**ctx, "user": user})

    return page_once(request, data_version(request), make)


def _indicator_context(session: Session, indicator_id: int, don_vi: str | None) -> dict[str, Any]:
    ind = browse.get_indicator(session, indicator_id)
    if ind is None:
        raise _not_found("chỉ tiêu", indicator_id)
    units = {u.id: u for u in browse.units(session)}
    targets, observations = browse.indicator_history(session, indicator_id)
    with_data = sorted({t.unit_id for t in targets} | {o.unit_id for o in observations})
    unit_id = _int(don_vi, "Đơn vị") or next((u for u in with_data if units[u].parent_id is None), None)
    unit_id = unit_id or (with_data[0] if with_data else None)
    if unit_id is not None:
        targets = [t for t in targets if t.unit_id == unit_id]
        observations = [o for o in observations if o.unit_id == unit_id]
    plans = {p.id: p for p, _ in browse.plans(session)}
    assessments = [
        a
        for period in sorted({t.period for t in targets}, key=str)
        if unit_id is not None
        for a in service.assess_unit(session, units[unit_id], period, indicator_id=indicator_id)
    ]
    warnings = [(a.period.label, w) for a in assessments for w in a.warnings]
    within = periods_of(session, targets) if unit_id is not None else {}
    ahead = _projection(assessments)
    return {
        "ind": ind, "units": units, "unit_id": unit_id, "with_data": with_data, "warnings": warnings,
        "targets": [(t, target_text(t, ind), plans.get(t.plan_id) if t.plan_id else None) for t in targets],
        "observations": list(reversed(observations)),
        "periods": [w for t in targets for w in within.get(t.id, [])],
        "chart": json.dumps(_chart(targets, observations, ahead, ceiling=100.0 if ind.is_share else None)),
        "trajectory": ahead.trajectory if ahead else None,
        "trajectory_text": trajectory_sentence(ahead.trajectory, ahead.target, ind) if ahead and ahead.trajectory else None,
    }  # fmt: skip


def _not_found(what: str, ident: object) -> ValidationError:
    err = ValidationError(f"Không có {what} số {ident}.", f"No {what} {ident}.")
    err.http_status = 404
    return err


@router.get("/ke-hoach", response_class=HTMLResponse)
def plans_page(request: Request) -> Response:
    require_user(request)
    with reading(request) as session:
        rows = [
            (p, public, browse.targets_page(session, plan_id=p.id, limit=1)[1])
            for p, public in browse.plans(session)
        ]
        units = {u.id: u for u in browse.units(session)}
    return render(request, "plans.html", {"plans": rows, "units": units})


def _plan_context(session: Session, plan_id: int, year: int | None) -> dict[str, Any]:
    plan = browse.get_plan(session, plan_id)
    if plan is None:
        raise _not_found("kế hoạch", plan_id)
    targets, _ = browse.targets_page(session, plan_id=plan_id, limit=10_000)
    years = sorted({t.period.year for t in targets}, reverse=True)
    year = year or (years[0] if years else None)
    catalogue = {i.id: i for i in repo.indicators(session)}
    units = {u.id: u for u in browse.units(session)}
    shown = [t for t in targets if year is None or t.period.year == year]
    status: dict[int, Assessment] = {}
    for unit_id in {t.unit_id for t in shown}:
        for a in service.assess_unit(session, units[unit_id], Period(year)) if year else []:
            status[a.target.id] = a
    rows = [(t, catalogue[t.indicator_id], units[t.unit_id], target_text(t, catalogue[t.indicator_id]), status.get(t.id))
            for t in sorted(shown, key=lambda t: (t.unit_id, t.indicator_id))]  # fmt: skip
    return {
        "plan": plan, "public": browse.plan_is_public(session, plan_id), "years": years, "year": year,
        "rows": rows, "indicators": sorted(catalogue.values(), key=lambda i: i.name), "units": units,
    }  # fmt: skip


@router.get("/ke-hoach/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, plan_id: int, nam: str | None = None) -> Response:
    user = require_user(request)
    with reading(request) as session:
        ctx = _plan_context(session, plan_id, _int(nam, "Năm"))
    ctx["user"] = user
    return render(request, "plan.html", ctx)


@router.post("/ke-hoach/{plan_id}/chi-tieu", dependencies=[Depends(check_csrf)])
def put_target(
    request: Request,
    plan_id: int,
    indicator_id: Annotated[int, Form()],
    unit_id: Annotated[int, Form()],
    year: Annotated[int, Form()],
    op: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    low: Annotated[str, Form()] = "",
    high: Annotated[str, Form()] = "",
) -> Response:
    """Add or change a target of the plan (typed in: its source is the user)."""
    user = require_user(request)
    user.require("target.put", unit_id)
    if op not in OPS:
        raise ValidationError("Phép so sánh không hợp lệ.", "Invalid operator.")
    numbers = {k: form_number(v, k) for k, v in (("value", value), ("low", low), ("high", high))}
    if op == "between" and (numbers["low"] is None or numbers["high"] is None):
        raise ValidationError(
            "Chỉ tiêu dạng khoảng cần cả cận dưới và cận trên.", "A range needs both bounds."
        )
    if op != "between" and numbers["value"] is None:
        raise ValidationError("Hãy nhập giá trị chỉ tiêu (ví dụ 1.234,5).", "Enter the target value.")
    try:
        period = Period(year)
    except ValueError as err:
        raise ValidationError(f"Năm không hợp lệ: {year}.", f"Invalid year {year}.") from err
    with writing(request, user) as session:
        ind = browse.get_indicator(session, indicator_id)
        if (
            browse.get_plan(session, plan_id) is None
            or ind is None
            or browse.get_unit(session, unit_id) is None
        ):
            raise _not_found("kế hoạch, chỉ tiêu hoặc đơn vị", f"{plan_id}/{indicator_id}/{unit_id}")
        repo.put_target(
            session, indicator_id=indicator_id, unit_id=unit_id, period=period, op=op,
            value=numbers["value"] if op != "between" else None, low=numbers["low"], high=numbers["high"],
            plan_id=plan_id, unit_of_measure=ind.unit, entered_by=user.username,
        )  # fmt: skip
    flash(request, f"Đã lưu chỉ tiêu “{ind.name}” năm {year}.")
    return RedirectResponse(f"/ke-hoach/{plan_id}?nam={year}", status_code=303)


@router.post("/ke-hoach/{plan_id}/cong-khai", dependencies=[Depends(check_csrf)])
def toggle_public(request: Request, plan_id: int, public: Annotated[str, Form()] = "0") -> Response:
    user = require_user(request)
    user.require("plan.manage")
    with writing(request, user) as session:
        browse.set_plan_public(session, plan_id, public == "1")
    flash(request, "Đã bật chế độ công khai." if public == "1" else "Đã tắt chế độ công khai.")
    return RedirectResponse(f"/ke-hoach/{plan_id}", status_code=303)


@router.post("/ke-hoach", dependencies=[Depends(check_csrf)])
def create_plan(
    request: Request,
    title: Annotated[str, Form(min_length=3, max_length=500)],
    first_year: Annotated[int | None, Form()] = None,
    last_year: Annotated[int | None, Form()] = None,
    unit_id: Annotated[int | None, Form()] = None,
) -> Response:
    user = require_user(request)
    user.require("plan.manage")
    with writing(request, user) as session:
        unit = browse.get_unit(session, unit_id) if unit_id else None
        plan = repo.get_or_create_plan(session, title, unit=unit, first_year=first_year, last_year=last_year)
    flash(request, f"Đã tạo kế hoạch “{plan.title}”.")
    return RedirectResponse(f"/ke-hoach/{plan.id}", status_code=303)


@router.get("/bao-cao", response_class=HTMLResponse)
def report_page(request: Request) -> Response:
    require_user(request)
    with reading(request) as session:
        plans = [p for p, _ in browse.plans(session)]
    return render(request, "report.html", {"plans": plans, "num": num, "formats": REPORT_FORMATS})


REPORT_FORMATS = {"docx": "Word (.docx)", "pdf": "PDF", "html": "Trang web (HTML)"}


@router.get("/bao-cao/tai-ve")
def report_download(request: Request, ke_hoach: str = "", nam: str = "", dinh_dang: str = "docx") -> Response:
    """The briefing of a plan for a results year, generated by :mod:`chitieu.report`."""
    from chitieu.report import MEDIA_TYPES, build_report, render_bytes

    require_user(request)
    plan_id = _int(ke_hoach, "kế hoạch")
    year = _int(nam, "năm")
    if plan_id is None or year is None:
        raise ValidationError("Hãy chọn kế hoạch và năm của báo cáo.", "Choose a plan and a year.")
    if dinh_dang not in REPORT_FORMATS:
        raise ValidationError(
            f"Định dạng báo cáo không hỗ trợ: {dinh_dang}.", f"Unsupported format: {dinh_dang}."
        )
    report = build_report(engine(request), plan=plan_id, year=year)
    data = render_bytes(report, dinh_dang)
    name = f"bao-cao-{plan_id}-{year}.{dinh_dang}"
    disposition = "inline" if dinh_dang == "html" else "attachment"
    return Response(
        data,
        media_type=MEDIA_TYPES[dinh_dang],
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )


def page_user(request: Request) -> User:
    return require_user(request)
