"""Extraction throughput: MB of text per second on one core, model loading apart.

    .venv/bin/python bench/extract.py [--mb 5]

Builds a large input by repeating the example reports shipped with the project
(examples/ and tests/data/extract/), runs the whole pipeline (read, normalise,
restore, segment, extract) over it and prints figures. Restoration of damaged
text has its own benchmark (bench/restore.py); here it is measured once on
clean text (detection only) and once on text stripped of diacritics.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from chitieu.ingest import iter_blocks  # noqa: E402
from chitieu.ingest.pipeline import Pipeline, Stage  # noqa: E402
from chitieu.ingest.stages import default_pipeline  # noqa: E402
from chitieu.text.normalize import strip_marks  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_d11ddce65c755f57.txt"


def _sources() -> str:
    files = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests/data").glob("*/*.txt"))
    return "\n\n".join(p.read_text(encoding="utf-8") for p in files)


def _run(path: Path, restore: str) -> tuple[float, int]:
    t = time.perf_counter()
    n = 0
    for block in iter_blocks(path, restore=restore):
        n += len(block.facts)
    return time.perf_counter() - t, n


def _stage_times(path: Path) -> dict[str, float]:
    """Seconds spent in each stage of the pipeline (restoration off) over ``path``."""
    spent: dict[str, float] = {}

    def timed(st: Stage) -> Stage:
        def run(doc):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            out = st(doc)
            spent[st.name] = spent.get(st.name, 0.0) + time.perf_counter() - t
            return out

        return Stage(st.name, run)

    pipe = default_pipeline("never")
    timed_pipe = Pipeline([timed(st) for st in pipe.stages])
    for _ in iter_blocks(path, pipeline=timed_pipe):
        pass
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=5.0, help="size of the clean input in MB")
    args = ap.parse_args()
    base = _sources()
    reps = max(1, int(args.mb * 1e6 / len(base.encode())))
    with tempfile.TemporaryDirectory() as d:
        clean = Path(d) / "clean.txt"
        clean.write_text("\n\n".join([base] * reps), encoding="utf-8")
        size = clean.stat().st_size / 1e6
        secs, facts = _run(clean, "auto")
        print(f"clean text        : {size:8.2f} MB in {secs:6.2f} s = {size / secs:6.2f} MB/s, {facts} facts")
        secs, facts = _run(clean, "never")
        print(f"clean, no restore : {size:8.2f} MB in {secs:6.2f} s = {size / secs:6.2f} MB/s, {facts} facts")
        spent = _stage_times(clean)
        total = sum(spent.values())
        shares = ", ".join(f"{name} {100 * t / total:.1f}%" for name, t in spent.items())
        print(f"stages, no restore: {shares} (document structure = segment)")
        if SEED.exists():
            # the sample briefing has the density of figures of a real report (our reports are denser)
            seed = SEED.read_text(encoding="utf-8")
            real = Path(d) / "sample.txt"
            real.write_text(
                "\n\n".join([seed] * max(1, int(args.mb * 1e6 / len(seed.encode())))), encoding="utf-8"
            )
            size = real.stat().st_size / 1e6
            secs, facts = _run(real, "never")
            print(
                f"sample, no restore: {size:8.2f} MB in {secs:6.2f} s = {size / secs:6.2f} MB/s, {facts} facts"
            )
        try:
            from chitieu.restore import Restorer
        except ImportError:
            print("restorer not installed: stripped-text figures skipped")
        else:
            t = time.perf_counter()
            Restorer.load()
            print(f"restorer load     : {time.perf_counter() - t:6.2f} s")
            stripped = Path(d) / "stripped.txt"
            small = "\n\n".join([base] * max(1, reps // 10))
            stripped.write_text(strip_marks(small), encoding="utf-8")
            size = stripped.stat().st_size / 1e6
            secs, facts = _run(stripped, "auto")
            print(
                f"stripped+restore  : {size:8.2f} MB in {secs:6.2f} s = {size / secs:6.2f} MB/s, {facts} facts"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS          : {rss:8.1f} MB (one process, one core)")


if __name__ == "__main__":
    main()
