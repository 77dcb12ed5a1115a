"""The words around a figure that give it its meaning: role, basis, estimate.

All patterns match *folded* text (lower case, no diacritics, ``đ`` as ``d``;
see :func:`chitieu.text.normalize.fold`), so they work the same on clean
Vietnamese, on text typed without diacritics and on restored OCR output. The
trigger words, the bases and the estimate words are data, in ``lexicon/roles.toml``;
OCR misspellings are the restorer's to repair, not patterns here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from chitieu.errors import ChitieuError
from chitieu.extract.lexicon import lexicon, phrase_class

__all__ = [
    "BASES",
    "PER_TEN_THOUSAND",
    "STRUCTURAL_UNITS",
    "Trigger",
    "find_basis",
    "find_triggers",
    "governed_by_estimate",
    "is_measure_unit",
    "is_structural",
]


def _ws(pattern: str) -> str:
    """A space in a pattern stands for any run of white space: phrases wrap across lines."""
    return pattern.replace(" ", r"\s+")


def _compile_triggers() -> tuple[re.Pattern[str], dict[str, str]]:
    entries = lexicon("roles")["trigger"]
    try:
        # the word boundary before is tested once for all the words, not once for each: most
        # places in a text are inside a word, where it fails at once
        body = "|".join(
            rf"(?P<{e['kind']}{i}>(?:{_ws(e['pattern'])})(?![\w]))" for i, e in enumerate(entries)
        )
        rx = re.compile(rf"(?<![\w])(?:{body})")
    except (re.error, KeyError) as e:
        raise ChitieuError(f"Mẫu sai trong lexicon/roles.toml [[trigger]]: {e}") from e
    return rx, {f"{e['kind']}{i}": e["kind"] for i, e in enumerate(entries)}


_TRIGGER_RE, _KINDS = _compile_triggers()


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    start: int
    end: int


# The marked spelling of each trigger's head word (lexicon/roles.toml [spelling]).
_SPELLING: dict[str, set[str]] = {k: set(v) for k, v in lexicon("roles")["spelling"].items()}
_WORD_RE = re.compile(r"[^\W\d_]+")


def find_triggers(
    folded: str, start: int = 0, end: int | None = None, text: str | None = None
) -> list[Trigger]:
    """The trigger words in ``folded[start:end]``, in order.

    ``text`` is the unfolded text (same offsets); where given, a trigger whose
    head word carries marks that spell another word is dropped.
    """
    end = len(folded) if end is None else end
    out = []
    for m in _TRIGGER_RE.finditer(folded, start, end):
        kind = _KINDS[m.lastgroup or ""]
        if kind in ("rate", "level") and m.end() != end:
            continue
        if text is not None and kind in _SPELLING:
            w = _WORD_RE.match(text, m.start())
            word = w.group(0) if w else ""
            if not word.isascii() and word.lower() not in _SPELLING[kind]:
                continue
        out.append(Trigger(kind, m.start(), m.end()))
    return out


BASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?<![\w])(?:{_ws(b['pattern'])})(?![\w])"), b["name"]) for b in lexicon("roles")["basis"]
]


# all the bases in one expression: the first that matches where the earliest one begins
_BASIS_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(rf"(?:{_ws(b['pattern'])})(?![\w])(?P<b{i}>)" for i, b in enumerate(lexicon("roles")["basis"]))
    + ")"
)
_BASIS_NAMES = {f"b{i}": b["name"] for i, b in enumerate(lexicon("roles")["basis"])}


def find_basis(folded: str, start: int = 0, end: int | None = None) -> str | None:
    """The first basis named in ``folded[start:end]`` (``kế hoạch``, ``cùng kỳ``...), or None."""
    m = _BASIS_RE.search(folded, start, len(folded) if end is None else end)
    return _BASIS_NAMES[m.lastgroup or ""] if m is not None else None


_ESTIMATE_RE = phrase_class("roles", "estimate", "words").rx


def governed_by_estimate(folded: str, start: int, end: int) -> bool:
    """Whether ``ước`` (estimated) governs the text ``folded[start:end]``."""
    return _ESTIMATE_RE.search(folded, start, end) is not None


# A count per ten thousand people, folded ("số bác sĩ trên 10.000 dân", "giường bệnh/vạn dân").
PER_TEN_THOUSAND = re.compile(r"(?:/|tren)\s*(?:10\.000|mot van|1 van|van)\s+dan\b")

# Counts that structure a report rather than measure the year ("25 chỉ tiêu", "06 nhiệm vụ").
STRUCTURAL_UNITS = frozenset(
    {
        "chỉ tiêu",
        "nhiệm vụ",
        "giải pháp",
        "nhóm",
        "khâu",
        "khâu đột phá",
        "nội dung",
        "quan điểm",
        "mục tiêu",
        "đột phá",
    }
)

_MEASURE = frozenset(
    {
        "%", "ha", "tấn", "km", "m", "m2", "m3", "lần", "tạ", "kg", "lít", "năm", "tháng", "ngày", "giờ",
        "kwh", "mw", "kw", "mwh", "triệu tấn", "nghìn tấn", "nghìn ha", "triệu kwh", "tỷ kwh", "điểm",
        "con", "nghìn con", "triệu con", "bậc", "tạ/ha", "điểm phần trăm",
    }
)  # fmt: skip


# "đồng" as money: alone or after a multiplier, at the end or before "/" ("tỷ đồng", "triệu
# đồng/người/năm"); not "đồng chí" (comrades) or "cánh đồng" (fields), which are counted
_MONEY = re.compile(r"(?:^|(?:nghìn|ngàn|triệu|tỷ|tỉ) )đồng(?:$|\s*/)")


_STRUCTURAL_HEADS = frozenset(s.split(" ", 1)[0] for s in STRUCTURAL_UNITS)


def is_structural(unit: str) -> bool:
    """Counts that structure a report ("25 chỉ tiêu", "03 khâu đột phá") rather than measure a year."""
    return (
        bool(unit)
        and unit.split(" ", 1)[0] in _STRUCTURAL_HEADS
        and any(unit == s or unit.startswith(s + " ") for s in STRUCTURAL_UNITS)
    )


@lru_cache(maxsize=4096)
def is_measure_unit(unit: str) -> bool:
    """True for units of measure (money, %, area, mass, ratios); False for counted nouns (the
    units a report uses are few: cached)."""
    u = unit.lower()
    money = _MONEY.search(u) is not None
    return u in _MEASURE or "/" in u or "%" in u or money or "usd" in u or u.split(" ")[-1] in _MEASURE
