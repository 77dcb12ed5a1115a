"""The restorer's model, decoded once and memory-mapped on later starts.

The model file (:mod:`.model`) is compact: zlib-compressed sections with delta-coded
contexts. Decoding it takes a few tenths of a second and holds every array twice
while it does. So the first start writes the decoded arrays to a cache file, and
every later start maps that file into memory (``mmap``): nothing is decompressed or
copied, the operating system pages the arrays in as the decoder reads them, and
processes restoring at the same time share one copy.

The cache file is named by the model file's SHA-256 (which the model file carries
and every load checks), so a retrained model gets a new cache file and an old one
is never used for it. It lives in ``$CHITIEU_CACHE_DIR``, else
``$XDG_CACHE_HOME/chitieu``, else ``~/.cache/chitieu``. A cache file that is
truncated, damaged or from another format is rebuilt; a cache folder that cannot be
written leaves the model decoded in memory, as without a cache. Either way the
model is the same, score for score.

Layout (native byte order, arrays at 8-byte boundaries)::

    CACHE_MAGIC | model SHA-256 (32) | CRC-32 of the rest (4) | header length (4)
    | header (JSON: vocab, meta, byte order, [typecode, offset, count] per array)
    | unigram (d) | bigram contexts (q) offsets (q) words (H) scores (B)
    | trigram contexts (q) offsets (q) words (H) scores (B)
    | index of the bigram contexts (q), of the trigram contexts (q)  (decode.context_indexes)
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import struct
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from chitieu.atomic import write_atomic
from chitieu.restore.decode import context_indexes
from chitieu.restore.model import LanguageModel, NGrams, read_model_file

if TYPE_CHECKING:
    from typing_extensions import Buffer

__all__ = ["CACHE_MAGIC", "cache_dir", "cache_path", "load_model"]

CACHE_MAGIC = b"CHITIEU-RESTORE-CACHE-2\n"
_PREFIX = "restorer-"
_SUFFIX = ".cache"
_FIXED = struct.Struct("<32sII")  # model digest, CRC-32 of what follows, header length
# the arrays in the order they are written, with their item types
_TYPECODES = ("d", "q", "q", "H", "B", "q", "q", "H", "B", "q", "q")
_ALIGN = 8


def cache_dir() -> Path:
    """Where cache files go: ``$CHITIEU_CACHE_DIR``, ``$XDG_CACHE_HOME/chitieu`` or ``~/.cache/chitieu``."""
    own = os.environ.get("CHITIEU_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "chitieu"
    return Path.home() / ".cache" / "chitieu"


def cache_path(digest: bytes, folder: Path | None = None) -> Path:
    """The cache file of the model whose body has SHA-256 ``digest``."""
    return (folder or cache_dir()) / f"{_PREFIX}{digest.hex()[:32]}{_SUFFIX}"


def load_model(path: Path, *, use_cache: bool = True) -> LanguageModel:
    """The model in ``path``: mapped from its cache file, which is written on first use.

    :class:`~chitieu.errors.ModelMissing` if the model file is absent or damaged
    (checked every time, cache or not). Without ``use_cache``, or when no cache file
    can be read or written, the model is decoded in memory.
    """
    digest, body = read_model_file(path)
    if not use_cache:
        return LanguageModel.from_body(path, body)
    target = cache_path(digest)
    model = _open(target, digest)
    if model is None:
        model = LanguageModel.from_body(path, body)
        del body
        try:
            _write(target, digest, model)
        except (OSError, ValueError):
            return model  # a folder we cannot write (or arrays it cannot hold): the model stays in memory
        model = _open(target, digest) or model
    # the model file's digest, for what is cached beside it (the ranked readings, .readings)
    model.derived["digest"] = digest
    return model


def _open(target: Path, digest: bytes) -> LanguageModel | None:
    """The model mapped from ``target``, or None if it is missing, damaged or not this model's.

    A process maps each cache file once: later loads of the same model (a restorer per
    document, say) share the mapping, each with a model object of its own.
    """
    try:
        with target.open("rb") as f:
            stat = os.fstat(f.fileno())
            identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
            known = _MAPPED.get(target)
            if known is not None and known[0] == identity and known[1] == digest:
                return _parse(known[2], digest, checked=True)
            view = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # missing, unreadable, or empty (mmap of 0 bytes)
        return None
    try:
        model = _parse(view, digest)
    except (ValueError, KeyError, TypeError, IndexError, struct.error, UnicodeDecodeError):
        return None
    _MAPPED[target] = (identity, digest, view)
    return model


# per cache file this process mapped and found sound: the file as it was then (device,
# inode, size, modification time), its model's digest and the mapping
_MAPPED: dict[Path, tuple[tuple[int, int, int, int], bytes, memoryview]] = {}


def _parse(view: memoryview, digest: bytes, *, checked: bool = False) -> LanguageModel:
    """The model in a mapped cache file; ``checked``: its checksum was verified already."""
    start = len(CACHE_MAGIC) + _FIXED.size
    if len(view) < start or view[: len(CACHE_MAGIC)] != CACHE_MAGIC:
        raise ValueError("not a cache file")
    own, crc, head_len = _FIXED.unpack_from(view, len(CACHE_MAGIC))
    if own != digest:
        raise ValueError("another model's cache")
    if not checked and zlib.crc32(view[start:]) != crc:
        raise ValueError("damaged cache")
    head = json.loads(bytes(view[start : start + head_len]).decode("utf-8"))
    if head["byteorder"] != sys.byteorder:
        raise ValueError("written on another machine")
    arrays: list[memoryview] = []
    for (code, offset, count), expected in zip(head["arrays"], _TYPECODES, strict=True):
        size = struct.calcsize(code)
        if code != expected or offset % _ALIGN or offset + count * size > len(view):
            raise ValueError("array out of place")
        arrays.append(view[offset : offset + count * size].cast(code))
    vocab = [str(w) for w in head["vocab"]]
    if len(arrays[0]) != len(vocab):
        raise ValueError("vocabulary and unigrams differ")
    model = LanguageModel(
        vocab,
        arrays[0],
        NGrams(arrays[1], arrays[2], arrays[3], arrays[4]),
        NGrams(arrays[5], arrays[6], arrays[7], arrays[8]),
        dict(head["meta"]),
    )
    if len(arrays[9]) != len(vocab) + 1 or len(arrays[10]) != len(vocab) + 1:
        raise ValueError("context indexes of the wrong size")
    model.derived["context_indexes"] = (arrays[9], arrays[10])
    return model


def _blobs(model: LanguageModel) -> list[memoryview]:
    """The model's arrays as bytes, in the order and with the item sizes of ``_TYPECODES``."""
    bi, tri = model.bigrams, model.trigrams
    parts: list[Buffer] = [model.unigram_array, bi.contexts, bi.offsets, bi.words, bi.scores]
    parts += [tri.contexts, tri.offsets, tri.words, tri.scores, *context_indexes(model)]
    out: list[memoryview] = []
    for part, code in zip(parts, _TYPECODES, strict=True):
        view = memoryview(part)
        if view.itemsize != struct.calcsize(code):
            raise ValueError(f"array of {view.itemsize}-byte items where {code!r} is expected")
        out.append(view.cast("B"))
    return out


