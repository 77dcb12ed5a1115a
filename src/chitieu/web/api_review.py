"""Documents through the REST API: upload (a job that reads it), its facts, and their review.

``POST /documents`` (multipart: ``file``, ``unit_id``, ``plan_id``) answers 202 with a
job; ``GET /jobs/{id}`` tells its progress and, once done, the document, whose facts
(pending) are listed by ``GET /documents/{id}/facts``. Each pending fact is accepted
(it becomes an observation or a target, with its provenance) or rejected; ``relink``
renames the indicator of a document's facts or links it to a catalogue code. The
work is :mod:`chitieu.store.review`'s; these routes check the user and the ids.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from chitieu.errors import NotFound, ValidationError
from chitieu.store import browse, review
from chitieu.store.users import User
from chitieu.web.api_base import (
    ApiUser,
    BodyId,
    Limit,
    Offset,
    Page,
    not_found,
    operation_id,
    page,
    responses,
    valid,
)
from chitieu.web.api_models import DocumentOut, FactOut, JobOut, RelinkIn, RelinkOut
from chitieu.web.deps import reading, writing
from chitieu.web.documents import check_upload, read_upload, start_extraction
from chitieu.web.jobs import Job

__all__ = ["router"]

router = APIRouter(tags=["Tài liệu và rà soát"], generate_unique_id_function=operation_id)
ONE = responses(404, 422)
REVIEW = responses(403, 404, 409, 422)


def _document_unit(request: Request, document_id: int) -> int | None:
    """The unit of a stored document (404 if there is none)."""
    with reading(request) as session:
        info = review.document_info(session, document_id) if valid(document_id) else None
    if info is None:
        raise not_found("tài liệu", "document", document_id)
    return info.unit_id


@router.get(
    "/documents", response_model=Page[DocumentOut], summary="Tài liệu đã tải lên", responses=responses(422)
)
def list_documents(request: Request, user: ApiUser, limit: Limit = 50, offset: Offset = 0) -> Any:
    with reading(request) as session:
        docs, total = review.list_documents(session, limit=limit, offset=offset)
    return page(request, [DocumentOut.of(d) for d in docs], total, limit, offset)


@router.get("/documents/{document_id}", response_model=DocumentOut, summary="Một tài liệu", responses=ONE)
def get_document(request: Request, user: ApiUser, document_id: int) -> Any:
    with reading(request) as session:
        info = review.document_info(session, document_id) if valid(document_id) else None
    if info is None:
        raise not_found("tài liệu", "document", document_id)
    return DocumentOut.of(info)


def _job_out(job: Job) -> JobOut:
    state = job.state if job.state in ("running", "done", "failed") else "failed"
    return JobOut(id=job.id, name=job.name, state=state, lines=job.lines, facts=job.facts,  # type: ignore[arg-type]
                  percent=job.percent, document_id=job.document_id, already=job.already, error=job.error)  # fmt: skip


@router.post(
    "/documents",
    response_model=JobOut,
    status_code=202,
    summary="Tải lên một báo cáo (.txt, .docx, .pdf): đọc trong nền",
    response_description="Đã nhận; đang đọc trong nền (theo dõi ở Location).",
    responses={
        **responses(400, 403, 413, 415, 422),
        200: {"model": DocumentOut, "description": "Tài liệu này (cùng nội dung) đã có; không đọc lại."},
        202: {
            "headers": {
                "Location": {
                    "description": "Địa chỉ của công việc: /api/v1/jobs/{id}.",
                    "schema": {"type": "string"},
                }
            }
        },
    },
)
async def upload_document(
    request: Request, user: ApiUser, file: UploadFile, unit_id: Annotated[BodyId, Form()],
    plan_id: Annotated[BodyId | None, Form()] = None,
) -> Any:  # fmt: skip
    user.require("document.upload", unit_id)
    name = Path(file.filename or "tai-lieu.txt").name
    data = await read_upload(file, request.app.state.max_upload_bytes)
    suffix = check_upload(name, data[:65536])
    with reading(request) as session:
        if browse.get_unit(session, unit_id) is None:
            raise ValidationError(f"Không có đơn vị số {unit_id}.", f"No unit {unit_id}.")
        if plan_id is not None and browse.get_plan(session, plan_id) is None:
            raise ValidationError(f"Không có kế hoạch số {plan_id}.", f"No plan {plan_id}.")
        existing = review.find_document(session, hashlib.sha256(data).hexdigest())
        info = review.document_info(session, existing) if existing is not None else None
    if info is not None:
        return JSONResponse(DocumentOut.of(info).model_dump(), status_code=200)
    job = start_extraction(request, user, name, suffix, data, unit_id, plan_id)
    return JSONResponse(
        _job_out(job).model_dump(), status_code=202, headers={"Location": f"/api/v1/jobs/{job.id}"}
    )


@router.get(
    "/jobs/{job_id}", response_model=JobOut, summary="Tiến độ đọc một tài liệu tải lên", responses=ONE
)
def get_job(request: Request, user: ApiUser, job_id: Annotated[str, PathParam(max_length=64)]) -> Any:
    job = request.app.state.jobs.get(job_id)
    if job is None or (job.owner != user.id and user.role != "quan_tri"):
        raise NotFound("Không có công việc xử lý tài liệu này (có thể đã quá hạn).", "No such job.")
    return _job_out(job)


@router.get("/documents/{document_id}/facts", response_model=Page[FactOut], summary="Dữ kiện trích từ một tài liệu",
            responses=ONE)  # fmt: skip
def list_facts(
    request: Request, user: ApiUser, document_id: int,
    review_state: Annotated[str | None, Query(alias="review", pattern="^(pending|accepted|rejected)$")] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Any:  # fmt: skip
    _document_unit(request, document_id)
    with reading(request) as session:
        facts = review.review_facts(session, document_id, review=review_state)
    return page(request, [FactOut.of(f) for f in facts[offset : offset + limit]], len(facts), limit, offset)


def _fact(request: Request, user: User, document_id: int, fact_id: int, accept: bool) -> FactOut:
    user.require("fact.review", _document_unit(request, document_id))
    if not valid(fact_id):
        raise not_found("dữ kiện", "fact", fact_id)
    with writing(request, user) as session:
        if accept:
            review.accept_fact(session, fact_id, document_id=document_id)
        else:
            review.reject_fact(session, fact_id, document_id=document_id)
        return FactOut.of(next(f for f in review.review_facts(session, document_id) if f.id == fact_id))


@router.post("/documents/{document_id}/facts/{fact_id}/accept", response_model=FactOut,
             summary="Chấp nhận một dữ kiện: thành số liệu (nháp) hoặc chỉ tiêu", responses=REVIEW)  # fmt: skip
def accept_fact(request: Request, user: ApiUser, document_id: int, fact_id: int) -> Any:
    return _fact(request, user, document_id, fact_id, accept=True)


@router.post("/documents/{document_id}/facts/{fact_id}/reject", response_model=FactOut,
             summary="Loại bỏ một dữ kiện", responses=REVIEW)  # fmt: skip
def reject_fact(request: Request, user: ApiUser, document_id: int, fact_id: int) -> Any:
    return _fact(request, user, document_id, fact_id, accept=False)


@router.post("/documents/{document_id}/relink", response_model=RelinkOut,
             summary="Đổi tên chỉ tiêu của các dữ kiện hoặc gắn với mã trong danh mục",
             responses=responses(400, 403, 404, 413, 422))  # fmt: skip
def relink(request: Request, user: ApiUser, document_id: int, body: RelinkIn) -> Any:
    user.require("fact.review", _document_unit(request, document_id))
    with writing(request, user) as session:
        moved = review.relink_indicator(session, document_id, body.indicator, name=body.name, code=body.code)
    return RelinkOut(moved=moved)
