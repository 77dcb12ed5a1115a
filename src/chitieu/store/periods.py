"""The within-year figures of yearly targets, read from the store (months, quarters, halves,
9 months, years to date).

For each yearly level target (measure ``value``) the unit's own observations of the
indicator in the target's year and the year before are read (the best of each period,
as the assessment chooses: approved before submitted before draft, then the latest
written) and judged by :func:`chitieu.assess.periods.within_year` against the target's
value as the year plan, last year's year to date combined by the indicator's aggregation.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.assess.periods import WithinYear, within_year
from chitieu.domain import AGGREGATIONS, Period, Target
from chitieu.store.tables import IndicatorRow, ObservationRow

__all__ = ["periods_of"]

_STATE_RANK = {"approved": 3, "submitted": 2, "draft": 1}


def periods_of(session: Session, targets: Iterable[Target]) -> dict[int, list[WithinYear]]:
    """The within-year periods of each yearly value target that has any (by target id)."""
    out: dict[int, list[WithinYear]] = {}
    for t in targets:
        if t.period.kind != "year" or t.measure != "value":
            continue
        o = ObservationRow
        q = select(o.period_kind, o.year, o.number, o.value, o.state, o.id).where(
            o.indicator_id == t.indicator_id,
            o.unit_id == t.unit_id,
            o.measure == "value",
            o.period_kind != "year",
            o.year.in_([t.period.year, t.period.year - 1]),
        )
        best: dict[Period, tuple[float, tuple[int, int]]] = {}
        for kind, year, number, value, state, row_id in session.connection().execute(q):
            try:
                p = Period(year, kind, number)  # type: ignore[arg-type]
            except ValueError:  # a kind this version does not know
                continue
            rank = (_STATE_RANK.get(state, 0), row_id)
            if p not in best or rank > best[p][1]:
                best[p] = (value, rank)
        stored = session.get(IndicatorRow, t.indicator_id)
        aggregation = next((a for a in AGGREGATIONS if stored is not None and a == stored.aggregation), None)
        found = within_year({p: v for p, (v, _) in best.items()}, t.period.year, t.value, aggregation)
        if found:
            out[t.id] = found
    return out
