"""Tokens of a line of text, as the restorer sees them, and casing transfer.

A line is cut into word tokens (letters and digits, plus the symbols OCR engines put
in place of Vietnamese letters: ``@`` for ``ủ``, ``€`` for ``ệ`` …) and the text
between them, which is kept byte for byte. Only word tokens are ever rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from chitieu.text.normalize import fold

__all__ = [
    "LM_NUM",
    "LM_PUNCT",
    "LM_START",
    "OCR_SYMBOLS",
    "WORD",
    "WORD_DAMAGED",
    "Token",
    "apply_case",
    "case_of",
    "has_marks",
    "line_items",
    "lm_stream",
    "plain_words",
    "split_line",
    "word_matches",
]

# Symbols that OCR engines print for Vietnamese letters they do not know.
OCR_SYMBOLS = "@€¢¥ﬁ"
_WORD = re.compile(rf"&?(?:[^\W_]|[{OCR_SYMBOLS}])+(?:&(?:[^\W_]|[{OCR_SYMBOLS}])*)*")
# in damaged text a lone "&" between spaces is a letter too: OCR's usual "ở"
_WORD_DAMAGED = re.compile(rf"{_WORD.pattern}|(?<!\S)&(?!\S)")
WORD = _WORD  # the patterns of split_line, for callers that want matches or strings
WORD_DAMAGED = _WORD_DAMAGED
# in a line with no "_" and no "&" the words are the runs of this one class, which the
# regular expression engine matches about twice as fast as the patterns above
_PLAIN_WORD = re.compile(rf"[\w{OCR_SYMBOLS}]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+")

LM_START = "<s>"
LM_PUNCT = "<p>"
LM_NUM = "<n>"


@dataclass(frozen=True, slots=True)
class Token:
    """A word token: its text and where it sits in its line."""

    text: str
    start: int
    end: int


def split_line(line: str, *, damaged: bool = False) -> list[Token]:
    """The word tokens of ``line``, in order (``damaged``: a lone ``&`` is a word as well)."""
    return [Token(m.group(), m.start(), m.end()) for m in word_matches(line, damaged=damaged)]


def word_matches(line: str, *, damaged: bool = False) -> Iterator[re.Match[str]]:
    """The matches of :func:`split_line`'s tokens in ``line``."""
    if "_" in line or "&" in line:
        return (_WORD_DAMAGED if damaged else _WORD).finditer(line)
    return _PLAIN_WORD.finditer(line)


def plain_words(line: str) -> list[str] | None:
    """The runs of letters, digits and OCR symbols of ``line`` when it has no ``_`` (else
    None): the words of :func:`split_line` when it has no ``&`` either."""
    return None if "_" in line else _PLAIN_WORD.findall(line)


def has_marks(word: str) -> bool:
    """True when ``word`` carries a Vietnamese diacritic (``đ`` included)."""
    return fold(word) != word.lower()


def case_of(word: str) -> str:
    """The casing pattern of ``word``: ``upper``, ``title`` or ``lower`` (or ``mixed``)."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "lower"
    if all(c.isupper() for c in letters):
        return "upper" if len(letters) > 1 or len(word) == 1 else "title"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "title"
    if all(c.islower() for c in letters):
        return "lower"
    return "mixed"


def apply_case(word: str, pattern: str) -> str:
    """``word`` (lower case) written in casing ``pattern``."""
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word


def line_items(line: str) -> Iterator[tuple[str, Token | None]]:
    """The language-model view of a line: ``("word" | "num", token)`` and ``("punct", None)``.

    A figure written with separators (``1.234,5``, ``12/2020``) is one ``num`` item;
    a run of punctuation between words is one ``punct`` item.
    """
    pos = 0
    last = ""
    for m in _WORD.finditer(line):
        gap = line[pos : m.start()]
        pos = m.end()
        word = m.group()
        kind = "word" if _LETTERS.fullmatch(word) else "num" if _NUMBER.search(word) else "punct"
        if kind == "num" and last == "num" and gap in _NUM_JOIN:
            continue
        if gap.strip() and last != "punct":
            yield "punct", None
            last = "punct"
        if kind == "punct":
            if last != "punct":
                yield "punct", None
        else:
            yield kind, Token(word, m.start(), m.end())
        last = kind
    if line[pos:].strip() and last != "punct":
        yield "punct", None


_NUM_JOIN = frozenset({".", ",", "/"})


def lm_stream(line: str) -> Iterator[str]:
    """Language-model tokens of a clean, lower-cased line: syllables, ``<n>`` and ``<p>``."""
    for kind, tok in line_items(line):
        if kind == "word" and tok is not None:
            yield tok.text
        else:
            yield LM_NUM if kind == "num" else LM_PUNCT
