"""Facts from table rows (Word tables come in as cells joined by " | ")."""

from __future__ import annotations

import pytest

from chitieu.extract.tables import Caption, is_table_row, table_facts
from chitieu.ingest import extract_text
from chitieu.model import Context, Line

TABLE = """B. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024
TT | Chỉ tiêu | ĐVT | Ước thực hiện 2023 | Kế hoạch 2024
1 | Tốc độ tăng trưởng GRDP | % | 7,2 | 7,5 - 8
2 | Tỷ lệ hộ nghèo | % | 2,1 | dưới 2
3 | Thu ngân sách nhà nước | tỷ đồng | 4.520 | 5.000
4 | Giữ vững an ninh chính trị |  |  |
Sau bảng, tổng vốn đầu tư tăng 12% trở lên so với năm 2023."""


def _brief(facts: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
    return [
        (
            f.line,
            f.indicator,
            f.role,
            f.op,
            (f.low, f.high) if f.op == "between" else f.value,
            f.unit,
            f.period,
        )
        for f in facts
    ]


def test_table_rows_read_by_their_header() -> None:
    facts = extract_text(TABLE, restore="never")
    assert _brief(facts) == [
        (3, "Tốc độ tăng trưởng GRDP", "actual", "=", 7.2, "%", 2023),
        (3, "Tốc độ tăng trưởng GRDP", "target", "between", (7.5, 8), "%", 2024),
        (4, "Tỷ lệ hộ nghèo", "actual", "=", 2.1, "%", 2023),
        (4, "Tỷ lệ hộ nghèo", "target", "<", 2, "%", 2024),
        (5, "Thu ngân sách nhà nước", "actual", "=", 4520, "tỷ đồng", 2023),
        (5, "Thu ngân sách nhà nước", "target", "=", 5000, "tỷ đồng", 2024),
        (7, "Tổng vốn đầu tư", "target", ">=", 12, "%", 2024),
    ]
    assert all(f.estimate for f in facts if f.role == "actual" and f.line < 7)


def test_table_attainment_and_change_columns() -> None:
    rows = [
        "Chỉ tiêu | Đơn vị tính | Kế hoạch | Thực hiện | So sánh (%) | Tăng/giảm so cùng kỳ (%)",
        "Sản lượng lúa | nghìn tấn | 1.200 | 1.254 | 104,5 | giảm 2,1",
    ]
    ctx = Context("A", 2023, False)
    lines = [(Line(i, t, t), ctx) for i, t in enumerate(rows, 1)]
    facts = table_facts(lines)
    assert [(f.role, f.value, f.unit, f.basis) for f in facts] == [
        ("target", 1200, "nghìn tấn", "kế hoạch"),
        ("actual", 1254, "nghìn tấn", None),
        ("attainment", 104.5, "%", None),
        ("change", -2.1, "%", "cùng kỳ"),
    ]


def test_table_without_header_reads_as_its_part_says() -> None:
    ctx = Context("B.I", 2024, True)
    facts = table_facts([(Line(1, "Tỷ lệ che phủ rừng | % | 4,6", "Tỷ lệ che phủ rừng | % | 4,6"), ctx)])
    assert _brief(facts) == [(1, "Tỷ lệ che phủ rừng", "target", "=", 4.6, "%", 2024)]


@pytest.mark.parametrize(
    ("text", "expected"), [("a | b", True), ("a|b", False), ("Tổng 1.234 tỷ đồng", False)]
)
def test_is_table_row(text: str, expected: bool) -> None:
    assert is_table_row(text) is expected


def test_table_columns_name_their_basis_and_period_kind() -> None:
    text = (
        "BÁO CÁO\nTình hình 9 tháng đầu năm 2024\n\n"
        "Chỉ tiêu | Đơn vị | Thực hiện 9 tháng 2024 | So với KH (%) | So với NQ (%) | Kế hoạch năm 2024\n"
        "Thu ngân sách | tỷ đồng | 4.500 | 90 | 88 | 5.000\n"
    )
    facts = [f for f in extract_text(text, restore="never") if f.line == 5]
    got = [(f.role, f.value, f.basis, f.period, f.period_kind) for f in facts]
    assert got == [
        ("actual", 4500, None, 2024, "9m"),
        ("attainment", 90, "kế hoạch", 2024, "9m"),
        ("attainment", 88, "Nghị quyết", 2024, "9m"),
        ("target", 5000, "kế hoạch", 2024, "year"),
    ]


def test_table_rows_separated_by_tabs_with_a_caption_unit() -> None:
    text = (
        "BÁO CÁO\nTình hình 9 tháng năm 2025\n\n"
        "Bảng 1. Hàng hóa qua cảng theo khu vực (triệu tấn)\n"
        "Khu vực\tQuý III/2025\t9 tháng 2025\tSo cùng kỳ (%)\n"
        "Miền Bắc\t92,5\t271,8\t108,6\n"
    )
    facts = extract_text(text, restore="never")
    got = [(f.line, f.indicator, f.role, f.value, f.unit, f.basis, f.period_kind) for f in facts]
    assert got == [
        (6, "Hàng hóa qua cảng miền Bắc", "actual", 92.5, "triệu tấn", None, "quarter"),
        (6, "Hàng hóa qua cảng miền Bắc", "actual", 271.8, "triệu tấn", None, "9m"),
        (6, "Hàng hóa qua cảng miền Bắc", "attainment", 108.6, "%", "cùng kỳ", "9m"),
    ]


@pytest.mark.parametrize(
    ("header", "role", "basis"),
    [("KH 2024", "target", "kế hoạch"), ("NQ 2024", "target", "Nghị quyết"), ("Năm 2024", "actual", None)],
)
def test_table_short_plan_and_period_headers(header: str, role: str, basis: str | None) -> None:
    text = f"BÁO CÁO\nKết quả năm 2024\n\nChỉ tiêu | ĐVT | {header}\nThu ngân sách | tỷ đồng | 5.000\n"
    facts = extract_text(text, restore="never")
    assert [(f.role, f.value, f.basis, f.period) for f in facts] == [(role, 5000, basis, 2024)]


@pytest.mark.parametrize(
    ("line", "unit", "whole"),
    [
        (
            "Bảng 1. Hàng hóa thông qua cảng biển theo khu vực (triệu tấn)",
            "triệu tấn",
            "Hàng hóa thông qua cảng biển",
        ),
        ("Biểu 2: Kết quả thực hiện (Đơn vị tính: tỷ đồng)", "tỷ đồng", ""),
        ("BẢNG 3 - Các chỉ tiêu chủ yếu", "", ""),
    ],
)
def test_caption_reads_unit_and_whole(line: str, unit: str, whole: str) -> None:
    caption = Caption.read(line)
    assert caption is not None and (caption.unit, caption.whole) == (unit, whole)


@pytest.mark.parametrize("line", ["Bằng 105% kế hoạch", "Tổng thu ngân sách", "Bảng"])
def test_caption_is_only_a_table_caption(line: str) -> None:
    assert Caption.read(line) is None


@pytest.mark.parametrize(
    ("row", "name"),
    [
        ("2 | Trong đó: xuất khẩu nông sản | triệu USD | 410 | 450", "Kim ngạch xuất khẩu nông sản"),
        ("2 | Trong đó: hàng đông lạnh | nghìn tấn | 41 | 45", "Hàng đông lạnh thông qua cảng"),
        ("2 | - Trong đó, khách quốc tế | nghìn lượt | 120 | 150", "Tổng lượt khách quốc tế"),
    ],
)
def test_table_a_row_in_which_is_named_with_the_row_before(row: str, name: str) -> None:
    head = {
        "Kim ngạch xuất khẩu nông sản": "1 | Kim ngạch xuất khẩu | triệu USD | 1.900 | 2.100",
        "Hàng đông lạnh thông qua cảng": "1 | Hàng hóa thông qua cảng | nghìn tấn | 820 | 900",
        "Tổng lượt khách quốc tế": "1 | Tổng lượt khách du lịch | nghìn lượt | 1.400 | 1.600",
    }[name]
    text = f"TT | Chỉ tiêu | ĐVT | Thực hiện 2023 | Kế hoạch 2024\n{head}\n{row}"
    names = [f.indicator for f in extract_text(text, restore="never") if f.line == 3]
    assert names and all(n == name for n in names), names


@pytest.mark.parametrize(
    ("row", "name", "unit"),
    [
        ("1 | Kim ngạch xuất khẩu (triệu USD) | 920", "Kim ngạch xuất khẩu", "triệu USD"),
        ("1 | Tỷ lệ lao động qua đào tạo (%) | 67", "Tỷ lệ lao động qua đào tạo", "%"),
        ("1 | Tốc độ tăng trưởng kinh tế (GRDP) | 7,5%", "Tốc độ tăng trưởng kinh tế (GRDP)", "%"),
    ],
)
def test_table_a_unit_in_the_names_brackets(row: str, name: str, unit: str) -> None:
    facts = extract_text(f"TT | Chỉ tiêu | Kế hoạch 2025\n{row}", restore="never")
    assert [(f.indicator, f.unit) for f in facts] == [(name, unit)]


@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [
        ("Số bác sĩ trên vạn dân", "bác sĩ", "bác sĩ/vạn dân"),
        ("Số giường bệnh/vạn dân", "giường", "giường/vạn dân"),
        ("Số bác sĩ", "bác sĩ", "bác sĩ"),
        ("Tỷ lệ tiêm chủng trên vạn dân", "%", "%"),
    ],
)
def test_table_a_count_per_ten_thousand_people(name: str, unit: str, expected: str) -> None:
    facts = extract_text(f"TT | Chỉ tiêu | ĐVT | Kế hoạch 2025\n1 | {name} | {unit} | 12", restore="never")
    assert [f.unit for f in facts] == [expected]
