"""The parts of a sentence that a figure sits in: where they break and what merely fills them.

A sentence is cut into *parts* at commas, brackets and colons (:func:`part_start`); a comma
inside a name ("nông, lâm nghiệp và thủy sản", "xã, phường") does not cut it
(:func:`joined_start`, :func:`joined_end`). All offsets are into *folded* text.
"""

from __future__ import annotations

import re

from chitieu.extract.indicators import joined_before
from chitieu.model import Quantity

__all__ = [
    "BASIS_HEAD",
    "DIGIT",
    "FILLER",
    "PART_BREAK",
    "after_last_break",
    "in_brackets",
    "joined_end",
    "joined_start",
    "next_break",
    "only_qualifier",
    "part_start",
]

# ",", "(", ")", "[", "]" or ":" not before a digit ("ISO 9001:2015" is no break); written as one
# class of characters first, which the expression engine skips to at once (the alternation
# "[,()\[\]]|:(?!\d)" it replaces is tried at every character)
PART_BREAK = re.compile(r"[,()\[\]:](?<!:(?=\d))")
FILLER = re.compile(r"^[\s,;:()\-–]*(?:(?:va|hoac|con|rieng|trong do|cung|so voi|so)\b[\s,:]*)*$")
BASIS_HEAD = re.compile(r"\s*so(?:\s+voi)?\s+(?:cung ky|ke hoach|nghi quyet|du toan|chi tieu|nam|kh\b|nq\b)")
DIGIT = re.compile(r"\d")


def part_start(folded: str, s_start: int, q: Quantity, prev: Quantity | None) -> tuple[int, str]:
    """Where the part holding ``q`` begins, and the punctuation that opened it."""
    lo = max(s_start, prev.end if prev else s_start)
    best, mark = s_start, ""
    for m in PART_BREAK.finditer(folded, s_start, q.start):
        if m.start() >= best:
            best, mark = m.end(), m.group(0)
    if prev is not None and prev.end > best:
        return prev.end, "number"
    return max(best, lo if prev is None else best), mark


def in_brackets(folded: str, s_start: int, pos: int) -> bool:
    seg = folded[s_start:pos]
    return seg.count("(") > seg.count(")")


def only_qualifier(fhead: str) -> bool:
    return fhead.strip() in {"", "khoang", "gan", "hon", "tren", "duoi", "tu", "con", "la", "co", "duoc"}


def after_last_break(folded: str, lo: int, hi: int) -> int:
    """Where the text after the last part break ("," "(" ":" …) in ``folded[lo:hi]`` begins."""
    return max((m.end() for m in PART_BREAK.finditer(folded, lo, hi)), default=lo)


def joined_start(folded: str, start: int, floor: int) -> int:
    """Where a name begins that a comma inside it cut short ("nông, lâm nghiệp và thủy sản")."""
    while start > floor and folded[start - 1] == "," and joined_before(folded, floor, start - 1):
        before = after_last_break(folded, floor, start - 1)
        if DIGIT.search(folded, before, start - 1):
            break
        start = before
    return start


def joined_end(folded: str, end: int, s_end: int) -> int:
    """Where the words after a figure end, going on over commas inside a name ("xã, phường")."""
    while end < s_end and folded[end] == "," and joined_before(folded, end - 40, end):
        end = next_break(folded, end + 1, s_end)
    return end


def next_break(folded: str, pos: int, s_end: int) -> int:
    m = PART_BREAK.search(folded, pos, s_end)
    return m.start() if m else s_end
