"""The table of common words' readings ranked in advance: the same readings as ranking
them, written once, mapped later, ignored or rebuilt when it cannot serve."""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path

import pytest

from chitieu.restore import Restorer, readings
from chitieu.restore import restorer as restorer_module
from chitieu.restore.cache import load_model
from chitieu.restore.decode import Candidate
from chitieu.restore.detect import learn_class, word_classes
from chitieu.restore.model import LanguageModel
from chitieu.restore.readings import (
    LINE_KINDS,
    build_table,
    common_forms,
    fingerprint,
    load_table,
    table_path,
)
from chitieu.restore.restorer import MODEL_FILE
from chitieu.text.normalize import strip_marks

native = pytest.importorskip("chitieu.restore._native")

# words of lines as a report prints them: marked, stripped, capitalised, in capitals, damaged
FORMS = ["tỉnh", "tinh", "Tinh", "TỈNH", "huyện", "Phát", "phat", "PHAT", "dân", "của", "cua", "Đảng"]
MISSING = ["vi¢t", "dugc", "xyzq", "ngUli", "HĐND"]


@pytest.fixture(scope="module")
def model() -> LanguageModel:
    return load_model(MODEL_FILE)


def _fresh(lm: LanguageModel) -> Restorer:
    """A restorer that ranks every word it meets (no table)."""
    return Restorer(lm)


def _compute(lm: LanguageModel) -> readings.Compute:
    return _fresh(lm)._candidates


def _table(lm: LanguageModel, forms: list[str]) -> bytes:
    return build_table(fingerprint(b"\0" * 32), lm, _compute(lm), forms)


@pytest.mark.parametrize("kind", LINE_KINDS)
def test_readings_same_as_ranked(model: LanguageModel, kind: int) -> None:
    table = _table(model, FORMS)
    fresh = _fresh(model)
    for form in FORMS:
        got = native.readings(table, form, kind, model.vocab, Candidate)
        assert got == fresh._candidates(form, kind % 3, kind >= 3), (form, kind)
        assert got is not None and all(type(c) is Candidate for c in got)


@pytest.mark.parametrize("form", ["tinh", "Phát", "TỈNH"])
def test_readings_and_ranked_candidates_out_of_the_collector(model: LanguageModel, form: str) -> None:
    # a candidate holds a number, a number and a string or None: no cycle passes through it
    table = _table(model, FORMS)
    fresh = _fresh(model)
    direct = fresh.by_key[strip_marks(form).lower()]
    made = [
        native.readings(table, form, 1, model.vocab, Candidate),
        native.ranked([(0.0, direct)], model.unigram_array, -1, direct, 20, 7.0, 1.5, model.vocab, Candidate),
    ]
    for cands in made:
        assert cands
        assert not any(gc.is_tracked(c) for c in cands)
        assert all(type(c) is Candidate and len(c) == 3 for c in cands)


@pytest.mark.parametrize("form", MISSING)
def test_readings_absent_form_is_none(model: LanguageModel, form: str) -> None:
    table = _table(model, FORMS)
    assert all(native.readings(table, form, kind, model.vocab, Candidate) is None for kind in LINE_KINDS)


LINES = [
    "Tinh uy chi dao UBND tinh trien khai ke hoach nam 2025",
    "BAO CAO KET QUA THUC HIEN NHIEM VU TM VT",
    "Tỉnh ủy chỉ đạo triển khai kế hoạch, GRDP tăng 8,5%",
    "Tinh üy chi dgo vi¢t cu6i 10ha xyzq",
]


@pytest.mark.parametrize("line", LINES)
def test_line_counts_with_table_same_as_learning(model: LanguageModel, line: str) -> None:
    table = _table(model, FORMS + re.findall(r"[\w@€¢¥]+", line))
    learned: list[str] = []

    def learn(known: dict[str, int], word: str, caps: bool) -> int:
        learned.append(word)
        return learn_class(known, word, caps)

    mine, theirs = word_classes(), word_classes()
    assert native.line_counts(line, mine, learn, table) == native.line_counts(line, theirs, learn_class)
    assert mine == theirs  # the classes of the table's words kept as learning them keeps them
    assert not learned  # every word of the line is in the table


def test_build_table_leaves_out_abbreviations(model: LanguageModel) -> None:
    # "HDND" reads as the abbreviation "HĐND", not as the model's spelling of its id ("hđnd")
    fresh = _fresh(model)
    assert any(
        c.word is not None and c.word != model.vocab[c.lm_id] for c in fresh._candidates("HDND", 1, False)
    )
    table = _table(model, ["HDND", "tinh"])
    assert native.readings(table, "HDND", 1, model.vocab, Candidate) is None
    assert native.readings(table, "tinh", 1, model.vocab, Candidate) is not None


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:100],  # truncated
        lambda b: b"X" + b[1:],  # another format
        lambda b: b[:200] + bytes(len(b) - 200),  # arrays zeroed
        lambda b: b"",
    ],
)
def test_readings_damaged_table_is_none(model: LanguageModel, damage: object) -> None:
    table = _table(model, FORMS)
    broken = damage(table)  # type: ignore[operator]
    assert native.readings(broken, "tinh", 1, model.vocab, Candidate) is None


def test_readings_rejects_wrong_arguments(model: LanguageModel) -> None:
    table = _table(model, FORMS)
    with pytest.raises(TypeError):
        native.readings(table, "tinh", 1, model.vocab, int)
    with pytest.raises(TypeError):
        native.readings(table, b"tinh", 1, model.vocab, Candidate)


