"""The best catalogue names for a fact's name by the weight of the words they share.

:func:`best` is the inner loop of :meth:`chitieu.catalogue.link.Linker._candidates`: given
the names holding each word of a fact's name (its postings) and the word's weight, the
weight every name shares with the fact's name, and the few names with the most of it for
their own weight. It runs in C (``_scoring.c``, compiled by ``hatch_build.py``) when that
module is built, else in Python (:func:`best_python`); both add the same doubles in the
same order, so they give the same answer, bit for bit.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable, Iterator

__all__ = ["NATIVE", "Words", "best", "best_python", "pack", "pairs", "triples"]

# each word of a fact's name: the names holding it (its postings, packed by :func:`pack`) and its weight
Words = tuple[tuple[bytes, float], ...]


def pack(names: Iterable[int]) -> bytes:
    """Postings as :func:`best` reads them: the names' numbers as C ints (``array("i")``), in order."""
    return array("i", sorted(names)).tobytes()


def best_python(
    bringing: Words, scoring: Words, inverse: tuple[float, ...], k: int, total: float
) -> tuple[int | float, ...]:
    """(name, shared, score) of the ``k`` best names, best first, one after the other in one tuple.

    Every name in the postings of a ``bringing`` word (each name once in a word's postings) is
    a candidate; the words of ``scoring`` only add their weight to names already candidates.
    ``shared`` is the sum of the weights of a candidate's words, word by word in the order
    given; they are ranked by ``shared * shared * inverse[name]`` (``inverse``: 1 / each
    name's weight), the later name first between equals; ``score`` is the square root of
    that over ``total`` (the weight of the fact's name, above 0): the geometric mean of the
    shares of each name the other covers."""
    shared: dict[int, float] = {}
    for postings, weight in bringing:
        for i in memoryview(postings).cast("i"):
            shared[i] = shared.get(i, 0.0) + weight
    for postings, weight in scoring:
        for i in memoryview(postings).cast("i"):
            if i in shared:
                shared[i] += weight
    top = sorted([(x * x * inverse[i], i) for i, x in shared.items()], reverse=True)[: max(k, 0)]
    return tuple(v for square, i in top for v in (i, shared[i], math.sqrt(square / total)))


def triples(flat: tuple[int | float, ...]) -> Iterator[tuple[int, float, float]]:
    """(name, shared, score) of :func:`best`'s flat tuple (and of the linker's, kept so)."""
    it = iter(flat)
    return zip(it, it, it, strict=True)  # type: ignore[arg-type]


def pairs(flat: tuple[float | int, ...]) -> Iterator[tuple[float, int]]:
    """(score, entry) of a flat tuple of ranked entries (the linker keeps a fact's best so)."""
    it = iter(flat)
    return zip(it, it, strict=True)  # type: ignore[arg-type]


best: Callable[[Words, Words, tuple[float, ...], int, float], tuple[int | float, ...]]
try:
    from chitieu.catalogue import _scoring
except ImportError:  # not compiled (no C compiler when installed): the same, in Python
    NATIVE = False
    best = best_python
else:
    NATIVE = True
    best = _scoring.best
