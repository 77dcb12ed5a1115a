"""The model file: round trip, and clear errors when missing or damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.errors import ModelMissing
from chitieu.restore import Restorer
from chitieu.restore.model import LanguageModel, NGrams

VOCAB = ["<s>", "<p>", "<n>", "<unk>", "kế", "hoạch", "năm"]


def _model() -> LanguageModel:
    return LanguageModel(
        VOCAB,
        [-9.0, -3.0, -4.0, -12.0, -5.0, -5.5, -6.0],
        NGrams.from_scores({(4 << 15) | 5: -0.25, (5 << 15) | 6: -1.0}),
        NGrams.from_scores({(0 << 30) | (4 << 15) | 5: -0.125}),
        {"syllables": 3, "seen": 3},
    )


def test_model_round_trip_keeps_scores(tmp_path: Path) -> None:
    path = tmp_path / "m.bin"
    _model().save(path)
    back = LanguageModel.load(path)
    assert back.vocab == VOCAB
    assert back.score(0, 4, 5) == -0.125
    assert back.score(1, 4, 5) == pytest.approx(-0.25 - 0.9)
    assert back.score(1, 1, 6) == pytest.approx(-6.0 - 1.8)


@pytest.mark.parametrize("damage", ["missing", "truncated", "flipped", "other"])
def test_model_load_reports_missing_or_damaged(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "m.bin"
    _model().save(path)
    raw = path.read_bytes()
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped":
        path.write_bytes(raw[:-3] + bytes([raw[-3] ^ 0xFF]) + raw[-2:])
    else:
        path.write_bytes(b"not a model at all")
    with pytest.raises(ModelMissing, match="train-restorer"):
        Restorer.load(path)


@pytest.mark.parametrize(
    "scores",
    [
        {},
        {(7 << 15) | 3: -1.0},
        {(1 << 15) | 2: -0.5, (1 << 15) | 9: -2.0, (4 << 15) | 2: -0.125, (((3 << 15) | 8) << 15) | 1: -4.0},
    ],
)
def test_ngrams_after_groups_by_context(scores: dict[int, float]) -> None:
    grams = NGrams.from_scores(scores)
    assert len(grams) == len(scores)
    assert dict(grams.items()) == scores
    contexts = {k >> 15 for k in scores} | {0, 5, 123456}
    for ctx in contexts:
        expected = {k & 0x7FFF: s for k, s in scores.items() if k >> 15 == ctx}
        assert grams.after(ctx) == expected
        assert grams.after(ctx) == expected  # again, from the cache


def test_ngrams_sections_round_trip() -> None:
    grams = NGrams.from_scores({(1 << 15) | 2: -0.5, (1 << 15) | 9: -2.0, (4 << 15) | 2: -0.125})
    back = NGrams.from_sections(grams.sections())
    assert dict(back.items()) == dict(grams.items())
