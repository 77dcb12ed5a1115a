"""Beam search over candidate syllables with the trigram model.

In the model a missing n-gram scores its lower order plus a constant back-off, and
every trigram ``a b c`` has its bigram ``b c``, so a candidate that does not follow the
previous syllable as a bigram scores its unigram back-off whatever came before: the
same for every state that ends in that syllable.
The search looks n-grams up only for the candidates that do follow (one look-up per
candidate in the model's successors of that syllable), and scores the others with one
addition.

The same search is written in C (``_decode.c``, built when the package is installed
with a C compiler at hand): same states, same order, same arithmetic, so the same
choices, about ten times faster, and with no per-context tables to build on first use.
Without it, :func:`_decode_python` does the work.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

from chitieu.restore.model import TABLE, LanguageModel

if TYPE_CHECKING:
    from typing_extensions import Buffer

try:
    from chitieu.restore import _native

    NATIVE = True
except ImportError:  # not built: the Python search below does the work
    NATIVE = False

__all__ = ["BEAM", "Candidate", "Item", "context_indexes", "decode", "native_tables"]

BEAM = 20
MARGIN = 7.0  # states this much worse than the best are dropped


class Candidate(NamedTuple):
    """One reading of a position: LM id, channel cost (nats), output word (None: keep)."""

    lm_id: int
    cost: float
    word: str | None


Item = list[Candidate]
# per item: id -> (index, cost) of its cheapest candidate, in the candidates' order; and
# (index, id, back-off score) for every candidate, best back-off first
_Readings = tuple[dict[int, tuple[int, float]], list[tuple[int, int, float]]]


def _second(kv: tuple[int, float]) -> float:
    return kv[1]


def _readings(lm: LanguageModel, cands: Item) -> _Readings:
    uni = lm.unigram
    bo2 = 2 * lm.backoff
    by_id: dict[int, tuple[int, float]] = {}
    for ci, cand in enumerate(cands):
        old = by_id.get(cand.lm_id)
        if old is None or cand.cost < old[1]:
            by_id[cand.lm_id] = (ci, cand.cost)
    rows = sorted(((ci, c, uni[c] + bo2 - cost) for c, (ci, cost) in by_id.items()), key=lambda r: -r[2])
    return by_id, rows


def decode(lm: LanguageModel, items: list[Item], *, explain: bool = False) -> tuple[list[int], list[float]]:
    """The best candidate index per item and, if ``explain``, a confidence per item."""
    if NATIVE:
        choice = _native.decode(items, *native_tables(lm), lm.ids["<s>"], MARGIN, BEAM, lm.backoff)
    else:
        choice = _decode_python(lm, items)
    confidence = _confidence(lm, items, choice) if explain else []
    return choice, confidence


def native_tables(lm: LanguageModel) -> tuple[Buffer, ...]:
    """The model's arrays in the order the C decoder takes them: bigram contexts, offsets,
    words, scores; the same for trigrams; unigram scores; the table of one-byte scores;
    the index of the bigram contexts by syllable and of the trigram contexts by their
    first syllable (built on first use, kept with the model)."""
    got = lm.derived.get("native_tables")
    if got is None:
        bi, tri = lm.bigrams, lm.trigrams
        got = (
            *(bi.contexts, bi.offsets, bi.words, bi.scores),
            *(tri.contexts, tri.offsets, tri.words, tri.scores),
            lm.unigram_array,
            TABLE,
            *context_indexes(lm),
        )
        lm.derived["native_tables"] = got
    tables: tuple[Buffer, ...] = got  # type: ignore[assignment]
    return tables


def context_indexes(lm: LanguageModel) -> tuple[Buffer, Buffer]:
    """The index of the bigram contexts by syllable and of the trigram contexts by their
    first syllable: entry ``v`` is the position of the first context ``>= v << shift``
    (shift 0 and 15), for ``v`` up to the vocabulary's size. Kept with the model; the
    model cache (:mod:`.cache`) stores them with the arrays."""
    got = lm.derived.get("context_indexes")
    if got is None:
        size = len(lm.vocab)
        got = lm.derived["context_indexes"] = (
            _index(lm.bigrams.contexts, 0, size),
            _index(lm.trigrams.contexts, 15, size),
        )
    indexes: tuple[Buffer, Buffer] = got  # type: ignore[assignment]
    return indexes


def _index(contexts: Buffer, shift: int, size: int) -> Buffer:
    if NATIVE:
        return memoryview(_native.index(contexts, shift, size)).cast("q")
    view = memoryview(contexts).cast("B").cast("q")
    return array("q", [bisect_left(view, v << shift) for v in range(size + 1)])


def _decode_python(lm: LanguageModel, items: list[Item]) -> list[int]:
    """The beam search in Python.

    A state is the last two syllables, keyed ``p2 << 15 | p1``; each step keeps, per
    state, the candidate index taken and the state it came from.
    """
    backoff = lm.backoff
    follows, cached_follow = lm.bigrams.after, lm.bigrams.cached
    after, cached = lm.trigrams.after, lm.trigrams.cached
    mask = (1 << 15) - 1
    start = lm.ids["<s>"]
    inf = -math.inf
    seen: dict[int, _Readings] = {}  # by id(): the restorer shares candidate lists
    scores: dict[int, float] = {(start << 15) | start: 0.0}
    backs: list[dict[int, tuple[int, int]]] = []
    for cands in [*items, [Candidate(start, 0.0, None)]]:
        if len(cands) == 1 and len(scores) == 1:
            # one path and one reading: its score is the same whatever the choice, skip it
            for state, score in scores.items():
                key = ((state & mask) << 15) | cands[0].lm_id
                scores = {key: score}
                backs.append({key: (0, state)})
            continue
        got = seen.get(id(cands))
        if got is None:
            got = seen[id(cands)] = _readings(lm, cands)
        by_id, readings = got
        groups: dict[int, list[tuple[int, float]]] = {}
        for state, score in scores.items():
            groups.setdefault(state & mask, []).append((state, score))
        new: dict[int, float] = {}
        back: dict[int, tuple[int, int]] = {}
        get = new.get
        top = inf
        rest: list[tuple[int, dict[int, float], int, float]] = []
        # candidates that follow p1 as a bigram (and perhaps p2 p1 as a trigram)
        for p1, members in groups.items():
            ctx1 = p1 << 15
            follow = cached_follow(p1)
            if follow is None:
                follow = follows(p1)
            # in the order of the candidates, so that ties break the same way every time
            hit = {c: s for c in by_id if (s := follow.get(c)) is not None}
            if len(hit) < len(by_id):
                best_state, best_score = max(members, key=_second)
                rest.append((ctx1, hit, best_state, best_score))
            if not hit:
                continue
            with_tri = []
            for state, score in members:
                tri = cached(state)
                with_tri.append((state, score, after(state) if tri is None else tri))
            for c, s in hit.items():
                ci, cost = by_id[c]
                key = ctx1 | c
                b = s + backoff
                total = inf
                from_state = -1
                for state, score, tri in with_tri:
                    t = score + tri.get(c, b)
                    if t > total:
                        total = t
                        from_state = state
                total -= cost
                if total > get(key, inf):
                    new[key] = total
                    back[key] = (ci, from_state)
                    if total > top:
                        top = total
        # the others score their unigram back-off: best first, while within the margin
        for ctx1, hit, best_state, best_score in rest:
            taken = 0
            for ci, c, base in readings:
                if c in hit:
                    continue
                total = best_score + base
                if total < top - MARGIN or taken >= BEAM:
                    break
                key = ctx1 | c
                if total > get(key, inf):
                    new[key] = total
                    back[key] = (ci, best_state)
                    taken += 1
                    if total > top:
                        top = total
        floor = top - MARGIN
        if len(new) > BEAM:
            ranked = sorted(new.items(), key=_second, reverse=True)[:BEAM]
            new = {k: v for k, v in ranked if v > floor}
        else:
            new = {k: v for k, v in new.items() if v > floor}
        backs.append(back)
        scores = new
    state = max(scores, key=scores.__getitem__)
    choice: list[int] = []
    for back in reversed(backs):
        ci, state = back[state]
        choice.append(ci)
    choice.reverse()
    choice.pop()  # the end of the text
    return choice


def _confidence(lm: LanguageModel, items: list[Item], choice: list[int]) -> list[float]:
    """Posterior of the chosen candidate given the chosen neighbours (two each side)."""
    ids = [items[i][c].lm_id for i, c in enumerate(choice)]
    start = lm.ids["<s>"]
    padded = [start, start, *ids]
    out: list[float] = []
    n = len(items)
    for i, cands in enumerate(items):
        if len(cands) == 1:
            out.append(1.0)
            continue
        a, b = padded[i], padded[i + 1]
        scores = []
        for cand in cands:
            c = cand.lm_id
            s = lm.score(a, b, c) - cand.cost
            if i + 1 < n:
                s += lm.score(b, c, ids[i + 1])
            if i + 2 < n:
                s += lm.score(c, ids[i + 1], ids[i + 2])
            scores.append(s)
        top = max(scores)
        total = sum(math.exp(s - top) for s in scores)
        out.append(math.exp(scores[choice[i]] - top) / total)
    return out
