"""The role of one figure (result, target, change, attainment, excess), its basis and its sign.

The last trigger word before the figure in its part (:func:`chitieu.extract.roles.find_triggers`)
and the basis named after it decide, with what the figures before it in the sentence
established; a part of the report that lists targets makes its figures targets.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from chitieu.extract.clauses import BASIS_HEAD, FILLER, in_brackets
from chitieu.extract.lexicon import phrase_class
from chitieu.extract.roles import Trigger, find_basis, is_measure_unit
from chitieu.model import Quantity, Role

if TYPE_CHECKING:
    from chitieu.extract.figure import FigureState

__all__ = ["role_of"]

_BEATEN = re.compile(
    r"\s+muc\s+"
)  # "vượt mức chỉ tiêu …": by how much (not "vượt mục tiêu 8,5%": its figure)
_PLAN_BASES = {"Nghị quyết", "kế hoạch", "dự toán", "chỉ tiêu"}
_DOCUMENT_NAME = phrase_class("structure", "sentences", "document_name")
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
_LEVEL_BEFORE = re.compile(r"\bmuc(?:\s+(?:tang truong|tang|giam))?\s+$")
_PLAN_COLON = re.compile(
    r"\b(?:nghi quyet|ke hoach|chi tieu|kh|nq|muc tieu)(?:\s+(?:nam|nam \d{4}|giao|de ra|dieu chinh))?\s*:\s*$"
)
_NAMED_PLAN = re.compile(r"\b(?:ke hoach|du toan|nghi quyet)\s+(?:nam\s+)?(?:19|20)\d\d\b")


def role_of(
    folded: str,
    text: str,
    s_start: int,
    p_start: int,
    q: Quantity,
    triggers: list[Trigger],
    post_end: int,
    state: FigureState,
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
        if (
            not goal
            and i
            and kinds[i - 1] == "excess"
            and _BEATEN.fullmatch(folded, triggers[i - 1].end, plan.start)
        ):
            # "vượt mức chỉ tiêu Trung ương giao 22,2%": by how much the plan was beaten
            return "excess", find_basis(folded, plan.start, plan.end) or "kế hoạch", 1
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
        if pre_basis is not None and BASIS_HEAD.match(folded, p_start):
            return "attainment", pre_basis, 1
        if _is_rate_of_previous(state.prev, q):
            return "actual", None, 1  # "118/146 xã …, tương đương 80,82%": the ratio just stated
        # nothing but punctuation after the figure ("bằng 99,88%;"): a ratio to the plan
        bare = not folded[q.end : post_end].strip(" \n.,;:)")
        if last == "equal":
            # "bằng 36,2% GRDP": a share of something, not of a plan
            return ("attainment" if bare else "actual"), None, 1
        prev = state.prev
        if in_brackets(folded, s_start, q.start) and prev is not None and prev.unit != "%":
            # "(đạt 122,36%)" after an amount is attainment; after a count it is the count's rate
            return ("attainment" if is_measure_unit(prev.unit) else "actual"), None, 1
        if (
            prev is not None
            and prev.unit != "%"
            and prev.of is None
            and is_measure_unit(prev.unit)
            and not folded[prev.end : triggers[0].start].strip(" ,")
            and bare
            and not _SETTLED.search(folded, max(s_start, prev.start - 60), prev.start)
        ):
            return "attainment", None, 1  # "thu ngân sách đạt gần 900 tỷ đồng, đạt 130%": of the plan
        return "actual", None, 1
    if last is None and plan_colon is not None:
        # "KH: 95%", "Nghị quyết: 1.200": a target written after a result
        return "target", find_basis(folded, max(s_start, p_start - 16), p_start) or "kế hoạch", 1
    if last is None and q.unit == "%" and post_basis in _PLAN_BASES:
        return "attainment", post_basis, 1
    if last is None and q.sign and q.unit == "%" and in_brackets(folded, s_start, q.start):
        return "change", post_basis, q.sign
    # a bare figure after another repeats its role, but a count is no attainment ("đạt 100% chỉ
    # tiêu giao quân (180 thanh niên)")
    repeats = state.role in ("change", "excess") or (state.role == "attainment" and q.unit == "%")
    if last is None and repeats and state.prev is not None and FILLER.match(folded[p_start : q.start]):
        # "tăng 12% và 15%": a bare figure after another repeats its role
        return state.role, post_basis, state.sign
    return "actual", None, 1


def _is_rate_of_previous(prev: Quantity | None, q: Quantity) -> bool:
    """``346/372 đơn, đạt 93%``: the percentage is the ratio just stated, a rate."""
    if prev is None or prev.of is None or not prev.of or prev.value is None or q.value is None:
        return False
    return abs(prev.value / prev.of * 100 - q.value) < 0.6
