"""Restoration and extraction on reports read by an OCR engine that does not know Vietnamese.

    .venv/bin/python bench/ocr_damage.py [--sets extract holdout holdout2]

Each line of each annotated report is rendered to an image and read back by
Tesseract's English model (:func:`chitieu.restore.ocrsim.read_back`; one image per
line keeps the line numbers of the answer keys). The damaged text is then restored
and extracted, and both are scored with the evaluation's scorer
(``../shared/tools/score.py``): syllable accuracy of the restoration against the
clean text, strict F1 of the facts against the key. Needs tesseract-ocr (English
data) and the fonts ``scripts/install-ocr.sh`` installs; takes a minute or two.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from chitieu.ingest import extract_path  # noqa: E402
from chitieu.restore import Restorer  # noqa: E402
from chitieu.restore.ocrsim import read_back  # noqa: E402

SCORER = ROOT.parent / "shared" / "tools" / "score.py"


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=["extract", "holdout", "holdout2"])
    args = ap.parse_args()
    if not SCORER.exists():
        sys.exit(f"{SCORER} is missing")
    score = _scorer()
    restorer = Restorer.load()
    for part in args.sets:
        for gold in sorted((ROOT / "tests" / "data" / part).glob("*.gold.jsonl")):
            stem = gold.name.removesuffix(".gold.jsonl")
            text = gold.with_name(stem + ".txt")
            if not text.exists():
                text = next((ROOT / "examples").glob(f"*{stem}*.txt"), text)
            if not text.exists():
                continue
            clean = text.read_text(encoding="utf-8").split("\n")
            damaged = [printed if line.strip() else "" for line, printed in read_back(clean)]
            restored = restorer.restore_lines(damaged)
            r_raw = score.score_text(damaged, clean)["accuracy"]
            r_fix = score.score_text(restored, clean)["accuracy"]
            with tempfile.TemporaryDirectory() as d:
                path = Path(d) / text.name
                path.write_text("\n".join(damaged), encoding="utf-8")
                facts = [f.to_record() for f in extract_path(path)]
            keys = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
            f = score.score_facts(facts, keys)
            print(
                f"{part}/{stem:<28} OCR {r_raw:.3f} -> restored {r_fix:.3f}   "
                f"facts strict F1 {f['strict_f1']:.3f} (P {f['strict_p']:.3f} R {f['strict_r']:.3f}), "
                f"loose F1 {f['loose_f1']:.3f}"
            )


if __name__ == "__main__":
    main()
