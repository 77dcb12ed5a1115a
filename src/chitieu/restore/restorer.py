"""The restorer: noisy-channel decoding of damaged Vietnamese, line for line.

Each word token gets candidate syllables from the OCR channel (:mod:`.channel`),
the sequence is decoded with the syllable trigram model (:mod:`.model`) by beam
search across line boundaries, and every chosen syllable is written back in place
of its token with the token's casing. Text between tokens is never touched, so
punctuation, spacing, digits and line breaks come out as they went in. Regions that
already read as clean Vietnamese are passed through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from chitieu.gcpause import paused_gc
from chitieu.restore.abbrev import ABBREVIATIONS
from chitieu.restore.cache import load_model
from chitieu.restore.channel import CAP_D, WORD_COSTS, KeyTrie, ocr_form
from chitieu.restore.decode import Candidate, Item, decode
from chitieu.restore.detect import (
    DATA_DIR,
    LineStats,
    is_capital_abbreviation,
    is_number_with_unit,
    learn_class,
    line_words,
    share_syllables,
    word_classes,
    words_stats,
)
from chitieu.restore.lineforms import (
    _OCR_CAPITAL,
    _OCR_INSIDE,
    _ROMAN_DAMAGED,
    _ROMAN_OCR,
    OCR_LETTERS,
    _cased,
    _is_heading,
    _is_marker,
    _lone_short_number,
    _ocr_digit_words,
    _shouting,
)
from chitieu.restore.model import SPECIALS, LanguageModel
from chitieu.restore.readings import load_table
from chitieu.restore.tokens import (
    LM_NUM,
    LM_PUNCT,
    WORD,
    has_marks,
    word_matches,
)
from chitieu.text.normalize import canonical, fold, nfc

if TYPE_CHECKING:
    from typing_extensions import Buffer

try:
    from chitieu.restore import _native

    # the loops over a line's tokens in C (_lines.c, _ranked.c), where the line allows; a
    # module built from older sources, without them, leaves the work to the Python methods
    NATIVE = all(hasattr(_native, f) for f in ("line_items", "line_counts", "assemble", "ranked", "readings"))
except ImportError:  # not built: the Python methods below do all the work
    NATIVE = False

__all__ = ["MODEL_FILE", "Restorer", "WordInfo"]

MODEL_FILE = DATA_DIR / "restorer.bin"

# channel weights, in nats of the language model
EDIT_WEIGHT = 2.0  # per unit of edit cost
BOUND_INVALID = 3.0  # edit bound for tokens that are not syllables
BOUND_VALID = 2.0  # edit bound for alternatives to valid syllables, in damaged regions
VALID_PENALTY = 2.0  # extra cost of replacing a valid syllable by another spelling
KEEP_COST = 10.0  # cost of leaving an invalid token as printed
KEEP_KNOWN = 3.0  # cost of leaving as printed a known word, a possible code or a lone "&" ("C6")
HINT_MARKED = 1.5  # bonus when a marked token is exactly the candidate
MAX_CANDIDATES = 14  # spellings (marks) per folded key
MAX_READINGS = 20  # candidates per token given to the decoder
PRUNE_MARGIN = 7.0  # nats: candidates this much worse than the best reading are not decoded
PRIOR_SPAN = 9.0  # drop spellings this much rarer than the key's commonest one
# regions (a line and its neighbours) reading as clean Vietnamese
CLEAN_INVALID = 0.06
CLEAN_PLAIN = 0.40
MARKED_CLEAN = 0.6  # share of correctly marked syllables that makes a line clean whatever else,
MARKED_VALID = 0.85  # when they are also this share of the valid words
FUZZY_INVALID = 0.08  # share of invalid words above which valid words may also be OCR errors
DOCUMENT_DAMAGED_LINES = 20  # a document with this many OCR-damaged lines to restore
DOCUMENT_DAMAGED_SHARE = 0.8  # and this share of them is a damaged scan throughout
DIGIT_WORD_COST = 2.0  # extra cost of reading a lone number of a damaged line as a word
DIGIT_WORD_READINGS = 60  # and the words it may be (digits print many letters: "16" lở, lộ, lỗ, tổ)
# a single digit is far more often a real count ("6 xã", "3 công trình") than a word: only one
# between two words is read as a word ("các 6 dịch" ổ dịch, "người 6 công" có công), at this
# extra cost (measured: no count of the fixtures' clean, stripped or damaged text is lost)
SINGLE_DIGIT_WORD_COST = 2.0
SINGLE_LETTER_DIGITS = "16"  # l (là), ô, ơ, o (ổ, có): the lone digits OCR prints for letters


@dataclass(frozen=True, slots=True)
class WordInfo:
    """One decided word for ``--explain``: line (0-based), offsets in the output line, confidence."""

    line: int
    start: int
    end: int
    source: str
    output: str
    confidence: float


# a token the decoder chooses for: its start and end in its line, its text, its item
_Slot = tuple[int, int, str, int]
# what the C line loop ranks plain words with (Restorer._plain), the table of readings last
_Plain = tuple[
    dict[str, list[int]],
    dict[str, str],
    "Buffer",
    list[str],
    type[Candidate],
    int,
    float,
    float,
    memoryview | None,
]


class Restorer:
    """Restores diacritics and repairs OCR damage in Vietnamese text."""

    def __init__(self, lm: LanguageModel) -> None:
        self.lm = lm
        count = int(str(lm.meta.get("syllables", 0)))
        seen = int(str(lm.meta.get("seen", count)))
        by_key: dict[str, list[int]] = {}
        for i in range(4, 4 + count):
            by_key.setdefault(fold(lm.vocab[i]), []).append(i)
        uni = lm.unigram
        self.by_key: dict[str, list[int]] = {}
        for key, ids in by_key.items():
            top = uni[ids[0]]
            self.by_key[key] = [i for i in ids if uni[i] >= top - PRIOR_SPAN][:MAX_CANDIDATES]
        self.trie = KeyTrie(sorted({fold(w) for w in lm.vocab[4 : 4 + seen]}))
        self.unk = lm.ids["<unk>"]
        self.num = lm.ids[LM_NUM]
        self.first_word = 4 + count  # ids from here on: words that are not syllables (km, ubnd)
        # the unigram score of a syllable the corpus never uses
        self.unseen_score = min(uni[4 : 4 + count], default=0.0)
        self.punct = lm.ids[LM_PUNCT]
        self._cache: dict[tuple[str, int], list[Candidate]] = {}
        self._classes = word_classes()  # how line statistics count each word
        self._cased: dict[tuple[str, str], str] = {}  # (word, as printed) -> the word in its casing
        self._punct: Item = [Candidate(self.punct, 0.0, None)]  # items shared by every position
        self._number: Item = [Candidate(self.num, 0.0, None)]
        # what the C line loop needs to rank a plain lower-case word of stripped text itself
        # (Restorer._make_candidates's first shortcut), without a call back into Python
        self._table: memoryview | None = None  # the readings of common words ranked in advance
        self._plain: _Plain = (
            self.by_key,
            ABBREVIATIONS,
            lm.unigram_array,
            lm.vocab,
            Candidate,
            MAX_READINGS,
            PRUNE_MARGIN,
            HINT_MARKED,
            self._table,  # (mapped by Restorer._use_table)
        )

    def _use_table(self) -> None:
        """Map (on first use, build) the table of common words' readings (:mod:`.readings`)."""
        if NATIVE:
            table = load_table(self.lm, self._candidates)
            self._cache.clear()  # (what building the table ranked: a fresh restorer has nothing yet)
            self.trie.forget()
            self._table = table
            self._plain = (*self._plain[:8], table)

    @classmethod
    def load(cls, path: Path | None = None, *, use_cache: bool = True) -> Restorer:
        """The shipped model (or the one at ``path``); :class:`ModelMissing` if absent or damaged.

        The model is mapped from its cache file (:mod:`.cache`), written on first use;
        without ``use_cache`` it is decoded in memory.
        """
        restorer = cls(load_model(path or MODEL_FILE, use_cache=use_cache))
        if (path or MODEL_FILE) == MODEL_FILE:  # line statistics classify words by its syllables
            count = int(str(restorer.lm.meta.get("syllables", 0)))
            share_syllables(restorer.lm.vocab[len(SPECIALS) : len(SPECIALS) + count], restorer.by_key)
        if use_cache:
            restorer._use_table()
        return restorer

    @classmethod
    def shared(cls, path: Path | None = None) -> Restorer:
        """One restorer per model file for the whole process, loaded on first use.

        Its caches (candidates of the tokens seen, n-grams looked up) stay warm from
        one document to the next, which is what the pipeline and the web app want.
        """
        return _shared(path or MODEL_FILE)

    # ------------------------------------------------------------------ public API

    def restore_text(self, text: str) -> str:
        """``text`` restored; every line break kept."""
        return "\n".join(self.restore_lines(text.split("\n")))

    def restore_lines(self, lines: Sequence[str], *, digit_words: bool = False) -> list[str]:
        """The lines restored (NFC): as many lines out as in, line k from line k.

        Digits are never changed, unless ``digit_words``: then a number that the context
        reads as a word printed in digits ("sạt 16" for "sạt lở", "161 sống" for "lối
        sống") comes out as that word. Extraction asks for it, so that such a word is not
        taken for a figure; ``chitieu restore`` does not.
        """
        return [line for line, _ in self._run(lines, explain=False, digit_words=digit_words)]

    def explain_lines(self, lines: Sequence[str]) -> list[tuple[str, list[WordInfo]]]:
        """Each line restored, with the words decided and the decoder's confidence in each."""
        return self._run(lines, explain=True)

    # ------------------------------------------------------------------ internals

    def _modes(self, lines: Sequence[str]) -> list[int]:
        """Per line: 0 clean (leave as is), 1 stripped (restore marks), 2 OCR-damaged."""
        stats = []
        classes = self._classes
        for line in lines:
            if (
                NATIVE
                and (counts := _native.line_counts(line, classes, learn_class, self._table)) is not None
            ):
                stats.append(LineStats(*counts))  # the line's words counted in C (_lines.c)
                continue
            words = line_words(line)
            # the words of split_line are the same unless an "&" joins letters
            heading = _is_heading(words if "&" not in line else WORD.findall(line))
            stats.append(words_stats(words, caps=heading, classes=classes))
        modes = []
        for k in range(len(lines)):
            window = stats[k]
            if window.words < 8:
                for j in (k - 1, k + 1):
                    if 0 <= j < len(stats):
                        window = window + stats[j]
            modes.append(_mode(window))
        damaged = modes.count(2)
        if damaged >= DOCUMENT_DAMAGED_LINES and damaged >= DOCUMENT_DAMAGED_SHARE * (
            damaged + modes.count(1)
        ):
            # a scan is damaged throughout: its few lines that look merely unmarked ("Quéc 16 53")
            # went through the same OCR, and are read with its confusions too
            modes = [2 if m == 1 else m for m in modes]
        return modes

    def _run(
        self, raw_lines: Sequence[str], *, explain: bool, digit_words: bool = False
    ) -> list[tuple[str, list[WordInfo]]]:
        with paused_gc():
            return self._restore(raw_lines, explain=explain, digit_words=digit_words)

    def _restore(
        self, raw_lines: Sequence[str], *, explain: bool, digit_words: bool = False
    ) -> list[tuple[str, list[WordInfo]]]:
        lines = [nfc(line) for line in raw_lines]
        modes = self._modes(lines)
        lines = [_ocr_digit_words(line) if modes[k] else line for k, line in enumerate(lines)]
        items: list[Item] = []
        if NATIVE:
            # the common line (clean or stripped, headings too) is read in C, any other
            # line by the Python method: the same items and slots either way
            native = _native.line_items
            args = (
                self._cache,
                self._candidates,
                self._punct,
                self._number,
                items,
                self._plain,
                self._marker,
            )
            slots = [
                got
                if modes[k] != 2 and (got := native(line, modes[k], *args)) is not None
                else self._line_items(line, modes[k], items, digit_words)
                for k, line in enumerate(lines)
            ]
        else:
            slots = [self._line_items(line, modes[k], items, digit_words) for k, line in enumerate(lines)]
        choice, confidence = decode(self.lm, items, explain=explain)
        if NATIVE and not explain:
            join, case = _native.assemble, self._case
            return [
                (join(line, slots[k], items, choice, case) if slots[k] else line, [])
                for k, line in enumerate(lines)
            ]
        out: list[tuple[str, list[WordInfo]]] = []
        for k, line in enumerate(lines):
            infos: list[WordInfo] = []
            if not slots[k]:
                out.append((line, infos))
                continue
            parts: list[str] = []
            pos = 0
            out_pos = 0
            for start, end, text, item in slots[k]:
                cand = items[item][choice[item]]
                if cand.word is None:
                    word = text
                elif text.islower():  # the commonest case: written as the candidate is
                    word = cand.word
                else:
                    word = self._case(cand.word, text)
                parts.append(line[pos:start])
                out_pos += start - pos
                parts.append(word)
                pos = end
                if explain:
                    infos.append(WordInfo(k, out_pos, out_pos + len(word), text, word, confidence[item]))
                out_pos += len(word)
            parts.append(line[pos:])
            out.append(("".join(parts), infos))
        return out

    def _case(self, word: str, source: str) -> str:
        """``word`` in the casing of ``source`` as printed (not all lower case), cached."""
        cased = self._cased
        got = cased.get((word, source))
        if got is None:
            if len(cased) >= 200_000:
                cased.clear()
            got = cased[word, source] = _cased(word, source)
        return got

    def _line_items(self, line: str, mode: int, items: list[Item], digit_words: bool) -> list[_Slot]:
        """Append the line's items to ``items``; the line's tokens the decoder chooses for."""
        matches = list(word_matches(line, damaged=mode == 2))
        slots: list[_Slot] = []
        if not matches:
            if line.strip():
                items.append(self._punct)
            return slots
        heading = bool(mode) and _is_heading([m.group() for m in matches])
        shift = 3 * heading
        cache = self._cache
        punct = self._punct
        first = matches[0]
        pos = 0
        last = ""
        for m in matches:
            start, end = m.span()
            text = source = m.group()
            gap = line[pos:start]
            pos = end
            if text.isdigit():
                if last == "num" and gap in (".", ",", "/"):
                    continue
                if gap.strip():
                    items.append(punct)
                last = "num"
                single = mode == 2 and _lone_single_digit(line, start, end)
                if single or (mode == 2 and _lone_short_number(line, start, end)):
                    # perhaps a word OCR printed in digits ("16" lở, "161" lối): the number
                    # stays the likely reading, the word is there for the context to choose
                    extra = SINGLE_DIGIT_WORD_COST if single else DIGIT_WORD_COST
                    cands = self._digit_word(text, digit_words, extra)
                    if len(cands) > 1:
                        slots.append((start, end, text, len(items)))
                        items.append(cands)
                        continue
                items.append(self._number)
                continue
            if gap.strip():
                items.append(punct)
            last = "word"
            if m is first and (marker := self._marker(line, start, end, text, mode)) is not None:
                if marker[1]:
                    slots.append((start, end, text, len(items)))
                items.append(marker[0])
                continue
            if mode == 2 and not heading and _shouting(text, line, end) and fold(text.lower()) in self.by_key:
                text = (
                    text[0] + text[1:].lower()
                )  # "TO lệ" in running text: OCR's capital, not an abbreviation
            known = cache.get((text, mode + shift))
            cands = self._candidates(text, mode, heading) if known is None else known
            if len(cands) == 1 and cands[0].word is None:
                items.append(cands)
                continue
            slots.append((start, end, source, len(items)))
            items.append(cands)
        if line[pos:].strip():
            items.append(punct)
        return slots

    def _marker(self, line: str, start: int, end: int, text: str, mode: int) -> tuple[Item, bool] | None:
        """The item of a line's first word ``text`` if it is a heading's marker, and whether
        the decoder chooses for it (None if it is no marker)."""
        if not _is_marker(line, start, end, text):
            return None
        # "II.", "A.", "b)": a heading's number, never a word; OCR's "Il." is "II."
        numeral = _ROMAN_OCR.sub("I", text) if mode and _ROMAN_DAMAGED.fullmatch(text) else text
        if numeral != text:
            return [Candidate(self.unk, 0.0, numeral)], True
        return self._keep(text), False

    def _candidates(self, text: str, mode: int, heading: bool) -> list[Candidate]:
        cache_key = (text, mode + 3 * heading)
        got = self._cache.get(cache_key)
        if got is None:
            # in a line that reads as clean, a lone word with an OCR digit inside ("vi¢t",
            # "cu6i", "1inh") is still damage: it gets the damaged text's candidates
            table = self._table
            if (
                table is None
                or (got := _native.readings(table, text, cache_key[1], self.lm.vocab, Candidate)) is None
            ):
                word_mode = 2 if mode == 0 and _OCR_INSIDE.fullmatch(text) else mode
                got = self._make_candidates(text, word_mode, heading)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[cache_key] = got
        return got

    def _digit_word(self, text: str, replace: bool, extra: float = DIGIT_WORD_COST) -> list[Candidate]:
        """A lone number of a damaged line: the number itself, then the words it may print
        (each at ``extra`` more than its reading as a word)."""
        cache_key = (text, 7 + replace)
        got = self._cache.get(cache_key)
        if got is None:
            # the readings as words (the one kept as printed, the number, comes first anyway)
            got = [Candidate(self.num, 0.0, None)] + [
                Candidate(c.lm_id, c.cost + extra, c.word if replace else None)
                for c in self._make_candidates(text, 2, False, DIGIT_WORD_READINGS)
                if c.word is not None
            ]
            self._cache[cache_key] = got
        return got

    def _keep(self, text: str) -> list[Candidate]:
        lower = text.lower()
        lid = self.lm.ids.get(lower)
        if lid is None:
            # a number or a code with digits, unless letters around an OCR digit ("cu6i")
            digits = any(c.isdigit() for c in text) and not _OCR_INSIDE.fullmatch(text)
            lid = self.num if digits else self.unk
        return [Candidate(lid, 0.0, None)]

    def _make_candidates(
        self, text: str, mode: int, heading: bool, readings: int = MAX_READINGS
    ) -> list[Candidate]:
        if mode == 2 and (numeral := _damaged_roman(text)) is not None:
            # "khóa XI1", "loại 1V": a roman numeral with OCR's 1 or l for I, not a syllable
            return [Candidate(self.lm.ids.get(numeral.lower(), self.unk), 0.0, numeral)]
        abbr = ABBREVIATIONS.get(text)
        if abbr is not None:
            # read as the abbreviation the corpus writes ("HĐND tỉnh"), when it does
            return [Candidate(self.lm.ids.get(abbr.lower(), self.unk), 0.0, abbr)]
        if mode == 1 and not heading and text.isascii() and text.isalpha() and text.islower():
            # the commonest word of stripped text: plain letters, its own folded key, no
            # marks, no OCR reading; its readings are the key's spellings (what the general
            # path below finds for it, without the checks that cannot apply)
            direct = self.by_key.get(text)
            if direct:
                return self._ranked([(0.0, direct)], direct, text, False, None, readings)
        lower = canonical(text).lower()
        if mode == 0:
            return self._keep(text)
        if is_number_with_unit(text):
            return self._keep(text)  # "10ha", "2,5km"
        letters = text.isalpha()
        code = mode == 2 and bool(_OCR_CAPITAL.fullmatch(text))
        if len(text) > 1 and text.isupper() and not heading and not code:
            return self._keep(text)  # an abbreviation or code: UBND, GRDP, H5N1
        if heading and is_capital_abbreviation(text):
            return self._keep(text)  # "TM", "TT" in a line in capitals
        symbols = heading and all(c.isalpha() or c in OCR_LETTERS for c in text)  # "VI¢T"
        if not letters and not symbols and (len(text) > 6 or any(c.isupper() for c in text[1:])):
            return self._keep(text)
        key = fold(lower)
        marked = has_marks(lower)
        # a capital inside a lower-case word ("ngUli", "sUn") is OCR damage, not a spelling
        mixed = letters and any(c.isupper() for c in text[1:]) and not text[1:].isupper()
        direct = self.by_key.get(key) if letters and not mixed else None
        # (edit cost, spellings of one key, commonest first)
        groups: list[tuple[float, list[int]]] = [(0.0, direct)] if direct else []
        form = ocr_form(text)
        exact = self.lm.ids.get(lower)
        # marks spelling a syllable the corpus never uses ("Quéc" for "Quốc"): OCR's, not the writer's
        unseen = (
            marked
            and exact is not None
            and exact < self.first_word
            and self.lm.unigram[exact] <= self.unseen_score
        )
        if mode == 2 or not direct or form[0] == CAP_D or unseen:
            bound = BOUND_VALID if direct else BOUND_INVALID
            extra = VALID_PENALTY if direct and form[0] != CAP_D else 0.0
            usual = dict(WORD_COSTS.get(form, ()))  # OCR's usual readings ("ty" for "ủy"): no penalty
            for k2, c in self.trie.search(form, bound).items():
                spellings = self.by_key.get(k2)
                if spellings and not (k2 == key and direct):
                    groups.append((EDIT_WEIGHT * c + (0.0 if k2 in usual else extra), spellings))
        if not groups:
            return self._keep(text)
        return self._ranked(groups, direct, text, code, exact if marked else None, readings)

    def _ranked(
        self,
        groups: list[tuple[float, list[int]]],
        direct: list[int] | None,
        text: str,
        code: bool,
        marked_exact: int | None,
        readings: int,
    ) -> list[Candidate]:
        """The readings of ``text`` from ``groups`` of (edit cost, spellings commonest first),
        best first; ``marked_exact``: the syllable its marks spell, if it has marks."""
        if NATIVE:  # the same in C (_ranked.c)
            cands = _native.ranked(
                groups,
                self.lm.unigram_array,
                -1 if marked_exact is None else marked_exact,
                direct,
                readings,
                PRUNE_MARGIN,
                HINT_MARKED,
                self.lm.vocab,
                Candidate,
            )
        else:
            cands = self._ranked_python(groups, direct, marked_exact, readings)
        if not direct:
            keep = self._keep(text)[0]
            # a word the corpus writes (km, kg, TM, TT) or what may be a code: cheap to keep
            known = keep.lm_id >= self.first_word
            cands.append(
                Candidate(keep.lm_id, KEEP_KNOWN if known or code or text == "&" else KEEP_COST, None)
            )
        return cands

    def _ranked_python(
        self,
        groups: list[tuple[float, list[int]]],
        direct: list[int] | None,
        marked_exact: int | None,
        readings: int,
    ) -> list[Candidate]:
        uni = self.lm.unigram
        # a reading scores its edit cost minus its prior; those PRUNE_MARGIN worse than the
        # best never win, and a key's spellings come commonest first: stop at the first such
        limit = min(cost - uni[spellings[0]] for cost, spellings in groups) + PRUNE_MARGIN
        costs: dict[int, float] = {}
        for cost, spellings in groups:
            for i in spellings:
                if cost - uni[i] > limit:
                    break
                if cost < costs.get(i, 99.0):
                    costs[i] = cost
        exact = marked_exact
        if exact is not None:
            # printed with marks that spell a syllable: a hint, even for a rare spelling
            if exact in costs:
                costs[exact] -= HINT_MARKED
            elif direct and exact in direct:
                costs[exact] = -HINT_MARKED
        ranked = sorted([(c - uni[i], i, c) for i, c in costs.items()])[:readings]
        # readings far worse than the best (edit cost and prior together) never win: drop them
        floor = ranked[0][0] + PRUNE_MARGIN
        return [Candidate(i, c, self.lm.vocab[i]) for v, i, c in ranked if v <= floor]


