"""What a document is, from its title block: a plan or a report, and of which period.

A resolution or plan ("Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm
2025") is targets from end to end, save the parts that say they report results;
a report ("Báo cáo tình hình kinh tế - xã hội 9 tháng đầu năm 2024") is results,
save the parts that announce targets. The period of the title governs every
figure that no heading or sentence dates otherwise; where the title names none,
the date line does (a plan dated late in a year is about the next one).
The words that tell the kinds apart are data (``lexicon/structure.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from chitieu.extract.lexicon import phrase_class
from chitieu.extract.periods import PeriodMention, find_periods, part_period
from chitieu.model import Context, Line
from chitieu.text.normalize import fold

__all__ = ["Title", "document_context", "read_title"]

_HEAD_LINES = 24  # the title block lies within the first lines
_TITLE_LINES = 4  # a title runs over at most a few lines


@dataclass(frozen=True, slots=True)
class Title:
    """What the title block says: the document's kind and period, and the year of its date."""

    kind: str = ""  # "plan", "report" or "" (a press article, a page without a title)
    period: PeriodMention | None = None
    dated: int | None = None
    text: str = ""


def read_title(lines: Sequence[Line]) -> Title:
    """Read the title block among the first lines of a document."""
    plan = phrase_class("structure", "document", "plan")
    report = phrase_class("structure", "document", "report")
    about = phrase_class("structure", "document", "report_about_plan")
    head: list[Line] = []
    for ln in lines[:_HEAD_LINES]:
        text = ln.text.strip()
        if text:
            head.append(ln)
            if len(text) > 60 and text.endswith((".", ":")) and len(head) > 1:
                break  # the end of a sentence of prose: the title block is over
    dated: int | None = None
    for ln in head:
        for p in find_periods(fold(ln.text)):
            if p.kind == "date" and dated is None:
                dated = p.year
    start = None
    kind = ""
    for i, ln in enumerate(head):
        f = fold(ln.text).strip()
        if not ln.text.strip()[:1].isupper() or len(f) > 110 or f.endswith(":"):
            continue  # a title line starts with a capital; a wrapped line of prose does not
        if plan.match(f):
            start, kind = i, "plan"
            break
        if report.match(f):
            start, kind = i, "report"
            break
    if start is None:
        # no title word: the first line is the title if it is short (a press article's headline)
        if not head or len(head[0].text) > 160:
            return Title(dated=dated)
        start = 0
    parts = []
    for ln in head[start : start + _TITLE_LINES]:
        parts.append(ln.text.strip())
        if ln.text.rstrip().endswith((".", ":")):
            break
    text = " ".join(parts)
    f = fold(text)
    if kind == "plan" and about.search(f, 0, 40):
        kind = "report"
    period = next((p for p in find_periods(f) if p.governs), None)
    return Title(kind, period, dated, text)


_ANY_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)")
_BASE_LINES = 200


def _year_after_base(lines: Sequence[Line]) -> int | None:
    """The year after the one the document's comparisons name ("so với cùng kỳ năm 2023" ->
    2024), for a document that names no other year (a press article on "6 tháng đầu năm")."""
    base = phrase_class("structure", "document", "base_year")
    found: int | None = None
    for ln in lines[:_BASE_LINES]:
        f = fold(ln.text)
        for y in _ANY_YEAR.finditer(f):
            if not base.ends(f, max(0, y.start() - 16), y.start()):
                return None  # a year of its own: the sentences' periods say the rest
            found = found or int(y.group()) + 1
    return found


def document_context(lines: Sequence[Line], ctx: Context) -> Context:
    """The context at the start of a document: its kind and period, from the title block."""
    title = read_title(lines)
    period, kind, number = ctx.period, ctx.period_kind, ctx.period_number
    if title.period is not None and title.period.year is not None:
        period, kind, number = title.period.year, title.period.kind, title.period.number
    elif title.period is not None:
        # "Báo cáo tình hình tháng 10" dated "ngày 25 tháng 10 năm 2024": the title's kind
        # and number, the date line's year
        kind, number = title.period.kind, title.period.number
    if period is None and title.dated is not None:
        # a plan is adopted in the year before the one it plans
        period = title.dated + 1 if title.kind == "plan" else title.dated
        kind = kind or "year"
    if period is None:
        period = _year_after_base(lines)
    if title.kind == "plan" and kind in ("9m", "half", "ytd", "month", "quarter"):
        kind, number = "year", None
    kind, number = part_period(kind, number)
    return replace(
        ctx,
        period=period,
        period_kind=kind,
        period_number=number,
        targets=ctx.targets or title.kind == "plan",
    )
