"""The REST API under ``/api/v1``: the catalogue (units, plans, indicators), targets and observations.

Authentication: ``Authorization: Bearer <token>`` (tokens are made on the account
page); reading also works with the browser's session. Lists are paginated with
``limit`` (at most 500) and ``offset`` and answer ``{items, total, limit, offset,
links}`` (see :mod:`chitieu.web.api_base`). Errors answer problem details (RFC 9457,
``application/problem+json``, see :mod:`chitieu.web.problems`); the OpenAPI document
declares every status an operation can answer. An id outside what the store can hold
(above 2⁶³−1) names nothing: a path with it is 404, a filter with it matches nothing.

The writes are in :mod:`chitieu.web.api_figures`, documents and their review in
:mod:`chitieu.web.api_review`, assessments and comparisons in :mod:`chitieu.web.api_assess`, imports (DHIS2,
Open SDG, SDMX-CSV) in :mod:`chitieu.web.api_imports`;
this router includes them all.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from chitieu.store import browse
from chitieu.web import api_assess, api_figures, api_imports, api_review
from chitieu.web.api_base import (
    PERIOD_PATTERN,
    ApiUser,
    Limit,
    Offset,
    Page,
    not_found,
    operation_id,
    page,
    parse_period,
    responses,
    valid,
)
from chitieu.web.api_models import IndicatorOut, ObservationOut, PlanOut, TargetOut, UnitOut
from chitieu.web.deps import reading

__all__ = ["router"]

router = APIRouter(generate_unique_id_function=operation_id)
catalogue = APIRouter(tags=["Danh mục"], generate_unique_id_function=operation_id)
figures = APIRouter(tags=["Số liệu"], generate_unique_id_function=operation_id)
READ = responses(422)  # a list: not signed in, a bad query
ONE = responses(404, 422)  # one item by id
PeriodFilter = Annotated[
    str | None,
    Query(pattern=PERIOD_PATTERN, max_length=10, description="Chỉ kỳ này (2024, 2024-Q1, 2024-M03 …)."),
]
Text = Annotated[
    str | None, Query(max_length=200, description="Chứa chuỗi này (không phân biệt dấu, hoa thường).")
]


@catalogue.get("/units", response_model=Page[UnitOut], summary="Đơn vị hành chính", responses=READ)
def list_units(
    request: Request, user: ApiUser, level: Annotated[str | None, Query(max_length=50)] = None,
    parent_id: int | None = None, q: Text = None, limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    if not valid(parent_id):
        return page(request, [], 0, limit, offset)
    with reading(request) as session:
        items, total = browse.units_page(
            session, level=level, parent_id=parent_id, q=q, limit=limit, offset=offset
        )
    return page(request, [UnitOut.of(u) for u in items], total, limit, offset)


@catalogue.get("/units/{unit_id}", response_model=UnitOut, summary="Một đơn vị", responses=ONE)
def get_unit(request: Request, user: ApiUser, unit_id: int) -> Any:
    with reading(request) as session:
        found = browse.get_unit(session, unit_id) if valid(unit_id) else None
    if found is None:
        raise not_found("đơn vị", "unit", unit_id)
    return UnitOut.of(found)


@catalogue.get("/plans", response_model=Page[PlanOut], summary="Kế hoạch, nghị quyết", responses=READ)
def list_plans(
    request: Request, user: ApiUser, unit_id: int | None = None, limit: Limit = 50, offset: Offset = 0
) -> Any:
    if not valid(unit_id):
        return page(request, [], 0, limit, offset)
    with reading(request) as session:
        items, total = browse.plans_page(session, unit_id=unit_id, limit=limit, offset=offset)
    return page(request, [PlanOut.of(p, public) for p, public in items], total, limit, offset)


@catalogue.get("/plans/{plan_id}", response_model=PlanOut, summary="Một kế hoạch", responses=ONE)
def get_plan(request: Request, user: ApiUser, plan_id: int) -> Any:
    with reading(request) as session:
        found = browse.get_plan(session, plan_id) if valid(plan_id) else None
        public = found is not None and browse.plan_is_public(session, plan_id)
    if found is None:
        raise not_found("kế hoạch", "plan", plan_id)
    return PlanOut.of(found, public)


@catalogue.get("/indicators", response_model=Page[IndicatorOut], summary="Danh mục chỉ tiêu", responses=READ)
def list_indicators(
    request: Request, user: ApiUser, domain: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str | None, Query(pattern="^(active|proposed|retired)$")] = None, q: Text = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    with reading(request) as session:
        items, total = browse.indicators_page(
            session, domain=domain, status=status, q=q, limit=limit, offset=offset
        )
    return page(request, [IndicatorOut.of(i) for i in items], total, limit, offset)


@catalogue.get(
    "/indicators/{indicator_id}", response_model=IndicatorOut, summary="Một chỉ tiêu", responses=ONE
)
def get_indicator(request: Request, user: ApiUser, indicator_id: int) -> Any:
    with reading(request) as session:
        found = browse.get_indicator(session, indicator_id) if valid(indicator_id) else None
    if found is None:
        raise not_found("chỉ tiêu", "indicator", indicator_id)
    return IndicatorOut.of(found)


@figures.get("/targets", response_model=Page[TargetOut], summary="Chỉ tiêu kế hoạch", responses=READ)
def list_targets(
    request: Request, user: ApiUser, plan_id: int | None = None, unit_id: int | None = None,
    indicator_id: int | None = None, year: int | None = None, period: PeriodFilter = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    if not valid(plan_id, unit_id, indicator_id, year):
        return page(request, [], 0, limit, offset)
    p = parse_period(period) if period else None
    with reading(request) as session:
        items, total = browse.targets_page(session, plan_id=plan_id, unit_id=unit_id, indicator_id=indicator_id,
                                           year=year, period=p, limit=limit, offset=offset)  # fmt: skip
    return page(request, [TargetOut.of(t) for t in items], total, limit, offset)


@figures.get("/targets/{target_id}", response_model=TargetOut, summary="Một chỉ tiêu kế hoạch", responses=ONE)
def get_target(request: Request, user: ApiUser, target_id: int) -> Any:
    with reading(request) as session:
        found = browse.get_target(session, target_id) if valid(target_id) else None
    if found is None:
        raise not_found("chỉ tiêu kế hoạch", "target", target_id)
    return TargetOut.of(found)


@figures.get(
    "/observations", response_model=Page[ObservationOut], summary="Số liệu thực hiện", responses=READ
)
def list_observations(
    request: Request, user: ApiUser, unit_id: int | None = None, indicator_id: int | None = None,
    year: int | None = None, state: Annotated[str | None, Query(pattern="^(draft|submitted|approved)$")] = None,
    period: PeriodFilter = None, limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    if not valid(unit_id, indicator_id, year):
        return page(request, [], 0, limit, offset)
    p = parse_period(period) if period else None
    with reading(request) as session:
        items, total = browse.observations_page(session, unit_id=unit_id, indicator_id=indicator_id, year=year,
                                                state=state, period=p, limit=limit, offset=offset)  # fmt: skip
    return page(request, [ObservationOut.of(o) for o in items], total, limit, offset)


@figures.get(
    "/observations/{observation_id}", response_model=ObservationOut, summary="Một số liệu", responses=ONE
)
def get_observation(request: Request, user: ApiUser, observation_id: int) -> Any:
    from chitieu.store import review

    with reading(request) as session:
        found = review.observation(session, observation_id) if valid(observation_id) else None
    if found is None:
        raise not_found("số liệu", "observation", observation_id)
    return ObservationOut.of(found)


# the routes themselves, not included routers: the app's route table (for ``Allow``) reads them one by one
for part in (
    catalogue,
    figures,
    api_figures.router,
    api_review.router,
    api_assess.router,
    api_imports.router,
):
    router.routes.extend(part.routes)
