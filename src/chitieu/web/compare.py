"""The page So sánh (``/so-sanh``): every unit side by side for one indicator and year.

A thin page over :func:`chitieu.store.comparison.compare` (its result kept per data
version, so a repeated view costs one small query): a form (indicator, year, level), the ranked table with status and trajectory, and a bar chart drawn as inline
SVG on the server, so that it works without JavaScript; the table beside it carries the
same figures for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chitieu.assess.compare import Comparison
from chitieu.errors import ValidationError
from chitieu.store import browse, repo
from chitieu.store.comparison import compare, years_of
from chitieu.web.deps import reading
from chitieu.web.render import STATUS_CLASS, num, render
from chitieu.web.security import require_user

__all__ = ["Bar", "bars", "router"]

router = APIRouter(include_in_schema=False)

LABEL_WIDTH = 220  # px for the unit names
BAR_AREA = 380  # px for the bars
ROW_HEIGHT = 26
CHART_WIDTH = LABEL_WIDTH + BAR_AREA + 110  # room for the value after the bar


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the chart: where it is drawn and what it says."""

    y: float
    x: float
    width: float
    label: str
    value: str
    css: str  # the status class ("vuot", "dat" …), "" without an assessment


def bars(c: Comparison) -> tuple[list[Bar], float]:
    """The bars of the units with a value (scaled from the smallest to the largest, 0 included) and the 0 line."""
    values = [r.value for r in c.rows if r.value is not None]
    if not values:
        return [], float(LABEL_WIDTH)
    lo, hi = min(0.0, *values), max(0.0, *values)
    scale = BAR_AREA / (hi - lo) if hi > lo else 0.0
    zero = LABEL_WIDTH + (0.0 - lo) * scale
    out: list[Bar] = []
    for i, r in enumerate(row for row in c.rows if row.value is not None):
        assert r.value is not None
        end = zero + r.value * scale
        unit = c.indicator.unit
        text = f"{num(r.value)}{unit if unit == '%' else ' ' + unit if unit else ''}"
        css = STATUS_CLASS.get(r.status, "") if r.status else ""
        out.append(Bar(i * ROW_HEIGHT, min(zero, end), abs(end - zero), r.unit.name, text, css))
    return out, zero


def _memo(
    request: Request, session: Session, key: tuple[Any, ...], make: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """``make()``, computed once per data version (the newest audit row), like the dashboard."""
    cache: dict[Any, Any] = request.app.state.cache
    full = (*key, browse.data_version(session))
    hit = cache.get(full)
    if hit is None:
        if len(cache) > 1000:
            cache.clear()
        hit = cache[full] = make()
    found: dict[str, Any] = hit
    return found


def _int(text: str | None, what: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError as err:
        raise ValidationError(f"{what} không hợp lệ: {text!r}.", f"Invalid {what}: {text!r}.") from err


@router.get("/so-sanh", response_class=HTMLResponse)
def compare_page(
    request: Request, chi_tieu: str | None = None, nam: str | None = None, cap: str = ""
) -> Response:
    """So sánh các đơn vị: one indicator and year, units ranked, a bar chart and a table."""
    user = require_user(request)
    ind_id, year = _int(chi_tieu, "Chỉ tiêu"), _int(nam, "Năm")
    with reading(request) as session:
        ctx = _memo(
            request, session, ("so-sanh", ind_id, year, cap), lambda: _context(session, ind_id, year, cap)
        )
    return render(request, "compare.html", {**ctx, "user": user})


def _context(session: Session, ind_id: int | None, year: int | None, cap: str) -> dict[str, Any]:
    catalogue = sorted(repo.indicators(session), key=lambda i: i.name)
    levels = sorted({u.level for u in browse.units(session) if u.level})
    ind = next((i for i in catalogue if i.id == ind_id), None) if ind_id else None
    if ind_id and ind is None:
        err = ValidationError(f"Không có chỉ tiêu số {ind_id}.", f"No indicator {ind_id}.")
        err.http_status = 404
        raise err
    ind = ind or next((i for i in catalogue if years_of(session, i.id)), None)
    years = years_of(session, ind.id) if ind else []
    year = year or (years[0] if years else None)
    result = compare(session, ind, year, level=cap or None) if ind and year else None
    chart, zero = bars(result) if result else ([], float(LABEL_WIDTH))
    return {
        "catalogue": catalogue, "levels": levels, "ind": ind, "years": years, "year": year,
        "level": cap, "result": result, "bars": chart, "zero": zero, "row_height": ROW_HEIGHT,
        "chart_width": CHART_WIDTH, "chart_height": len(chart) * ROW_HEIGHT + 4,
    }  # fmt: skip
