"""The restorer's statistics: a syllable trigram language model.

Scores are stored for the n-grams seen; one not stored scores as the next lower order
plus the model's ``backoff`` (0 for the interpolated models ``train`` builds, whose
stored scores already mix the orders; ``ln 0.4`` per order for stupid backoff).

The file holds the vocabulary (syllable ids), quantised log scores of unigrams,
bigrams and trigrams, and a checksum. Everything is standard library. Bigrams and
trigrams are stored grouped by their context (the previous syllable, or the previous
two as ``a << 15 | b``): the sorted contexts, how many words follow each, the words
and their one-byte scores, as zlib-compressed arrays. Loading keeps them as arrays
(no per-n-gram Python object), and the decoder asks for "the words that follow this
context, with their scores" as a small dict built on first use and cached.

Decompressing the file takes a few tenths of a second; :mod:`.cache` writes the
decoded arrays once to a cache file and maps it into memory on later starts, so an
array here is either an ``array.array`` or a ``memoryview`` of that mapping.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

from chitieu.errors import ModelMissing

__all__ = [
    "BACKOFF",
    "MAGIC",
    "SPECIALS",
    "TABLE",
    "LanguageModel",
    "NGrams",
    "dequantise",
    "quantise",
    "read_model_file",
]

MAGIC = b"CHITIEU-RESTORE-2\n"
SPECIALS = ("<s>", "<p>", "<n>", "<unk>")
BITS = 15
MAX_VOCAB = 1 << BITS
BACKOFF = -0.9  # ln 0.4 (stupid backoff): for a model whose meta names no back-off
CACHE_LIMIT = 200_000  # contexts whose followers are kept at hand
_NOTHING: dict[int, float] = {}
_STEP = 8.0  # quantisation: 1/8 nat
_HINT = "Chạy `chitieu train-restorer` để tạo lại mô hình từ kho ngữ liệu."
_HINT_EN = "Run `chitieu train-restorer` to rebuild the model from the corpus."


def quantise(score: float) -> int:
    """A log score (<= 0) as one byte."""
    return max(0, min(255, round(-score * _STEP)))


def dequantise(q: int) -> float:
    return -q / _STEP


_TABLE = [dequantise(q) for q in range(256)]
TABLE = array("d", _TABLE)  # the same, as the C decoder reads it
if TYPE_CHECKING:
    from typing import TypeAlias

    # an array of integers as the tables hold them: in memory, or mapped from the cache file
    IntArray: TypeAlias = array[int] | memoryview[int]


class NGrams:
    """N-grams of one order, grouped by context.

    ``after(context)`` is ``{word: score}`` (empty for a context never seen), built on
    first use and cached. The C decoder reads the arrays themselves.
    """

    __slots__ = (
        "_cache",
        "cached",
        "contexts",
        "offsets",
        "scores",
        "words",
    )

    def __init__(
        self, contexts: IntArray, offsets: IntArray, words: IntArray, scores: bytes | memoryview[int]
    ) -> None:
        if len(offsets) != len(contexts) + 1 or offsets[-1] != len(words) or len(words) != len(scores):
            raise ValueError("bảng n-gram không khớp")
        self.contexts = contexts
        self.offsets = offsets
        self.words = words
        self.scores = scores
        self._cache: dict[int, dict[int, float]] = {}
        self.cached = self._cache.get  # ``after`` without the call once built

    @classmethod
    def from_scores(cls, scores: Mapping[int, float]) -> NGrams:
        """From ``{context << 15 | word: log score}`` (scores are quantised, as in the file)."""
        keys = sorted(scores)
        contexts = array("q")
        offsets = array("q", [0])
        for i, k in enumerate(keys):
            ctx = k >> BITS
            if not contexts or contexts[-1] != ctx:
                if contexts:
                    offsets.append(i)
                contexts.append(ctx)
        if contexts:
            offsets.append(len(keys))
        words = array("H", [k & (MAX_VOCAB - 1) for k in keys])
        return cls(contexts, offsets, words, bytes(quantise(scores[k]) for k in keys))

    def __len__(self) -> int:
        return len(self.words)

    def items(self) -> Iterator[tuple[int, float]]:
        """Every ``(context << 15 | word, score)``, in key order."""
        table = _TABLE
        for n, ctx in enumerate(self.contexts):
            for i in range(self.offsets[n], self.offsets[n + 1]):
                yield (ctx << BITS) | self.words[i], table[self.scores[i]]

    def after(self, context: int) -> dict[int, float]:
        """The words seen after ``context`` with their scores (empty if none); cached."""
        got = self._cache.get(context)
        if got is None:
            lo, hi = self._range(context)
            got = (
                dict(zip(self.words[lo:hi], map(_TABLE.__getitem__, self.scores[lo:hi]), strict=True))
                if hi > lo
                else _NOTHING
            )
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            self._cache[context] = got
        return got

    def _range(self, context: int) -> tuple[int, int]:
        n = bisect_left(self.contexts, context)
        if n < len(self.contexts) and self.contexts[n] == context:
            return self.offsets[n], self.offsets[n + 1]
        return 0, 0

    def sections(self) -> list[bytes]:
        counts = array("I", (b - a for a, b in zip(self.offsets, self.offsets[1:], strict=False)))
        return [_deltas(self.contexts), counts.tobytes(), self.words.tobytes(), bytes(self.scores)]

    @classmethod
    def from_sections(cls, parts: list[bytes]) -> NGrams:
        contexts = _undelta(parts[0])
        counts = array("I")
        counts.frombytes(parts[1])
        offsets = array("q", [0])
        offsets.extend(accumulate(counts))
        words = array("H")
        words.frombytes(parts[2])
        return cls(contexts, offsets, words, parts[3])


@dataclass
class LanguageModel:
    """Vocabulary and n-gram scores; ids 0-3 are ``<s> <p> <n> <unk>``.

    Every trigram ``a b c`` has its bigram ``b c`` (training keeps it so): a word that
    does not follow ``b`` as a bigram scores its unigram back-off after any ``a b``.
    """

    vocab: list[str]
    unigram: Sequence[float]
    bigrams: NGrams
    trigrams: NGrams
    meta: dict[str, object] = field(default_factory=dict)
    ids: dict[str, int] = field(init=False)
    # what users of the model build from it once and keep with it (the C decoder's tables)
    derived: dict[str, object] = field(init=False, default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.ids = {w: i for i, w in enumerate(self.vocab)}

    @cached_property
    def unigram_array(self) -> array[float] | memoryview[float]:
        """The unigram scores as doubles, as the C decoder reads them."""
        if isinstance(self.unigram, array | memoryview):
            return self.unigram
        return array("d", self.unigram)

    @property
    def backoff(self) -> float:
        """Added to a lower order's score for an n-gram not stored (per order)."""
        value = self.meta.get("backoff", BACKOFF)
        return float(value) if isinstance(value, int | float) else BACKOFF

    def score(self, a: int, b: int, c: int) -> float:
        """Log score of ``c`` after ``a b``."""
        s = self.trigrams.after((a << BITS) | b).get(c)
        if s is not None:
            return s
        s = self.bigrams.after(b).get(c)
        if s is not None:
            return s + self.backoff
        return self.unigram[c] + 2 * self.backoff

    # ----------------------------------------------------------------- file format

    def save(self, path: Path) -> None:
        sections = [
            json.dumps({"vocab": self.vocab, "meta": self.meta}, ensure_ascii=False).encode("utf-8"),
            bytes(quantise(s) for s in self.unigram),
            *self.bigrams.sections(),
            *self.trigrams.sections(),
        ]
        body = b"".join(struct.pack("<I", len(z)) + z for z in (zlib.compress(s, 9) for s in sections))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(MAGIC + hashlib.sha256(body).digest() + body)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LanguageModel:
        """The model in ``path``, decoded in memory; :class:`ModelMissing` if absent or damaged."""
        return cls.from_body(path, read_model_file(path)[1])

    @classmethod
    def from_body(cls, path: Path, body: bytes) -> LanguageModel:
        """The model from the checked body of the file at ``path`` (named in errors)."""
        try:
            return cls.parse_body(body)
        except (ValueError, KeyError, zlib.error, struct.error, UnicodeDecodeError) as err:
            raise _damaged(path, err) from None

    @classmethod
    def parse_body(cls, body: bytes) -> LanguageModel:
        """The model from the body of its file (what follows the magic and the checksum)."""
        parts: list[bytes] = []
        pos = 0
        while pos < len(body):
            (n,) = struct.unpack_from("<I", body, pos)
            parts.append(zlib.decompress(body[pos + 4 : pos + 4 + n]))
            pos += 4 + n
        if len(parts) != 10:
            raise ValueError("thiếu phần dữ liệu")
        head = json.loads(parts[0].decode("utf-8"))
        vocab = [str(w) for w in head["vocab"]]
        unigram = [_TABLE[q] for q in parts[1]]
        if len(unigram) != len(vocab):
            raise ValueError("từ vựng không khớp")
        bigrams = NGrams.from_sections(parts[2:6])
        trigrams = NGrams.from_sections(parts[6:10])
        return cls(vocab, unigram, bigrams, trigrams, dict(head.get("meta", {})))


