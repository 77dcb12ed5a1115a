"""Tables laid out in aligned columns become table rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.ingest import extract_path
from chitieu.ingest.columns import aligned_rows
from chitieu.model import Line

TABLE = """\
Biểu kèm theo: các chỉ tiêu chủ yếu

 STT          Chỉ tiêu                          Đơn vị      Thực hiện     Kế hoạch     So sánh
                                                              năm 2024     năm 2025       (%)
  I    KINH TẾ
  1    Tốc độ tăng trưởng tổng sản phẩm            %             7,2          8,0        111,1
       trên địa bàn (GRDP)
  2    GRDP bình quân đầu người                triệu đồng        85,4         93,0        108,9
  II   XÃ HỘI
  3    Tỷ lệ hộ nghèo                               %             2,1          1,6
"""

PROSE = """\
Năm  2024,  tốc  độ  tăng  trưởng  kinh  tế  đạt  7,2%,  thu  ngân  sách  đạt  12.450  tỷ
đồng,  tăng  8%  so  với  cùng  kỳ;  tỷ  lệ  hộ  nghèo  giảm  còn  2,1%,  có  98  xã  đạt  chuẩn
nông thôn mới, tăng  12  xã  so  với  năm  2023,  đạt  105%  kế  hoạch.
"""


def _lines(text: str) -> list[Line]:
    return [Line(i, t, t) for i, t in enumerate(text.split("\n"), 1)]


def _texts(text: str) -> list[str]:
    lines = _lines(text)
    return [ln.text for ln in aligned_rows(lines) or lines]


def test_aligned_rows_joins_rows_header_groups_and_wrapped_names() -> None:
    out = _texts(TABLE)
    assert out[2] == "STT | Chỉ tiêu | Đơn vị | Thực hiện năm 2024 | Kế hoạch năm 2025 | So sánh (%)"
    assert out[3] == ""  # the header's second line, merged into the first
    assert out[4] == "I | KINH TẾ"
    assert out[5] == "1 | Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) | % | 7,2 | 8,0 | 111,1"
    assert out[6] == ""  # the wrapped rest of the name, moved into its cell
    assert out[7] == "2 | GRDP bình quân đầu người | triệu đồng | 85,4 | 93,0 | 108,9"
    assert out[9] == "3 | Tỷ lệ hộ nghèo | % | 2,1 | 1,6"
    assert out[0] == "Biểu kèm theo: các chỉ tiêu chủ yếu"


@pytest.mark.parametrize(
    "text",
    [
        PROSE,  # justified prose: double spaces, but commas after its figures
        "Tỷ lệ hộ nghèo          2,1     1,6\n",  # one row alone is no table
        # figures in no common column
        "Thu ngân sách   12.450   13.200\nmột dòng khác hẳn có   5   rồi đến rất xa mới   123.456.789   ở cuối\n",
    ],
)
def test_aligned_rows_leaves_other_text_alone(text: str) -> None:
    assert aligned_rows(_lines(text)) is None


def test_aligned_rows_table_reads_by_its_header(tmp_path: Path) -> None:
    path = tmp_path / "bieu.txt"
    path.write_text(TABLE, encoding="utf-8")
    facts = [(f.line, f.indicator, f.role, f.value, f.unit, f.period) for f in extract_path(path)]
    assert (6, "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "actual", 7.2, "%", 2024) in facts
    assert (6, "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "target", 8.0, "%", 2025) in facts
    assert (8, "GRDP bình quân đầu người", "target", 93.0, "triệu đồng", 2025) in facts
    assert (10, "Tỷ lệ hộ nghèo", "target", 1.6, "%", 2025) in facts
    assert not any(f[3] in (1, 2, 3) and f[4] == "" for f in facts)  # no row number is a figure
