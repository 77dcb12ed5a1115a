"""The demo data looks real: figures in units that count things are whole numbers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from chitieu.store.engine import session_scope
from chitieu.store.tables import IndicatorRow, ObservationRow, TargetRow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bao-cao-tinh-an-lac-2023.txt"
# units that are no count: shares, money, area, mass, rates (“bác sĩ/vạn dân”), and
# counts in thousands or millions (“7,8 triệu con” is a whole report figure)
_MEASURED = ("%", "đồng", "usd", "ha", "tấn", "/")
_SCALED = ("nghìn", "ngàn", "vạn", "triệu", "tỷ")


def _is_count(unit: str) -> bool:
    u = unit.strip().lower()
    return bool(u) and not any(m in u for m in _MEASURED) and not u.startswith(_SCALED)


def _fractional_counts(engine: Engine) -> list[str]:
    bad: list[str] = []
    with session_scope(engine, actor="test") as s:
        units = {i.id: (i.name, i.unit) for i in s.scalars(select(IndicatorRow))}
        for t in s.scalars(select(TargetRow)):
            unit = t.unit_of_measure or units[t.indicator_id][1]
            if t.measure != "value" or not _is_count(unit):
                continue
            for v in (t.value, t.low, t.high):
                if v is not None and not float(v).is_integer():
                    bad.append(f"chỉ tiêu {units[t.indicator_id][0]} {t.year}: {v} {unit}")
        for o in s.scalars(select(ObservationRow)):
            name, unit = units[o.indicator_id]
            if o.measure == "value" and _is_count(unit) and not float(o.value).is_integer():
                bad.append(f"thực hiện {name} {o.year}: {o.value} {unit}")
    return bad


def test_demo_count_units_are_the_counted_ones() -> None:
    from chitieu.web.demo import _CATALOGUE, COUNT_UNITS

    assert {i.unit for i in _CATALOGUE if _is_count(i.unit)} == COUNT_UNITS
    assert not _is_count("%") and not _is_count("tỷ đồng") and not _is_count("bác sĩ/vạn dân")
    assert not _is_count("triệu con") and _is_count("doanh nghiệp") and _is_count("vụ")


def test_demo_counts_are_whole_numbers(engine: Engine, _cheap_hashes: Any) -> None:
    from chitieu.web.demo import load_demo

    report = load_demo(engine, reports=False)
    assert report.targets > 0 and report.observations > 0
    assert _fractional_counts(engine) == []


def test_demo_with_report_counts_are_whole_numbers(
    engine: Engine, _cheap_hashes: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The figures the example report brings (results 2023, targets 2024) too."""
    if request.node.callspec.params.get("engine") == "postgresql":
        pytest.skip("SQLite is enough here")
    from chitieu.web.demo import load_demo

    root = tmp_path / "root"  # the example report alone (no ../shared seed)
    (root / "examples").mkdir(parents=True)
    shutil.copy(EXAMPLE, root / "examples" / EXAMPLE.name)
    report = load_demo(engine, reports=True, root=root)
    assert report.imported
    assert _fractional_counts(engine) == []
