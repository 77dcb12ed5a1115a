"""The restorer's statistics: a syllable trigram language model with stupid backoff.

The file holds the vocabulary (syllable ids), quantised log scores of unigrams,
bigrams and trigrams, and a checksum. Everything is standard library: arrays are
delta-coded and zlib-compressed, and become plain dicts of ``int -> float`` on load
(trigram key ``a << 30 | b << 15 | c``), which is what the decoder's inner loop wants.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from array import array
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from chitieu.errors import ModelMissing

__all__ = ["BACKOFF", "MAGIC", "SPECIALS", "LanguageModel", "dequantise", "quantise"]

MAGIC = b"CHITIEU-RESTORE-1\n"
SPECIALS = ("<s>", "<p>", "<n>", "<unk>")
BITS = 15
MAX_VOCAB = 1 << BITS
BACKOFF = -0.9  # ln 0.4, stupid backoff
_STEP = 8.0  # quantisation: 1/8 nat
_HINT = "Chạy `chitieu train-restorer` để tạo lại mô hình từ kho ngữ liệu."
_HINT_EN = "Run `chitieu train-restorer` to rebuild the model from the corpus."


def quantise(score: float) -> int:
    """A log score (<= 0) as one byte."""
    return max(0, min(255, round(-score * _STEP)))


def dequantise(q: int) -> float:
    return -q / _STEP


_TABLE = [dequantise(q) for q in range(256)]


@dataclass
class LanguageModel:
    """Vocabulary and n-gram scores; ids 0-3 are ``<s> <p> <n> <unk>``."""

    vocab: list[str]
    unigram: list[float]
    bigram: dict[int, float]
    trigram: dict[int, float]
    meta: dict[str, object] = field(default_factory=dict)
    ids: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.ids = {w: i for i, w in enumerate(self.vocab)}

    def score(self, a: int, b: int, c: int) -> float:
        """Log score of ``c`` after ``a b``."""
        s = self.trigram.get((a << 30) | (b << 15) | c)
        if s is not None:
            return s
        s = self.bigram.get((b << 15) | c)
        if s is not None:
            return s + BACKOFF
        return self.unigram[c] + 2 * BACKOFF

    # ----------------------------------------------------------------- file format

    def save(self, path: Path) -> None:
        bi_keys = sorted(self.bigram)
        tri_keys = sorted(self.trigram)
        sections = [
            json.dumps({"vocab": self.vocab, "meta": self.meta}, ensure_ascii=False).encode("utf-8"),
            array("B", [quantise(s) for s in self.unigram]).tobytes(),
            _deltas(bi_keys),
            array("B", [quantise(self.bigram[k]) for k in bi_keys]).tobytes(),
            _deltas(tri_keys),
            array("B", [quantise(self.trigram[k]) for k in tri_keys]).tobytes(),
        ]
        body = b"".join(struct.pack("<I", len(z)) + z for z in (zlib.compress(s, 9) for s in sections))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(MAGIC + hashlib.sha256(body).digest() + body)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LanguageModel:
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise ModelMissing(
                f"Không đọc được mô hình phục hồi văn bản {path} ({err.strerror or err}).",
                f"Cannot read the restoration model {path}.",
                hint=_HINT,
            ) from None
        try:
            return cls._parse(raw)
        except (ValueError, KeyError, zlib.error, struct.error, UnicodeDecodeError) as err:
            raise ModelMissing(
                f"Mô hình phục hồi văn bản {path} bị hỏng ({err}).",
                f"The restoration model {path} is damaged ({err}).",
                hint=_HINT,
            ) from None

    @classmethod
    def _parse(cls, raw: bytes) -> LanguageModel:
        if not raw.startswith(MAGIC):
            raise ValueError("sai định dạng")
        digest, body = raw[len(MAGIC) : len(MAGIC) + 32], raw[len(MAGIC) + 32 :]
        if hashlib.sha256(body).digest() != digest:
            raise ValueError("sai tổng kiểm tra")
        parts: list[bytes] = []
        pos = 0
        while pos < len(body):
            (n,) = struct.unpack_from("<I", body, pos)
            parts.append(zlib.decompress(body[pos + 4 : pos + 4 + n]))
            pos += 4 + n
        if len(parts) != 6:
            raise ValueError("thiếu phần dữ liệu")
        head = json.loads(parts[0].decode("utf-8"))
        vocab = [str(w) for w in head["vocab"]]
        table = _TABLE
        unigram = [table[q] for q in parts[1]]
        bigram = dict(zip(_undelta(parts[2]), map(table.__getitem__, parts[3]), strict=True))
        trigram = dict(zip(_undelta(parts[4]), map(table.__getitem__, parts[5]), strict=True))
        if len(unigram) != len(vocab):
            raise ValueError("từ vựng không khớp")
        return cls(vocab, unigram, bigram, trigram, dict(head.get("meta", {})))


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


def _deltas(keys: list[int]) -> bytes:
    prev = 0
    out = array("Q")
    for k in keys:
        out.append(k - prev)
        prev = k
    return out.tobytes()


def _undelta(raw: bytes) -> list[int]:
    arr = array("Q")
    arr.frombytes(raw)
    return list(accumulate(arr))
