"""Extraction from scans: strict F1 of facts read from image-only PDFs through Tesseract ``vie``.

    .venv/bin/python bench/extract_scans.py [--degrade] [--dpi 300] [DIR ...]

Each annotated report of the given directories (default: the held-out sets
``tests/data/holdout3``, ``holdout4`` and ``holdout5``) is drawn line for line onto A4
pages (DejaVu Sans 9 pt, so a hard-wrapped line of the fixtures fits the width),
saved as an image-only PDF — with ``--degrade`` like a poor photocopy: half the
resolution, blurred, speckled, tilted — and read back by ``chitieu.ingest``
(``iter_blocks``: OCR, restoration, structure, extraction) as a user's scan would be. Tesseract drops
blank lines and may split or join lines, so the line of each fact read from the scan is
mapped back to the line of the report it came from (by the most similar line in order)
before ``score_facts`` of ../shared/tools/score.py compares it with the answer key.
Printed: strict F1, precision and recall per report and their mean, and seconds per page.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "ingest" / "readers"))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import reader_samples as samples  # noqa: E402

from chitieu.ingest import iter_blocks  # noqa: E402
from chitieu.text.normalize import fold  # noqa: E402

SCORE = ROOT.parent / "shared" / "tools" / "score.py"
LINES_PER_PAGE = 52
DEFAULT_DIRS = ("tests/data/holdout3", "tests/data/holdout4", "tests/data/holdout5")


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("chitieu_shared_score", SCORE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scan(path: Path, lines: list[str], dpi: int, degrade: bool) -> int:
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    images = [samples.render_page(p, dpi=dpi, points=9) for p in pages]
    resolution = dpi
    if degrade:
        images = [samples.degrade(im, i, blur=0.7, speckles=500, tilt=0.6) for i, im in enumerate(images)]
        resolution = dpi // 2
    images[0].save(str(path), "PDF", resolution=resolution, save_all=True, append_images=images[1:])
    return len(pages)


def _line_map(source: list[str], read: list[tuple[int, str]]) -> dict[int, int]:
    """For each line number of the OCR text, the source line it most resembles (in order)."""
    out: dict[int, int] = {}
    j = 0
    keys = [fold(s) for s in source]
    for number, text in read:
        f = fold(text)
        if not f.strip():
            continue
        window = range(j, min(len(source), j + 8))
        best = max(window, key=lambda k: difflib.SequenceMatcher(None, f, keys[k]).ratio(), default=j)
        out[number] = best + 1
        j = best + 1 if best + 1 < len(source) else best
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", default=list(DEFAULT_DIRS))
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--degrade", action="store_true", help="draw the pages like a poor photocopy")
    args = ap.parse_args()
    if not samples.FONT.exists():
        sys.exit(f"font missing: {samples.FONT} (sh scripts/install-ocr.sh)")
    if not SCORE.exists():
        sys.exit(f"scorer missing: {SCORE}")
    score = _scorer()
    f1s: list[float] = []
    pages_total, seconds = 0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for d in args.dirs:
            for gold in sorted((ROOT / d).glob("*.gold.jsonl")):
                report = gold.with_name(gold.name.removesuffix(".gold.jsonl") + ".txt")
                if not report.exists():
                    continue
                source = report.read_text(encoding="utf-8").split("\n")
                pdf = Path(tmp) / (report.stem + ".pdf")
                pages_total += _scan(pdf, source, args.dpi, args.degrade)
                t = time.perf_counter()
                facts, read = [], []
                for block in iter_blocks(pdf):
                    facts.extend(f.to_record() for f in block.facts)
                    read.extend((ln.number, ln.text) for ln in block.lines)
                seconds += time.perf_counter() - t
                mapping = _line_map(source, read)
                for f in facts:
                    f["line"] = mapping.get(f["line"], f["line"])
                golds = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
                r = score.score_facts(facts, golds)
                f1s.append(r["strict_f1"])
                print(
                    f"{report.stem:<44} P={r['strict_p']:.3f} R={r['strict_r']:.3f} F1={r['strict_f1']:.3f}",
                    flush=True,
                )
    if f1s:
        kind = "degraded scans" if args.degrade else "clean scans"
        print(f"mean strict F1 over {len(f1s)} reports ({kind}, {args.dpi} dpi): {statistics.mean(f1s):.3f}")
        print(f"OCR and extraction: {seconds / max(1, pages_total):.2f} s per page ({pages_total} pages)")


if __name__ == "__main__":
    main()
