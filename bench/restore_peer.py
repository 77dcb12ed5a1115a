"""chitieu's restorer side by side with a peer: underthesea's bigram diacritics restorer.

Both restore the same texts in the same process, pinned to one core: the project's own
fixtures (the restorer's held-out reports of ``tests/data/restore-holdout/`` with their
stripped and OCR-damaged variants, and the annotated reports of ``tests/data``
stripped of their diacritics). Accuracy is syllable accuracy as the hidden scorer
computes it (``score_text`` of ``shared/tools/score.py``); speed is syllables per
second of CPU time (the machine's cores are shared, so wall time is printed too),
the best of three runs: chitieu's "cold" on a freshly loaded restorer each time
(every cache empty), "warm" on one that has just restored the same text (as a
restorer shared by the pipeline or the web app runs once it has seen a few documents),
"fresh process" the first text a new process restores after loading the model (what one
``chitieu restore`` of one document pays, its start-up apart), and the peer's after its
model is loaded (it keeps no cache). The summary adds up the
stripped texts, the peer's task; the damaged one, which the peer does not attempt to
repair (it only adds marks), is shown for what it is.

The peer is not a dependency of chitieu: install it into a virtual environment of
its own and pass that environment's site-packages. Its diacritics restorer
(``underthesea.pipeline.restore_diacritics``) is in its public source repository
(undertheseanlp/underthesea), not in the release on the package index, so install
the release for its dependencies and then the source over it:

    python3 -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install underthesea
    /tmp/peer-venv/bin/pip install --no-deps /path/to/underthesea-checkout
    .venv/bin/python bench/restore_peer.py --peer-site /tmp/peer-venv/lib/python3.11/site-packages

Without the peer the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chitieu.restore import Restorer
from chitieu.restore.noise import strip
from restore import EXAMPLE, FIXTURE_SETS, HOLDOUT, ROOT, SHARED, VARIANTS, _clean_reports, _joined, _scorer

DEFAULT_PEER_SITE = (
    Path("/tmp/peer-venv/lib") / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
)
RUNS = 3

Restore = Callable[[list[str]], list[str]]


def _peer(site: Path) -> tuple[Restore, float] | str:
    """The peer's restorer (lines in, lines out) and its load time, or why it is not there."""
    if not site.is_dir():
        return f"no folder {site}"
    sys.path.append(str(site))  # after chitieu's own packages: the peer's never replace them
    try:
        module = importlib.import_module("underthesea.pipeline.restore_diacritics")
        fn: Callable[[str], str] = module.restore_diacritics
        t0 = time.process_time()
        fn("khoi dong")  # loads its model
        load = time.process_time() - t0
    except Exception as err:  # an absent or broken peer is reported, never fatal
        return (
            f"underthesea's restore_diacritics cannot be imported from {site} ({type(err).__name__}: {err})"
        )

    def run(lines: list[str]) -> list[str]:
        return fn("\n".join(lines)).split("\n")

    return run, load


def _cold() -> Restore:
    return Restorer.load().restore_lines  # a fresh restorer: every cache empty


# run in a new process: load the restorer, restore the lines of argv[1], print the CPU seconds
_FRESH = """
import sys, time
from chitieu.restore import Restorer
restorer = Restorer.load()
lines = open(sys.argv[1], encoding="utf-8").read().split("\\n")
t0 = time.process_time()
restorer.restore_lines(lines)
print(time.process_time() - t0)
"""


