"""From a paragraph of a report to facts: every figure with its role and indicator.

A paragraph is cut into sentences (at ``.``, ``;`` and ``!``/``?``) and each
sentence into *parts* at commas, brackets and colons (:mod:`chitieu.extract.clauses`).
This module holds what holds for a paragraph or a sentence: where its sentences end,
which of them announce a list of targets, the period a sentence names for the ones
after it. Each figure is then made a fact by :func:`chitieu.extract.figure.figure_fact`
(its name, composed where needed by :mod:`chitieu.extract.compose`), its role by
:mod:`chitieu.extract.figure_roles`; :mod:`chitieu.extract.non_facts` drops the numbers
that are no figures of the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from chitieu.extract.clauses import in_brackets
from chitieu.extract.figure import FigureState, figure_fact
from chitieu.extract.indicators import names_shares
from chitieu.extract.lexicon import phrase_class
from chitieu.extract.periods import PeriodMention, find_periods
from chitieu.extract.sections import Paragraph
from chitieu.model import Fact, Quantity
from chitieu.text.normalize import fold
from chitieu.text.numbers import find_quantities

__all__ = ["extract_paragraph", "extract_paragraphs"]

# ".", ";", "!", "?" before white space or the end, or a line break before a blank line; one class
# of characters first, skipped to at once (as clauses.PART_BREAK)
_SENTENCE_END = re.compile(r"[.;!?\n](?:(?<=[.;!?])(?=\s|$)|(?<=\n)(?=\s*\n))")
_RESULT_IN_TARGETS = phrase_class("structure", "sentences", "result_in_targets")
_DIRECTIVE = phrase_class("structure", "sentences", "directive")
_DOMAIN_LEAD = re.compile(r"\s*[-+*•]?\s*(?:ve|linh vuc|trong linh vuc)\s+[a-z ,\-]{2,40}[,:]")
_LIST_TARGETS = phrase_class("structure", "parts", "list_targets")
_LIST_RESULTS = phrase_class("structure", "parts", "results")
_COUNTED_TARGETS = re.compile(r"\b\d+\s+(?:chi tieu|muc tieu)\b|\b(?:gom|nhu sau|cu the)\s*[.:]?\s*$")
_REPORTS = re.compile(r"\b(?:uoc|dat|khong dat|chua dat|vuot|thuc hien)\b")
_BRACKETS = re.compile(r"\([^()\n]{0,200}\)|\[[^\[\]\n]{0,200}\]")


def extract_paragraph(para: Paragraph, *, source: str = "", trust_marks: bool = True) -> list[Fact]:
    """Every figure of one paragraph as a :class:`Fact`.

    ``trust_marks`` is False for text whose diacritics were restored by a model:
    trigger words are then recognised by their folded spelling alone, so a wrong
    mark ("tặng" for "tăng") does not hide them.
    """
    return _extract(para, source, trust_marks, announced=False)[0]


def extract_paragraphs(
    paras: Iterable[Paragraph], *, source: str = "", trust_marks: bool = True
) -> list[Fact]:
    """Every figure of consecutive paragraphs. Targets a paragraph announced ("HĐND đề ra 24
    chỉ tiêu chủ yếu. Trong đó, …") go on in the next paragraphs that open with a domain
    ("Về môi trường, tỷ lệ che phủ rừng …")."""
    facts: list[Fact] = []
    announced = False
    for para in paras:
        goes_on = announced and _DOMAIN_LEAD.match(fold(para.text[:60])) is not None
        found, announced = _extract(para, source, trust_marks, announced=goes_on)
        facts.extend(found)
    return facts


def _extract(para: Paragraph, source: str, trust_marks: bool, *, announced: bool) -> tuple[list[Fact], bool]:
    """The facts of a paragraph, and whether its targets were announced and go on past it."""
    text = para.text
    quantities = find_quantities(text, trust_marks=trust_marks)
    if not quantities:
        return [], announced
    folded = _mask_plain_brackets(fold(text), quantities)
    facts: list[Fact] = []
    qi = 0
    last_indicator = ""
    listed = -1  # where a list of targets announced in the paragraph begins ("phấn đấu các chỉ tiêu: ...")
    # announced: a sentence announced the targets that follow ("HĐND đề ra 24 chỉ tiêu chủ yếu.")
    governing: PeriodMention | None = None  # the period the paragraph's sentences so far named
    mentions = [p for p in find_periods(folded) if p.governs]  # once per paragraph: they are many
    shares_of: str | None = None  # a list of shares that runs on over ";" ("Cơ cấu kinh tế: …; …")
    by_unit: dict[str, str] = {}
    for s_start, s_end in _sentences(folded, quantities):
        if listed >= 0 and folded[s_start - 1 : s_start] not in (";", ""):
            listed = -1  # a full stop ends the announced list
        if announced:
            listed = s_start
        elif listed < 0:
            listed = _announced_list(folded, s_start, s_end)
            if listed < 0:
                directive = _DIRECTIVE.search(folded, s_start, s_end) or _set_goal(
                    text, folded, s_start, s_end
                )
                # "… phải đạt ít nhất 45% kế hoạch; thu ngân sách 6 tháng đạt trên 55% dự toán; …":
                # what is required holds to the end of the sentence
                listed = directive.start() if directive is not None else -1
        state = FigureState(
            clause_start=s_start,
            fallback=last_indicator,
            listed=listed,
            governing=governing,
            mentions=mentions,
            list_parent=shares_of,
            items=shares_of is not None,
            by_unit=by_unit,
        )
        first = s_end  # where the sentence's first figure begins (the figures are in order)
        while qi < len(quantities) and quantities[qi].start < s_end:
            q = quantities[qi]
            qi += 1
            if q.start < s_start:
                continue
            first = min(first, q.start)
            fact = figure_fact(para, text, folded, s_start, s_end, q, state, source, trust_marks)
            if fact is not None:
                facts.append(fact)
                last_indicator = fact.indicator
        announced = announced or _announces_targets(folded, s_start, s_end)
        carry = state.list_parent if folded[s_end - 1 : s_end] == ";" else None
        shares_of = carry if carry is not None and names_shares(carry) else None
        opening = next((p for p in mentions if s_start <= p.start and p.end <= first), None)
        if (
            opening is not None
            and opening.year is not None
            and not in_brackets(folded, s_start, opening.start)
        ):
            # "Năm 2024, ...", "theo báo cáo, năm 2024 ...: ...": a period named before the first figure
            # of a sentence governs the sentences after it
            governing = opening
    return facts, announced


_SET_GOAL = phrase_class("structure", "sentences", "set_goal")


def _set_goal(text: str, folded: str, start: int, end: int) -> re.Match[str] | None:
    """ "Năm 2026, tỉnh đặt mục tiêu …; …": a goal set, as the marks tell it from "đạt mục tiêu"
    (a goal reached), which folds the same."""
    m = _SET_GOAL.search(folded, start, end)
    while m is not None and text[m.start() : m.start() + 3].lower() != "đặt":
        m = _SET_GOAL.search(folded, m.end(), end)
    return m


def _sentences(folded: str, quantities: list[Quantity]) -> list[tuple[int, int]]:
    """Sentence spans of the paragraph; a full stop inside a figure does not end one."""
    inside = _covered(quantities)
    out, start = [], 0
    for m in _SENTENCE_END.finditer(folded):
        if m.start() in inside:
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(folded):
        out.append((start, len(folded)))
    return out


def _mask_plain_brackets(folded: str, quantities: list[Quantity]) -> str:
    """Blank out brackets that hold no figure ("(GRDP)", "(không tính trạm y tế xã)").

    They are asides inside a name or a clause, not parts of their own; the
    unfolded text keeps them for the indicator's name.
    """
    starts = [q.start for q in quantities]
    out = folded
    for m in _BRACKETS.finditer(folded):
        if not any(m.start() < st < m.end() for st in starts):
            out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out


def _covered(quantities: list[Quantity]) -> set[int]:
    return {i for q in quantities for i in range(q.start, q.end)}


def _announced_list(folded: str, start: int, end: int) -> int:
    """Where the targets begin in a sentence that announces them before a colon, or -1."""
    colon = folded.find(":", start, end)
    if colon < 0:
        return -1
    cue = _LIST_TARGETS.search(folded, start, colon)
    if cue is None or _LIST_RESULTS.search(folded, start, colon) is not None:
        return -1
    return colon + 1


def _announces_targets(folded: str, start: int, end: int) -> bool:
    """A sentence that announces the targets after it ("Năm 2025, HĐND đề ra 24 chỉ tiêu chủ yếu.")."""
    return (
        _LIST_TARGETS.search(folded, start, end) is not None
        and _COUNTED_TARGETS.search(folded, start, end) is not None
        and _LIST_RESULTS.search(folded, start, end) is None
        and _RESULT_IN_TARGETS.search(folded, start, end) is None
        and _REPORTS.search(folded, start, end) is None
    )
