"""From a paragraph of a report to facts: every figure with its role and indicator.

A paragraph is cut into sentences (at ``.``, ``;`` and ``!``/``?``) and each
sentence into *parts* at commas, brackets and colons. A part that opens with a
noun phrase names a new indicator ("Tổng giá trị sản xuất ngành nông nghiệp đạt
28.157 tỷ đồng"); a part that opens with a trigger word continues the one before
(", vượt 0,4% kế hoạch, tăng 2,9% so cùng kỳ"). The role of a figure comes from
the last trigger word before it in its part and the basis named after it; a
part of the report that lists targets makes its figures targets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from chitieu.extract.compose import Neighbourhood, compose, settle
from chitieu.extract.indicators import (
    balanced,
    child_name,
    indicator_name,
    is_fragment,
    joined_before,
    list_item_name,
    names_nothing,
    names_shares,
    only_verbs,
    sentence_subject,
    trim_name,
)
from chitieu.extract.lexicon import phrase_class
from chitieu.extract.periods import PeriodMention, find_periods, settle_period
from chitieu.extract.roles import (
    Trigger,
    find_basis,
    find_triggers,
    governed_by_estimate,
    is_measure_unit,
    is_structural,
)
from chitieu.extract.sections import Paragraph
from chitieu.model import Fact, Quantity, Role
from chitieu.text.normalize import fold
from chitieu.text.numbers import find_quantities
from chitieu.text.units import is_known_unit

__all__ = ["extract_paragraph", "extract_paragraphs"]

_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n(?=\s*\n)")
_PART_BREAK = re.compile(r"[,()\[\]]|:(?!\d)")  # "ISO 9001:2015" is no break
_FILLER = re.compile(r"^[\s,;:()\-–]*(?:(?:va|hoac|con|rieng|trong do|cung|so voi|so)\b[\s,:]*)*$")
_BASIS_HEAD = re.compile(r"\s*so(?:\s+voi)?\s+(?:cung ky|ke hoach|nghi quyet|du toan|chi tieu|nam|kh\b|nq\b)")
_PLAN_BASES = {"Nghị quyết", "kế hoạch", "dự toán", "chỉ tiêu"}
_RESULT_IN_TARGETS = phrase_class("structure", "sentences", "result_in_targets")
_DIRECTIVE = phrase_class("structure", "sentences", "directive")
_DOMAIN_LEAD = re.compile(r"\s*[-+*•]?\s*(?:ve|linh vuc|trong linh vuc)\s+[a-z ,\-]{2,40}[,:]")
_DOCUMENT_NAME = phrase_class("structure", "sentences", "document_name")
_ANNIVERSARY = phrase_class("structure", "non_facts", "anniversary_before")
_PER_POPULATION = phrase_class("structure", "non_facts", "per_population")
_PER_POPULATION_AFTER = frozenset(
    fold(p) for p in phrase_class("structure", "non_facts", "per_population_after").phrases
)
_PER_ONE = frozenset({"van dan", "ha", "km2", "nghin dan", "1.000 dan", "nguoi", "ho"})
_GOAL = re.compile(r"\bphan\s+dau\b")
_CHILD = re.compile(r"\s*trong\s+do\s*:?\s*")


@dataclass
class _State:
    """What the figures before the current one in a sentence established."""

    indicator: str = ""
    clause_start: int = 0  # where the current indicator's clause began (for "ước")
    role: Role = "actual"
    sign: int = 1
    prev: Quantity | None = None
    list_parent: str | None = None
    items: bool = False  # the sentence goes on with a list of shares after ";" ("…; dịch vụ 40%")
    head: str = ""  # the words that named the current indicator
    fallback: str = ""  # the paragraph's last indicator, for a part that names none ("; cả năm ước đạt 3,5%")
    listed: int = -1  # where a list of targets announced by the paragraph begins, or -1
    governing: PeriodMention | None = None  # the period an earlier sentence of the paragraph named
    mentions: list[PeriodMention] = field(default_factory=list)  # the paragraph's governing periods
    by_unit: dict[str, str] = field(default_factory=dict)  # the paragraph's last name of each counted noun
    sentence: str = ""  # the sentence's text as facts quote it, once its first figure needs it


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
        state = _State(
            clause_start=s_start,
            fallback=last_indicator,
            listed=listed,
            governing=governing,
            mentions=mentions,
            list_parent=shares_of,
            items=shares_of is not None,
            by_unit=by_unit,
        )
        while qi < len(quantities) and quantities[qi].start < s_end:
            q = quantities[qi]
            qi += 1
            if q.start < s_start:
                continue
            fact = _fact(para, text, folded, s_start, s_end, q, state, source, trust_marks)
            if fact is not None:
                facts.append(fact)
                last_indicator = fact.indicator
        announced = announced or _announces_targets(folded, s_start, s_end)
        carry = state.list_parent if folded[s_end - 1 : s_end] == ";" else None
        shares_of = carry if carry is not None and names_shares(carry) else None
        first = next((q.start for q in quantities if s_start <= q.start < s_end), s_end)
        opening = next((p for p in mentions if s_start <= p.start and p.end <= first), None)
        if (
            opening is not None
            and opening.year is not None
            and not _in_brackets(folded, s_start, opening.start)
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


_BRACKETS = re.compile(r"\([^()\n]{0,200}\)|\[[^\[\]\n]{0,200}\]")


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


def _part_start(folded: str, s_start: int, q: Quantity, prev: Quantity | None) -> tuple[int, str]:
    """Where the part holding ``q`` begins, and the punctuation that opened it."""
    lo = max(s_start, prev.end if prev else s_start)
    best, mark = s_start, ""
    for m in _PART_BREAK.finditer(folded, s_start, q.start):
        if m.start() >= best:
            best, mark = m.end(), m.group(0)
    if prev is not None and prev.end > best:
        return prev.end, "number"
    return max(best, lo if prev is None else best), mark


def _in_brackets(folded: str, s_start: int, pos: int) -> bool:
    seg = folded[s_start:pos]
    return seg.count("(") > seg.count(")")


def _fact(
    para: Paragraph,
    text: str,
    folded: str,
    s_start: int,
    s_end: int,
    q: Quantity,
    state: _State,
    source: str,
    trust_marks: bool,
) -> Fact | None:
    ctx = para.context
    sentence_indicator = state.indicator  # the indicator of the sentence's figures so far
    prev_q = state.prev  # the figure before this one in the sentence
    p_start, mark = _part_start(folded, s_start, q, state.prev)
    triggers = find_triggers(folded, p_start, q.start, text if trust_marks else None)
    # the part's own words before its first trigger: a new indicator if they name something
    head_end = triggers[0].start if triggers else q.start
    head = text[p_start:head_end]
    fhead = folded[p_start:head_end]
    name_start = _joined_start(folded, p_start, state.prev.end if state.prev else s_start)
    if mark != "number" and triggers and (not trim_name(head) or _sets_a_target(fhead, triggers[0])):
        # a part that opens with its verb ("Giảm tỷ lệ học sinh bỏ học còn 0,89%"): the verb's
        # object names the figure
        for t, nxt in zip(triggers, [*triggers[1:], None], strict=True):
            gap_end = nxt.start if nxt is not None else q.start
            gap = folded[t.end : gap_end]
            if (
                _WORD.search(gap)
                and not _FILLER.match(gap)
                and not _only_qualifier(gap)
                and not names_nothing(gap)  # "cao hơn cùng kỳ 2,7 điểm phần trăm": a base, no object
            ):
                head, fhead, name_start, head_end = text[t.end : gap_end], gap, t.end, gap_end
                break
    if (
        mark == ","
        and triggers
        and not trim_name(head)
        and name_start == p_start
        and (state.prev is None or state.prev.end < p_start - 1)
    ):
        # "…, tổng dư nợ cho vay, đạt 26.850 tỷ đồng": the words between the commas before the
        # verb name the figure
        before = _after_last_break(
            folded, max(s_start, state.prev.end if state.prev else s_start), p_start - 1
        )
        seg = text[before : p_start - 1]
        if (
            state.prev is not None
            and before > state.prev.end
            and not _DIGIT_OR_TRIGGER.search(folded, before, p_start - 1)
            and not find_triggers(folded, before, p_start - 1)
            and trim_name(seg)
            and not names_nothing(seg)
        ):
            head, fhead, name_start = seg, folded[before : p_start - 1], before
            mark = "segment"
    if mark == "(" and not trim_name(head):
        # "… tỷ lệ đô thị hóa (đạt 18,5%, Nghị quyết 22%)": the words before the bracket name it,
        # unless they are the words of the figure before ("14 đề tài, dự án (155,6% kế hoạch)")
        before = _after_last_break(folded, s_start, p_start - 1)
        tail_of_prev = (
            state.prev is not None
            and folded[before - 1 : before] == ","
            and not folded[state.prev.end : before - 1].strip()
            and joined_before(folded, state.prev.start, before - 1)
        )
        if (
            not tail_of_prev
            and not _DIGIT_OR_TRIGGER.search(folded, before, p_start - 1)
            and trim_name(text[before : p_start - 1])
        ):
            head, fhead, name_start, head_end = (
                text[before : p_start - 1],
                folded[before : p_start - 1],
                before,
                p_start - 1,
            )
    new_subject = (
        mark != "number"
        and not _FILLER.match(fhead)
        and not _only_qualifier(fhead)
        and not _BASIS_HEAD.match(fhead)
        # "…, đóng góp 0,52 điểm phần trăm", "giải ngân được 11.275 tỷ đồng": a bare verb goes on
        # with the indicator before it
        and not (
            bool(state.indicator or state.fallback)
            and only_verbs(head)
            and (not q.unit or is_measure_unit(q.unit))
        )
    )
    if name_start < p_start and folded[name_start - 1 : name_start] == ":":
        mark = ":"  # "Cơ cấu kinh tế: nông, lâm nghiệp và thủy sản ...": the item opens the list
    after_colon = mark == ":" or (
        state.list_parent is not None and (mark == "," or (mark == "" and state.items))
    )
    if mark == ":":
        state.list_parent = state.indicator or indicator_name(text[s_start:p_start], q.unit)
    post_end = _next_break(folded, q.end, s_end)
    first = triggers[0].kind if triggers else None
    last = triggers[-1].kind if triggers else None
    inherit_named = not new_subject and (
        not state.indicator
        or (mark == "number" and q.unit != (state.prev.unit if state.prev else ""))
        or (q.unit == "%" and last in ("share", "rate") and not state.indicator.startswith(("Tỷ", "Số")))
    )
    tail = (
        _tail(text, folded, q.end, _joined_end(folded, post_end, s_end))
        if new_subject or inherit_named
        else ""
    )
    if new_subject:
        named_head = text[name_start:head_end]
        if after_colon and state.list_parent:
            state.indicator = list_item_name(state.list_parent, named_head, q.unit)
        else:
            state.indicator = indicator_name(named_head, q.unit, tail=tail, trigger=first)
            state.list_parent = None if mark != ":" else state.list_parent
        state.clause_start = p_start
        state.head = head
    elif not state.indicator or (mark == "number" and q.unit != (state.prev.unit if state.prev else "")):
        # a count in a list of counts ("1.256 đảng viên, 1.232 tổ chức đảng"): named after its noun;
        # "… 25 đơn vị vi phạm với số tiền 14,8 tỷ đồng": the words after a connective name it
        own = _after_connective(text, folded, p_start, head_end) if mark == "number" else ""
        if own:
            state.head = own
        state.head = state.head or text[s_start:head_end]
        state.indicator = indicator_name(state.head, q.unit, tail=tail, trigger=last)
        if q.unit in state.by_unit and _BASIS_HEAD.match(fold(state.head)):
            state.indicator = state.by_unit[q.unit]  # "so với cùng kỳ giảm 3 vụ": the count named before
    elif q.unit == "%" and last in ("share", "rate") and not state.indicator.startswith(("Tỷ", "Số")):
        state.indicator = indicator_name(head, q.unit, tail=tail, trigger=last)
    elif (
        (mark in (",", "(") or (mark == "number" and state.prev is not None and state.prev.unit == q.unit))
        and _FILLER.match(fhead)
        and q.unit
        and not is_measure_unit(q.unit)
        and state.prev is not None
        and (state.prev.unit == q.unit or fold(q.unit) not in fold(state.indicator))
    ):
        # "05 xã đạt chuẩn nông thôn mới, 3 xã đạt chuẩn nông thôn mới nâng cao": the next count
        # of the same noun is named by what follows it; "42 di tích (…), 05 di sản văn hóa":
        # a count of another noun is a count of its own
        own = _tail(text, folded, q.end, _joined_end(folded, post_end, s_end))
        if trim_name(own) or state.prev.unit != q.unit:
            state.indicator = indicator_name("", q.unit, tail=own)

    opens_child = _CHILD.match(folded, p_start) if sentence_indicator else None
    if opens_child is not None:
        # "… nước hợp vệ sinh 99% (trong đó nước sạch 68%)": a part of the indicator before it
        child = child_name(sentence_indicator, text[opens_child.end() : head_end])
        if child:
            state.indicator = child
    if _not_a_fact(folded, s_start, q):
        return None
    listed = 0 <= state.listed <= q.start
    in_targets = (ctx.targets or listed) and not _reports_result(folded, state.clause_start, q.start)
    role, basis, sign = _role(folded, text, s_start, p_start, q, triggers, post_end, state, in_targets)
    state.role, state.sign, state.prev = role, sign, q

    value, low, high = q.value, q.low, q.high
    if role == "change" and sign < 0:
        if q.op == "between" and low is not None and high is not None:
            low, high = -high, -low
        elif value is not None:
            value = -value
    unit = q.unit or ("lần" if any(t.kind == "times" for t in triggers) else "")
    unit = _per_unit(unit, text, folded, s_start, s_end)
    period, period_kind, period_number = ctx.period, ctx.period_kind, ctx.period_number
    named = (
        _mention_after(state.mentions, folded, q.end)
        or _last_mention(state.mentions, s_start, q.start)
        or state.governing
    )
    if named is not None:
        period = named.year if named.year is not None else period
        period_kind, period_number = named.kind, named.number
    if is_structural(unit) and role in ("actual", "target"):
        role = "actual"
        if named is None or named.year is None:
            period, period_kind = None, None
    context = (ctx.period_kind, ctx.period_number)
    period, period_kind, period_number = settle_period(period, period_kind, period_number, context=context)
    if _names_nothing(state.indicator, q.unit):
        if (
            sentence_indicator
            and not _names_nothing(sentence_indicator, q.unit)
            and (is_measure_unit(unit) or not unit)
        ):
            # "(kế hoạch giai đoạn 2021 - 2025 là 3 - 5%)": the figure of the indicator before it
            state.indicator = sentence_indicator
        elif is_measure_unit(unit) and (subject := sentence_subject(text[s_start:p_start])):
            state.indicator = subject  # "Chỉ số sản xuất công nghiệp tăng khá, ước tăng 26,45%"
        elif state.fallback:
            state.indicator = state.fallback  # "; cả năm ước đạt 3,52%": the figure of the last indicator
        elif unit and not is_measure_unit(unit):
            # "so với cùng kỳ giảm 3 vụ": the count of the noun named before; "… đối với 91 đồng
            # chí": at least what is counted
            state.indicator = state.by_unit.get(unit) or f"Số {unit}"
        elif unit == "%" and trim_name(tail or _tail(text, folded, q.end, post_end)):
            # "cắt giảm ít nhất 20% thủ tục hành chính thuộc …": what the share is of names it
            state.indicator = indicator_name("", "%", tail=tail or _tail(text, folded, q.end, post_end))
    elif (
        state.fallback
        and len(state.indicator.split()) == 1
        and fold(state.fallback).startswith(fold(state.indicator) + " ")
    ):
        # "Thu ngân sách … đạt 126 tỷ đồng; phấn đấu thu cả năm vượt 10% dự toán": the word
        # begins the name of the indicator before it, and is that indicator
        state.indicator = state.fallback
    if last not in ("equal", "times"):  # "bằng 99,88%": a ratio to something, not a rate
        state.indicator = settle(state.indicator, q.unit, role, sentence_indicator or state.fallback)
    around = Neighbourhood(
        text, folded, s_start, s_end, p_start, prev_q, sentence_indicator, state.fallback, unit
    )
    composed, sticky = compose(state.indicator, q, around, role)
    if sticky:
        state.indicator = composed
    indicator = balanced(composed)
    if indicator == f"Số {q.unit}" and state.by_unit.get(q.unit):
        indicator = state.by_unit[q.unit]  # "…, giảm 3 vụ so với cùng kỳ": the count named before
    if q.unit and not is_measure_unit(q.unit) and indicator.startswith(("Số ", "Tổng số ")):
        state.by_unit[q.unit] = indicator
    prev = prev_q
    if (
        q.unit == "%"
        and role == "actual"
        and not new_subject
        and indicator.startswith("Số ")
        and prev is not None
        and prev.unit
        and not is_measure_unit(prev.unit)
    ):
        # "còn 12.345 hộ nghèo, chiếm 2,1%": the share of that count is a rate of its own
        indicator = "Tỷ lệ " + indicator[3:]
    falls = role == "target" and ctx.targets and any(t.kind == "fall" for t in triggers)
    if falls and not indicator.lower().startswith("mức giảm"):
        # a target stated as a fall: positive bounds, the direction in the name (contract)
        indicator = "Mức giảm " + indicator[:1].lower() + indicator[1:]
    line = para.line_at(q.start)
    state.sentence = state.sentence or " ".join(text[s_start:s_end].split())
    return Fact(
        line=line.number,
        section=ctx.section,
        indicator=indicator,
        role=role,
        op=q.op,
        value=value,
        low=low,
        high=high,
        of=q.of,
        unit=unit,
        basis=basis,
        period=period,
        period_kind=period_kind,
        period_number=period_number,
        estimate=governed_by_estimate(folded, state.clause_start, q.start),
        source=source,
        page=line.page,
        text=state.sentence,
    )


_DIGIT_OR_TRIGGER = re.compile(r"\d")
_WORD = re.compile(r"[a-z]{2,}")
_AND_NEXT = re.compile(r"(?:,|\bva)\s*$")
_ROLE_WORDS = frozenset(
    {"excess", "rise", "fall", "fall_to", "times", "equal", "reach", "share", "above", "below"}
)
_COUNT_OF_CHANGED = phrase_class("roles", "change", "count_of_changed")
_SETTLED = phrase_class("roles", "attainment", "settled")
_REACHED_BEFORE = re.compile(r"\b(?:dat|dat duoc|hoan thanh|thuc hien|vuot)\s+$")
_FROM_LEVEL = re.compile(r"\s+tu\s+")
# the level it went to, after a period ("giảm từ 46 vụ của 9 tháng năm 2023 xuống còn 31 vụ",
# "từ 5,42% đầu năm xuống còn 3,96%")
_TO_LEVEL = re.compile(
    r"(?:\s+(?:cua\s+|vao\s+|o\s+)?(?:(?:dau|cuoi)\s+(?:nam|ky)|(?:\d{1,2}\s+thang\s+)?(?:dau\s+)?"
    r"(?:nam\s+)?(?:19|20)\d\d|nam\s+truoc))?\s*,?\s*(?:xuong|len|con|toi|den)\b"
)
_CAPTION_NUMBER = re.compile(r"\s*(?:bang|bieu|hinh|phu luc)(?:\s+so)?\s+")


def _tail(text: str, folded: str, pos: int, end: int) -> str:
    """The words after a figure up to the next break, trigger word or number."""
    cut = end
    base = _BASIS_IN_TAIL.search(folded, pos, end) or _RATIO_NEXT.search(folded, pos, end)
    if base is not None:
        # "giảm 3 vụ so với cùng kỳ": the base is no part of the name; "56 vụ/61 bị cáo": nor the
        # count after the slash
        cut = base.start()
    m = _DIGIT_OR_TRIGGER.search(folded, pos, cut)
    if m:
        cut = m.start()
        joined = _CONNECTIVE_END.search(folded, pos, cut)
        if joined is not None:
            cut = joined.start()  # "25 đơn vị vi phạm với số tiền 14,8 tỷ đồng": the sum's own name
    triggers = find_triggers(folded, pos, cut)
    if triggers and (m is not None or triggers[0].kind != "reach"):
        # "… đạt tỷ lệ 96,8%" introduces the next figure; "95% trường đạt chuẩn quốc gia"
        # describes what the figure counts and belongs to its name
        cut = triggers[0].start
    return text[pos:cut]


_PER = re.compile(r"\s*/\s*(van dan|nghin dan|1\.000 dan|10\.000 dan|nguoi|ha|km2)\b")
_PER_CANON = {"van dan": "vạn dân", "nghin dan": "nghìn dân", "nguoi": "người", "ha": "ha", "km2": "km2"}


_PER_TEN_THOUSAND = re.compile(r"(?:/|tren)\s*(?:10\.000|mot van|1 van|van)\s+dan\b")


@lru_cache(maxsize=512)
def _per_ten_thousand(head: str) -> re.Pattern[str]:
    """The noun phrase of a count per ten thousand people that starts with ``head``."""
    return re.compile(
        rf"\b({re.escape(head)}(?:\s+[a-z]+){{0,2}}?)\s*(?:/|tren)\s*(?:10\.000|mot van|1 van|van)\s+dan\b"
    )


def _per_unit(unit: str, text: str, folded: str, s_start: int, s_end: int) -> str:
    """A count of a per-capita indicator: "11 bác sĩ" where the clause says "bác sĩ/vạn dân"."""
    if not unit or "/" in unit or is_measure_unit(unit):
        return unit
    key = fold(unit)
    per = _PER_TEN_THOUSAND.search(folded, s_start, s_end)  # a clause without it needs no expression
    m = None if per is None else _per_ten_thousand(key.split(" ", 1)[0]).search(folded, s_start, s_end)
    if m is not None:
        # "Số giường bệnh trên 10.000 dân đạt 31 giường": a count per ten thousand people
        return f"{text[m.start(1) : m.end(1)].lower()}/vạn dân"
    pos = folded.find(key + "/", s_start, s_end)
    if pos < 0:
        pos = folded.find(key + " /", s_start, s_end)
    if pos < 0:
        return unit
    m = _PER.match(folded, pos + len(key))
    return f"{unit}/{_PER_CANON.get(m.group(1), m.group(1))}" if m else unit


_CONNECTIVE = re.compile(r"\b(?:voi|va|kem theo)\s+")
_BASIS_IN_TAIL = re.compile(
    r"\bso(?:\s+voi)?\s+(?:cung ky|ke hoach|nghi quyet|du toan|chi tieu|nam (?:truoc|20))"
)
_RATIO_NEXT = re.compile(r"\s*/\s*\d")
_CONNECTIVE_END = re.compile(r"\s(?:voi|kem theo)\s+(?:[a-z]+\s+){0,3}$")


def _after_connective(text: str, folded: str, start: int, end: int) -> str:
    """The words after the last connective in ``[start, end)`` ("vi phạm về kinh tế với số tiền"
    -> "số tiền"), if they name something."""
    found = None
    for m in _CONNECTIVE.finditer(folded, start, end):
        found = m
    if found is None:
        return ""
    own = text[found.end() : end]
    return own if trim_name(own) and not only_verbs(own) else ""


@lru_cache(maxsize=1 << 14)
def _names_nothing(name: str, unit: str) -> bool:
    """A name that is empty, only the unit ("%", "Tỷ đồng") or one word that names no indicator
    ("Đối", "Phát"): the part named no indicator (asked of a name several times: cached)."""
    return not name or fold(name) == fold(unit) or is_fragment(name) or names_nothing(name)


def _only_qualifier(fhead: str) -> bool:
    return fhead.strip() in {"", "khoang", "gan", "hon", "tren", "duoi", "tu", "con", "la", "co", "duoc"}


def _after_last_break(folded: str, lo: int, hi: int) -> int:
    """Where the text after the last part break ("," "(" ":" …) in ``folded[lo:hi]`` begins."""
    return max((m.end() for m in _PART_BREAK.finditer(folded, lo, hi)), default=lo)


def _joined_start(folded: str, start: int, floor: int) -> int:
    """Where a name begins that a comma inside it cut short ("nông, lâm nghiệp và thủy sản")."""
    while start > floor and folded[start - 1] == "," and joined_before(folded, floor, start - 1):
        before = _after_last_break(folded, floor, start - 1)
        if _DIGIT_OR_TRIGGER.search(folded, before, start - 1):
            break
        start = before
    return start


def _joined_end(folded: str, end: int, s_end: int) -> int:
    """Where the words after a figure end, going on over commas inside a name ("xã, phường")."""
    while end < s_end and folded[end] == "," and joined_before(folded, end - 40, end):
        end = _next_break(folded, end + 1, s_end)
    return end


def _next_break(folded: str, pos: int, s_end: int) -> int:
    m = _PART_BREAK.search(folded, pos, s_end)
    return m.start() if m else s_end


_SUBJECTS = phrase_class("names", "words", "subjects")
_SETTING = phrase_class("names", "words", "setting")
_SOON = re.compile(r"\s*(?:(?:da|se|cung|tiep tuc|con)\s+)*")


def _sets_a_target(fhead: str, first: Trigger) -> bool:
    """Whether the words before a plan word are only who set it ("Tỉnh đặt", "Chính phủ đã giao")."""
    if first.kind != "plan":
        return False
    subject, end = _SUBJECTS.match(fhead), 0
    while subject is not None:  # "UBND tỉnh", "Ban Thường vụ Tỉnh ủy"
        end = subject.end()
        subject = _SUBJECTS.match(fhead, end)
    if not end:
        return False
    soon = _SOON.match(fhead, end)
    setting = _SETTING.match(fhead, soon.end() if soon else end)
    return setting is not None and not fhead[setting.end() :].strip()


def _role(
    folded: str,
    text: str,
    s_start: int,
    p_start: int,
    q: Quantity,
    triggers: list[Trigger],
    post_end: int,
    state: _State,
    targets: bool,
) -> tuple[Role, str | None, int]:
    """Role, basis and sign of a figure."""
    post_basis = find_basis(folded, q.end, post_end)
    kinds = [t.kind for t in triggers]
    last = kinds[-1] if kinds else None
    rise_basis = post_basis if post_basis in ("cùng kỳ", "năm trước") else None
    if (
        last in ("rise", "fall")
        and _FROM_LEVEL.fullmatch(folded, triggers[-1].end, q.start)
        and _TO_LEVEL.match(folded, q.end)
    ):
        return "actual", None, 1  # "giảm từ 12,4% năm 2015 xuống còn 3,1%": the level it left
    if targets:
        basis = post_basis
        if last in ("rise", "fall") and basis is None:
            basis = None
        elif last == "rise" and post_basis in _PLAN_BASES:
            basis = post_basis
        return "target", basis, 1
    if last in ("rise", "fall") and (
        q.of is not None or _COUNT_OF_CHANGED.ends(folded, triggers[-1].end, q.start)
    ):
        return (
            "actual",
            None,
            1,
        )  # "cắt giảm 1/2 thời gian", "kéo giảm cả 3 mặt": a share or a count, not a change
    # a plan word before the figure, not followed by đạt / vượt / bằng: a target ("Nghị quyết tăng 11 - 12%")
    plans = [
        i
        for i, t in enumerate(triggers)
        # a plan word right after the previous figure is that figure's basis ("đạt 100% chỉ tiêu")
        if t.kind == "plan"
        and not (state.prev is not None and not folded[state.prev.end : t.start].strip())
        # "thông qua Nghị quyết về ...": the name of a document, not the source of a target
        and not (
            folded.startswith(("nghi quyet", "ke hoach"), t.start)
            and _DOCUMENT_NAME.ends(folded, max(s_start, t.start - 16), t.start)
        )
    ]
    if plans:
        i = plans[-1]
        plan = triggers[i]
        # "phấn đấu đạt 100%", "(đặt) mục tiêu tăng trưởng năm 2025 đạt 8%": always a goal, but
        # not a goal reached ("đã đạt mục tiêu tăng trưởng đạt 8,2%")
        goal = folded.startswith("phan dau", plan.start) or (
            folded.startswith("muc tieu", plan.start)
            and (
                not _REACHED_BEFORE.search(folded, max(s_start, plan.start - 16), plan.start)
                or text[plan.start - 4 : plan.start - 1].lower() == "đặt"
            )
        )
        if goal or not any(k in ("excess", "reach", "equal", "share") for k in kinds[i + 1 :]):
            basis = find_basis(folded, plan.start, plan.end) or find_basis(folded, q.end, post_end)
            return "target", basis or (None if folded.startswith("phan dau", plan.start) else "kế hoạch"), 1
    # the part opens right after "KH:", "NQ:", "Nghị quyết:"
    plan_colon = _PLAN_COLON.search(folded, max(s_start, p_start - 24), p_start)
    if last in ("rise", "fall", "above", "below") and plan_colon is not None:
        # "(NQ: tăng 9 - 9,5%)": the plan's figure, stated after the result
        return "target", find_basis(folded, plan_colon.start(), plan_colon.end()) or "kế hoạch", 1
    if last in ("above", "below") and _LEVEL_BEFORE.search(folded, max(s_start, q.start - 24), q.start):
        return "actual", None, 1  # "cao hơn mức tăng 3,36% của năm 2022": the level compared with
    if (
        q.unit == "%"
        and state.role == "attainment"
        and post_basis is not None
        and state.prev is not None
        and _AND_NEXT.search(folded, state.prev.end, q.start)
        and not any(k in _ROLE_WORDS for k in kinds)
    ):
        return "attainment", post_basis, 1  # "bằng 31,2% dự toán Trung ương và 28,4% dự toán HĐND"
    if last == "excess":
        return "excess", post_basis, 1
    if last == "rise" and post_basis in _PLAN_BASES and not _NAMED_PLAN.search(folded, q.end, post_end):
        return "excess", post_basis, 1  # "tăng 0,8% so với kế hoạch": beyond the plan
    if last in ("rise", "above"):
        return "change", rise_basis or post_basis, 1
    if last in ("fall", "below"):
        return "change", rise_basis or post_basis, -1
    if last == "times":
        return "change", rise_basis or post_basis, 1
    if last in ("reach", "equal") and q.unit == "%":
        if post_basis is not None:
            return "attainment", post_basis, 1
        pre_basis = find_basis(folded, p_start, triggers[-1].start)
        if pre_basis is not None and _BASIS_HEAD.match(folded, p_start):
            return "attainment", pre_basis, 1
        if _is_rate_of_previous(state.prev, q):
            return "actual", None, 1  # "118/146 xã …, tương đương 80,82%": the ratio just stated
        if last == "equal" and not folded[q.end : post_end].strip(" \n.,;:)"):
            return "attainment", None, 1
        if last == "equal" and folded[q.end : post_end].strip(" \n.,;:)"):
            return "actual", None, 1  # "bằng 36,2% GRDP": a share of something, not of a plan
        prev = state.prev
        if _in_brackets(folded, s_start, q.start) and prev is not None and prev.unit != "%":
            # "(đạt 122,36%)" after an amount is attainment; after a count it is the count's rate
            return ("attainment" if is_measure_unit(prev.unit) else "actual"), None, 1
        if (
            prev is not None
            and prev.unit != "%"
            and prev.of is None
            and is_measure_unit(prev.unit)
            and not folded[prev.end : triggers[0].start].strip(" ,")
            and not folded[q.end : post_end].strip(" \n.,;:)")
            and not _SETTLED.search(folded, max(s_start, prev.start - 60), prev.start)
        ):
            return "attainment", None, 1  # "thu ngân sách đạt gần 900 tỷ đồng, đạt 130%": of the plan
        return "actual", None, 1
    if last is None and plan_colon is not None:
        # "KH: 95%", "Nghị quyết: 1.200": a target written after a result
        return "target", find_basis(folded, max(s_start, p_start - 16), p_start) or "kế hoạch", 1
    if last is None and q.unit == "%" and post_basis in _PLAN_BASES:
        return "attainment", post_basis, 1
    if last is None and q.sign and q.unit == "%" and _in_brackets(folded, s_start, q.start):
        return "change", post_basis, q.sign
    # a bare figure after another repeats its role, but a count is no attainment ("đạt 100% chỉ
    # tiêu giao quân (180 thanh niên)")
    repeats = state.role in ("change", "excess") or (state.role == "attainment" and q.unit == "%")
    if last is None and repeats and state.prev is not None and _FILLER.match(folded[p_start : q.start]):
        # "tăng 12% và 15%": a bare figure after another repeats its role
        return state.role, post_basis, state.sign
    return "actual", None, 1


_LEVEL_BEFORE = re.compile(r"\bmuc(?:\s+(?:tang truong|tang|giam))?\s+$")
_PLAN_COLON = re.compile(
    r"\b(?:nghi quyet|ke hoach|chi tieu|kh|nq|muc tieu)(?:\s+(?:nam|nam \d{4}|giao|de ra|dieu chinh))?\s*:\s*$"
)


_LIST_TARGETS = phrase_class("structure", "parts", "list_targets")
_LIST_RESULTS = phrase_class("structure", "parts", "results")


def _announced_list(folded: str, start: int, end: int) -> int:
    """Where the targets begin in a sentence that announces them before a colon, or -1."""
    colon = folded.find(":", start, end)
    if colon < 0:
        return -1
    cue = _LIST_TARGETS.search(folded, start, colon)
    if cue is None or _LIST_RESULTS.search(folded, start, colon) is not None:
        return -1
    return colon + 1


_NAMED_PLAN = re.compile(r"\b(?:ke hoach|du toan|nghi quyet)\s+(?:nam\s+)?(?:19|20)\d\d\b")
_COUNTED_TARGETS = re.compile(r"\b\d+\s+(?:chi tieu|muc tieu)\b|\b(?:gom|nhu sau|cu the)\s*[.:]?\s*$")


def _mention_after(mentions: list[PeriodMention], folded: str, pos: int) -> PeriodMention | None:
    """A year, or a period within the year, written right after a figure ("còn 3,1% năm 2020",
    "3,2 triệu lượt khách trong 10 tháng"): the figure's own period."""
    for p in mentions:
        if p.start >= pos:
            within = p.kind in ("ytd", "9m", "half", "quarter", "month")
            if (within or (p.kind == "year" and p.year is not None)) and not folded[pos : p.start].strip():
                return p
            return None
    return None


