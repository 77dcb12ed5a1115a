"""Reviewing what comes in: uploaded documents and their facts, and the approval of figures.

A document uploaded in the web app is stored with its facts all ``pending``, and no
figure yet; each fact accepted (as extracted, or edited first) becomes an observation
or a target through :func:`chitieu.store.importer.import_facts`, with its provenance
(document and line). Figures typed in move ``draft`` → ``submitted`` → ``approved``
(or back to ``draft`` when returned for correction). Every write is audited.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chitieu.domain import Observation, ObservationState, Period
from chitieu.errors import Conflict, NotFound, ValidationError
from chitieu.extract.periods import KIND_NAMES, NUMBERED
from chitieu.model import OPS, ROLES, Fact
from chitieu.store import repo
from chitieu.store.catalogue import catalogue_entries, ensure_entry
from chitieu.store.importer import ImportReport, Resolver, import_facts, store_facts
from chitieu.store.tables import DocumentRow, FactRow, ObservationRow, PlanRow, TargetRow, UnitRow
from chitieu.text.numbers import format_number

__all__ = [
    "DocumentInfo",
    "ReviewFact",
    "accept_confident",
    "accept_fact",
    "accept_facts",
    "document_content",
    "document_info",
    "document_lines",
    "edit_fact",
    "find_document",
    "list_documents",
    "reject_fact",
    "relink_indicator",
    "review_facts",
    "save_document",
    "set_state",
]

_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submitted": ("draft",),
    "approved": ("submitted",),
    "draft": ("submitted",),  # returned for correction
}


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    name: str
    size: int
    sha256: str
    unit_id: int | None
    unit_name: str
    plan_id: int | None
    imported_by: str
    imported_at: Any
    facts: int = 0
    pending: int = 0
    accepted: int = 0


@dataclass(frozen=True, slots=True)
class ReviewFact:
    """A stored fact with its id, review state and catalogue indicator (when accepted)."""

    id: int
    fact: Fact
    review: str
    indicator_id: int | None


def find_document(session: Session, sha256: str) -> int | None:
    return session.scalars(select(DocumentRow.id).where(DocumentRow.sha256 == sha256)).first()


def save_document(
    session: Session,
    *,
    name: str,
    content: bytes,
    lines: Sequence[tuple[int, str, str]],
    facts: Sequence[Fact],
    unit_id: int,
    plan_id: int | None = None,
) -> tuple[int, bool]:
    """Store a document, its lines (``number, raw, restored``) and its facts, pending review.

    Returns ``(document id, created)``; a document already stored (same bytes) is left as it is.
    """
    digest = hashlib.sha256(content).hexdigest()
    existing = find_document(session, digest)
    if existing is not None:
        return existing, False
    size = max((n for n, _, _ in lines), default=0)
    raw, text = [""] * size, [""] * size
    for n, r, t in lines:
        if n >= 1:
            raw[n - 1], text[n - 1] = r, t
    doc = DocumentRow(
        sha256=digest, name=name, size=len(content), content=content, text="\n".join(raw),
        restored_text="\n".join(text), unit_id=unit_id, plan_id=plan_id, imported_by=session.info["actor"],
    )  # fmt: skip
    session.add(doc)
    session.flush()
    store_facts(session, doc.id, facts)
    return doc.id, True


def _info(session: Session, row: DocumentRow) -> DocumentInfo:
    counts = dict(
        session.execute(
            select(FactRow.review, func.count()).where(FactRow.document_id == row.id).group_by(FactRow.review)
        ).all()
    )
    unit = session.get(UnitRow, row.unit_id) if row.unit_id else None
    return DocumentInfo(
        row.id, row.name, row.size, row.sha256, row.unit_id, unit.name if unit else "", row.plan_id,
        row.imported_by, row.imported_at, sum(counts.values()), counts.get("pending", 0), counts.get("accepted", 0),
    )  # fmt: skip


def document_info(session: Session, document_id: int) -> DocumentInfo | None:
    row = session.get(DocumentRow, document_id)
    return _info(session, row) if row is not None else None


def list_documents(session: Session, *, limit: int = 50, offset: int = 0) -> tuple[list[DocumentInfo], int]:
    total = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
    rows = session.scalars(select(DocumentRow).order_by(DocumentRow.id.desc()).limit(limit).offset(offset))
    return [_info(session, r) for r in rows], total


def document_lines(session: Session, document_id: int) -> tuple[list[str], list[str]]:
    """The original and the restored lines of a document (index ``n - 1`` is line ``n``)."""
    row = session.get(DocumentRow, document_id)
    if row is None:
        return [], []
    raw = (row.text or "").split("\n")
    restored = (row.restored_text or row.text or "").split("\n")
    return raw, restored


def document_content(session: Session, document_id: int) -> tuple[str, bytes] | None:
    """The name and the bytes of a stored document, as uploaded."""
    row = session.get(DocumentRow, document_id)
    return (row.name, row.content) if row is not None else None


def _fact(r: FactRow) -> Fact:
    return Fact(
        line=r.line, indicator=r.indicator, role=r.role, op=r.op, value=r.value, low=r.low,  # type: ignore[arg-type]
        high=r.high, of=r.of, unit=r.unit, basis=r.basis, period=r.period, estimate=r.estimate,
        period_kind=r.period_kind if r.period is not None else None,
        period_number=r.period_number if r.period is not None else None,
        section=r.section, text=r.clause, indicator_code=r.indicator_code, link_confidence=r.link_confidence,
    )  # fmt: skip


def review_facts(session: Session, document_id: int, *, review: str | None = None) -> list[ReviewFact]:
    q = select(FactRow).where(FactRow.document_id == document_id).order_by(FactRow.line, FactRow.id)
    if review:
        q = q.where(FactRow.review == review)
    return [ReviewFact(r.id, _fact(r), r.review, r.indicator_id) for r in session.scalars(q)]


def _pending_row(session: Session, fact_id: int, document_id: int | None = None) -> FactRow:
    row = session.get(FactRow, fact_id)
    if row is None or (document_id is not None and row.document_id != document_id):
        raise NotFound(f"Không có dữ kiện số {fact_id}.", f"No fact number {fact_id}.")
    if row.review == "accepted":
        raise Conflict(
            f"Dữ kiện số {fact_id} đã được chấp nhận, không sửa được nữa.",
            f"Fact {fact_id} is already accepted.",
        )
    return row


def edit_fact(session: Session, fact_id: int, **changes: Any) -> ReviewFact:
    """Correct a pending fact (indicator, role, op, value, low, high, unit, period...)."""
    row = _pending_row(session, fact_id)
    allowed = {"indicator", "role", "op", "value", "low", "high", "of", "unit", "basis", "period", "estimate",
               "period_kind", "period_number"}  # fmt: skip
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"Không sửa được trường {sorted(unknown)}.", f"Cannot edit {sorted(unknown)}.")
    if changes.get("role", row.role) not in ROLES:
        raise ValidationError("Vai trò của số liệu không hợp lệ.", "Invalid role.")
    if changes.get("op", row.op) not in OPS:
        raise ValidationError("Phép so sánh không hợp lệ.", "Invalid operator.")
    if "indicator" in changes and not str(changes["indicator"]).strip():
        raise ValidationError("Tên chỉ tiêu không được để trống.", "The indicator name is empty.")
    if "period_kind" in changes or "period_number" in changes:
        kind = changes.get("period_kind", row.period_kind) or None
        changes["period_kind"] = kind
        changes["period_number"] = _period_number(kind, changes.get("period_number", row.period_number))
    for name, value in changes.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    session.flush()
    return ReviewFact(row.id, _fact(row), row.review, row.indicator_id)


def _period_number(kind: str | None, number: int | None) -> int | None:
    """The number a fact's period of ``kind`` keeps: the month, quarter, half or the last month
    of the year to date, in its range; none for the other kinds."""
    if kind is not None and kind not in KIND_NAMES:
        raise ValidationError(f"Loại kỳ không hợp lệ: “{kind}”.", f"Invalid period kind {kind!r}.")
    if kind not in NUMBERED:
        return None
    top = NUMBERED[kind]
    if number is None or not 1 <= number <= top:
        raise ValidationError(
            f"Kỳ {KIND_NAMES[kind]} cần số kỳ từ 1 đến {top}"
            + (f", không phải {number}." if number else "."),
            f"A {kind} period needs a number from 1 to {top}.",
        )
    return number


def accept_fact(
    session: Session, fact_id: int, *, document_id: int | None = None, resolver: Resolver | None = None
) -> ImportReport:
    """Accept a pending fact: it becomes an observation or a target of the document's unit."""
    row = _pending_row(session, fact_id, document_id)
    doc = session.get(DocumentRow, row.document_id)
    assert doc is not None
    if doc.unit_id is None:
        raise ValidationError("Tài liệu chưa gắn với đơn vị nào.", "The document has no unit.")
    unit_row = session.get(UnitRow, doc.unit_id)
    assert unit_row is not None
    plan_row = session.get(PlanRow, doc.plan_id) if doc.plan_id else None
    fact = _fact(row)
    report = import_facts(
        session, [fact], unit=repo.to_unit(unit_row), document_id=doc.id,
        plan=repo.to_plan(plan_row) if plan_row else None, entered_by=str(session.info.get("actor") or ""),
        resolver=resolver,
    )  # fmt: skip
    if report.skipped and not (report.observations or report.targets):
        reason = report.skipped[0][1]
        raise ValidationError(
            f"Không ghi được dữ kiện số {fact_id} thành số liệu: {reason}. Hãy sửa rồi chấp nhận lại.",
            f"Fact {fact_id} cannot become a figure: {reason}.",
        )
    row.review = "accepted"
    row.indicator_id = report.indicator_ids.get(0, row.indicator_id)
    session.flush()
    return report


