"""Benchmark of ``chitieu restore``: accuracy, speed, load time and memory.

Accuracy is syllable accuracy as the hidden scorer computes it (``score_text`` of
``../shared/tools/score.py``), on held-out files of the legal corpus (never used in
training) in two conditions: stripped of diacritics, and damaged by
:mod:`chitieu.restore.noise`; the example report and the annotated reports of
``tests/data`` likewise (the tuning set); the restorer's own held-out reports
(``tests/data/restore-holdout/``, written for it and never used for tuning, with their
stripped and damaged variants beside them); and the OCR sample report when a
hand-restored version of it is present.

    .venv/bin/python bench/restore.py [--syllables N] [--python] [--no-cache] [--corpus DIR] [--seed-gold FILE]

Start-up is timed first, in fresh processes with an empty model cache
(``CHITIEU_CACHE_DIR`` set to a temporary folder): the first start decodes the model
and writes its cache, later ones map it; each is the median of three processes.
Speed is given in syllables per second of wall time and of the process's CPU time
(the machine's cores are shared: CPU time is the steadier figure), "cold" on a
restorer just loaded (every cache of candidates and n-grams empty), "warm" on the
same text again.

``--python`` runs the Python loops instead of the C accelerator (what a machine
without a C compiler gets); the results are the same, only the speed differs.
``--no-cache`` decodes the model in memory at every load, as before the cache.

For figures before and after a change, the same script runs an older version of the
package (one whose ``Restorer.load`` has no cache): export that version's source and
put it first on the path, ``PYTHONPATH=/tmp/old/src .venv/bin/python bench/restore.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from chitieu.restore import Restorer, channel, damage_score
from chitieu.restore import decode as decode_module
from chitieu.restore.noise import damage, strip
from chitieu.restore.train import held_out_files
from chitieu.text.normalize import nfc

ROOT = Path(__file__).resolve().parents[1]
# the shared folder beside the checkout (or beside the folder of worktrees)
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parents[1]) if (p / "shared" / "tools" / "score.py").is_file()),
    ROOT.parent / "shared",
)
SEED = SHARED / "seed" / "000_d11ddce65c755f57.txt"
SEED_GOLD = ROOT.parent / "seed-gold" / "seed.restored.txt"
EXAMPLE = ROOT / "examples" / "bao-cao-tinh-an-lac-2023.txt"
FIXTURE_SETS = ("extract", "holdout", "holdout2", "holdout3", "holdout4", "structure")
HOLDOUT = ROOT / "tests" / "data" / "restore-holdout"
VARIANTS = (".stripped.txt", ".damaged.txt")


def _clean_reports(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.glob("*.txt")) if not p.name.endswith(VARIANTS)]


def _joined(paths: Sequence[Path]) -> list[str]:
    """The files' lines one after another, a blank line between files."""
    lines: list[str] = []
    for path in paths:
        lines.extend([*path.read_text(encoding="utf-8").split("\n"), ""])
    return lines


