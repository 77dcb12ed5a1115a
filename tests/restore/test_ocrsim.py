"""Learning OCR confusions from synthetic scans (the alignment and the costs; no Tesseract needed)."""

from __future__ import annotations

import pytest

from chitieu.restore import channel
from chitieu.restore.ocrsim import align, costs, count_pairs


@pytest.mark.parametrize(
    ("printed", "clean", "cost", "kinds"),
    [
        ("dong", "dong", 0.0, "ssss"),
        ("ding", "dong", 1.0, "ssss"),
        ("ngulli", "nguoi", 1.2, "sssps"),
        ("rnat", "mat", 1.2, "pss"),
    ],
)
def test_align_cheapest_operations(printed: str, clean: str, cost: float, kinds: str) -> None:
    got, ops = align(printed, clean)
    assert got == pytest.approx(cost)
    assert "".join(k for k, _, _ in ops) == kinds
    assert "".join(p for _, p, _ in ops) == printed
    assert "".join(c for _, _, c in ops) == clean


def test_costs_learn_frequent_confusions_only() -> None:
    pairs = [("đồng người", "ding ngUoi")] * 6 + [("tăng", "tdng")] * 2
    table = costs(count_pairs(pairs), min_count=4)
    assert "io" in table["sub"]  # "ding" for "đồng": i read for o, seen 6 times
    assert "da" not in table["sub"]  # seen twice: noise
    assert all(0.3 <= v <= 2.5 for v in table["sub"].values())


def test_count_pairs_skips_lines_whose_words_do_not_line_up() -> None:
    counts = count_pairs([("tổng giá trị", "tonggia tri")])
    assert counts.tokens == 0


def test_channel_uses_learned_costs_below_hand_set_ones() -> None:
    # the shipped table learned that an OCR "i" often stands for a vowel with marks
    assert channel.SUB_COSTS[("i", "o")] < channel.DEFAULT_SUB


def test_costs_make_a_printed_pair_cheap_when_it_is_always_one_letter() -> None:
    # "ill" for "ươ": a printed "ll" never occurs in Vietnamese, so it stands for the "ơ"
    pairs = [("được người", "dillc ngilli")] * 6 + [("lúc đi", "luc di")] * 6
    table = costs(count_pairs(pairs), min_count=4)
    assert table["pair"]["ll>o"] <= 0.5
