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
