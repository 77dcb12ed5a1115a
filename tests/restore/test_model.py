"""The model file: round trip, and clear errors when missing or damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.errors import ModelMissing
from chitieu.restore import Restorer
from chitieu.restore.model import LanguageModel

VOCAB = ["<s>", "<p>", "<n>", "<unk>", "kế", "hoạch", "năm"]


def _model() -> LanguageModel:
    return LanguageModel(
        VOCAB,
        [-9.0, -3.0, -4.0, -12.0, -5.0, -5.5, -6.0],
        {(4 << 15) | 5: -0.25, (5 << 15) | 6: -1.0},
        {(0 << 30) | (4 << 15) | 5: -0.125},
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
