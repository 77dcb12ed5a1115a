"""The linker's candidate scoring: the best names by shared weight, in C and in Python alike."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from chitieu.catalogue import link as link_module
from chitieu.catalogue import scoring
from chitieu.catalogue.link import Linker
from chitieu.catalogue.scoring import best_python, pack
from chitieu.ingest import extract_path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

native = pytest.mark.skipif(not scoring.NATIVE, reason="C accelerator not built")


def _case(seed: int) -> tuple[scoring.Words, scoring.Words, tuple[float, ...], int, float]:
    """Random postings over a few names, weights and inverses drawn from a few values (ties)."""
    rng = random.Random(seed)
    size = rng.randint(1, 60)
    weights = [rng.choice([0.4, 1.7, 2.25, 3.1, rng.uniform(0.1, 6.0)]) for _ in range(8)]
    inverse = tuple(rng.choice([0.0, 0.125, 0.2, 1 / 3, rng.uniform(0.01, 1.0)]) for _ in range(size))

    def words(n: int) -> scoring.Words:
        return tuple(
            (pack(rng.sample(range(size), rng.randint(0, size))), rng.choice(weights)) for _ in range(n)
        )

    k, total = rng.choice([0, 1, 5, 12, 100]), rng.choice([0.5, 3.0, rng.uniform(0.1, 30.0)])
    return words(rng.randint(1, 3)), words(rng.randint(0, 5)), inverse, k, total


@pytest.mark.parametrize(
    ("bringing", "scoring_words", "inverse", "k", "expected"),
    [
        # name 2 shares 3 + 1 of its weight 4: 16/4; name 0 shares 3 of 6: 9/6; name 1 only scores
        (((pack({0, 2}), 3.0),), ((pack({1, 2}), 1.0),), (1 / 6, 1 / 4, 1 / 4), 12,
         [(4.0, 2, 4.0), (1.5, 0, 3.0)]),
        # a scoring word brings no name: name 1 is no candidate; the best one only (k = 1)
        (((pack({0}), 2.0),), ((pack({1}), 5.0),), (1 / 6, 1 / 4), 1, [(4 / 6, 0, 2.0)]),
        # two bringing words add up, the later word's new names start from its weight
        (((pack({0}), 1.0), (pack({0, 1}), 2.0)), (), (1 / 6, 1 / 4), 12,
         [(9 / 6, 0, 3.0), (1.0, 1, 2.0)]),
        # equal squares: the later name first, as sorted(..., reverse=True) of (square, name) has it
        (((pack({0, 2}), 1.0),), (), (1 / 6, 1.0, 1 / 6), 12, [(1 / 6, 2, 1.0), (1 / 6, 0, 1.0)]),
        (((pack({0, 2}), 1.0),), (), (1 / 6, 1.0, 1 / 6), 0, []),
    ],
)  # fmt: skip
def test_best_ranks_by_shared_weight_for_its_own_weight(
    bringing: scoring.Words, scoring_words: scoring.Words, inverse: tuple[float, ...], k: int,
    expected: list[tuple[float, int, float]],
) -> None:  # fmt: skip
    """``expected``: (square, name, shared); the score is the root of the square over the total (4)."""
    got = best_python(bringing, scoring_words, inverse, k, 4.0)
    assert list(zip(got[::3], got[1::3], got[2::3], strict=True)) == [
        (i, pytest.approx(x), pytest.approx(math.sqrt(sq / 4.0))) for sq, i, x in expected
    ]
    if scoring.NATIVE:
        assert scoring.best(bringing, scoring_words, inverse, k, 4.0) == got


@native
@pytest.mark.parametrize("seed", range(300))
def test_best_native_matches_python_bit_for_bit(seed: int) -> None:
    case = _case(seed)
    assert scoring.best(*case) == best_python(*case)


@native
@pytest.mark.parametrize(
    ("bringing", "scoring_words", "error"),
    [
        (((pack({0}), 1.0, 2),), (), TypeError),  # not a pair
        (((pack({0}), "1"),), (), TypeError),  # not a weight
        (((frozenset({0}), 1.0),), (), TypeError),  # postings not packed
        (((b"\x00\x00\x00", 1.0),), (), ValueError),  # not whole C ints
        (((pack({3}), 1.0),), (), IndexError),  # no such name
        (((pack({0}), 1.0),), ((pack({-1}), 1.0),), IndexError),
        (((7, 1.0),), (), TypeError),  # postings not a collection
    ],
)
def test_best_native_refuses_bad_input_and_recovers(
    bringing: scoring.Words, scoring_words: scoring.Words, error: type[Exception]
) -> None:
    with pytest.raises(error):
        scoring.best(bringing, scoring_words, (0.5, 0.5), 12, 1.0)
    # what the failed call had marked is cleared: the next one starts afresh
    good = ((pack({0, 1}), 1.0),), ((pack({1}), 2.0),), (0.5, 0.25), 12, 0.25
    assert scoring.best(*good) == best_python(*good) == (1, 3.0, 3.0, 0, 1.0, math.sqrt(2.0))


@native
@pytest.mark.parametrize("report", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_linker_links_the_same_with_the_python_scoring(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fact of a report, on clean text, gets the same code and confidence either way."""
    facts = extract_path(report)
    entries = link_module.default_linker().entries
    native_linker = Linker(entries)
    native_links = [native_linker.link_fact(f) for f in facts]
    monkeypatch.setattr(link_module, "best_names", best_python)
    python_linker = Linker(entries)
    python_links = [python_linker.link_fact(f) for f in facts]
    assert len(facts) > 50
    assert [(f.indicator_code, f.link_confidence) for f in python_links] == [
        (f.indicator_code, f.link_confidence) for f in native_links
    ]
