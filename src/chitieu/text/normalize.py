"""Unicode normalisation of Vietnamese text: NFC, canonical tone placement, folding.

Vietnamese text reaches us in several spellings of the same syllable: composed or
decomposed code points, "hoà" or "hòa", "thuỷ" or "thủy". Everything inside chitieu
works on one canonical form: NFC with the tone mark on the first vowel of the
diphthongs ``oa``, ``oe`` and ``uy`` when they end the syllable ("hòa", "thủy"),
which is the form used by the facts contract and most current official writing.

:func:`fold` strips diacritics and maps ``đ`` to ``d`` (for matching words whatever
the input's marks); :func:`fold_with_map` does the same and keeps, for every
character of the folded text, the offset of the character it came from.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "canonical",
    "fold",
    "fold_char",
    "fold_with_map",
    "nfc",
    "strip_marks",
]

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below

# "oà" -> "òa" etc. at the end of a syllable (not "hoàn", "thuyền").
_OLD_STYLE = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_OLD_STYLE.update({k.upper(): v.upper() for k, v in list(_OLD_STYLE.items())})
_OLD_STYLE.update(
    {k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_OLD_STYLE.items()) if k.islower()}
)
# "qu" + tone on "y" is already canonical ("quý"): the "u" of "qu" is a consonant. Every old
# spelling is two letters at a word's end: the expression finds any such pair that begins as one
# does (the scan skips to those letters at once) and the table says whether it is one.
assert all(len(k) == 2 for k in _OLD_STYLE)
_OLD_RE = re.compile(
    "([" + re.escape("".join(sorted({k[0] for k in _OLD_STYLE}))) + r"](?<![qQ].)[^\W\d_])(?![^\W\d_])"
)


def nfc(text: str) -> str:
    """Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def canonical(text: str) -> str:
    """NFC with canonical tone placement ("hoà" -> "hòa", "thuỷ" -> "thủy")."""
    text = nfc(text)
    return _OLD_RE.sub(lambda m: _OLD_STYLE.get(m.group(1), m.group(1)), text)


_FOLD_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """One character without diacritics, ``đ`` as ``d``; case is kept."""
    out = _FOLD_CACHE.get(ch)
    if out is None:
        if ch == "đ":
            out = "d"
        elif ch == "Đ":
            out = "D"
        else:
            base = unicodedata.normalize("NFD", ch)
            out = "".join(c for c in base if not unicodedata.combining(c))
            if len(out) != 1:
                out = ch
        _FOLD_CACHE[ch] = out
    return out


def strip_marks(text: str) -> str:
    """Diacritics removed, ``đ`` -> ``d``; case and length (in NFC code points) kept."""
    return nfc(text).translate(_STRIP_TABLE)


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x2000):
        ch = chr(cp)
        f = fold_char(ch.lower()) if len(ch.lower()) == 1 else ch
        if f != ch:
            table[cp] = f
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    return table


_FOLD_TABLE = _build_fold_table()
_STRIP_TABLE = {cp: fold_char(chr(cp)) for cp in range(0xC0, 0x2000) if fold_char(chr(cp)) != chr(cp)}


def fold(text: str) -> str:
    """Lower-case text without diacritics: the key used for matching words.

    For NFC input the result has exactly one character for each input character,
    so offsets into the folded text are offsets into the input.
    """
    out = text.translate(_FOLD_TABLE)
    lower = out.lower()
    if lower == out:
        return out
    if len(lower) == len(out):
        return lower
    # a rare character lower-cases to two (U+0130 "İ"): keep such characters as they are
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for each folded character, its offset in ``text``.

    ``text`` should already be NFC; the folded string has the same length, so the
    map is the identity except where a character folds to nothing, which NFC text
    does not contain. The map is returned so callers never rely on that.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch).lower()
        for c in f:
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets
