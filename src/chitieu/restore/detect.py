"""Cheap detection of damaged or diacritic-less Vietnamese (:func:`damage_score`).

Clean Vietnamese is almost entirely made of valid syllables, and about three words
in four carry a diacritic. OCR damage shows as invalid words (``dugc``, ``1anh``);
stripped text as valid words without marks. The score adds the two signals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from chitieu.restore.model import read_syllables
from chitieu.restore.tokens import OCR_SYMBOLS, plain_words
from chitieu.text.normalize import canonical, fold

__all__ = [
    "DATA_DIR",
    "LineStats",
    "damage_score",
    "is_capital_abbreviation",
    "is_number_with_unit",
    "line_stats",
    "line_words",
    "syllable_set",
    "word_classes",
    "words_stats",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE = DATA_DIR / "restorer.bin"
# share of words without any mark that clean Vietnamese has at most (typically 0.2-0.3)
PLAIN_SHARE_CLEAN = 0.35

_WORDISH = re.compile(rf"(?:[^\W_]|[{OCR_SYMBOLS}])+")
_DIGIT = re.compile(r"\d")
_MIXED_CODE = re.compile(r"[A-ZĐ]{2,}[a-zđ]{1,2}")
# a number glued to a unit symbol: "10ha", "2,5km", "30m2" (not OCR damage like "1anh")
_NUMBER_UNIT = re.compile(r"\d+(?:[.,]\d+)*([^\W\d_]{1,4}\d?)")
_UNIT_SYMBOLS = frozenset(
    [
        "ha",
        "km",
        "kg",
        "m",
        "m2",
        "m3",
        "km2",
        "cm",
        "mm",
        "g",
        "l",
        "ml",
        "t",
        "kw",
        "kwh",
        "mw",
        "mwh",
        "gw",
        "gwh",
        "kv",
        "mb",
        "gb",
        "tb",
        "mg",
        "ppm",
        "tr",
    ]
)


def is_capital_abbreviation(word: str) -> bool:
    """Two capitals that spell no syllable (``VT``, ``KH``, ``TM``): an abbreviation even in
    a line written in capitals, where other words in capitals are words."""
    return len(word) == 2 and word.isupper() and fold(word.lower()) not in key_set()


def is_number_with_unit(word: str) -> bool:
    """True for a number written together with a unit symbol (``10ha``, ``2,5km``)."""
    m = _NUMBER_UNIT.fullmatch(word)
    return m is not None and m.group(1).lower() in _UNIT_SYMBOLS


def syllable_set() -> frozenset[str]:
    """The valid Vietnamese syllables (lower case, canonical), from the shipped model's vocabulary.

    Training writes them canonical and in lower case (``train.load_syllables``).
    """
    got = _SHIPPED.get("syllables")
    if got is None:
        got = _SHIPPED["syllables"] = frozenset(read_syllables(MODEL_FILE))
    return got


def key_set() -> frozenset[str]:
    """The valid syllables without marks (``duoc`` for ``được``)."""
    got = _SHIPPED.get("keys")
    if got is None:
        got = _SHIPPED["keys"] = frozenset(fold(w) for w in syllable_set())
    return got


def share_syllables(syllables: Iterable[str], keys: Iterable[str]) -> None:
    """Take the shipped model's syllables and their folded keys from a restorer of that
    model, which has them already: the model file's vocabulary is not read again."""
    if "syllables" not in _SHIPPED:
        _SHIPPED["syllables"] = frozenset(syllables)
    if "keys" not in _SHIPPED:
        _SHIPPED["keys"] = frozenset(keys)


# the shipped model's syllables ("syllables") and their keys ("keys"), once known
_SHIPPED: dict[str, frozenset[str]] = {}