def accept_confident(session: Session, document_id: int, threshold: float) -> tuple[int, int]:
    """Accept every pending fact of a document linked with ``link_confidence`` ≥ ``threshold``.

    Returns ``(accepted, left)``: ``left`` counts the facts above the threshold that cannot
    become figures (no year or value) and stay pending. All in the caller's transaction.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValidationError(
            f"Ngưỡng độ tin cậy phải từ 0 đến 1 (ví dụ 0,9), không phải {format_number(threshold)}.",
            f"The confidence threshold must be between 0 and 1, not {threshold}.",
        )
    if session.get(DocumentRow, document_id) is None:
        raise NotFound(f"Không có tài liệu số {document_id}.", f"No document {document_id}.")
    q = (
        select(FactRow.id)
        .where(FactRow.document_id == document_id, FactRow.review == "pending")
        .where(FactRow.link_confidence.is_not(None), FactRow.link_confidence >= threshold)
        .order_by(FactRow.line, FactRow.id)
    )
    return accept_facts(session, document_id, list(session.scalars(q)))


def accept_facts(session: Session, document_id: int, fact_ids: Sequence[int]) -> tuple[int, int]:
    """Accept the pending facts ``fact_ids`` of a document, each in a savepoint: ``(accepted,
    left)``, ``left`` counting those that cannot become figures (they stay pending).

    The indicators and the catalogue are read once for all of them (a shared
    :class:`~chitieu.store.importer.Resolver`), read again only after a fact is rolled back."""
    done = left = 0
    resolver: Resolver | None = None
    for fact_id in fact_ids:
        resolver = resolver or Resolver(session)
        try:
            with session.begin_nested():
                accept_fact(session, fact_id, document_id=document_id, resolver=resolver)
            done += 1
        except ValidationError:
            left += 1
            resolver = None  # what it learnt in the savepoint was rolled back
    return done, left


def relink_indicator(
    session: Session, document_id: int, indicator: str, *, name: str | None = None, code: str | None = None
) -> int:
    """Rename the indicator ``indicator`` of a document's facts and/or link it to catalogue ``code``.

    Every fact of the document with that indicator name moves at once (rejected ones too,
    so that they stay with their group); the draft figures of accepted ones follow to the
    code's indicator. Returns how many facts moved.
    """
    new_name = name.strip() if name is not None else None
    if new_name == "":
        raise ValidationError("Tên chỉ tiêu không được để trống.", "The indicator name is empty.")
    new_code = code.strip() if code else None
    if new_name is None and new_code is None:
        raise ValidationError(
            "Hãy nhập tên mới hoặc chọn mã chỉ tiêu.", "Give a new name or a catalogue code."
        )
    entry = None
    if new_code is not None:
        entry = next((e for e in catalogue_entries(session) if e.code == new_code), None)
        if entry is None:
            raise ValidationError(
                f"Không có mã chỉ tiêu “{new_code}” trong danh mục.", f"No code {new_code!r}."
            )
    rows = list(
        session.scalars(
            select(FactRow).where(FactRow.document_id == document_id, FactRow.indicator == indicator)
        )
    )
    if not rows:
        raise ValidationError(
            f"Tài liệu không có dữ kiện nào của chỉ tiêu “{indicator}”.", f"No fact of {indicator!r}."
        )
    target = ensure_entry(session, entry).id if entry is not None else None
    try:
        with session.begin_nested():
            for row in rows:
                if new_name is not None:
                    row.indicator = new_name
                if new_code is not None:
                    row.indicator_code, row.link_confidence = new_code, 1.0
                if row.review == "accepted" and target is not None and row.indicator_id not in (None, target):
                    _move_figures(session, document_id, row.line, row.indicator_id, target)
                    row.indicator_id = target
            session.flush()
    except IntegrityError as err:
        raise ValidationError(
            f"Chỉ tiêu mã {new_code} đã có số liệu cùng kỳ từ cùng nguồn; không gắn lại được.",
            f"Indicator {new_code} already has a figure of the same period from the same source.",
        ) from err
    return len(rows)


def _move_figures(session: Session, document_id: int, line: int, old: int | None, new: int) -> None:
    """The draft observations and the targets that a document line gave ``old`` go to ``new``."""
    obs = select(ObservationRow).where(
        ObservationRow.document_id == document_id, ObservationRow.line == line,
        ObservationRow.indicator_id == old, ObservationRow.state == "draft",
    )  # fmt: skip
    tgt = select(TargetRow).where(
        TargetRow.document_id == document_id, TargetRow.line == line, TargetRow.indicator_id == old
    )
    for o in session.scalars(obs):
        o.indicator_id = new
    for t in session.scalars(tgt):
        t.indicator_id = new


def reject_fact(session: Session, fact_id: int, *, document_id: int | None = None) -> None:
    row = _pending_row(session, fact_id, document_id)
    row.review = "rejected"
    session.flush()


def set_state(session: Session, observation_id: int, state: ObservationState) -> Observation:
    """Move a figure along draft → submitted → approved (or back to draft when returned)."""
    row = session.get(ObservationRow, observation_id)
    if row is None:
        raise NotFound(f"Không có số liệu số {observation_id}.", f"No figure {observation_id}.")
    if row.state not in _TRANSITIONS.get(state, ()):
        names = {"draft": "nháp", "submitted": "đã gửi", "approved": "đã duyệt"}
        raise Conflict(
            f"Không thể chuyển số liệu từ “{names.get(row.state, row.state)}” sang “{names[state]}”.",
            f"Cannot move a figure from {row.state} to {state}.",
        )
    row.state = state
    session.flush()
    return repo.to_observation(row)


def observation(session: Session, observation_id: int) -> Observation | None:
    row = session.get(ObservationRow, observation_id)
    return repo.to_observation(row) if row is not None else None


def replace_fact(fact: Fact, **changes: Any) -> Fact:
    return dataclasses.replace(fact, **changes)


def period_of(kind: str, year: int, number: int) -> Period:
    return Period(year, cast(Any, kind), number)
