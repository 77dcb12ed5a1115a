"""Word tokens of a line as the restorer sees them."""

from __future__ import annotations

import pytest

from chitieu.restore.tokens import split_line


@pytest.mark.parametrize(
    ("line", "damaged", "words"),
    [
        ("xtic & co so", False, ["xtic", "co", "so"]),
        ("xtic & co so", True, ["xtic", "&", "co", "so"]),
        ("& dau", True, ["&", "dau"]),
        ("R&D va Q&A", True, ["R&D", "va", "Q&A"]),
        ("x& hoi, &n", False, ["x&", "hoi", "&n"]),
        ("Tinh @y, 1anh dao", False, ["Tinh", "@y", "1anh", "dao"]),
    ],
)
def test_split_line_words(line: str, damaged: bool, words: list[str]) -> None:
    tokens = split_line(line, damaged=damaged)
    assert [t.text for t in tokens] == words
    assert all(line[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    "line",
    [
        "Kế hoạch năm 2024: đạt 1.234,5 tỷ đồng (95%).",
        "Ngu@i dan dugc hu€ng ch¢ do, c6 ¥ kien; ﬁnh",
        "mã_số A_1 và tên",  # "_" splits no word for the pattern: the slow one decides
        "Đất & nhà; R&D, B&&C & lô",  # "&" joins letters, or stands alone in damaged text
        "",
        "   \t ",
        "H5N1 10ha 2,5km CO2 m²",
    ],
)
@pytest.mark.parametrize("damaged", [False, True])
def test_word_matches_same_as_word_patterns(line: str, damaged: bool) -> None:
    from chitieu.restore.detect import _WORDISH, line_words
    from chitieu.restore.tokens import WORD, WORD_DAMAGED, word_matches

    pattern = WORD_DAMAGED if damaged else WORD
    assert [m.span() for m in word_matches(line, damaged=damaged)] == [
        m.span() for m in pattern.finditer(line)
    ]
    assert line_words(line) == _WORDISH.findall(line)
