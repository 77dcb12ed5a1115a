"""Publishing results in the formats other systems read.

* Open SDG tidy CSV: one file per indicator (``indicator_<code>.csv``) with columns
  ``Year``, ``Units``, ``Đơn vị hành chính`` (a disaggregation) and ``Value``; yearly
  figures only (Open SDG keys data by year). Written to a folder, or as one CSV with an
  ``Indicator`` column first.
* DHIS2 ``dataValueSets`` JSON: ``{"dataValues": [{"dataElement", "period", "orgUnit",
  "value", "comment"}]}``; periods as DHIS2 writes them (``2019``, ``201903``,
  ``2019Q1``, ``2019S1``); nine-month figures have no DHIS2 period type and are left out.
  Data elements are the indicator codes (``CT<id>`` without one), org units the unit
  codes (``DV<id>``).
* SDMX-CSV (version 1): ``DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,
  UNIT_MEASURE,OBS_STATUS`` with ``TIME_PERIOD`` in ISO form (``2019``, ``2019-M03``,
  ``2019-Q1``, ``2019-S1``) and ``OBS_STATUS`` ``E`` for estimates, ``A`` otherwise;
  nine-month figures are left out here too.

Only results (measure ``value``) are exported, one per indicator, unit and period:
approved before submitted before draft, then the latest.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.domain import Period
from chitieu.store.tables import IndicatorRow, ObservationRow, UnitRow

__all__ = ["ExportRow", "dhis2", "export_rows", "opensdg", "sdmx_csv"]

_RANK = {"approved": 3, "submitted": 2, "draft": 1}
DATAFLOW = "CHITIEU:DF_CHITIEU(1.0)"


@dataclass(frozen=True, slots=True)
class ExportRow:
    indicator_id: int
    indicator_code: str
    indicator: str
    unit_of_measure: str
    org_id: int
    org_code: str
    org: str
    period: Period
    value: float
    estimate: bool
    state: str
    source: str


def export_rows(session: Session, *, states: Iterable[str] | None = None) -> list[ExportRow]:
    """The chosen result of every indicator, unit and period, sorted."""
    q = (
        select(ObservationRow, IndicatorRow, UnitRow)
        .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
        .join(UnitRow, UnitRow.id == ObservationRow.unit_id)
        .where(ObservationRow.measure == "value")
    )
    if states is not None:
        q = q.where(ObservationRow.state.in_(list(states)))
    best: dict[tuple[int, int, str, int, int], tuple[tuple[int, int], ExportRow]] = {}
    for o, i, u in session.execute(q):
        row = ExportRow(
            i.id, i.code or f"CT{i.id}", i.name, i.unit, u.id, u.code or f"DV{u.id}", u.name,
            Period(o.year, o.period_kind, o.number), o.value, o.estimate, o.state, o.source,  # type: ignore[arg-type]
        )  # fmt: skip
        k = (i.id, u.id, o.period_kind, o.year, o.number)
        rank = (_RANK.get(o.state, 0), o.id)
        if k not in best or rank > best[k][0]:
            best[k] = (rank, row)
    rows = [r for _, r in best.values()]
    rows.sort(key=lambda r: (r.indicator_code, r.org, r.period.sort_key()))
    return rows


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _slug(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", code).strip("-") or "x"


def opensdg(
    rows: Iterable[ExportRow], *, folder: Path | None = None, stream: IO[str] | None = None
) -> list[Path]:
    """Write Open SDG tidy CSV: files into ``folder`` (returned), or one CSV to ``stream``."""
    yearly = [r for r in rows if r.period.kind == "year"]
    if folder is None:
        assert stream is not None
        w = csv.writer(stream, lineterminator="\n")
        w.writerow(["Indicator", "Year", "Units", "Đơn vị hành chính", "Value"])
        for r in yearly:
            w.writerow([r.indicator_code, r.period.year, r.unit_of_measure, r.org, _plain(r.value)])
        return []
    folder.mkdir(parents=True, exist_ok=True)
    by_code: dict[str, list[ExportRow]] = {}
    for r in yearly:
        by_code.setdefault(r.indicator_code, []).append(r)
    written = []
    for code, items in by_code.items():
        path = folder / f"indicator_{_slug(code)}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["Year", "Units", "Đơn vị hành chính", "Value"])
            for r in sorted(items, key=lambda r: (r.period.year, r.org)):
                w.writerow([r.period.year, r.unit_of_measure, r.org, _plain(r.value)])
        written.append(path)
    return written


def dhis2_period(p: Period) -> str | None:
    if p.kind == "year":
        return str(p.year)
    if p.kind == "month":
        return f"{p.year}{p.number:02d}"
    if p.kind == "quarter":
        return f"{p.year}Q{p.number}"
    if p.kind == "half":
        return f"{p.year}S{p.number}"
    return None


def dhis2(rows: Iterable[ExportRow]) -> dict[str, Any]:
    """A DHIS2 ``dataValueSets`` payload."""
    values = []
    for r in rows:
        period = dhis2_period(r.period)
        if period is None:
            continue
        comment = f"{r.indicator} ({r.unit_of_measure}); {r.state}; {r.source}" + (
            "; ước tính" if r.estimate else ""
        )
        values.append(
            {"dataElement": r.indicator_code, "period": period, "orgUnit": r.org_code, "value": _plain(r.value),
             "comment": comment}
        )  # fmt: skip
    return {"dataValues": values}


def sdmx_period(p: Period) -> tuple[str, str] | None:
    """(FREQ, TIME_PERIOD) in SDMX notation; ``None`` for nine months (no SDMX frequency)."""
    if p.kind == "year":
        return "A", str(p.year)
    if p.kind == "month":
        return "M", f"{p.year}-M{p.number:02d}"
    if p.kind == "quarter":
        return "Q", f"{p.year}-Q{p.number}"
    if p.kind == "half":
        return "S", f"{p.year}-S{p.number}"
    return None


def _sdmx_lines(rows: Iterable[ExportRow]) -> Iterator[list[str]]:
    yield [
        "DATAFLOW",
        "FREQ",
        "REF_AREA",
        "INDICATOR",
        "TIME_PERIOD",
        "OBS_VALUE",
        "UNIT_MEASURE",
        "OBS_STATUS",
    ]
    for r in rows:
        code = sdmx_period(r.period)
        if code is None:
            continue
        freq, period = code
        status = "E" if r.estimate else "A"
        yield [
            DATAFLOW,
            freq,
            r.org_code,
            r.indicator_code,
            period,
            _plain(r.value),
            r.unit_of_measure,
            status,
        ]


def sdmx_csv(rows: Iterable[ExportRow], stream: IO[str]) -> None:
    w = csv.writer(stream, lineterminator="\n")
    for line in _sdmx_lines(rows):
        w.writerow(line)
