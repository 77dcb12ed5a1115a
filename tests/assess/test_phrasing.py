"""The officials' sentences, with Vietnamese number formatting."""

from __future__ import annotations

import pytest

from chitieu.assess import assess, target_text
from chitieu.assess.phrasing import fmt, trajectory_sentence
from chitieu.assess.trajectory import trajectory
from chitieu.domain import Indicator, Period, Target
from chitieu.model import Op


def _t(
    op: Op, value: float | None = None, low: float | None = None, high: float | None = None, **kw: object
) -> Target:
    return Target(1, 1, 1, Period(2019), op, value, low, high, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (28157, "28.157"),
        (14.85, "14,85"),
        (0.399, "0,4"),
        (102.6649, "102,66"),
        (-2.62, "-2,62"),
        (-0.001, "0"),
    ],
)
def test_fmt_vietnamese_rounded(x: float, expected: str) -> None:
    assert fmt(x) == expected


@pytest.mark.parametrize(
    ("indicator", "target", "actual", "previous", "estimate", "expected"),
    [
        (
            Indicator(1, "Tổng giá trị sản xuất ngành nông nghiệp", "tỷ đồng"),
            _t("=", 28045), 28157, 27363, False,
            "Tổng giá trị sản xuất ngành nông nghiệp đạt 28.157 tỷ đồng, vượt 0,4% kế hoạch, tăng 2,9% so cùng kỳ.",
        ),
        (
            Indicator(1, "Thu nội địa", "tỷ đồng"),
            _t("=", 5000, basis="Nghị quyết"), 5133, None, False,
            "Thu nội địa đạt 5.133 tỷ đồng, đạt 102,66% Nghị quyết.",
        ),
        (
            Indicator(1, "Tốc độ tăng trưởng GRDP", "%"),
            _t("between", None, 11, 12, basis="Nghị quyết"), 14.85, None, True,
            "Tốc độ tăng trưởng GRDP ước đạt 14,85%, vượt chỉ tiêu (Nghị quyết tăng 11 - 12%).",
        ),
        (
            Indicator(1, "Tỷ trọng công nghiệp, xây dựng và dịch vụ trong GRDP", "%"),
            _t(">", 70, basis="Nghị quyết"), 60, None, False,
            "Tỷ trọng công nghiệp, xây dựng và dịch vụ trong GRDP đạt 60%, chưa đạt chỉ tiêu (Nghị quyết trên 70%).",
        ),
        (
            Indicator(1, "Số lao động được tạo việc làm mới", "lao động"),
            _t("=", 23000), 21000, 22000, False,
            "Số lao động được tạo việc làm mới đạt 21.000 lao động, đạt 91,3% kế hoạch, chưa đạt chỉ tiêu,"
            " giảm 4,55% so cùng kỳ.",
        ),
        (
            Indicator(1, "Tỷ lệ thất nghiệp khu vực thành thị", "%", direction="down"),
            _t("<", 2.5), 2.1, 2.5, False,
            "Tỷ lệ thất nghiệp khu vực thành thị đạt 2,1%, vượt chỉ tiêu (kế hoạch dưới 2,5%),"
            " giảm 0,4 điểm phần trăm so cùng kỳ.",
        ),
        (
            Indicator(1, "Số bác sĩ trên vạn dân", "bác sĩ/vạn dân"),
            _t("between", None, 8.7, 10), None, None, False,
            "Số bác sĩ trên vạn dân: chưa có số liệu (kế hoạch 8,7 - 10 bác sĩ/vạn dân).",
        ),
    ],
)  # fmt: skip
def test_sentence_as_officials_write(
    indicator: Indicator,
    target: Target,
    actual: float | None,
    previous: float | None,
    estimate: bool,
    expected: str,
) -> None:
    a = assess(
        target, indicator, unit_name="Tỉnh Trà Vinh", actual=actual, previous=previous, estimate=estimate
    )
    assert a.sentence == expected


