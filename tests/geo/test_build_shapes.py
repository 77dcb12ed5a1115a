"""Building the province shapes: names matched, neighbours dissolved, shared borders simplified once."""

from __future__ import annotations

import json

import pytest

from chitieu.geo import build_shapes
from chitieu.geo.build_shapes import _area, _dissolve, _dp, _plain, _simplify
from chitieu.geo.units import provinces


@pytest.mark.parametrize(
    ("natural_earth", "gso"),
    [
        ("Tinh Kon Tum", "Tỉnh Kon Tum"),
        ("Ðong Tháp", "Tỉnh Đồng Tháp"),
        ("Tinh Thua Thien-Hue", "Thành phố Huế"),
        ("Huyen Dien Bien", "Tỉnh Điện Biên"),
        ("Tinh Ba Ria-Vung Tau", "Tỉnh Bà Rịa - Vũng Tàu"),
        ("Thanh pho Ho Chi Minh", "Thành phố Hồ Chí Minh"),
        ("Tinh Hoa Binh", "Tỉnh Hoà Bình"),
    ],
)
def test_build_shapes_names_match(natural_earth: str, gso: str) -> None:
    assert _plain(natural_earth) == _plain(gso)


def _square(x: float, y: float, size: float = 1.0) -> list[list[tuple[float, float]]]:
    return [[(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]]


def test_build_shapes_dissolve_two_neighbours_into_one_outline() -> None:
    (ring,) = _dissolve([_square(0, 0), _square(1, 0)])
    assert ring[0] == ring[-1]
    assert sorted(set(ring)) == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    # the shared edge (1,0)-(1,1) is gone: area 2
    assert _area(ring) == pytest.approx(2.0)


def test_build_shapes_dissolve_keeps_islands_apart() -> None:
    assert len(_dissolve([_square(0, 0), _square(5, 5)])) == 2


def test_build_shapes_douglas_peucker_keeps_corners_drops_noise() -> None:
    chain = [(0.0, 0.0), (1.0, 0.05), (2.0, -0.05), (3.0, 0.0), (3.0, 3.0)]
    assert _dp(chain, 0.1) == [(0.0, 0.0), (3.0, 0.0), (3.0, 3.0)]
    assert _dp(chain, 0.01) == chain


def test_build_shapes_shared_border_simplified_the_same_on_both_sides() -> None:
    border = [(1.0, 0.0), (1.02, 0.5), (1.0, 1.0), (0.98, 1.5), (1.0, 2.0)]
    left = [(0.0, 0.0), *border, (0.0, 2.0), (0.0, 0.0)]
    right = [(1.0, 0.0), (2.0, 0.0), (2.0, 2.0), *border[::-1]]
    out = _simplify({"a": [left], "b": [right]}, 0.1)
    shared = lambda ring: {p for p in ring if p[0] not in (0.0, 2.0)}  # noqa: E731
    assert shared(out["a"][0]) == shared(out["b"][0]) == {(1.0, 0.0), (1.0, 2.0)}


def test_build_shapes_shipped_file_is_small_and_complete() -> None:
    raw = build_shapes.DATA.read_bytes()
    assert len(raw) < 300_000
    data = json.loads(raw)
    assert [p["key"] for p in data["provinces"]] == [p.key for p in provinces("2025")]
    assert {label["key"] for label in data["labels"]} == {"48", "56"}
