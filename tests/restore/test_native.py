"""The C accelerator gives exactly what the Python loops give, and refuses bad input."""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left
from pathlib import Path

import pytest

from chitieu.restore import Restorer, channel
from chitieu.restore import decode as decode_module
from chitieu.restore.channel import CHEAP_DEL, DEFAULT_DEL, KeyTrie, _unrolled
from chitieu.restore.decode import Candidate, Item, _decode_python, native_tables
from chitieu.restore.model import LanguageModel, NGrams
from chitieu.restore.noise import damage

pytestmark = pytest.mark.skipif(not decode_module.NATIVE, reason="C accelerator not built")

if decode_module.NATIVE:
    from chitieu.restore import _native

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bao-cao-tinh-an-lac-2023.txt"
WORDS = 12


def _model(rng: random.Random) -> LanguageModel:
    vocab = ["<s>", "<p>", "<n>", "<unk>", *(f"w{i}" for i in range(WORDS))]
    size = len(vocab)
    unigram = [-rng.choice([2.0, 4.0, 6.0, 8.0]) for _ in range(size)]  # coarse: ties happen
    bigram = {
        (a << 15) | c: -rng.choice([0.5, 1.0, 2.0])
        for a in range(size)
        for c in range(size)
        if rng.random() < 0.4
    }
    trigram = {
        (a << 30) | k: -rng.choice([0.25, 0.5]) for a in range(size) for k in bigram if rng.random() < 0.2
    }
    return LanguageModel(vocab, unigram, NGrams.from_scores(bigram), NGrams.from_scores(trigram))


def _items(rng: random.Random, length: int) -> list[Item]:
    items = []
    for _ in range(length):
        ids = [rng.randrange(4, 4 + WORDS) for _ in range(rng.choice([1, 1, 2, 3, 5, 8]))]  # repeats too
        items.append([Candidate(i, rng.choice([0.0, 0.5, 1.0, 2.0]), None) for i in ids])
    return items


def _native_decode(lm: LanguageModel, items: list[Item], margin: float, beam: int) -> list[int]:
    return _native.decode(items, *native_tables(lm), 0, margin, beam, lm.backoff)


@pytest.mark.parametrize(("margin", "beam"), [(7.0, 20), (2.0, 3), (0.5, 1), (1e9, 10_000)])
@pytest.mark.parametrize("seed", range(40))
def test_native_decode_matches_python(
    seed: int, margin: float, beam: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decode_module, "MARGIN", margin)
    monkeypatch.setattr(decode_module, "BEAM", beam)
    rng = random.Random(seed)
    lm = _model(rng)
    items = _items(rng, rng.randint(1, 40))
    assert _native_decode(lm, items, margin, beam) == _decode_python(lm, items)


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer.shared()


