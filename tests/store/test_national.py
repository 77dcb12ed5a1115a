"""Seeding the national list of provinces, and following units across the 2025 reform."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from chitieu.errors import ValidationError
from chitieu.store import repo, session_scope
from chitieu.store.national import current_unit, predecessors, province_units, seed_units
from chitieu.store.tables import AuditRow, UnitRow


def _count(engine: Engine) -> int:
    with session_scope(engine) as s:
        return int(s.scalar(select(func.count()).select_from(UnitRow)) or 0)


@pytest.mark.parametrize(("version", "units"), [("2024", 64), ("2025", 87)])
def test_national_seed_counts_and_is_idempotent(engine: Engine, version: str, units: int) -> None:
    with session_scope(engine) as s:
        first = seed_units(s, version)
    assert (first.created, first.updated, first.unchanged) == (units, 0, 0)
    with session_scope(engine) as s:
        again = seed_units(s, version)
    assert (again.created, again.updated, again.unchanged) == (0, 0, units)
    assert _count(engine) == units  # 1 national unit + 63, or + 52 ended + 34 now


def test_national_seed_2024_then_2025_records_the_mergers(engine: Engine) -> None:
    with session_scope(engine) as s:
        seed_units(s, "2024")
    with session_scope(engine) as s:
        r = seed_units(s, "2025")
        assert (r.created, r.updated) == (23, 52)
        seed_units(s, "2024")  # an older version again never takes the mergers back
    with session_scope(engine) as s:
        by_key = province_units(s)
        hg = by_key["02-2024"]
        assert hg.valid_to == dt.date(2025, 7, 1) and hg.successor_id == by_key["08"].id
        assert current_unit(s, hg).code == "08"
        assert current_unit(s, hg, on=dt.date(2024, 12, 31)).id == hg.id
        assert {u.code for u in predecessors(s, by_key["79"])} == {"74-2024", "77-2024", "79-2024"}
        assert predecessors(s, by_key["01"]) == []
        nation = repo.find_unit(s, "Việt Nam")
        assert nation is not None and nation.level == "quốc gia"
        assert all(u.parent_id == nation.id for u in by_key.values())


def test_national_seed_name_finds_the_unit_valid_on_a_day(engine: Engine) -> None:
    with session_scope(engine) as s:
        seed_units(s)
    with session_scope(engine) as s:
        old = repo.find_unit(s, "Tỉnh Tuyên Quang", on=dt.date(2024, 1, 1))
        new = repo.find_unit(s, "Tỉnh Tuyên Quang", on=dt.date(2026, 1, 1))
        assert old is not None and new is not None
        assert (old.code, new.code) == ("08-2024", "08")


def test_national_seed_adopts_a_unit_created_by_name(engine: Engine) -> None:
    with session_scope(engine) as s:
        tv = repo.add_unit(s, "Tỉnh Trà Vinh")
        coded = repo.add_unit(s, "Tỉnh Sóc Trăng", code="94")
    with session_scope(engine) as s:
        r = seed_units(s)
        assert r.updated == 2
        by_key = province_units(s)
        assert by_key["84-2024"].id == tv.id and by_key["94-2024"].id == coded.id
        assert current_unit(s, by_key["84-2024"]).name == "Tỉnh Vĩnh Long"


def test_national_seed_is_audited(engine: Engine) -> None:
    with session_scope(engine, actor="cli:units seed") as s:
        seed_units(s)
    with session_scope(engine) as s:
        actors = set(s.scalars(select(AuditRow.actor).where(AuditRow.table_name == "units")))
    assert actors == {"cli:units seed"}


def test_national_seed_unknown_version_is_a_clear_error(engine: Engine) -> None:
    with session_scope(engine) as s, pytest.raises(ValidationError, match="2023"):
        seed_units(s, "2023")
    assert _count(engine) == 0
