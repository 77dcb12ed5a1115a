"""Tables copied one cell per line become table rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.ingest import extract_path
from chitieu.ingest.cells import cell_rows
from chitieu.model import Line

# a table as a web page's copy gives it: one cell a line, blank lines between
TABLE = """\
MỘT SỐ CHỈ TIÊU CHỦ YẾU

STT

Chỉ tiêu

Kế hoạch năm 2025

I

Kinh tế

1

Kim ngạch xuất khẩu (triệu USD)

>1.250

2

Tỷ lệ lao động qua đào tạo (%)

72 - 73

II

Xã hội

3

Số xã đạt chuẩn nông thôn mới (xã)

15
"""

WITH_UNIT = """\
TT
Nội dung
Đơn vị tính
Thực hiện 2024
Kế hoạch 2025
1
Thu ngân sách trên địa bàn
tỷ đồng
4.120
4.500
2
Tỷ lệ hộ nghèo
%
3,2
2,5
"""


def _texts(text: str) -> list[str]:
    lines = [Line(i, t, t) for i, t in enumerate(text.split("\n"), 1)]
    return [ln.text for ln in cell_rows(lines) or lines]


def test_cell_rows_writes_a_row_on_each_value_line() -> None:
    out = _texts(TABLE)
    assert out[2] == "STT | Chỉ tiêu | Kế hoạch năm 2025"
    assert out[4] == out[6] == ""  # the header's other lines
    assert out[10] == "I | Kinh tế"
    assert out[16] == "1 | Kim ngạch xuất khẩu (triệu USD) | >1.250"
    assert out[12] == out[14] == ""  # the number and the name, now in the row
    assert out[22] == "2 | Tỷ lệ lao động qua đào tạo (%) | 72 - 73"
    assert out[32] == "3 | Số xã đạt chuẩn nông thôn mới (xã) | 15"


def test_cell_rows_several_value_columns_and_a_unit() -> None:
    out = _texts(WITH_UNIT)
    assert out[0] == "TT | Nội dung | Đơn vị tính | Thực hiện 2024 | Kế hoạch 2025"
    assert out[8] == "1 | Thu ngân sách trên địa bàn | tỷ đồng | 4.120 | "
    assert out[9] == "1 | Thu ngân sách trên địa bàn | tỷ đồng |  | 4.500"
    assert out[13] == "2 | Tỷ lệ hộ nghèo | % | 3,2 | "


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2024 tỉnh đạt 7,2%.\n\nChỉ tiêu\n\nTăng trưởng\n",  # no column of values
        "STT\nChỉ tiêu\nKế hoạch 2025\n1\nThu ngân sách (tỷ đồng)\n4.500\n",  # one row is no table
        "Một đoạn văn bình thường có số liệu 12 xã và 45%.\n",
    ],
)
def test_cell_rows_leaves_other_text_alone(text: str) -> None:
    lines = [Line(i, t, t) for i, t in enumerate(text.split("\n"), 1)]
    assert cell_rows(lines) is None


def test_cell_rows_table_reads_by_its_header(tmp_path: Path) -> None:
    path = tmp_path / "bang.txt"
    path.write_text(TABLE, encoding="utf-8")
    facts = [
        (f.line, f.indicator, f.role, f.op, f.value, f.low, f.unit, f.period) for f in extract_path(path)
    ]
    assert facts == [
        (17, "Kim ngạch xuất khẩu", "target", ">", 1250, None, "triệu USD", 2025),
        (23, "Tỷ lệ lao động qua đào tạo", "target", "between", None, 72, "%", 2025),
        (33, "Số xã đạt chuẩn nông thôn mới", "target", "=", 15, None, "xã", 2025),
    ]


def test_cell_rows_values_and_their_units_with_a_unit_column(tmp_path: Path) -> None:
    path = tmp_path / "bang.txt"
    path.write_text(WITH_UNIT, encoding="utf-8")
    facts = [(f.line, f.role, f.value, f.unit, f.period) for f in extract_path(path)]
    assert facts == [
        (9, "actual", 4120, "tỷ đồng", 2024),
        (10, "target", 4500, "tỷ đồng", 2025),
        (14, "actual", 3.2, "%", 2024),
        (15, "target", 2.5, "%", 2025),
    ]


def test_cell_rows_a_header_may_name_a_period_with_figures() -> None:
    text = "STT\nChỉ tiêu\nƯớc thực hiện 9 tháng\nQuý III/2025\n1\nThu ngân sách\n320\n95\n2\nVốn đầu tư\n1.200\n400\n"
    out = _texts(text)
    assert out[0] == "STT | Chỉ tiêu | Ước thực hiện 9 tháng | Quý III/2025"
    assert out[6] == "1 | Thu ngân sách | 320 | "
    assert out[7] == "1 | Thu ngân sách |  | 95"