def _scorer(shared: Path) -> Callable[[Sequence[str], Sequence[str]], dict[str, Any]]:
    path = shared / "tools" / "score.py"
    spec = importlib.util.spec_from_file_location("chitieu_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn: Callable[[Sequence[str], Sequence[str]], dict[str, Any]] = module.score_text
    return fn


def _held_out(corpus: Path, limit: int) -> list[str]:
    """Lines of the held-out legal files, round robin, up to ``limit`` syllables."""
    files = [p.read_text(encoding="utf-8").splitlines() for p in held_out_files(corpus)]
    lines: list[str] = []
    count = 0
    row = 0
    while count < limit and any(row < len(f) for f in files):
        for f in files:
            if row < len(f) and f[row].strip():
                lines.append(f[row])
                count += len(f[row].split())
        row += 1
    return lines


def _load(model: Path | None, use_cache: bool) -> Restorer:
    """``Restorer.load``, also for a version of the package from before the model cache."""
    if "use_cache" in inspect.signature(Restorer.load).parameters:
        return Restorer.load(model, use_cache=use_cache)
    return Restorer.load(model)


_CHILD = """
import inspect, json, sys, time
t0 = time.perf_counter()
from chitieu.restore import Restorer
t1 = time.perf_counter()
model = None if sys.argv[1] == "-" else sys.argv[1]
if "use_cache" in inspect.signature(Restorer.load).parameters:
    restorer = Restorer.load(model, use_cache=sys.argv[2] == "1")
else:
    restorer = Restorer.load(model)
t2 = time.perf_counter()
line = restorer.restore_text("Ke hoach phat trien kinh te - xa hoi nam 2024 cua tinh")
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "first": t3 - t2, "line": line}))
"""


def _startup(model: Path | None, use_cache: bool) -> None:
    """Start-up in fresh processes: import, model load, first line; the whole process."""
    with tempfile.TemporaryDirectory(prefix="chitieu-bench-cache-") as folder:
        env = {**os.environ, "CHITIEU_CACHE_DIR": folder}
        runs: list[tuple[str, list[dict[str, float]]]] = []
        cases = [("first start (cache written)", 1), ("later starts (cache mapped)", 3)]
        for name, count in cases if use_cache else [("start without cache", 3)]:
            got = []
            for _ in range(count):
                t0 = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-c", _CHILD, str(model or "-"), "1" if use_cache else "0"],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                wall = time.perf_counter() - t0
                got.append({**json.loads(done.stdout), "process": wall})
            runs.append((name, got))
        for name, got in runs:
            med = {k: statistics.median(r[k] for r in got) for k in ("process", "import", "load", "first")}
            print(
                f"start-up, {name:<28} process {med['process']:.2f} s: import {med['import']:.2f} s,"
                f" model load {med['load']:.2f} s, first line {med['first']:.3f} s  (median of {len(got)})"
            )


def _report(
    name: str, model: Path | None, source: list[str], gold: list[str], score: Any, use_cache: bool
) -> float:
    """Accuracy, and speed on a freshly loaded model (cold: every cache empty) and again (warm)."""
    restorer = _load(model, use_cache)
    t0, c0 = time.perf_counter(), time.process_time()
    out = restorer.restore_lines(source)
    cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    restorer.restore_lines(source)
    warm, warm_cpu = time.perf_counter() - t0, time.process_time() - c0
    res = score(out, gold)
    raw = score(source, gold)["accuracy"]
    n = res["tokens"]
    print(
        f"{name:<28} tokens {n:>7}  input {raw:.4f}  restored {res['accuracy']:.4f}"
        f"  (folded {res['accuracy_folded']:.4f})  lines kept {res['line_count_match']}"
        f"  damage {damage_score(source):.2f}  syl/s cold {n / cold:,.0f} (CPU {n / cold_cpu:,.0f}),"
        f" warm {n / warm:,.0f} (CPU {n / warm_cpu:,.0f})"
    )
    return float(res["accuracy"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--syllables", type=int, default=40_000, help="held-out syllables to evaluate on")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--python", action="store_true", help="Python loops instead of the C accelerator")
    parser.add_argument("--no-cache", action="store_true", help="decode the model in memory at every load")
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help="the shared folder (scorer, seed, corpus)"
    )
    parser.add_argument(
        "--corpus", type=Path, default=None, help="the training corpus (default: SHARED/corpus)"
    )
    parser.add_argument("--seed-gold", type=Path, default=SEED_GOLD, help="hand-restored OCR sample report")
    args = parser.parse_args(argv)
    if args.corpus is None:
        args.corpus = args.shared / "corpus"
    score = _scorer(args.shared)
    if args.python:
        decode_module.NATIVE = channel.NATIVE = False
    print("inner loops:", "C accelerator" if decode_module.NATIVE else "Python")
    use_cache = not args.no_cache
    t0 = time.perf_counter()
    if "use_cache" not in inspect.signature(Restorer.load).parameters:
        print("this version of the package has no model cache: every load decodes the model")
        use_cache = False
    _startup(args.model, use_cache)

    t0 = time.perf_counter()
    restorer = _load(args.model, use_cache)
    load_s = time.perf_counter() - t0
    print(f"load time in this process {load_s:.2f} s ({'model cache' if use_cache else 'no cache'})")

    if (args.corpus / "vlc-legal").is_dir():
        gold = _held_out(args.corpus, args.syllables)
        _report("held-out legal, stripped", args.model, [strip(x) for x in gold], gold, score, use_cache)
        _report(
            "held-out legal, damaged",
            args.model,
            damage("\n".join(gold), seed=7).split("\n"),
            gold,
            score,
            use_cache,
        )
        t0 = time.perf_counter()
        same = restorer.restore_lines(gold)
        dt = time.perf_counter() - t0
        kept = sum(a == nfc(b) for a, b in zip(same, gold, strict=True)) / len(gold)
        print(
            f"{'held-out legal, clean':<28} lines unchanged {kept:.4f}  {sum(len(x.split()) for x in gold) / dt:,.0f} syl/s"
        )
    else:
        print(f"corpus not found at {args.corpus}: held-out evaluation skipped")

    if EXAMPLE.is_file():
        gold = EXAMPLE.read_text(encoding="utf-8").split("\n")
        _report("example report, stripped", args.model, [strip(x) for x in gold], gold, score, use_cache)
        _report(
            "example report, damaged",
            args.model,
            damage("\n".join(gold), seed=7).split("\n"),
            gold,
            score,
            use_cache,
        )

    reports = [EXAMPLE] if EXAMPLE.is_file() else []
    for part in FIXTURE_SETS:
        reports.extend(_clean_reports(ROOT / "tests" / "data" / part))
    if reports:
        gold = _joined(reports)
        _report("tuning reports, stripped", args.model, [strip(x) for x in gold], gold, score, use_cache)
        _report(
            "tuning reports, damaged",
            args.model,
            damage("\n".join(gold), seed=7).split("\n"),
            gold,
            score,
            use_cache,
        )

    own = _clean_reports(HOLDOUT)
    if own:
        gold = _joined(own)
        for variant in VARIANTS:
            source = _joined([p.with_name(p.name.removesuffix(".txt") + variant) for p in own])
            name = "own held-out, " + variant.split(".")[1]
            _report(name, args.model, source, gold, score, use_cache)

    seed_path = args.shared / SEED.relative_to(SHARED)
    if seed_path.is_file() and args.seed_gold.is_file():
        seed = seed_path.read_text(encoding="utf-8").split("\n")
        gold = args.seed_gold.read_text(encoding="utf-8").split("\n")
        _report("OCR sample report", args.model, seed, gold, score, use_cache)
    else:
        print("hand-restored sample not found: sample accuracy skipped")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
