"""The readings of common words, ranked once and memory-mapped: a fresh restorer's first
sight of a common word costs one look-up.

A restorer ranks the candidate readings of each distinct word of a text the first time
it meets it (``Restorer._candidates``) and keeps them for the rest of the text. On a
short document nearly every word is met for the first time, so a fresh process spends
more on ranking than on decoding. What a word's readings are depends on the word as
printed, the kind of line it is in (clean, stripped, OCR-damaged, heading or not) and
the model, never on its neighbours: so the readings of the commonest forms (the
``TOP_SYLLABLES`` commonest syllables, with and without their marks, in lower case,
capitalised and in capitals, in every kind of line) are ranked once, by the restorer
itself, and written to a table beside the model's cache file (:mod:`.cache`). Later
restorers map the table and find a word's readings in it with one probe, in C
(``_ranked.c``, ``readings``): the same candidates, built from the same numbers, as
ranking them again would give.

The table is named by a fingerprint of the model's digest and of the restorer's own
sources and data (this package's ``.py``, ``.c``, ``.h``, ``.json`` and ``.txt`` files,
and ``chitieu/text``'s): a retrained model or a changed rule, weight or channel cost
gets a new table, and an old one is never used for it (the two newest others stay, for
other versions sharing the folder; older ones are removed). A table that is damaged, of
another format or of another machine's byte order is ignored and rebuilt; where it
cannot be written (or the C accelerator is missing) words are ranked as they come.

Layout (little-endian, arrays at 8-byte boundaries)::

    header (_HEAD: magic, fingerprint, CRC-32 of the rest, then counts and offsets)
    | costs (d) | slots (I) | hashes (I) | key offsets (I) | reading offsets (I)
    | ids (i; ~id: the reading keeps the word as printed) | kinds of line (B) | keys (UTF-8)

A key is a kind of line (``mode + 3 * heading``, one byte) and the word in UTF-8; its
hash is their CRC-32; ``slots`` is an open-addressing table (linear probing) of
entry + 1 (0: empty).
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from chitieu.atomic import write_atomic
from chitieu.restore.cache import cache_dir
from chitieu.restore.decode import Candidate
from chitieu.restore.detect import learn_class
from chitieu.restore.model import LanguageModel
from chitieu.text.normalize import fold

__all__ = ["MAGIC", "TOP_SYLLABLES", "build_table", "common_forms", "fingerprint", "load_table", "table_path"]

MAGIC = b"CHITIEU-READ-1\n\0"
TOP_SYLLABLES = 3000  # the commonest syllables whose forms are ranked in advance
LINE_KINDS = (0, 1, 2, 4, 5)  # mode + 3 * heading (a clean line is never a heading)
CLASS_KINDS = (16, 17)  # 16 + caps: the word's class (detect.learn_class), its one "reading"'s id
_HEAD = struct.Struct("<16s32sII12Q")
_ALIGN = 8
KEEP_OTHERS = 2  # table files of other fingerprints left in the folder (the newest)
_PREFIX = "readings-"
_SUFFIX = ".cache"
# the sources and data whose every change may change a word's readings
_PACKAGE = Path(__file__).resolve().parent
_SOURCES = (_PACKAGE, _PACKAGE / "data", _PACKAGE.parent / "text")
_KINDS = frozenset({".py", ".c", ".h", ".json", ".txt"})

# ranks a word's readings as a fresh restorer does: (word as printed, mode, heading)
Compute = Callable[[str, int, bool], list[Candidate]]


def fingerprint(digest: bytes) -> bytes:
    """SHA-256 of the model's digest and of the restorer's sources and data files."""
    h = hashlib.sha256(MAGIC + digest)
    # the shipped model's magic and digest: its syllables classify words (detect)
    with contextlib.suppress(OSError), (_PACKAGE / "data" / "restorer.bin").open("rb") as f:
        h.update(f.read(64))
    for folder in _SOURCES:
        for path in sorted(folder.iterdir()):
            if path.suffix in _KINDS and path.is_file():
                h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def table_path(print_: bytes, folder: Path | None = None) -> Path:
    """The table file of fingerprint ``print_``."""
    return (folder or cache_dir()) / f"{_PREFIX}{print_.hex()[:32]}{_SUFFIX}"


def common_forms(lm: LanguageModel, top: int = TOP_SYLLABLES) -> list[str]:
    """The forms ranked in advance: the ``top`` commonest syllables, marked and folded, in
    lower case, capitalised and in capitals (each once, commonest first)."""
    count = int(str(lm.meta.get("syllables", 0)))
    uni = lm.unigram
    ids = sorted(range(4, 4 + count), key=lambda i: (-uni[i], i))[:top]
    seen: dict[str, None] = {}
    for i in ids:
        word = lm.vocab[i]
        for form in (word, fold(word)):
            for cased in (form, form[:1].upper() + form[1:], form.upper()):
                seen.setdefault(cased, None)
    return list(seen)


def build_table(print_: bytes, lm: LanguageModel, compute: Compute, forms: Iterable[str]) -> bytes:
    """The table file's bytes: the readings ``compute`` gives every form in every kind of line.

    A form whose readings write a word other than the model's spelling of its id (an
    abbreviation's capitals) is left out: it is ranked as it comes. With them, each form's
    class as line statistics count it (:func:`.detect.learn_class`), in a line in capitals
    and not.
    """
    vocab = lm.vocab
    keys: list[bytes] = []
    hashes = array("I")
    kinds = array("B")
    key_at, cand_at = array("I", [0]), array("I", [0])
    ids, costs = array("i"), array("d")
    blob = bytearray()
    for form in forms:
        text = form.encode("utf-8")
        for kind in LINE_KINDS + CLASS_KINDS:
            if kind in CLASS_KINDS:
                cands = [Candidate(learn_class({}, form, kind == 17), 0.0, None)]
            else:
                cands = compute(form, kind % 3, kind >= 3)
                if not all(c.word is None or c.word == vocab[c.lm_id] for c in cands):
                    continue
            key = bytes([kind]) + text
            keys.append(key)
            hashes.append(zlib.crc32(key))
            kinds.append(kind)
            blob += text
            key_at.append(len(blob))
            ids.extend(c.lm_id if c.word is not None else ~c.lm_id for c in cands)
            costs.extend(c.cost for c in cands)
            cand_at.append(len(ids))
    n = len(keys)
    size = 16
    while size < 2 * n:
        size *= 2
    slots = array("I", bytes(4 * size))
    for e in range(n):
        at = hashes[e] & (size - 1)
        while slots[at]:
            at = (at + 1) & (size - 1)
        slots[at] = e + 1
    parts: list[array[Any]] = [costs, slots, hashes, key_at, cand_at, ids, kinds, array("B", blob)]
    if sys.byteorder != "little":
        for part in parts:
            part.byteswap()
    offsets: list[int] = []
    at = _aligned(_HEAD.size)
    for part in parts:
        offsets.append(at)
        at = _aligned(at + len(part) * part.itemsize)
    body = bytearray(at - _HEAD.size)
    for part, offset in zip(parts, offsets, strict=True):
        raw = part.tobytes()
        body[offset - _HEAD.size : offset - _HEAD.size + len(raw)] = raw
    counts = (size, n, len(ids), len(blob))
    tail = struct.pack("<12Q", *counts, *offsets)
    crc = zlib.crc32(body, zlib.crc32(tail))
    return _HEAD.pack(MAGIC, print_, crc, 0, *counts, *offsets) + bytes(body)


def load_table(lm: LanguageModel, compute: Compute, *, folder: Path | None = None) -> memoryview | None:
    """The mapped table of ``lm`` (whose digest :mod:`.cache` recorded), built and written
    with ``compute`` if there is none yet; None if it cannot be read or written."""
    digest = lm.derived.get("digest")
    if not isinstance(digest, bytes) or sys.byteorder != "little":
        return None
    print_ = fingerprint(digest)
    target = table_path(print_, folder)
    got = _open(target, print_)
    if got is not None:
        return got
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(target.parent, os.W_OK):
            return None  # a folder we cannot write: not worth ranking everything for nothing
        data = build_table(print_, lm, compute, common_forms(lm, TOP_SYLLABLES))
        _write(target, data)
    except (OSError, ValueError, OverflowError):
        return None
    return _open(target, print_)


# per table file this process mapped and found sound: (device, inode, size, mtime), the mapping
_MAPPED: dict[Path, tuple[tuple[int, int, int, int], memoryview]] = {}


def _open(target: Path, print_: bytes) -> memoryview | None:
    try:
        with target.open("rb") as f:
            stat = os.fstat(f.fileno())
            identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
            known = _MAPPED.get(target)
            if known is not None and known[0] == identity:
                return known[1]
            view = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # missing, unreadable, or empty (mmap of 0 bytes)
        return None
    if not _sound(view, print_):
        return None
    _MAPPED[target] = (identity, view)
    return view


def _sound(view: memoryview, print_: bytes) -> bool:
    """The table is whole, this fingerprint's, and its arrays lie inside it."""
    if len(view) < _HEAD.size:
        return False
    magic, own, crc, _, size, n, n_cands, n_bytes, *offsets = _HEAD.unpack_from(view)
    if magic != MAGIC or own != print_:
        return False
    if zlib.crc32(view[_HEAD.size :], zlib.crc32(view[56 : _HEAD.size])) != crc:
        return False
    sizes = (8 * n_cands, 4 * size, 4 * n, 4 * (n + 1), 4 * (n + 1), 4 * n_cands, n, n_bytes)
    return size & (size - 1) == 0 and all(
        o % _ALIGN == 0 and o + s <= len(view) for o, s in zip(offsets, sizes, strict=True)
    )


def _write(target: Path, data: bytes) -> None:
    """Write a table file atomically (a temporary file, then a rename); remove stale ones."""
    write_atomic(target, [data])
    for other in _stale(target):
        with contextlib.suppress(OSError):
            other.unlink()


def _stale(keep: Path) -> Iterator[Path]:
    """The other table files of the folder (another model's, or other sources'), but the
    ``KEEP_OTHERS`` newest: checkouts of other versions sharing the folder keep theirs."""
    others: list[tuple[float, Path]] = []
    for path in keep.parent.glob(f"{_PREFIX}*{_SUFFIX}"):
        if path != keep:
            with contextlib.suppress(OSError):
                others.append((path.stat().st_mtime, path))
    others.sort(reverse=True)
    return (path for _, path in others[KEEP_OTHERS:])


def _aligned(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN
