"""Ranking units on one indicator: the direction decides which end is best; ties share a rank."""

from __future__ import annotations

import pytest

from chitieu.assess.compare import rank
from chitieu.domain import Direction, Indicator, Unit


def _units(values: dict[str, float | None]) -> list[tuple[Unit, float | None, bool, None]]:
    return [(Unit(i, name, "tỉnh"), v, False, None) for i, (name, v) in enumerate(values.items(), 1)]


@pytest.mark.parametrize(
    ("direction", "values", "expected"),
    [
        ("up", {"A": 10.0, "B": 30.0, "C": 20.0}, [("B", 1), ("C", 2), ("A", 3)]),
        ("down", {"A": 10.0, "B": 30.0, "C": 20.0}, [("A", 1), ("C", 2), ("B", 3)]),
        # ties share a rank, the next one skips; equal values by name
        ("up", {"D": 5.0, "B": 7.0, "A": 7.0, "C": 1.0}, [("A", 1), ("B", 1), ("D", 3), ("C", 4)]),
        # no value: last, unranked, by name
        ("up", {"Z": None, "B": 2.0, "Y": None}, [("B", 1), ("Y", None), ("Z", None)]),
        # a range indicator: listed by value, not ranked
        ("range", {"A": 1.0, "B": 3.0}, [("B", None), ("A", None)]),
        # negative values rank as numbers
        ("up", {"A": -5.0, "B": 0.0, "C": -1.0}, [("B", 1), ("C", 2), ("A", 3)]),
    ],
)
def test_compare_rank_by_direction(
    direction: Direction, values: dict[str, float | None], expected: list[tuple[str, int | None]]
) -> None:
    ind = Indicator(1, "Chỉ tiêu", direction=direction)
    got = rank(ind, 2024, _units(values))
    assert [(r.unit.name, r.rank) for r in got.rows] == expected
    assert got.ranked == (direction != "range")
    assert all(r.status is None and r.trajectory is None for r in got.rows)
