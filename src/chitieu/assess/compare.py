"""Comparing units on one indicator and year: ranked by value, the indicator's direction deciding.

Ranking rules:

* Higher is better for an ``up`` indicator (rank 1: the largest value), lower for a
  ``down`` one (rank 1: the smallest). A ``range`` indicator (inside a band is wanted)
  has no better end: its units are listed by value, largest first, and not ranked.
* Equal values share a rank and the next rank skips (1, 2, 2, 4).
* Units without a value come last, without a rank, by name.

A pure function of the figures: :func:`chitieu.store.comparison.compare` reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chitieu.assess.trajectory import Trajectory
from chitieu.domain import Assessment, Indicator, Status, Unit

__all__ = ["Comparison", "ComparisonRow", "rank"]


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One unit in the comparison: its rank, value, and the verdict on its target (if it has one)."""

    rank: int | None
    unit: Unit
    value: float | None
    estimate: bool = False
    assessment: Assessment | None = None

    @property
    def status(self) -> Status | None:
        return self.assessment.status if self.assessment is not None else None

    @property
    def trajectory(self) -> Trajectory | None:
        t = self.assessment.trajectory if self.assessment is not None else None
        return t if t is not None and len(t.years) >= 2 else None


@dataclass(frozen=True, slots=True)
class Comparison:
    """All units side by side for one indicator and year, best first."""

    indicator: Indicator
    year: int
    rows: tuple[ComparisonRow, ...]

    @property
    def ranked(self) -> bool:
        """Whether the order is a ranking (not for ``range`` indicators)."""
        return self.indicator.direction != "range"


def rank(
    indicator: Indicator,
    year: int,
    entries: Iterable[tuple[Unit, float | None, bool, Assessment | None]],
) -> Comparison:
    """The comparison of ``entries`` (unit, value, estimate, assessment), ranked by the indicator's direction."""
    items = list(entries)
    with_value = [e for e in items if e[1] is not None]
    without = sorted((e for e in items if e[1] is None), key=lambda e: e[0].name)
    down = indicator.direction == "down"
    with_value.sort(key=lambda e: (e[1] if down else -(e[1] or 0.0), e[0].name))
    rows: list[ComparisonRow] = []
    previous: float | None = None
    current = 0
    for i, (unit, value, estimate, verdict) in enumerate(with_value, 1):
        if value != previous:
            current, previous = i, value
        rows.append(
            ComparisonRow(current if indicator.direction != "range" else None, unit, value, estimate, verdict)
        )
    rows.extend(ComparisonRow(None, unit, None, estimate, verdict) for unit, _, estimate, verdict in without)
    return Comparison(indicator, year, tuple(rows))
