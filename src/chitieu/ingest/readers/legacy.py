"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC), VNI and Windows-1258.

Before Unicode, Vietnamese text was typed in 8-bit fonts. Two schemes dominate
old provincial files:

* **TCVN3** (TCVN 5712:1993, the ``ABC`` fonts ``.VnTime``, ``.VnArial``...): one
  byte per letter. The ``VN3`` set has the lower-case letters and the seven bare
  capitals (Ă Â Ê Ô Ơ Ư Đ); capitals with a tone mark are either typed in the
  upper-case fonts (``.VnTimeH``: the lower-case codes drawn as capitals) or, in
  the full ``VN1`` set, placed in the C0/C1 ranges. :func:`decode_tcvn3` reads
  the full set, so all 134 Vietnamese letters come out right.
* **VNI** (``VNI-Times``, ``VNI-Helve``...): an ASCII vowel followed by a byte
  for its marks (``Vieät`` = ``Việt``); ``ơ ư đ`` and the ``i`` family have their
  own bytes.
* **Windows-1258**: Microsoft's code page, base letters plus combining tone
  marks; Python's ``cp1258`` codec reads it.

Each byte is first read as the character Word shows for it in a legacy font,
i.e. through code page 1252 (so the same tables convert both text files and the
text of ``.docx`` runs), then translated. :func:`detect_legacy` picks the
encoding whose reading gives the most valid Vietnamese syllables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

__all__ = [
    "LEGACY_CODECS",
    "decode_bytes",
    "decode_tcvn3",
    "decode_vni",
    "detect_legacy",
    "encode_cp1258",
    "encode_tcvn3",
    "encode_vni",
    "font_codec",
    "is_valid_syllable",
    "vietnamese_letters",
]

LEGACY_CODECS = ("tcvn3", "vni", "cp1258")
CODEC_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI", "cp1258": "Windows-1258"}

