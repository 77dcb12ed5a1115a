"""Figures that are no quantity of the report's period: an anniversary's age, a span of years,
the population of a per-capita ratio, a table's number, digits a scan made of letters.

The phrases are data (``lexicon/structure.toml`` ``[non_facts]``).
"""

from __future__ import annotations

import re

from chitieu.extract.clauses import DIGIT
from chitieu.extract.lexicon import phrase_class
from chitieu.extract.roles import find_triggers
from chitieu.model import Quantity
from chitieu.text.normalize import fold
from chitieu.text.units import is_known_unit

__all__ = ["not_a_fact"]

_ANNIVERSARY = phrase_class("structure", "non_facts", "anniversary_before")
_PER_POPULATION = phrase_class("structure", "non_facts", "per_population")
_PER_POPULATION_AFTER = frozenset(
    fold(p) for p in phrase_class("structure", "non_facts", "per_population_after").phrases
)
_PER_ONE = frozenset({"van dan", "ha", "km2", "nghin dan", "1.000 dan", "nguoi", "ho"})
_CAPTION_NUMBER = re.compile(r"\s*(?:bang|bieu|hinh|phu luc)(?:\s+so)?\s+")
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
    return not find_triggers(folded, part, q.start) and not DIGIT.search(folded, part, comma)


def not_a_fact(folded: str, s_start: int, q: Quantity) -> bool:
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
    if folded[q.end : q.end + 1] in (".", ":") and _CAPTION_NUMBER.fullmatch(
        folded, folded.rfind("\n", 0, q.start) + 1, q.start
    ):
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