@lru_cache(maxsize=2)
def _shared(path: Path) -> Restorer:
    return Restorer.load(path)


_ROMAN_MIXED = re.compile(r"(?=.*[IVX])(?=.*[1l])[IVX1l]{2,4}")


def _damaged_roman(text: str) -> str | None:
    """``text`` as the roman numeral it is if OCR printed some of its I as 1 or l ("XI1",
    "VIl", "1V"), else None. Two characters only with the 1 or l first: "V1", "Xl" may be
    a syllable ("Vì")."""
    if not _ROMAN_MIXED.fullmatch(text) or (len(text) == 2 and text[0] not in "1l"):
        return None
    return _ROMAN_OCR.sub("I", text)


def _lone_single_digit(line: str, start: int, end: int) -> bool:
    """One of the digits OCR prints for a letter, alone between words of a line: not part of
    a number, a list ("1, 2"), a date or a code, not before "%" or a unit ("6%", "6ha")."""
    if end - start != 1 or line[start] not in SINGLE_LETTER_DIGITS:
        return False
    before, after = line[:start].rstrip(), line[end:].lstrip()
    if not before or not after or not before[-1].isalpha() or not after[0].isalpha():
        return False  # a number beside punctuation, at a line's edge or beside another number
    return line[start - 1] == " " and line[end : end + 1] == " "


def _mode(stats: LineStats) -> int:
    if not stats.words:
        return 0
    invalid = stats.invalid / stats.words
    plain = stats.plain / stats.words
    if invalid <= CLEAN_INVALID and plain <= CLEAN_PLAIN:
        return 0
    marked = 1.0 - invalid - plain
    if marked >= MARKED_CLEAN and marked >= MARKED_VALID * (marked + plain):
        return 0  # mostly well-marked syllables: the odd words are names, English, codes
    return 2 if invalid >= FUZZY_INVALID else 1
