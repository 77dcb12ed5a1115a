"""Candidate generation of the OCR channel."""

from __future__ import annotations

import random

import pytest

from chitieu.restore.channel import CHEAP_DEL, DEFAULT_DEL, KeyTrie, _unrolled, ocr_form

KEYS = ["duoc", "nuoc", "dang", "lanh", "co", "cua", "uy", "nhung", "chuc", "xa", "nam", "lon", "la", "tang"]


@pytest.fixture(scope="module")
def trie() -> KeyTrie:
    return KeyTrie(KEYS)


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("dugc", "duoc"),
        ("nudc", "nuoc"),
        ("Pang", "dang"),
        ("1anh", "lanh"),
        ("c6", "co"),
        ("ciia", "cua"),
        ("@y", "uy"),
        ("nhitng", "nhung"),
        ("chirc", "chuc"),
        ("x3", "xa"),
        ("ndm", "nam"),
        ("10n", "lon"),
        ("ting", "tang"),
        ("nhi€ng", "nhung"),
    ],
)
def test_trie_search_finds_ocr_reading(trie: KeyTrie, token: str, key: str) -> None:
    found = trie.search(ocr_form(token), 3.0)
    assert key in found
    assert found[key] == min(found.values()) or found[key] <= 1.5


@pytest.mark.parametrize(("token", "bound"), [("xyzzy", 3.0), ("nuoc", 0.0)])
def test_trie_search_respects_bound(trie: KeyTrie, token: str, bound: float) -> None:
    found = trie.search(ocr_form(token), bound)
    assert all(cost <= bound for cost in found.values())
    assert ("nuoc" in found) == (token == "nuoc")


@pytest.mark.parametrize(("token", "form"), [("Pang", "ƥang"), ("Được", "duoc"), ("P", "p"), ("c6", "c6")])
def test_ocr_form_folds_and_marks_capital_p(token: str, form: str) -> None:
    assert ocr_form(token) == form


@pytest.mark.parametrize("seed", range(8))
def test_trie_unrolled_search_matches_generic(trie: KeyTrie, seed: int) -> None:
    rng = random.Random(seed)
    letters = "abcdeghilmnortuxy16@&ƥ"
    for _ in range(60):
        form = "".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
        bound = rng.choice([1.0, 2.0, 3.0])
        n = len(form)
        dels = tuple(CHEAP_DEL if c in "16@&" else DEFAULT_DEL for c in form)
        first = tuple(sum(dels[:j]) for j in range(n + 1))
        costs = trie._costs(form)
        generic = trie._walk(trie.root, costs, dels, bound, first)
        assert _unrolled(n)(trie.root, costs, dels, bound, first) == generic
        assert all(cost <= bound for cost in generic.values())


@pytest.mark.parametrize(("first", "second"), [(3.0, 1.5), (1.5, 3.0), (2.0, 2.0)])
def test_trie_search_cache_answers_like_a_fresh_search(first: float, second: float) -> None:
    cached = KeyTrie(KEYS)
    cached.search("dugc", first)
    assert cached.search("dugc", second) == KeyTrie(KEYS).search("dugc", second)


@pytest.mark.parametrize("seed", range(4))
def test_trie_search_skips_forms_too_long_for_any_key(trie: KeyTrie, seed: int) -> None:
    rng = random.Random(seed)
    letters = "abcdeghilmnortuxy16@&"
    for _ in range(40):
        form = "".join(
            rng.choice(letters) for _ in range(rng.randint(2 * trie.longest, 2 * trie.longest + 6))
        )
        bound = rng.choice([1.0, 2.0, 3.0])
        dels = tuple(CHEAP_DEL if c in "16@&" else DEFAULT_DEL for c in form)
        first = tuple(sum(dels[:j]) for j in range(len(form) + 1))
        walked = trie._walk(trie.root, trie._costs(form), dels, bound, first)
        assert KeyTrie(KEYS).search(form, bound) == walked
