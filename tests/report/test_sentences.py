"""Sentences of the briefing, from stated figures and targets."""

from __future__ import annotations

import pytest

from chitieu.domain import Indicator, Period, Target
from chitieu.model import Op
from chitieu.report.sentences import ObservedFigures, num, result_sentence, target_sentence


@pytest.mark.parametrize(
    ("x", "text"), [(28157.0, "28.157"), (1.254, "1,254"), (0.1 + 0.2, "0,3"), (-2.7, "-2,7"), (0.0, "0")]
)
def test_sentences_num_keeps_source_decimals(x: float, text: str) -> None:
    assert num(x) == text


@pytest.mark.parametrize(
    ("name", "unit", "obs", "expected"),
    [
        ("Tổng giá trị sản xuất ngành nông nghiệp", "tỷ đồng",
         ObservedFigures(28157, False, (), (((0.4, "kế hoạch")),), ((2.9, "cùng kỳ"),)),
         "Tổng giá trị sản xuất ngành nông nghiệp đạt 28.157 tỷ đồng, vượt 0,4% kế hoạch, tăng 2,9% so cùng kỳ."),
        ("Kim ngạch xuất khẩu", "triệu USD",
         ObservedFigures(1285, False, ((96.6, "kế hoạch"),), (), ((-2.7, "cùng kỳ"),)),
         "Kim ngạch xuất khẩu đạt 1.285 triệu USD, đạt 96,6% kế hoạch, giảm 2,7% so cùng kỳ."),
        ("Tổng sản lượng thủy sản", "tấn", ObservedFigures(186300, True, ((104.2, "cùng kỳ"),)),
         "Tổng sản lượng thủy sản ước đạt 186.300 tấn, bằng 104,2% so cùng kỳ."),
        ("Chỉ số sản xuất công nghiệp", "", ObservedFigures(None, False, (), (), ((9.6, "cùng kỳ"),)),
         "Chỉ số sản xuất công nghiệp tăng 9,6% so cùng kỳ."),
        ("Tỷ lệ che phủ rừng", "%", ObservedFigures(18.35), "Tỷ lệ che phủ rừng đạt 18,35%."),
    ],
)  # fmt: skip
def test_sentences_result_from_stated_figures(
    name: str, unit: str, obs: ObservedFigures, expected: str
) -> None:
    s = result_sentence(Indicator(1, name, unit), obs)
    assert s.text == expected
    assert {f.role for f in s.figures} <= {"đạt", "vượt", "tăng", "giảm", "bằng"}


@pytest.mark.parametrize(
    ("name", "unit", "op", "value", "low", "high", "measure", "expected"),
    [
        ("Tỷ lệ thất nghiệp khu vực thành thị", "%", "<", 2.5, None, None, "value",
         "Tỷ lệ thất nghiệp khu vực thành thị dưới 2,5%."),
        ("Tốc độ tăng trưởng kinh tế (GRDP)", "%", "between", None, 8, 8.5, "value",
         "Tốc độ tăng trưởng kinh tế (GRDP) tăng 8 - 8,5%."),
        ("Kim ngạch xuất khẩu", "triệu USD", ">=", 1400, None, None, "value",
         "Kim ngạch xuất khẩu đạt từ 1.400 triệu USD trở lên."),
        ("Tỷ lệ nợ xấu không quá", "%", "<=", 3, None, None, "value", "Tỷ lệ nợ xấu không quá 3%."),
        ("Sản lượng lương thực", "triệu tấn", "=", 1.254, None, None, "value",
         "Sản lượng lương thực đạt 1,254 triệu tấn."),
        ("Giá trị sản xuất công nghiệp", "%", ">=", 12, None, None, "change",
         "Giá trị sản xuất công nghiệp tăng từ 12% trở lên."),
    ],
)  # fmt: skip
def test_sentences_next_year_target(
    name: str, unit: str, op: Op, value: float | None, low: float | None, high: float | None, measure: str,
    expected: str,
) -> None:  # fmt: skip
    t = Target(1, 1, 1, Period(2024), op, value, low, high, measure=measure)  # type: ignore[arg-type]
    assert target_sentence(t, Indicator(1, name, unit)).text == expected
