"""Extraction of facts from sentences: roles, ops, units, bases and indicators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chitieu.extract import facts as facts_module
from chitieu.extract.facts import extract_paragraph, extract_paragraphs
from chitieu.extract.sections import paragraphs, segment
from chitieu.model import Context, Document, Fact, Line
from chitieu.text.normalize import fold, strip_marks

_EXTRACT_DATA = Path(__file__).resolve().parents[1] / "data" / "extract"


def facts_of(text: str, *, targets: bool = False, period: int | None = 2023) -> list[Fact]:
    lines = tuple(Line(i, t, t) for i, t in enumerate(text.split("\n"), 1))
    doc = segment(Document("t", lines, context=Context(period=period, targets=targets)))
    return [f for p in paragraphs(doc) for f in extract_paragraph(p)]


def brief(f: Fact) -> tuple[object, ...]:
    nums: object = (f.low, f.high) if f.op == "between" else f.value
    return (f.role, f.op, nums, f.unit, f.basis)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Giá trị sản xuất ngành lâm nghiệp đạt 1.234 tỷ đồng, vượt 2,5% kế hoạch, tăng 3,1% so cùng kỳ.",
            [
                ("actual", "=", 1234, "tỷ đồng", None),
                ("excess", "=", 2.5, "%", "kế hoạch"),
                ("change", "=", 3.1, "%", "cùng kỳ"),
            ],
        ),
        (
            "Kết nạp 812 đảng viên, đạt 101,5% Nghị quyết.",
            [("actual", "=", 812, "đảng viên", None), ("attainment", "=", 101.5, "%", "Nghị quyết")],
        ),
        (
            "Thu ngân sách nội địa 2.100 tỷ đồng, bằng 45% dự toán, bằng 97,2% so cùng kỳ.",
            [
                ("actual", "=", 2100, "tỷ đồng", None),
                ("attainment", "=", 45, "%", "dự toán"),
                ("attainment", "=", 97.2, "%", "cùng kỳ"),
            ],
        ),
        (
            "Tốc độ tăng trưởng kinh tế ước đạt 7,9% (Nghị quyết tăng 7 - 7,5%).",
            [("actual", "=", 7.9, "%", None), ("target", "between", (7, 7.5), "%", "Nghị quyết")],
        ),
        (
            "Số vụ tai nạn giao thông giảm 4,35% so với năm trước.",
            [("change", "=", -4.35, "%", "năm trước")],
        ),
        (
            "Kim ngạch xuất khẩu đạt 310 triệu USD (+3,63%), nhập khẩu 120 triệu USD (-9,28%).",
            [
                ("actual", "=", 310, "triệu USD", None),
                ("change", "=", 3.63, "%", None),
                ("actual", "=", 120, "triệu USD", None),
                ("change", "=", -9.28, "%", None),
            ],
        ),
        (
            "Sản lượng điện thương phẩm gấp 1,8 lần năm trước.",
            [("change", "=", 1.8, "lần", "năm trước")],
        ),
        (
            "Giải quyết 128/140 đơn thư, đạt 91,4%.",
            [("actual", "=", 128, "đơn thư", None), ("actual", "=", 91.4, "%", None)],
        ),
        (
            "Thu nhập bình quân ước đạt 48,2 triệu đồng/người/năm (đạt 104,1%).",
            [("actual", "=", 48.2, "triệu đồng/người/năm", None), ("attainment", "=", 104.1, "%", None)],
        ),
        (
            "Diện tích gieo trồng đạt 10.250 ha (vượt 320 ha so kế hoạch).",
            [("actual", "=", 10250, "ha", None), ("excess", "=", 320, "ha", "kế hoạch")],
        ),
        (
            "Tỷ lệ hộ nghèo giảm còn 2,1%; ngành dịch vụ chiếm 41,3%.",
            [("actual", "=", 2.1, "%", None), ("actual", "=", 41.3, "%", None)],
        ),
        (
            "Giải ngân vốn đầu tư công 850 tỷ đồng, đạt 62,4% kế hoạch năm.",
            [("actual", "=", 850, "tỷ đồng", None), ("attainment", "=", 62.4, "%", "kế hoạch")],
        ),
        (
            "Giá trị sản xuất tăng 6,4% so với năm 2022 (NQ: tăng 9 - 9,5%).",
            [("change", "=", 6.4, "%", "năm trước"), ("target", "between", (9, 9.5), "%", "Nghị quyết")],
        ),
        (
            "GRDP tăng 3,8% (KH: giảm 1%).",
            [("change", "=", 3.8, "%", None), ("target", "=", 1, "%", "kế hoạch")],
        ),
        (
            "Tăng trưởng ước đạt 3,83%, cao hơn mức tăng 3,36% của năm 2022.",
            [("actual", "=", 3.83, "%", None), ("actual", "=", 3.36, "%", None)],
        ),
        (
            "Hoàn thành 100% chỉ tiêu giao quân (180 thanh niên).",
            [("attainment", "=", 100, "%", "chỉ tiêu"), ("actual", "=", 180, "thanh niên", None)],
        ),
        ("Kết nạp 190 đảng viên mới trở lên.", [("actual", ">=", 190, "đảng viên", None)]),
        ("Tai nạn giao thông được kéo giảm cả 3 mặt.", [("actual", "=", 3, "mặt", None)]),
        (
            "Số sự cố giảm từ 46 vụ của 9 tháng năm 2023 xuống còn 31 vụ.",
            [("actual", "=", 46, "vụ", None), ("actual", "=", 31, "vụ", None)],
        ),
        (
            "Tỷ lệ hộ nghèo giảm từ 5,42% đầu năm xuống còn 3,96%.",
            [("actual", "=", 5.42, "%", None), ("actual", "=", 3.96, "%", None)],
        ),
        (
            "Thu ngân sách đạt gần 900 tỷ đồng, đạt 130%.",
            [("actual", "=", 900, "tỷ đồng", None), ("attainment", "=", 130, "%", None)],
        ),
        (
            "Số tiền thi hành án giải quyết xong 28,8 tỷ đồng, đạt 41,6%.",
            [("actual", "=", 28.8, "tỷ đồng", None), ("actual", "=", 41.6, "%", None)],
        ),
        ("Giải phóng mặt bằng đạt 127,4% kế hoạch.", [("attainment", "=", 127.4, "%", "kế hoạch")]),
        (
            "Vụ Đông Xuân đạt 18.450 ha, bằng 99,9%; vụ Mùa đạt 7.980 ha, bằng 99,1%.",
            [
                ("actual", "=", 18450, "ha", None),
                ("attainment", "=", 99.9, "%", None),
                ("actual", "=", 7980, "ha", None),
                ("attainment", "=", 99.1, "%", None),
            ],
        ),
        (
            "Toàn tỉnh có 118/146 xã đạt chuẩn, tương đương 80,82%.",
            [("actual", "=", 118, "xã", None), ("actual", "=", 80.82, "%", None)],
        ),
        ("Tổng vốn cấp mới và tăng thêm là 642,9 tỷ đồng.", [("actual", "=", 642.9, "tỷ đồng", None)]),
        ("Thu ngân sách không thấp hơn 22.000 tỷ đồng.", [("actual", ">=", 22000, "tỷ đồng", None)]),
        ("Lạm phát không cao hơn 4%.", [("actual", "<=", 4, "%", None)]),
        ("Thu ngân sách vượt mức chỉ tiêu Trung ương giao 22,2%.", [("excess", "=", 22.2, "%", "chỉ tiêu")]),
        (
            "Tăng trưởng đạt 8,8%, vượt mục tiêu 8,5% Nghị quyết đề ra.",
            [("actual", "=", 8.8, "%", None), ("target", "=", 8.5, "%", "Nghị quyết")],
        ),
        ("Số vụ cháy rừng giảm 4 vụ so cùng kỳ.", [("change", "=", -4, "vụ", "cùng kỳ")]),
    ],
)
def test_extract_paragraph_roles_of_results(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [brief(f) for f in facts_of(text)] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Chỉ số sản xuất công nghiệp (IIP) tăng khá cao so cùng kỳ, ước tăng 26,45%.",
            "Chỉ số sản xuất công nghiệp (IIP)",
        ),
        ("Ước năm 2025: Công nghiệp - xây dựng chiếm 55,08%.", "Tỷ trọng công nghiệp - xây dựng"),
    ],
)
def test_extract_paragraph_a_figure_whose_clause_names_nothing(text: str, name: str) -> None:
    assert [f.indicator for f in facts_of(text)] == [name]


@pytest.mark.parametrize(
    ("text", "roles", "names"),
    [
        (
            "Mục tiêu năm 2025 là tăng trưởng GDP đạt 8,3 - 8,5%, CPI dưới 4,5%.",
            ["target", "target"],
            ["Tăng trưởng GDP", "CPI"],
        ),
        ("Tỉnh đặt mục tiêu tăng trưởng kinh tế năm 2025 đạt 8,2%.", ["target"], ["Tăng trưởng kinh tế"]),
        ("UBND tỉnh giao chỉ tiêu thu ngân sách 5.000 tỷ đồng.", ["target"], ["Thu ngân sách"]),
        (
            "Năm 2026, tỉnh đặt mục tiêu GRDP tăng từ 9% trở lên; thu ngân sách không thấp hơn 22.000 tỷ đồng.",
            ["target", "target"],
            None,
        ),
        # "đạt mục tiêu" folds like "đặt mục tiêu": a goal reached sets no targets after it
        ("Năm 2025, tỉnh đạt mục tiêu tăng trưởng; thu ngân sách đạt 22.000 tỷ đồng.", ["actual"], None),
        # a goal reached is a result
        ("Tỉnh đã đạt mục tiêu tăng trưởng kinh tế đạt 8,2%.", ["actual"], None),
        (
            "Năm 2024 đã hoàn thành mục tiêu đề ra, tăng trưởng kinh tế đạt 8,2%.",
            ["actual"],
            ["Tăng trưởng kinh tế"],
        ),
    ],
)
def test_extract_paragraph_a_goal_stated_in_a_sentence(
    text: str, roles: list[str], names: list[str] | None
) -> None:
    facts = facts_of(text)
    assert [f.role for f in facts] == roles
    if names is not None:
        assert [f.indicator for f in facts] == names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Thành lập mới 164 doanh nghiệp, với tổng vốn đăng ký 1.104 tỷ đồng.",
            "Số doanh nghiệp thành lập mới",
        ),
        ("Giải phóng mặt bằng đạt 127,4% kế hoạch.", "Giải phóng mặt bằng"),
        (
            "Đại biểu chất vấn 14 nhóm vấn đề mà cử tri quan tâm.",
            "Số nhóm vấn đề mà cử tri quan tâm được chất vấn",
        ),
    ],
)
def test_extract_paragraph_names_of_the_first_figure(text: str, name: str) -> None:
    assert facts_of(text)[0].indicator == name


@pytest.mark.parametrize(
    ("text", "value", "of"),
    [
        ("Đã cắt giảm 1/2 thời gian giải quyết đối với 120 thủ tục.", 1, 2),
        ("Số vụ phạm pháp hình sự giảm 2/3 so với đầu nhiệm kỳ.", 2, 3),
    ],
)
def test_extract_paragraph_a_fraction_after_a_fall_is_a_share(text: str, value: float, of: float) -> None:
    f = next(f for f in facts_of(text) if f.of is not None)
    assert (f.role, f.value, f.of) == ("actual", value, of)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Tốc độ tăng trưởng GRDP tăng 8 - 8,5%.", [("target", "between", (8, 8.5), "%", None)]),
        ("- Thu nhập bình quân đầu người trên 70 triệu đồng.", [("target", ">", 70, "triệu đồng", None)]),
        ("- Tỷ lệ thất nghiệp khu vực thành thị dưới 2,5%.", [("target", "<", 2.5, "%", None)]),
        ("- Kết nạp ít nhất 1.200 đảng viên.", [("target", ">=", 1200, "đảng viên", None)]),
        ("- Tỷ lệ nợ xấu không quá 3%.", [("target", "<=", 3, "%", None)]),
        (
            "- Tổng vốn đầu tư tăng 12% trở lên so với năm 2023.",
            [("target", ">=", 12, "%", "năm trước")],
        ),
        ("- Tỷ lệ hộ nghèo giảm 1 - 1,5%.", [("target", "between", (1, 1.5), "%", None)]),
        ("- Tổ chức kỷ niệm 90 năm ngày thành lập Đảng bộ tỉnh.", []),
    ],
)
def test_extract_paragraph_target_lists(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [brief(f) for f in facts_of(text, targets=True, period=2024)] == expected


def test_extract_paragraph_one_indicator_per_clause() -> None:
    facts = facts_of(
        "Giá trị sản xuất ngành lâm nghiệp đạt 1.234 tỷ đồng, vượt 2,5% kế hoạch, tăng 3,1% so cùng kỳ."
    )
    assert {f.indicator for f in facts} == {"Giá trị sản xuất ngành lâm nghiệp"}


def test_extract_paragraph_names_a_falling_target_as_a_fall() -> None:
    (fact,) = facts_of("- Tỷ lệ hộ nghèo giảm 1 - 1,5%.", targets=True)
    assert fact.indicator == "Mức giảm tỷ lệ hộ nghèo"
    assert (fact.low, fact.high) == (1, 1.5)


def test_extract_paragraph_estimate_governs_the_clause() -> None:
    facts = facts_of("Thu nhập bình quân ước đạt 48,2 triệu đồng (đạt 104,1%); tổng đàn bò có 12.000 con.")
    assert [f.estimate for f in facts] == [True, True, False]


def test_extract_paragraph_records_the_line_of_each_number() -> None:
    facts = facts_of("Tổng diện tích đạt 10.250 ha, vượt\n2,5% kế hoạch, tăng 3% so cùng\nkỳ.")
    assert [f.line for f in facts] == [1, 2, 2]
    assert facts[2].basis == "cùng kỳ"


def test_extract_paragraph_lists_after_a_colon_name_each_item() -> None:
    facts = facts_of("Diện tích gieo trồng 9.800 ha, trong đó: lúa 7.100 ha, ngô 1.200 ha.")
    assert [f.indicator for f in facts] == [
        "Diện tích gieo trồng",
        "Diện tích gieo trồng lúa",
        "Diện tích gieo trồng ngô",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Nghị định 09/2019/NĐ-CP ngày 15/3/2019 của Chính phủ.",
        "Đại hội lần thứ XIII, nhiệm kỳ 2020 - 2025, phòng chống dịch COVID-19.",
        "Chỉ thị 05 của Bộ Chính trị về năm 2023.",
    ],
)
def test_extract_paragraph_ignores_numbers_that_are_not_figures(text: str) -> None:
    assert facts_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Giá trị sản xuất ngành lâm nghiệp đạt 1.234 tỷ đồng, vượt 2,5% kế hoạch, tăng 3,1% so cùng kỳ.",
        "Kết nạp 812 đảng viên, đạt 101,5% Nghị quyết.",
        "Tốc độ tăng trưởng kinh tế ước đạt 7,9% (Nghị quyết tăng 7 - 7,5%).",
        "Số vụ tai nạn giao thông giảm 4,35% so với năm trước.",
    ],
)
def test_extract_paragraph_same_facts_without_diacritics(text: str) -> None:
    clean = [brief(f) for f in facts_of(text)]
    stripped = [brief(f) for f in facts_of(strip_marks(text))]
    assert [b[:4] for b in stripped] == [b[:4] for b in clean]


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức kỷ niệm 120 năm ngày thành lập tỉnh.",
        "Chào mừng 95 năm Ngày thành lập Đảng.",
        "Hướng tới 50 năm ngày giải phóng.",
    ],
)
def test_extract_paragraph_an_anniversary_is_no_fact(text: str) -> None:
    assert facts_of(text) == []
    assert facts_of(strip_marks(text)) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Số bác sĩ trên 10.000 dân đạt 12 bác sĩ.", "bác sĩ/vạn dân"),
        ("Số giường bệnh trên một vạn dân đạt 31 giường.", "giường bệnh/vạn dân"),
        ("Số bác sĩ/vạn dân: 11 bác sĩ.", "bác sĩ/vạn dân"),
    ],
)
def test_extract_paragraph_a_count_per_ten_thousand_people(text: str, unit: str) -> None:
    (fact,) = facts_of(text)
    assert fact.unit == unit


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("HĐND tỉnh đã thông qua Nghị quyết về kế hoạch năm 2025 với 52/54 đại biểu tán thành.", "actual"),
        ("Nghị quyết tăng 9 - 9,5%.", "target"),
    ],
)
def test_extract_paragraph_a_document_name_is_no_plan(text: str, role: str) -> None:
    (fact,) = facts_of(text)
    assert fact.role == role


@pytest.mark.parametrize(
    ("text", "role", "period"),
    [
        ("- Tốc độ tăng trưởng GRDP đạt 8%.", "target", 2024),
        ("- Năm 2023 tốc độ tăng trưởng ước đạt 7,1%.", "actual", 2023),
        ("- Phấn đấu tốc độ tăng trưởng ước đạt 8%.", "target", 2024),
    ],
)
def test_extract_paragraph_a_result_in_a_target_list_keeps_its_own_role(
    text: str, role: str, period: int
) -> None:
    (fact,) = facts_of(text, targets=True, period=2024)
    assert (fact.role, fact.period) == (role, period)


@pytest.mark.parametrize(
    ("text", "period", "kind"),
    [
        ("Quý III, giá trị sản xuất tăng 9,1% so với cùng kỳ năm 2023.", 2024, "quarter"),
        ("Lũy kế 9 tháng thu 8.900 tỷ đồng.", 2024, "9m"),
        ("Năm 2023 thu 5.100 tỷ đồng.", 2023, "year"),
        ("Tổng vốn đầu tư giai đoạn 2021 - 2025 đạt 120.000 tỷ đồng.", 2025, "multi-year"),
        ("Thu ngân sách đạt 5.100 tỷ đồng, tăng 5% so với năm 2023.", 2024, "year"),
    ],
)
def test_extract_paragraph_a_sentence_names_its_period(text: str, period: int, kind: str) -> None:
    facts = facts_of(text, period=2024)
    assert facts
    assert all((f.period, f.period_kind) == (period, kind) for f in facts)
    assert facts[0].to_record()["period_kind"] == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Giá trị sản xuất công nghiệp đạt 585 tỷ đồng, tương đương 45,8% kế hoạch.",
            [("actual", "=", 585, "tỷ đồng", None), ("attainment", "=", 45.8, "%", "kế hoạch")],
        ),
        ("Diện tích gieo trồng tăng 0,8% so với kế hoạch.", [("excess", "=", 0.8, "%", "kế hoạch")]),
        ("Diện tích gieo trồng tăng 0,8% so với cùng kỳ.", [("change", "=", 0.8, "%", "cùng kỳ")]),
    ],
)
def test_extract_paragraph_stated_attainment_and_excess(
    text: str, expected: list[tuple[object, ...]]
) -> None:
    assert [brief(f) for f in facts_of(text)] == expected
    assert [brief(f) for f in facts_of(strip_marks(text))] == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Cơ cấu kinh tế: nông, lâm nghiệp và thủy sản 21,5%; công nghiệp - xây dựng 42,3%; dịch vụ 36,2%.",
            [
                "Tỷ trọng nông, lâm nghiệp và thủy sản trong cơ cấu kinh tế",
                "Tỷ trọng công nghiệp - xây dựng trong cơ cấu kinh tế",
                "Tỷ trọng dịch vụ trong cơ cấu kinh tế",
            ],
        ),
        (
            "Tỷ lệ xã, phường đạt chuẩn tiếp cận pháp luật 95%.",
            ["Tỷ lệ xã, phường đạt chuẩn tiếp cận pháp luật"],
        ),
        (
            "Có 90% xã, phường đạt chuẩn tiếp cận pháp luật.",
            ["Tỷ lệ xã, phường đạt chuẩn tiếp cận pháp luật"],
        ),
        ("Giảm tỷ lệ học sinh bỏ học còn 0,89%.", ["Tỷ lệ học sinh bỏ học"]),
        ("Kéo giảm tỷ lệ trẻ em suy dinh dưỡng còn 5,8%.", ["Tỷ lệ trẻ em suy dinh dưỡng"]),
        (
            "Chỉ số sản xuất công nghiệp 9 tháng tăng 4,1% so cùng kỳ; cả năm ước tăng 5,6%.",
            ["Chỉ số sản xuất công nghiệp", "Chỉ số sản xuất công nghiệp"],
        ),
        ("Tỷ lệ trường đạt chuẩn quốc gia 78%.", ["Tỷ lệ trường đạt chuẩn quốc gia"]),
    ],
)
def test_extract_paragraph_names_the_indicator_from_its_context(text: str, names: list[str]) -> None:
    assert [f.indicator for f in facts_of(text)] == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the level a change starts from is a level, dated by the year written after it
        (
            "Tỷ lệ hộ nghèo giảm từ 12,4% năm 2015 xuống còn 3,1% năm 2020.",
            [("actual", 12.4, 2015), ("actual", 3.1, 2020)],
        ),
        (
            "Thu nhập bình quân tăng từ 40 triệu đồng lên 65 triệu đồng.",
            [("actual", 40, 2023), ("actual", 65, 2023)],
        ),
        ("Tỷ lệ hộ nghèo giảm 1,2% so với năm 2022.", [("change", -1.2, 2023)]),
        # a span of years is no figure; a change of years is
        ("Tốc độ tăng giá trị sản xuất bình quân 5 năm đạt 10,7%/năm.", [("actual", 10.7, 2023)]),
        ("Tuổi thọ trung bình tăng 2 năm.", [("change", 2, 2023)]),
        # a table's number is no figure
        ("Bảng 1. Kết quả thu ngân sách", []),
    ],
)
def test_extract_paragraph_levels_spans_and_captions(
    text: str, expected: list[tuple[str, float, int]]
) -> None:
    assert [(f.role, f.value, f.period) for f in facts_of(text)] == expected


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # a requirement holds to the end of its sentence, over ";"
        (
            "Trong quý II, giải ngân vốn đầu tư công phải đạt ít nhất 45% kế hoạch; thu ngân sách đạt"
            " trên 55% dự toán; kim ngạch xuất khẩu khoảng 470 triệu USD. Thu nội địa đạt 300 tỷ đồng.",
            ["target", "target", "target", "actual"],
        ),
        # a second share of a second plan after "và" is an attainment too
        (
            "Thu ngân sách đạt 3.954 tỷ đồng, bằng 31,2% dự toán Trung ương giao và 28,4% dự toán HĐND tỉnh giao.",
            ["actual", "attainment", "attainment"],
        ),
    ],
)
def test_extract_paragraph_roles_that_run_on(text: str, roles: list[str]) -> None:
    assert [f.role for f in facts_of(text)] == roles


def test_extract_paragraphs_announced_targets_go_on_in_a_domain_paragraph() -> None:
    text = (
        "Năm 2025, HĐND tỉnh đề ra 24 chỉ tiêu chủ yếu. Trong đó, thu ngân sách 5.100 tỷ đồng.\n\n"
        "Về môi trường, tỷ lệ che phủ rừng ở mức 52%.\n\n"
        "Tỷ lệ hộ nghèo năm 2024 là 3,1%."
    )
    lines = tuple(Line(i, t, t) for i, t in enumerate(text.split("\n"), 1))
    doc = segment(Document("t", lines, context=Context(period=2025)))
    facts = extract_paragraphs(paragraphs(doc))
    assert [(f.value, f.role) for f in facts] == [
        (24, "actual"),
        (5100, "target"),
        (52, "target"),
        (3.1, "actual"),
    ]


def test_extract_paragraph_a_count_after_verbs_is_named_by_its_noun() -> None:
    facts = facts_of("Điều động, luân chuyển, bổ nhiệm lại đối với 91 đồng chí.")
    assert [(f.indicator, f.value) for f in facts] == [
        ("Số đồng chí được điều động, luân chuyển, bổ nhiệm lại", 91)
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Khu vực dịch vụ tăng 9,45%, đóng góp 3,96 điểm phần trăm.",
            ["Khu vực dịch vụ", "Khu vực dịch vụ"],
        ),
        (
            "Tỷ lệ hộ nghèo giảm còn 2,1%; tỷ lệ đô thị hóa (đạt 18,5%, Nghị quyết 22%).",
            ["Tỷ lệ hộ nghèo", "Tỷ lệ đô thị hóa", "Tỷ lệ đô thị hóa"],
        ),
    ],
)
def test_extract_paragraph_bare_verbs_and_brackets_keep_the_indicator(text: str, names: list[str]) -> None:
    assert [f.indicator for f in facts_of(text)] == names


def test_extract_paragraph_a_second_count_of_the_same_noun_is_named_by_what_follows() -> None:
    facts = facts_of("Có thêm 05 xã đạt chuẩn nông thôn mới, 3 xã đạt chuẩn nông thôn mới nâng cao.")
    assert [f.indicator for f in facts] == [
        "Số xã đạt chuẩn nông thôn mới",
        "Số xã đạt chuẩn nông thôn mới nâng cao",
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Duy tu các công trình đê, kè xung yếu, khắc phục sau 16.", []),  # "sạt lở" read as "sau 16"
        ("Xử lý kỷ luật 9 đảng viên (khiển trách 4, cảnh cáo 5).", [9, 4, 5]),
    ],
)
def test_facts_a_bare_number_after_a_preposition_is_no_fact(text: str, values: list[float]) -> None:
    assert [f.value for f in facts_of(text)] == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("- Số giường bệnh trên 1 vạn dân: 38,5 giường", [38.5]),
        ("- Giá trị sản phẩm/1 ha đất canh tác: 112 triệu đồng", [112]),
        ("Diện tích 1 ha lúa được chuyển đổi.", [1]),
    ],
)
def test_facts_the_one_of_a_ratios_denominator_is_no_fact(text: str, values: list[float]) -> None:
    assert [f.value for f in facts_of(text)] == values


_PLAIN_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n(?=\s*\n)")


@pytest.mark.parametrize(
    "text",
    [
        "Câu một. Câu hai; câu ba!\n\nĐoạn mới? Hết.",
        "Số 1.234,5 tỷ đồng.\n   \n\nx.",
        ".;!?\n\n\n",
        "kết thúc.\n",
        *(p.read_text(encoding="utf-8") for p in sorted(_EXTRACT_DATA.glob("*.txt"))),
    ],
    ids=lambda t: t[:24],
)
def test_sentence_end_ends_where_the_plain_expression_does(text: str) -> None:
    # the sentence ends, written for speed, are those of the plain expression
    folded = fold(text)
    assert [m.span() for m in facts_module._SENTENCE_END.finditer(folded)] == [
        m.span() for m in _PLAIN_SENTENCE_END.finditer(folded)
    ]
