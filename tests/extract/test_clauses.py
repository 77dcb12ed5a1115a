"""Where the parts of a sentence break (chitieu.extract.clauses)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chitieu.extract.clauses import PART_BREAK, after_last_break, in_brackets, next_break
from chitieu.text.normalize import fold

_DATA = Path(__file__).resolve().parents[1] / "data"
# the plain expression of a part break that PART_BREAK is written for speed
_PLAIN = re.compile(r"[,()\[\]]|:(?!\d)")


@pytest.mark.parametrize(
    "text",
    [
        "đạt 12,5% (kế hoạch: 12%), tăng 3% [so với] năm trước",
        "tiêu chuẩn ISO 9001:2015: đạt chuẩn",
        "thời gian 10:30, lúc 9:",
        ":1,:(:[:]:",
        *(p.read_text(encoding="utf-8") for p in sorted((_DATA / "extract").glob("*.txt"))),
    ],
    ids=lambda t: t[:24],
)
def test_part_break_breaks_where_the_plain_expression_does(text: str) -> None:
    folded = fold(text)
    # in windows that end anywhere, a colon right before a window's end included
    for lo in range(0, len(folded), 97):
        for hi in (lo + 5, lo + 41, lo + 160, len(folded)):
            got = [m.span() for m in PART_BREAK.finditer(folded, lo, hi)]
            assert got == [m.span() for m in _PLAIN.finditer(folded, lo, hi)], (lo, hi)


@pytest.mark.parametrize(
    ("text", "pos", "end", "expected"),
    [
        ("tổng dư nợ, đạt 26.850 tỷ đồng", 0, 30, 10),
        ("ISO 9001:2015 đạt", 0, 17, 17),
        ("đạt 93,4% (kế hoạch 95%)", 9, 24, 10),
    ],
)
def test_next_break_finds_the_next_break(text: str, pos: int, end: int, expected: int) -> None:
    assert next_break(fold(text), pos, end) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("nông, lâm nghiệp và thủy sản (khu vực I: ", 40), ("không có dấu", 0), ("a, b", 2)],
)
def test_after_last_break_is_past_the_last_break(text: str, expected: int) -> None:
    f = fold(text)
    assert after_last_break(f, 0, len(f)) == expected


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [("tỷ lệ (đạt 18,5%", 16, True), ("tỷ lệ (đạt) 18,5%", 12, False), ("tỷ lệ 18,5%", 6, False)],
)
def test_in_brackets_counts_open_brackets(text: str, pos: int, expected: bool) -> None:
    assert in_brackets(fold(text), 0, pos) is expected
