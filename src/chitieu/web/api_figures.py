"""Writing figures through the REST API: observations, targets, approval and period locks.

Each route reads its body, then calls :mod:`chitieu.store.figures` in one transaction
audited under the user (``web:<name>``); permission, period locks and values are
checked there.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from chitieu.store import figures
from chitieu.store import users as accounts
from chitieu.store.figures import Move
from chitieu.web.api_base import (
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
from chitieu.web.api_models import LockIn, LockOut, ObservationIn, ObservationOut, TargetIn, TargetOut
from chitieu.web.deps import reading, writing

__all__ = ["router"]

router = APIRouter(generate_unique_id_function=operation_id)
WRITE = responses(400, 403, 409, 413, 422)  # 400: a body that is not JSON
MOVE = responses(403, 404, 409, 422)


@router.post("/observations", response_model=ObservationOut, status_code=201, tags=["Số liệu"],
             summary="Nhập một số liệu (nháp)", responses=WRITE)  # fmt: skip
def create_observation(request: Request, user: ApiUser, body: ObservationIn) -> Any:
    period = parse_period(body.period)
    with writing(request, user) as session:
        obs = figures.enter_observation(session, user, indicator_id=body.indicator_id, unit_id=body.unit_id,
                                        period=period, value=body.value)  # fmt: skip
    return ObservationOut.of(obs)


def _mover(action: Move) -> Any:
    def move(request: Request, user: ApiUser, observation_id: int) -> Any:
        if not valid(observation_id):
            raise not_found("số liệu", "observation", observation_id)
        with writing(request, user) as session:
            return ObservationOut.of(figures.move(session, user, observation_id, action))

    move.__name__ = f"{action}_observation"
    return move


for action, summary in (("submit", "Gửi số liệu nháp để phê duyệt"), ("approve", "Phê duyệt số liệu đã gửi"),
                        ("return", "Trả lại số liệu để sửa (về nháp)")):  # fmt: skip
    router.add_api_route(f"/observations/{{observation_id}}/{action}", _mover(action), methods=["POST"],  # type: ignore[arg-type]
                         response_model=ObservationOut, summary=summary, responses=MOVE, tags=["Phê duyệt"])  # fmt: skip


@router.post("/targets", response_model=TargetOut, status_code=201, tags=["Số liệu"],
             summary="Đặt một chỉ tiêu kế hoạch", responses=WRITE)  # fmt: skip
def put_target(request: Request, user: ApiUser, body: TargetIn) -> Any:
    period = parse_period(body.period)
    with writing(request, user) as session:
        target = figures.put_target(
            session, user, indicator_id=body.indicator_id, unit_id=body.unit_id, period=period, op=body.op,
            value=body.value, low=body.low, high=body.high, plan_id=body.plan_id, measure=body.measure,
        )  # fmt: skip
    return TargetOut.of(target)


@router.get("/locks", response_model=Page[LockOut], tags=["Phê duyệt"], summary="Các kỳ đã khóa sổ",
            responses=responses(422))  # fmt: skip
def list_locks(request: Request, user: ApiUser, limit: Limit = 50, offset: Offset = 0) -> Any:
    with reading(request) as session:
        locks = accounts.list_locks(session)
    return page(request, [LockOut.of(x) for x in locks[offset : offset + limit]], len(locks), limit, offset)


@router.post("/locks", response_model=LockOut, status_code=201, tags=["Phê duyệt"],
             summary="Khóa sổ một kỳ (một đơn vị, hoặc mọi đơn vị)",
             responses={**WRITE, 200: {"model": LockOut, "description": "Kỳ này đã khóa từ trước."}})  # fmt: skip
def lock_period(request: Request, response: Response, user: ApiUser, body: LockIn) -> Any:
    period = parse_period(body.period)
    with writing(request, user) as session:
        found, created = figures.lock(session, user, period, body.unit_id)
    if not created:
        response.status_code = 200
    return LockOut.of(found)


@router.delete("/locks/{lock_id}", status_code=204, tags=["Phê duyệt"], summary="Mở khóa sổ",
               responses=responses(403, 404, 422))  # fmt: skip
def unlock_period(request: Request, user: ApiUser, lock_id: int) -> Response:
    if not valid(lock_id):
        raise not_found("khóa sổ", "period lock", lock_id)
    with writing(request, user) as session:
        figures.unlock(session, user, lock_id)
    return Response(status_code=204)
