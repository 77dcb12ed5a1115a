"""Cổng công khai (``/cong-khai``): the published plans, readable without signing in, like Open SDG's site.

* ``/cong-khai``: the published plans with their province and years;
* ``/cong-khai/{plan_id}``: the plan's indicators grouped by the five domains, with status badges;
* ``/cong-khai/{plan_id}/chi-tieu/{indicator_id}``: one indicator: SVG chart, targets and
  results by year with their source lines, the trajectory, and the downloads;
* ``/cong-khai/{plan_id}/chi-tieu/{indicator_id}/tai-ve/{csv|opensdg|sdmx}``: the downloads;
* ``/cong-khai/{plan_id}/tai-ve/{csv|opensdg|sdmx}``: the same for every indicator of the
  plan (Open SDG as a zip of one file per indicator).

A plan that is not published is a 404, whoever asks. The data comes from
:mod:`chitieu.exchange.portal`; pages are cached per data version.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chitieu.exchange import portal
from chitieu.store import browse
from chitieu.web.deps import reading
from chitieu.web.portal_chart import series_svg
from chitieu.web.render import render

__all__ = ["DOWNLOADS", "router"]

router = APIRouter(include_in_schema=False)
# format -> (label, file name suffix, writer)
DOWNLOADS: dict[str, tuple[str, str, Callable[[portal.IndicatorSeries, io.StringIO], None]]] = {
    "csv": ("CSV", "", portal.series_csv),
    "opensdg": ("Open SDG (CSV)", "-opensdg", portal.series_opensdg),
    "sdmx": ("SDMX-CSV", "-sdmx", portal.series_sdmx),
}


def _cached(request: Request, session: Session, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """``make()`` once per data version and set of published plans (read now: unpublishing hides at once)."""
    cache: dict[Any, Any] = request.app.state.cache
    public = frozenset(browse.public_plan_ids(session))
    full = ("cong-khai", *key, browse.data_version(session), public)
    if full not in cache:
        if len(cache) > 1000:
            cache.clear()
        cache[full] = make()
    return cache[full]


@router.get("/cong-khai", response_class=HTMLResponse)
def public_index(request: Request) -> Response:
    with reading(request) as session:
        plans = _cached(request, session, ("index",), lambda: portal.published_plans(session))
    return render(request, "public.html", {"plans": plans})


@router.get("/cong-khai/{plan_id}", response_class=HTMLResponse)
def public_plan(request: Request, plan_id: int) -> Response:
    """A published plan's indicators by domain, readable without signing in."""
    with reading(request) as session:
        page = _cached(request, session, ("plan", plan_id), lambda: portal.portal_plan(session, plan_id))
    return render(request, "public_plan.html", {"page": page, "downloads": DOWNLOADS})


@router.get("/cong-khai/{plan_id}/chi-tieu/{indicator_id}", response_class=HTMLResponse)
def public_indicator(request: Request, plan_id: int, indicator_id: int) -> Response:
    with reading(request) as session:
        series = _cached(request, session, ("indicator", plan_id, indicator_id),
                         lambda: portal.indicator_series(session, plan_id, indicator_id))  # fmt: skip
    ctx = {"s": series, "chart": series_svg(series), "downloads": DOWNLOADS}
    return render(request, "public_indicator.html", ctx)


def _format(dinh_dang: str) -> tuple[str, str, Callable[[portal.IndicatorSeries, io.StringIO], None]]:
    if dinh_dang not in DOWNLOADS:
        err = portal.NotPublished(
            f"Không có định dạng tải về “{dinh_dang}”; chọn {', '.join(DOWNLOADS)}.",
            f"No download format {dinh_dang!r}; choose {', '.join(DOWNLOADS)}.",
        )
        raise err
    return DOWNLOADS[dinh_dang]


def _attachment(body: bytes, media_type: str, name: str) -> Response:
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/cong-khai/{plan_id}/tai-ve/{dinh_dang}")
def public_plan_download(request: Request, plan_id: int, dinh_dang: str) -> Response:
    """Every indicator of the plan in one file (Open SDG: a zip of its data folder)."""
    _, suffix, _ = _format(dinh_dang)
    with reading(request) as session:
        every = _cached(
            request, session, ("plan-series", plan_id), lambda: portal.plan_series(session, plan_id)
        )
    if dinh_dang == "opensdg":
        return _attachment(portal.plan_opensdg(every), "application/zip", f"ke-hoach-{plan_id}{suffix}.zip")
    out = io.StringIO()
    (portal.plan_csv if dinh_dang == "csv" else portal.plan_sdmx)(every, out)
    return _attachment(
        out.getvalue().encode("utf-8"), "text/csv; charset=utf-8", f"ke-hoach-{plan_id}{suffix}.csv"
    )


@router.get("/cong-khai/{plan_id}/chi-tieu/{indicator_id}/tai-ve/{dinh_dang}")
def public_download(request: Request, plan_id: int, indicator_id: int, dinh_dang: str) -> Response:
    _, suffix, write = _format(dinh_dang)
    with reading(request) as session:
        series = _cached(request, session, ("indicator", plan_id, indicator_id),
                         lambda: portal.indicator_series(session, plan_id, indicator_id))  # fmt: skip
    out = io.StringIO()
    write(series, out)
    code = series.indicator.code or f"CT{series.indicator.id}"
    name = f"ke-hoach-{plan_id}-{code}{suffix}.csv"
    return _attachment(out.getvalue().encode("utf-8"), "text/csv; charset=utf-8", name)
