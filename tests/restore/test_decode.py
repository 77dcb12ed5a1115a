"""The beam search finds the best path of the lattice (checked against brute force).

Every test runs on both implementations: the C one (when built) and the Python one.
"""

from __future__ import annotations

import itertools
import random
import shutil
import sysconfig

import pytest

from chitieu.restore import channel
from chitieu.restore import decode as decode_module
from chitieu.restore.decode import Candidate, Item, decode
from chitieu.restore.model import LanguageModel, NGrams

WORDS = 10  # ids 4..13 after the specials
IMPLEMENTATIONS = [
    "python",
    pytest.param(
        "native", marks=pytest.mark.skipif(not decode_module.NATIVE, reason="C accelerator not built")
    ),
]


@pytest.fixture(params=IMPLEMENTATIONS)
def implementation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    name: str = request.param
    monkeypatch.setattr(decode_module, "NATIVE", name == "native")
    return name


def _model(rng: random.Random, backoff: float | None = None) -> LanguageModel:
    vocab = ["<s>", "<p>", "<n>", "<unk>", *(f"w{i}" for i in range(WORDS))]
    size = len(vocab)
    unigram = [-rng.uniform(2.0, 12.0) for _ in range(size)]
    bigram = {
        (a << 15) | c: -rng.uniform(0.0, 5.0) for a in range(size) for c in range(size) if rng.random() < 0.4
    }
    trigram = {
        (a << 30) | k: -rng.uniform(0.0, 3.0) for a in range(size) for k in bigram if rng.random() < 0.15
    }
    # the file's resolution: scores are multiples of 1/8 nat
    meta: dict[str, object] = {} if backoff is None else {"backoff": backoff}
    return LanguageModel(vocab, unigram, NGrams.from_scores(bigram), NGrams.from_scores(trigram), meta)


def _items(rng: random.Random, length: int) -> list[Item]:
    items = []
    for _ in range(length):
        ids = rng.sample(range(4, 4 + WORDS), rng.choice([1, 1, 2, 3, 4]))
        items.append([Candidate(i, rng.uniform(0.0, 4.0), None) for i in ids])
    return items


def _path_score(lm: LanguageModel, items: list[Item], choice: tuple[int, ...] | list[int]) -> float:
    ids = [0, 0, *(items[i][c].lm_id for i, c in enumerate(choice)), 0]
    total = -sum(items[i][c].cost for i, c in enumerate(choice))
    return total + sum(lm.score(a, b, c) for a, b, c in zip(ids, ids[1:], ids[2:], strict=False))


@pytest.mark.parametrize("backoff", [None, 0.0])  # stupid backoff (the default), interpolated
@pytest.mark.parametrize("seed", range(80))
def test_decode_finds_best_path(
    seed: int, backoff: float | None, monkeypatch: pytest.MonkeyPatch, implementation: str
) -> None:
    monkeypatch.setattr(decode_module, "BEAM", 10_000)
    monkeypatch.setattr(decode_module, "MARGIN", 1e9)
    rng = random.Random(seed)
    lm = _model(rng, backoff)
    assert lm.backoff == (-0.9 if backoff is None else backoff)
    items = _items(rng, rng.randint(1, 6))
    choice, _ = decode(lm, items)
    best = max(
        _path_score(lm, items, combo) for combo in itertools.product(*(range(len(item)) for item in items))
    )
    assert len(choice) == len(items)
    assert _path_score(lm, items, choice) == pytest.approx(best)


@pytest.mark.parametrize("seed", range(10))
def test_decode_with_default_beam_is_close_to_best(seed: int, implementation: str) -> None:
    rng = random.Random(1000 + seed)
    lm = _model(rng)
    items = _items(rng, 7)
    choice, confidence = decode(lm, items, explain=True)
    best = max(
        _path_score(lm, items, combo) for combo in itertools.product(*(range(len(item)) for item in items))
    )
    assert _path_score(lm, items, choice) >= best - decode_module.MARGIN
    assert all(0.0 <= c <= 1.0 for c in confidence)
    assert [c for c, item in zip(confidence, items, strict=True) if len(item) == 1] == [1.0] * sum(
        len(item) == 1 for item in items
    )


def test_decode_accelerator_is_built_where_a_compiler_is() -> None:
    compiler = str(sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}): the Python loops are used")
    assert decode_module.NATIVE, "the C accelerator is not built: run `make install` (pip install -e .)"
    assert channel.NATIVE
