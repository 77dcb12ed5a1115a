"""Assessment over every op and direction, with the edge cases."""

from __future__ import annotations

import pytest

from chitieu.assess import TOLERANCE, assess, change_on, evaluate, sense_of
from chitieu.domain import Direction, Indicator, Period, Target
from chitieu.model import Op

T = tuple[Op, float | None, float | None, float | None]


@pytest.mark.parametrize(
    ("target", "direction", "actual", "status"),
    [
        # higher is better, "=" target
        (("=", 100, None, None), "up", 101, "vượt"),
        (("=", 100, None, None), "up", 100, "đạt"),
        (("=", 100, None, None), "up", 95, "gần đạt"),
        (("=", 100, None, None), "up", 94.9, "không đạt"),
        # ">=" and ">" (a value equal to a strict bound does not meet it)
        ((">=", 80, None, None), "down", 80, "đạt"),
        ((">=", 80, None, None), "up", 85, "vượt"),
        ((">", 70, None, None), "up", 70, "gần đạt"),
        ((">", 70, None, None), "up", 70.5, "vượt"),
        ((">", 70, None, None), "up", 60, "không đạt"),
        # lower is better: "<", "<=", "=" with direction down
        (("<", 2.5, None, None), "up", 2.5, "gần đạt"),
        (("<", 2.5, None, None), "up", 2.0, "vượt"),
        (("<", 2.5, None, None), "up", 3.0, "không đạt"),
        (("<=", 2.5, None, None), "up", 2.5, "đạt"),
        (("<=", 2.5, None, None), "up", 2.6, "gần đạt"),
        (("=", 5.5, None, None), "down", 5.0, "vượt"),
        (("=", 5.5, None, None), "down", 5.5, "đạt"),
        (("=", 5.5, None, None), "down", 7.0, "không đạt"),
        # ranges, higher is better (GRDP growth 11 - 12 %)
        (("between", None, 11, 12), "up", 14.85, "vượt"),
        (("between", None, 11, 12), "up", 12, "đạt"),
        (("between", None, 11, 12), "up", 11, "đạt"),
        (("between", None, 11, 12), "up", 10.6, "gần đạt"),
        (("between", None, 11, 12), "up", 9, "không đạt"),
        (("between", None, 12, 11), "up", 11.5, "đạt"),  # bounds written in either order
        # ranges, lower is better
        (("between", None, 1, 1.5), "down", 0.5, "vượt"),
        (("between", None, 1, 1.5), "down", 1.5, "đạt"),
        (("between", None, 1, 1.5), "down", 2, "không đạt"),
        # ranges where inside is wanted: never exceeded
        (("between", None, 99, 100), "range", 99.5, "đạt"),
        (("between", None, 99, 100), "range", 100.5, "gần đạt"),
        (("between", None, 25, 26), "range", 30, "không đạt"),
        (("=", 50, None, None), "range", 50, "đạt"),
        (("=", 50, None, None), "range", 60, "không đạt"),
        # a target of 0
        ((">=", 0, None, None), "up", 0, "đạt"),
        ((">=", 0, None, None), "up", 3, "vượt"),
        ((">=", 0, None, None), "up", -0.1, "không đạt"),
        (("<=", 0, None, None), "up", 0, "đạt"),
        (("<=", 0, None, None), "up", 1, "không đạt"),
        (("=", 0, None, None), "down", 0, "đạt"),
        ((">", 0, None, None), "up", 0, "gần đạt"),
        # no result
        (("=", 100, None, None), "up", None, "chưa có số liệu"),
        (("between", None, 11, 12), "up", float("nan"), "chưa có số liệu"),
    ],
)
def test_evaluate_status_by_op_and_direction(
    target: T, direction: Direction, actual: float | None, status: str
) -> None:
    op, value, low, high = target
    assert evaluate(op, value, low, high, actual, direction=direction)[0] == status


@pytest.mark.parametrize(
    ("target", "direction", "actual", "attainment"),
    [
        (("=", 28045, None, None), "up", 28157, 100.399),
        (("between", None, 11, 12), "up", 14.85, 135.0),
        (("<=", 2.5, None, None), "up", 2.0, 125.0),
        (("between", None, 1, 1.5), "down", 3, 50.0),
        (("between", None, 99, 100), "range", 99.5, 100.0),
        (("=", 0, None, None), "up", 5, None),
        (("<=", 0, None, None), "up", 0, None),
        (("=", 100, None, None), "up", None, None),
    ],
)
def test_evaluate_attainment(
    target: T, direction: Direction, actual: float | None, attainment: float | None
) -> None:
    op, value, low, high = target
    got = evaluate(op, value, low, high, actual, direction=direction)[1]
    if attainment is None:
        assert got is None
    else:
        assert got == pytest.approx(attainment, abs=1e-3)


