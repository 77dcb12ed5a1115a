"""Periods within the year: the year to date (lũy kế) and each period against the year plan.

:func:`year_to_date` gives the value of an indicator from January to the end of a month
of the year, from the figures of that year by period:

* taken as stated when a figure covering exactly those months is there: the year to date
  up to that month (``lũy kế 10 tháng``, kind ``ytd``), the year (12), the nine months
  (9), the first half (6), the first quarter (3), January (1);
* otherwise combined with the indicator's aggregation. ``sum``: the months summed, every
  month from January on must be there (a missing month gives no value, never a partial
  sum); where they are not, whole quarters from January on (or the first half and the
  quarters after it, or the two halves) are used, by the same rule. ``mean``: the months there are averaged (a missing month is left
  out; none gives no value). ``latest``: the last month there is up to the end month.

:func:`within_year` judges each within-year figure of a year (month, quarter, half, nine
months, year to date) against the year plan: the share of the plan the period reached
(``9 tháng năm 2024 đạt 89,81% kế hoạch năm``) and the change on the same period last
year, in %. Last year's figure of a period that runs from January (a year to date, the
nine months, the first half or quarter, January) is the one stated for those months in
any of these kinds (``lũy kế 9 tháng`` last year for ``9 tháng`` this year), or, given the
indicator's aggregation, last year's year to date combined by :func:`year_to_date`. The
share of the year plan is given only for what adds up over the year (aggregation ``sum``,
or unknown): a rate or a level (``mean``, ``latest``, as a growth rate or a poverty rate)
reached by the ninth month is no share of its year's figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chitieu.domain import Aggregation, Period
from chitieu.text.numbers import format_number

__all__ = ["WithinYear", "describe", "stated_ytd", "within_year", "year_to_date"]


def stated_ytd(year: int, month: int) -> Period | None:
    """The period of another kind than ``ytd`` that covers January to ``month`` exactly, when there is one."""
    return {
        1: Period(year, "month", 1),
        3: Period(year, "quarter", 1),
        6: Period(year, "half", 1),
        9: Period(year, "nine_months"),
        12: Period(year),
    }.get(month)


def _chunkings(year: int, month: int) -> list[list[Period]]:
    """Ways whole quarters (and the first half) add up to January..``month`` without overlap."""
    if month % 3:
        return []
    quarters = [Period(year, "quarter", n) for n in range(1, month // 3 + 1)]
    out = [quarters]
    if month >= 6:
        out.append([Period(year, "half", 1), *quarters[2:]])
    if month == 12:
        out.append([Period(year, "half", 1), Period(year, "half", 2)])
    return out


def year_to_date(
    figures: Mapping[Period, float], aggregation: Aggregation, year: int, month: int
) -> float | None:
    """The value of January to ``month`` of ``year`` (lũy kế), or ``None`` when it cannot be had."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range")
    for stated in (Period(year, "ytd", month), stated_ytd(year, month)):
        if stated is not None and stated in figures:
            return figures[stated]
    months = [figures.get(Period(year, "month", m)) for m in range(1, month + 1)]
    present = [v for v in months if v is not None]
    if aggregation == "latest":
        return present[-1] if present else None
    if aggregation == "mean":
        return sum(present) / len(present) if present else None
    if len(present) == month:
        return sum(present)
    for chunks in _chunkings(year, month):
        if all(c in figures for c in chunks):
            return sum(figures[c] for c in chunks)
    return None


@dataclass(frozen=True, slots=True)
class WithinYear:
    """One within-year figure: its share of the year plan (%) and change on last year's (%)."""

    period: Period
    value: float
    plan: float | None
    share: float | None  # value / year plan x 100
    previous: float | None  # the same period last year
    change: float | None  # (value / previous - 1) x 100


def within_year(
    figures: Mapping[Period, float], year: int, plan: float | None, aggregation: Aggregation | None = None
) -> list[WithinYear]:
    """Each month, quarter, half, nine months and year to date of ``year`` in ``figures``, in the
    order they end.

    Without ``aggregation`` last year's figure of a period from January is only ever one
    stated; with it, last year's months or quarters are combined as well."""
    out: list[WithinYear] = []
    for period in sorted((p for p in figures if p.year == year and p.kind != "year"), key=_by_end):
        value = figures[period]
        share = value / plan * 100 if plan and aggregation in (None, "sum") else None
        prev = _previous(figures, period, aggregation)
        change = (value / prev - 1) * 100 if prev else None
        out.append(WithinYear(period, value, plan, share, prev, change))
    return out


def _by_end(period: Period) -> tuple[int, int, int]:
    """In the order the periods end (tháng 3, quý I, tháng 10, lũy kế 10 tháng), the shorter first."""
    return (period.last_month(), len(period.months()), Period.sort_key(period)[1])


def _from_january(period: Period) -> bool:
    return period.kind in ("ytd", "nine_months") or (period.number == 1 and period.kind != "year")


def _previous(
    figures: Mapping[Period, float], period: Period, aggregation: Aggregation | None
) -> float | None:
    """The figure of the same period last year (cùng kỳ), stated or, from January, combined."""
    same = figures.get(period.previous_year())
    if same is not None or not _from_january(period):
        return same
    year, month = period.year - 1, period.last_month()
    if aggregation is not None:
        return year_to_date(figures, aggregation, year, month)
    for stated in (Period(year, "ytd", month), stated_ytd(year, month)):
        if stated is not None and stated in figures:
            return figures[stated]
    return None


def describe(w: WithinYear) -> str:
    """``9 tháng năm 2024 đạt 89,81% kế hoạch năm, tăng 7,2% so với cùng kỳ``."""
    label = w.period.label
    parts = [label[0].upper() + label[1:]]
    if w.share is not None:
        parts.append(f"đạt {format_number(w.share, 2)}% kế hoạch năm")
    if w.change is not None:
        verb = "tăng" if w.change >= 0 else "giảm"
        parts.append(f"{verb} {format_number(abs(w.change), 2)}% so với cùng kỳ")
    return parts[0] + (" " + ", ".join(parts[1:]) if len(parts) > 1 else "")
