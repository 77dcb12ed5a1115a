"""Units of an indicator: scales convert, rates fit levels, a count does not fit a rate."""

from __future__ import annotations

import pytest

from chitieu.catalogue.measure import convert, unit_fit


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (1.5, "tỷ đồng", "triệu đồng", 1500.0),
        (2500.0, "triệu đồng", "tỷ đồng", 2.5),
        (52.0, "tạ/ha", "tấn/ha", 5.2),
        (1.2, "triệu tấn", "nghìn tấn", 1200.0),
        (1.1, "triệu lượt", "lượt", 1_100_000.0),
        (0.9, "tỷ USD", "triệu USD", 900.0),
        (2.0, "điểm %", "%", 2.0),
        (65.0, "triệu đồng/người/năm", "triệu đồng", 65.0),
        (3.0, "GWh", "triệu kWh", 3.0),
    ],
)
def test_convert_between_scales(value: float, source: str, target: str, expected: float) -> None:
    assert convert(value, source, target) == pytest.approx(expected)


@pytest.mark.parametrize(("source", "target"), [("tỷ đồng", "%"), ("ha", "tấn"), ("triệu USD", "tỷ đồng")])
def test_convert_refuses_other_quantities(source: str, target: str) -> None:
    assert convert(1.0, source, target) is None


@pytest.mark.parametrize(
    ("unit", "units", "role", "basis", "low", "high"),
    [
        ("triệu đồng", ("tỷ đồng",), "actual", None, 1.0, 1.0),
        ("%", ("tỷ đồng",), "change", "cùng kỳ", 0.9, 0.99),  # growth of a level
        ("%", ("tỷ đồng",), "actual", None, 0.0, 0.5),  # a level in % is another indicator
        ("xã", ("%",), "actual", None, 0.0, 0.0),  # a count is no rate
        ("điểm %", ("%",), "change", None, 1.0, 1.0),
        ("người", ("lao động",), "actual", None, 0.5, 0.7),  # another noun of count
    ],
)
def test_unit_fit(
    unit: str, units: tuple[str, ...], role: str, basis: str | None, low: float, high: float
) -> None:
    assert low <= unit_fit(unit, units, role, basis) <= high
