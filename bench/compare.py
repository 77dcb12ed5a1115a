"""Comparison page bench: 34 provinces × 50 indicators × 10 years on SQLite, ``/so-sanh`` timed.

Seeds a fresh SQLite store (bulk inserts, outside the audited write path: a bench only)
with 34 provinces, 50 indicators and, for each province and indicator, a yearly figure
and a target for each of 10 years (17,000 figures, 17,000 targets); then, in process
(FastAPI's test client, one thread, signed in), requests the comparison page for each
indicator and a year in turn and prints p50, p95 and max; and the same for the library
call :func:`chitieu.store.comparison.compare` alone and, as a baseline, the account page
(what any signed-in page costs through the test client). The first pass over the
indicators is a first view; later passes are served from the per-data-version cache;
last, first views just after a write (a figure changed, then a pause past the one-second
reuse of the data version).

    python bench/compare.py [--rounds 3] [--writes 20]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from chitieu.domain import Period  # noqa: E402
from chitieu.store import make_engine, repo, session_scope, upgrade  # noqa: E402
from chitieu.store import users as accounts  # noqa: E402
from chitieu.store.comparison import compare  # noqa: E402
from chitieu.store.tables import ObservationRow, TargetRow  # noqa: E402
from chitieu.web import create_app  # noqa: E402

PROVINCES, INDICATORS, YEARS = 34, 50, tuple(range(2016, 2026))


def _seed(url: str) -> list[int]:
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine, actor="bench") as s:
        units = [
            repo.add_unit(s, f"Tỉnh Thử {i:02d}", level="tỉnh", code=f"T{i:02d}") for i in range(PROVINCES)
        ]
        inds = [repo.add_indicator(s, f"Chỉ tiêu thử {k:02d}", unit="tỷ đồng", code=f"B{k:02d}",
                                   direction="down" if k % 5 == 0 else "up") for k in range(INDICATORS)]  # fmt: skip
        accounts.create_user(s, "xem", "mat-khau-bench", "xem", full_name="Bench")
        obs, targets = [], []
        for u in units:
            for ind in inds:
                base = 1000 + 37 * u.id + 11 * ind.id
                for n, year in enumerate(YEARS):
                    key = {"indicator_id": ind.id, "unit_id": u.id, "period_kind": "year", "year": year, "number": 1,
                           "measure": "value", "source": "user:bench", "entered_by": "bench"}  # fmt: skip
                    growth = 1 + ((u.id * 7 + ind.id * 3) % 11 - 3) / 100
                    obs.append(
                        key | {"value": round(base * growth**n, 2), "state": "approved", "estimate": False}
                    )
                    targets.append(
                        key | {"op": ">=", "value": round(base * 1.05**n, 2), "unit_of_measure": ""}
                    )
        s.execute(insert(ObservationRow), obs)
        s.execute(insert(TargetRow), targets)
        ids = [i.id for i in inds]
    engine.dispose()
    return ids


def _pct(xs: list[float], p: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(p * len(xs)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="passes over the 50 indicators")
    ap.add_argument("--writes", type=int, default=20, help="first views after a write (1 s apart)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        ids = _seed(url)
        print(f"seeded {PROVINCES} provinces × {INDICATORS} indicators × {len(YEARS)} years "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        engine = make_engine(url)
        lib: list[float] = []
        with session_scope(engine, actor="bench") as s:
            for r in range(args.rounds):
                for k, ind in enumerate(repo.indicators(s)):
                    t = time.perf_counter()
                    c = compare(s, ind, YEARS[(k + r) % len(YEARS)])
                    lib.append(time.perf_counter() - t)
                    assert len(c.rows) == PROVINCES
        app = create_app(engine, secret_key="b" * 48, upload_dir=Path(tmp) / "uploads")
        page: list[float] = []
        warm: list[float] = []
        with TestClient(app) as client:
            login = client.get("/dang-nhap")
            token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
            assert token
            client.post("/dang-nhap", data={"username": "xem", "password": "mat-khau-bench",
                                            "csrf_token": token.group(1)})  # fmt: skip
            client.get(f"/so-sanh?chi_tieu={ids[0]}&nam=2025")  # warm templates
            base: list[float] = []
            for _ in range(len(ids)):  # what any signed-in page costs here (session, user, layout)
                t = time.perf_counter()
                client.get("/tai-khoan")
                base.append(time.perf_counter() - t)
            for r in range(args.rounds):
                for k, ind_id in enumerate(ids):
                    t = time.perf_counter()
                    resp = client.get(f"/so-sanh?chi_tieu={ind_id}&nam={YEARS[k % len(YEARS)]}")
                    (page if r == 0 else warm).append(time.perf_counter() - t)
                    assert resp.status_code == 200 and resp.text.count("<rect ") == PROVINCES
            after: list[float] = []
            with session_scope(engine, actor="bench") as s:
                found = repo.find_unit(s, "Tỉnh Thử 00")
                assert found is not None
                unit_id = found.id
            for n in range(args.writes):
                with session_scope(engine, actor="bench") as s:
                    repo.put_observation(s, indicator_id=ids[0], unit_id=unit_id, period=Period(YEARS[0]),
                                         value=500.0 + n, state="approved", entered_by="bench")  # fmt: skip
                time.sleep(1.05)
                t = time.perf_counter()
                resp = client.get(f"/so-sanh?chi_tieu={ids[n % len(ids)]}&nam={YEARS[n % len(YEARS)]}")
                after.append(time.perf_counter() - t)
                assert resp.status_code == 200
        engine.dispose()
    for name, xs in (
        ("compare() library call", lib),
        ("GET /so-sanh, first view", page),
        ("GET /so-sanh, repeated (cached per data version)", warm),
        ("GET /so-sanh, first view after a write", after),
        ("GET /tai-khoan (baseline)", base),
    ):
        print(f"{name}: n={len(xs)} p50={statistics.median(xs) * 1000:.1f} ms "
              f"p95={_pct(xs, 0.95) * 1000:.1f} ms max={max(xs) * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
