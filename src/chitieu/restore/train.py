"""Build the restorer's model from the corpus (``chitieu train-restorer``).

Deterministic: the same corpus gives the same file, byte for byte. The training text
is the public-domain Vietnamese legal corpus (``vlc-legal``) minus a held-out tenth
(files whose position in sorted order is a multiple of 10), which ``bench/restore.py``
uses for evaluation; the vocabulary also takes every syllable of the MIT-licensed
list of valid Vietnamese syllables (``vi-syllables``).
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from chitieu.errors import InputError
from chitieu.restore.model import BITS, MAX_VOCAB, SPECIALS, LanguageModel, NGrams
from chitieu.restore.tokens import LM_START, lm_stream
from chitieu.text.normalize import canonical

__all__ = [
    "DEFAULT_CORPUS",
    "HELD_OUT_EVERY",
    "corpus_files",
    "held_out_files",
    "load_syllables",
    "train",
]

DEFAULT_CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
HELD_OUT_EVERY = 10
MIN_WORD_COUNT = 3  # non-syllable words (abbreviations, foreign words) kept from this count
# The model interpolates relative frequencies: p(c | a b) = L3 f(c | a b) + L2 f(c | b) + L1 p(c).
# Stored per n-gram seen (the file keeps every one): trigram log(L3 f3 + L2 f2 + L1 p1),
# bigram log(L2 f2 + L1 p1), unigram log(L1 p1); an n-gram not stored is exactly the
# next order's stored score (its term is zero), so the model's back-off is 0.
LAMBDAS = (0.5, 0.35, 0.15)  # L3, L2, L1: measured on held-out legal text, reports and OCR
LEGAL_WEIGHT = 2
WIKI_WEIGHT = 1
PHRASE_WEIGHT = 40
USE_WIKI = True
LEXICON_WEIGHT = 400  # the domain terms: only the n-grams inside each term
PHRASES_FILE = Path(__file__).resolve().parent / "data" / "phrases.txt"
LEXICON_FILE = Path(__file__).resolve().parent / "data" / "lexicon.txt"
# the indicator catalogue's names and aliases: the terms reports use for their figures
CATALOGUE_FILE = Path(__file__).resolve().parents[1] / "catalogue" / "data" / "indicators-v1.csv"
CATALOGUE_WEIGHT = 100  # like the lexicon, only the n-grams inside each name


class Source(NamedTuple):
    """Training lines with their weight; ``padded``: count the line boundaries too."""

    sentences: list[list[str]]
    weight: int
    padded: bool = True


def corpus_files(corpus: Path) -> list[Path]:
    """The training files of the legal corpus (held-out files excluded)."""
    files = sorted((corpus / "vlc-legal" / "texts").glob("*.txt"))
    return [f for i, f in enumerate(files) if i % HELD_OUT_EVERY]


def held_out_files(corpus: Path) -> list[Path]:
    """The evaluation files of the legal corpus, never used in training."""
    files = sorted((corpus / "vlc-legal" / "texts").glob("*.txt"))
    return [f for i, f in enumerate(files) if i % HELD_OUT_EVERY == 0]


def load_syllables(path: Path) -> list[str]:
    """Valid Vietnamese syllables, canonical and lower-case, in file order."""
    seen: dict[str, None] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        word = canonical(raw.strip()).lower()
        if word:
            seen.setdefault(word, None)
    return list(seen)


def _lines_tokens(lines: Iterable[str]) -> Iterator[list[str]]:
    for raw in lines:
        line = canonical(raw).lower()
        tokens = list(lm_stream(line))
        if tokens:
            yield tokens


def _sentences(files: Iterable[Path]) -> Iterator[list[str]]:
    for path in files:
        yield from _lines_tokens(path.read_text(encoding="utf-8").splitlines())


def _wiki_sentences(corpus: Path) -> Iterator[list[str]]:
    for path in sorted((corpus / "viwiki-2017").glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for raw in f:
                text = str(json.loads(raw).get("text", ""))
                yield from _lines_tokens(x for x in text.splitlines() if not x.startswith("=="))


def _phrases(path: Path = PHRASES_FILE) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(_lines_tokens(x for x in lines if x.strip() and not x.startswith("#")))


def lexicon_terms(path: Path = LEXICON_FILE) -> list[list[str]]:
    """The domain lexicon's terms, as the model's tokens (lower case, ``<p>`` for commas)."""
    return _phrases(path)


def catalogue_terms(path: Path = CATALOGUE_FILE) -> list[list[str]]:
    """The indicator catalogue's names and aliases, each once, as the model's tokens."""
    with path.open(encoding="utf-8", newline="") as f:
        names = [
            term
            for row in csv.DictReader(f, delimiter=";")
            for term in [row.get("name") or "", *(row.get("aliases") or "").split("|")]
        ]
    # the same term written twice (in other casing or punctuation) is counted once
    seen = {tuple(tokens): None for tokens in _lines_tokens(names)}
    return [list(tokens) for tokens in seen]


def _count(sources: list[Source], ids: dict[str, int]) -> tuple[Counter[int], Counter[int], Counter[int]]:
    unk = ids["<unk>"]
    start = ids[LM_START]
    uni: Counter[int] = Counter()
    bi: Counter[int] = Counter()
    tri: Counter[int] = Counter()
    for sentences, weight, padded in sources:
        u: Counter[int] = Counter()
        b: Counter[int] = Counter()
        t: Counter[int] = Counter()
        for sent in sentences:
            words = [ids.get(w, unk) for w in sent]
            # a term of the lexicon is not a line: its edges say nothing of what is around
            seq = [start, start, *words, start] if padded else [-1, *words, -1]
            u.update(seq[2:-1] if padded else words)
            b.update((x << BITS) | y for x, y in pairwise(seq[1:] if padded else words))
            t.update(
                (x << 2 * BITS) | (y << BITS) | z
                for x, y, z in zip(seq, seq[1:], seq[2:], strict=False)
                if x >= 0 and z >= 0
            )
        for total, part in ((uni, u), (bi, b), (tri, t)):
            if weight == 1:
                total.update(part)
            else:
                for k, c in part.items():
                    total[k] += c * weight
    return uni, bi, tri


def train(corpus: Path, out: Path, *, wiki: bool = USE_WIKI) -> LanguageModel:
    """Count the corpus and write the model to ``out``; returns it."""
    files = corpus_files(corpus)
    syl_path = corpus / "vi-syllables" / "vietnamese-syllables.txt"
    if not files or not syl_path.is_file():
        raise InputError(
            str(corpus),
            "không tìm thấy kho ngữ liệu (cần vlc-legal/texts/*.txt và vi-syllables/vietnamese-syllables.txt).",
            "corpus not found (needs vlc-legal/texts/*.txt and vi-syllables/vietnamese-syllables.txt).",
        )
    syllables = load_syllables(syl_path)
    sources = [Source(list(_sentences(files)), LEGAL_WEIGHT), Source(_phrases(), PHRASE_WEIGHT)]
    sources.append(Source(lexicon_terms(), LEXICON_WEIGHT, padded=False))
    sources.append(Source(catalogue_terms(), CATALOGUE_WEIGHT, padded=False))
    if wiki:
        sources.append(Source(list(_wiki_sentences(corpus)), WIKI_WEIGHT))
    counts: Counter[str] = Counter()
    for sentences, weight, _ in sources:
        part: Counter[str] = Counter()
        for sent in sentences:
            part.update(sent)
        for w, c in part.items():
            counts[w] += c * weight
    syl_set = set(syllables)
    words = [w for w, c in counts.items() if w not in syl_set and w not in SPECIALS and c >= MIN_WORD_COUNT]
    # syllables ordered by count, then the list's order; other words by count then spelling
    ranked = sorted(syllables, key=lambda w: -counts[w]) + sorted(words, key=lambda w: (-counts[w], w))
    vocab = list(SPECIALS) + ranked[: MAX_VOCAB - len(SPECIALS)]
    ids = {w: i for i, w in enumerate(vocab)}
    uni, bi, tri = _count(sources, ids)
    unigram, bigram, trigram = interpolate(len(vocab), uni, bi, tri)
    meta: dict[str, object] = {
        "backoff": 0.0,
        "lambdas": list(LAMBDAS),
        "files": len(files),
        "tokens": sum(uni.values()),
        "syllables": len(syllables),
        "seen": sum(1 for w in syllables if counts[w] > 0),
        "sources": [
            "vlc-legal (public domain)",
            "vi-syllables (MIT)",
            "phrases.txt, lexicon.txt, indicators-v1.csv (chitieu)",
        ]
        + (["viwiki-2017 (CC BY-SA 3.0)"] if wiki else []),
    }
    model = LanguageModel(vocab, unigram, NGrams.from_scores(bigram), NGrams.from_scores(trigram), meta)
    model.save(out)
    return model


def interpolate(
    size: int, uni: Counter[int], bi: Counter[int], tri: Counter[int]
) -> tuple[list[float], dict[int, float], dict[int, float]]:
    """Log scores of the interpolated model (``LAMBDAS``) for a vocabulary of ``size`` ids."""
    ctx1: Counter[int] = Counter()
    for k, c in bi.items():
        ctx1[k >> BITS] += c
    ctx2: Counter[int] = Counter()
    for k, c in tri.items():
        ctx2[k >> BITS] += c

    total = sum(uni.values())
    l3, l2, l1 = LAMBDAS
    word = (1 << BITS) - 1
    p1 = [(uni[i] + 0.5) / (total + 0.5 * size) for i in range(size)]
    f2 = {k: c / ctx1[k >> BITS] for k, c in bi.items()}
    unigram = [math.log(l1 * p) for p in p1]
    bigram = {k: math.log(l2 * f + l1 * p1[k & word]) for k, f in f2.items()}
    # every trigram has its bigram (counted from the same windows): the decoder relies on it
    trigram = {
        k: math.log(l3 * c / ctx2[k >> BITS] + l2 * f2[k & (1 << 2 * BITS) - 1] + l1 * p1[k & word])
        for k, c in tri.items()
    }
    return unigram, bigram, trigram