def _fresh_process(lines: list[str], core: int | None) -> float:
    """The best CPU seconds of ``RUNS`` new processes restoring ``lines`` first thing."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "source.txt"
        source.write_text("\n".join(lines), encoding="utf-8")
        command = [sys.executable, "-c", _FRESH, str(source)]
        if core is not None and shutil.which("taskset"):
            command = ["taskset", "-c", str(core), *command]
        return min(
            float(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
            for _ in range(RUNS)
        )


def _timed(
    make: Callable[[], Restore], lines: list[str], *, warm: bool = False
) -> tuple[list[str], float, float]:
    """Output, and the best CPU and wall seconds of ``RUNS`` runs (a fresh restorer for each;
    ``warm``: one that has restored ``lines`` once already)."""
    best_cpu = best_wall = float("inf")
    out: list[str] = []
    for _ in range(RUNS):
        restore = make()
        if warm:
            restore(lines)
        c0, t0 = time.process_time(), time.perf_counter()
        out = restore(lines)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - t0)
    return out, best_cpu, best_wall


def _fixtures() -> list[tuple[str, list[str], list[str]]]:
    """(name, input lines, gold lines) for each fixture set."""
    sets: list[tuple[str, list[str], list[str]]] = []
    own = _clean_reports(HOLDOUT)
    if own:
        gold = _joined(own)
        for variant in VARIANTS:
            source = _joined([p.with_name(p.name.removesuffix(".txt") + variant) for p in own])
            sets.append(("restore-holdout, " + variant.split(".")[1], source, gold))
    reports = [EXAMPLE] if EXAMPLE.is_file() else []
    for part in FIXTURE_SETS:
        reports.extend(_clean_reports(ROOT / "tests" / "data" / part))
    if reports:
        gold = _joined(reports)
        sets.append(("annotated reports, stripped", [strip(x) for x in gold], gold))
    return sets


def _line(name: str, n: int, acc: float, cpu: float, wall: float) -> str:
    return f"  {name:<14} accuracy {acc:.4f}  {n / cpu:>9,.0f} syl/s CPU  {n / wall:>9,.0f} syl/s wall"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--peer-site",
        type=Path,
        default=DEFAULT_PEER_SITE,
        help="site-packages of the environment where underthesea is installed",
    )
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (scorer)")
    parser.add_argument(
        "--cpu", type=int, default=None, help="the core to run on (default: the first allowed)"
    )
    args = parser.parse_args(argv)

    peer = _peer(args.peer_site)
    if isinstance(peer, str):
        print(f"peer not available: {peer}; comparison skipped (see the docstring to install it)")
        return 0
    peer_restore, peer_load = peer
    core = None
    if hasattr(os, "sched_setaffinity"):
        allowed = sorted(os.sched_getaffinity(0))
        core = args.cpu if args.cpu is not None else allowed[0]
        os.sched_setaffinity(0, {core})
        print(f"pinned to core {core} of {len(allowed)}")
    score: Callable[[Sequence[str], Sequence[str]], dict[str, Any]] = _scorer(args.shared)

    t0 = time.process_time()
    Restorer.load()
    print(f"model load (CPU): chitieu {time.process_time() - t0:.2f} s, peer {peer_load:.2f} s")

    total = {"n": 0, "cold": 0.0, "warm": 0.0, "fresh": 0.0, "peer": 0.0, "ours_ok": 0.0, "peer_ok": 0.0}
    for name, source, gold in _fixtures():
        ours, cold_cpu, cold_wall = _timed(_cold, source)
        again, warm_cpu, warm_wall = _timed(_cold, source, warm=True)
        theirs, peer_cpu, peer_wall = _timed(lambda: peer_restore, source)
        fresh_cpu = _fresh_process(source, core)
        mine, other = score(ours, gold), score(theirs, gold)
        assert again == ours, "a warm restorer must restore as a cold one"
        n = int(mine["tokens"])
        print(f"{name} ({n} syllables, input accuracy {score(source, gold)['accuracy']:.4f})")
        print(_line("chitieu, cold", n, mine["accuracy"], cold_cpu, cold_wall))
        print(_line("chitieu, warm", n, mine["accuracy"], warm_cpu, warm_wall))
        print(f"  {'chitieu, fresh process':<22} {n / fresh_cpu:>9,.0f} syl/s CPU")
        print(_line("peer", n, other["accuracy"], peer_cpu, peer_wall))
        print(
            f"  speed ratio (CPU): cold {peer_cpu / cold_cpu:.1f}x, warm {peer_cpu / warm_cpu:.1f}x,"
            f" fresh process {peer_cpu / fresh_cpu:.1f}x"
        )
        if "damaged" in name:
            continue
        total["n"] += n
        total["cold"] += cold_cpu
        total["warm"] += warm_cpu
        total["fresh"] += fresh_cpu
        total["peer"] += peer_cpu
        total["ours_ok"] += mine["accuracy"] * n
        total["peer_ok"] += other["accuracy"] * n
    n = int(total["n"])
    if n:
        print(
            f"stripped fixtures ({n} syllables): accuracy chitieu {total['ours_ok'] / n:.4f},"
            f" peer {total['peer_ok'] / n:.4f}; syl/s CPU chitieu cold {n / total['cold']:,.0f},"
            f" warm {n / total['warm']:,.0f}, fresh process {n / total['fresh']:,.0f}, peer {n / total['peer']:,.0f};"
            f" ratio cold {total['peer'] / total['cold']:.1f}x, warm {total['peer'] / total['warm']:.1f}x,"
            f" fresh process {total['peer'] / total['fresh']:.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
