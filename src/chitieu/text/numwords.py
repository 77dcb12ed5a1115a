"""Figures written in words: ``gấp đôi`` (2 lần), ``hai xã``, ``ba mươi lăm người``.

Only number words in front of a known unit count (``một`` never does: ``một số``,
``một trong``, ``một nửa`` are not figures). Words that are numbers only with their
diacritics (``ba``/``bà``, ``sáu``/``sau``) must be written with them.
"""

from __future__ import annotations

import re

from chitieu.model import Quantity, Span
from chitieu.text.units import match_unit

__all__ = ["find_number_words"]

# folded word -> (value, spellings accepted in the original text, lower-cased)
_DIGITS: dict[str, tuple[int, frozenset[str]]] = {
    "hai": (2, frozenset({"hai"})),
    "ba": (3, frozenset({"ba"})),
    "bon": (4, frozenset({"bốn", "bon"})),
    "tu": (4, frozenset({"tư"})),
    "nam": (5, frozenset({"năm"})),
    "lam": (5, frozenset({"lăm"})),
    "sau": (6, frozenset({"sáu"})),
    "bay": (7, frozenset({"bảy", "bẩy"})),
    "tam": (8, frozenset({"tám"})),
    "chin": (9, frozenset({"chín"})),
    "muoi": (10, frozenset({"mười", "muoi"})),
    "mot": (1, frozenset({"một", "mốt"})),
}
_LEAD = ("hai", "ba", "bon", "sau", "bay", "tam", "chin", "muoi")
_WORD = "|".join(_DIGITS)
_NUMWORDS = re.compile(
    rf"(?<!\w)(?:gap[ \t]+(?P<gap>doi|ruoi|hai|ba|bon|nam|muoi)(?!\w)"
    rf"|(?P<w>(?:{'|'.join(_LEAD)})(?:[ \t]+(?:{_WORD}|muoi|tram|linh|le))*)(?!\w))"
)
_GAP = {"doi": 2.0, "ruoi": 1.5, "hai": 2.0, "ba": 3.0, "bon": 4.0, "nam": 5.0, "muoi": 10.0}
_LAN = re.compile(r"[ \t]+l[a4]n(?!\w)")
# Units a number word does not count (mostly other senses of the word: "bà con", "năm").
_NOT_AFTER_WORDS = frozenset(
    {"con", "năm", "tháng", "ngày", "tuổi", "bản", "ban", "tổ", "em", "cây", "phần", "nhà", "khách",
     "điểm", "ca", "cầu", "lô", "xe", "hội", "sở", "ngành", "vùng", "khu", "mẫu", "giấy", "việc", "giờ",
     "phút", "m", "đồng", "bộ", "tờ", "thư", "đơn", "tin", "bài", "công", "độ"}
)  # fmt: skip


def _value(words: list[str]) -> float | None:
    total, current = 0, 0
    for w in words:
        if w == "tram":
            current = (current or 1) * 100
            total, current = total + current, 0
        elif w == "muoi" and current:
            current *= 10
        elif w in ("linh", "le"):
            continue
        elif w in _DIGITS:
            current += _DIGITS[w][0]
        else:
            return None
    return float(total + current)


def find_number_words(text: str, folded: str) -> list[Quantity]:
    """Figures written in words in ``text`` (``folded`` is its fold, same length)."""
    if "gap" not in folded and not any(w in folded for w in _LEAD):
        return []
    out: list[Quantity] = []
    for m in _NUMWORDS.finditer(folded):
        if m.group("gap"):
            value = _GAP[m.group("gap")]
            end = m.end()
            lan = _LAN.match(folded, end)
            if lan:
                end = lan.end()
            s = m.start("gap")
            out.append(Quantity(Span(s, end), "=", value, unit="lần", unit_span=Span(end - 3, end)))
            continue
        words = m.group("w").split()
        first = text[m.start() : m.start() + len(words[0])].lower()
        if first not in _DIGITS[words[0]][1]:
            continue
        u = match_unit(folded, m.end())
        if u is None or u[2] in _NOT_AFTER_WORDS or "\n" in folded[m.end() : u[0]]:
            continue
        written = text[u[0] : u[1]].lower()
        if not written.isascii() and not written.startswith(u[2]):
            continue  # marked otherwise: another word that folds alike ("khâu" is not "khẩu")
        counted = _value(words)
        if counted is None:
            continue
        out.append(Quantity(Span(m.start(), u[1]), "=", counted, unit=u[2], unit_span=Span(u[0], u[1])))
    return out
