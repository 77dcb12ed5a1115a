"""The full verdict on one target: status, attainment, change, warnings and the sentence.

:func:`assess` applies the rules of :mod:`chitieu.assess.core` and phrases the result
with :mod:`chitieu.assess.phrasing`; both of those depend only on the rules, so the
modules form no import cycle.
"""

from __future__ import annotations

import dataclasses

from chitieu.assess.core import TOLERANCE, change_on, evaluate, status_of_attainment
from chitieu.assess.phrasing import sentence
from chitieu.domain import Assessment, Indicator, Target
from chitieu.text.numbers import format_number

__all__ = ["CONSISTENCY_POINTS", "assess", "consistency_warning"]


def assess(
    target: Target,
    indicator: Indicator,
    *,
    unit_name: str,
    actual: float | None,
    previous: float | None = None,
    reported_change: float | None = None,
    stated_attainment: float | None = None,
    estimate: bool = False,
    tolerance: float = TOLERANCE,
) -> Assessment:
    """The full verdict on ``target``: status, attainment, change, and the official's sentence.

    ``actual`` is the result for the target's period in the target's measure (the
    level, or the growth for a growth target); ``previous`` the same figure for the same
    period a year earlier; ``reported_change`` a change the source itself stated, used
    when ``previous`` is unknown; ``stated_attainment`` the attainment (%) the source
    stated ("đạt 89,81% kế hoạch"), used when no actual is known, and compared with the
    computed one otherwise: a gap of more than :data:`CONSISTENCY_POINTS` is a warning.
    """
    status, attainment = evaluate(
        target.op,
        target.value,
        target.low,
        target.high,
        actual,
        direction=indicator.direction,
        tolerance=tolerance,
    )
    warnings: tuple[str, ...] = ()
    if attainment is None and stated_attainment is not None and actual is None:
        status, attainment = status_of_attainment(stated_attainment, tolerance), stated_attainment
    elif (
        attainment is not None
        and stated_attainment is not None
        and abs(attainment - stated_attainment) > CONSISTENCY_POINTS
    ):
        warnings = (consistency_warning(stated_attainment, attainment),)
    points = (target.unit_of_measure or indicator.unit) == "%" and target.measure == "value"
    change = change_on(actual, previous, points=points)
    if change is None and reported_change is not None and actual is not None:
        change, points = reported_change, False
    result = Assessment(
        indicator=indicator.name,
        unit=unit_name,
        period=target.period,
        target=target,
        actual=actual,
        status=status,
        attainment=attainment,
        change=change,
        change_is_points=points and change is not None,
        previous=previous,
        estimate=estimate,
        unit_of_measure=target.unit_of_measure or indicator.unit,
        stated_attainment=stated_attainment,
        warnings=warnings,
    )
    return _with_sentence(result, sentence(result, indicator))


CONSISTENCY_POINTS = 1.0  # stated and computed attainment may differ by rounding, not more


def consistency_warning(stated: float, computed: float) -> str:
    """The warning shown where a report's stated attainment disagrees with the figures."""
    return (
        f"Tỷ lệ đạt nêu trong báo cáo ({format_number(round(stated, 2))}%) khác tỷ lệ tính từ số liệu "
        f"({format_number(round(computed, 2))}%), lệch {format_number(round(abs(stated - computed), 2))} điểm %"
    )


def _with_sentence(a: Assessment, text: str) -> Assessment:
    return dataclasses.replace(a, sentence=text)
