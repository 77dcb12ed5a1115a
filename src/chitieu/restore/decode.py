"""Beam search over candidate syllables with the trigram model."""

from __future__ import annotations

import math
from typing import NamedTuple

from chitieu.restore.model import BACKOFF, LanguageModel

__all__ = ["BEAM", "Candidate", "Item", "decode"]

BEAM = 12
MARGIN = 12.0  # states this much worse than the best are dropped


class Candidate(NamedTuple):
    """One reading of a position: LM id, channel cost (nats), output word (None: keep)."""

    lm_id: int
    cost: float
    word: str | None


Item = list[Candidate]


def decode(lm: LanguageModel, items: list[Item], *, explain: bool = False) -> tuple[list[int], list[float]]:
    """The best candidate index per item and, if ``explain``, a confidence per item."""
    tri = lm.trigram
    bi = lm.bigram
    uni = lm.unigram
    bo2 = 2 * BACKOFF
    start = lm.ids["<s>"]
    # state: (p2, p1) -> (score, history); history is a linked list (index, parent)
    states: dict[tuple[int, int], tuple[float, tuple[int, object] | None]] = {(start, start): (0.0, None)}
    for cands in [*items, [Candidate(start, 0.0, None)]]:
        new: dict[tuple[int, int], tuple[float, tuple[int, object] | None]] = {}
        for (p2, p1), (score, hist) in states.items():
            ctx2 = (p2 << 30) | (p1 << 15)
            ctx1 = p1 << 15
            for ci, cand in enumerate(cands):
                c = cand.lm_id
                s = tri.get(ctx2 | c)
                if s is None:
                    s = bi.get(ctx1 | c)
                    s = uni[c] + bo2 if s is None else s + BACKOFF
                total = score + s - cand.cost
                key = (p1, c)
                old = new.get(key)
                if old is None or total > old[0]:
                    new[key] = (total, (ci, hist))
        if len(new) > BEAM:
            ranked = sorted(new.items(), key=lambda kv: -kv[1][0])
            best = ranked[0][1][0]
            new = dict(kv for kv in ranked[:BEAM] if kv[1][0] > best - MARGIN)
        states = new
    best_hist = max(states.values(), key=lambda v: v[0])[1]
    choice: list[int] = []
    node: object = best_hist
    while node is not None:
        assert isinstance(node, tuple)
        choice.append(node[0])
        node = node[1]
    choice.reverse()
    choice.pop()  # the end of the text
    confidence = _confidence(lm, items, choice) if explain else []
    return choice, confidence


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
