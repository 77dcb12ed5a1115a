"""Extraction throughput: MB of text per second on one core, model loading apart.

    .venv/bin/python bench/extract.py [--mb 5] [--link on|off|both] [--runs 5]

Builds a large input by repeating the example reports shipped with the project
(examples/ and tests/data/extract/), runs the whole pipeline (read, normalise,
restore, segment, extract, link) over it and prints figures. Restoration of damaged
text has its own benchmark (bench/restore.py); here it is measured once on
clean text (detection only) and once on text stripped of diacritics. ``--link both``
(the default) also times linking to the catalogue:

- *first document*: a fresh Python process reads one document (our reports once each,
  then the sample report) with linking on and off, ``--runs`` times each, alternating;
  the CPU time of the pipeline is compared, the least of the runs. With linking on it
  includes importing the linker and reading the catalogue and its index: from the
  compiled cache (``cache``, every run after the first) and, with the cache off, parsed
  and built anew (``no cache``, the first run after an install or a catalogue change);
  a line below splits linking's cost (in other fresh processes that extract first, then
  time each part apart): importing the linker, reading the catalogue and its index, and
  linking the document's facts;
- *warm*: the large input in one process, the index built before, best of three.
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


def _first_worker(path: str, link: str) -> None:
    """In a fresh process: CPU seconds of the pipeline over ``path`` (printed as JSON)."""
    import json

    from chitieu.settings import get_settings

    get_settings()  # the pipeline reads its settings either way
    t = time.process_time()
    n = sum(
        len(b.facts) for b in iter_blocks(Path(path), pipeline=default_pipeline("never", link=link == "on"))
    )
    print(json.dumps({"cpu": time.process_time() - t, "facts": n}))


def _parts_worker(path: str) -> None:
    """In a fresh process: the document extracted unlinked, then the CPU seconds of each part
    of linking it apart (printed as JSON)."""
    import json

    from chitieu.settings import get_settings

    get_settings()
    facts = [
        f for b in iter_blocks(Path(path), pipeline=default_pipeline("never", link=False)) for f in b.facts
    ]
    t0 = time.process_time()
    from chitieu.catalogue.link import default_linker, link_facts

    t1 = time.process_time()
    linker = default_linker()
    t2 = time.process_time()
    link_facts(facts, linker)
    t3 = time.process_time()
    print(json.dumps({"import": t1 - t0, "load": t2 - t1, "link": t3 - t2}))


def _worker(path: Path, args: list[str], cache: bool) -> dict[str, float]:
    import json
    import os
    import subprocess

    env = dict(os.environ)
    if not cache:
        env["CHITIEU_CACHE_DIR"] = ""
    cmd = [sys.executable, __file__, *args, str(path)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    got: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return got


def _first(path: Path, link: bool, cache: bool) -> tuple[float, int]:
    got = _worker(path, ["--link", "on" if link else "off", "--first-doc"], cache)
    return float(got["cpu"]), int(got["facts"])


def _first_document(path: Path, label: str, runs: int) -> None:
    """Linking's share of a first document's time, in fresh processes (median of ``runs``)."""
    import statistics

    _first(path, True, True)  # writes the compiled catalogue if it is not there yet
    times: dict[str, list[float]] = {"off": [], "cache": [], "no cache": []}
    facts = 0
    for _ in range(runs):
        for mode in times:
            secs, facts = _first(path, mode != "off", mode == "cache")
            times[mode].append(secs)
    # the least time of the runs is the one least disturbed by other jobs; the median for reference
    off, off_median = min(times["off"]), statistics.median(times["off"])
    for mode in ("cache", "no cache"):
        on, on_median = min(times[mode]), statistics.median(times[mode])
        print(
            f"first doc, {label:<7}: {facts:5d} facts, {1e3 * off:6.1f} ms CPU to extract, linking adds "
            f"{1e3 * (on - off):6.1f} ms = {100 * (on - off) / off:5.1f} % ({mode}, least of {runs}; "
            f"medians {100 * (on_median - off_median) / off_median:5.1f} %)"
        )
    for mode in ("cache", "no cache"):
        parts: dict[str, float] = {}
        for _ in range(runs):
            for part, secs in _worker(path, ["--first-parts"], mode == "cache").items():
                parts[part] = min(parts.get(part, secs), secs)
        print(
            f"first doc, {label:<7}: linking's parts: import {1e3 * parts['import']:5.1f} ms, catalogue and "
            f"index {1e3 * parts['load']:5.1f} ms, linking {facts} facts {1e3 * parts['link']:6.1f} ms "
            f"({mode}, each the least of {runs})"
        )


def _link_cost(path: Path, size: float, modes: list[bool]) -> None:
    """The large input without restoration, linking on and off: CPU seconds, best of three runs
    each (CPU time, not wall time: the workplace's cores are shared), the index read before."""
    from chitieu.catalogue.link import default_linker

    t = time.perf_counter()
    default_linker()
    print(f"catalogue index   : {1e3 * (time.perf_counter() - t):6.1f} ms (read or built once per process)")
    best: dict[bool, float] = {}
    for _ in range(3):
        for link in modes:
            secs, _facts = _cpu(path, link)
            best[link] = min(best.get(link, secs), secs)
    for link in modes:
        print(
            f"link {'on ' if link else 'off'}, no rest.: {size:8.2f} MB in {best[link]:6.2f} s CPU = {size / best[link]:6.2f} MB/s"
        )
    if len(best) == 2:
        print(f"linking adds      : {100 * (best[True] / best[False] - 1):6.1f} % (warm, best of 3)")


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


def _stripped_cpu(path: Path, link: bool, runs: int = 3) -> tuple[float, float, int]:
    """The pipeline over stripped text with restoration: CPU seconds in all and in the
    restore stage, the least of ``runs`` runs, each on a fresh (cold) shared restorer,
    loaded before (model loading apart, as everywhere here)."""
    from chitieu.restore import Restorer
    from chitieu.restore.restorer import _shared

    best_all = best_restore = float("inf")
    facts = 0
    spent = [0.0]

    def timed(st: Stage) -> Stage:
        def run(doc):  # type: ignore[no-untyped-def]
            t = time.process_time()
            out = st(doc)
            spent[0] += time.process_time() - t
            return out

        return Stage(st.name, run)

    for _ in range(runs):
        _shared.cache_clear()
        Restorer.shared()  # a new restorer, every cache empty, loaded before the clock starts
        spent[0] = 0.0
        pipe = default_pipeline("auto", link=link)
        timed_pipe = Pipeline([timed(st) if st.name == "restore" else st for st in pipe.stages])
        t = time.process_time()
        facts = sum(len(block.facts) for block in iter_blocks(path, restore="auto", pipeline=timed_pipe))
        best_all = min(best_all, time.process_time() - t)
        best_restore = min(best_restore, spent[0])
    return best_all, best_restore, facts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=5.0, help="size of the clean input in MB")
    ap.add_argument(
        "--link", choices=("on", "off", "both"), default="both", help="link facts to the catalogue"
    )
    ap.add_argument("--runs", type=int, default=5, help="fresh processes per figure of a first document")
    ap.add_argument("--first-only", action="store_true", help="only the first-document figures")
    ap.add_argument("--first-doc", help=argparse.SUPPRESS)
    ap.add_argument("--first-parts", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.first_doc:
        _first_worker(args.first_doc, args.link)
        return
    if args.first_parts:
        _parts_worker(args.first_parts)
        return
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.link]
    base = _sources()
    reps = max(1, int(args.mb * 1e6 / len(base.encode())))
    with tempfile.TemporaryDirectory() as d:
        clean = Path(d) / "clean.txt"
        clean.write_text("\n\n".join([base] * reps), encoding="utf-8")
        size = clean.stat().st_size / 1e6
        if len(modes) == 2 or args.first_only:
            once = Path(d) / "reports.txt"
            once.write_text(base, encoding="utf-8")
            _first_document(once, "reports", args.runs)
            if SEED.exists():
                _first_document(SEED, "sample", args.runs)
        if args.first_only:
            return
        _link_cost(clean, size, modes)
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
            cpu, restore_cpu, facts = _stripped_cpu(stripped, link)
            print(
                f"stripped+restore  : {size:8.2f} MB in {cpu:6.2f} s CPU = {size / cpu:6.2f} MB/s, {facts} facts;"
                f" restore stage {restore_cpu:5.2f} s CPU = {size / restore_cpu:5.2f} MB/s (cold restorer, least of 3)"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS          : {rss:8.1f} MB (one process, one core)")


if __name__ == "__main__":
    main()
