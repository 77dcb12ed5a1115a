"""Candidate generation of the OCR channel."""

from __future__ import annotations

import pytest

from chitieu.restore.channel import KeyTrie, ocr_form

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