def _write(target: Path, digest: bytes, model: LanguageModel) -> None:
    """Write the cache file for ``model`` atomically (a temporary file, then a rename)."""
    blobs = _blobs(model)
    counts = [len(blob) // struct.calcsize(code) for blob, code in zip(blobs, _TYPECODES, strict=True)]
    head: dict[str, object] = {"vocab": model.vocab, "meta": model.meta, "byteorder": sys.byteorder}

    def header(offsets: list[int]) -> bytes:
        head["arrays"] = [[c, o, n] for c, o, n in zip(_TYPECODES, offsets, counts, strict=True)]
        return json.dumps(head, ensure_ascii=False).encode("utf-8")

    # the arrays' offsets are in the header, so depend on its length: lay them out after a
    # header written with offsets as long as any can be (then the real one is no longer)
    start = len(CACHE_MAGIC) + _FIXED.size
    widest = len(header([10**15] * len(blobs)))
    offsets: list[int] = []
    at = _aligned(start + widest)
    for blob in blobs:
        offsets.append(at)
        at = _aligned(at + len(blob))
    text = header(offsets)
    pieces: list[bytes | memoryview] = [text, bytes(offsets[0] - start - len(text))]
    for blob, offset in zip(blobs, offsets, strict=True):
        end = offset + len(blob)
        pieces += [blob, bytes(_aligned(end) - end)]
    crc = 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, [CACHE_MAGIC + _FIXED.pack(digest, crc, len(text)), *pieces])
    _remove_stale(target)


def _remove_stale(keep: Path) -> None:
    """Remove the cache files of other models (a retrained or older one) from the folder."""
    for other in keep.parent.glob(f"{_PREFIX}*{_SUFFIX}"):
        if other != keep:
            with contextlib.suppress(OSError):
                other.unlink()


def _aligned(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN
