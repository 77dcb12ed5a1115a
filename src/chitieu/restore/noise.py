"""A noise model: clean Vietnamese damaged the way OCR engines without Vietnamese do it.

Modelled on scanned provincial reports: most tone marks dropped, the rest often
printed as an acute; ``â ă ê ô ơ ư`` lose their shape (``ư`` also read as ``w``, ``ir``,
``tr``; ``ô`` as ``6``; ``â`` as ``i`` or ``d``); ``đ`` read as ``d`` and a capital ``Đ``
as ``P``, ``D`` or ``B``; ``l`` as ``1``; ``ủ`` as ``@``; a few frequent words in their
typical damaged shapes (``của`` as ``ciia``, ``được`` as ``dugc``). Digits, numbers,
punctuation, spacing and line breaks are kept. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
import unicodedata

from chitieu.text.normalize import canonical, strip_marks

__all__ = ["damage", "damage_word", "strip"]

_WORD = re.compile(r"[^\W\d_]+")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SHAPES = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn
_ACUTE = "\u0301"

# whole words (lower case) -> damaged shapes OCR engines print for them
_WORDS: dict[str, tuple[str, ...]] = {
    "của": ("ciia", "cta", "ctia", "cia", "caa", "cua", "cua", "cua"),
    "ủy": ("@y", "ty", "ay", "Gy", "tiy", "uy", "uy"),
    "xã": ("x3", "x4", "xa", "xa", "xa"),
    "đã": ("d3", "di", "da", "da", "da"),
    "lệ": ("18", "1é", "le", "le"),
    "lớn": ("10n", "16n", "lon", "lon"),
    "có": ("c6", "co", "co", "co"),
    "số": ("s6", "sb", "so", "so", "so"),
    "tổ": ("t6", "to", "to"),
    "được": ("dugc", "duoc", "duoc", "dwoc", "duqc"),
    "nước": ("nudc", "nuée", "nuoc", "nuoc"),
    "năm": ("nim", "ndm", "naim", "nam", "nam"),
    "tăng": ("ting", "tang", "tang"),
    "những": ("nhitng", "nhirng", "nhimg", "nhung", "nhung"),
    "chức": ("chirc", "chtrc", "chire", "chuc", "chuc"),
    "với": ("véi", "voi", "voi"),
    "cấp": ("cip", "cép", "cap", "cap"),
}
# shaped vowels without their shape, as OCR reads them (weights)
_SHAPE_LOSS: dict[str, tuple[tuple[str, int], ...]] = {
    "ư": (("u", 8), ("w", 2), ("ir", 1), ("tr", 1), ("y", 2), ("it", 1)),
    "ơ": (("o", 8), ("e", 3), ("6", 1), ("d", 1)),
    "ô": (("o", 8), ("6", 1), ("d", 1), ("b", 1), ("0", 1)),
    "â": (("a", 7), ("i", 3), ("d", 2)),
    "ă": (("a", 7), ("i", 3), ("d", 1)),
    "ê": (("e", 12), ("€", 1), ("¢", 1)),
}


def strip(text: str) -> str:
    """``text`` without diacritics (``đ`` as ``d``); case, digits and punctuation kept."""
    return strip_marks(text)


def _pick(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _, w in options)
    x = rng.random() * total
    for s, w in options:
        x -= w
        if x < 0:
            return s
    return options[-1][0]


def _case_like(word: str, src: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def damage_word(word: str, rng: random.Random, rate: float = 1.0) -> str:
    """One word damaged (its case kept as far as the damage allows)."""
    lower = word.lower()
    shapes = _WORDS.get(lower)
    if shapes is not None and rng.random() < 0.9 * rate:
        return _case_like(rng.choice(shapes), word)
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch in "đĐ":
            if ch == "Đ" and rng.random() < 0.9 * rate:
                out.append(_pick(rng, (("P", 6), ("D", 3), ("B", 1))))
            elif rng.random() < 0.97 * rate:
                out.append("D" if ch == "Đ" else "d")
            else:
                out.append(ch)
            continue
        if ch in "lL" and i == 0 and rng.random() < 0.1 * rate:
            out.append("1")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = next((m for m in marks if m in _TONES), "")
        shape = next((m for m in marks if m in _SHAPES), "")
        if tone:
            x = rng.random()
            if x < 0.68 * rate:
                tone = ""
            elif x < 0.93 * rate:
                tone = _ACUTE
        if shape:
            shaped = unicodedata.normalize("NFC", base.lower() + shape)
            if rng.random() < 0.88 * rate:
                new = _pick(rng, _SHAPE_LOSS.get(shaped, ((base.lower(), 1),)))
                if base.isupper():
                    new = new.upper()
                if tone and new.lower() in "aeiouy":
                    new = unicodedata.normalize("NFC", new + _ACUTE)
                out.append(new)
                continue
        out.append(unicodedata.normalize("NFC", base + shape + tone))
    return "".join(out)


def damage(text: str, seed: int = 0, rate: float = 1.0) -> str:
    """``text`` damaged like the OCR of a scanned report; line breaks and numbers kept.

    ``rate`` scales every kind of damage (0: unchanged, 1: like the sample report).
    """
    rng = random.Random(seed)
    text = canonical(text)
    return _WORD.sub(lambda m: damage_word(m.group(), rng, rate), text)
