"""Linking a fact to the catalogue: the code of the indicator it is about, with a confidence.

The index is built once per catalogue (:class:`Linker`): every name and alias of every
entry, as the words of its folded key (no marks, lower case), each word weighted by how
rare it is among the entries (inverse document frequency), so ``ngân sách`` weighs more
than ``tỷ lệ``. A fact's name is scored against each name that shares a word with it:
the geometric mean of the share of the fact's name the catalogue name covers and the
share of the catalogue name the fact's name covers, both by weight; a name equal to a
catalogue key scores 1. A word of the fact's name that no entry uses is first replaced
by the nearest word of the index (OCR damage: ``nghệp`` for ``nghiệp``). When the name
scores low, a catalogue name written word for word in the fact's clause counts too (a
broken name whose sentence still says ``tỷ lệ che phủ rừng``), a little below an equal
name. Each score is multiplied by how well the fact's unit suits the entry
(:func:`chitieu.catalogue.measure.unit_fit`). The best entry wins if it scores at least
the threshold; otherwise the fact has no code.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from chitieu.catalogue.entries import CatalogueEntry, name_key, standard_catalogue
from chitieu.catalogue.measure import base_unit, fit_bases
from chitieu.model import Fact
from chitieu.text.numbers import format_number

__all__ = ["DEFAULT_THRESHOLD", "Link", "Linker", "default_linker", "link_facts"]

DEFAULT_THRESHOLD = 0.7
_CLAUSE_WEIGHT = 0.85  # a name found in the clause counts a little less than the fact's own name
_CLAUSE_FULL = 9.0  # weight of words at which a name found in the clause is fully trusted
_NEAR_CHARS = 120.0  # a name found this far from the figure in the clause counts for little
_FAR = 0.7
_UNSUPPORTED = 0.85
_AUGMENT_FROM = 0.4  # the share of a catalogue name a fact's name must have for its clause to complete it  # a name that matches only in part, whose missing words the clause lacks too
_UNIT_ONLY = 0.7  # the score of the one entry measured in a fact's noun of count
_FUZZY_CUTOFF = 80.0
_ALTERNATIVES = 3
_COMMON = 12.0  # a word in more than one entry in twelve only scores, it brings no candidates
_SHORTLIST = 8
_CANDIDATES = 12  # names kept for one fact's name, the best by their words
_SURE = 0.9  # a catalogue name wholly in the fact's name with this score needs no clause
_MEMO = 50_000  # names of facts whose candidates are kept (about 20 MB at most)
# a name that says it is a growth rate: its "%" is the change of a level ("Tốc độ tăng giá trị
# sản xuất" is the production value's growth)
_GROWTH = ("toc do tang", "tang truong", "muc tang", "muc giam", "ty le tang", "ty le giam")
# words of which one name having one and the other another (or none) makes two indicators,
# where both names have the word that gives them that sense: budget revenue and spending,
# exports and imports, deaths and injuries, sectors I to III, school levels, unmet targets
_CONTRASTS: tuple[tuple[str | None, frozenset[str]], ...] = (
    ("ngan", frozenset({"thu", "chi"})), ("khau", frozenset({"xuat", "nhap"})),
    (None, frozenset({"chet", "thuong"})), ("vuc", frozenset({"i", "ii", "iii"})),
    ("hoc", frozenset({"thcs", "thpt", "tieu"})), (None, frozenset({"chua", "khong"})),
)  # fmt: skip
_GENERIC_UNITS = frozenset(
    {"", "%", "nguoi", "luot", "don vi", "ho", "lan", "dong", "usd", "kg", "ha", "m", "km", "kwh", "con", "ngay",
     "nam", "thang", "diem", "bac", "xa", "vu", "cuoc", "truong hop", "to chuc", "co quan", "du an", "san pham",
     "phong", "phong ban", "hoc sinh", "can bo", "cong dan", "doi tuong", "thanh nien", "ca nhan", "co so",
     "chuong trinh", "cong trinh", "nhiem vu", "viec", "vu viec", "thoi gian", "ban", "bang", "doan", "phuong",
     "diem truong", "tieu chi", "giai phap", "can", "suat", "giai", "huyen", "cum"}
)  # fmt: skip
_CONTRAST_WORDS = frozenset().union(*(g for _, g in _CONTRASTS))
_CONTRAST_PENALTY = 0.6


@dataclass(frozen=True, slots=True)
class Link:
    """The code a fact links to (None: nothing fits), its confidence, and the runners-up."""

    code: str | None
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class _Name:
    entry: int
    words: frozenset[str]
    weight: float
    text: str
    telling: frozenset[str] = frozenset()  # its words that tell entries apart


class Linker:
    """An index of catalogue entries for linking many facts quickly."""

    def __init__(self, entries: Sequence[CatalogueEntry], *, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.entries = tuple(entries)
        self.threshold = threshold
        keys = [e.keys for e in self.entries]
        df: dict[str, int] = {}
        for ks in keys:
            for w in {w for k in ks for w in k.split()}:
                df[w] = df.get(w, 0) + 1
        n = max(len(self.entries), 1)
        self._idf = {w: math.log(1 + n / c) for w, c in df.items()}
        self._common = math.log(1 + _COMMON)
        self._rare = math.log(1 + n)
        self._bases = [frozenset(base_unit(u)[0] for u in e.units) for e in self.entries]
        self._names: list[_Name] = []
        self._exact: dict[str, int] = {}
        for i, ks in enumerate(keys):
            for k in ks:
                words = frozenset(k.split())
                self._exact.setdefault(k, i)
                idx = len(self._names)
                telling = frozenset(w for w in words if self._idf[w] >= self._common)
                self._names.append(_Name(i, words, sum(self._idf[w] for w in words), k, telling))
        self._vocab = [w for w in df if len(w) >= 3]
        self._rarest: dict[str, list[int]] = {}
        for idx, name in enumerate(self._names):
            if name.words:
                self._rarest.setdefault(max(name.words, key=lambda w: (self._idf[w], w)), []).append(idx)
        # a noun of count that one entry alone is measured in ("di tích", "kỳ họp") names it
        holders: dict[str, set[int]] = {}
        for i, bases in enumerate(self._bases):
            for b in bases:
                holders.setdefault(b, set()).add(i)
        self._only: dict[str, int] = {
            b: next(iter(h))
            for b, h in holders.items()
            if len(h) == 1 and b not in _GENERIC_UNITS and "/" not in b
        }
        self._repaired: dict[str, str | None] = {}
        self._memo: dict[str, tuple[tuple[int, float, float, frozenset[str]], ...]] = {}
        # words by names, each cell the word's weight where the name has it
        self._row = {w: r for r, w in enumerate(self._idf)}
        self._matrix = np.zeros((max(1, len(self._row)), max(1, len(self._names))), dtype=np.float64)
        for idx, name in enumerate(self._names):
            for w in name.words:
                self._matrix[self._row[w], idx] = self._idf[w]
        self._weights = np.array([n.weight for n in self._names] or [1.0], dtype=np.float64)
        self._totals: dict[str, float] = {}
        self._links: dict[tuple[str, str, str, str | None, str, float | None], Link] = {}

    def _word(self, w: str) -> str | None:
        if w in self._idf:
            return w
        if len(w) < 3 or w.isdigit():
            return None
        if w not in self._repaired:
            hit = process.extractOne(w, self._vocab, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
            self._repaired[w] = hit[0] if hit else None
        return self._repaired[w]

    def _candidates(self, key: str) -> tuple[tuple[int, float, float, frozenset[str]], ...]:
        """(name, shared weight, score, the fact's words) of the best names for a name's key,
        best first, found once per key (reports repeat their names)."""
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        words = frozenset(r for r in (self._word(w) for w in key.split()) if r)
        # a word no entry has weighs as much as the rarest word: the name is about something else
        unknown = [w for w in key.split() if self._word(w) is None]
        total = sum(self._idf[w] for w in words) + sum(self._rare if _wordlike(w) else 0.5 for w in unknown)
        out: list[tuple[int, float, float, frozenset[str]]] = []
        if words and total > 0:
            # every name at once: the weight of the words it shares with the fact's name
            inter = self._matrix[[self._row[w] for w in words]].sum(axis=0)
            score = np.sqrt((inter / total) * (inter / self._weights))
            k = min(_CANDIDATES, len(score))
            for idx in np.argpartition(-score, k - 1)[:k]:
                i = int(idx)
                if inter[i] <= 0:
                    continue
                name = self._names[i]
                s = float(score[i])
                if (name.words ^ words) & _CONTRAST_WORDS and _contrasted(words, name.words):
                    s *= _CONTRAST_PENALTY
                out.append((i, float(inter[i]), s, words))
        result = tuple(sorted(out, key=lambda c: -c[2]))
        if len(self._memo) < _MEMO:
            self._memo[key] = result
        self._totals[key] = total
        return result

    def _sure(self, key: str) -> bool:
        if key in self._exact:
            return True
        top = self._candidates(key)[:1]
        return bool(top) and top[0][2] >= _SURE and top[0][1] >= self._names[top[0][0]].weight

    def _by_name(self, key: str, context: set[str] | None = None) -> dict[int, float]:
        scores: dict[int, float] = {}
        exact = self._exact.get(key)
        if exact is not None:
            scores[exact] = 1.0
        candidates = self._candidates(key)
        total = self._totals.get(key, 0.0)
        best = max(scores.values(), default=0.0)
        for idx, inter, s, words in candidates:
            name = self._names[idx]
            # what the clause can change only matters for a name that can still come first
            reach = max(s, _CLAUSE_WEIGHT) if inter >= _AUGMENT_FROM * name.weight else s
            if context is not None and inter < name.weight and reach > best:
                missing = name.words - words
                if inter >= _AUGMENT_FROM * name.weight:
                    # the clause says what the name leaves out ("Số xã thêm" in "05 xã đạt chuẩn
                    # NTM nâng cao"): the words it has count, a little less than the name's own
                    found = _CLAUSE_WEIGHT * sum(self._idf[w] for w in missing & context)
                    if found:
                        both = inter + found
                        s2 = _CLAUSE_WEIGHT * math.sqrt((both / (total + found)) * (both / name.weight))
                        if (name.words ^ words) & _CONTRAST_WORDS and _contrasted(words, name.words):
                            s2 *= _CONTRAST_PENALTY
                        s = max(s, s2)
                if (missing & name.telling) - context:
                    # a telling word of the catalogue name that neither the fact's name nor its
                    # clause has
                    s *= _UNSUPPORTED
            if s > scores.get(name.entry, 0.0):
                scores[name.entry] = s
                best = max(best, s)
        return scores

    def _by_clause(self, key: str, anchor: int | None) -> dict[int, float]:
        """Catalogue names written word for word in the clause; the nearer the figure, the better."""
        padded = f" {key} "
        present = set(key.split())
        scores: dict[int, float] = {}
        # a name written in the clause has its rarest word there: that word finds it
        for idx in {i for w in present for i in self._rarest.get(w, ())}:
            name = self._names[idx]
            if len(name.words) < 2 or not name.words <= present:
                continue
            needle = f" {name.text} "
            at = padded.find(needle)
            if at < 0:
                continue
            near = 1.0
            if anchor is not None:
                distance = len(padded)
                while at >= 0:
                    end = at + len(needle)
                    distance = min(distance, max(0, anchor - end, at - anchor))
                    at = padded.find(needle, at + 1)
                near = max(_FAR, 1.0 - distance / _NEAR_CHARS)
            s = _CLAUSE_WEIGHT * min(1.0, name.weight / _CLAUSE_FULL) * near
            if s > scores.get(name.entry, 0.0):
                scores[name.entry] = s
        return scores

    def link(
        self, name: str, unit: str = "", role: str = "actual", basis: str | None = None, text: str = "",
        value: float | None = None,
    ) -> Link:  # fmt: skip
        """The entry a figure ``value`` named ``name`` in ``unit`` (in the clause ``text``) is about."""
        args = (name, unit, role, basis, text, value)
        known = self._links.get(args)
        if known is None:
            known = self._link(name, unit, role, basis, text, value)
            if len(self._links) < _MEMO:
                self._links[args] = known
        return known

    def _ranked(
        self, name: str, unit: str, role: str, basis: str | None, text: str, value: float | None
    ) -> list[tuple[float, int]]:
        """(score, entry index) of the best few entries, best first."""
        key = name_key(name)
        if unit == "%" and key.startswith(_GROWTH):
            role = "change"
        # the clause is read only when the name alone leaves room for doubt: no catalogue name
        # equal to it or fully in it scores _SURE or more
        clause = name_key(text) if text and not self._sure(key) else ""
        scores = self._by_name(key, set(clause.split()) | set(key.split()) if clause else None)
        if clause and max(scores.values(), default=0.0) < 0.8:
            for i, s in self._by_clause(clause, _anchor(clause, value)).items():
                scores[i] = max(scores.get(i, 0.0), s)
        only = self._only.get(base_unit(unit)[0]) if unit else None
        if only is not None and scores.get(only, 0.0) < _UNIT_ONLY:
            scores[only] = _UNIT_ONLY
        # the unit only lowers a score: it is weighed for the best few by name
        shortlist = sorted(((s, i) for i, s in scores.items()), reverse=True)[:_SHORTLIST]
        mine = base_unit(unit)[0] if unit else ""
        ranked = sorted(
            ((s * fit_bases(mine, self._bases[i], role, basis), i) for s, i in shortlist), reverse=True
        )
        return ranked

    def _link(
        self, name: str, unit: str, role: str, basis: str | None, text: str, value: float | None
    ) -> Link:
        ranked = self._ranked(name, unit, role, basis, text, value)
        alternatives = tuple((self.entries[i].code, round(s, 3)) for s, i in ranked[:_ALTERNATIVES] if s > 0)
        if not ranked or ranked[0][0] < self.threshold:
            return Link(None, round(ranked[0][0], 3) if ranked else 0.0, alternatives)
        best, i = ranked[0]
        return Link(self.entries[i].code, round(best, 3), alternatives)

    def link_fact(self, fact: Fact) -> Fact:
        """The fact with its ``indicator_code`` and ``link_confidence``."""
        value = fact.value if fact.value is not None else fact.low
        found = self.link(fact.indicator, fact.unit, fact.role, fact.basis, fact.text, value)
        return dataclasses.replace(fact, indicator_code=found.code, link_confidence=found.confidence)

    def candidates(self, fact: Fact, k: int = _ALTERNATIVES + 1) -> list[tuple[CatalogueEntry, float]]:
        """The ``k`` best catalogue entries for a fact with their scores, best first (any score above 0)."""
        value = fact.value if fact.value is not None else fact.low
        ranked = self._ranked(fact.indicator, fact.unit, fact.role, fact.basis, fact.text, value)
        return [(self.entries[i], round(s, 3)) for s, i in ranked[: max(k, 0)] if s > 0]

    def entry(self, code: str) -> CatalogueEntry | None:
        return next((e for e in self.entries if e.code == code), None)


def _wordlike(w: str) -> bool:
    return len(w) >= 3 and w.isalpha()


def _anchor(clause: str, value: float | None) -> int | None:
    """Where the figure stands in the clause's key (its words), if it can be found."""
    if value is None:
        return None
    at = f" {clause} ".find(f" {name_key(format_number(value))} ")
    return at if at >= 0 else None


def _contrasted(a: frozenset[str] | set[str], b: frozenset[str]) -> bool:
    """One name has a word of a contrast group the other lacks (``thu`` against ``chi`` or none)."""
    for trigger, group in _CONTRASTS:
        if trigger is not None and not (trigger in a and trigger in b):
            continue
        x, y = a & group, b & group
        if (x or y) and x != y:
            return True
    return False


def link_facts(facts: Iterable[Fact], linker: Linker) -> list[Fact]:
    """Every fact with its code (or None) and confidence."""
    return [linker.link_fact(f) for f in facts]


@lru_cache(maxsize=4)
def default_linker(threshold: float = DEFAULT_THRESHOLD) -> Linker:
    """The linker of the standard catalogue, built once per threshold."""
    return Linker(standard_catalogue(), threshold=threshold)
