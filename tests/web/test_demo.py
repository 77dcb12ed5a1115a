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


def _assert_trajectories_and_comparison(engine: Engine) -> None:
    from chitieu.domain import Period
    from chitieu.store.cli import trajectory_record
    from chitieu.store.comparison import compare, find_indicator
    from chitieu.store.service import assess_period

    with session_scope(engine, actor="test") as s:
        actual_years: dict[tuple[int, int], set[int]] = {}
        for o in s.scalars(select(ObservationRow).where(ObservationRow.period_kind == "year",
                                                        ObservationRow.measure == "value")):  # fmt: skip
            actual_years.setdefault((o.indicator_id, o.unit_id), set()).add(o.year)
        checked = 0
        for year in (2021, 2022, 2023, 2024, 2025):
            for a in assess_period(s, Period(year)):
                known = {
                    y for y in actual_years.get((a.target.indicator_id, a.target.unit_id), ()) if y <= year
                }
                if len(known) >= 2:
                    record = trajectory_record(a)
                    assert record is not None, (a.indicator, a.unit, year)
                    assert record["years"] == sorted(known)
                    checked += 1
        assert checked > 300
        provinces = compare(s, find_indicator(s, "AL12"), 2023, level="tỉnh")
        assert len(provinces.rows) >= 5
        assert [r.rank for r in provinces.rows] == list(range(1, len(provinces.rows) + 1))
        assert {r.trajectory.status for r in provinces.rows if r.trajectory} >= {"đã đạt", "chệch hướng"}


def test_demo_has_provinces_years_trajectories_and_a_comparison(engine: Engine, _cheap_hashes: Any) -> None:
    from chitieu.web.demo import PROVINCES, TERM_YEAR, load_demo

    report = load_demo(engine, reports=False)
    with session_scope(engine, actor="test") as s:
        years = set(s.scalars(select(ObservationRow.year).where(ObservationRow.period_kind == "year")))
        targets = set(s.scalars(select(TargetRow.year)))
    assert len(PROVINCES) + 1 >= 5 and len(years) >= 4 and TERM_YEAR in targets
    _assert_trajectories_and_comparison(engine)
    again = load_demo(engine, reports=False)
    assert (again.targets, again.observations) == (0, 0) and again.units == report.units


def test_demo_with_report_gives_every_trajectory(
    engine: Engine, _cheap_hashes: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if request.node.callspec.params.get("engine") == "postgresql":
        pytest.skip("SQLite is enough here")
    from chitieu.web.demo import load_demo

    root = tmp_path / "root"
    (root / "examples").mkdir(parents=True)
    shutil.copy(EXAMPLE, root / "examples" / EXAMPLE.name)
    load_demo(engine, reports=True, root=root)
    _assert_trajectories_and_comparison(engine)


@pytest.mark.parametrize(("code", "year"), [("AL11", 2022), ("AL13", 2023)])
def test_demo_map_colours_the_real_provinces(
    engine: Engine, _cheap_hashes: Any, tmp_path: Path, request: pytest.FixtureRequest, code: str, year: int
) -> None:
    """After the demo, ``/ban-do`` for a demo indicator colours at least five of the 34 shapes."""
    if request.node.callspec.params.get("engine") == "postgresql":
        pytest.skip("SQLite is enough here")
    import re

    from tests.web.conftest import login, make_client

    from chitieu.geo.choropleth import NO_DATA
    from chitieu.web.demo import DEMO_USERS, PROVINCES, load_demo

    load_demo(engine, reports=False)
    with session_scope(engine, actor="test") as s:
        ind_id = s.scalars(select(IndicatorRow.id).where(IndicatorRow.code == code)).one()
    with make_client(engine, tmp_path) as client:
        login(client, "xem", DEMO_USERS["xem"][1])
        html = client.get(f"/ban-do?chi_tieu={ind_id}&nam={year}").text
    fills = dict(
        (key, fill)
        for fill, key in re.findall(r'<path d="[^"]+" fill="([^"]+)" data-province="([^"]+)"', html)
    )
    assert len(fills) == 34
    coloured = {k for k, fill in fills.items() if fill != NO_DATA}
    assert coloured == {c for c, *_ in PROVINCES.values()} and len(coloured) >= 5
