"""Public portal bench: ``/cong-khai`` pages for 34 provinces × 50 indicators × 10 years on SQLite.

Seeds a fresh SQLite store (bulk inserts, a bench only): 34 provinces, each with a public
term plan holding a yearly target of 50 indicators for 10 years, and an approved result
for each. Then, in process and without signing in, requests each plan's page (indicators
by domain, statuses and trajectories) and indicator pages (SVG chart, table, sources)
and their downloads, first views and again (cached per data version); prints p50 and p95.

    python bench/portal.py [--pages 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fastapi.testclient import TestClient
from sqlalchemy import insert

from chitieu.store import browse, make_engine, repo, session_scope, upgrade
from chitieu.store.tables import ObservationRow, TargetRow
from chitieu.web import create_app

PROVINCES, INDICATORS, YEARS = 34, 50, tuple(range(2016, 2026))
DOMAINS = ("kinh tế", "xã hội", "môi trường", "quốc phòng - an ninh", "xây dựng hệ thống chính trị")


def _seed(url: str) -> tuple[list[int], list[int]]:
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine, actor="bench") as s:
        units = [
            repo.add_unit(s, f"Tỉnh Thử {i:02d}", level="tỉnh", code=f"T{i:02d}") for i in range(PROVINCES)
        ]
        inds = [repo.add_indicator(s, f"Chỉ tiêu thử {k:02d}", unit="tỷ đồng", code=f"B{k:02d}",
                                   domain=DOMAINS[k % len(DOMAINS)]) for k in range(INDICATORS)]  # fmt: skip
        plans = []
        for u in units:
            plan = repo.get_or_create_plan(
                s, f"Nghị quyết thử {u.name}", unit=u, first_year=YEARS[0], last_year=YEARS[-1]
            )
            browse.set_plan_public(s, plan.id, True)
            plans.append(plan.id)
        obs, targets = [], []
        for u, plan_id in zip(units, plans, strict=True):
            for ind in inds:
                base = 1000 + 37 * u.id + 11 * ind.id
                for n, year in enumerate(YEARS):
                    key = {"indicator_id": ind.id, "unit_id": u.id, "period_kind": "year", "year": year, "number": 1,
                           "measure": "value", "source": "user:bench", "entered_by": "bench"}  # fmt: skip
                    growth = 1 + ((u.id * 7 + ind.id * 3) % 11 - 3) / 100
                    obs.append(
                        key | {"value": round(base * growth**n, 2), "state": "approved", "estimate": False}
                    )
                    targets.append(key | {"op": ">=", "value": round(base * 1.05**n, 2), "unit_of_measure": "",
                                          "plan_id": plan_id})  # fmt: skip
        s.execute(insert(ObservationRow), obs)
        s.execute(insert(TargetRow), targets)
        ids = [i.id for i in inds]
    engine.dispose()
    return plans, ids


def _timed(client: TestClient, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url}: {r.status_code}")
    return out


def _report(label: str, xs: list[float]) -> None:
    p95 = statistics.quantiles(xs, n=20)[-1] if len(xs) >= 20 else max(xs)
    print(f"{label:<40} p50 {statistics.median(xs):6.1f} ms   p95 {p95:6.1f} ms   ({len(xs)} requests)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100, help="indicator pages (and downloads) requested")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        plans, ids = _seed(url)
        print(f"seeded {PROVINCES} public plans × {INDICATORS} indicators × {len(YEARS)} years "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        engine = make_engine(url)
        app = create_app(engine, secret_key="b" * 48, upload_dir=Path(tmp) / "uploads")
        with TestClient(app) as client:
            # warm up on the last plan (templates compiled, statements cached), not timed after
            _timed(
                client,
                ["/cong-khai", f"/cong-khai/{plans[-1]}", f"/cong-khai/{plans[-1]}/chi-tieu/{ids[-1]}"],
            )
            plans = plans[:-1]
            plan_urls = [f"/cong-khai/{p}" for p in plans]
            pages = [
                f"/cong-khai/{plans[i % len(plans)]}/chi-tieu/{ids[(i * 7) % len(ids)]}"
                for i in range(args.pages)
            ]
            _report("/cong-khai (list), first view", _timed(client, ["/cong-khai?x=1"]))
            _report("/cong-khai/<plan>, first view", _timed(client, plan_urls))
            _report("/cong-khai/<plan>, again (cached)", _timed(client, plan_urls))
            _report("indicator page, first view", _timed(client, pages))
            _report("indicator page, again (cached)", _timed(client, pages))
            for fmt in ("csv", "opensdg", "sdmx"):
                _report(f"download {fmt}", _timed(client, [f"{u}/tai-ve/{fmt}" for u in pages]))
        engine.dispose()


if __name__ == "__main__":
    main()
