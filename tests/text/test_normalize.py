"""Tests for chitieu.text.normalize: NFC, canonical tone placement and folding."""

from __future__ import annotations

import unicodedata

import pytest

from chitieu.text.normalize import canonical, fold, fold_char, fold_with_map, nfc, strip_marks


@pytest.mark.parametrize(
    ("text", "expected"),
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("Hoà Bình", "Hòa Bình"), ("HOÀ", "HÒA"), ("quý", "quý"),
     ("hoàn", "hoàn"), ("thuyền", "thuyền"), ("khoẻ", "khỏe"), ("uỷ ban", "ủy ban"), ("quỷ", "quỷ"),
     ("QUỶ", "QUỶ"), ("hoa, tuy vậy", "hoa, tuy vậy"), ("oà", "òa"), ("hoà2", "hòa2"),
     ("thuỷ-lợi", "thủy-lợi"), ("Hoà/Thuỷ", "Hòa/Thủy")],
)  # fmt: skip
def test_canonical_tone_placement(text: str, expected: str) -> None:
    assert canonical(text) == expected


def test_canonical_composes_decomposed_text() -> None:
    assert canonical(unicodedata.normalize("NFD", "Tiền Giang")) == "Tiền Giang"
    assert nfc(unicodedata.normalize("NFD", "đạt")) == "đạt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Đạt 28,5%", "dat 28,5%"), ("Nghị quyết", "nghi quyet"), ("TỶ ĐỒNG", "ty dong"), ("ươ", "uo")],
)
def test_fold_strips_marks_and_case(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(("ch", "expected"), [("đ", "d"), ("Đ", "D"), ("ố", "o"), ("Ữ", "U"), ("%", "%")])
def test_fold_char_keeps_case(ch: str, expected: str) -> None:
    assert fold_char(ch) == expected


def test_strip_marks_keeps_length_and_case() -> None:
    assert strip_marks("Tổng Giá Trị") == "Tong Gia Tri"


@pytest.mark.parametrize("text", ["Tổng giá trị đạt 28.157 tỷ đồng", "", "abc", "Hòa–Thủy 5%"])
def test_fold_with_map_is_identity_on_nfc(text: str) -> None:
    folded, offsets = fold_with_map(text)
    assert folded == fold(text)
    assert offsets == list(range(len(text)))
