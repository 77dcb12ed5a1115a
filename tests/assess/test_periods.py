"""Year to date (lũy kế) and within-year periods against the year plan, worked by hand."""

from __future__ import annotations

import pytest

from chitieu.assess.periods import WithinYear, describe, within_year, year_to_date
from chitieu.domain import Aggregation, Period

Y = 2024


def _m(n: int) -> Period:
    return Period(Y, "month", n)


def _q(n: int) -> Period:
    return Period(Y, "quarter", n)


def _h(n: int) -> Period:
    return Period(Y, "half", n)


def _lk(n: int, year: int = Y) -> Period:
    return Period(year, "ytd", n)


@pytest.mark.parametrize(
    ("figures", "aggregation", "month", "expected"),
    [
        # the first quarter stated (65) wins over its months 10 + 20 + 30 = 60
        ({_m(1): 10, _m(2): 20, _m(3): 30, _q(1): 65}, "sum", 3, 65),
        # no stated figure for four months: 10 + 20 + 30 + 40 = 100
        ({_m(1): 10, _m(2): 20, _m(3): 30, _m(4): 40}, "sum", 4, 100),
        # March missing: no partial sum
        ({_m(1): 10, _m(2): 20, _m(4): 40}, "sum", 4, None),
        # nine months from the first half and the third quarter: 100 + 60 = 160
        ({_h(1): 100, _q(3): 60}, "sum", 9, 160),
        # nine months stated (170) wins over 100 + 60
        ({_h(1): 100, _q(3): 60, Period(Y, "nine_months"): 170}, "sum", 9, 170),
        # six months from two quarters: 40 + 50 = 90
        ({_q(1): 40, _q(2): 50}, "sum", 6, 90),
        # the year from two halves: 100 + 120 = 220
        ({_h(1): 100, _h(2): 120}, "sum", 12, 220),
        # nine months with the third quarter missing: none
        ({_h(1): 100}, "sum", 9, None),
        # a mean over the months there are: (5 + 7) / 2 = 6, February missing
        ({_m(1): 5, _m(3): 7}, "mean", 3, 6),
        # a mean with no month: none
        ({_q(2): 5}, "mean", 2, None),
        # the last month there is up to April: February's 55 (May's 60 is later)
        ({_m(1): 50, _m(2): 55, _m(5): 60}, "latest", 4, 55),
        # the first half stated (8,5) is taken for a rate too
        ({_h(1): 8.5, _m(6): 9.0}, "mean", 6, 8.5),
        # the year to date stated (lũy kế 10 tháng: 300) wins over its months 10 x 25 = 250
        ({**{_m(n): 25 for n in range(1, 11)}, _lk(10): 300}, "sum", 10, 300),
        # nine months stated as a year to date (an entry of lũy kế 9 tháng) is taken as stated
        ({_lk(9): 170, _h(1): 100, _q(3): 60}, "sum", 9, 170),
        # a year to date of another month is no figure of this one: 9 months from H1 + Q3
        ({_lk(8): 140, _h(1): 100, _q(3): 60}, "sum", 9, 160),
    ],
)
def test_year_to_date_stated_or_combined(
    figures: dict[Period, float], aggregation: Aggregation, month: int, expected: float | None
) -> None:
    assert year_to_date(figures, aggregation, Y, month) == expected


@pytest.mark.parametrize("month", [0, 13])
def test_year_to_date_rejects_bad_month(month: int) -> None:
    with pytest.raises(ValueError, match="month"):
        year_to_date({}, "sum", Y, month)


NINE = Period(Y, "nine_months")


def test_within_year_orders_by_end_and_judges_the_year_to_date() -> None:
    # lũy kế 10 tháng 820 of a plan of 1000: 82 %; last year's lũy kế 10 tháng 800: +2,5 %
    figures = {_lk(10): 820.0, _m(10): 90.0, _q(1): 200.0, _h(1): 450.0, _q(2): 250.0, _lk(10, Y - 1): 800.0}
    got = within_year(figures, Y, 1000.0)
    assert [str(w.period) for w in got] == ["2024-Q1", "2024-Q2", "2024-H1", "2024-M10", "2024-LK10"]
    (lk,) = [w for w in got if w.period.kind == "ytd"]
    assert lk.share == pytest.approx(82.0)
    assert lk.change == pytest.approx(2.5)