def read_model_file(path: Path) -> tuple[bytes, bytes]:
    """The checksum and the body of the model file at ``path``, the body checked against it.

    The checksum (SHA-256 of the body) names the model: the cache is keyed by it.
    :class:`ModelMissing` if the file cannot be read, is not a model, or is damaged.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ModelMissing(
            f"Không đọc được mô hình phục hồi văn bản {path} ({err.strerror or err}).",
            f"Cannot read the restoration model {path}.",
            hint=_HINT,
        ) from None
    if not raw.startswith(MAGIC):
        raise _damaged(path, ValueError("sai định dạng"))
    digest, body = raw[len(MAGIC) : len(MAGIC) + 32], raw[len(MAGIC) + 32 :]
    if hashlib.sha256(body).digest() != digest:
        raise _damaged(path, ValueError("sai tổng kiểm tra"))
    return digest, body


def _damaged(path: Path, err: Exception) -> ModelMissing:
    return ModelMissing(
        f"Mô hình phục hồi văn bản {path} bị hỏng ({err}).",
        f"The restoration model {path} is damaged ({err}).",
        hint=_HINT,
    )


def read_syllables(path: Path) -> list[str]:
    """The valid syllables the model was trained with (its vocabulary's first entries).

    Only the header is read and decompressed: fast enough for damage detection.
    Returns ``[]`` if the file is missing or not a model.
    """
    try:
        with path.open("rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                return []
            f.read(32)
            (n,) = struct.unpack("<I", f.read(4))
            head = json.loads(zlib.decompress(f.read(n)).decode("utf-8"))
    except (OSError, ValueError, struct.error, zlib.error, UnicodeDecodeError):
        return []
    count = int(head.get("meta", {}).get("syllables", 0))
    vocab = [str(w) for w in head.get("vocab", [])]
    return vocab[len(SPECIALS) : len(SPECIALS) + count]


def _deltas(keys: Iterable[int]) -> bytes:
    prev = 0
    out = array("Q")
    for k in keys:
        out.append(k - prev)
        prev = k
    return out.tobytes()


def _undelta(raw: bytes) -> array[int]:
    arr = array("Q")
    arr.frombytes(raw)
    return array("q", accumulate(arr))
