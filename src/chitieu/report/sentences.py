"""Sentences of the briefing: results read from observations, and next year's targets.

Results with a target of the year are phrased by :func:`chitieu.assess.phrasing.sentence`
(the verdict against the plan); the figures the report stated itself (``đạt 100,65% kế
hoạch``, ``vượt 3,4% kế hoạch``, ``tăng 3,24% so cùng kỳ``) and results without a target
are phrased here, the same way::

    Tổng giá trị sản xuất ngành thủy sản đạt 6.215 tỷ đồng, vượt 3,4% kế hoạch, tăng 5,8% so cùng kỳ.
    Tỷ lệ thất nghiệp khu vực thành thị dưới 2,5%.

Stored values are written as the source gave them (no rounding beyond float noise);
computed ones (attainment, change) are rounded to two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

from chitieu.assess.phrasing import fmt, target_text
from chitieu.domain import Assessment, Indicator, Target
from chitieu.report.model import Figure, Role, Sentence
from chitieu.text.normalize import fold
from chitieu.text.numbers import format_number

__all__ = ["ObservedFigures", "num", "result_sentence", "target_cell", "target_sentence", "with_unit"]


def num(x: float) -> str:
    """A stored number the Vietnamese way, with the decimals it has (``1.254`` -> ``1,254``)."""
    r = round(x, 6)
    return format_number(0.0 if r == 0 else r)


def with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


@dataclass(frozen=True, slots=True)
class ObservedFigures:
    """What the report stated about one indicator in one year: a level and what goes with it."""

    value: float | None = None
    estimate: bool = False
    attainment: tuple[tuple[float, str | None], ...] = ()  # (percent, basis)
    excess: tuple[tuple[float, str | None], ...] = ()
    change: tuple[tuple[float, str | None], ...] = ()

    @property
    def empty(self) -> bool:
        return self.value is None and not (self.attainment or self.excess or self.change)


def _against(basis: str | None) -> str:
    if basis in (None, "", "cùng kỳ"):
        return "so cùng kỳ"
    if basis == "năm trước":
        return "so với năm trước"
    return f"so {basis}"


def _extra_clauses(obs: ObservedFigures, skip: str) -> tuple[list[str], list[Figure]]:
    """Clauses for the attainment, excess and change figures whose number is not in ``skip``."""
    clauses: list[str] = []
    figures: list[Figure] = []

    def add(text: str, fig: Figure) -> None:
        figures.append(fig)
        if f"{fig.role} {fig.text}" not in skip:
            clauses.append(text)

    for value, basis in obs.attainment:
        t = num(value)
        if basis == "cùng kỳ":
            add(f"bằng {t}% so cùng kỳ", Figure(value, t, "bằng", "attainment"))
        else:
            add(f"đạt {t}% {basis or 'kế hoạch'}", Figure(value, t, "đạt", "attainment"))
    for value, basis in obs.excess:
        t = num(value)
        add(f"vượt {t}% {basis or 'kế hoạch'}", Figure(value, t, "vượt", "excess"))
    for value, basis in obs.change:
        t = num(abs(value))
        if value == 0:
            clauses.append(f"bằng {'cùng kỳ' if basis in (None, 'cùng kỳ') else 'năm trước'}")
            continue
        role: Role = "tăng" if value > 0 else "giảm"
        add(f"{role} {t}% {_against(basis)}", Figure(value, t, role, "change"))
    return clauses, figures


def result_sentence(
    indicator: Indicator,
    obs: ObservedFigures,
    assessment: Assessment | None = None,
) -> Sentence:
    """The sentence about ``indicator``'s result: the assessment's, completed by the stated figures."""
    unit = indicator.unit
    figures: list[Figure] = []
    if assessment is not None and assessment.actual is not None:
        text = assessment.sentence.rstrip(".")
        if obs.value is not None and fmt(obs.value) != num(obs.value):
            # the verdict rounds to two decimals; keep the figure as the source gave it
            text = text.replace(f"đạt {fmt(obs.value)}", f"đạt {num(obs.value)}", 1)
        actual = obs.value if obs.value is not None else assessment.actual
        if assessment.target.measure == "value":
            figures.append(Figure(actual, num(actual), "đạt", "value"))
        parts = [text]
    elif obs.value is not None:
        verb = "ước đạt" if obs.estimate else "đạt"
        parts = [f"{indicator.name} {verb} {with_unit(num(obs.value), unit)}"]
        figures.append(Figure(obs.value, num(obs.value), "đạt", "value"))
    else:
        parts = [indicator.name]
    clauses, extra = _extra_clauses(obs, parts[0])
    figures.extend(extra)
    if len(parts) == 1 and parts[0] == indicator.name:
        # no level: "Chỉ số sản xuất công nghiệp tăng 9,6% so cùng kỳ."
        prefix = "ước " if obs.estimate else ""
        text = f"{indicator.name} {prefix}{', '.join(clauses)}." if clauses else f"{indicator.name}."
        return Sentence(text, indicator.name, indicator.id, tuple(figures))
    return Sentence(", ".join(parts + clauses) + ".", indicator.name, indicator.id, tuple(figures))


def _target_amount(target: Target, indicator: Indicator) -> str:
    """The target without its basis: ``tăng 8 - 8,5%``, ``trên 74 triệu đồng/người/năm``."""
    text = target_text(target, indicator)
    basis = target.basis or "kế hoạch"
    return text[len(basis) + 1 :]


def target_sentence(target: Target, indicator: Indicator) -> Sentence:
    """Next year's target as a sentence: ``Tỷ lệ thất nghiệp khu vực thành thị dưới 2,5%.``"""
    amount = _target_amount(target, indicator)
    numbers = [v for v in (target.value, target.low, target.high) if v is not None]
    for v in numbers:
        if fmt(v) != num(v):
            amount = amount.replace(fmt(v), num(v), 1)
    name = indicator.name
    for word in ("không quá", "dưới", "trên", "ít nhất"):
        if fold(name).endswith(" " + fold(word)) and fold(amount).startswith(fold(word)):
            name = name[: -len(word)].rstrip()  # "Tỷ lệ nợ xấu không quá" + "không quá 3%"
    if amount.startswith(("tăng ", "dưới ", "không quá ")):
        text = f"{name} {amount}."
    else:
        text = f"{name} đạt {amount}."
    figures = tuple(Figure(v, num(v), "chỉ tiêu", "target") for v in numbers)
    return Sentence(text, indicator.name, indicator.id, figures)


def target_cell(target: Target, indicator: Indicator) -> str:
    """The target as the table shows it: ``Nghị quyết tăng 7 - 7,5%``."""
    text = target_text(target, indicator)
    for v in (target.value, target.low, target.high):
        if v is not None and fmt(v) != num(v):
            text = text.replace(fmt(v), num(v), 1)
    return text
