"""Build the restorer's model from the corpus (``chitieu train-restorer``).

Deterministic: the same corpus gives the same file, byte for byte. The training text
is the public-domain Vietnamese legal corpus (``vlc-legal``) minus a held-out tenth
(files whose position in sorted order is a multiple of 10), which ``bench/restore.py``
uses for evaluation; the vocabulary also takes every syllable of the MIT-licensed
list of valid Vietnamese syllables (``vi-syllables``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from chitieu.errors import InputError
from chitieu.restore.model import BITS, MAX_VOCAB, SPECIALS, LanguageModel
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
MIN_TRIGRAM_COUNT = 2


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


def _sentences(files: Iterable[Path]) -> Iterator[list[str]]:
    for path in files:
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = canonical(raw).lower()
            tokens = list(lm_stream(line))
            if tokens:
                yield tokens


def train(corpus: Path, out: Path) -> LanguageModel:
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
    sentences = list(_sentences(files))
    counts: Counter[str] = Counter()
    for sent in sentences:
        counts.update(sent)
    syl_set = set(syllables)
    words = [w for w, c in counts.items() if w not in syl_set and w not in SPECIALS and c >= MIN_WORD_COUNT]
    # syllables ordered by count, then the list's order; other words by count then spelling
    ranked = sorted(syllables, key=lambda w: -counts[w]) + sorted(words, key=lambda w: (-counts[w], w))
    vocab = list(SPECIALS) + ranked[: MAX_VOCAB - len(SPECIALS)]
    ids = {w: i for i, w in enumerate(vocab)}
    unk = ids["<unk>"]
    start = ids[LM_START]

    uni: Counter[int] = Counter()
    bi: Counter[int] = Counter()
    tri: Counter[int] = Counter()
    for sent in sentences:
        seq = [start, start] + [ids.get(w, unk) for w in sent]
        uni.update(seq[2:])
        bi.update((a << BITS) | b for a, b in zip(seq[1:], seq[2:], strict=False))
        tri.update((a << 2 * BITS) | (b << BITS) | c for a, b, c in zip(seq, seq[1:], seq[2:], strict=False))
    ctx1 = Counter[int]()
    for k, c in bi.items():
        ctx1[k >> BITS] += c
    ctx2 = Counter[int]()
    for k, c in tri.items():
        ctx2[k >> BITS] += c

    total = sum(uni.values())
    size = len(vocab)
    unigram = [math.log((uni[i] + 0.5) / (total + 0.5 * size)) for i in range(size)]
    bigram = {k: math.log(c / ctx1[k >> BITS]) for k, c in bi.items()}
    trigram = {
        k: math.log(c / ctx2[k >> BITS]) for k, c in tri.items() if c >= MIN_TRIGRAM_COUNT
    }
    meta: dict[str, object] = {
        "files": len(files),
        "tokens": total,
        "syllables": len(syllables),
        "seen": sum(1 for w in syllables if counts[w] > 0),
        "sources": ["vlc-legal (public domain)", "vi-syllables (MIT)"],
    }
    model = LanguageModel(vocab, unigram, bigram, trigram, meta)
    model.save(out)
    return model
