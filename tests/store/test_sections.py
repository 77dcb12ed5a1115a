"""The free-text sections of the briefing: written per plan and year, per unit or plan-wide, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from chitieu.errors import ValidationError
from chitieu.store import repo
from chitieu.store.engine import session_scope
from chitieu.store.sections import SECTIONS, delete_section, get_sections, put_section
from chitieu.store.tables import AuditRow


def _setup(engine: Engine) -> tuple[int, int]:
    with session_scope(engine, actor="test") as s:
        unit = repo.add_unit(s, "Tỉnh An Lạc")
        plan = repo.get_or_create_plan(s, "Nghị quyết năm 2024", unit=unit)
        return plan.id, unit.id


def test_sections_put_then_get_in_order(engine: Engine) -> None:
    plan_id, _ = _setup(engine)
    with session_scope(engine, actor="bien-tap") as s:
        put_section(s, plan_id=plan_id, year=2023, key="nguyen_nhan", text="  Do thời tiết bất thường.\n")
        put_section(s, plan_id=plan_id, year=2023, key="han_che", text="Xuất khẩu giảm.")
    with session_scope(engine) as s:
        got = get_sections(s, plan_id=plan_id, year=2023)
    assert [x.key for x in got] == list(SECTIONS)
    assert [x.text for x in got] == ["Xuất khẩu giảm.", "Do thời tiết bất thường.", ""]
    assert got[0].updated_by == "bien-tap"


def test_sections_unit_text_overrides_plan_wide(engine: Engine) -> None:
    plan_id, unit_id = _setup(engine)
    with session_scope(engine) as s:
        put_section(s, plan_id=plan_id, year=2023, key="han_che", text="Chung.")
        put_section(s, plan_id=plan_id, year=2023, key="han_che", text="Riêng tỉnh.", unit_id=unit_id)
        put_section(s, plan_id=plan_id, year=2023, key="han_che", text="Chung, sửa lại.")
    with session_scope(engine) as s:
        assert get_sections(s, plan_id=plan_id, year=2023)[0].text == "Chung, sửa lại."
        assert get_sections(s, plan_id=plan_id, year=2023, unit_id=unit_id)[0].text == "Riêng tỉnh."
        assert get_sections(s, plan_id=plan_id, year=2022)[0].text == ""


def test_sections_rewrite_is_audited_and_delete(engine: Engine) -> None:
    plan_id, _ = _setup(engine)
    with session_scope(engine, actor="a") as s:
        put_section(s, plan_id=plan_id, year=2023, key="nhiem_vu", text="Một.")
    with session_scope(engine, actor="b") as s:
        put_section(s, plan_id=plan_id, year=2023, key="nhiem_vu", text="Hai.")
    with session_scope(engine) as s:
        audit = s.scalars(select(AuditRow).where(AuditRow.table_name == "report_sections")).all()
        assert [a.action for a in audit] == ["insert", "update"]
        assert audit[1].before is not None and audit[1].before["text"] == "Một."
        assert delete_section(s, plan_id=plan_id, year=2023, key="nhiem_vu") is True
        assert delete_section(s, plan_id=plan_id, year=2023, key="nhiem_vu") is False


@pytest.mark.parametrize("key", ["han-che", "ket_luan", ""])
def test_sections_unknown_key_is_refused(engine: Engine, key: str) -> None:
    plan_id, _ = _setup(engine)
    with session_scope(engine) as s, pytest.raises(ValidationError, match="không có trong báo cáo"):
        put_section(s, plan_id=plan_id, year=2023, key=key, text="x")
