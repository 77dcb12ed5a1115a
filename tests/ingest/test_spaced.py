"""Tables OCR wrote with single spaces between their cells become table rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.ingest import extract_path
from chitieu.ingest.spaced import spaced_rows
from chitieu.model import Line

OCR = """\
(Kèm theo Nghị quyết số 21/NQ-HĐND ngày 09/12/2024)
STT Chỉ tiêu Đơn vị Ước thực hiện Kế hoạch
năm 2024 năm 2025
I_ CHỈ TIÊU KINH TẾ
1 Tốc độ tăng trưởng tổng sản phẩm % 7,4 8,5
trên địa bàn (GRDP)
2_ GRDP bình quân đầu người triệu đồng 78,6 86,0
II CHỈ TIÊU XÃ HỘI
3 Số bác sĩ trên vạn dân bác sĩ 11,2 12,0
Điều 3. Nghị quyết này có hiệu lực từ ngày ký.
"""


def _texts(text: str) -> list[str]:
    lines = [Line(i, t, t) for i, t in enumerate(text.split("\n"), 1)]
    return [ln.text for ln in spaced_rows(lines) or lines]


def test_spaced_rows_header_rows_groups_and_wrapped_names() -> None:
    out = _texts(OCR)
    assert out[1] == "STT | Chỉ tiêu | Đơn vị | Ước thực hiện năm 2024 | Kế hoạch năm 2025"
    assert out[2] == ""  # the periods, merged into the header
    assert out[3] == "I | CHỈ TIÊU KINH TẾ"
    assert out[4] == "1 | Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) | % | 7,4 | 8,5"
    assert out[5] == ""  # the rest of the name, moved into its cell
    assert out[6] == "2 | GRDP bình quân đầu người | triệu đồng | 78,6 | 86,0"
    assert out[8] == "3 | Số bác sĩ trên vạn dân | bác sĩ | 11,2 | 12,0"
    assert out[9] == "Điều 3. Nghị quyết này có hiệu lực từ ngày ký."


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ tiêu kế hoạch năm 2025 được giao đầy đủ.\nThu ngân sách đạt 120 tỷ đồng.\n",
        # a header and one row only
        "STT Chỉ tiêu Kế hoạch\n1 Thu ngân sách 4.500\nCác đơn vị triển khai thực hiện.\n",
        "Tốc độ tăng trưởng đạt 7,4 8,5\n",
    ],
)
def test_spaced_rows_leaves_other_text_alone(text: str) -> None:
    lines = [Line(i, t, t) for i, t in enumerate(text.split("\n"), 1)]
    assert spaced_rows(lines) is None


def test_spaced_rows_table_reads_by_its_header(tmp_path: Path) -> None:
    path = tmp_path / "ocr.txt"
    path.write_text(OCR, encoding="utf-8")
    facts = {(f.line, f.indicator, f.role, f.value, f.unit, f.period) for f in extract_path(path)}
    assert (5, "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "actual", 7.4, "%", 2024) in facts
    assert (5, "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "target", 8.5, "%", 2025) in facts
    assert (7, "GRDP bình quân đầu người", "target", 86.0, "triệu đồng", 2025) in facts
    assert (9, "Số bác sĩ trên vạn dân", "target", 12.0, "bác sĩ/vạn dân", 2025) in facts
    assert len(facts) == 6


def test_spaced_rows_a_header_of_abbreviations(tmp_path: Path) -> None:
    text = (
        "Phụ lục 2\nTT Chỉ tiêu ĐVT KH 2024 TH 2024 % so KH\n"
        "1 Giá trị sản xuất nông nghiệp tỷ đồng 1.200 1.236 103,0\n2 Tỷ lệ hộ nghèo % 2,5 2,3\n"
    )
    path = tmp_path / "pl.txt"
    path.write_text(text, encoding="utf-8")
    facts = [(f.line, f.role, f.value, f.unit, f.basis) for f in extract_path(path)]
    assert facts == [
        (3, "target", 1200, "tỷ đồng", "kế hoạch"),
        (3, "actual", 1236, "tỷ đồng", None),
        (3, "attainment", 103, "%", "kế hoạch"),
        (4, "target", 2.5, "%", "kế hoạch"),
        (4, "actual", 2.3, "%", None),
    ]
