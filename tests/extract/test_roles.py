"""Trigger words, bases and unit kinds, on folded text."""

from __future__ import annotations

import pytest

from chitieu.extract.roles import (
    find_basis,
    find_triggers,
    governed_by_estimate,
    is_measure_unit,
    is_structural,
)
from chitieu.text.normalize import fold


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("đạt 5 tỷ, vượt 2% kế hoạch, tăng 3% so cùng kỳ", ["reach", "excess", "plan", "rise"]),
        ("giảm 2,62%", ["fall"]),
        ("giảm còn 2%", ["fall_to"]),
        ("gấp 4,1 lần", ["times"]),
        ("bằng 45% dự toán", ["equal", "plan"]),
        ("khu vực I chiếm 31%", ["share"]),
        ("đạt và vượt 18/22 chỉ tiêu", ["reach", "plan"]),
        ("tốc độ tăng trưởng đạt", ["reach"]),
        ("tăng cường kiểm tra, giám sát", []),
        ("kết cấu hạ tầng, tặng huy hiệu", []),
        ("mức tăng 6,35%", []),
        ("Nghị quyết số 12-NQ/TU", []),
        ("tang 2,9% so cung ky", ["rise"]),
        # OCR misspellings are the restorer's to repair; the trigger lexicon holds words only
        ("ting 8,5%, gidm 2%, vurot 3%", []),
    ],
)
def test_find_triggers_kinds(text: str, kinds: list[str]) -> None:
    assert [t.kind for t in find_triggers(fold(text), text=text)] == kinds


def test_find_triggers_marked_spelling_tells_words_apart() -> None:
    text = "diện tích đất 20 ha, tầng 3"
    assert [t.kind for t in find_triggers(fold(text), text=text)] == []
    # without the unfolded text (restored, marks not trusted) the folds alone decide
    assert [t.kind for t in find_triggers(fold(text))] == ["reach", "rise"]


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        ("so cùng kỳ", "cùng kỳ"),
        ("so với năm 2022", "năm trước"),
        ("kế hoạch năm", "kế hoạch"),
        ("Nghị quyết đề ra", "Nghị quyết"),
        ("dự toán HĐND giao", "dự toán"),
        ("(KH)", "kế hoạch"),
        ("so với đầu năm", None),
    ],
)
def test_find_basis(text: str, basis: str | None) -> None:
    assert find_basis(fold(text)) == basis


def test_governed_by_estimate() -> None:
    f = fold("GRDP ước đạt 59 triệu đồng")
    assert governed_by_estimate(f, 0, len(f))
    assert not governed_by_estimate(fold("GRDP đạt 59 triệu đồng"), 0, 20)


@pytest.mark.parametrize(
    ("unit", "measure", "structural"),
    [
        ("%", True, False),
        ("tỷ đồng", True, False),
        ("triệu đồng/người/năm", True, False),
        ("đồng", True, False),
        ("nghìn tỷ đồng", True, False),
        ("ha", True, False),
        ("đồng chí", False, False),
        ("cánh đồng", False, False),
        ("đảng viên", False, False),
        ("chỉ tiêu", False, True),
        ("khâu đột phá", False, True),
        ("nhiệm vụ", False, True),
    ],
)
def test_unit_kinds(unit: str, measure: bool, structural: bool) -> None:
    assert is_measure_unit(unit) is measure
    assert is_structural(unit) is structural
