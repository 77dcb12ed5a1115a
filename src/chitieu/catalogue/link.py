"""Linking a fact to the catalogue: the code of the indicator it is about, with a confidence.

The index of a catalogue (:mod:`chitieu.catalogue.index`, read from its compiled file or built
once) holds every name and alias of every entry, as the words of its folded key (no marks,
lower case), each word weighted by how rare it is among the entries (inverse document
frequency), so ``ngân sách`` weighs more than ``tỷ lệ``. A fact's name is scored against the
names holding one of its telling (rarer) words: the geometric mean of the share of the fact's
name the catalogue name covers and the share of the catalogue name the fact's name covers,
both by weight; a name equal to a catalogue key scores 1. A word of the fact's name that no
entry uses is first replaced by the nearest word of the index (OCR damage: ``nghệp`` for
``nghiệp``). When the name scores low, a catalogue name written word for word in the fact's
clause counts too (a broken name whose sentence still says ``tỷ lệ che phủ rừng``), a little
below an equal name. Each score is multiplied by how well the fact's unit suits the entry
(:func:`chitieu.catalogue.measure.unit_fit`). The best entry wins if it scores at least
the threshold; otherwise the fact has no code.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from chitieu.catalogue.entries import CatalogueEntry, name_key, standard_catalogue
from chitieu.catalogue.index import (
    CONTRAST_RELEVANT,
    CONTRAST_WORDS,
    CONTRASTS,
    EXCLUSIVE,
    RULES,
    CatalogueIndex,
    catalogue_index,
)
from chitieu.catalogue.measure import base_unit, fit_bases
from chitieu.catalogue.scoring import best as best_names
from chitieu.catalogue.scoring import pairs, triples
from chitieu.gcpause import paused_gc
from chitieu.model import Fact
from chitieu.text.numbers import format_number

__all__ = ["DEFAULT_THRESHOLD", "Link", "Linker", "default_linker", "link_facts"]

DEFAULT_THRESHOLD = 0.55  # measured on both keys (tests/data/catalogue): 0.5 to 0.55 agree with them best
_CLAUSE_WEIGHT = 0.85  # a name found in the clause counts a little less than the fact's own name
_CLAUSE_FULL = 9.0  # weight of words at which a name found in the clause is fully trusted
_NEAR_CHARS = 120.0  # a name found this far from the figure in the clause counts for little
_FAR = 0.7
_UNSUPPORTED = 0.85
_AUGMENT_FROM = 0.4  # the share of a catalogue name a fact's name must have for its clause to complete it  # a name that matches only in part, whose missing words the clause lacks too
_UNIT_ONLY = 0.7  # the score of the one entry measured in a fact's noun of count
_ALTERNATIVES = 3
_SHORTLIST = 8
_BRINGING = 3  # the rarest words of a fact's name that bring its candidates
_CANDIDATES = 12  # names kept for one fact's name, the best by their words
_SURE = 0.9  # a catalogue name wholly in the fact's name with this score needs no clause
_MEMO = 50_000  # names of facts whose candidates are kept (about 20 MB at most)
_GROWTH = tuple(RULES["names"]["growth"])  # a name that says it is a growth rate
_CONTRAST_PENALTY = 0.6
_OF_A_LEVEL = frozenset({"change", "attainment", "excess"})  # roles of a % of another figure
_FIGURE = re.compile(r"\d+%?|%")
_CONTRAST_RELEVANT = CONTRAST_RELEVANT  # the words _contrasted looks at
# where a figure's noun stops, the words between a figure and its noun, how far apart two
# shares of one list may be (data/linking.toml)
_PREDICATES = frozenset(RULES["clause"]["predicates"])
_QUALIFIERS = frozenset(RULES["clause"]["qualifiers"])
_LISTED = int(RULES["clause"]["listed"])


# what a fact's name links to: its code or None, the confidence, the best (score, entry) not rounded
# (flat: score, entry, score, entry, ...; one object for the collector to walk, not four)
_Decided = tuple[str | None, float, tuple[float | int, ...]]


@dataclass(frozen=True, slots=True)
class Link:
    """The code a fact links to (None: nothing fits), its confidence, and the runners-up."""

    code: str | None
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()


class Linker:
    """An index of catalogue entries for linking many facts quickly."""

    def __init__(
        self, entries: Sequence[CatalogueEntry], *, threshold: float = DEFAULT_THRESHOLD,
        index: CatalogueIndex | None = None, cache: bool = True,
    ) -> None:  # fmt: skip
        """``index``: the entries' index if already at hand; else it is read from the compiled
        cache (:func:`~chitieu.catalogue.index.catalogue_index`) or built (``cache`` False:
        built, not kept)."""
        self.entries = tuple(entries)
        self.threshold = threshold
        ix = index if index is not None else catalogue_index(self.entries, cache=cache)
        self._index = ix
        self._idf = ix.idf
        self._common = ix.common
        self._rare = ix.rare
        self._bases = ix.bases
        self._names = ix.names
        self._exact = ix.exact
        self._postings = ix.postings
        self._only = ix.only
        # each name without the "Số" of a count, unless that leaves only its noun of count; its
        # entry's first name; 1 / its weight; its words that _contrasted reads; the names a clause
        # may hold by their rarest word (names of one word left out), and the words a clause must
        # have to hold name i: all derived from the entries once, with the index
        self._headless = ix.headless
        self._main = ix.main
        self._inverse = ix.inverse
        self._relevant = ix.relevant
        self._clause_names = ix.clause_names
        self._clause_words = frozenset(ix.clause_names)
        self._name_contrast = tuple(n.contrast for n in ix.names)
        self._need = ix.need
        # the answers of _contrasted for the words of facts' names
        self._contrasts: dict[frozenset[str], dict[int, bool]] = {}
        self._repaired: dict[str, str | None] = {}
        # a key's candidates as (name, shared weight, score), and the words of the key
        # (flat: name, shared weight, score, name, ...: one object for the collector, not thirteen)
        self._memo: dict[str, tuple[int | float, ...]] = {}
        self._key_words: dict[str, frozenset[str]] = {}
        self._sured: dict[str, bool] = {}
        self._totals: dict[str, float] = {}
        self._links: dict[tuple[str | float | None, ...], _Decided] = {}

    def _word(self, w: str) -> str | None:
        if w in self._idf:
            return w
        if len(w) < 3 or w.isdigit():
            return None
        if w not in self._repaired:
            self._repaired[w] = self._index.nearest(w)
        return self._repaired[w]

    def _candidates(self, key: str) -> tuple[int | float, ...]:
        """(name, shared weight, score) of the best names for a name's key (its words in _key_words),
        best first, found once per key (reports repeat their names), one after the other in one
        tuple (read them with :func:`~chitieu.catalogue.scoring.triples`)."""
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        idf = self._idf
        split = key.split()
        repaired = [w if w in idf else self._word(w) for w in split]
        words = frozenset(r for r in repaired if r)
        # the words in a fixed order, so that ties and sums come out the same in every process
        # (a set of strings iterates in an order that changes with the hash seed)
        ordered = sorted(words)
        # a word no entry has weighs as much as the rarest word: the name is about something else
        total = sum(idf[w] for w in ordered) + sum(
            self._rare if _wordlike(w) else 0.5 for w, r in zip(split, repaired, strict=True) if r is None
        )
        if words and total > 0:
            # the names holding a telling word of the fact's name (any of its words if it has
            # none), with the weight of all the words they share with it
            telling = sorted((w for w in ordered if idf[w] >= self._common), key=lambda w: -idf[w])
            # the rarest few bring the candidates; the others only score
            telling = telling[:_BRINGING]
            postings = self._postings
            bringing = tuple((postings[w], idf[w]) for w in telling or ordered)
            scoring = tuple((postings[w], idf[w]) for w in ordered if w not in telling) if telling else ()
            # the score, sqrt((x / total) * (x / weight)), ranks as x * x / weight
            result = best_names(bringing, scoring, self._inverse, _CANDIDATES, total)
            contrast = words & CONTRAST_WORDS
            relevant = words & _CONTRAST_RELEVANT
            contrasts = self._name_contrast
            penalized = [
                j for j, i in enumerate(cast("tuple[int, ...]", result[::3]))
                if contrasts[i] != contrast and self._contrasted(relevant, i)
            ]  # fmt: skip
            if penalized:
                # another indicator of a contrast scores less, and may fall behind
                rows = list(triples(result))
                for j in penalized:
                    i, shared, s = rows[j]
                    rows[j] = (i, shared, s * _CONTRAST_PENALTY)
                result = tuple(v for row in sorted(rows, key=lambda c: -c[2]) for v in row)
        else:
            result = ()
        if len(self._memo) < _MEMO:
            self._memo[key] = result
        self._totals[key] = total
        self._key_words[key] = words
        return result

    def _contrasted(self, relevant: frozenset[str], i: int) -> bool:
        """:func:`_contrasted` of a fact's name (its words of _CONTRAST_RELEVANT) and name ``i``."""
        answers = self._contrasts.get(relevant)
        if answers is None:
            answers = self._contrasts[relevant] = {}
        known = answers.get(i)
        if known is None:
            known = answers[i] = _contrasted(relevant, self._relevant[i])
        return known

    def _sure(self, key: str) -> bool:
        sure = self._sured.get(key)
        if sure is None:
            top = self._candidates(key)[:3]
            sure = key in self._exact or (
                bool(top) and top[2] >= _SURE and top[1] >= self._names[int(top[0])].weight
            )
            self._sured[key] = sure
        return sure

    def _by_name(self, key: str, context: set[str] | None = None) -> dict[int, float]:
        scores: dict[int, float] = {}
        exact = self._exact.get(key)
        if exact is not None:
            scores[exact] = 1.0
        candidates = triples(self._candidates(key))
        total = self._totals.get(key, 0.0)
        best = max(scores.values(), default=0.0)
        words = self._key_words.get(key, frozenset())
        names = self._names
        for idx, inter, s in candidates:
            name = names[idx]
            weight = name.weight
            augment = inter >= _AUGMENT_FROM * weight
            # what the clause can change only matters for a name that can still come first
            # (max(s, _CLAUSE_WEIGHT) when the clause may complete it)
            reach = (s if s >= _CLAUSE_WEIGHT else _CLAUSE_WEIGHT) if augment else s
            if context is not None and inter < weight and reach > best:
                missing = name.words - words
                if augment:
                    # the clause says what the name leaves out ("Số xã thêm" in "05 xã đạt chuẩn
                    # NTM nâng cao"): the words it has count, a little less than the name's own
                    found = _CLAUSE_WEIGHT * sum(self._idf[w] for w in missing & context)
                    if found:
                        both = inter + found
                        s2 = _CLAUSE_WEIGHT * math.sqrt((both / (total + found)) * (both / weight))
                        if name.contrast != words & CONTRAST_WORDS and self._contrasted(
                            words & _CONTRAST_RELEVANT, idx
                        ):
                            s2 *= _CONTRAST_PENALTY
                        s = max(s, s2)
                if (missing & name.telling) - context:
                    # a telling word of the catalogue name that neither the fact's name nor its
                    # clause has
                    s *= _UNSUPPORTED
            if s > scores.get(name.entry, 0.0):
                scores[name.entry] = s
                if s > best:
                    best = s
        return scores

    def _by_clause(self, key: str, anchor: int | None) -> dict[int, float]:
        """Catalogue names written word for word in the clause; the nearer the figure, the better."""
        padded = f" {key} "
        present = set(key.split())
        scores: dict[int, float] = {}
        # a name written in the clause has its rarest word there: that word finds it (each name
        # has one rarest word, so no name comes twice)
        clause_names, need, names = self._clause_names, self._need, self._names
        # (the order names come in changes nothing: each entry keeps its best score)
        for idx in (i for w in present & self._clause_words for i in clause_names[w] if need[i] <= present):
            name = names[idx]
            text, words, weight = name.text, name.words, name.weight
            if not words <= present:
                # a count's name is written in a clause without its "Số": "giảm 26 phòng và
                # tương đương" for "Số phòng và tương đương"
                headless = self._headless[idx]
                if headless is None or not headless[1] <= present:
                    continue
                text, words, weight = headless
            if len(words) < 2:
                continue
            needle = f" {text} "
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
            s = _CLAUSE_WEIGHT * min(1.0, weight / _CLAUSE_FULL) * near
            if s > scores.get(name.entry, 0.0):
                scores[name.entry] = s
        return scores

    def link(
        self, name: str, unit: str = "", role: str = "actual", basis: str | None = None, text: str = "",
        value: float | None = None,
    ) -> Link:  # fmt: skip
        """The entry a figure ``value`` named ``name`` in ``unit`` (in the clause ``text``) is about."""
        code, confidence, ranked = self._decided(name_key(name), name, unit, role, basis, text, value)
        alternatives = tuple((self.entries[int(i)].code, round(s, 3)) for s, i in pairs(ranked) if s > 0)
        return Link(code, confidence, alternatives)

    def _decided(
        self, key: str, name: str, unit: str, role: str, basis: str | None, text: str, value: float | None
    ) -> _Decided:
        """The code (None if nothing fits), the confidence and the best few (score, entry) of
        :meth:`link`, the runners-up not yet rounded (a fact keeps none of them)."""
        # a name the catalogue is sure of does not read its clause: the link is the name's, in
        # its unit and role, whatever the sentence (reports repeat such names with new figures)
        args = (key, unit, role, basis) if self._sure(key) else (key, unit, role, basis, text, value)
        known: _Decided | None = self._links.get(args)
        if known is None:
            top = self._ranked(name, unit, role, basis, text, value, key)[:_ALTERNATIVES]
            ranked = tuple(v for pair in top for v in pair)
            if not top or top[0][0] < self.threshold:
                known = (None, round(top[0][0], 3) if top else 0.0, ranked)
            else:
                known = (self.entries[top[0][1]].code, round(top[0][0], 3), ranked)
            if len(self._links) < _MEMO:
                self._links[args] = known
        return known

    def _ranked(
        self, name: str, unit: str, role: str, basis: str | None, text: str, value: float | None,
        key: str | None = None,
    ) -> list[tuple[float, int]]:  # fmt: skip
        """(score, entry index) of the best few entries, best first (``key``: the name's, if known)."""
        if key is None:
            key = name_key(name)
        if unit == "%" and key.startswith(_GROWTH):
            role = "change"
        # the clause is read only when the name alone leaves room for doubt: no catalogue name
        # equal to it or fully in it scores _SURE or more
        clause = _own_clause(name_key(text), value) if text and not self._sure(key) else ""
        scores = self._by_name(key, set(clause.split()) | set(key.split()) if clause else None)
        mine = base_unit(unit)[0] if unit else ""
        # the clause is searched for catalogue names when no entry fits the name well in its unit
        if (
            clause
            and max(
                (s * fit_bases(mine, self._bases[i], role, basis) for i, s in scores.items()), default=0.0
            )
            < 0.8
        ):
            words = frozenset(key.split())
            relevant = words & _CONTRAST_RELEVANT
            for i, s in self._by_clause(clause, _anchor(clause, value)).items():
                main = self._names[self._main[i]]
                if main.contrast != words & CONTRAST_WORDS and self._contrasted(relevant, self._main[i]):
                    s *= _CONTRAST_PENALTY  # the clause's name is another indicator than the fact's
                scores[i] = max(scores.get(i, 0.0), s)
        only = self._only.get(base_unit(unit)[0]) if unit else None
        if only is not None and scores.get(only, 0.0) < _UNIT_ONLY:
            scores[only] = _UNIT_ONLY
        # the unit only lowers a score: it is weighed for the best few by name
        shortlist = sorted(((s, i) for i, s in scores.items()), reverse=True)[:_SHORTLIST]
        ranked = sorted(
            ((s * fit_bases(mine, self._bases[i], role, basis), i) for s, i in shortlist), reverse=True
        )
        return ranked

    def link_fact(self, fact: Fact) -> Fact:
        """The fact with its ``indicator_code`` and ``link_confidence``."""
        key = name_key(fact.indicator)
        exact = self._exact.get(key)
        if exact is not None:
            # a name equal to a catalogue name in a unit that entry is measured in: nothing can
            # score more (the runners-up that link() also gives are not kept in a fact)
            role = "change" if fact.unit == "%" and key.startswith(_GROWTH) else fact.role
            mine = base_unit(fact.unit)[0] if fact.unit else ""
            if fit_bases(mine, self._bases[exact], role, fact.basis) == 1.0:
                return _linked(fact, self.entries[exact].code, 1.0)
        value = fact.value if fact.value is not None else fact.low
        code, confidence, _ = self._decided(
            key, fact.indicator, fact.unit, fact.role, fact.basis, fact.text, value
        )
        return _linked(fact, code, confidence)

    def candidates(self, fact: Fact, k: int = _ALTERNATIVES + 1) -> list[tuple[CatalogueEntry, float]]:
        """The ``k`` best catalogue entries for a fact with their scores, best first (any score above 0)."""
        value = fact.value if fact.value is not None else fact.low
        ranked = self._ranked(fact.indicator, fact.unit, fact.role, fact.basis, fact.text, value)
        return [(self.entries[i], round(s, 3)) for s, i in ranked[: max(k, 0)] if s > 0]

    def entry(self, code: str) -> CatalogueEntry | None:
        return next((e for e in self.entries if e.code == code), None)


