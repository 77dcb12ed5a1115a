"""The REST API under ``/api/v1``: indicators, targets, observations, assessments, documents, facts.

Authentication: ``Authorization: Bearer <token>`` (tokens are made on the account
page); reading also works with the browser's session. Lists are paginated with
``limit`` (at most 500) and ``offset`` and answer ``{items, total, limit, offset}``.
Errors answer problem details (RFC 9457, ``application/problem+json``, see
:mod:`chitieu.web.problems`); the OpenAPI document declares every status an operation
can answer. An id outside what the store can hold (above 2⁶³−1) names nothing: a path
with it is 404, a filter with it matches nothing.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field, FiniteFloat

from chitieu.domain import Period
from chitieu.errors import ValidationError
from chitieu.store import browse, repo, review, service
from chitieu.store import users as accounts
from chitieu.store.cli import assessment_record
from chitieu.store.users import User
from chitieu.web.deps import reading, writing
from chitieu.web.entry import check_value
from chitieu.web.problems import error_responses
from chitieu.web.security import api_user

__all__ = ["router"]

router = APIRouter(tags=["chitieu"])
T = TypeVar("T")
MAX_ID = 2**63 - 1  # the largest integer SQLite (and a PostgreSQL bigint) holds
Limit = Annotated[int, Query(ge=1, le=500, description="Số mục mỗi trang (tối đa 500).")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Bỏ qua bấy nhiêu mục đầu.")]
ApiUser = Annotated[User, Depends(api_user)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
READ = error_responses(401, 422)  # a list: not signed in, a bad query
WRITE = error_responses(400, 401, 403, 409, 413, 422)  # 400: a body that is not JSON


def _valid(*ids: int | None) -> bool:
    """Whether every id given could be in the store (else it names nothing)."""
    return all(i is None or -MAX_ID - 1 <= i <= MAX_ID for i in ids)


def _not_found(what: str, what_en: str, number: int) -> ValidationError:
    err = ValidationError(f"Không có {what} số {number}.", f"No {what_en} {number}.")
    err.http_status = 404
    return err


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class IndicatorOut(BaseModel):
    id: int
    name: str
    unit: str
    code: str | None
    domain: str | None
    direction: str
    aggregation: str
    status: str
    aliases: list[str]


class TargetOut(BaseModel):
    id: int
    indicator_id: int
    unit_id: int
    period: str
    op: str
    value: float | None
    low: float | None
    high: float | None
    measure: str
    plan_id: int | None
    basis: str | None
    unit_of_measure: str
    document_id: int | None
    line: int | None


class ObservationOut(BaseModel):
    id: int
    indicator_id: int
    unit_id: int
    period: str
    value: float
    measure: str
    estimate: bool
    state: str
    document_id: int | None
    line: int | None
    entered_by: str | None


class ObservationIn(BaseModel):
    indicator_id: Id
    unit_id: Id
    period: str = Field(
        description="2024, 2024-Q1, 2024-H1, 2024-M03, 2024-9T, 2024-LK10 (lũy kế)", max_length=20
    )
    value: Annotated[str, Field(max_length=50)] | FiniteFloat = Field(
        description="Số (JSON) hoặc chuỗi viết kiểu Việt Nam: 1.234,5"
    )

    model_config = {
        "json_schema_extra": {
            "examples": [{"indicator_id": 1, "unit_id": 1, "period": "2024", "value": "1.234,5"}]
        }
    }


class DocumentOut(BaseModel):
    id: int
    name: str
    size: int
    sha256: str
    unit_id: int | None
    plan_id: int | None
    facts: int
    pending: int
    accepted: int


class FactOut(BaseModel):
    id: int
    line: int
    indicator: str
    role: str
    op: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    basis: str | None
    period: int | None
    estimate: bool
    review: str
    text: str


def _target(t: Any) -> TargetOut:
    return TargetOut(
        id=t.id, indicator_id=t.indicator_id, unit_id=t.unit_id, period=str(t.period), op=t.op, value=t.value,
        low=t.low, high=t.high, measure=t.measure, plan_id=t.plan_id, basis=t.basis,
        unit_of_measure=t.unit_of_measure, document_id=t.document_id, line=t.line,
    )  # fmt: skip


def _observation(o: Any) -> ObservationOut:
    return ObservationOut(
        id=o.id, indicator_id=o.indicator_id, unit_id=o.unit_id, period=str(o.period), value=o.value,
        measure=o.measure, estimate=o.estimate, state=o.state, document_id=o.document_id, line=o.line,
        entered_by=o.entered_by,
    )  # fmt: skip


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as err:
        raise ValidationError(f"Kỳ báo cáo không hợp lệ: “{text}”.", f"Invalid period {text!r}.") from err


@router.get("/indicators", response_model=Page[IndicatorOut], summary="Danh mục chỉ tiêu", responses=READ)
def list_indicators(request: Request, user: ApiUser, limit: Limit = 50, offset: Offset = 0) -> Any:
    with reading(request) as session:
        items, total = browse.indicators_page(session, limit=limit, offset=offset)
    out = [IndicatorOut(id=i.id, name=i.name, unit=i.unit, code=i.code, domain=i.domain, direction=i.direction,
                        aggregation=i.aggregation, status=i.status, aliases=list(i.aliases)) for i in items]  # fmt: skip
    return Page[IndicatorOut](items=out, total=total, limit=limit, offset=offset)


@router.get("/targets", response_model=Page[TargetOut], summary="Chỉ tiêu kế hoạch", responses=READ)
def list_targets(
    request: Request, user: ApiUser, plan_id: int | None = None, unit_id: int | None = None,
    indicator_id: int | None = None, year: int | None = None, limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    if not _valid(plan_id, unit_id, indicator_id, year):
        return Page[TargetOut](items=[], total=0, limit=limit, offset=offset)
    with reading(request) as session:
        items, total = browse.targets_page(session, plan_id=plan_id, unit_id=unit_id, indicator_id=indicator_id,
                                           year=year, limit=limit, offset=offset)  # fmt: skip
    return Page[TargetOut](items=[_target(t) for t in items], total=total, limit=limit, offset=offset)


@router.get("/observations", response_model=Page[ObservationOut], summary="Số liệu thực hiện", responses=READ)
def list_observations(
    request: Request, user: ApiUser, unit_id: int | None = None, indicator_id: int | None = None,
    year: int | None = None, state: str | None = None, limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    if not _valid(unit_id, indicator_id, year):
        return Page[ObservationOut](items=[], total=0, limit=limit, offset=offset)
    with reading(request) as session:
        items, total = browse.observations_page(session, unit_id=unit_id, indicator_id=indicator_id, year=year,
                                                state=state, limit=limit, offset=offset)  # fmt: skip
    return Page[ObservationOut](
        items=[_observation(o) for o in items], total=total, limit=limit, offset=offset
    )


@router.post(
    "/observations",
    response_model=ObservationOut,
    status_code=201,
    summary="Nhập một số liệu (nháp)",
    responses=WRITE,
)
def create_observation(request: Request, user: ApiUser, body: ObservationIn) -> Any:
    user.require("observation.enter", body.unit_id)
    period = _period(body.period)
    with writing(request, user) as session:
        ind = browse.get_indicator(session, body.indicator_id)
        if ind is None or browse.get_unit(session, body.unit_id) is None:
            raise ValidationError("Không có chỉ tiêu hoặc đơn vị này.", "Unknown indicator or unit.")
        accounts.require_open(session, body.unit_id, period)
        text = body.value if isinstance(body.value, str) else _plain(body.value)
        value, error = check_value(text, ind)
        if error or value is None:
            raise ValidationError(error or "Thiếu giá trị.", "Invalid value.")
        obs, _ = repo.put_observation(session, indicator_id=ind.id, unit_id=body.unit_id, period=period, value=value,
                                      state="draft", entered_by=user.username)  # fmt: skip
    return _observation(obs)


def _plain(x: float) -> str:
    from chitieu.text.numbers import format_number

    return format_number(x)


@router.get(
    "/assessments",
    response_model=Page[dict[str, Any]],
    summary="Đánh giá chỉ tiêu của một đơn vị, một kỳ",
    responses=error_responses(401, 404, 422),
)
def list_assessments(
    request: Request, user: ApiUser, unit_id: int, period: str, limit: Limit = 50, offset: Offset = 0
) -> Any:
    p = _period(period)
    if not _valid(unit_id):
        raise _not_found("đơn vị", "unit", unit_id)
    with reading(request) as session:
        unit = browse.get_unit(session, unit_id)
        if unit is None:
            raise _not_found("đơn vị", "unit", unit_id)
        records = [assessment_record(a) | {"indicator_id": a.target.indicator_id, "target_id": a.target.id}
                   for a in service.assess_unit(session, unit, p)]  # fmt: skip
    return Page[dict[str, Any]](
        items=records[offset : offset + limit], total=len(records), limit=limit, offset=offset
    )


@router.get("/documents", response_model=Page[DocumentOut], summary="Tài liệu đã tải lên", responses=READ)
def list_documents(request: Request, user: ApiUser, limit: Limit = 50, offset: Offset = 0) -> Any:
    with reading(request) as session:
        docs, total = review.list_documents(session, limit=limit, offset=offset)
    out = [DocumentOut(id=d.id, name=d.name, size=d.size, sha256=d.sha256, unit_id=d.unit_id, plan_id=d.plan_id,
                       facts=d.facts, pending=d.pending, accepted=d.accepted) for d in docs]  # fmt: skip
    return Page[DocumentOut](items=out, total=total, limit=limit, offset=offset)


@router.get(
    "/documents/{document_id}/facts",
    response_model=Page[FactOut],
    summary="Dữ kiện trích từ một tài liệu",
    responses=error_responses(401, 404, 422),
)
def list_facts(
    request: Request, user: ApiUser, document_id: int, review_state: Annotated[str | None, Query(alias="review")] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    if not _valid(document_id):
        raise _not_found("tài liệu", "document", document_id)
    with reading(request) as session:
        if review.document_info(session, document_id) is None:
            raise _not_found("tài liệu", "document", document_id)
        facts = review.review_facts(session, document_id, review=review_state)
    out = [FactOut(id=f.id, line=f.fact.line, indicator=f.fact.indicator, role=f.fact.role, op=f.fact.op,
                   value=f.fact.value, low=f.fact.low, high=f.fact.high, unit=f.fact.unit, basis=f.fact.basis,
                   period=f.fact.period, estimate=f.fact.estimate, review=f.review, text=f.fact.text)
           for f in facts[offset : offset + limit]]  # fmt: skip
    return Page[FactOut](items=out, total=len(facts), limit=limit, offset=offset)