def test_sentence_growth_target_says_increase() -> None:
    ind = Indicator(1, "Thu nội địa", "tỷ đồng")
    t = _t("=", 32.6, basis="dự toán", measure="change", unit_of_measure="%")
    fell = assess(t, ind, unit_name="Tỉnh A", actual=-2.62)
    assert fell.sentence == "Thu nội địa giảm 2,62%, chưa đạt chỉ tiêu (dự toán tăng 32,6%)."
    rose = assess(t, ind, unit_name="Tỉnh A", actual=35)
    assert rose.sentence == "Thu nội địa tăng 35%, vượt chỉ tiêu (dự toán tăng 32,6%)."


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [(">", 70, "Nghị quyết trên 70%"), (">=", 80, "Nghị quyết từ 80% trở lên"), ("<", 2.5, "Nghị quyết dưới 2,5%"),
     ("<=", 3, "Nghị quyết không quá 3%"), ("=", 99.9, "Nghị quyết 99,9%")],
)  # fmt: skip
def test_target_text_ops(op: Op, value: float, expected: str) -> None:
    ind = Indicator(1, "Tỷ lệ hộ sử dụng điện", "%")
    assert target_text(_t(op, value, basis="Nghị quyết"), ind) == expected


@pytest.mark.parametrize(
    ("actuals", "op", "value", "unit", "expected"),
    [
        # 100 -> 121 in 2 years: 10 %/năm; 121 * 1.1^3 = 161.051
        ([(2020, 100), (2022, 121)], ">=", 150, "tỷ đồng",
         "Với tốc độ hiện nay (tăng 10%/năm), đến năm 2025 ước đạt 161,05 tỷ đồng, "
         "đúng hướng đạt chỉ tiêu (kế hoạch từ 150 tỷ đồng trở lên)."),
        # 4 -> 3.24: -10 %/năm; need (2/3.24)^(1/2) - 1 = -21.43 %; 3.24 * 0.81 = 2.6244
        ([(2021, 4.0), (2023, 3.24)], "<", 2.0, "%",
         "Với tốc độ hiện nay (giảm 10%/năm), đến năm 2025 ước đạt 2,62%, "
         "cần giảm 21,43%/năm để đạt chỉ tiêu (kế hoạch dưới 2%)."),
        # linear (goal 0): 8 -> 14 vụ in 2 years: +3 vụ/năm; 14 + 6 = 20
        ([(2021, 8), (2023, 14)], "<=", 0, "vụ",
         "Với tốc độ hiện nay (tăng 3 vụ/năm), đến năm 2025 ước đạt 20 vụ, "
         "chệch hướng so với chỉ tiêu (kế hoạch không quá 0 vụ)."),
        ([(2023, 120)], ">=", 150, "tỷ đồng", None),  # one year: nothing to project
        ([(2020, 100), (2025, 120)], ">=", 150, "tỷ đồng", None),  # no year left
    ],
)  # fmt: skip
def test_phrasing_trajectory_sentence(
    actuals: list[tuple[int, float]], op: Op, value: float, unit: str, expected: str | None
) -> None:
    target = Target(1, 1, 1, Period(2025), op, value, unit_of_measure=unit)
    ind = Indicator(1, "Chỉ tiêu", unit, direction="down" if op.startswith("<") else "up")
    assert trajectory_sentence(trajectory(actuals, target, direction=ind.direction), target, ind) == expected


def test_phrasing_trajectory_sentence_of_a_growth_target_projects_the_level() -> None:
    # levels 100 -> 121 in 2 years: 10 %/năm against "tăng từ 12% trở lên"; 121 * 1.1^2 = 146.41
    target = Target(1, 1, 1, Period(2025), ">=", 12.0, measure="change", unit_of_measure="%")
    ind = Indicator(1, "Giá trị sản xuất công nghiệp", "tỷ đồng")
    got = trajectory_sentence(trajectory([(2021, 100), (2023, 121)], target), target, ind)
    assert got == (
        "Với tốc độ hiện nay (tăng 10%/năm), đến năm 2025 ước đạt 146,41 tỷ đồng, "
        "cần tăng 12%/năm để đạt chỉ tiêu (kế hoạch tăng từ 12% trở lên)."
    )