_FIELDS = tuple(f.name for f in dataclasses.fields(Fact))
_FACT_VALUES = operator.attrgetter(*_FIELDS)
_CODE_AT, _CONFIDENCE_AT = _FIELDS.index("indicator_code"), _FIELDS.index("link_confidence")


def _linked(fact: Fact, code: str | None, confidence: float | None) -> Fact:
    """``dataclasses.replace(fact, indicator_code=code, link_confidence=confidence)``, about twice
    as fast (every field of a Fact is an argument of its constructor, in order)."""
    values = list(_FACT_VALUES(fact))
    values[_CODE_AT], values[_CONFIDENCE_AT] = code, confidence
    return Fact(*values)


def _wordlike(w: str) -> bool:
    return len(w) >= 3 and w.isalpha()


def _anchor(clause: str, value: float | None) -> int | None:
    """Where the figure stands in the clause's key (its words), if it can be found."""
    if value is None:
        return None
    padded, figure = f" {clause} ", f" {name_key(format_number(value))}"
    at = padded.find(figure + " ")
    if at < 0:
        at = padded.find(figure + "%")  # a share: "67%"
    return at if at >= 0 else None


def _figures(words: list[str]) -> list[tuple[int, int]]:
    """The (first, past-last) word positions of each figure of a clause's key ("79 4%")."""
    runs: list[tuple[int, int]] = []
    for i, w in enumerate(words):
        if _FIGURE.fullmatch(w):
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    return runs


