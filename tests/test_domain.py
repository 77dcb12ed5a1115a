"""Periods (Decree 09/2019/NĐ-CP cut-offs), units over time, plans, shares."""

from __future__ import annotations

import datetime as dt

import pytest

from chitieu.domain import Indicator, Period, Plan, Unit

D = dt.date


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(2019), D(2018, 12, 15), D(2019, 12, 14)),
        (Period(2019, "month", 1), D(2018, 12, 15), D(2019, 1, 14)),
        (Period(2019, "month", 3), D(2019, 2, 15), D(2019, 3, 14)),
        (Period(2019, "quarter", 1), D(2018, 12, 15), D(2019, 3, 14)),
        (Period(2019, "quarter", 3), D(2019, 6, 15), D(2019, 9, 14)),
        (Period(2019, "half", 1), D(2018, 12, 15), D(2019, 6, 14)),
        (Period(2019, "half", 2), D(2019, 6, 15), D(2019, 12, 14)),
        (Period(2019, "nine_months"), D(2018, 12, 15), D(2019, 9, 14)),
        (Period(2019, "ytd", 10), D(2018, 12, 15), D(2019, 10, 14)),
        (Period(2019, "ytd", 1), D(2018, 12, 15), D(2019, 1, 14)),
    ],
)
def test_period_cutoff_decree_09(period: Period, start: dt.date, end: dt.date) -> None:
    assert period.cutoff() == (start, end)


@pytest.mark.parametrize(
    ("text", "period", "label"),
    [
        ("2019", Period(2019), "năm 2019"),
        ("2019-M03", Period(2019, "month", 3), "tháng 3/2019"),
        ("2019-q2", Period(2019, "quarter", 2), "quý II/2019"),
        ("2019-H1", Period(2019, "half", 1), "6 tháng đầu năm 2019"),
        ("2019-S2", Period(2019, "half", 2), "6 tháng cuối năm 2019"),
        ("2019-9T", Period(2019, "nine_months"), "9 tháng năm 2019"),
        ("2019-LK10", Period(2019, "ytd", 10), "lũy kế 10 tháng năm 2019"),
        ("2019-lk3", Period(2019, "ytd", 3), "lũy kế 3 tháng năm 2019"),
    ],
)
def test_period_parse_and_label(text: str, period: Period, label: str) -> None:
    assert Period.parse(text) == period
    assert period.label == label
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize(
    "text", ["19", "2019-Q5", "2019-M13", "2019-Q", "2019-X1", "năm 2019", "2019-LK", "2019-LK13", "2019-LK0"]
)
def test_period_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"period|out of range"):
        Period.parse(text)


@pytest.mark.parametrize(
    ("period", "months"),
    [(Period(2019), tuple(range(1, 13))), (Period(2019, "quarter", 2), (4, 5, 6)), (Period(2019, "month", 7), (7,)),
     (Period(2019, "half", 2), (7, 8, 9, 10, 11, 12)), (Period(2019, "nine_months"), tuple(range(1, 10))),
     (Period(2019, "ytd", 4), (1, 2, 3, 4))],
)  # fmt: skip
def test_period_months(period: Period, months: tuple[int, ...]) -> None:
    assert period.months() == months


def test_period_order_and_previous_year() -> None:
    periods = [Period(2020), Period(2020, "month", 2), Period(2019), Period(2020, "quarter", 1)]
    assert [str(p) for p in sorted(periods, key=Period.sort_key)] == ["2019", "2020-M02", "2020-Q1", "2020"]
    assert Period(2020, "quarter", 3).previous_year() == Period(2019, "quarter", 3)


def test_unit_valid_on_is_half_open() -> None:
    u = Unit(1, "Tỉnh Trà Vinh", "tỉnh", valid_from=D(1992, 5, 1), valid_to=D(2025, 7, 1))
    assert u.valid_on(D(2019, 1, 1)) and u.valid_on(D(1992, 5, 1))
    assert not u.valid_on(D(2025, 7, 1)) and not u.valid_on(D(1990, 1, 1))


def test_plan_covers_years() -> None:
    assert Plan(1, "Nghị quyết", first_year=2020, last_year=2025).covers(2020)
    assert not Plan(1, "Nghị quyết", first_year=2020, last_year=2025).covers(2019)
    assert Plan(1, "Kế hoạch").covers(1999)


@pytest.mark.parametrize(
    ("name", "unit", "share"),
    [("Tỷ lệ hộ nghèo", "%", True), ("Tỉ trọng khu vực I", "%", True), ("Tốc độ tăng trưởng GRDP", "%", False),
     ("Tỷ lệ hộ nghèo", "hộ", False)],
)  # fmt: skip
def test_indicator_is_share(name: str, unit: str, share: bool) -> None:
    assert Indicator(1, name, unit).is_share is share