@dataclass(frozen=True, slots=True)
class LineStats:
    """Counts over the Vietnamese-looking words of some text."""

    words: int = 0
    invalid: int = 0
    plain: int = 0

    def __add__(self, other: LineStats) -> LineStats:
        return LineStats(self.words + other.words, self.invalid + other.invalid, self.plain + other.plain)

    @property
    def score(self) -> float:
        if not self.words:
            return 0.0
        invalid = self.invalid / self.words
        plain = self.plain / self.words
        excess = max(0.0, plain - PLAIN_SHARE_CLEAN) / (1.0 - PLAIN_SHARE_CLEAN)
        return min(1.0, invalid + excess)


def line_stats(line: str, *, caps: bool = False) -> LineStats:
    """Word counts of one line: all words, invalid ones, valid ones without marks.

    A word without marks is valid when some syllable is spelt so without its marks
    (``duoc``); a word with marks must be a syllable. Pure numbers and words written
    in capitals (abbreviations such as ``UBND``; counted if ``caps``) are not counted;
    nor are codes mixing capitals and digits (``H5N1``).
    """
    return words_stats(line_words(line), caps=caps)


def line_words(line: str) -> list[str]:
    """The words of ``line`` that :func:`line_stats` looks at, in order."""
    words = plain_words(line)  # the same, faster, where no "_" joins them
    return _WORDISH.findall(line) if words is None else words


def words_stats(words: Sequence[str], *, caps: bool = False, classes: WordClasses | None = None) -> LineStats:
    """:func:`line_stats` of the words :func:`line_words` found.

    Each word's class is cached in ``classes`` (a :func:`word_classes` of the caller's),
    else in the module's own.
    """
    known = (classes or _CLASSES)[caps]
    kinds = list(map(known.get, words))
    if None in kinds:  # words not seen before: classify them, once
        if len(known) >= _CLASS_CACHE:
            known.clear()
        kinds = [k if (k := known.get(w)) is not None else _learn(known, w, caps) for w in words]
    invalid, plain = kinds.count(_INVALID), kinds.count(_PLAIN)
    return LineStats(kinds.count(_VALID) + invalid + plain, invalid, plain)


_SKIPPED, _VALID, _INVALID, _PLAIN = range(4)
_CLASS_CACHE = 200_000  # words whose class is kept, per value of ``caps``
# per value of ``caps``: word -> how it counts
WordClasses = tuple[dict[str, int], dict[str, int]]


def word_classes() -> WordClasses:
    """An empty cache of word classes for :func:`words_stats`."""
    return ({}, {})


_CLASSES = word_classes()


def learn_class(known: dict[str, int], word: str, caps: bool) -> int:
    """How :func:`words_stats` counts ``word``, not in ``known`` (one of the dicts of a
    :func:`word_classes`) yet: classified and added to it."""
    if len(known) >= _CLASS_CACHE:
        known.clear()
    return _learn(known, word, caps)


def _learn(known: dict[str, int], word: str, caps: bool) -> int:
    kind = known[word] = _word_class(word, caps)
    return kind


def _word_class(word: str, caps: bool) -> int:
    """How :func:`line_stats` counts ``word``: not at all, valid with marks, invalid, or plain."""
    if not caps and len(word) > 1 and word.isupper():
        return _SKIPPED
    if _MIXED_CODE.fullmatch(word):
        return _SKIPPED  # a code in mixed case: "TTg", "QĐs"
    if caps and is_capital_abbreviation(word):
        return _SKIPPED
    if _DIGIT.search(word) and (
        word.isdigit() or any(c.isupper() for c in word[1:]) or len(word) > 6 or is_number_with_unit(word)
    ):
        return _SKIPPED
    lower = canonical(word).lower() if not word.isascii() else word.lower()
    key = fold(lower)
    if key == lower:
        return _PLAIN if key in key_set() else _INVALID
    return _VALID if lower in syllable_set() else _INVALID


def damage_score(lines: Sequence[str] | Iterable[str]) -> float:
    """How damaged the text looks, from 0 (clean Vietnamese) to 1 (no marks, or OCR noise).

    Clean text scores near 0, text stripped of diacritics near 1, the OCR sample about
    0.9. A few microseconds a word.
    """
    total = LineStats()
    for line in lines:
        total = total + line_stats(line)
    return total.score