@lru_cache(maxsize=4096)
def _own_clause(clause: str, value: float | None) -> str:
    """The clause as it reads for one of its shares: every other share left out with the noun it
    is of (up to two words, not a verb) and the "và" before it, so that "79,4% hộ và 60% ấp đạt
    chuẩn NTM" reads "79,4% hộ đạt chuẩn NTM" for 79,4 and "60% ấp đạt chuẩn NTM" for 60."""
    if value is None or clause.count("%") < 2:
        return clause  # no other share to leave out: only a share beside ours is
    words = clause.split()
    runs = _figures(words)
    mine = name_key(format_number(value)).split()
    own = next((r for r in runs if _within(mine, [w.rstrip("%") for w in words[r[0] : r[1]]])), None)
    if own is None or len(runs) < 2 or not words[own[1] - 1].endswith("%"):
        return clause
    drop: set[int] = set()
    for a, b in runs:
        if (a, b) == own or not words[b - 1].endswith("%"):
            continue
        # only a share listed beside ours: no verb between them ("80% trở lên hộ và 65% trở lên
        # ấp", not "100% tổ chức đảng được xếp loại, trong đó 80% ...")
        between = words[min(b, own[1]) : max(a, own[0])]
        if len(between) > _LISTED or any(w in _PREDICATES for w in between):
            continue
        drop.update(range(a, b))
        if a > 0 and words[a - 1] == "va":
            drop.add(a - 1)
        t, noun = b, 0
        while t < len(words) and noun < 2:
            if own[0] <= t < own[1] or words[t] in _PREDICATES or _FIGURE.fullmatch(words[t]):
                break
            drop.add(t)
            if words[t] == "va":
                break
            noun += words[t] not in _QUALIFIERS  # "65% trở lên ấp": the noun after "trở lên"
            t += 1
    return " ".join(w for t, w in enumerate(words) if t not in drop)


