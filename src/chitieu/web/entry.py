"""Nhập số liệu (data entry by unit and period), Phê duyệt (approve or return), period locks.

A figure typed in is stored under the user's own source (``user:<name>``) as a
draft; the user submits the unit's drafts for the period; an approver approves them
or returns them for correction. A locked period takes no entry, submission or
approval. Values are checked as they are typed (Vietnamese number format, shares
within 0-100, no negative counts); a form with any error writes nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape
from sqlalchemy.orm import Session

from chitieu.domain import PERIOD_KINDS, Observation, Period, PeriodKind
from chitieu.errors import ValidationError
from chitieu.store import browse, repo, review
from chitieu.store import users as accounts
from chitieu.store.figures import check_value
from chitieu.store.users import AccessDenied, User
from chitieu.web.deps import reading, writing
from chitieu.web.render import flash, num, render
from chitieu.web.security import check_csrf, require_user

__all__ = ["check_value", "router"]

router = APIRouter(include_in_schema=False)


def _period(text: str | None, default: Period | None = None) -> Period:
    if not text:
        if default is None:
            raise ValidationError("Hãy chọn kỳ báo cáo.", "Choose a period.")
        return default
    try:
        return Period.parse(text)
    except ValueError as err:
        raise ValidationError(
            f"Kỳ báo cáo không hợp lệ: “{text}” (ví dụ 2024, 2024-Q1, 2024-M03, 2024-LK10).",
            f"Invalid period {text!r}.",
        ) from err


# the kinds of period the entry form offers, in its order, with their Vietnamese names
KIND_LABELS: dict[PeriodKind, str] = {
    "year": "năm", "half": "6 tháng", "nine_months": "9 tháng", "quarter": "quý", "month": "tháng",
    "ytd": "lũy kế",
}  # fmt: skip
_COUNT: dict[PeriodKind, int] = {"year": 1, "half": 2, "nine_months": 1, "quarter": 4, "month": 12, "ytd": 12}


def period_numbers(kind: PeriodKind) -> list[tuple[int, str]]:
    """The numbers a period of ``kind`` can have, with their names (``quý II``, ``tháng 3``,
    ``đến hết tháng 10`` for the year to date)."""
    if kind == "ytd":
        return [(n, f"từ đầu năm đến hết tháng {n}") for n in range(1, 13)]
    if kind == "quarter":
        return [(n, f"quý {('I', 'II', 'III', 'IV')[n - 1]}") for n in range(1, 5)]
    if kind == "month":
        return [(n, f"tháng {n}") for n in range(1, 13)]
    if kind == "half":
        return [(1, "6 tháng đầu năm"), (2, "6 tháng cuối năm")]
    return [(1, "9 tháng đầu năm" if kind == "nine_months" else "cả năm")]


def period_of_parts(year: str | None, kind: str | None, number: str | None) -> Period:
    """The period the form's three lists name (năm, loại kỳ, kỳ số); a Vietnamese error for bad values."""
    if not year or not year.strip().isdigit():
        raise ValidationError("Hãy chọn năm của kỳ báo cáo.", "Choose the period's year.")
    if kind not in KIND_LABELS:
        raise ValidationError(f"Loại kỳ không hợp lệ: “{kind or ''}”.", f"Invalid period kind {kind!r}.")
    k: PeriodKind = PERIOD_KINDS[PERIOD_KINDS.index(kind)]
    text = (number or "1").strip()
    if not text.isdigit() or not 1 <= int(text) <= _COUNT[k]:
        raise ValidationError(
            f"Kỳ số “{text}” không hợp lệ cho kỳ {KIND_LABELS[k]} (từ 1 đến {_COUNT[k]}).",
            f"Period number {text!r} is invalid for a {k} (1 to {_COUNT[k]}).",
        )
    try:
        return Period(int(year), k, int(text))
    except ValueError as err:
        raise ValidationError(f"Năm không hợp lệ: “{year}”.", f"Invalid year {year!r}.") from err