def _last_mention(mentions: list[PeriodMention], start: int, end: int) -> PeriodMention | None:
    """The last governing period named in ``[start, end)``."""
    found = None
    for p in mentions:
        if p.start >= end:
            break
        if p.start >= start and p.end <= end:
            found = p
    return found


def _announces_targets(folded: str, start: int, end: int) -> bool:
    """A sentence that announces the targets after it ("Năm 2025, HĐND đề ra 24 chỉ tiêu chủ yếu.")."""
    return (
        _LIST_TARGETS.search(folded, start, end) is not None
        and _COUNTED_TARGETS.search(folded, start, end) is not None
        and _LIST_RESULTS.search(folded, start, end) is None
        and _RESULT_IN_TARGETS.search(folded, start, end) is None
        and _REPORTS.search(folded, start, end) is None
    )


_REPORTS = re.compile(r"\b(?:uoc|dat|khong dat|chua dat|vuot|thuc hien)\b")


def _reports_result(folded: str, start: int, pos: int) -> bool:
    """A clause of a target part that reports a result ("năm 2024 ước đạt 7,2%")."""
    m = _RESULT_IN_TARGETS.search(folded, start, pos)
    return m is not None and _GOAL.search(folded, start, pos) is None


_BARE_AFTER = re.compile(r"\b(?:sau|truoc|cua|voi|cac|nhung|tai|tu)\s+$")
_LETTER_DIGITS = re.compile(r"[0-9]{2,4}")
_AFTER_WORD = re.compile(r"[a-z]\s*,\s*$")


