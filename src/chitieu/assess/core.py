"""Judging a result against its target: a pure function, no database.

Status rules (``actual`` against the target's bound, in the target's sense):

* The sense comes from the op: ``>``/``>=`` mean higher is better, ``<``/``<=`` lower is
  better; for ``=`` and ``between`` it is the indicator's direction (``up``, ``down``,
  or ``range``: inside the range is what is wanted).
* ``vượt`` (exceeded): strictly better than the number the target names (above the
  value, or above the upper bound of a range when higher is better; below when lower
  is better). A ``range`` target is never exceeded.
* ``đạt`` (met): equal to the value of an ``=``, ``>=`` or ``<=`` target, or inside a
  ``between`` range. A value equal to the bound of a strict ``>``/``<`` target does
  not meet it.
* ``gần đạt`` (nearly met): not met, but within :data:`TOLERANCE` (5 %) of the bound,
  relative to the bound: ``|actual - bound| <= 0.05 * |bound|``. With a bound of 0 only
  an exact tie (a strict target) is near.
* ``không đạt``: otherwise. ``chưa có số liệu``: no result.

Attainment (%) is ``actual / bound * 100`` when higher is better (bound: the value, or
the lower bound of a range) and ``bound / actual * 100`` when lower is better (bound:
the value or the upper bound), so that over 100 is always better; ``None`` when the
bound is 0 or the ratio has no meaning (a negative bound). For a ``range`` target it is
100 inside the range, else ``actual / nearest bound * 100``.

Change on the same period last year: relative (%) for amounts and counts; in
percentage points for indicators measured in %.

This module holds the rules only; :mod:`chitieu.assess.verdict` builds the full
:class:`~chitieu.domain.Assessment` with its sentence (phrasing depends on these rules,
never the reverse).
"""

from __future__ import annotations

import math

from chitieu.domain import Direction, Status
from chitieu.model import Op

__all__ = ["TOLERANCE", "change_on", "evaluate", "sense_of", "status_of_attainment"]

TOLERANCE = 0.05


def _eq(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def sense_of(op: Op, direction: Direction) -> Direction:
    """Which way is better for this target: the op decides when it can, else the indicator."""
    if op in (">", ">="):
        return "up"
    if op in ("<", "<="):
        return "down"
    return direction


def _bounds(op: Op, value: float | None, low: float | None, high: float | None) -> tuple[float, float]:
    if op == "between":
        if low is None or high is None:
            raise ValueError("a 'between' target needs low and high")
        return (min(low, high), max(low, high))
    if value is None:
        raise ValueError(f"a {op!r} target needs a value")
    return (value, value)


def _near(actual: float, bound: float, tolerance: float) -> bool:
    return abs(actual - bound) <= tolerance * abs(bound) + 1e-12


def evaluate(
    op: Op,
    value: float | None,
    low: float | None,
    high: float | None,
    actual: float | None,
    *,
    direction: Direction = "up",
    tolerance: float = TOLERANCE,
) -> tuple[Status, float | None]:
    """Status and attainment (%) of ``actual`` against one target."""
    if actual is None or math.isnan(actual):
        return "chưa có số liệu", None
    lo, hi = _bounds(op, value, low, high)
    sense = sense_of(op, direction)
    if sense == "range":
        return _evaluate_range(lo, hi, actual, tolerance)
    strict = op in (">", "<")
    if sense == "up":
        bound, best = lo, hi
        better, attainment = actual > best, (actual / bound * 100 if bound > 0 else None)
        met = actual > bound if strict else actual >= bound or _eq(actual, bound)
        if better and not _eq(actual, best):
            return "vượt", attainment
    else:
        bound, best = hi, lo
        better = actual < best
        attainment = bound / actual * 100 if actual > 0 and bound >= 0 else None
        met = actual < bound if strict else actual <= bound or _eq(actual, bound)
        if better and not _eq(actual, best):
            return "vượt", attainment
    if met and not (strict and _eq(actual, bound)):
        return "đạt", attainment
    if (bound != 0 and _near(actual, bound, tolerance)) or _eq(actual, bound):
        return "gần đạt", attainment
    return "không đạt", attainment


def _evaluate_range(lo: float, hi: float, actual: float, tolerance: float) -> tuple[Status, float | None]:
    if lo <= actual <= hi or _eq(actual, lo) or _eq(actual, hi):
        return "đạt", 100.0
    nearest = lo if actual < lo else hi
    attainment = actual / nearest * 100 if nearest > 0 else None
    if nearest != 0 and _near(actual, nearest, tolerance):
        return "gần đạt", attainment
    return "không đạt", attainment


def change_on(actual: float | None, previous: float | None, *, points: bool) -> float | None:
    """Change of ``actual`` on ``previous``: percentage points, or % of ``previous``."""
    if actual is None or previous is None:
        return None
    if points:
        return actual - previous
    if previous == 0:
        return None
    return (actual - previous) / abs(previous) * 100


def status_of_attainment(attainment: float, tolerance: float = TOLERANCE) -> Status:
    """The status a stated attainment (%) gives when the actual itself is unknown."""
    if attainment > 100 + 1e-9:
        return "vượt"
    if attainment >= 100 - 1e-9:
        return "đạt"
    if attainment >= 100 * (1 - tolerance):
        return "gần đạt"
    return "không đạt"