def _unit_id(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(f"Đơn vị không hợp lệ: “{text}”.", f"Invalid unit {text!r}.")
    return int(text)


def _entry_units(session: Session, user: User) -> list[Any]:
    units = browse.units(session)
    if user.role == "quan_tri":
        return units
    return [u for u in units if u.id in user.units]


def _entry_context(
    session: Session, user: User, unit_id: int | None, period: Period | None,
    typed: dict[int, str] | None = None, errors: dict[int, str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    units = _entry_units(session, user) or browse.units(session)
    unit = next((u for u in units if u.id == unit_id), None) if unit_id else (units[0] if units else None)
    if unit_id and unit is None:
        raise AccessDenied("Bạn không phụ trách đơn vị này.", "Not your unit.")
    periods = [p for p in browse.target_periods(session) if p.kind == "year"]
    period = period or (periods[0] if periods else Period(2024))
    years = sorted({p.year for p in periods} | {period.year}, reverse=True)
    catalogue = [i for i in repo.indicators(session, status="active")]
    observations = browse.observations_for(session, [unit.id], period) if unit else []
    best: dict[int, Observation] = {}
    mine: dict[int, Observation] = {}
    rank = {"approved": 3, "submitted": 2, "draft": 1}
    for o in observations:
        if o.entered_by == user.username and o.document_id is None:
            mine[o.indicator_id] = o
        b = best.get(o.indicator_id)
        if b is None or (rank[o.state], o.id) > (rank[b.state], b.id):
            best[o.indicator_id] = o
    typed = typed or {}
    rows = [
        {
            "ind": i, "best": best.get(i.id), "mine": mine.get(i.id),
            "text": typed.get(i.id, num(mine[i.id].value, 6) if i.id in mine else ""),
            "error": (errors or {}).get(i.id, ""),
        }
        for i in catalogue
    ]  # fmt: skip
    unit_id = unit.id if unit is not None else None
    locked = accounts.is_locked(session, unit_id, period) if unit_id is not None else False
    return {
        "user": user, "units": units, "unit": unit, "period": period, "periods": periods, "rows": rows,
        "years": years, "kinds": list(KIND_LABELS.items()), "numbers": period_numbers(period.kind),
        "locked": locked, "can_enter": unit_id is not None and user.can("observation.enter", unit_id) and not locked,
        "drafts": sum(1 for o in mine.values() if o.state == "draft"),
        "can_lock": unit_id is not None and user.can("period.lock", unit_id),
    }  # fmt: skip


@router.get("/nhap-so-lieu", response_class=HTMLResponse)
def entry_page(
    request: Request, don_vi: str | None = None, ky: str | None = None, nam: str | None = None,
    loai_ky: str | None = None, so_ky: str | None = None,
) -> Response:  # fmt: skip
    user = require_user(request)
    period = period_of_parts(nam, loai_ky, so_ky) if nam or loai_ky else (_period(ky) if ky else None)
    with reading(request) as session:
        ctx = _entry_context(session, user, _unit_id(don_vi), period)
    return render(request, "entry.html", ctx)


@router.post("/nhap-so-lieu/kiem-tra", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
async def check_field(request: Request) -> Response:
    """One field checked as it is typed (htmx): the value as it will be stored, or what is wrong."""
    require_user(request)
    form = await request.form()
    name = request.headers.get("hx-trigger-name") or next((k for k in form if k.startswith("v_")), "")
    if not name.startswith("v_") or not name[2:].isdigit():
        return HTMLResponse("", status_code=422)
    with reading(request) as session:
        ind = browse.get_indicator(session, int(name[2:]))
    if ind is None:
        return HTMLResponse('<span class="check error">Không có chỉ tiêu này.</span>', status_code=404)
    text = str(form.get(name, ""))
    value, error = check_value(text, ind)
    if error:
        return HTMLResponse(f'<span class="check error" role="alert">{escape(error)}</span>')
    if value is None:
        return HTMLResponse('<span class="check"></span>')
    return HTMLResponse(f'<span class="check ok">✓ {escape(num(value, 6))} {escape(ind.unit)}</span>')


@router.post("/nhap-so-lieu", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
async def save_entry(request: Request) -> Response:
    user = require_user(request)
    form = await request.form()
    unit_id = _unit_id(str(form.get("don_vi", "")))
    period = _period(str(form.get("ky", "")))
    if unit_id is None:
        raise ValidationError("Hãy chọn đơn vị.", "Choose a unit.")
    user.require("observation.enter", unit_id)
    typed = {int(k[2:]): str(v) for k, v in form.items() if k.startswith("v_") and k[2:].isdigit()}
    with writing(request, user) as session:
        if browse.get_unit(session, unit_id) is None:
            raise ValidationError(f"Không có đơn vị số {unit_id}.", f"No unit {unit_id}.")
        accounts.require_open(session, unit_id, period)
        catalogue = {i.id: i for i in repo.indicators(session)}
        errors: dict[int, str] = {}
        values: dict[int, float] = {}
        for ind_id, text in typed.items():
            if ind_id not in catalogue:
                errors[ind_id] = "Không có chỉ tiêu này."
                continue
            value, error = check_value(text, catalogue[ind_id])
            if error:
                errors[ind_id] = error
            elif value is not None:
                values[ind_id] = value
        if errors:
            ctx = _entry_context(session, user, unit_id, period, typed, errors)
            ctx["error"] = f"Có {len(errors)} ô chưa đúng; chưa lưu số liệu nào. Hãy sửa các ô được đánh dấu."
            session.rollback()
            return render(request, "entry.html", ctx, status=422)
        own = {o.indicator_id: o for o in browse.observations_for(session, [unit_id], period)
               if o.entered_by == user.username and o.document_id is None}  # fmt: skip
        saved = 0
        for ind_id, value in values.items():
            if ind_id in own and own[ind_id].value == value:
                continue
            repo.put_observation(session, indicator_id=ind_id, unit_id=unit_id, period=period, value=value,
                                 state="draft", entered_by=user.username)  # fmt: skip
            saved += 1
    flash(request, f"Đã lưu {saved} số liệu (nháp). Gửi để phê duyệt khi đã đủ.")
    return RedirectResponse(f"/nhap-so-lieu?don_vi={unit_id}&ky={period}", status_code=303)


@router.post("/nhap-so-lieu/gui", dependencies=[Depends(check_csrf)])
def submit_entry(request: Request, don_vi: Annotated[str, Form()], ky: Annotated[str, Form()]) -> Response:
    user = require_user(request)
    unit_id, period = _unit_id(don_vi), _period(ky)
    if unit_id is None:
        raise ValidationError("Hãy chọn đơn vị.", "Choose a unit.")
    user.require("observation.submit", unit_id)
    with writing(request, user) as session:
        accounts.require_open(session, unit_id, period)
        drafts = [o for o in browse.observations_for(session, [unit_id], period, states=["draft"])
                  if o.entered_by == user.username and o.document_id is None]  # fmt: skip
        for o in drafts:
            review.set_state(session, o.id, "submitted")
    flash(
        request,
        f"Đã gửi {len(drafts)} số liệu để phê duyệt." if drafts else "Không có số liệu nháp nào để gửi.",
    )
    return RedirectResponse(f"/nhap-so-lieu?don_vi={unit_id}&ky={period}", status_code=303)


@router.get("/phe-duyet", response_class=HTMLResponse)
def approvals(request: Request, ky: str | None = None) -> Response:
    user = require_user(request)
    with reading(request) as session:
        units = {u.id: u for u in browse.units(session)}
        mine = list(units) if user.role == "quan_tri" else sorted(user.units)
        period = _period(ky) if ky else None
        waiting = browse.observations_for(session, mine, period, states=["submitted"], measure=None)
        catalogue = {i.id: i for i in repo.indicators(session)}
    ctx = {"user": user, "waiting": waiting, "units": units, "catalogue": catalogue, "ky": ky or "",
           "can_approve": user.can("observation.approve")}  # fmt: skip
    return render(request, "approvals.html", ctx)


@router.post("/phe-duyet", dependencies=[Depends(check_csrf)])
def approve(
    request: Request, action: Annotated[str, Form()], ids: Annotated[list[int] | None, Form()] = None
) -> Response:
    user = require_user(request)
    if action not in ("approve", "return"):
        raise ValidationError("Thao tác không hợp lệ.", "Invalid action.")
    if not ids:
        raise ValidationError("Hãy chọn ít nhất một số liệu.", "Choose at least one figure.")
    permission = "observation.approve" if action == "approve" else "observation.return"
    with writing(request, user) as session:
        found = [review.observation(session, i) for i in ids]
        for i, o in zip(ids, found, strict=True):
            if o is None:
                raise ValidationError(f"Không có số liệu số {i}.", f"No figure {i}.")
            user.require(permission, o.unit_id)
            accounts.require_open(session, o.unit_id, o.period)
        for o in found:
            assert o is not None
            review.set_state(session, o.id, "approved" if action == "approve" else "draft")
    verb = "phê duyệt" if action == "approve" else "trả lại để sửa"
    flash(request, f"Đã {verb} {len(ids)} số liệu.")
    return RedirectResponse("/phe-duyet", status_code=303)


@router.post("/khoa-ky", dependencies=[Depends(check_csrf)])
def lock(
    request: Request,
    ky: Annotated[str, Form()],
    action: Annotated[str, Form()],
    don_vi: Annotated[str, Form()] = "",
) -> Response:
    user = require_user(request)
    unit_id, period = _unit_id(don_vi), _period(ky)
    if unit_id is None:
        user.require("plan.manage")  # all units at once: administrators only
    else:
        user.require("period.lock", unit_id)
    with writing(request, user) as session:
        if action == "lock":
            accounts.lock_period(session, period, unit_id, by=user.username)
        elif action == "unlock":
            accounts.unlock_period(session, period, unit_id)
        else:
            raise ValidationError("Thao tác không hợp lệ.", "Invalid action.")
    flash(request, f"Đã {'khóa' if action == 'lock' else 'mở khóa'} kỳ {period.label}.")
    back = f"/nhap-so-lieu?don_vi={unit_id}&ky={period}" if unit_id else "/quan-tri"
    return RedirectResponse(back, status_code=303)