# --- TCVN3: byte -> letter -------------------------------------------------------------------------
# Bytes 0x80-0xFF in order; "·" stands for a byte that keeps its code page 1252 meaning.
# 0xB0-0xB4 are the combining tone marks of the VN1 set (grave, hook, tilde, acute, dot below).
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "·ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
# capitals of the VN1 set placed among the C0 control codes
_TCVN3_LOW = {0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ"}
_TCVN3_LOW |= {0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ"}

# --- VNI: byte -> letter or marks to add to the preceding vowel ----------------------------------
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_TONES = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)
# lower-case byte characters; the upper-case byte (same letter, capital) means the same for capitals
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRC, "á": _CIRC + _ACUTE, "à": _CIRC + _GRAVE, "å": _CIRC + _HOOK, "ã": _CIRC + _TILDE,
    "ä": _CIRC + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _byte_char(b: int) -> str:
    """The character a byte stands for in a legacy font: its code page 1252 reading."""
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


@lru_cache(maxsize=1)
def _tcvn3_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for i, ch in enumerate(_TCVN3_HIGH):
        if ch == "·":
            continue
        b = 0x80 + i
        table[b] = ch
        table[ord(_byte_char(b))] = ch
    for b, ch in _TCVN3_LOW.items():
        table[b] = ch
    return table


@lru_cache(maxsize=1)
def _vni_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for k, v in _VNI_MARKS.items():
        table[ord(k)] = v
        table[ord(k.upper())] = v
    for k, v in _VNI_LETTERS.items():
        table[ord(k)] = v
        table[ord(k.upper())] = v.upper()
    return table


def _as_font_chars(data: bytes) -> str:
    """Bytes read as the characters a legacy font shows (code page 1252, undefined bytes as Latin-1)."""
    return data.decode("cp1252", errors="replace") if _all_defined(data) else "".join(map(_byte_char, data))


def _all_defined(data: bytes) -> bool:
    return not any(b in data for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def decode_tcvn3(text: str, *, upper: bool = False) -> str:
    """Text typed in a TCVN3 font (as code page 1252 characters) as Unicode NFC.

    ``upper`` is for the capitals-only fonts (``.VnTimeH``), which draw the
    lower-case codes as capitals.
    """
    out = unicodedata.normalize("NFC", text.translate(_tcvn3_table()))
    return out.upper() if upper else out


def decode_vni(text: str) -> str:
    """Text typed in a VNI font (as code page 1252 characters) as Unicode NFC."""
    return unicodedata.normalize("NFC", text.translate(_vni_table()))


def decode_bytes(data: bytes, codec: str) -> str:
    """Bytes in one of :data:`LEGACY_CODECS` as Unicode NFC (undecodable bytes become U+FFFD)."""
    if codec == "tcvn3":
        return decode_tcvn3(_as_font_chars(data))
    if codec == "vni":
        return decode_vni(_as_font_chars(data))
    if codec == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    raise ValueError(f"unknown legacy codec {codec!r}")


def font_codec(font: str | None) -> tuple[str, bool] | None:
    """The legacy encoding of a font name, and whether it is a capitals-only font, or None.

    ``.VnTime`` -> ("tcvn3", False), ``.VnTimeH`` -> ("tcvn3", True), ``VNI-Times`` -> ("vni", False).
    """
    if not font:
        return None
    name = font.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if re.match(r"(?i)vni[- ]", name):
        return "vni", False
    return None


# --- encoders (for tests and fixtures) -----------------------------------------------------------
@lru_cache(maxsize=1)
def _tcvn3_inverse() -> dict[str, int]:
    inverse: dict[str, int] = {}
    for b, ch in sorted(_tcvn3_table().items()):
        if b < 0x100 and len(ch) == 1 and not unicodedata.combining(ch) and ch not in inverse:
            inverse[ch] = b
    return inverse


def encode_tcvn3(text: str) -> bytes:
    """Unicode text as TCVN3 bytes (the full VN1 set, so capitals with marks are kept)."""
    inverse = _tcvn3_inverse()
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in inverse:
            out.append(inverse[ch])
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            raise ValueError(f"{ch!r} has no TCVN3 code")
    return bytes(out)


def _parts(ch: str) -> tuple[str, str, str]:
    """A letter's base (ASCII or đ), its shape mark (circumflex, breve, horn) and its tone mark."""
    if ch in "đĐ":
        return ch, "", ""
    nfd = unicodedata.normalize("NFD", ch)
    base, marks = nfd[0], nfd[1:]
    tone = "".join(m for m in marks if m in _TONES)
    shape = "".join(m for m in marks if m not in _TONES)
    return base, shape, tone


def encode_vni(text: str) -> bytes:
    """Unicode text as VNI bytes."""
    marks_inv = {v: k for k, v in _VNI_MARKS.items()}
    letters_inv = {v: k for k, v in _VNI_LETTERS.items()}
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
            continue
        low = ch.lower()
        cap = ch != low
        base, shape, tone = _parts(low)
        if low in letters_inv:
            seq = letters_inv[low]
        elif shape == "\u031b":  # horn: ơ, ư have their own byte, the tone follows
            seq = letters_inv[unicodedata.normalize("NFC", base + shape)] + marks_inv.get(tone, "")
        elif base in "aeiouy" and (shape + tone) in marks_inv and shape in ("", _CIRC, _BREVE):
            seq = base + marks_inv[shape + tone]
        else:
            raise ValueError(f"{ch!r} has no VNI code")
        out.append(seq.upper() if cap else seq)
    return "".join(out).encode("cp1252")


def encode_cp1258(text: str) -> bytes:
    """Unicode text as Windows-1258 bytes: letters with their shape marks, tone marks combining."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
            continue
        base, shape, tone = _parts(ch)
        out.append(unicodedata.normalize("NFC", base + shape) + tone)
    return "".join(out).encode("cp1258")


# --- detection ---------------------------------------------------------------------------------
_ONSETS = "ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|q|r|s|t|v|x"
_NUCLEI = (
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uyê|uya|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?(?:{_NUCLEI})(?:ch|ng|nh|c|m|n|p|t)?")
_WORD = re.compile(r"[^\W\d_]+")


def is_valid_syllable(word: str) -> bool:
    """Whether ``word`` has the shape of a Vietnamese syllable (onset, vowels, ending, one tone)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in nfd if c in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _score(text: str) -> int:
    """Valid minus invalid syllables among the words with a non-ASCII letter."""
    score = 0
    for w in _WORD.findall(text):
        if w.isascii():
            continue
        score += 1 if is_valid_syllable(w) else -1
    return score


def detect_legacy(data: bytes) -> str | None:
    """The legacy encoding of Vietnamese bytes (one of :data:`LEGACY_CODECS`), or None.

    Each encoding's reading is scored by its valid Vietnamese syllables; None when
    no reading gives more valid than invalid words (not Vietnamese, or another
    encoding altogether).
    """
    scores: dict[str, int] = {}
    for codec in LEGACY_CODECS:
        text = decode_bytes(data, codec)
        scores[codec] = _score(text) - 3 * text.count("\ufffd")
    best = max(LEGACY_CODECS, key=lambda c: scores[c])
    return best if scores[best] > 0 else None


def vietnamese_letters() -> Mapping[str, str]:
    """The 134 non-ASCII Vietnamese letters (67 lower-case with their capitals)."""
    letters: dict[str, str] = {"đ": "Đ"}
    for base in "aeiouy":
        for shape in ("", _CIRC, _BREVE, "\u031b"):
            for tone in ("", *_TONES):
                if not shape and not tone:
                    continue
                ch = unicodedata.normalize("NFC", base + shape + tone)
                if len(ch) == 1 and ch not in letters and _is_vietnamese(base, shape):
                    letters[ch] = ch.upper()
    return letters


def _is_vietnamese(base: str, shape: str) -> bool:
    return (
        not shape
        or (shape == _CIRC and base in "aeo")
        or (shape == _BREVE and base == "a")
        or (shape == "\u031b" and base in "ou")
    )
