"""The briefing's charts: verdicts by domain, and key indicators over the years.

:func:`chart_data` picks what to draw (plain data in :class:`~chitieu.report.model.Chart`);
:func:`png` draws it with matplotlib (Agg, no display) in DejaVu Sans, which carries
Vietnamese, with numbers on the axes written the Vietnamese way.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Unit
from chitieu.report.model import NO_DATA, Chart, Series, TargetRow
from chitieu.text.numbers import format_number

__all__ = ["STATUS_COLOURS", "chart_data", "png"]

STATUSES = ("vượt", "đạt", "gần đạt", "không đạt", NO_DATA)
STATUS_COLOURS = {
    "vượt": "#1b7837",
    "đạt": "#7fbf7b",
    "gần đạt": "#f1b6da",
    "không đạt": "#c51b7d",
    NO_DATA: "#bdbdbd",
}
_STATE_RANK = {"approved": 3, "submitted": 2, "draft": 1}
TREND_YEARS = 6
TREND_COUNT = 4


def _status_chart(rows: Sequence[TargetRow], titles: Mapping[str, str]) -> Chart | None:
    if not rows:
        return None
    domains: list[str] = []
    for r in rows:
        if r.domain not in domains:
            domains.append(r.domain)
    series = tuple(
        Series(
            status,
            tuple(
                (titles.get(d, d), float(sum(1 for r in rows if r.domain == d and r.status == status)))
                for d in domains
            ),
        )
        for status in STATUSES
        if any(r.status == status for r in rows)
    )
    return Chart(
        "status_by_domain",
        "Kết quả thực hiện các chỉ tiêu theo lĩnh vực (số chỉ tiêu)",
        "status_by_domain",
        series,
    )


def _trend_chart(session: Session, unit: Unit, year: int, preferred: Sequence[Indicator]) -> Chart | None:
    from chitieu.store.tables import IndicatorRow, ObservationRow

    o = ObservationRow
    q = select(o.indicator_id, o.year, o.value, o.state, o.id).where(
        o.unit_id == unit.id,
        o.period_kind == "year",
        o.measure == "value",
        o.year.in_(list(range(year - TREND_YEARS + 1, year + 1))),
    )
    best: dict[tuple[int, int], tuple[tuple[int, int], float]] = {}
    for ind, y, value, state, row_id in session.connection().execute(q):
        rank = (_STATE_RANK.get(state, 0), row_id)
        cur = best.get((ind, y))
        if cur is None or rank > cur[0]:
            best[(ind, y)] = (rank, value)
    years: dict[int, list[tuple[int, float]]] = {}
    for (ind, y), (_, value) in best.items():
        years.setdefault(ind, []).append((y, value))
    order = {ind.id: i for i, ind in enumerate(preferred)}
    candidates = [i for i, ys in years.items() if len(ys) >= 2]
    candidates.sort(key=lambda i: (i not in order, -len(years[i]), order.get(i, 0), i))
    chosen = candidates[:TREND_COUNT]
    if not chosen:
        return None
    names = {
        r.id: (r.name, r.unit)
        for r in session.scalars(select(IndicatorRow).where(IndicatorRow.id.in_(chosen)))
    }
    series = tuple(
        Series(names[i][0], tuple((str(y), v) for y, v in sorted(years[i])), names[i][1]) for i in chosen
    )
    return Chart("trend", f"Một số chỉ tiêu chủ yếu qua các năm đến năm {year}", "trend", series)


def chart_data(
    session: Session,
    unit: Unit,
    year: int,
    rows: Sequence[TargetRow],
    targeted: Sequence[Indicator],
    titles: Mapping[str, str],
) -> tuple[Chart, ...]:
    """The charts of a briefing: verdicts by domain (when there are targets) and key indicators' trends."""
    charts = [_status_chart(rows, titles), _trend_chart(session, unit, year, targeted)]
    return tuple(c for c in charts if c is not None)


def _vn(x: float, _pos: Any = None) -> str:
    return format_number(round(x, 6) if abs(x) >= 1e-9 else 0.0)


def _short(label: str, width: int = 38) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def png(chart: Chart, *, dpi: int = 110) -> bytes:
    """The chart drawn as PNG bytes (about 16 x 9 cm)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(6.3, 3.6), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.suptitle(chart.title, fontsize=10, fontfamily="DejaVu Sans")
    if chart.kind == "status_by_domain":
        ax = fig.add_subplot(1, 1, 1)
        labels = [_short(c, 22) for c, _ in chart.series[0].points] if chart.series else []
        bottom = [0.0] * len(labels)
        for s in chart.series:
            values = [v for _, v in s.points]
            ax.barh(labels, values, left=bottom, color=STATUS_COLOURS.get(s.label, "#888888"), label=s.label)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(_vn))
        ax.legend(fontsize=7, loc="lower right", frameon=False)
        ax.tick_params(labelsize=7)
    else:
        n = len(chart.series)
        cols = 2 if n > 1 else 1
        rows_ = (n + cols - 1) // cols
        for i, s in enumerate(chart.series):
            ax = fig.add_subplot(rows_, cols, i + 1)
            xs = [x for x, _ in s.points]
            ax.plot(xs, [v for _, v in s.points], marker="o", color="#2166ac")
            ax.set_title(_short(s.label) + (f" ({s.unit})" if s.unit else ""), fontsize=7)
            ax.yaxis.set_major_formatter(FuncFormatter(_vn))
            ax.tick_params(labelsize=6)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
