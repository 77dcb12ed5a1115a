"""Classes, colours, legend and hover texts of the province map."""

from __future__ import annotations

import pytest

from chitieu.geo.choropleth import NO_DATA, PALETTE, STATUS_FILL, choropleth, class_breaks, shapes
from chitieu.geo.units import provinces


@pytest.mark.parametrize(
    ("values", "breaks"),
    [
        ([], []),
        ([5.0], [5.0]),
        ([1.0, 2.0], [1.0, 2.0]),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], [2.0, 4.0, 6.0, 8.0, 10.0]),
        ([3.0, 3.0, 3.0, 9.0], [3.0, 9.0]),
    ],
)
def test_choropleth_class_breaks_quantiles(values: list[float], breaks: list[float]) -> None:
    assert class_breaks(values) == breaks


def test_choropleth_shapes_one_path_per_province() -> None:
    data = shapes()
    assert [s["key"] for s in data["provinces"]] == [p.key for p in provinces("2025")]
    assert all(s["d"].startswith("M") and s["d"].endswith("Z") for s in data["provinces"])


def test_choropleth_colours_follow_values() -> None:
    keys = [p.key for p in provinces("2025")]
    values = {k: float(i) for i, k in enumerate(keys[:10])}
    chart = choropleth(values, unit_of_measure="tỷ đồng")
    fills = {r.key: r.fill for r in chart.regions}
    assert fills[keys[0]] == PALETTE[0] and fills[keys[9]] == PALETTE[-1]
    order = [PALETTE.index(fills[k]) for k in keys[:10]]
    assert order == sorted(order)  # higher values never lighter
    assert all(fills[k] == NO_DATA for k in keys[10:])
    first = next(r for r in chart.regions if r.key == keys[9])
    assert first.title == f"{first.name}: 9 tỷ đồng"
    assert chart.legend[-1].label == "Chưa có số liệu" and chart.legend[-1].count == 24
    assert sum(item.count for item in chart.legend) == 34
    assert chart.legend[0].label == "từ 0 đến 1 tỷ đồng"


def test_choropleth_status_mode_and_vietnamese_numbers() -> None:
    chart = choropleth(
        {"01": 1234.5, "04": 0.25}, {"01": "đạt", "04": "không đạt"}, mode="status", unit_of_measure="%"
    )
    by_key = {r.key: r for r in chart.regions}
    assert by_key["01"].fill == STATUS_FILL["đạt"] and by_key["04"].fill == STATUS_FILL["không đạt"]
    assert by_key["01"].title == "Thành phố Hà Nội: 1.234,5 % (đạt)"
    assert by_key["04"].title == "Tỉnh Cao Bằng: 0,25 % (không đạt)"
    assert [i.label for i in chart.legend][:4] == ["vượt", "đạt", "gần đạt", "không đạt"]


def test_choropleth_no_data_is_all_grey() -> None:
    chart = choropleth({})
    assert not chart.has_data
    assert len(chart.regions) == 34 and {r.fill for r in chart.regions} == {NO_DATA}
    assert [(i.label, i.count) for i in chart.legend] == [("Chưa có số liệu", 34)]
