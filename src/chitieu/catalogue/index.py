"""The linking index of a catalogue, built once and kept on disk like a compiled file.

:class:`CatalogueIndex` holds everything :class:`~chitieu.catalogue.link.Linker` derives
from the entries before it links a figure: the weight of every word (inverse document
frequency), every name and alias as words, the names holding each word, the names each
fact's name is compared with first (those of its rarest words), the units of each entry.
Building it takes a few tens of milliseconds; reading it back from
:mod:`chitieu.catalogue.compiled` (keyed by a digest of the entries and of the rules
below) about one, so a report linked in a fresh process does not pay for it.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any, NamedTuple

from chitieu.catalogue.compiled import read_artefact, write_artefact
from chitieu.catalogue.entries import ABBREVIATIONS, CatalogueEntry
from chitieu.catalogue.measure import base_unit
from chitieu.catalogue.scoring import pack

__all__ = [
    "COMMON",
    "CONTRASTS",
    "CONTRAST_RELEVANT",
    "CONTRAST_WORDS",
    "COUNT_HEADS",
    "EXCLUSIVE",
    "RULES",
    "CatalogueIndex",
    "IndexName",
    "build_index",
    "catalogue_index",
    "share",
]

# the version of the index's layout: bump it when build_index changes what it computes
FORMAT = 13
COMMON = 12.0  # a word in more than one entry in twelve only scores, it brings no candidates
DELETIONS = 2  # letters a word may lose in the repair index
# the phrase lists of linking, as data (data/linking.toml)
_RULES_TEXT = (
    resources.files("chitieu.catalogue").joinpath("data", "linking.toml").read_text(encoding="utf-8")
)
RULES: dict[str, Any] = tomllib.loads(_RULES_TEXT)
CONTRASTS: tuple[tuple[str | None, frozenset[str]], ...] = tuple(
    (trigger or None, frozenset(words)) for trigger, words in RULES["contrasts"]["groups"]
)
EXCLUSIVE: tuple[frozenset[str], ...] = tuple(frozenset(g) for g in RULES["contrasts"]["exclusive"])
CONTRAST_WORDS: frozenset[str] = frozenset().union(*(g for _, g in CONTRASTS), *EXCLUSIVE)
# the words the linker's contrast test looks at: two names' other words never change its answer
CONTRAST_RELEVANT = CONTRAST_WORDS | frozenset(t for t, _ in CONTRASTS if t is not None)
# what a count's name starts with and its clause may leave out ("Số phòng và tương đương")
COUNT_HEADS = tuple(f"{head} " for head in RULES["names"]["count_heads"])
_GENERIC_UNITS = frozenset(RULES["units"]["generic"])
_MEASURES = frozenset(RULES["units"]["measures"])
_RULES = f"{FORMAT} {DELETIONS} {COMMON}\n{_RULES_TEXT}".encode()


class IndexName(NamedTuple):
    """One name or alias of an entry, as the words of its key."""

    entry: int  # the entry's position in the catalogue
    words: frozenset[str]
    weight: float  # the sum of its words' weights
    text: str  # its key
    telling: frozenset[str]  # its words that tell entries apart (rarer than COMMON)
    contrast: frozenset[str]  # its words of a contrast group


@dataclass(frozen=True)
class CatalogueIndex:
    """What linking needs of a catalogue, derived from its entries alone."""

    idf: dict[str, float]  # every word of a name, by weight
    names: tuple[IndexName, ...]
    exact: dict[str, int]  # a key to the entry it is the name or alias of
    vocab: tuple[str, ...]  # the words a broken word may be repaired to
    postings: dict[str, bytes]  # a word to the names holding it (chitieu.catalogue.scoring.pack)
    rarest: dict[str, tuple[int, ...]]  # a word to the names it is the rarest word of
    only: dict[str, int]  # a noun of count one entry alone is measured in, to that entry
    bases: tuple[frozenset[str], ...]  # the units of each entry, reduced to their base
    common: float  # the weight under which a word brings no candidates
    rare: float  # the weight of a word no entry has
    # the words of vocab with up to DELETIONS letters left out, to the words (4 * position in
    # vocab + letters left out) they come from: one such number, or a tuple of them
    deletions: dict[str, int | tuple[int, ...]]
    # what the linker reads of each name beside it, derived here once rather than in every
    # process: the name without the "Số" of a count as (key, words, weight), unless that
    # leaves only its noun of count; the words a clause must have to hold it (those of that
    # form when it has one); 1 / its weight; its words of CONTRAST_RELEVANT
    headless: tuple[tuple[str, frozenset[str], float] | None, ...]
    need: tuple[frozenset[str], ...]
    inverse: tuple[float, ...]
    relevant: tuple[frozenset[str], ...]
    main: dict[int, int]  # an entry to its name (the first of its names)
    # the names of two words or more a clause may hold, by their rarest word
    clause_names: dict[str, tuple[int, ...]]

    def dump(self) -> bytes:
        data: Any = (self.idf, tuple(tuple(n) for n in self.names), self.exact, self.vocab, self.postings,
                self.rarest, self.only, self.bases, self.common, self.rare, self.deletions, self.headless,
                self.need, self.inverse, self.relevant, self.main, self.clause_names)  # fmt: skip
        return marshal.dumps(data)

    @classmethod
    def load(cls, blob: bytes) -> CatalogueIndex:
        """An index from :meth:`dump`'s bytes (ValueError, TypeError or EOFError if they are not one)."""
        data: Any = marshal.loads(blob)
        (idf, names, exact, vocab, postings, rarest, only, bases, common, rare, deletions, headless, need,
         inverse, relevant, main, clause_names) = data  # fmt: skip
        return cls(idf, tuple(IndexName._make(n) for n in names), exact, vocab, postings, rarest, only,
                   bases, float(common), float(rare), deletions, headless, need, inverse, relevant, main,
                   clause_names)  # fmt: skip

    def nearest(self, word: str) -> str | None:
        """The word of :attr:`vocab` most like ``word`` by the Indel similarity (the letters to
        delete and insert, as ``rapidfuzz.fuzz.ratio`` scores it) if it scores at least 80 of
        100, the first in vocab of the best; None if none does.

        Two words score that much when at most a fifth of their letters together must go, so
        two words of 14 letters or fewer together lose at most DELETIONS each down to what
        they share: :attr:`deletions` finds those. Longer pairs, few, are compared letter by
        letter."""
        size = len(word)
        best: tuple[float, int] | None = None  # (distance for the size, position in vocab)
        deletions = self.deletions
        # a variant of L letters, ``word`` less g of them and a word of vocab less o, makes a
        # pair of 2L + g + o letters at most g + o apart, which scores 80 only if 2 (g + o) <= L:
        # with L = size - g, only variants with 3 g <= size can
        for variant, gone in _variants(word, min(DELETIONS, size // 3)):
            found = deletions.get(variant)
            if found is None:
                continue
            for code in (found,) if isinstance(found, int) else found:
                i, other = divmod(code, 4)
                d, both = gone + other, size + len(self.vocab[i])
                if 5 * d <= both and (best is None or (d / both, i) < best):
                    best = (d / both, i)
        for i in self._long(size):
            other_word = self.vocab[i]
            both = size + len(other_word)
            d = both - 2 * _common_subsequence(word, other_word)
            if 5 * d <= both and (best is None or (d / both, i) < best):
                best = (d / both, i)
        return self.vocab[best[1]] if best is not None else None

    def _long(self, size: int) -> list[int]:
        """The words of vocab that with a word of ``size`` letters make 15 or more, close
        enough in length to score 80."""
        return [
            i for n, at in self._lengths.items()
            if size + n >= 5 * (DELETIONS + 1) and 5 * abs(size - n) <= size + n for i in at
        ]  # fmt: skip

    @cached_property
    def _lengths(self) -> dict[int, tuple[int, ...]]:
        out: dict[int, list[int]] = {}
        for i, w in enumerate(self.vocab):
            out.setdefault(len(w), []).append(i)
        return {n: tuple(at) for n, at in sorted(out.items())}


def _common_subsequence(a: str, b: str) -> int:
    """The length of the longest common subsequence of ``a`` and ``b``."""
    row = [0] * (len(b) + 1)
    for ca in a:
        prev = 0
        for j, cb in enumerate(b, 1):
            cur = row[j]
            row[j] = prev + 1 if ca == cb else max(row[j], row[j - 1])
            prev = cur
    return row[-1]


def _variants(word: str, depth: int = DELETIONS) -> list[tuple[str, int]]:
    """``word`` with up to ``depth`` letters left out, each once, with how many."""
    seen = {word: 0}
    frontier = [word]
    for gone in range(1, depth + 1):
        nxt = []
        for w in frontier:
            for k in range(len(w)):
                v = w[:k] + w[k + 1 :]
                if v not in seen:
                    seen[v] = gone
                    nxt.append(v)
        frontier = nxt
    return list(seen.items())


def build_index(entries: Sequence[CatalogueEntry]) -> CatalogueIndex:
    """The index of ``entries``, computed from them."""
    keys = [e.keys for e in entries]
    df: dict[str, int] = {}
    for ks in keys:
        for w in {w for k in ks for w in k.split()}:
            df[w] = df.get(w, 0) + 1
    n = max(len(entries), 1)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    common = math.log(1 + COMMON)
    names: list[IndexName] = []
    exact: dict[str, int] = {}
    # equal sets of words are one object (most names have no contrast word, many only telling
    # words): fewer objects for the garbage collector to walk, kept so by marshal
    one = share()
    for i, ks in enumerate(keys):
        for k in ks:
            words = one(frozenset(k.split()))
            exact.setdefault(k, i)
            telling = one(frozenset(w for w in words if idf[w] >= common))
            names.append(
                IndexName(i, words, sum(idf[w] for w in words), k, telling, one(words & CONTRAST_WORDS))
            )
    postings: dict[str, list[int]] = {}
    rarest: dict[str, list[int]] = {}
    for idx, name in enumerate(names):
        for w in name.words:
            postings.setdefault(w, []).append(idx)
        if name.words:
            rarest.setdefault(max(name.words, key=lambda w: (idf[w], w)), []).append(idx)
    bases = tuple(frozenset(base_unit(u)[0] for u in e.units) for e in entries)
    # a noun of count that one entry alone is measured in ("di tích", "kỳ họp") names it
    holders: dict[str, set[int]] = {}
    for i, bs in enumerate(bases):
        for b in bs:
            holders.setdefault(b, set()).add(i)
    # ("bác sĩ/vạn dân" too, not "tấn/ha": a ratio of a noun of count, not of a measure)
    only = {
        b: next(iter(h))
        for b, h in holders.items()
        if len(h) == 1 and b not in _GENERIC_UNITS and b.split("/")[0] not in _GENERIC_UNITS | _MEASURES
    }
    vocab = tuple(w for w in df if len(w) >= 3)
    deletions: dict[str, list[int]] = {}
    for i, w in enumerate(vocab):
        # only what a repair can use (see nearest: 3 x letters left out <= the word's length)
        for variant, gone in _variants(w, min(DELETIONS, len(w) // 3)):
            deletions.setdefault(variant, []).append(4 * i + gone)
    headless: list[tuple[str, frozenset[str], float] | None] = []
    for name in names:
        head = next((h for h in COUNT_HEADS if name.text.startswith(h)), None)
        rest = name.text[len(head) :] if head is not None else ""
        if not rest or rest in bases[name.entry]:
            headless.append(None)
        else:
            words = one(frozenset(rest.split()))
            headless.append((rest, words, sum(idf[w] for w in words)))
    main: dict[int, int] = {}
    for idx, name in enumerate(names):
        main.setdefault(name.entry, idx)
    clause_names: dict[str, tuple[int, ...]] = {}
    for w, at in rarest.items():
        kept = tuple(i for i in at if len(names[i].words) >= 2)
        if kept:
            clause_names[w] = kept
    return CatalogueIndex(
        idf, tuple(names), exact, vocab,
        {w: pack(p) for w, p in postings.items()}, {w: tuple(p) for w, p in rarest.items()},
        only, bases, common, math.log(1 + n), {v: c[0] if len(c) == 1 else tuple(c) for v, c in deletions.items()},
        tuple(headless), tuple(h[1] if h is not None else nm.words for h, nm in zip(headless, names, strict=True)),
        tuple(1.0 / nm.weight if nm.weight else 0.0 for nm in names),
        tuple(one(nm.words & CONTRAST_RELEVANT) for nm in names), main, clause_names,
    )  # fmt: skip


def share() -> Callable[[frozenset[str]], frozenset[str]]:
    """A function giving, for each set of words, the first equal set it was given."""
    seen: dict[frozenset[str], frozenset[str]] = {}
    return lambda words: seen.setdefault(words, words)


def _digest(entries: Sequence[CatalogueEntry]) -> str:
    # what the index is derived from: the entries, the rules, and name_key's abbreviations (its
    # keys come from names and aliases by name_key; another change of name_key bumps FORMAT)
    fields = tuple((e.code, e.name, e.units, e.aliases) for e in entries)
    h = hashlib.sha256(_RULES)
    h.update(repr(sorted(ABBREVIATIONS.items())).encode())
    h.update(repr(fields).encode())  # repr, not marshal: marshal's bytes depend on sharing
    h.update(f"{sys.version_info[0]}.{sys.version_info[1]}".encode())
    return h.hexdigest()[:32]


def catalogue_index(entries: Sequence[CatalogueEntry], *, cache: bool = True) -> CatalogueIndex:
    """The index of ``entries``: read back from the cache if built before, else built (and kept)."""
    if not cache:
        return build_index(entries)
    digest = _digest(entries)
    blob = read_artefact("index", digest)
    if blob is not None:
        try:
            return CatalogueIndex.load(blob)
        except (ValueError, TypeError, EOFError):
            pass  # a damaged file: built anew and written over
    index = build_index(entries)
    write_artefact("index", digest, index.dump())
    return index