@pytest.mark.parametrize(
    ("last_year", "aggregation", "previous"),
    [
        # the same period stated last year
        ({Period(Y - 1, "nine_months"): 800.0}, None, 800.0),
        # last year's nine months stated as a year to date (lũy kế 9 tháng)
        ({_lk(9, Y - 1): 780.0}, None, 780.0),
        # last year's first half and third quarter: combined only with the aggregation (500 + 250)
        ({Period(Y - 1, "half", 1): 500.0, Period(Y - 1, "quarter", 3): 250.0}, None, None),
        ({Period(Y - 1, "half", 1): 500.0, Period(Y - 1, "quarter", 3): 250.0}, "sum", 750.0),
        # a mean over last year's months 1..9 (each 5): 5
        ({Period(Y - 1, "month", n): 5.0 for n in range(1, 10)}, "mean", 5.0),
    ],
)
def test_within_year_last_year_from_january_stated_or_combined(
    last_year: dict[Period, float], aggregation: Aggregation | None, previous: float | None
) -> None:
    (w,) = within_year({NINE: 900.0, **last_year}, Y, 1000.0, aggregation)
    assert w.previous == previous
    assert w.change == (pytest.approx((900.0 / previous - 1) * 100) if previous else None)


def test_within_year_a_quarter_after_the_first_is_never_combined() -> None:
    # quý III last year is not the months to September: no previous from last year's 9 months
    (w,) = within_year({_q(3): 300.0, Period(Y - 1, "nine_months"): 800.0}, Y, None, "sum")
    assert w.previous is None and w.change is None


@pytest.mark.parametrize(
    ("aggregation", "share"), [(None, 80.0), ("sum", 80.0), ("mean", None), ("latest", None)]
)
def test_within_year_share_of_plan_only_for_what_adds_up(
    aggregation: Aggregation | None, share: float | None
) -> None:
    # a growth rate of 6,4 % by September against a plan of 8 %: no "80 % of the year plan"
    (w,) = within_year({NINE: 6.4}, Y, 8.0, aggregation)
    assert w.share == (pytest.approx(share) if share is not None else None) and w.plan == 8.0


@pytest.mark.parametrize(
    ("figures", "plan", "expected"),
    [
        # 898,1 of a plan of 1000: 89,81 %; last year's 800: 898,1 / 800 - 1 = 12,2625 %
        ({NINE: 898.1, NINE.previous_year(): 800.0}, 1000.0, [(NINE, 89.81, 12.2625)]),
        # quarters in order; the second has no last year's figure; a fall of 25 on 200: -12,5 %
        (
            {_q(2): 300.0, _q(1): 175.0, Period(Y - 1, "quarter", 1): 200.0, Period(Y): 900.0},
            1200.0,
            # 175 / 1200 = 14,5833 %; 300 / 1200 = 25 %
            [(_q(1), 14.5833, -12.5), (_q(2), 25.0, None)],
        ),
        # no plan: no share; the year itself is not a within-year period
        ({_m(3): 10.0, Period(Y): 50.0}, None, [(_m(3), None, None)]),
    ],
)
def test_within_year_share_and_change(
    figures: dict[Period, float],
    plan: float | None,
    expected: list[tuple[Period, float | None, float | None]],
) -> None:
    got = within_year(figures, Y, plan)
    assert [w.period for w in got] == [e[0] for e in expected]
    for w, (_, share, change) in zip(got, expected, strict=True):
        assert w.share == (pytest.approx(share, abs=1e-4) if share is not None else None)
        assert w.change == (pytest.approx(change, abs=1e-4) if change is not None else None)


@pytest.mark.parametrize(
    ("w", "text"),
    [
        (
            WithinYear(NINE, 898.1, 1000.0, 89.81, 800.0, 12.2625),
            "9 tháng năm 2024 đạt 89,81% kế hoạch năm, tăng 12,26% so với cùng kỳ",
        ),
        (
            WithinYear(_q(1), 175.0, 1200.0, 14.58333, 200.0, -12.5),
            "Quý I/2024 đạt 14,58% kế hoạch năm, giảm 12,50% so với cùng kỳ",
        ),
        (WithinYear(_m(3), 10.0, None, None, None, None), "Tháng 3/2024"),
        (
            WithinYear(_lk(10), 820.0, 1000.0, 82.0, 800.0, 2.5),
            "Lũy kế 10 tháng năm 2024 đạt 82,00% kế hoạch năm, tăng 2,50% so với cùng kỳ",
        ),
    ],
)
def test_describe_vietnamese(w: WithinYear, text: str) -> None:
    assert describe(w) == text
