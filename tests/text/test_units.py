"""Tests for chitieu.text.units: the unit lexicon and canonical spellings."""

from __future__ import annotations

import pytest

from chitieu.text.units import COUNT_NOUNS, UNITS, canonical_unit, fold_fast, match_unit


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("ty dong", "tỷ đồng"), ("tỷ đồng", "tỷ đồng"), ("Tỷ Đồng", "tỷ đồng"), ("HTX", "hợp tác xã"),
        ("tan/ha", "tấn/ha"), ("tridu dong/ngudi/nam", "triệu đồng/người/năm"), ("triéu tAn", "triệu tấn"),
        ("x4", "xã"), ("giudng bénh/van dan", "giường bệnh/vạn dân"), ("lugt", "lượt"), ("lượt người", "lượt"),
        ("tin", "tin"), ("phần trăm", "%"), ("ngàn ha", "nghìn ha"), ("usd", "USD"), ("kwh", "kWh"),
        ("TTHC", "thủ tục hành chính"), ("du 4n", "dự án"), ("", ""), ("Bãi  Rác", "bãi rác"),
    ],
)  # fmt: skip
def test_canonical_unit_spellings(written: str, canonical: str) -> None:
    assert canonical_unit(written) == canonical


@pytest.mark.parametrize("unit", [*UNITS, *COUNT_NOUNS])
def test_canonical_unit_is_fixed_point_of_lexicon(unit: str) -> None:
    assert canonical_unit(canonical_unit(unit)) == canonical_unit(unit)


def test_match_unit_reports_span_and_exactness() -> None:
    folded, _ = fold_fast("5 tỷ đồng/năm và")
    m = match_unit(folded, 1)
    assert m == (2, 13, "tỷ đồng/năm", True)
    folded, _ = fold_fast("5 ngudi")
    assert match_unit(folded, 1) == (2, 7, "người", False)


@pytest.mark.parametrize("text", ["5 trong", "5 của", "5 và", "5 đạt"])
def test_match_unit_refuses_common_words(text: str) -> None:
    folded, _ = fold_fast(text)
    assert match_unit(folded, 1) is None


@pytest.mark.parametrize(
    ("text", "folded"), [("Đạt 28,5%", "dat 28,5%"), ("Hòa–Thủy", "hoa-thuy"), ("A\u00a0B", "a b")]
)
def test_fold_fast_is_char_for_char_on_nfc(text: str, folded: str) -> None:
    assert fold_fast(text) == (folded, None)


def test_fold_fast_maps_offsets_for_decomposed_text() -> None:
    out, offsets = fold_fast("Đa\u0323t 5")
    assert out == "dat 5"
    assert offsets == [0, 1, 3, 4, 5]
