"""Assessing the store: choosing the result, combining months, growth targets."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from chitieu.domain import ObservationState, Period
from chitieu.errors import ValidationError
from chitieu.store import repo, session_scope
from chitieu.store.service import assess_period, assess_unit


def _setup(engine: Engine, aggregation: str, months: dict[int, float], target: float) -> None:
    with session_scope(engine) as s:
        unit = repo.add_unit(s, "Tỉnh A")
        ind = repo.add_indicator(s, "Chỉ số thử", unit="tỷ đồng", aggregation=aggregation)
        repo.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), op="=", value=target)
        for m, v in months.items():
            repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019, "month", m), value=v,
                                 entered_by="an")  # fmt: skip


@pytest.mark.parametrize(
    ("aggregation", "months", "actual"),
    [
        ("sum", dict.fromkeys(range(1, 13), 10.0), 120.0),
        ("sum", dict.fromkeys(range(1, 12), 10.0), None),  # a month missing: no yearly sum
        ("mean", {1: 10.0, 2: 20.0}, 15.0),
        ("latest", {1: 10.0, 5: 30.0, 3: 20.0}, 30.0),
    ],
)
def test_service_year_from_months(
    engine: Engine, aggregation: str, months: dict[int, float], actual: float | None
) -> None:
    _setup(engine, aggregation, months, 100.0)
    with session_scope(engine) as s:
        (a,) = assess_period(s, Period(2019), unit_name="tinh a")
    assert a.actual == actual


@pytest.mark.parametrize(
    ("states", "chosen"),
    [(("draft", "approved", "submitted"), 2.0), (("draft", "draft"), 2.0), (("approved", "draft"), 1.0)],
)
def test_service_prefers_approved_then_latest(
    engine: Engine, states: tuple[ObservationState, ...], chosen: float
) -> None:
    with session_scope(engine) as s:
        unit = repo.add_unit(s, "Tỉnh A")
        ind = repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng")
        repo.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), op="=", value=1.0)
        for i, state in enumerate(states):
            repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), value=float(i + 1),
                                 state=state, entered_by=f"user{i}")  # fmt: skip
        (a,) = assess_unit(s, unit, Period(2019))
    assert a.actual == chosen


def test_service_growth_target_from_levels(engine: Engine) -> None:
    with session_scope(engine) as s:
        unit = repo.add_unit(s, "Tỉnh A")
        ind = repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng")
        repo.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2020), op=">=", value=10,
                        measure="change", unit_of_measure="%")  # fmt: skip
        for year, v in ((2019, 100.0), (2020, 112.0)):
            repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(year), value=v,
                                 entered_by="an")  # fmt: skip
        (a,) = assess_unit(s, unit, Period(2020))
    assert a.actual == pytest.approx(12.0)
    assert a.status == "vượt"
    assert a.sentence == "Thu nội địa tăng 12%, vượt chỉ tiêu (kế hoạch tăng từ 10% trở lên)."


def test_service_change_on_last_year(engine: Engine) -> None:
    with session_scope(engine) as s:
        unit = repo.add_unit(s, "Tỉnh A")
        ind = repo.add_indicator(s, "Tổng giá trị sản xuất ngành nông nghiệp", unit="tỷ đồng")
        repo.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), op="=", value=28045)
        for year, v in ((2018, 27363.0), (2019, 28157.0)):
            repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(year), value=v,
                                 entered_by="an")  # fmt: skip
        (a,) = assess_period(s, Period(2019))
    assert a.sentence == (
        "Tổng giá trị sản xuất ngành nông nghiệp đạt 28.157 tỷ đồng, vượt 0,4% kế hoạch, tăng 2,9% so cùng kỳ."
    )


def test_service_unknown_unit(engine: Engine) -> None:
    with session_scope(engine) as s, pytest.raises(ValidationError, match="Không có đơn vị"):
        assess_period(s, Period(2019), unit_name="Tỉnh Không Có")


@pytest.mark.parametrize(
    ("aggregation", "communes", "expected"),
    [
        ("sum", [10.0, 20.0, 30.0], 60.0),
        ("mean", [10.0, 20.0, 30.0], 20.0),
        ("sum", [10.0, 20.0, None], None),
    ],
)
def test_service_province_from_its_communes(
    engine: Engine, aggregation: str, communes: list[float | None], expected: float | None
) -> None:
    import datetime as dt

    with session_scope(engine) as s:
        province = repo.add_unit(s, "Tỉnh A")
        ind = repo.add_indicator(s, "Số hộ thoát nghèo", unit="hộ", aggregation=aggregation)
        repo.put_target(s, indicator_id=ind.id, unit_id=province.id, period=Period(2019), op=">=", value=50)
        for i, value in enumerate(communes):
            commune = repo.add_unit(s, f"Xã {i}", parent=province)
            if value is not None:
                repo.put_observation(s, indicator_id=ind.id, unit_id=commune.id, period=Period(2019), value=value,
                                     entered_by="an")  # fmt: skip
        # a commune dissolved before 2019 does not count
        repo.add_unit(s, "Xã cũ", parent=province, valid_to=dt.date(2018, 1, 1))
        (a,) = assess_unit(s, province, Period(2019))
    assert a.actual == expected


@pytest.mark.parametrize(
    ("figures", "status", "years"),
    [
        # 100 (2020) -> 121 (2022): 10 %/năm against (150/121)^(1/3) - 1 = 7.42 % needed
        ({2020: 100.0, 2022: 121.0}, "đúng hướng", (2020, 2022)),
        # figures after the target's year are left out; one year only
        ({2024: 100.0, 2026: 200.0}, "chưa đủ số liệu", (2024,)),
        # 2021 from its twelve months (sum): 12 * 10 = 120 -> 2023: 110, falling
        ({2021: "months", 2023: 110.0}, "chệch hướng", (2021, 2023)),
    ],
)
def test_service_trajectory_from_the_yearly_figures(
    engine: Engine, figures: dict[int, float | str], status: str, years: tuple[int, ...]
) -> None:
    with session_scope(engine) as s:
        unit = repo.add_unit(s, "Tỉnh A")
        ind = repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng")
        repo.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2025), op=">=", value=150.0)
        for year, v in figures.items():
            periods = [Period(year, "month", m) for m in range(1, 13)] if v == "months" else [Period(year)]
            for p in periods:
                repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=p,
                                     value=10.0 if v == "months" else float(v), entered_by="an")  # fmt: skip
        (a,) = assess_unit(s, unit, Period(2025))
    assert a.trajectory is not None
    assert (a.trajectory.status, a.trajectory.years) == (status, years)