def _ocr_letters(folded: str, s_start: int, q: Quantity) -> bool:
    """Digits a scan made of letters ("đạo đức, 161 séng" for "lối sống"): a short bare number in a
    list of words, followed by a word that is no unit and no noun of count, with no verb that
    reports it."""
    if not q.unit or q.op != "=" or q.unit_span is None or is_known_unit(q.unit) or " " in q.unit:
        return False
    if not _LETTER_DIGITS.fullmatch(folded[q.start : q.unit_span.start].strip()):
        return False
    lo = max(s_start, q.start - 40)
    if not _AFTER_WORD.search(folded, lo, q.start):
        return False
    comma = folded.rfind(",", lo, q.start)
    part = folded.rfind(",", s_start, comma) + 1
    return not find_triggers(folded, part, q.start) and not _DIGIT_OR_TRIGGER.search(folded, part, comma)


def _not_a_fact(folded: str, s_start: int, q: Quantity) -> bool:
    """Figures that are no quantity of the period: an anniversary's age ("kỷ niệm 120 năm"),
    the population of a per-capita ratio ("số bác sĩ trên 10.000 dân")."""
    before = max(s_start, q.start - 24)
    if q.unit == "năm" and q.op == "=" and _ANNIVERSARY.ends(folded, before, q.start):
        return True
    if (
        q.unit == "năm"
        and q.op == "="
        and q.value is not None
        and q.value <= 10
        and q.value.is_integer()
        and not any(t.end >= q.start - 12 for t in find_triggers(folded, before, q.start))
    ):
        return True  # "tình hình 5 năm", "bình quân 5 năm đạt …": a span of years, not a figure
    if _ocr_letters(folded, s_start, q):
        return True
    if (
        not q.unit
        and q.op == "="
        and q.value is not None
        and q.value.is_integer()
        and _BARE_AFTER.search(folded, max(s_start, q.start - 8), q.start)
        and folded[q.end : q.end + 1] in (".", ";", ",", "")
    ):
        return True  # "khắc phục sau 16.": a bare number after a preposition (a scan's letters)
    if _CAPTION_NUMBER.fullmatch(folded, folded.rfind("\n", 0, q.start) + 1, q.start) and folded[
        q.end : q.end + 1
    ] in (".", ":"):
        return True  # "Bảng 1. Hàng hóa thông qua cảng biển": the number of a table
    return (
        q.value in (100.0, 1000.0, 10000.0, 100000.0)
        and fold(q.unit) in _PER_POPULATION_AFTER
        and _PER_POPULATION.ends(folded, before, q.start)
    ) or (
        # "trên 1 vạn dân", "Giá trị sản phẩm/1 ha đất canh tác": the one of a ratio's denominator
        q.value == 1.0
        and q.op in ("=", ">")
        and fold(q.unit) in _PER_ONE
        and (_PER_POPULATION.ends(folded, before, q.start) or folded[q.start - 1 : q.start] == "/")
    )


def _is_rate_of_previous(prev: Quantity | None, q: Quantity) -> bool:
    """``346/372 đơn, đạt 93%``: the percentage is the ratio just stated, a rate."""
    if prev is None or prev.of is None or not prev.of or prev.value is None or q.value is None:
        return False
    return abs(prev.value / prev.of * 100 - q.value) < 0.6
