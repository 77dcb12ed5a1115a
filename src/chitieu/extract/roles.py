"""The words around a figure that give it its meaning: role, basis, estimate.

All patterns match *folded* text (lower case, no diacritics, ``đ`` as ``d``;
see :func:`chitieu.text.normalize.fold`), so they work the same on clean
Vietnamese, on text typed without diacritics and on restored OCR output. A few
frequent OCR spellings of the trigger words are accepted as well (``ting`` for
``tăng``, ``gidm`` for ``giảm``, ``vurot`` for ``vượt``, ``udc`` for ``ước``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "BASES",
    "STRUCTURAL_UNITS",
    "Trigger",
    "find_basis",
    "find_triggers",
    "governed_by_estimate",
    "is_measure_unit",
    "is_structural",
]

# kind -> pattern. Kinds: excess, rise, fall, fall_to, times, equal, reach, share, plan, rate
_TRIGGER_PATTERNS: list[tuple[str, str]] = [
    ("excess", r"\bv(?:u|w|ur|ir)(?:o|g|q|e)?t\b|\bvi[l1]{1,2}i?t\b"),
    ("fall_to", r"\bg(?:i|j)(?:a|d|i)m(?:\s+xuong)?\s+(?:con|chi con)\b|\bgiam xuong(?= (?:duoi|muc|con)\b)"),
    (
        "rise",
        r"(?<!ha\s)(?<!muc\s)(?<!do\s)\b(?:gia\s+)?t(?:a|i|d)ng(?:\s+(?:them|len|them duoc))?\b(?!\s+(?:truong|cuong|ca\b|gia\b|huy|bang|giay|thuong|qua\b|lop))",
    ),
    (
        "fall",
        r"(?<!muc\s)(?<!do\s)\bg(?:i|j)(?:a|d|i)m(?:\s+(?:xuong|bot|di))?\b(?!\s+(?:sat|doc|dinh|ho\b|khao|thi\b))",
    ),
    ("times", r"\bgap\b"),
    ("equal", r"\bbang\b|\btuong duong(?:\s+voi)?\b"),
    (
        "reach",
        r"\b(?:uoc\s+)?(?:(?:dat|hoan thanh) va vuot|dat|dat duoc|hoan thanh)\b"
        # "đạt chuẩn", "hoàn thành tốt nhiệm vụ" describe what is counted, not the figure
        r"(?!\s+(?:chuan|danh hieu|tieu chi|tieu chuan|yeu cau|(?:tot |xuat sac )?nhiem vu|xuat sac|tot))",
    ),
    ("share", r"\bchiem\b"),
    ("rate", r"\bty (?:le|trong)\s*$"),
    ("level", r"\b(?:chi con|con|con lai|xuong con)\s*$"),
    ("above", r"\bcao hon\b"),
    ("below", r"\bthap hon\b"),
    (
        "plan",
        r"(?<![/\-])\b(?:nghi quyet(?:\s+(?:de ra|dat ra|giao))?|ke hoach(?:\s+(?:de ra|giao|nam))?|chi tieu"
        r"(?:\s+(?:de ra|giao|nghi quyet|ke hoach))?|muc tieu|phan dau(?:\s+dat)?|du toan(?:\s+giao)?"
        r"|nq|kh)\b(?![\-/])(?! so\b| \d| \w+/)",
    ),
]


def _ws(pattern: str) -> str:
    """A space in a pattern stands for any run of white space: phrases wrap across lines."""
    return pattern.replace(" ", r"\s+")


_TRIGGER_RE = re.compile("|".join(f"(?P<{k}{i}>{_ws(p)})" for i, (k, p) in enumerate(_TRIGGER_PATTERNS)))
_KINDS = {f"{k}{i}": k for i, (k, _) in enumerate(_TRIGGER_PATTERNS)}


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    start: int
    end: int


# The marked spelling of each trigger's head word: a marked word that folds the same but is
# spelt otherwise is another word ("tầng", "tặng" are not "tăng"; "đất" is not "đạt").
_SPELLING = {
    "excess": {"vượt"},
    "rise": {"tăng", "gia"},
    "fall": {"giảm"},
    "fall_to": {"giảm"},
    "times": {"gấp"},
    "equal": {"bằng", "tương"},
    "reach": {"đạt", "ước", "hoàn"},
    "share": {"chiếm"},
}
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
    (re.compile(_ws(p)), name)
    for p, name in (
        (r"\b(?:cung ky|ck)\b", "cùng kỳ"),
        (r"\bnam truoc\b|\bso (?:voi )?(?:cuoi )?nam (?:19|20)\d\d\b", "năm trước"),
        (r"\b(?:nghi quyet|nq)\b", "Nghị quyết"),
        (r"\b(?:ke hoach|kh)\b|\bk[a-z]{1,2} ho[a-z]{1,3}ch\b", "kế hoạch"),
        (r"\bdu toan\b|\bd[a-z]{0,2} to[a-z]n\b", "dự toán"),
        (r"\bchi tieu\b", "chỉ tiêu"),
    )
]


def find_basis(folded: str, start: int = 0, end: int | None = None) -> str | None:
    """The first basis named in ``folded[start:end]`` (``kế hoạch``, ``cùng kỳ``...), or None."""
    end = len(folded) if end is None else end
    best: tuple[int, str] | None = None
    for rx, name in BASES:
        m = rx.search(folded, start, end)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


_ESTIMATE_RE = re.compile(r"\b(?:uoc|udc|wec|uoc tinh)\b")


def governed_by_estimate(folded: str, start: int, end: int) -> bool:
    """Whether ``ước`` (estimated) governs the text ``folded[start:end]``."""
    return _ESTIMATE_RE.search(folded, start, end) is not None


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


_STRUCTURAL_HEADS = frozenset(s.split(" ", 1)[0] for s in STRUCTURAL_UNITS)


def is_structural(unit: str) -> bool:
    """Counts that structure a report ("25 chỉ tiêu", "03 khâu đột phá") rather than measure a year."""
    return (
        bool(unit)
        and unit.split(" ", 1)[0] in _STRUCTURAL_HEADS
        and any(unit == s or unit.startswith(s + " ") for s in STRUCTURAL_UNITS)
    )


def is_measure_unit(unit: str) -> bool:
    """True for units of measure (money, %, area, mass, ratios); False for counted nouns."""
    u = unit.lower()
    return u in _MEASURE or "/" in u or "%" in u or "đồng" in u or "usd" in u or u.split(" ")[-1] in _MEASURE
