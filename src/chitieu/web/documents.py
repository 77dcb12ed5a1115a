"""Tài liệu: upload a report, watch it being read, review its facts beside the original lines.

An upload is checked (size, extension, content matching the type) before anything
is stored; the extraction runs in a background thread that reports progress; then
the document and its facts (pending) are stored in one transaction. Each fact can be
edited, accepted (it becomes an observation or a target) or rejected, one by one or
all at once.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from chitieu.catalogue.link import default_linker
from chitieu.errors import InputTooLarge, UnsupportedFormat, ValidationError
from chitieu.model import OPS, ROLES, Fact
from chitieu.store import browse, review
from chitieu.store.engine import session_scope
from chitieu.store.users import User
from chitieu.text.numbers import format_number
from chitieu.web.deps import actor, reading, writing
from chitieu.web.jobs import Job
from chitieu.web.render import flash, form_number, render
from chitieu.web.security import check_csrf, require_user

__all__ = ["check_upload", "percent", "read_upload", "router", "start_extraction"]

router = APIRouter(include_in_schema=False)
_KINDS = {".txt": "văn bản", ".docx": "Word", ".pdf": "PDF"}
_PAGE_LINES = 200


def check_upload(name: str, head: bytes) -> str:
    """The extension of an acceptable upload, or :class:`UnsupportedFormat` naming what is wrong."""
    suffix = Path(name).suffix.lower()
    if suffix not in _KINDS:
        raise UnsupportedFormat(
            name, "chỉ nhận tệp .txt, .docx hoặc .pdf.", "only .txt, .docx or .pdf files."
        )
    ok = {
        ".pdf": head.startswith(b"%PDF-"),
        ".docx": head.startswith(b"PK\x03\x04"),
        ".txt": b"\x00" not in head[:4096] and not head.startswith((b"%PDF-", b"PK\x03\x04")),
    }[suffix]
    if not ok:
        raise UnsupportedFormat(
            name, f"nội dung tệp không phải là {_KINDS[suffix]} như phần đuôi tên tệp cho biết.",
            "the content does not match the file extension.",
        )  # fmt: skip
    if suffix == ".txt":
        try:
            head[:65536].decode("utf-8")
        except UnicodeDecodeError as err:
            if err.start < len(head[:65536]) - 4:  # not just a character cut at the end of the sample
                raise UnsupportedFormat(
                    name, "tệp văn bản phải mã hóa UTF-8.", "text files must be UTF-8."
                ) from err
    return suffix


@router.get("/tai-lieu", response_class=HTMLResponse)
def documents_page(request: Request, trang: int = 1) -> Response:
    user = require_user(request)
    with reading(request) as session:
        docs, total = review.list_documents(session, limit=50, offset=(max(trang, 1) - 1) * 50)
        units = browse.units(session)
        plans = [p for p, _ in browse.plans(session)]
    allowed = [u for u in units if user.can("document.upload", u.id)]
    ctx = {"user": user, "docs": docs, "total": total, "units": allowed, "plans": plans, "page": trang,
           "limit_mb": request.app.state.max_upload_bytes // 1_000_000}  # fmt: skip
    return render(request, "documents.html", ctx)


async def read_upload(file: UploadFile, limit: int) -> bytes:
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(
            file.filename or "tệp",
            f"tệp lớn hơn giới hạn {limit // 1_000_000} MB.",
            f"file larger than {limit} bytes.",
        )
    if not data:
        raise ValidationError("Tệp tải lên rỗng.", "The uploaded file is empty.")
    return data


@router.post("/tai-lieu", dependencies=[Depends(check_csrf)])
async def upload(
    request: Request,
    file: UploadFile,
    unit_id: Annotated[int, Form()],
    plan_id: Annotated[str, Form()] = "",
) -> Response:
    user = require_user(request)
    user.require("document.upload", unit_id)
    limit: int = request.app.state.max_upload_bytes
    name = Path(file.filename or "tai-lieu.txt").name
    data = await read_upload(file, limit)
    suffix = check_upload(name, data[:65536])
    with reading(request) as session:
        if browse.get_unit(session, unit_id) is None:
            raise ValidationError(f"Không có đơn vị số {unit_id}.", f"No unit {unit_id}.")
        plan = int(plan_id) if plan_id.isdigit() and browse.get_plan(session, int(plan_id)) else None
        existing = review.find_document(session, hashlib.sha256(data).hexdigest())
    if existing is not None:
        flash(request, "Tài liệu này đã được tải lên trước đây; mở lại bản đã có.", "info")
        return RedirectResponse(f"/tai-lieu/{existing}", status_code=303)
    job = start_extraction(request, user, name, suffix, data, unit_id, plan)
    return RedirectResponse(f"/tai-lieu/tien-do/{job.id}", status_code=303)


def start_extraction(
    request: Request, user: User, name: str, suffix: str, data: bytes, unit_id: int, plan_id: int | None
) -> Job:
    """Read an upload in the background (a job of the app): its facts are stored pending review."""
    folder: Path = request.app.state.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    engine = request.app.state.engine

    def work(job: Job) -> None:
        path = folder / f"{job.id}{suffix}"
        path.write_bytes(data)
        try:
            _extract_and_store(engine, job, path, name, data, unit_id, plan_id, user)
        finally:
            with contextlib.suppress(OSError):
                path.unlink()

    job: Job = request.app.state.jobs.start(name, user.id, work)
    return job


def _extract_and_store(engine: Any, job: Job, path: Path, name: str, data: bytes, unit_id: int,
                       plan_id: int | None, user: User) -> None:  # fmt: skip
    from chitieu.ingest import iter_blocks

    def progress(done: int, total: int) -> None:
        job.pages_done, job.pages_total = done, total

    lines: list[tuple[int, str, str]] = []
    facts: list[Fact] = []
    for block in iter_blocks(path, progress=progress):
        lines.extend((ln.number, ln.raw, ln.text) for ln in block.lines)
        facts.extend(block.facts)
        job.lines, job.facts = len(lines), len(facts)
    with session_scope(engine, actor=actor(user)) as session:
        doc_id, created = review.save_document(
            session, name=name, content=data, lines=lines, facts=facts, unit_id=unit_id, plan_id=plan_id
        )
    job.document_id, job.already = doc_id, not created


@router.get("/tai-lieu/tien-do/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> Response:
    user = require_user(request)
    job = request.app.state.jobs.get(job_id)
    if job is None or (job.owner != user.id and user.role != "quan_tri"):
        err = ValidationError("Không có công việc xử lý tài liệu này (có thể đã quá hạn).", "No such job.")
        err.http_status = 404
        raise err
    if job.state == "done" and job.document_id is not None:
        flash(request, f"Đã đọc xong {job.name}: {job.facts} dữ kiện từ {job.lines} dòng.")
        return RedirectResponse(f"/tai-lieu/{job.document_id}", status_code=303)
    status = 422 if job.state == "failed" else 200
    return render(request, "progress.html", {"user": user, "job": job}, status=status)


@router.get("/tai-lieu/{document_id}", response_class=HTMLResponse)
def review_page(request: Request, document_id: int, loc: str = "") -> Response:
    user = require_user(request)
    with reading(request) as session:
        info = _info(session, document_id)
        raw, restored = review.document_lines(session, document_id)
        facts = review.review_facts(session, document_id, review=loc or None)
    by_line: dict[int, list[Any]] = {}
    for f in facts:
        by_line.setdefault(f.fact.line, []).append(f)
    rows = [
        {"n": n, "raw": raw[n - 1] if 0 < n <= len(raw) else "", "text": restored[n - 1] if 0 < n <= len(restored) else "",
         "facts": fs}
        for n, fs in sorted(by_line.items())
    ]  # fmt: skip
    groups: dict[str, dict[str, Any]] = {}
    for f in facts:
        g = groups.setdefault(
            f.fact.indicator, {"name": f.fact.indicator, "code": f.fact.indicator_code, "n": 0}
        )
        g["n"] += 1
    ctx = {"user": user, "doc": info, "rows": rows, "loc": loc, "can_review": user.can("fact.review", info.unit_id),
           "roles": ROLES, "ops": OPS, "fact_links": _links(facts), "groups": list(groups.values())}  # fmt: skip
    return render(request, "document.html", ctx)


def percent(x: float | None) -> str:
    """A confidence in [0, 1] the Vietnamese way: ``0.875`` -> ``87,5 %``."""
    return "" if x is None else f"{format_number(round(x * 100, 1))} %"


def _links(facts: list[review.ReviewFact]) -> dict[int, dict[str, Any]]:
    """For each fact: its proposed catalogue entry (name, code, confidence) and up to 3 alternatives."""
    linker = default_linker()
    out: dict[int, dict[str, Any]] = {}
    for f in facts:
        code = f.fact.indicator_code
        entry = linker.entry(code) if code else None
        others = [(e.code, e.name, percent(s)) for e, s in linker.candidates(f.fact, 4) if e.code != code][:3]
        out[f.id] = {"code": code, "name": entry.name if entry else "", "confidence": percent(f.fact.link_confidence),
                     "alternatives": others}  # fmt: skip
    return out


def _missing(document_id: int) -> ValidationError:
    err = ValidationError(f"Không có tài liệu số {document_id}.", f"No document {document_id}.")
    err.http_status = 404
    return err


def _info(session: Session, document_id: int) -> review.DocumentInfo:
    """The stored document's summary, or the page's "no such document" error."""
    info = review.document_info(session, document_id)
    if info is None:
        raise _missing(document_id)
    return info


def _doc_unit(request: Request, document_id: int) -> int | None:
    with reading(request) as session:
        return _info(session, document_id).unit_id


@router.post(
    "/tai-lieu/{document_id}/du-kien/{fact_id}",
    response_class=HTMLResponse,
    dependencies=[Depends(check_csrf)],
)
async def fact_action(request: Request, document_id: int, fact_id: int) -> Response:
    """Accept, reject, or edit then accept one fact."""
    user = require_user(request)
    user.require("fact.review", _doc_unit(request, document_id))
    form = await request.form()
    action = str(form.get("action", ""))
    with writing(request, user) as session:
        if action == "accept":
            review.accept_fact(session, fact_id, document_id=document_id)
        elif action == "reject":
            review.reject_fact(session, fact_id, document_id=document_id)
        elif action == "edit":
            changes = _edits(form)
            if not any(f.id == fact_id for f in review.review_facts(session, document_id)):
                raise ValidationError(f"Không có dữ kiện số {fact_id}.", f"No fact {fact_id}.")
            review.edit_fact(session, fact_id, **changes)
            review.accept_fact(session, fact_id, document_id=document_id)
        else:
            raise ValidationError("Thao tác không hợp lệ.", "Invalid action.")
        fact = next(f for f in review.review_facts(session, document_id) if f.id == fact_id)
    if request.headers.get("hx-request"):
        return render(
            request,
            "_fact.html",
            {"f": fact, "can_review": True, "doc_id": document_id, "roles": ROLES, "ops": OPS},
        )
    return RedirectResponse(f"/tai-lieu/{document_id}#F{fact_id}", status_code=303)


def _edits(form: Any) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key in ("indicator", "role", "op", "unit"):
        if key in form:
            changes[key] = str(form[key])
    for key, label in (("value", "giá trị"), ("low", "cận dưới"), ("high", "cận trên")):
        if key in form:
            changes[key] = form_number(str(form[key]), label)
    if "period" in form:
        text = str(form["period"]).strip()
        if text and not (text.isdigit() and 1900 <= int(text) <= 2200):
            raise ValidationError(f"Năm không hợp lệ: “{text}”.", f"Invalid year {text!r}.")
        changes["period"] = int(text) if text else None
    if "period_kind" in form:
        changes["period_kind"] = str(form["period_kind"]).strip() or None
    if "period_number" in form:
        text = str(form["period_number"]).strip()
        if text and not text.isdigit():
            raise ValidationError(f"Kỳ số không hợp lệ: “{text}”.", f"Invalid period number {text!r}.")
        changes["period_number"] = int(text) if text else None
    return changes


@router.post("/tai-lieu/{document_id}/tat-ca", dependencies=[Depends(check_csrf)])
def all_facts(request: Request, document_id: int, action: Annotated[str, Form()]) -> Response:
    """Accept (or reject) every pending fact; facts that cannot become figures stay pending."""
    user = require_user(request)
    user.require("fact.review", _doc_unit(request, document_id))
    if action not in ("accept", "reject"):
        raise ValidationError("Thao tác không hợp lệ.", "Invalid action.")
    done = left = 0
    with writing(request, user) as session:
        pending = [f.id for f in review.review_facts(session, document_id, review="pending")]
        if action == "reject":
            for fact_id in pending:
                review.reject_fact(session, fact_id, document_id=document_id)
            done = len(pending)
        else:
            done, left = review.accept_facts(session, document_id, pending)
    verb = "chấp nhận" if action == "accept" else "loại bỏ"
    note = f"; {left} dữ kiện chưa ghi được (không có năm hoặc giá trị), vẫn chờ xem xét" if left else ""
    flash(request, f"Đã {verb} {done} dữ kiện{note}.")
    return RedirectResponse(f"/tai-lieu/{document_id}", status_code=303)


@router.post("/tai-lieu/{document_id}/tin-cay", dependencies=[Depends(check_csrf)])
def confident_facts(
    request: Request, document_id: int, threshold: Annotated[str, Form()] = "0,9"
) -> Response:
    """Accept at once every pending fact linked with at least the confidence typed (0,9 by default)."""
    user = require_user(request)
    user.require("fact.review", _doc_unit(request, document_id))
    value = form_number(threshold, "ngưỡng độ tin cậy")
    if value is None:
        raise ValidationError("Hãy nhập ngưỡng độ tin cậy (ví dụ 0,9).", "Give a confidence threshold.")
    with writing(request, user) as session:
        done, left = review.accept_confident(session, document_id, value)
    note = f"; {left} dữ kiện chưa ghi được (không có năm hoặc giá trị), vẫn chờ xem xét" if left else ""
    flash(request, f"Đã chấp nhận {done} dữ kiện có độ tin cậy từ {percent(value)} trở lên{note}.")
    return RedirectResponse(f"/tai-lieu/{document_id}", status_code=303)


@router.post("/tai-lieu/{document_id}/chi-tieu", dependencies=[Depends(check_csrf)])
def relink(
    request: Request, document_id: int, indicator: Annotated[str, Form()],
    name: Annotated[str, Form()] = "", code: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Rename an indicator and/or link it to a catalogue code, for all its facts in the document at once."""
    user = require_user(request)
    user.require("fact.review", _doc_unit(request, document_id))
    new_name = name.strip() or None
    if new_name == indicator:
        new_name = None
    with writing(request, user) as session:
        moved = review.relink_indicator(
            session, document_id, indicator, name=new_name, code=code.strip() or None
        )
    flash(request, f"Đã chuyển {moved} dữ kiện của chỉ tiêu “{indicator}”.")
    return RedirectResponse(f"/tai-lieu/{document_id}", status_code=303)


@router.get("/tai-lieu/{document_id}/van-ban", response_class=HTMLResponse)
def document_text(request: Request, document_id: int, dong: int = 1) -> Response:
    """The document's lines around ``dong``, original and restored (the provenance of a figure)."""
    user = require_user(request)
    with reading(request) as session:
        info = _info(session, document_id)
        raw, restored = review.document_lines(session, document_id)
    start = max(1, dong - _PAGE_LINES // 2)
    end = min(len(raw), start + _PAGE_LINES - 1)
    lines = [(n, raw[n - 1], restored[n - 1] if n <= len(restored) else "") for n in range(start, end + 1)]
    ctx = {
        "user": user,
        "doc": info,
        "lines": lines,
        "dong": dong,
        "start": start,
        "end": end,
        "count": len(raw),
    }
    return render(request, "document_text.html", ctx)


@router.get("/tai-lieu/{document_id}/tai-ve")
def download(request: Request, document_id: int) -> Response:
    require_user(request)
    from urllib.parse import quote

    with reading(request) as session:
        found = review.document_content(session, document_id)
    if found is None:
        raise _missing(document_id)
    name, content = found

    return Response(content, media_type="application/octet-stream",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})  # fmt: skip
