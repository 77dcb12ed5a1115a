"""Period expressions: the year and kind of period a text names, comparisons and dates apart."""

from __future__ import annotations

import pytest

from chitieu.extract.periods import find_periods, last_period, period_in, settle_period
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


@pytest.mark.parametrize(
    ("text", "kind", "number", "year"),
    [
        ("quý III/2024", "quarter", 3, 2024),
        ("quý 3 năm 2024", "quarter", 3, 2024),
        ("quý I", "quarter", 1, None),
        ("quý IV năm 2023", "quarter", 4, 2023),
        ("6 tháng đầu năm 2024", "half", 1, 2024),
        ("6 tháng cuối năm", "half", 2, None),
        ("06 tháng năm 2023", "half", 1, 2023),
        ("tháng 9", "month", 9, None),
        ("tháng 10/2024", "month", 10, 2024),
        ("tháng 12 năm 2022", "month", 12, 2022),
        ("lũy kế 10 tháng", "ytd", 10, None),
        ("lũy kế đến tháng 10", "ytd", 10, None),
        ("lũy kế đến hết tháng 11 năm 2024", "ytd", 11, 2024),
        ("tính chung 10 tháng", "ytd", 10, None),
        ("đến hết tháng 8", "ytd", 8, None),
        ("từ đầu năm đến tháng 5", "ytd", 5, None),
        ("11 tháng năm 2022", "ytd", 11, 2022),
        # six and nine months from January are the first half and the nine months
        ("lũy kế 6 tháng", "half", 1, None),
        ("lũy kế 9 tháng", "9m", None, None),
        ("9 tháng đầu năm 2024", "9m", None, 2024),
        ("năm 2024", "year", None, 2024),
        ("giai đoạn 2021 - 2025", "multi-year", None, 2025),
        # a year to date that names no month: the part's month fills it (see settle_period)
        ("tính từ đầu năm đến nay", "ytd", None, None),
    ],
)
def test_find_periods_reads_the_number_within_the_year(
    text: str, kind: str, number: int | None, year: int | None
) -> None:
    for variant in (text, strip_marks(text), strip_marks(text).upper()):
        found = period_in(fold(variant))
        assert found is not None, variant
        assert (found.kind, found.number, found.year) == (kind, number, year), variant


@pytest.mark.parametrize(
    "text",
    ["quý 5 năm 2024", "trong 3 tháng tới", "thời hạn 3 tháng", "6 tháng 1 lần", "tháng 13"],
)
def test_find_periods_no_number_out_of_range_or_for_a_duration(text: str) -> None:
    found = period_in(fold(text))
    assert found is None or found.kind not in ("quarter", "month", "ytd"), found


@pytest.mark.parametrize(
    ("period", "kind", "number", "context", "expected"),
    [
        (2024, "quarter", 3, (None, None), (2024, "quarter", 3)),
        # no year: no kind and no number
        (None, "quarter", 3, (None, None), (None, None, None)),
        # a year without a kind is a year's, with no number
        (2024, None, 5, (None, None), (2024, "year", None)),
        (2024, "9m", 9, (None, None), (2024, "9m", None)),
        # the year to date of a report of tháng 10, of quý III, of the first half
        (2024, "ytd", None, ("month", 10), (2024, "ytd", 10)),
        (2024, "ytd", None, ("quarter", 3), (2024, "9m", None)),
        (2024, "ytd", None, ("half", 1), (2024, "half", 1)),
        (2024, "ytd", None, ("quarter", 4), (2024, "ytd", 12)),
        # in a year's report it is the year's (its data close on 14 December as "đến nay" does)
        (2024, "ytd", None, ("year", None), (2024, "year", None)),
        # in a part of no known period it stays without its number
        (2024, "ytd", None, (None, None), (2024, "ytd", None)),
        # a number out of its kind's range is dropped
        (2024, "month", 13, (None, None), (2024, "month", None)),
    ],
)
def test_settle_period_makes_year_kind_and_number_agree(
    period: int | None,
    kind: str | None,
    number: int | None,
    context: tuple[str | None, int | None],
    expected: tuple[int | None, str | None, int | None],
) -> None:
    assert settle_period(period, kind, number, context=context) == expected


REPORT_Q3 = """BÁO CÁO
Tình hình kinh tế - xã hội quý III năm 2024

I. KẾT QUẢ THỰC HIỆN
Giá trị sản xuất công nghiệp ước đạt 2.100 tỷ đồng, tăng 6,2% so với cùng kỳ.
Riêng tháng 9, giá trị sản xuất công nghiệp đạt 720 tỷ đồng.
Tính từ đầu năm đến nay, giá trị sản xuất công nghiệp đạt 6.050 tỷ đồng.
Lũy kế đến hết tháng 8 năm 2024, thu ngân sách nhà nước đạt 980 tỷ đồng.
Số lao động được giải quyết việc làm 6 tháng cuối năm 2023 là 1.200 người.
Toàn tỉnh đón 2,1 triệu lượt khách trong 9 tháng, riêng quý III có 800.000 lượt khách.
"""


@pytest.mark.parametrize("condition", ["clean", "stripped"])
def test_extract_facts_carry_the_period_of_their_sentence_else_of_the_title(condition: str) -> None:
    from chitieu.ingest import extract_text

    text = REPORT_Q3 if condition == "clean" else strip_marks(REPORT_Q3)
    facts = extract_text(text, restore="off")
    got = [(f.line, f.value, f.period, f.period_kind, f.period_number) for f in facts]
    assert got == [
        (5, 2100, 2024, "quarter", 3),  # the title's quarter
        (5, 6.2, 2024, "quarter", 3),
        (6, 720, 2024, "month", 9),  # "riêng tháng 9"
        (7, 6050, 2024, "9m", None),  # from January to the end of quý III: nine months
        (8, 980, 2024, "ytd", 8),
        (9, 1200, 2023, "half", 2),
        (10, 2.1, 2024, "9m", None),  # the period written right after the figure
        (10, 800000, 2024, "quarter", 3),
    ]
    assert all((f.period is None) == (f.period_kind is None) for f in facts)


def test_extract_a_year_compared_with_after_gap_lan_is_no_period() -> None:
    from chitieu.ingest import extract_text

    facts = extract_text(
        "BÁO CÁO NĂM 2024\nDoanh thu du lịch ước 6.120 tỷ đồng, gấp 1,5 lần năm 2023.\n", restore="never"
    )
    assert [(f.value, f.unit, f.period) for f in facts] == [(6120, "tỷ đồng", 2024), (1.5, "lần", 2024)]
