"""Reading a comparison across units from the store: the indicator by its code, every unit's figure.

:func:`compare` is what ``chitieu compare`` and the page ``/so-sanh`` call; the ranking
itself is :func:`chitieu.assess.compare.rank`.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chitieu.assess.compare import Comparison, rank
from chitieu.domain import Indicator
from chitieu.errors import ValidationError
from chitieu.store import repo, service
from chitieu.store.tables import ObservationRow, TargetRow

__all__ = ["compare", "find_indicator", "years_of"]


def find_indicator(session: Session, text: str) -> Indicator:
    """The indicator with this code (any case), id, or name; a clear error when there is none."""
    wanted = text.strip()
    catalogue = repo.indicators(session)
    for ind in catalogue:
        if ind.code is not None and ind.code.casefold() == wanted.casefold():
            return ind
    for ind in catalogue:
        if str(ind.id) == wanted or repo.key(ind.name) == repo.key(wanted):
            return ind
    raise ValidationError(
        f"Không có chỉ tiêu nào có mã hoặc tên “{wanted}”.", f"No indicator with code or name “{wanted}”."
    )


def years_of(session: Session, indicator_id: int) -> list[int]:
    """The years with a yearly figure or target of the indicator, newest first."""
    years: set[int] = set()
    for table in (ObservationRow, TargetRow):
        years |= set(
            session.scalars(select(func.distinct(table.year)).where(table.indicator_id == indicator_id))
        )
    return sorted(years, reverse=True)


def compare(session: Session, indicator: Indicator, year: int, *, level: str | None = None) -> Comparison:
    """Every unit's figure of ``indicator`` in ``year`` (of ``level`` if given), ranked, with status and trajectory."""
    if not 1900 <= year <= 2200:
        raise ValidationError(f"Năm không hợp lệ: {year}.", f"Invalid year: {year}.")
    found = service.across_units(session, indicator, year, level=level)
    return rank(indicator, year, ((f.unit, f.value, f.estimate, f.assessment) for f in found))