@pytest.mark.parametrize("top", [1, 10, 200])
def test_common_forms_cased_and_folded(model: LanguageModel, top: int) -> None:
    forms = common_forms(model, top)
    assert len(forms) == len(set(forms))
    assert len(forms) <= 6 * top
    count = int(str(model.meta["syllables"]))
    best = max(range(4, 4 + count), key=lambda i: model.unigram[i])
    word = model.vocab[best]
    assert {word, word.upper(), strip_marks(word)} <= set(forms)


def _counting(lm: LanguageModel) -> tuple[readings.Compute, list[str]]:
    seen: list[str] = []
    fresh = _fresh(lm)

    def compute(text: str, mode: int, heading: bool) -> list[Candidate]:
        seen.append(text)
        return fresh._candidates(text, mode, heading)

    return compute, seen


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readings, "TOP_SYLLABLES", 40)


def test_load_table_written_once_then_mapped(model: LanguageModel, tmp_path: Path, small: None) -> None:
    compute, seen = _counting(model)
    first = load_table(model, compute, folder=tmp_path)
    assert first is not None and seen
    written = list(tmp_path.glob("readings-*.cache"))
    assert written == [table_path(fingerprint(model.derived["digest"]), tmp_path)]  # type: ignore[arg-type]
    seen.clear()
    again = load_table(model, compute, folder=tmp_path)
    assert again is not None and not seen
    assert bytes(again) == bytes(first)


@pytest.mark.parametrize("offset", [20, 60, 200, -3])
def test_load_table_damaged_file_rebuilt(
    model: LanguageModel, tmp_path: Path, small: None, offset: int
) -> None:
    compute, seen = _counting(model)
    assert load_table(model, compute, folder=tmp_path) is not None
    path = next(tmp_path.glob("readings-*.cache"))
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x55
    path.write_bytes(bytes(data))
    os.utime(path, ns=(1, 1))  # another file than the one mapped
    seen.clear()
    table = load_table(model, compute, folder=tmp_path)
    assert table is not None and seen  # ranked again, and written
    assert readings._sound(table, fingerprint(model.derived["digest"]))  # type: ignore[arg-type]


@pytest.mark.parametrize("others", [1, 2, 5])
def test_load_table_keeps_newest_others(
    model: LanguageModel, tmp_path: Path, small: None, others: int
) -> None:
    stale = [table_path(bytes([k + 1]) * 32, tmp_path) for k in range(others)]
    for k, path in enumerate(stale):
        path.write_bytes(b"another version's table")
        os.utime(path, (1000 + k, 1000 + k))  # the last one newest
    compute, _ = _counting(model)
    assert load_table(model, compute, folder=tmp_path) is not None
    kept = stale[-readings.KEEP_OTHERS :]
    assert [p.exists() for p in stale] == [p in kept for p in stale]


def test_load_table_without_digest_is_none(tmp_path: Path) -> None:
    bare = Restorer.load().lm
    lm = LanguageModel(bare.vocab, bare.unigram, bare.bigrams, bare.trigrams, dict(bare.meta))
    assert load_table(lm, _compute(lm), folder=tmp_path) is None
    assert not list(tmp_path.iterdir())


def test_load_table_folder_not_writable_is_none(model: LanguageModel, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    compute, seen = _counting(model)
    assert load_table(model, compute, folder=blocker / "cache") is None
    assert not seen  # nothing ranked for a table that cannot be kept


@pytest.mark.parametrize("digest", [b"\0" * 32, b"\1" * 32])
def test_fingerprint_follows_model_and_sources(
    digest: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert fingerprint(digest) != fingerprint(bytes([digest[0] ^ 1]) + digest[1:])
    assert fingerprint(digest) == fingerprint(digest)
    source = tmp_path / "rules.py"
    source.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(readings, "_SOURCES", (tmp_path,))
    before = fingerprint(digest)
    source.write_text("X = 2\n", encoding="utf-8")
    assert fingerprint(digest) != before


TEXTS = [
    "Tinh uy chi dao UBND tinh trien khai ke hoach phat trien kinh te xa hoi nam 2025.",
    "BAO CAO KET QUA THUC HIEN NHIEM VU\nTong san pham GRDP tang 8,5%, thu ngan sach dat 1.234 ty dong.",
    "Tỉnh ủy chỉ đạo UBND tỉnh triển khai kế hoạch phát triển kinh tế xã hội năm 2025.",
    "Tinh üy chi dgo UBND tinh trién khai k€ hoach phat trién kinh t€ xã hôi nam 2025.",
    "Phat huy vai tro cua Dang bo, chinh quyen; Phong Giao duc va Dao tao huyen.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_restorer_with_table_restores_as_without(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with_table = Restorer.load()
    assert with_table._table is not None
    without = Restorer(with_table.lm)
    lines = text.split("\n") * 3
    ranked: list[str] = []
    make = Restorer._make_candidates

    def counted(self: Restorer, text: str, *args: object) -> list[Candidate]:
        ranked.append(text)
        return make(self, text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Restorer, "_make_candidates", counted)
    # a fresh restorer with the table ranks only the rare words, one without it all it meets
    Restorer.load().restore_lines(lines)
    mine = len(ranked)
    ranked.clear()
    Restorer(with_table.lm).restore_lines(lines)
    assert mine < len(ranked)
    assert with_table.restore_lines(lines) == without.restore_lines(lines)
    assert with_table.restore_lines(lines, digit_words=True) == without.restore_lines(lines, digit_words=True)
    assert with_table.explain_lines(lines) == without.explain_lines(lines)


def test_restorer_python_loops_take_no_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(restorer_module, "NATIVE", False)
    assert Restorer.load()._table is None
