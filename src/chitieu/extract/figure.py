"""One figure of a sentence as a fact: the part it sits in, the indicator it measures, its
role and its period.

A part that opens with a noun phrase names a new indicator ("Tổng giá trị sản xuất ngành
nông nghiệp đạt 28.157 tỷ đồng"); a part that opens with a trigger word continues the one
before (", vượt 0,4% kế hoạch, tăng 2,9% so cùng kỳ"). :class:`FigureState` carries what
the figures before it in the sentence (and the paragraph) established.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from chitieu.extract.clauses import (
    BASIS_HEAD,
    DIGIT,
    FILLER,
    after_last_break,
    joined_end,
    joined_start,
    next_break,
    only_qualifier,
    part_start,
)
from chitieu.extract.compose import Neighbourhood, compose, settle
from chitieu.extract.figure_roles import role_of
from chitieu.extract.indicators import (
    balanced,
    child_name,
    indicator_name,
    is_fragment,
    joined_before,
    list_item_name,
    names_nothing,
    only_verbs,
    sentence_subject,
    trim_name,
)
from chitieu.extract.lexicon import phrase_class
from chitieu.extract.non_facts import not_a_fact
from chitieu.extract.periods import PeriodMention, settle_period
from chitieu.extract.roles import (
    PER_TEN_THOUSAND,
    Trigger,
    find_triggers,
    governed_by_estimate,
    is_measure_unit,
    is_structural,
)
from chitieu.extract.sections import Paragraph
from chitieu.model import Fact, Quantity, Role
from chitieu.text.normalize import fold

__all__ = ["FigureState", "figure_fact"]

_RESULT_IN_TARGETS = phrase_class("structure", "sentences", "result_in_targets")
_GOAL = re.compile(r"\bphan\s+dau\b")
_CHILD = re.compile(r"\s*trong\s+do\s*:?\s*")
_WORD = re.compile(r"[a-z]{2,}")


@dataclass
class FigureState:
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


def figure_fact(
    para: Paragraph,
    text: str,
    folded: str,
    s_start: int,
    s_end: int,
    q: Quantity,
    state: FigureState,
    source: str,
    trust_marks: bool,
) -> Fact | None:
    ctx = para.context
    sentence_indicator = state.indicator  # the indicator of the sentence's figures so far
    prev_q = state.prev  # the figure before this one in the sentence
    p_start, mark = part_start(folded, s_start, q, state.prev)
    triggers = find_triggers(folded, p_start, q.start, text if trust_marks else None)
    # the part's own words before its first trigger: a new indicator if they name something
    head_end = triggers[0].start if triggers else q.start
    head = text[p_start:head_end]
    fhead = folded[p_start:head_end]
    name_start = joined_start(folded, p_start, state.prev.end if state.prev else s_start)
    if mark != "number" and triggers and (not trim_name(head) or _sets_a_target(fhead, triggers[0])):
        # a part that opens with its verb ("Giảm tỷ lệ học sinh bỏ học còn 0,89%"): the verb's
        # object names the figure
        for t, nxt in zip(triggers, [*triggers[1:], None], strict=True):
            gap_end = nxt.start if nxt is not None else q.start
            gap = folded[t.end : gap_end]
            if (
                _WORD.search(gap)
                and not FILLER.match(gap)
                and not only_qualifier(gap)
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
        before = after_last_break(
            folded, max(s_start, state.prev.end if state.prev else s_start), p_start - 1
        )
        seg = text[before : p_start - 1]
        if (
            state.prev is not None
            and before > state.prev.end
            and not DIGIT.search(folded, before, p_start - 1)
            and not find_triggers(folded, before, p_start - 1)
            and trim_name(seg)
            and not names_nothing(seg)
        ):
            head, fhead, name_start = seg, folded[before : p_start - 1], before
            mark = "segment"
    if mark == "(" and not trim_name(head):
        # "… tỷ lệ đô thị hóa (đạt 18,5%, Nghị quyết 22%)": the words before the bracket name it,
        # unless they are the words of the figure before ("14 đề tài, dự án (155,6% kế hoạch)")
        before = after_last_break(folded, s_start, p_start - 1)
        tail_of_prev = (
            state.prev is not None
            and folded[before - 1 : before] == ","
            and not folded[state.prev.end : before - 1].strip()
            and joined_before(folded, state.prev.start, before - 1)
        )
        if (
            not tail_of_prev
            and not DIGIT.search(folded, before, p_start - 1)
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
        and not FILLER.match(fhead)
        and not only_qualifier(fhead)
        and not BASIS_HEAD.match(fhead)
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
    post_end = next_break(folded, q.end, s_end)
    first = triggers[0].kind if triggers else None
    last = triggers[-1].kind if triggers else None
    inherit_named = not new_subject and (
        not state.indicator
        or (mark == "number" and q.unit != (state.prev.unit if state.prev else ""))
        or (q.unit == "%" and last in ("share", "rate") and not state.indicator.startswith(("Tỷ", "Số")))
    )
    tail = (
        _tail(text, folded, q.end, joined_end(folded, post_end, s_end))
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
        if q.unit in state.by_unit and BASIS_HEAD.match(fold(state.head)):
            state.indicator = state.by_unit[q.unit]  # "so với cùng kỳ giảm 3 vụ": the count named before
    elif q.unit == "%" and last in ("share", "rate") and not state.indicator.startswith(("Tỷ", "Số")):
        state.indicator = indicator_name(head, q.unit, tail=tail, trigger=last)
    elif (
        (mark in (",", "(") or (mark == "number" and state.prev is not None and state.prev.unit == q.unit))
        and FILLER.match(fhead)
        and q.unit
        and not is_measure_unit(q.unit)
        and state.prev is not None
        and (state.prev.unit == q.unit or fold(q.unit) not in fold(state.indicator))
    ):
        # "05 xã đạt chuẩn nông thôn mới, 3 xã đạt chuẩn nông thôn mới nâng cao": the next count
        # of the same noun is named by what follows it; "42 di tích (…), 05 di sản văn hóa":
        # a count of another noun is a count of its own
        own = _tail(text, folded, q.end, joined_end(folded, post_end, s_end))
        if trim_name(own) or state.prev.unit != q.unit:
            state.indicator = indicator_name("", q.unit, tail=own)

    opens_child = _CHILD.match(folded, p_start) if sentence_indicator else None
    if opens_child is not None:
        # "… nước hợp vệ sinh 99% (trong đó nước sạch 68%)": a part of the indicator before it
        child = child_name(sentence_indicator, text[opens_child.end() : head_end])
        if child:
            state.indicator = child
    if not_a_fact(folded, s_start, q):
        return None
    listed = 0 <= state.listed <= q.start
    in_targets = (ctx.targets or listed) and not _reports_result(folded, state.clause_start, q.start)
    role, basis, sign = role_of(folded, text, s_start, p_start, q, triggers, post_end, state, in_targets)
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


_PER = re.compile(r"\s*/\s*(van dan|nghin dan|1\.000 dan|10\.000 dan|nguoi|ha|km2)\b")
_PER_CANON = {"van dan": "vạn dân", "nghin dan": "nghìn dân", "nguoi": "người", "ha": "ha", "km2": "km2"}


def _tail(text: str, folded: str, pos: int, end: int) -> str:
    """The words after a figure up to the next break, trigger word or number."""
    cut = end
    base = _BASIS_IN_TAIL.search(folded, pos, end) or _RATIO_NEXT.search(folded, pos, end)
    if base is not None:
        # "giảm 3 vụ so với cùng kỳ": the base is no part of the name; "56 vụ/61 bị cáo": nor the
        # count after the slash
        cut = base.start()
    m = DIGIT.search(folded, pos, cut)
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
    per = PER_TEN_THOUSAND.search(folded, s_start, s_end)  # a clause without it needs no expression
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


def _reports_result(folded: str, start: int, pos: int) -> bool:
    """A clause of a target part that reports a result ("năm 2024 ước đạt 7,2%")."""
    m = _RESULT_IN_TARGETS.search(folded, start, pos)
    return m is not None and _GOAL.search(folded, start, pos) is None
