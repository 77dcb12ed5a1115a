"""Benchmark of ``chitieu import-data``: CPU time to read, check and write DHIS2, Open SDG and SDMX-CSV files.

    .venv/bin/python bench/imports.py [--values N] [--runs R]

A temporary SQLite store gets 63 provinces and 40 indicators; each format's file holds
N values (years 2000 onwards, months for DHIS2 and SDMX), written by the script. For
each format the script gives the CPU time (``time.process_time``: the machine's cores
are shared, wall time is not steady) of reading and checking only (``parse``), of a
first import into an empty store (every value new) and of a second import of the same
file (every value unchanged), each the best of R runs, and values per CPU second.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete

from chitieu.exchange.imports import import_file
from chitieu.exchange.readers import Format, parse
from chitieu.store import make_engine, repo, session_scope, upgrade
from chitieu.store.tables import AuditRow, ObservationRow

UNITS, INDICATORS = 63, 40


def _files(folder: Path, n: int) -> dict[Format, Path]:
    keys = [(i, u, k) for k in range(10_000) for i in range(INDICATORS) for u in range(UNITS)][:n]
    dhis2 = {"dataValues": [{"dataElement": f"B{i:02d}", "orgUnit": f"{u + 1:02d}", "period": f"{2000 + k // 12}"
                             f"{k % 12 + 1:02d}", "value": str(100 + k + i * 0.5)} for i, u, k in keys]}  # fmt: skip
    (folder / "d.json").write_text(json.dumps(dhis2), encoding="utf-8")
    sdmx = ["DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS"]
    sdmx += [f"X,M,{u + 1:02d},B{i:02d},{2000 + k // 12}-{k % 12 + 1:02d},{100 + k + i * 0.5},tỷ đồng,A"
             for i, u, k in keys]  # fmt: skip
    (folder / "s.csv").write_text("\n".join(sdmx) + "\n", encoding="utf-8")
    osdg = ["Indicator,Year,Units,GeoCode,Value"]
    osdg += [f"B{i:02d},{1900 + k},tỷ đồng,{u + 1:02d},{100 + k + i * 0.5}" for i, u, k in keys]
    (folder / "o.csv").write_text("\n".join(osdg) + "\n", encoding="utf-8")
    return {"dhis2": folder / "d.json", "sdmx": folder / "s.csv", "opensdg": folder / "o.csv"}


def _best(runs: int, work: Callable[[], object], before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--values", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
        upgrade(engine)
        with session_scope(engine, actor="bench") as s:
            for u in range(UNITS):
                repo.add_unit(s, f"Tỉnh Thử {u + 1}", level="tỉnh", code=f"{u + 1:02d}")
            for i in range(INDICATORS):
                repo.add_indicator(s, f"Chỉ tiêu thử {i}", unit="tỷ đồng", code=f"B{i:02d}")
        files = _files(folder, args.values)

        def empty() -> None:
            with session_scope(engine, actor="bench") as s:
                s.execute(delete(ObservationRow))
                s.execute(delete(AuditRow))

        print(f"{args.values} values per file, best of {args.runs} runs, CPU seconds (values per CPU second)")
        for fmt, path in files.items():
            data = path.read_bytes()
            read = _best(args.runs, lambda fmt=fmt, data=data: parse(fmt, data, "x"))  # type: ignore[misc]
            first = _best(
                args.runs, lambda fmt=fmt, path=path: import_file(engine, path, fmt, actor="bench"), empty
            )  # type: ignore[misc]
            again = _best(args.runs, lambda fmt=fmt, path=path: import_file(engine, path, fmt, actor="bench"))  # type: ignore[misc]
            print(f"{fmt:8} read {read:6.2f} s ({args.values / read:8.0f}/s)  first import {first:6.2f} s "
                  f"({args.values / first:6.0f}/s)  again (unchanged) {again:6.2f} s ({args.values / again:6.0f}/s)")  # fmt: skip


if __name__ == "__main__":
    main()
