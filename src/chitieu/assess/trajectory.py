"""Will the target be reached? The trajectory of the actual series against the target.

The method is the one Open SDG and Statistics Canada publish for targets with a value:
compare the compound annual growth rate (CAGR) of the actual series with the rate
needed to reach the target by its year.

* Actual rate: ``(x_latest / x_first) ** (1 / (t_latest - t_first)) - 1`` over the first
  and latest years that have an actual (years missing in between are allowed; only
  actuals up to the target's year count).
* Required rate: ``(goal / x_latest) ** (1 / (T - t_latest)) - 1``, ``T`` the target's
  year. When no year is left (the latest actual is of the target's year) it is the rate
  that was needed from the first year: ``(goal / x_first) ** (1 / (T - t_first)) - 1``.
* The goal is the number the target names: its value, or for a range the bound on the
  side that is wanted (the lower bound when higher is better, the upper when lower is
  better; for a range where inside is wanted, the nearest bound).
* Zeros and negatives: the CAGR needs the first and latest actual and the goal all above
  0. When one is not (``giảm về 0``, a balance below 0) the rates are linear instead:
  change per year in the indicator's unit, ``(x_latest - x_first) / (t_latest - t_first)``
  and ``(goal - x_latest) / (T - t_latest)``; :attr:`Trajectory.method` says which.

Rates are signed, in % a year for the CAGR: ``-5`` means falling 5 % a year. Which sign
is progress comes from the target's op, else the indicator's direction (as for the
assessment, :func:`chitieu.assess.core.sense_of`): for "giảm", "dưới", ``<=`` targets a
falling series is progress. Classes:

* ``đã đạt``: the latest actual already meets the target (status ``đạt`` or ``vượt``),
  even with a single year; nothing more is required (the required rate is ``None``).
* ``chưa đủ số liệu``: otherwise, fewer than two years of actuals.
* ``đúng hướng``: the actual rate is at least the required rate, in the wanted sense.
* ``cần nỗ lực``: moving the wanted way (rate above 0 in the wanted sense) but slower
  than required. The threshold is the required rate itself: any progress below it.
* ``chệch hướng``: standing still (a rate of 0) or moving the wrong way.

The projected value is the latest actual carried to the target's year at the actual
rate (capped at ``ceiling`` when given, e.g. 100 for a share in %).

A growth target (measure ``change``: "tăng 10% so với năm trước") names the rate itself:
the required rate is the target's growth (its bound on the wanted side), the actual rate
the CAGR of the levels; ``đã đạt`` when the growth of the target's year on the year
before is known and meets it. Without positive levels (no CAGR) it is ``chưa đủ số liệu``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from chitieu.assess.core import evaluate, sense_of
from chitieu.domain import Direction, Target

__all__ = ["TRAJECTORY_STATUSES", "Method", "Trajectory", "TrajectoryStatus", "projected_at", "trajectory"]

TrajectoryStatus = Literal["đã đạt", "đúng hướng", "cần nỗ lực", "chệch hướng", "chưa đủ số liệu"]
Method = Literal["cagr", "linear"]
TRAJECTORY_STATUSES: tuple[TrajectoryStatus, ...] = (
    "đã đạt",
    "đúng hướng",
    "cần nỗ lực",
    "chệch hướng",
    "chưa đủ số liệu",
)
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Trajectory:
    """The trajectory of one target: its class, the actual and required rates, the projection."""

    status: TrajectoryStatus
    actual_rate: float | None  # % a year (method "cagr") or units a year ("linear"); signed
    required_rate: float | None
    years: tuple[int, ...]  # the years with an actual that were used
    projected_value: float | None  # at the target's year, at the actual rate
    target_year: int
    goal: float | None = None  # the number aimed at
    method: Method = "cagr"
    latest: float | None = None  # the latest actual

    @property
    def rate_unit(self) -> str:
        """``%/năm`` for the CAGR, ``/năm`` (in the indicator's unit) for linear rates."""
        return "%/năm" if self.method == "cagr" else "/năm"


def _goal(target: Target, sense: Direction, latest: float) -> tuple[float, int]:
    """The number aimed at and the sign of progress (+1: rising, -1: falling)."""
    if target.op == "between" and target.low is not None and target.high is not None:
        lo, hi = min(target.low, target.high), max(target.low, target.high)
    elif target.value is not None:
        lo = hi = target.value
    else:
        raise ValueError(f"a {target.op!r} target needs a value")
    if sense == "up":
        return lo, 1
    if sense == "down":
        return hi, -1
    return (lo, 1) if latest < lo else (hi, -1)


def _rate(start: float, end: float, span: int, cagr: bool) -> float:
    if cagr:
        return float((end / start) ** (1 / span) - 1) * 100
    return (end - start) / span


def _project(latest: float, rate: float, span: int, cagr: bool) -> float:
    if cagr:
        return latest * (1 + rate / 100) ** span
    return latest + rate * span


def trajectory(
    actuals: Iterable[tuple[int, float]],
    target: Target,
    *,
    direction: Direction = "up",
    ceiling: float | None = None,
) -> Trajectory:
    """The trajectory of ``target`` (a value target of year ``target.period.year``) given yearly actuals."""
    year = target.period.year
    points = sorted((y, v) for y, v in actuals if y <= year and math.isfinite(v))
    years = tuple(y for y, _ in points)
    if not points:
        return Trajectory("chưa đủ số liệu", None, None, (), None, year)
    if target.measure == "change":
        return _growth(points, target, direction)
    (t0, x0), (tl, xl) = points[0], points[-1]
    sense = sense_of(target.op, direction)
    goal, sign = _goal(target, sense, xl)
    status, _ = evaluate(target.op, target.value, target.low, target.high, xl, direction=direction)
    met = status in ("vượt", "đạt")
    if len(points) < 2:
        return Trajectory(
            "đã đạt" if met else "chưa đủ số liệu", None, None, years, None, year, goal, latest=xl
        )
    cagr = x0 > 0 and xl > 0 and goal > 0
    method: Method = "cagr" if cagr else "linear"
    actual = _rate(x0, xl, tl - t0, cagr)
    required = _rate(xl, goal, year - tl, cagr) if year > tl else _rate(x0, goal, year - t0, cagr)
    projected = _project(xl, actual, year - tl, cagr)
    if ceiling is not None:
        projected = min(projected, ceiling)
    if met:  # nothing more is required
        return Trajectory("đã đạt", actual, None, years, projected, year, goal, method, xl)
    if sign * actual <= _EPS:
        cls: TrajectoryStatus = "chệch hướng"
    elif sign * actual >= sign * required - _EPS:
        cls = "đúng hướng"
    else:
        cls = "cần nỗ lực"
    return Trajectory(cls, actual, required, years, projected, year, goal, method, xl)


def _growth(points: list[tuple[int, float]], target: Target, direction: Direction) -> Trajectory:
    """The trajectory of a growth target: the CAGR of the levels against the growth it names."""
    year, years = target.period.year, tuple(y for y, _ in points)
    (t0, x0), (tl, xl) = points[0], points[-1]
    sense = sense_of(target.op, direction)
    goal, sign = _goal(target, sense, 0.0)
    if len(points) < 2 or x0 <= 0 or xl <= 0:
        return Trajectory("chưa đủ số liệu", None, None, years, None, year, goal, latest=xl)
    actual = _rate(x0, xl, tl - t0, True)
    projected = _project(xl, actual, year - tl, True)
    last_two = dict(points)
    if tl == year and year - 1 in last_two and last_two[year - 1] > 0:
        growth = (xl / last_two[year - 1] - 1) * 100
        status, _ = evaluate(target.op, target.value, target.low, target.high, growth, direction=direction)
        if status in ("vượt", "đạt"):
            return Trajectory("đã đạt", actual, None, years, projected, year, goal, "cagr", xl)
    if sign * actual <= _EPS:
        cls: TrajectoryStatus = "chệch hướng"
    elif sign * actual >= sign * goal - _EPS:
        cls = "đúng hướng"
    else:
        cls = "cần nỗ lực"
    return Trajectory(cls, actual, goal, years, projected, year, goal, "cagr", xl)


def projected_at(t: Trajectory, year: int, *, ceiling: float | None = None) -> float | None:
    """The value the actual rate gives in ``year`` (from the latest actual on); ``None`` outside that span."""
    if t.actual_rate is None or t.latest is None or not t.years or not t.years[-1] <= year <= t.target_year:
        return None
    value = _project(t.latest, t.actual_rate, year - t.years[-1], t.method == "cagr")
    return min(value, ceiling) if ceiling is not None else value
