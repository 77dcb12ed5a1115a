"""Extraction throughput: MB of text per second on one core, model loading apart.

    .venv/bin/python bench/extract.py [--mb 5] [--link on|off|both]

Builds a large input by repeating the example reports shipped with the project
(examples/ and tests/data/extract/), runs the whole pipeline (read, normalise,
restore, segment, extract, link) over it and prints figures. Restoration of damaged
text has its own benchmark (bench/restore.py); here it is measured once on
clean text (detection only) and once on text stripped of diacritics. ``--link both``
(the default) also times the clean text without restoration with linking to the
catalogue on and off (best of three runs each, the catalogue's index built before).
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
from chitieu.model import Fact  # noqa: E402
from chitieu.text.normalize import strip_marks  # noqa: E402

SEED = next(
    (p / "seed" / "000_d11ddce65c755f57.txt" for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared")
     if (p / "seed").is_dir()),
    ROOT.parent / "shared" / "seed" / "000_d11ddce65c755f57.txt",
)  # fmt: skip


def _sources() -> str:
    files = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests/data").glob("*/*.txt"))
    return "\n\n".join(p.read_text(encoding="utf-8") for p in files)


def _run(path: Path, restore: str, link: bool = True) -> tuple[float, int]:
    t = time.perf_counter()
    n = 0
    for block in iter_blocks(path, restore=restore, pipeline=default_pipeline(restore, link=link)):
        n += len(block.facts)
    return time.perf_counter() - t, n


def _cpu(path: Path, link: bool) -> tuple[float, list[Fact]]:
    t = time.process_time()
    facts = [
        f for block in iter_blocks(path, pipeline=default_pipeline("never", link=link)) for f in block.facts
    ]
    return time.process_time() - t, facts


def _link_cost(path: Path, size: float, modes: list[bool], reps: int) -> None:
    """Clean text without restoration, linking on and off: CPU seconds, best of three runs each
    (CPU time, not wall time: the workplace's cores are shared)."""
    from chitieu.catalogue.entries import standard_catalogue
    from chitieu.catalogue.link import Linker, default_linker, link_facts

    t = time.perf_counter()
    default_linker()
    print(f"catalogue index   : {time.perf_counter() - t:6.2f} s (built once per process)")
    best: dict[bool, float] = {}
    facts: list[Fact] = []
    for _ in range(3):
        for link in modes:
            secs, got = _cpu(path, link)
            best[link] = min(best.get(link, secs), secs)
            if not link:
                facts = got
    for link in modes:
        print(
            f"link {'on ' if link else 'off'}, no rest.: {size:8.2f} MB in {best[link]:6.2f} s CPU = {size / best[link]:6.2f} MB/s"
        )
    if len(best) == 2:
        print(f"linking adds      : {100 * (best[True] / best[False] - 1):6.1f} % to extraction time (CPU)")
        # the text repeats the same reports, so names repeat; a fresh index on one pass of distinct
        # reports is the cold case
        distinct = facts[: len(facts) // reps]
        cold = Linker(standard_catalogue())
        t = time.process_time()
        link_facts(distinct, cold)
        per_fact = (time.process_time() - t) / max(1, len(distinct))
        extract_per_fact = best[False] / max(1, len(facts))
        print(
            f"link, cold index  : {1e3 * per_fact:6.3f} ms CPU a fact ({len(distinct)} facts) against "
            f"{1e3 * extract_per_fact:6.3f} ms to extract one = {100 * per_fact / extract_per_fact:5.1f} %"
        )


def _stage_times(path: Path, link: bool = True) -> dict[str, float]:
    """Seconds spent in each stage of the pipeline (restoration off) over ``path``."""
    spent: dict[str, float] = {}

    def timed(st: Stage) -> Stage:
        def run(doc):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            out = st(doc)
            spent[st.name] = spent.get(st.name, 0.0) + time.perf_counter() - t
            return out

        return Stage(st.name, run)

    pipe = default_pipeline("never", link=link)
    timed_pipe = Pipeline([timed(st) for st in pipe.stages])
    for _ in iter_blocks(path, pipeline=timed_pipe):
        pass
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=5.0, help="size of the clean input in MB")
    ap.add_argument(
        "--link", choices=("on", "off", "both"), default="both", help="link facts to the catalogue"
    )
    args = ap.parse_args()
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.link]
    base = _sources()
    reps = max(1, int(args.mb * 1e6 / len(base.encode())))
    with tempfile.TemporaryDirectory() as d:
        clean = Path(d) / "clean.txt"
        clean.write_text("\n\n".join([base] * reps), encoding="utf-8")
        size = clean.stat().st_size / 1e6
        _link_cost(clean, size, modes, reps)
        link = modes[0]
        secs, facts = _run(clean, "auto", link)
        print(f"clean text        : {size:8.2f} MB in {secs:6.2f} s = {size / secs:6.2f} MB/s, {facts} facts")
        secs, facts = _run(clean, "never", link)
        print(f"clean, no restore : {size:8.2f} MB in {secs:6.2f} s = {size / secs:6.2f} MB/s, {facts} facts")
        spent = _stage_times(clean, link)
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
            secs, facts = _run(real, "never", link)
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
            secs, facts = _run(stripped, "auto", link)
            print(
                f"stripped+restore  : {size:8.2f} MB in {secs:6.2f} s = {size / secs:6.2f} MB/s, {facts} facts"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS          : {rss:8.1f} MB (one process, one core)")


if __name__ == "__main__":
    main()
