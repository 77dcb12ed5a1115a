"""Period expressions: the year and kind of period a text names, comparisons and dates apart."""

from __future__ import annotations

import pytest

from chitieu.extract.periods import find_periods, last_period, period_in
from chitieu.text.normalize import fold, strip_marks


@pytest.mark.parametrize(
    ("text", "kind", "year"),
    [
        ("tình hình kinh tế - xã hội 9 tháng đầu năm 2024", "9m", 2024),
        ("9 tháng năm nay", "9m", None),
        ("lũy kế 9 tháng", "9m", None),
        ("lũy kế 10 tháng", "ytd", None),
        ("tính đến hết tháng 10/2023", "ytd", 2023),
        ("11 tháng năm 2022", "ytd", 2022),
        ("6 tháng đầu năm 2022", "half", 2022),
        ("6 tháng cuối năm", "half", None),
        ("quý III/2024", "quarter", 2024),
        ("quý 2 năm 2023", "quarter", 2023),
        ("riêng tháng 9", "month", None),
        ("tháng 9 năm 2024", "month", 2024),
        ("kế hoạch năm 2025", "year", 2025),
        ("Ước TH 2024", "year", 2024),
        ("cả năm", "year", None),
        ("năm học 2023 - 2024", "year", 2024),
        ("giai đoạn 2021 - 2025", "multi-year", 2025),
        ("nhiệm kỳ 2020-2025", "multi-year", 2025),
        ("phấn đấu đến năm 2030", "multi-year", 2030),
    ],
)
def test_find_periods_reads_kind_and_year(text: str, kind: str, year: int | None) -> None:
    for variant in (text, strip_marks(text)):
        found = period_in(fold(variant))
        assert found is not None, variant
        assert (found.kind, found.year) == (kind, year)


@pytest.mark.parametrize(
    "text",
    ["tăng 5% so với năm 2023", "bằng 102% cùng kỳ năm 2023", "ngày 25 tháng 11 năm 2024", "ngày 12/12/2023"],
)
def test_find_periods_a_base_or_date_governs_nothing(text: str) -> None:
    found = find_periods(fold(text))
    assert found, "the expression is still found"
    assert period_in(fold(text)) is None
    assert all(not p.governs for p in found)


@pytest.mark.parametrize("text", ["ngày 30 tháng 4", "6 tháng 1 lần", "tăng 12 tỷ đồng"])
def test_find_periods_no_period_in_plain_figures(text: str) -> None:
    assert period_in(fold(text)) is None


def test_last_period_takes_the_nearest_before() -> None:
    f = fold("Năm 2023 thu 5 tỷ đồng; 9 tháng đầu năm 2024 thu 4 tỷ đồng, tăng 3% so với năm 2023")
    last = last_period(f)
    assert last is not None and (last.kind, last.year) == ("9m", 2024)
