"""damage_score: clean text low, stripped and OCR-damaged text high."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.restore import damage_score
from chitieu.restore.detect import syllable_set
from chitieu.restore.noise import damage, strip
from chitieu.text.normalize import canonical

CLEAN = [
    "Năm 2023, tổng sản phẩm trên địa bàn tỉnh tăng 7,1% so với cùng kỳ;",
    "thu ngân sách nhà nước đạt 5.432 tỷ đồng, vượt 12% dự toán được giao.",
    "Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành triển khai kế hoạch đầu tư công.",
]


def test_damage_score_orders_clean_stripped_damaged() -> None:
    clean = damage_score(CLEAN)
    stripped = damage_score([strip(x) for x in CLEAN])
    damaged = damage_score(damage("\n".join(CLEAN), seed=3).split("\n"))
    assert clean < 0.05
    assert stripped > 0.6
    assert damaged > 0.3
    assert clean < damaged


@pytest.mark.parametrize("lines", [[], [""], ["2023 1.234,5 %"], ["UBND HĐND GRDP"]])
def test_damage_score_is_zero_without_words(lines: list[str]) -> None:
    assert damage_score(lines) == 0.0


def test_damage_score_counts_ocr_tokens() -> None:
    assert damage_score(["cua Tinh @y c6 nhitng dugc"]) > 0.5


@pytest.mark.parametrize(
    ("word", "expected"),
    [("10ha", True), ("2,5km", True), ("30m2", True), ("1anh", False), ("10n", False), ("x3", False)],
)
def test_is_number_with_unit(word: str, expected: bool) -> None:
    from chitieu.restore.detect import is_number_with_unit

    assert is_number_with_unit(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"), [("VT", True), ("TM", True), ("XÃ", False), ("VỤ", False), ("UBND", False)]
)
def test_is_capital_abbreviation(word: str, expected: bool) -> None:
    from chitieu.restore.detect import is_capital_abbreviation

    assert is_capital_abbreviation(word) is expected


def test_syllable_set_is_canonical_lower_case() -> None:
    # detection compares canonical lower-case words with the set as it is read from the model
    syllables = syllable_set()
    assert len(syllables) > 5000
    assert all(canonical(s).lower() == s for s in syllables)
    assert canonical("hoà") in syllables


@pytest.mark.parametrize(
    ("line", "caps", "expected"),
    [
        ("được dugc duoc", False, (3, 1, 1)),  # valid with marks, invalid, valid without marks
        ("UBND tỉnh giao H5N1 10ha 2023", False, (2, 0, 1)),  # abbreviation, code, unit, number left out
        ("KẾ HOẠCH NĂM VT", True, (3, 0, 0)),  # in a heading capitals are words, "VT" still not
        ("KẾ HOẠCH NĂM VT", False, (0, 0, 0)),
        ("TTg QĐs Vì vậy", False, (2, 0, 0)),  # codes in mixed case left out
        ("Quéc hôi xưóc", False, (3, 1, 0)),  # marks that spell no syllable: invalid
        ("cua Tinh @y c6", False, (4, 2, 2)),
        ("", False, (0, 0, 0)),
    ],
)
def test_line_stats_counts_words(line: str, caps: bool, expected: tuple[int, int, int]) -> None:
    from chitieu.restore.detect import line_stats, line_words, words_stats

    for _ in range(2):  # the second time from the cache of word classes
        stats = line_stats(line, caps=caps)
        assert (stats.words, stats.invalid, stats.plain) == expected
        assert words_stats(line_words(line), caps=caps) == stats


@pytest.mark.parametrize("path", [None, "shipped"])
def test_share_syllables_same_as_reading_the_model(path: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    # a restorer of the shipped model hands its syllables to detection: the same sets as read
    from chitieu.restore import Restorer, detect
    from chitieu.restore.model import read_syllables
    from chitieu.restore.restorer import MODEL_FILE
    from chitieu.text.normalize import fold

    monkeypatch.setattr(detect, "_SHIPPED", {})
    Restorer.load(None if path is None else MODEL_FILE)
    assert set(detect._SHIPPED) == {"syllables", "keys"}  # shared, not read
    read = read_syllables(MODEL_FILE)
    assert detect.syllable_set() == frozenset(read)
    assert detect.key_set() == frozenset(fold(w) for w in read)


def test_share_syllables_keeps_what_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    from chitieu.restore import detect

    monkeypatch.setattr(detect, "_SHIPPED", {"syllables": frozenset({"được"})})
    detect.share_syllables(["khác"], ["khac"])
    assert detect.syllable_set() == frozenset({"được"})
    assert detect.key_set() == frozenset({"khac"})


def test_share_syllables_other_model_not_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chitieu.restore import Restorer, detect
    from chitieu.restore.model import LanguageModel, NGrams, read_syllables
    from chitieu.restore.restorer import MODEL_FILE

    model = tmp_path / "other.bin"
    LanguageModel(
        ["<s>", "<p>", "<n>", "<unk>", "zzq"], [-9.0, -3.0, -4.0, -12.0, -5.0], NGrams.from_scores({}),
        NGrams.from_scores({}), {"syllables": 1, "seen": 1},
    ).save(model)  # fmt: skip
    monkeypatch.setattr(detect, "_SHIPPED", {})
    Restorer.load(model)
    # its syllables are not the shipped model's: detection reads those from the shipped model
    assert "zzq" not in detect.syllable_set()
    assert detect.syllable_set() == frozenset(read_syllables(MODEL_FILE))
