"""The portal's indicator chart: inline SVG drawn on the server (no JavaScript).

Results are a line with a dot a year, the plan's numbers a diamond a year (a bar for a
range), the trajectory a dashed line from the latest result to the furthest target's
year at the actual rate. Every mark has a ``<title>`` with its value the Vietnamese way;
the same figures are in the page's table for screen readers.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from chitieu.assess.trajectory import projected_at
from chitieu.exchange.portal import IndicatorSeries
from chitieu.web.render import num

__all__ = ["HEIGHT", "WIDTH", "series_svg"]

WIDTH, HEIGHT = 640, 300
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 16, 16, 40
ACTUAL, TARGET, PROJECTION = "#1f5fa8", "#c0392b", "#7f8c8d"


def _nice_step(span: float, count: int = 4) -> float:
    """A round step (1, 2, 2,5 or 5 times a power of ten) giving about ``count`` intervals over ``span``."""
    raw = span / count if span > 0 else 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _ticks(low: float, high: float) -> list[float]:
    """Round ticks from ``low`` (rounded down) to at least ``high``."""
    step = _nice_step(high - low)
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - 1e-9 * step:
        ticks.append(start + step * len(ticks))
    return ticks


def series_svg(series: IndicatorSeries, *, chart_id: str = "bieu-do") -> Markup:
    """The chart of ``series`` as an ``<svg>`` element (``role="img"``, titled)."""
    ind, unit = series.indicator, series.indicator.unit
    known = [r.year for r in series.rows]
    path = series.trajectory
    if path is not None and path.actual_rate is not None:
        known.append(path.target_year)
    years = list(range(min(known), max(known) + 1)) if known else []  # every year: the x axis is to scale
    values: list[float] = []
    for r in series.rows:
        if r.actual is not None:
            values.append(r.actual.value)
        if r.target is not None and r.target.measure == "value":
            values += [v for v in (r.target.value, r.target.low, r.target.high) if v is not None]
    projection = {y: v for y in years if path is not None and (v := projected_at(path, y)) is not None}
    values += projection.values()
    title = f"{ind.name} ({unit}), {series.unit.name}: thực hiện và chỉ tiêu theo năm"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{chart_id}-tieu-de" class="portal-chart"><title id="{chart_id}-tieu-de">'
            f"{escape(title)}</title>")  # fmt: skip
    if not years or not values:
        return Markup(
            head
            + f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">Chưa có số liệu.</text></svg>'
        )
    ticks = _ticks(min(0.0, min(values)), max(values) or 1.0)
    low, high = ticks[0], ticks[-1]
    span_x = WIDTH - _LEFT - _RIGHT
    span_y = HEIGHT - _TOP - _BOTTOM

    def x(year: int) -> float:
        return _LEFT + (span_x * (years.index(year) + 0.5) / len(years))

    def y(value: float) -> float:
        return _TOP + span_y * (1 - (value - low) / (high - low))

    parts = [head, '<g class="axes" font-size="11" fill="#444">']
    for tick in ticks:
        parts.append(f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>'
                     f'<text x="{_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{escape(num(tick, 1))}</text>')  # fmt: skip
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - _BOTTOM + 16}" text-anchor="middle">{year}</text>'
        )
    parts.append("</g>")
    actual = [(r.year, r.actual.value) for r in series.rows if r.actual is not None]
    if len(actual) > 1:
        points = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in actual)
        parts.append(
            f'<polyline class="actual" points="{points}" fill="none" stroke="{ACTUAL}" stroke-width="2"/>'
        )
    if len(projection) > 1:
        points = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in sorted(projection.items()))
        parts.append(f'<polyline class="projection" points="{points}" fill="none" stroke="{PROJECTION}" '
                     f'stroke-width="2" stroke-dasharray="6 4"><title>Xu hướng với tốc độ hiện nay</title></polyline>')  # fmt: skip
    for r in series.rows:
        t = r.target
        if t is None or t.measure != "value":
            continue
        label = escape(f"Chỉ tiêu {r.year}: {r.target_text}")
        if t.op == "between" and t.low is not None and t.high is not None:
            parts.append(f'<rect class="target" x="{x(r.year) - 5:.1f}" y="{y(max(t.low, t.high)):.1f}" width="10" '
                         f'height="{abs(y(t.low) - y(t.high)) or 2:.1f}" fill="{TARGET}" opacity="0.5"><title>{label}</title></rect>')  # fmt: skip
        elif t.value is not None:
            cx, cy = x(r.year), y(t.value)
            parts.append(f'<path class="target" d="M{cx:.1f},{cy - 6:.1f} l6,6 l-6,6 l-6,-6 z" fill="{TARGET}">'
                         f"<title>{label}</title></path>")  # fmt: skip
    for yr, v in actual:
        label = escape(f"Thực hiện {yr}: {num(v)} {unit}".strip())
        parts.append(
            f'<circle class="actual" cx="{x(yr):.1f}" cy="{y(v):.1f}" r="4" fill="{ACTUAL}"><title>{label}</title></circle>'
        )
    legend_y = HEIGHT - 8
    parts.append(f'<g class="legend" font-size="11"><circle cx="{_LEFT}" cy="{legend_y - 4}" r="4" fill="{ACTUAL}"/>'
                 f'<text x="{_LEFT + 8}" y="{legend_y}">Thực hiện</text>'
                 f'<path d="M{_LEFT + 90},{legend_y - 10} l6,6 l-6,6 l-6,-6 z" fill="{TARGET}"/>'
                 f'<text x="{_LEFT + 100}" y="{legend_y}">Chỉ tiêu</text>'
                 f'<line x1="{_LEFT + 170}" x2="{_LEFT + 196}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{PROJECTION}" '
                 f'stroke-width="2" stroke-dasharray="6 4"/><text x="{_LEFT + 202}" y="{legend_y}">Xu hướng</text></g>')  # fmt: skip
    parts.append("</svg>")
    return Markup("".join(parts))