def test_native_decode_matches_python_on_a_damaged_report(
    restorer: Restorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    captured: list[list[Item]] = []
    real = decode_module.decode

    def spy(lm: LanguageModel, items: list[Item], *, explain: bool = False) -> tuple[list[int], list[float]]:
        captured.append(items)
        return real(lm, items, explain=explain)

    monkeypatch.setattr("chitieu.restore.restorer.decode", spy)
    native_out = restorer.restore_lines(damage(EXAMPLE.read_text(encoding="utf-8"), seed=3).split("\n"))
    (items,) = captured
    assert len(items) > 2000
    assert _native_decode(restorer.lm, items, decode_module.MARGIN, decode_module.BEAM) == _decode_python(
        restorer.lm, items
    )
    monkeypatch.setattr(decode_module, "NATIVE", False)
    monkeypatch.setattr(channel, "NATIVE", False)
    python = Restorer(restorer.lm)  # a fresh one: its trie without the C walk
    assert python.trie._flat is None
    assert python.restore_lines(damage(EXAMPLE.read_text(encoding="utf-8"), seed=3).split("\n")) == native_out


@pytest.mark.parametrize("seed", range(6))
def test_native_walk_matches_python(restorer: Restorer, seed: int) -> None:
    trie = restorer.trie
    assert trie._flat is not None
    rng = random.Random(seed)
    letters = "abcdeghiklmnopqrstuvxy16@&€0348ƥ"
    for _ in range(150):
        form = "".join(rng.choice(letters) for _ in range(rng.randint(1, 13)))
        bound = rng.choice([1.0, 2.0, 3.0, 4.0])
        dels = [CHEAP_DEL if c in "0123456789@€&" else DEFAULT_DEL for c in form]
        first = [0.0]
        for d in dels:
            first.append(first[-1] + d)
        walk = _unrolled(len(form)) if len(form) <= channel.UNROLL_MAX else trie._walk
        expected = walk(trie.root, trie._costs(form), tuple(dels), bound, tuple(first))
        assert trie._flat.walk(form, dels, bound) == expected


def test_native_walk_finds_ocr_readings() -> None:
    trie = KeyTrie(["duoc", "nuoc", "dang", "uy"])
    assert trie._flat is not None
    found = trie._flat.walk("dugc", [DEFAULT_DEL] * 4, 3.0)
    assert min(found, key=found.__getitem__) == "duoc"


def _good_args(items: object) -> list[object]:
    lm = _model(random.Random(1))
    return [items, *native_tables(lm), 0, 7.0, 12, lm.backoff]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({0: ([Candidate(4, 0.0, None)],)}, TypeError, "list"),
        ({0: [[]]}, ValueError, "no candidate"),
        ({0: [[(4,)]]}, TypeError, "not a Candidate"),
        ({0: [[("4", 0.0, None)]]}, TypeError, "integer"),
        ({0: [[Candidate(99_999, 0.0, None)]]}, ValueError, "outside the vocabulary"),
        ({0: [[Candidate(-1, 0.0, None)]]}, ValueError, "outside the vocabulary"),
        ({2: array("q", [0])}, ValueError, "do not match"),
        ({3: array("b", [0, 0, 0])}, ValueError, "item size"),
        ({10: array("d", [0.0])}, ValueError, "wrong size"),
        ({11: array("q", [1, 2])}, ValueError, "index does not match"),
        ({12: array("q", [0, 9, 3, 3])}, ValueError, "index does not match"),
        ({12: array("q", [0, 10**9])}, ValueError, "index does not match"),
        ({12: b"\0" * 7}, ValueError, "item size"),
        ({15: 0}, ValueError, "beam"),
        ({13: 10**6}, ValueError, "start"),
    ],
)
def test_native_decode_rejects_bad_input(
    change: dict[int, object], error: type[Exception], message: str
) -> None:
    args = _good_args([[Candidate(4, 0.0, None)], [Candidate(5, 0.0, None), Candidate(6, 1.0, None)]])
    assert _native.decode(*args) in ([0, 0], [0, 1])
    for at, value in change.items():
        args[at] = value
    with pytest.raises(error, match=message):
        _native.decode(*args)


@pytest.mark.parametrize("shift", [0, 3, 15])
@pytest.mark.parametrize("seed", range(5))
def test_native_index_gives_first_context_of_each_prefix(seed: int, shift: int) -> None:
    rng = random.Random(seed)
    contexts = array("q", sorted(rng.randrange(0, 40 << shift) for _ in range(rng.randint(0, 200))))
    size = 45
    index = array("q")
    index.frombytes(_native.index(contexts, shift, size))
    assert list(index) == [bisect_left(contexts, v << shift) for v in range(size + 1)]


@pytest.mark.parametrize("seed", range(3))
def test_context_index_python_matches_native(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    contexts = array("q", sorted(rng.randrange(0, 50 << 15) for _ in range(rng.randint(0, 500))))
    native = bytes(memoryview(decode_module._index(contexts, 15, 60)).cast("B"))
    monkeypatch.setattr(decode_module, "NATIVE", False)
    assert bytes(memoryview(decode_module._index(contexts, 15, 60)).cast("B")) == native


@pytest.mark.parametrize(
    ("contexts", "shift", "size", "message"),
    [
        (array("q", [5, 3]), 0, 10, "not sorted"),
        (array("b", [1, 2, 3]), 0, 10, "item size"),
        (array("q", [1]), -1, 10, "shift"),
        (array("q", [1]), 0, -5, "size"),
    ],
)
def test_native_index_rejects_bad_input(contexts: array[int], shift: int, size: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _native.index(contexts, shift, size)


def test_native_walk_rejects_arrays_that_do_not_match() -> None:
    trie = KeyTrie(["duoc", "nuoc"])
    flat = trie._flat
    assert flat is not None
    start, count, letter, node, key_of = flat.arrays
    subs = b"".join(flat._column(c) for c in "dugc")
    with pytest.raises(ValueError, match="wrong size"):
        _native.walk(
            start,
            count,
            letter,
            node,
            key_of,
            flat.keys,
            flat.depth,
            subs[:-8],
            None,
            flat.ins,
            array("d", [2.0] * 4),
            3.0,
        )
    broken = array("i", node)
    broken[0] = 10**6
    with pytest.raises(ValueError, match="broken trie"):
        _native.walk(
            start,
            count,
            letter,
            broken,
            key_of,
            flat.keys,
            flat.depth,
            subs,
            None,
            flat.ins,
            array("d", [2.0] * 4),
            3.0,
        )
