"""The forms a line's words take that the restorer reads apart from its syllables.

OCR's digit-words ("ty 18" for "tỷ lệ", a lone "16" for "lở"), a heading's marker
("II.", "a)"), a line in capitals, a word shouted by OCR ("TO lệ"), the symbols OCR
prints for letters, and the casing of a chosen word as its token was printed.
"""

from __future__ import annotations

import re
from itertools import filterfalse

from chitieu.restore.tokens import OCR_SYMBOLS, apply_case, case_of

# "tỷ lệ" as an OCR engine without Vietnamese reads it: "ty 18", "Ty 1é", "tý 16". The second
# word is digits or a digit-like letter; after "tỷ" it can only be "lệ" (a figure follows the
# phrase, it never sits inside it), so it is the one digit token the restorer changes.
_TY_LE = re.compile(
    r"\b([Tt][yýỷỳlIiO0U6f]?|T[YÝỶ])(\s+)(18|16|10|1[eéèẻ€¢&]|[lI][éèẻ€¢&068l]|[1lI](?=\s+[^\W\d_]))(?=\s+([^\W_]))"
)


def _ocr_digit_words(line: str) -> str:
    """Read OCR digit-words of a damaged line back as letters ("ty 18" -> "ty lệ")."""

    def repl(m: re.Match[str]) -> str:
        first, gap, second, after = m.group(1, 2, 3, 4)
        if second == "10" and after.isdigit():
            return m.group(0)  # "tổ 10 12" may be a real 10; only a word after it says "lệ"
        heading = len(first) > 1 and first.isupper() and after.isupper()
        if first.lower() not in ("ty", "tý", "tỷ", "tỳ"):
            # "TO", "tl", "T0": no reading of its own, and "lệ" follows: it is "tỷ"
            first = "TỶ" if heading else ("Tỷ" if first[0] == "T" else "tỷ")
        return first + gap + ("LỆ" if heading else "lệ")

    # every match starts with "t" or "T", at most one more character, spaces, then 1, l or I:
    # the cheap test skips the lines (most of them) with nothing of the kind
    return _TY_LE.sub(repl, line) if _TY_LE_HINT.search(line) else line


_TY_LE_HINT = re.compile(r"[Tt]\S?\s+[1lI]")


_LETTER_DIGITS = "013468"  # the digits OCR prints for letters (l, ô, ơ, ê, a, ...)


def _lone_short_number(line: str, start: int, end: int) -> bool:
    """Two or three of the digits OCR prints for letters, standing alone: not part of a longer
    number, a date, a code or a percentage ("16" in "sạt 16 bờ sông", not in "16,5", "16/8",
    "16%", "QL-16"), nor written with a leading zero ("03 Ủy viên")."""
    digits = line[start:end]
    if not 2 <= len(digits) <= 3 or digits[0] == "0" or digits.strip(_LETTER_DIGITS):
        return False
    before, after = line[start - 1 : start], line[end : end + 2]
    if before and before in "/-.,:":
        return False
    if after[:1] == "%" or (after[:1] and after[:1] in "/-.,:" and after[1:2].isdigit()):
        return False
    return not (after[:1].isalpha() or before.isalpha())


_ROMAN_DAMAGED = re.compile(r"[IVX][IVX1l]{1,3}")  # a roman numeral with "l" or "1" for "I"
_ROMAN_OCR = re.compile(r"[1l]")
_MARKER = re.compile(r"(?:[IVXL]{1,4}|[IVX][IVX1l]{1,3}|[A-HĐa-hđ])")


def _is_marker(line: str, start: int, end: int, text: str) -> bool:
    """A heading marker at the start of a line: a roman numeral or a letter before "." / ")"."""
    return (
        not line[:start].strip() and line[end : end + 1] in (".", ")", "-") and bool(_MARKER.fullmatch(text))
    )


def _shouting(text: str, line: str, end: int) -> bool:
    """A short word in capitals followed by a lower-case word: "TO lệ", "SO xã" (OCR), not "UBND"."""
    if not (1 < len(text) <= 3 and text.isupper()):
        return False
    rest = line[end:].lstrip()
    return bool(rest) and rest[0].islower()


def _is_heading(tokens: list[str]) -> bool:
    """Words (the texts of a line's tokens) mostly in capitals: a heading."""
    words = list(filterfalse(str.isdigit, tokens))
    return len(words) >= 2 and sum(map(str.isupper, words)) >= 0.6 * len(words)


OCR_LETTERS = OCR_SYMBOLS + "&"  # what OCR prints for a letter it does not know
# lower-case letters around a digit or symbol OCR prints for a letter, or a "1" for an "l"
_OCR_INSIDE = re.compile(r"[^\W\d_]?[^\W\d_A-ZĐ]*[^\W\d_A-ZĐ][0168@€¢][^\W\d_A-ZĐ]+|1[^\W\d_A-ZĐ]{3,}")
# a capital followed by the digits or symbols OCR prints for vowels: "C6" (Có), "T6" (Tổ)
_OCR_CAPITAL = re.compile(r"[A-ZĐ][0-8@&€¢]")


def _cased(word: str, source: str) -> str:
    if source[:1] == "I" and source[1:2].islower() and word[:1] == "l":
        source = "l" + source[1:]  # "Iy", "Ia": a lower-case l read as a capital I (lý, là)
    pattern = case_of(source)
    if pattern == "mixed":
        pattern = "title" if source[:1].isupper() else "lower"
    if pattern == "upper" and len(source) == 1 and len(word) > 1:
        pattern = "title"
    return apply_case(word, pattern)
