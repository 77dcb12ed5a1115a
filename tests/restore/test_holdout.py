"""The restorer's held-out reports: variants derived by the noise tools, restored well."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest

from chitieu.restore import Restorer
from chitieu.restore.noise import damage, strip
from chitieu.text.normalize import nfc

HOLDOUT = Path(__file__).resolve().parents[1] / "data" / "restore-holdout"
SCORER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score.py"
_WORD = re.compile(r"[^\W\d_]+")
REPORTS = sorted(p for p in HOLDOUT.glob("*.txt") if not p.name.endswith((".stripped.txt", ".damaged.txt")))


def _variant(path: Path, name: str) -> str:
    return path.with_name(path.name.removesuffix(".txt") + f".{name}.txt").read_text(encoding="utf-8")


def test_holdout_has_reports() -> None:
    assert len(REPORTS) >= 3


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_holdout_variants_are_derived_by_the_tools(report: Path) -> None:
    clean = report.read_text(encoding="utf-8")
    assert clean == nfc(clean)
    assert _variant(report, "stripped") == strip(clean)
    assert _variant(report, "damaged") == damage(clean, seed=7)


def _plain_score(pred: list[str], gold: list[str]) -> dict[str, float]:
    """Syllable accuracy, line against line (what the scorer does, less its tone-style rules)."""
    right = total = 0
    for p, g in zip(pred, gold, strict=True):
        want = _WORD.findall(g.lower())
        got = _WORD.findall(p.lower())
        total += len(want)
        right += sum(a == b for a, b in zip(got, want, strict=False)) if len(got) == len(want) else 0
    return {"accuracy": right / total, "tokens": total}


def _score() -> Any:
    """The evaluation's scorer (``../shared/tools/score.py``) where present, else the plain one."""
    if not SCORER.is_file():
        return _plain_score
    spec = importlib.util.spec_from_file_location("chitieu_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score_text


@pytest.mark.parametrize(("variant", "floor"), [("stripped", 0.985), ("damaged", 0.975)])
def test_holdout_restored_accuracy_at_least(variant: str, floor: float) -> None:
    restorer = Restorer.load()
    score = _score()
    right = total = 0
    for report in REPORTS:
        gold = report.read_text(encoding="utf-8").split("\n")
        source = _variant(report, variant).split("\n")
        out = restorer.restore_lines(source)
        assert len(out) == len(source)
        res = score(out, gold)
        right += round(res["accuracy"] * res["tokens"])
        total += res["tokens"]
    assert right / total >= floor