def test_evaluate_tolerance_is_five_percent_of_the_bound() -> None:
    assert TOLERANCE == 0.05
    assert evaluate("=", 200, None, None, 190, direction="up")[0] == "gần đạt"
    assert evaluate("=", 200, None, None, 189.9, direction="up")[0] == "không đạt"
    assert evaluate("=", 200, None, None, 189.9, direction="up", tolerance=0.1)[0] == "gần đạt"


@pytest.mark.parametrize(
    ("op", "value"),
    [("between", None), ("=", None), (">", None)],
)
def test_evaluate_rejects_incomplete_target(op: Op, value: float | None) -> None:
    with pytest.raises(ValueError, match="needs"):
        evaluate(op, value, None, None, 1.0)


@pytest.mark.parametrize(
    ("op", "direction", "expected"),
    [(">", "down", "up"), (">=", "range", "up"), ("<", "up", "down"), ("<=", "up", "down"),
     ("=", "down", "down"), ("between", "range", "range"), ("between", "up", "up")],
)  # fmt: skip
def test_sense_of_op_wins_over_direction(op: Op, direction: Direction, expected: str) -> None:
    assert sense_of(op, direction) == expected


@pytest.mark.parametrize(
    ("actual", "previous", "points", "expected"),
    [(103, 100, False, 3.0), (97.38, 100, False, -2.62), (5, 0, False, None), (68.3, 65.5, True, 2.8),
     (None, 1, False, None), (1, None, True, None)],
)  # fmt: skip
def test_change_on_relative_or_points(
    actual: float | None, previous: float | None, points: bool, expected: float | None
) -> None:
    got = change_on(actual, previous, points=points)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_assess_uses_previous_year_then_reported_change() -> None:
    ind = Indicator(1, "Tổng giá trị sản xuất ngành nông nghiệp", "tỷ đồng")
    t = Target(1, 1, 1, Period(2019), "=", 28045, basis="kế hoạch")
    computed = assess(t, ind, unit_name="Tỉnh A", actual=28157, previous=27363, reported_change=9.9)
    assert computed.change == pytest.approx(2.9017, abs=1e-3)
    assert not computed.change_is_points
    reported = assess(t, ind, unit_name="Tỉnh A", actual=28157, reported_change=2.9)
    assert reported.change == 2.9
    missing = assess(t, ind, unit_name="Tỉnh A", actual=None, reported_change=2.9)
    assert missing.status == "chưa có số liệu"
    assert missing.change is None


def test_assess_change_of_a_percent_indicator_is_in_points() -> None:
    ind = Indicator(1, "Tỷ lệ hộ nghèo", "%", direction="down")
    t = Target(1, 1, 1, Period(2019), "<=", 3.0)
    a = assess(t, ind, unit_name="Tỉnh A", actual=2.5, previous=5.12)
    assert a.change_is_points
    assert a.change == pytest.approx(-2.62)
    assert a.status == "vượt"


@pytest.mark.parametrize(
    ("stated", "status"),
    [(89.81, "không đạt"), (97.0, "gần đạt"), (100.0, "đạt"), (102.66, "vượt")],
)
def test_assess_takes_a_stated_attainment_when_the_actual_is_unknown(stated: float, status: str) -> None:
    ind = Indicator(1, "Thu ngân sách nhà nước", "tỷ đồng")
    t = Target(1, 1, 1, Period(2024), "=", 10000, basis="dự toán")
    a = assess(t, ind, unit_name="Tỉnh A", actual=None, stated_attainment=stated)
    assert (a.status, a.attainment, a.stated_attainment, a.warnings) == (status, stated, stated, ())


@pytest.mark.parametrize(("stated", "warned"), [(89.81, False), (90.9, True), (88.5, True), (90.4, False)])
def test_assess_warns_when_stated_and_computed_attainment_disagree(stated: float, warned: bool) -> None:
    ind = Indicator(1, "Thu ngân sách nhà nước", "tỷ đồng")
    t = Target(1, 1, 1, Period(2024), "=", 10000, basis="dự toán")
    a = assess(t, ind, unit_name="Tỉnh A", actual=8981, stated_attainment=stated)
    assert a.attainment == pytest.approx(89.81)
    assert bool(a.warnings) is warned
    if warned:
        assert "89,81%" in a.warnings[0] and "khác tỷ lệ tính từ số liệu" in a.warnings[0]