def _within(needle: list[str], hay: list[str]) -> bool:
    n = len(needle)
    return any(hay[i : i + n] == needle for i in range(len(hay) - n + 1)) if n else False


def _contrasted(a: frozenset[str] | set[str], b: frozenset[str]) -> bool:
    """One name has a word of a contrast group the other lacks (``thu`` against ``chi`` or none)."""
    for trigger, group in CONTRASTS:
        if trigger is not None and not (trigger in a and trigger in b):
            continue
        x, y = a & group, b & group
        if (x or y) and x != y:
            return True
    return any(a & group and b & group and not a & b & group for group in EXCLUSIVE)


def link_facts(facts: Iterable[Fact], linker: Linker) -> list[Fact]:
    """Every fact with its code (or None) and confidence.

    A growth, attainment or excess in ``%`` is about the figure before it in its clause that has
    the same name ("sản lượng 217.650 tấn, tăng 8,5%"): it takes that figure's code."""
    with paused_gc():
        out = [linker.link_fact(f) for f in facts]
    level: dict[tuple[str, str], Fact] = {}
    for k, f in enumerate(out):
        if f.role in _OF_A_LEVEL and f.unit == "%" and f.text:
            g = level.get((f.text, f.indicator))
            if g is not None and g.indicator_code is not None and g.indicator_code != f.indicator_code:
                out[k] = _linked(f, g.indicator_code, g.link_confidence)
        else:
            level[(f.text, f.indicator)] = f
    return out


@lru_cache(maxsize=4)
def default_linker(threshold: float = DEFAULT_THRESHOLD) -> Linker:
    """The linker of the standard catalogue, built once per threshold."""
    with paused_gc():
        return Linker(standard_catalogue(), threshold=threshold)
