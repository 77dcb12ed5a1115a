"""Assessments through the REST API: a unit's targets judged for a period, a target's trajectory, comparisons.

The judgements are :mod:`chitieu.store.service`'s (the same as the pages and the
briefings); the comparison is :func:`chitieu.store.comparison.compare`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from chitieu.store import browse, comparison, service
from chitieu.web.api_base import (
    ApiUser,
    Limit,
    Offset,
    Page,
    PeriodQuery,
    not_found,
    operation_id,
    page,
    parse_period,
    responses,
    valid,
)
from chitieu.web.api_models import AssessmentOut, ComparisonOut, TrajectoryOut
from chitieu.web.deps import reading

__all__ = ["router"]

router = APIRouter(tags=["Đánh giá"], generate_unique_id_function=operation_id)
ONE = responses(404, 422)


class TargetTrajectoryOut(BaseModel):
    target_id: int
    trajectory: TrajectoryOut | None  # null: not a yearly level or growth target with its number


@router.get("/assessments", response_model=Page[AssessmentOut], summary="Đánh giá chỉ tiêu của một đơn vị, một kỳ",
            responses=ONE)  # fmt: skip
def list_assessments(
    request: Request, user: ApiUser, unit_id: int, period: PeriodQuery, indicator_id: int | None = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    p = parse_period(period)
    if not valid(unit_id):
        raise not_found("đơn vị", "unit", unit_id)
    if not valid(indicator_id):
        return page(request, [], 0, limit, offset)
    with reading(request) as session:
        unit = browse.get_unit(session, unit_id)
        if unit is None:
            raise not_found("đơn vị", "unit", unit_id)
        found = [
            AssessmentOut.of(a) for a in service.assess_unit(session, unit, p, indicator_id=indicator_id)
        ]
    return page(request, found[offset : offset + limit], len(found), limit, offset)


@router.get("/targets/{target_id}/trajectory", response_model=TargetTrajectoryOut,
            summary="Quỹ đạo của một chỉ tiêu: tốc độ cần và thực tế, dự báo", responses=ONE)  # fmt: skip
def target_trajectory(
    request: Request, user: ApiUser, target_id: int,
    upto: Annotated[int | None, Query(ge=1900, le=2200, description="Chỉ dùng số liệu đến năm này.")] = None,
) -> Any:  # fmt: skip
    with reading(request) as session:
        target = browse.get_target(session, target_id) if valid(target_id) else None
        unit = browse.get_unit(session, target.unit_id) if target is not None else None
        if target is None or unit is None:
            raise not_found("chỉ tiêu kế hoạch", "target", target_id)
        found = service.trajectories(session, unit, [target], upto=upto).get(target.id)
    return TargetTrajectoryOut(target_id=target.id, trajectory=TrajectoryOut.of(found))


@router.get("/comparison", response_model=ComparisonOut, summary="So sánh các đơn vị theo một chỉ tiêu, một năm",
            responses=ONE)  # fmt: skip
def compare_units(
    request: Request, user: ApiUser, indicator_id: int,
    year: Annotated[int, Query(ge=1900, le=2200)],
    level: Annotated[str | None, Query(max_length=50, description="Chỉ các đơn vị cấp này (tỉnh, huyện …).")] = None,
) -> Any:  # fmt: skip
    with reading(request) as session:
        ind = browse.get_indicator(session, indicator_id) if valid(indicator_id) else None
        if ind is None:
            raise not_found("chỉ tiêu", "indicator", indicator_id)
        found = comparison.compare(session, ind, year, level=level)
    return ComparisonOut.of(found)
