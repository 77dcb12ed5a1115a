"""A choropleth of the 34 provinces: classes, colours, legend and hover texts from values or statuses.

The shapes are ``data/provinces.json`` (see ``data/SOURCE.md``); this module only
decides what each shape shows, so the web page stays a thin template over
:func:`choropleth`.

By value the provinces with a figure are split into up to five classes holding about
as many provinces each (quantiles; fewer classes when there are fewer distinct
values) and coloured from light (low) to dark (high), whatever the indicator's
direction; by status each province takes the colour of its assessment. A province
without a figure is grey and its hover text says so.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from chitieu.geo.units import provinces
from chitieu.text.numbers import format_number

__all__ = [
    "NO_DATA",
    "PALETTE",
    "STATUS_FILL",
    "Choropleth",
    "LegendItem",
    "MapLabel",
    "Mode",
    "Region",
    "choropleth",
    "class_breaks",
    "shapes",
]

Mode = Literal["value", "status"]
DATA = Path(__file__).parent / "data" / "provinces.json"
# light to dark: low values to high values
PALETTE = ("#cfe0f1", "#9ec2e3", "#6a9fd0", "#3b78b5", "#174f8a")
NO_DATA = "#d4d7da"
NO_DATA_LABEL = "Chưa có số liệu"
STATUS_FILL = {
    "vượt": "#0b6b3a",
    "đạt": "#7cc591",
    "gần đạt": "#e9c85a",
    "không đạt": "#d9544a",
    "chưa có số liệu": NO_DATA,
}


@dataclass(frozen=True, slots=True)
class Region:
    """One province on the map: its shape, what it shows and the text read on hover."""

    key: str
    name: str
    path: str
    value: float | None
    status: str | None
    fill: str
    title: str  # "Tỉnh Cao Bằng: 1.234,5 tỷ đồng (đạt)"


@dataclass(frozen=True, slots=True)
class LegendItem:
    fill: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class MapLabel:
    """A name written on the map, and the box drawn round the islands it names (x, y, width, height)."""

    text: str
    x: float
    y: float
    box: tuple[float, float, float, float]
    dots: tuple[tuple[float, float], ...] = ()  # where its islands are (each too small to see)


@dataclass(frozen=True, slots=True)
class Choropleth:
    mode: Mode
    width: int
    height: int
    regions: tuple[Region, ...]
    legend: tuple[LegendItem, ...]
    labels: tuple[MapLabel, ...]
    source: str

    @property
    def has_data(self) -> bool:
        return any(r.value is not None or r.status not in (None, "chưa có số liệu") for r in self.regions)


@functools.cache
def shapes() -> dict[str, Any]:
    """The shipped shapes, read once."""
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def class_breaks(values: list[float], classes: int = len(PALETTE)) -> list[float]:
    """The upper bounds of up to ``classes`` quantile classes (the last is the maximum)."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    n = min(classes, len(distinct))
    ordered = sorted(values)
    breaks: list[float] = []
    for i in range(1, n + 1):
        b = ordered[min(len(ordered) - 1, round(i * len(ordered) / n) - 1)]
        if not breaks or b > breaks[-1]:
            breaks.append(b)
    if breaks[-1] != distinct[-1]:
        breaks.append(distinct[-1])
    return breaks


def _fmt(x: float) -> str:
    return format_number(round(x, 2))


def _class_of(value: float, breaks: list[float]) -> int:
    return next(i for i, b in enumerate(breaks) if value <= b)


def _shade(i: int, n: int) -> str:
    """The colour of class ``i`` of ``n``: spread over the palette, the first light, the last dark."""
    if n == 1:
        return PALETTE[len(PALETTE) // 2]
    return PALETTE[round(i * (len(PALETTE) - 1) / (n - 1))]


def choropleth(
    values: Mapping[str, float | None],
    statuses: Mapping[str, str] | None = None,
    *,
    mode: Mode = "value",
    unit_of_measure: str = "",
) -> Choropleth:
    """The map of the 34 provinces for figures (and statuses) keyed by province key ("01", "08"...)."""
    statuses = statuses or {}
    data = shapes()
    paths = {s["key"]: s["d"] for s in data["provinces"]}
    present = [v for v in values.values() if v is not None]
    breaks = class_breaks(present)
    unit = f" {unit_of_measure}" if unit_of_measure else ""
    regions: list[Region] = []
    for p in provinces("2025"):
        value = values.get(p.key)
        status = statuses.get(p.key)
        if mode == "status":
            fill = STATUS_FILL.get(status or "chưa có số liệu", NO_DATA)
        else:
            fill = NO_DATA if value is None else _shade(_class_of(value, breaks), len(breaks))
        text = NO_DATA_LABEL.lower() if value is None else _fmt(value) + unit
        if status and status != "chưa có số liệu":
            text += f" ({status})"
        regions.append(Region(p.key, p.name, paths[p.key], value, status, fill, f"{p.name}: {text}"))
    return Choropleth(
        mode=mode,
        width=int(data["width"]),
        height=int(data["height"]),
        regions=tuple(regions),
        legend=_legend(regions, breaks, mode, unit),
        labels=tuple(
            MapLabel(
                x["text"],
                float(x["x"]),
                float(x["y"]),
                tuple(float(v) for v in x["box"]),  # type: ignore[arg-type]
                tuple((float(a), float(b)) for a, b in x["dots"]),
            )
            for x in data["labels"]
        ),
        source=str(data["source"]),
    )


def _legend(regions: list[Region], breaks: list[float], mode: Mode, unit: str) -> tuple[LegendItem, ...]:
    def count(fill: str) -> int:
        return sum(1 for r in regions if r.fill == fill)

    items: list[LegendItem] = []
    if mode == "status":
        items = [
            LegendItem(fill, status, count(fill)) for status, fill in STATUS_FILL.items() if fill != NO_DATA
        ]
    else:
        low = min((r.value for r in regions if r.value is not None), default=None)
        for i, b in enumerate(breaks):
            start = low if i == 0 else breaks[i - 1]
            label = (
                f"{_fmt(b)}{unit}"
                if start is None or start == b
                else f"{'từ ' if i == 0 else 'trên '}{_fmt(start)} đến {_fmt(b)}{unit}"
            )
            fill = _shade(i, len(breaks))
            items.append(
                LegendItem(fill, label, sum(1 for r in regions if r.value is not None and r.fill == fill))
            )
    items.append(LegendItem(NO_DATA, NO_DATA_LABEL, count(NO_DATA)))
    return tuple(items)
