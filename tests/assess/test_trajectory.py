"""The trajectory method against figures worked by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import pytest

from chitieu.assess.trajectory import Trajectory, projected_at, trajectory
from chitieu.domain import Direction, Period, Target
from chitieu.model import Op


def _target(
    op: Op, value: float | None, year: int, low: float | None = None, high: float | None = None
) -> Target:
    return Target(1, 1, 1, Period(year), op, value, low, high)


Case = tuple[list[tuple[int, float]], Target, Direction, str, float | None, float | None, float | None]


@pytest.mark.parametrize(
    ("actuals", "target", "direction", "status", "actual_rate", "required_rate", "projected"),
    [
        # 100 (2020) -> 121 (2022), 2021 missing: (121/100)^(1/2) - 1 = 1.1 - 1 = 10 %;
        # need (150/121)^(1/3) - 1 = 1.23967^(1/3) - 1 = 7.424 %; 10 >= 7.424: on track;
        # projected 121 * 1.1^3 = 121 * 1.331 = 161.051
        ([(2020, 100), (2022, 121)], _target(">=", 150, 2025), "up", "đúng hướng", 10.0, 7.4242, 161.051),
        # 100 -> 106.1208 over 3 years = 1.02^3: 2 %; need (130/106.1208)^(1/2) - 1 = 10.681 %
        # projected 106.1208 * 1.02^2 = 110.408
        ([(2020, 100), (2021, 102), (2023, 106.1208)], _target(">=", 130, 2025), "up", "cần nỗ lực",
         2.0, 10.6806, 110.408),
        # 200 -> 180 over 3 years: 0.9^(1/3) - 1 = -3.451 %: the wrong way
        ([(2020, 200), (2023, 180)], _target(">=", 220, 2025), "up", "chệch hướng", -3.4511, 10.5542, 167.7906),
        # "dưới 2%" (op <, falling is progress): 4.0 -> 3.24 over 2 years: 0.81^(1/2) - 1 = -10 %;
        # need (2/3.24)^(1/2) - 1 = 0.78567 - 1 = -21.43 %; falls 10 % a year, 21.43 needed;
        # projected 3.24 * 0.9^2 = 2.6244
        ([(2021, 4.0), (2023, 3.24)], _target("<", 2.0, 2025), "down", "cần nỗ lực", -10.0, -21.4326, 2.6244),
        # "giảm còn không quá 3%": 4.0 -> 3.6: -10 %; need (3/3.6)^(1/2) - 1 = 0.91287 - 1 = -8.713 %;
        # projected 3.6 * 0.81 = 2.916 (the op decides the sense, whatever the indicator says)
        ([(2022, 4.0), (2023, 3.6)], _target("<=", 3.0, 2025), "up", "đúng hướng", -10.0, -8.7129, 2.916),
        # an "=" target of an indicator where less is better: 120 -> 130 rises 2.704 %: wrong way;
        # need (100/130)^(1/2) - 1 = -12.294 %
        ([(2020, 120), (2023, 130)], _target("=", 100, 2025), "down", "chệch hướng", 2.704, -12.2942, 137.1255),
        # already met: 155 >= 150; nothing required; 100 -> 155 over 3 years = 15.729 %
        ([(2020, 100), (2023, 155)], _target(">=", 150, 2025), "up", "đã đạt", 15.7295, None, 207.5962),
        # already met with a single year
        ([(2023, 155)], _target(">=", 150, 2025), "up", "đã đạt", None, None, None),
        # a single year, not met: not enough data
        ([(2023, 120)], _target(">=", 150, 2025), "up", "chưa đủ số liệu", None, None, None),
        # no actuals at all
        ([], _target(">=", 150, 2025), "up", "chưa đủ số liệu", None, None, None),
        # "giảm về 0" (goal 0: no CAGR): linear; (4 - 8)/2 = -2 a year; need (0 - 4)/2 = -2: on track;
        # projected 4 - 2 * 2 = 0
        ([(2021, 8), (2023, 4)], _target("<=", 0, 2025), "up", "đúng hướng", -2.0, -2.0, 0.0),
        # a first value of 0: linear; (10 - 0)/2 = 5 a year; need (30 - 10)/3 = 6.667; projected 10 + 15 = 25
        ([(2020, 0), (2022, 10)], _target(">=", 30, 2025), "up", "cần nỗ lực", 5.0, 6.6667, 25.0),
        # negative values: linear; (-20 + 50)/2 = 15 a year; need (10 + 20)/2 = 15: on track
        ([(2021, -50), (2023, -20)], _target(">=", 10, 2025), "up", "đúng hướng", 15.0, 15.0, 10.0),
        # the target's year reached, not met: the rate needed from the first year,
        # (150/100)^(1/3) - 1 = 14.471 %, against 1.1^3 = 133.1: 10 %
        ([(2020, 100), (2023, 133.1)], _target(">=", 150, 2023), "up", "cần nỗ lực", 10.0, 14.4714, 133.1),
        # actuals after the target's year do not count: 100 -> 110 is 10 %; need 150/110 - 1 = 36.36 %
        ([(2020, 100), (2021, 110), (2024, 200)], _target(">=", 150, 2022), "up", "cần nỗ lực",
         10.0, 36.3636, 121.0),
        # a range where inside is wanted, below it: aim at the lower bound, 99;
        # (97/95)^(1/2) - 1 = 1.0471 %; need (99/97)^(1/2) - 1 = 1.0257 %
        ([(2021, 95), (2023, 97)], _target("between", None, 2025, 99, 100), "range", "đúng hướng",
         1.0471, 1.0257, 99.0421),
        # a range where lower is better, above it: aim at the upper bound 1.5; 2.5 -> 2.0 in 2 years:
        # 0.8^(1/2) - 1 = -10.557 %; need (1.5/2)^(1/2) - 1 = -13.397 %
        ([(2021, 2.5), (2023, 2.0)], _target("between", None, 2025, 1, 1.5), "down", "cần nỗ lực",
         -10.5573, -13.3975, 1.6),
    ],
)  # fmt: skip
def test_trajectory_worked_by_hand(
    actuals: list[tuple[int, float]],
    target: Target,
    direction: Direction,
    status: str,
    actual_rate: float | None,
    required_rate: float | None,
    projected: float | None,
) -> None:
    got = trajectory(actuals, target, direction=direction)
    assert got.status == status
    for value, expected in ((got.actual_rate, actual_rate), (got.required_rate, required_rate),
                            (got.projected_value, projected)):  # fmt: skip
        if expected is None:
            assert value is None
        else:
            assert value == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(
    ("actuals", "target", "method"),
    [
        ([(2020, 100), (2022, 121)], _target(">=", 150, 2025), "cagr"),
        ([(2021, 8), (2023, 4)], _target("<=", 0, 2025), "linear"),
        ([(2020, 0), (2022, 10)], _target(">=", 30, 2025), "linear"),
        ([(2021, -50), (2023, -20)], _target(">=", 10, 2025), "linear"),
    ],
)
def test_trajectory_falls_back_to_linear_rates_without_positive_values(
    actuals: list[tuple[int, float]], target: Target, method: str
) -> None:
    got = trajectory(actuals, target)
    assert got.method == method
    assert got.rate_unit == ("%/năm" if method == "cagr" else "/năm")


@pytest.mark.parametrize(
    ("actuals", "years"),
    [
        ([(2023, 3.0), (2020, 1.0), (2021, 2.0)], (2020, 2021, 2023)),  # sorted, 2022 missing
        ([(2020, 1.0), (2021, float("nan")), (2026, 9.0)], (2020,)),  # NaN and after the target's year
    ],
)
def test_trajectory_years_used(actuals: list[tuple[int, float]], years: tuple[int, ...]) -> None:
    got = trajectory(actuals, _target(">=", 10, 2025))
    assert got.years == years
    assert got.target_year == 2025


def test_trajectory_projection_capped_at_the_ceiling() -> None:
    # a share: 81 -> 90 over 2 years = 5.409 % a year; 90 * 1.05409^3 = 105.4 -> 100
    got = trajectory([(2021, 81), (2023, 90)], _target(">=", 99, 2026), ceiling=100)
    assert got == Trajectory("đúng hướng", pytest.approx(5.4093, abs=1e-3), pytest.approx(3.228, abs=1e-3),
                             (2021, 2023), 100, 2026, 99, "cagr", 90)  # fmt: skip


def test_trajectory_rejects_a_target_without_value() -> None:
    with pytest.raises(ValueError, match="needs a value"):
        trajectory([(2020, 1.0), (2021, 2.0)], _target(">=", None, 2025))


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2021, None), (2022, 121.0), (2023, 133.1), (2025, 161.051), (2026, None)],  # 121 * 1.1^n
)
def test_trajectory_projected_at_follows_the_actual_rate(year: int, expected: float | None) -> None:
    t = trajectory([(2020, 100), (2022, 121)], _target(">=", 150, 2025))
    got = projected_at(t, year)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_trajectory_projected_at_linear_and_capped() -> None:
    t = trajectory([(2021, 8), (2023, 14)], _target("<=", 0, 2025))  # linear: +3 a year
    assert projected_at(t, 2024) == pytest.approx(17.0)
    assert projected_at(t, 2025, ceiling=18.0) == 18.0


def _growth_target(
    op: Op, value: float | None, low: float | None = None, high: float | None = None
) -> Target:
    return Target(1, 1, 1, Period(2025), op, value, low, high, measure="change")


@pytest.mark.parametrize(
    ("actuals", "target", "status", "actual_rate", "required_rate"),
    [
        # levels 100 (2021) -> 121 (2023): 10 %/năm against "tăng từ 8% trở lên": on track
        ([(2021, 100), (2023, 121)], _growth_target(">=", 8.0), "đúng hướng", 10.0, 8.0),
        # "tăng 11 - 12%": the lower bound, 11 % is needed; 10 % is slower
        ([(2021, 100), (2023, 121)], _growth_target("between", None, 11.0, 12.0), "cần nỗ lực", 10.0, 11.0),
        # falling levels: 0.9^(1/2) - 1 = -5.13 %
        ([(2021, 100), (2023, 90)], _growth_target(">=", 8.0), "chệch hướng", -5.1317, 8.0),
        # the target's year known: 2025 on 2024 = 1200 / 1000 - 1 = 20 % >= 8 %: met
        ([(2020, 1000), (2024, 1000), (2025, 1200)], _growth_target(">=", 8.0), "đã đạt", 3.7137, None),
        # no positive level: no CAGR to compare
        ([(2021, 0), (2023, 121)], _growth_target(">=", 8.0), "chưa đủ số liệu", None, None),
    ],
)  # fmt: skip
def test_trajectory_of_a_growth_target(
    actuals: list[tuple[int, float]], target: Target, status: str, actual_rate: float | None,
    required_rate: float | None,
) -> None:  # fmt: skip
    got = trajectory(actuals, target)
    assert got.status == status
    assert got.actual_rate == (pytest.approx(actual_rate, abs=1e-3) if actual_rate is not None else None)
    assert got.required_rate == (pytest.approx(required_rate) if required_rate is not None else None)
