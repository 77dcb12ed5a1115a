"""Bản đồ (``/ban-do``): the 34 provinces coloured by an indicator's figure or assessment for a year.

The page is inline SVG (one ``<path>`` per province, its value in a ``<title>``),
so it works without JavaScript, and the same figures as a table for screen readers.
What each shape shows is decided by :func:`chitieu.geo.choropleth.choropleth`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Period, Unit
from chitieu.errors import ValidationError
from chitieu.geo.choropleth import Choropleth, Mode, choropleth
from chitieu.store import repo, service
from chitieu.store.national import current_provinces, province_figures, province_units
from chitieu.store.tables import ObservationRow, TargetRow
from chitieu.web.deps import data_version, reading
from chitieu.web.render import cached_page, keep_page, render
from chitieu.web.security import require_user

__all__ = ["MODES", "map_context", "router"]

router = APIRouter(include_in_schema=False)
MODES: dict[str, Mode] = {"gia-tri": "value", "danh-gia": "status"}


def _int(text: str | None, field: str) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError(
            f"Ô “{field}”: “{text}” không phải là số.", f"{field}: {text!r} is not a number."
        ) from None


def _years_by_indicator(session: Session, unit_ids: list[int]) -> dict[int, set[int]]:
    """The years each indicator has a yearly figure or target for at least one province."""
    out: dict[int, set[int]] = {}
    for table in (ObservationRow, TargetRow):
        q = (
            select(table.indicator_id, table.year)
            .where(table.unit_id.in_(unit_ids), table.period_kind == "year")
            .distinct()
        )
        for ind_id, year in session.connection().execute(q):
            out.setdefault(ind_id, set()).add(year)
    return out


def _statuses(session: Session, units: dict[str, Unit], ind: Indicator, year: int) -> dict[str, str]:
    found = service.assess_units(session, units.values(), Period(year), ind.id)
    return {k: found[u.id].status for k, u in units.items() if u.id in found}


def map_context(
    session: Session, chi_tieu: str | None, nam: str | None, theo: str, *, cache: dict[Any, Any] | None = None
) -> dict[str, Any]:
    """What the page shows: the indicator and year chosen (or the first with figures) and the map.

    ``cache`` keeps the provinces and the years each indicator has, for one data version.
    """
    if theo not in MODES:
        raise ValidationError(
            f"Cách tô màu “{theo}” không có; chọn “gia-tri” hoặc “danh-gia”.",
            f"No colouring “{theo}”; choose “gia-tri” or “danh-gia”.",
        )
    cache = {} if cache is None else cache
    if "units" not in cache:
        cache["units"] = current_provinces(session)
        cache["every"] = {**province_units(session), **cache["units"]}  # with the units the reform ended
        cache["years"] = _years_by_indicator(session, [u.id for u in cache["every"].values()])
    units: dict[str, Unit] = cache["units"]
    every: dict[str, Unit] = cache["every"]
    years: dict[int, set[int]] = cache["years"]
    catalogue = [i for i in repo.indicators(session) if i.status == "active"]
    with_data = [i for i in catalogue if i.id in years]
    options = with_data or catalogue
    wanted = _int(chi_tieu, "Chỉ tiêu")
    indicator: Indicator | None = (
        next((i for i in catalogue if i.id == wanted), None) if wanted else next(iter(options), None)
    )
    if wanted and indicator is None:
        raise ValidationError(f"Không có chỉ tiêu số {wanted}.", f"No indicator {wanted}.")
    year_options = sorted(years.get(indicator.id, set()), reverse=True) if indicator else []
    year = _int(nam, "Năm") or (year_options[0] if year_options else None)
    values: dict[str, float | None] = {}
    statuses: dict[str, str] = {}
    if indicator is not None and year is not None:
        values = dict(province_figures(session, indicator, year, units=every))
        statuses = _statuses(session, units, indicator, year)
    chart: Choropleth = choropleth(
        values, statuses, mode=MODES[theo], unit_of_measure=indicator.unit if indicator else ""
    )
    ranked = sorted(
        chart.regions, key=lambda r: (r.value is None, -(r.value or 0) if indicator is None or
                                      indicator.direction != "down" else (r.value or 0), r.name)
    )  # fmt: skip
    return {
        "indicators": options,
        "indicator": indicator,
        "years": year_options,
        "year": year,
        "theo": theo,
        "map": chart,
        "ranked": ranked,
        "seeded": bool(units),
    }


@router.get("/ban-do", response_class=HTMLResponse)
def map_page(
    request: Request, chi_tieu: str | None = None, nam: str | None = None, theo: str = "gia-tri"
) -> Response:
    require_user(request)
    version = data_version(request)
    hit = cached_page(request, version)
    if hit is not None:
        return hit
    store: dict[Any, Any] = request.app.state.cache
    if len(store) > 1000:
        store.clear()
    memo = store.setdefault(("ban-do", version), {})
    with reading(request) as session:
        ctx = map_context(session, chi_tieu, nam, theo, cache=memo)
    return keep_page(request, version, render(request, "ban_do.html", ctx))
