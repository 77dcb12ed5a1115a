"""Phrase classes as data: the lexicon files load, and one matcher applies them."""

from __future__ import annotations

import pytest

from chitieu.errors import ChitieuError
from chitieu.extract import lexicon as lx
from chitieu.text.normalize import fold


@pytest.mark.parametrize(
    ("group", "key", "text", "found"),
    [
        ("parts", "targets", "Các chỉ tiêu chủ yếu năm 2025", True),
        ("parts", "targets", "PHƯƠNG HƯỚNG,\n  NHIỆM VỤ NĂM 2025", True),
        ("parts", "results", "Kết quả thực hiện", True),
        ("parts", "results", "Kết quả", True),
        ("parts", "targets", "Kết nạp đảng viên", False),
        ("parts", "list_end", "Trước đó, đại biểu", True),
    ],
)
def test_phrase_class_matches_folded_text_across_lines(group: str, key: str, text: str, found: bool) -> None:
    pc = lx.phrase_class("structure", group, key)
    assert (pc.search(fold(text)) is not None) is found


def test_phrase_class_matches_whole_words_only() -> None:
    pc = lx.PhraseClass.build("t", ["ket qua"])
    assert pc.search("ket qua tot") is not None
    assert pc.search("ket quat") is None
    assert pc.ends("thu duoc ket qua  ", 0, 18)


def test_phrase_class_every_lexicon_file_compiles() -> None:
    for name in ("structure", "periods"):
        data = lx.lexicon(name)
        assert data["version"] >= 1
    for group, classes in lx.lexicon("structure").items():
        if isinstance(classes, dict):
            for key in classes:
                assert lx.phrase_class("structure", group, key).phrases


def test_phrase_class_a_missing_class_is_a_clear_error() -> None:
    with pytest.raises(ChitieuError, match="thiếu lớp"):
        lx.phrase_class("structure", "parts", "no-such-class")


def test_lexicon_a_missing_file_is_a_clear_error() -> None:
    with pytest.raises(ChitieuError, match=r"lexicon/no-such-file\.toml"):
        lx.lexicon("no-such-file")
