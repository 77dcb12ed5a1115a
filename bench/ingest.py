"""OCR speed and accuracy of the scan reader, on pages rendered from the project's own reports.

    .venv/bin/python bench/ingest.py [--pages 4] [--dpi 300] [--no-restore]

The fictional reports shipped with the project (examples/, tests/data/extract/)
are drawn onto A4 pages with DejaVu Sans (11 pt), once clean and once degraded
like a poor scan (lower resolution, blur, speckles, a slight tilt); each set is
saved as an image-only PDF and read back through
:func:`chitieu.ingest.readers.read_document` with Tesseract on one core
(``OMP_THREAD_LIMIT=1``). Printed: pages per second, and the syllable accuracy
of the OCR text, and of the OCR text after :class:`chitieu.restore.Restorer`,
against the drawn text (``score_text`` of /work/shared/tools/score.py, page by
page, so a line Tesseract splits or joins does not shift the rest).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "ingest" / "readers"))
os.environ["OMP_THREAD_LIMIT"] = "1"

import reader_samples as samples  # noqa: E402

from chitieu.ingest.readers import read_document  # noqa: E402
from chitieu.text.normalize import nfc  # noqa: E402

SCORE = Path("/work/shared/tools/score.py")
LINES_PER_PAGE = 42


def _score_text() -> Callable[[list[str], list[str]], dict[str, Any]] | None:
    if not SCORE.exists():
        return None
    spec = importlib.util.spec_from_file_location("score", SCORE)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn: Callable[[list[str], list[str]], dict[str, Any]] = module.score_text
    return fn


def _page_texts(pages: int, dpi: int) -> list[list[str]]:
    """The reports' lines, wrapped to the page width, cut into pages."""
    from PIL import ImageFont

    font = ImageFont.truetype(str(samples.FONT), round(11 / 72 * dpi))
    width = (8.27 - 1.6) * dpi
    files = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests/data/extract").glob("*.txt"))
    lines: list[str] = []
    for f in files:
        for para in f.read_text(encoding="utf-8").splitlines():
            words = para.split()
            line = ""
            for w in words:
                trial = f"{line} {w}".strip()
                if font.getlength(trial) > width and line:
                    lines.append(line)
                    line = w
                else:
                    line = trial
            if line:
                lines.append(nfc(line))
    return [lines[i * LINES_PER_PAGE : (i + 1) * LINES_PER_PAGE] for i in range(pages)]


def _scan(path: Path, pages: Sequence[Sequence[str]], dpi: int, degrade: bool) -> Path:
    images = [samples.render_page(lines, dpi=dpi) for lines in pages]
    resolution = dpi
    if degrade:
        images = [samples.degrade(im, i) for i, im in enumerate(images)]
        resolution = dpi // 2
    images[0].save(str(path), "PDF", resolution=resolution, save_all=True, append_images=images[1:])
    return path


def _restorer() -> Callable[[list[str]], list[str]] | None:
    try:
        from chitieu.restore import Restorer

        restore: Callable[[list[str]], list[str]] = Restorer.load().restore_lines
    except Exception as e:  # the model may not be built here
        print(f"  (restore unavailable: {e})")
        return None
    return restore


def _accuracy(
    score: Callable[..., dict[str, Any]], pred: list[list[str]], gold: Sequence[Sequence[str]]
) -> str:
    r = score([" ".join(p) for p in pred], [" ".join(g) for g in gold])
    return f"{r['accuracy']:.4f} (without marks {r['accuracy_folded']:.4f}, {r['tokens']} syllables)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--no-restore", action="store_true")
    args = ap.parse_args()
    if not samples.FONT.exists():
        sys.exit(f"font missing: {samples.FONT} (apt-get install fonts-dejavu-core)")
    gold = _page_texts(args.pages, args.dpi)
    score = _score_text()
    restore = None if args.no_restore else _restorer()
    with tempfile.TemporaryDirectory() as tmp:
        for name, degrade in (("clean", False), ("degraded", True)):
            path = _scan(Path(tmp) / f"{name}.pdf", gold, args.dpi, degrade)
            t0 = time.perf_counter()
            blocks = list(read_document(path, max_bytes=10**9, block_lines=2000, dpi=args.dpi))
            elapsed = time.perf_counter() - t0
            pages: list[list[str]] = [[] for _ in gold]
            for ln in (ln for b in blocks for ln in b.lines if ln.text.strip()):
                pages[(ln.page or 1) - 1].append(ln.text)
            print(
                f"{name} scan, {args.pages} pages rendered at {args.dpi} dpi, OCR at {args.dpi} dpi, 1 thread:"
            )
            print(f"  speed: {args.pages / elapsed:.3f} pages/s ({elapsed / args.pages:.2f} s a page)")
            if score is None:
                print(f"  accuracy: skipped ({SCORE} not found)")
                continue
            print(f"  OCR syllable accuracy: {_accuracy(score, pages, gold)}")
            if restore is not None:
                t0 = time.perf_counter()
                fixed = [restore(p) for p in pages]
                took = time.perf_counter() - t0
                print(f"  OCR + restore accuracy: {_accuracy(score, fixed, gold)} (restore {took:.1f} s)")


if __name__ == "__main__":
    main()
