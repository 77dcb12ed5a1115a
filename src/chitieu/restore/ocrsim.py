"""Learning the OCR channel from synthetic scans: ``data/ocr_channel.json``.

An OCR engine that does not know Vietnamese reads a marked vowel as some other
letter or digit (``đồng`` as ``dIng``, ``người`` as ``ngUli``). To learn which,
lines of the public-domain legal corpus are rendered to images in a few common
fonts, read back with Tesseract's *English* model, aligned word by word with the
source, and the substitutions counted. Their costs (``-log P(clean | printed)``,
scaled to the hand-set table of :mod:`chitieu.restore.channel`) can only lower
that table's costs.

Rebuild (needs ``tesseract-ocr`` with its English data and the Liberation/DejaVu
fonts; ``scripts/install-ocr.sh`` installs them)::

    .venv/bin/python -m chitieu.restore.ocrsim --corpus ../shared/corpus --lines 1500
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from chitieu.errors import ConfigError
from chitieu.restore.channel import ocr_form
from chitieu.text.normalize import fold

__all__ = ["Counts", "align", "costs", "count_pairs", "main", "read_back"]

DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "ocr_channel.json"
FONTS = (
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
MIN_COUNT = 4  # confusions seen fewer times are noise
_WORD = re.compile(r"\S+")
_EDGE = ".,;:()\"“”'"


Op = tuple[str, str, str]  # kind (s, d, i, p), printed text, clean text


def align(printed: str, clean: str) -> tuple[float, list[Op]]:
    """The cheapest alignment of a printed token with a clean folded word.

    Operations: keep or substitute one letter, delete a printed letter, insert a
    clean letter, or read two printed letters as one clean letter.
    """
    n, m = len(printed), len(clean)
    inf = float("inf")
    dist = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[str, int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    dist[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            d = dist[i][j]
            if d == inf:
                continue
            steps = []
            if i < n and j < m:
                steps.append(("s", i + 1, j + 1, 0.0 if printed[i] == clean[j] else 1.0))
            if i < n:
                steps.append(("d", i + 1, j, 1.0))
            if j < m:
                steps.append(("i", i, j + 1, 1.0))
            if i + 1 < n and j < m:
                steps.append(("p", i + 2, j + 1, 1.2))
            for kind, a, b, c in steps:
                if d + c < dist[a][b]:
                    dist[a][b] = d + c
                    back[a][b] = (kind, i, j)
    ops: list[Op] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None
        kind, pi, pj = step
        ops.append((kind, printed[pi:i], clean[pj:j]))
        i, j = pi, pj
    ops.reverse()
    return dist[n][m], ops


class Counts:
    """Counts of the operations that turn printed tokens into clean words."""

    def __init__(self) -> None:
        self.sub: Counter[tuple[str, str]] = Counter()
        self.pair: Counter[tuple[str, str]] = Counter()
        self.printed: Counter[str] = Counter()
        self.printed_pairs: Counter[str] = Counter()
        self.tokens = 0

    def add(self, printed: str, clean: str) -> None:
        cost, ops = align(printed, clean)
        if cost > max(3.0, 0.6 * len(clean)):
            return  # a misaligned pair (words split or merged): no evidence
        self.tokens += 1
        self.printed_pairs.update(printed[i : i + 2] for i in range(len(printed) - 1))
        for kind, p, c in ops:
            self.printed.update(p)
            if kind == "s":
                self.sub[(p, c)] += 1
            elif kind == "p":
                self.pair[(p, c)] += 1


def count_pairs(pairs: Iterable[tuple[str, str]]) -> Counts:
    """Count confusions over (clean line, printed line) pairs with as many words each."""
    counts = Counts()
    for clean, printed in pairs:
        cw, pw = _WORD.findall(clean), _WORD.findall(printed)
        if len(cw) != len(pw):
            continue
        for c, p in zip(cw, pw, strict=True):
            c2 = fold(c).strip(_EDGE)
            p2 = ocr_form(p.strip(_EDGE))
            if c2 and p2 and c2.isalpha():
                counts.add(p2, c2)
    return counts


def costs(counts: Counts, *, min_count: int = MIN_COUNT) -> dict[str, dict[str, float]]:
    """Channel costs from counts, on the scale of the hand-set table (0.3 very common, 2.5 default)."""
    sub: dict[str, float] = {}
    for (p, c), k in sorted(counts.sub.items()):
        if p != c and k >= min_count:
            sub[p + c] = round(min(2.5, max(0.3, -math.log(k / counts.printed[p]) * 0.6)), 2)
    pair: dict[str, float] = {}
    for (p, c), k in sorted(counts.pair.items()):
        # how often these two printed letters, wherever they occur, stand for that one letter
        seen = max(k, counts.printed_pairs[p])
        if k >= min_count:
            pair[f"{p}>{c}"] = round(min(2.5, max(0.4, -math.log(k / seen) * 0.6 + 0.3)), 2)
    return {"sub": sub, "pair": pair}


def corpus_lines(corpus: Path, n: int, *, seed: int = 11) -> list[str]:
    """``n`` lines of 40 to 90 characters from the training part of the legal corpus."""
    files = sorted((corpus / "vlc-legal" / "texts").glob("*.txt"))
    files = [f for i, f in enumerate(files) if i % 10 != 0]  # the restorer's held-out tenth stays out
    if not files:
        raise ConfigError(f"Không tìm thấy kho ngữ liệu trong {corpus}.", f"No corpus in {corpus}.")
    rng = random.Random(seed)
    lines = []
    for f in rng.sample(files, min(60, len(files))):
        for raw in f.read_text(encoding="utf-8").split("\n"):
            line = unicodedata.normalize("NFC", raw.strip())
            if 40 <= len(line) <= 90 and sum(c.isalpha() for c in line) > 30:
                lines.append(line)
    rng.shuffle(lines)
    return lines[:n]


def phrase_lines() -> list[str]:
    """The report phrases the restorer's model is trained with (``data/phrases.txt``, ours)."""
    path = Path(__file__).resolve().parent / "data" / "phrases.txt"
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").split("\n")]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def read_back(lines: Sequence[str], *, lang: str = "eng", workers: int = 2) -> list[tuple[str, str]]:
    """Render each line to an image and read it back with Tesseract: (clean, printed) pairs."""
    from PIL import Image, ImageDraw, ImageFont

    if shutil.which("tesseract") is None:
        raise ConfigError(
            "Chưa cài Tesseract: hãy chạy sh scripts/install-ocr.sh.", "Tesseract is not installed."
        )
    fonts = [f for f in FONTS if Path(f).exists()]
    if not fonts:
        raise ConfigError("Thiếu phông chữ Liberation/DejaVu để vẽ trang.", "No fonts to render pages.")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(item: tuple[int, str]) -> tuple[str, str]:
        i, line = item
        font = ImageFont.truetype(fonts[i % len(fonts)], 28 + (i % 3) * 2)
        img = Image.new("L", (int(font.getlength(line)) + 40, 50), 255)
        ImageDraw.Draw(img).text((20, 8), line, font=font, fill=0)
        with tempfile.NamedTemporaryFile(suffix=".png") as tmp:
            img.save(tmp.name)
            out = subprocess.run(
                ["tesseract", tmp.name, "-", "-l", lang, "--psm", "7"],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
        return line, " ".join(out.stdout.split())

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, enumerate(lines)))


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--lines", type=int, default=1500)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    # legal text for the bulk, the report phrases (in each font) for the words reports use most
    phrases = phrase_lines()
    pairs = read_back(corpus_lines(args.corpus, args.lines) + [p for p in phrases for _ in FONTS])
    counts = count_pairs(pairs)
    table: dict[str, object] = dict(costs(counts))
    table["about"] = {
        "source": "vlc-legal (public domain) lines and data/phrases.txt, rendered and read back by Tesseract (eng)",
        "lines": len(pairs),
        "tokens": counts.tokens,
    }
    args.out.write_text(
        json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    learned = costs(counts)
    print(f"{args.out}: {len(learned['sub'])} phép thay, {len(learned['pair'])} cặp, từ {counts.tokens} từ.")


if __name__ == "__main__":
    main()
