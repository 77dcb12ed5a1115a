"""The free-text sections of the briefing, written by users, per plan, year (and unit).

Three sections are known (:data:`SECTIONS`): ``han_che`` (Hạn chế, yếu kém),
``nguyen_nhan`` (Nguyên nhân) and ``nhiem_vu`` (Nhiệm vụ và giải pháp). The year is
the results year of the briefing (the tasks written under ``nhiem_vu`` are those for
the year after it). A text stored for a unit takes precedence over the plan-wide text
(``unit_id`` null) with the same key. Writes go through the session, so they are audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.errors import ValidationError
from chitieu.store.tables import ReportSectionRow, utcnow
from chitieu.text.normalize import nfc

__all__ = ["SECTIONS", "SectionText", "delete_section", "get_sections", "put_section"]

SECTIONS: dict[str, str] = {
    "han_che": "Hạn chế, yếu kém",
    "nguyen_nhan": "Nguyên nhân",
    "nhiem_vu": "Nhiệm vụ và giải pháp",
}

MAX_TEXT = 200_000


@dataclass(frozen=True, slots=True)
class SectionText:
    """One stored section."""

    key: str
    title: str
    text: str
    plan_id: int
    year: int
    unit_id: int | None = None
    updated_by: str = ""


def _check_key(key: str) -> None:
    if key not in SECTIONS:
        known = ", ".join(SECTIONS)
        raise ValidationError(
            f"Mục “{key}” không có trong báo cáo; các mục là: {known}.",
            f"Unknown report section “{key}”; the sections are: {known}.",
        )


def _row(session: Session, plan_id: int, year: int, key: str, unit_id: int | None) -> ReportSectionRow | None:
    r = ReportSectionRow
    q = select(r).where(r.plan_id == plan_id, r.year == year, r.key == key)
    q = q.where(r.unit_id.is_(None) if unit_id is None else r.unit_id == unit_id)
    return session.scalars(q.order_by(r.id)).first()


def put_section(
    session: Session,
    *,
    plan_id: int,
    year: int,
    key: str,
    text: str,
    unit_id: int | None = None,
    updated_by: str = "",
) -> SectionText:
    """Write (or replace) the text of section ``key``; an empty text is stored as empty."""
    _check_key(key)
    text = nfc(text).strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            f"Nội dung mục “{SECTIONS[key]}” quá dài ({len(text)} ký tự, tối đa {MAX_TEXT}).",
            f"Section “{SECTIONS[key]}” is too long ({len(text)} characters, at most {MAX_TEXT}).",
        )
    row = _row(session, plan_id, year, key, unit_id)
    if row is None:
        row = ReportSectionRow(plan_id=plan_id, year=year, unit_id=unit_id, key=key, text=text)
        session.add(row)
    row.text = text
    row.updated_by = updated_by or str(session.info.get("actor") or "")
    row.updated_at = utcnow()
    session.flush()
    return SectionText(key, SECTIONS[key], text, plan_id, year, unit_id, row.updated_by)


def delete_section(
    session: Session, *, plan_id: int, year: int, key: str, unit_id: int | None = None
) -> bool:
    """Remove a stored section; ``True`` when there was one."""
    _check_key(key)
    row = _row(session, plan_id, year, key, unit_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def get_sections(
    session: Session, *, plan_id: int, year: int, unit_id: int | None = None
) -> list[SectionText]:
    """The sections for a plan and year, in :data:`SECTIONS` order: the unit's own, else the plan-wide one.

    Sections nobody has written are returned with an empty text.
    """
    r = ReportSectionRow
    rows = session.scalars(select(r).where(r.plan_id == plan_id, r.year == year).order_by(r.id)).all()
    found: dict[str, ReportSectionRow] = {}
    for row in rows:
        if row.key not in SECTIONS:
            continue
        if row.unit_id is None and row.key not in found:
            found[row.key] = row
    for row in rows:
        if unit_id is not None and row.unit_id == unit_id and row.key in SECTIONS:
            found[row.key] = row
    out: list[SectionText] = []
    for key, title in SECTIONS.items():
        stored = found.get(key)
        if stored is None:
            out.append(SectionText(key, title, "", plan_id, year, unit_id))
        else:
            out.append(SectionText(key, title, stored.text, plan_id, year, stored.unit_id, stored.updated_by))
    return out
