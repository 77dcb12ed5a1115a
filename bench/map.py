"""Map page bench: ``/ban-do`` for 34 provinces × 50 indicators × 10 years on SQLite.

Builds a fresh SQLite store: the national list seeded (``seed_units``), 50
indicators, and for every province, indicator and year 2016-2025 a yearly target
and an approved result. Then requests ``/ban-do`` through the ASGI app in process
(no network), each time for another indicator and year so no rendered page is
reused, coloured by value and by status; then the same URLs again (served from the
page cache); then first views after a write (one result changed, then a pause past the
one-second reuse of the data version, so the provinces and years are read again).
Prints the median and p95 of each, in ms.

    python bench/map.py [--requests 100] [--writes 20]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chitieu.domain import Period
from chitieu.geo.units import provinces
from chitieu.store import make_engine, repo, session_scope, upgrade
from chitieu.store import users as accounts
from chitieu.store.national import province_units, seed_units
from chitieu.store.tables import ObservationRow, TargetRow
from chitieu.web import create_app

INDICATORS = 50
YEARS = range(2016, 2026)
PASSWORD = "mat-khau-bench-ban-do"


def build(path: Path) -> list[int]:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with session_scope(engine, actor="bench") as s:
        seed_units(s)
        units = province_units(s)
        ids = [repo.add_indicator(s, f"Chỉ tiêu thử số {i}", unit="tỷ đồng").id for i in range(INDICATORS)]
        rows: list[object] = []
        for k, p in enumerate(provinces("2025")):
            unit_id = units[p.key].id
            for n, ind in enumerate(ids):
                for year in YEARS:
                    value = 100.0 + 7 * k + n + 3 * (year - 2016)
                    common = {"indicator_id": ind, "unit_id": unit_id, "period_kind": "year", "year": year,
                              "number": 1, "source": "bench"}  # fmt: skip
                    rows.append(TargetRow(**common, op=">=", value=value * 0.95))
                    rows.append(ObservationRow(**common, value=value, state="approved"))
        s.add_all(rows)
        accounts.create_user(s, "xem", PASSWORD, "xem")
    engine.dispose()
    return ids


def _timed(client: TestClient, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t0 = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200 or r.text.count("<path ") != 34:
            raise SystemExit(f"{url}: {r.status_code}")
    return out


def _after_writes(engine: Engine, client: TestClient, ids: list[int], urls: list[str]) -> list[float]:
    """Each URL just after a result changed (and the data version's one-second reuse ran out)."""
    out = []
    with session_scope(engine, actor="bench") as s:
        unit_id = next(iter(province_units(s).values())).id
    for n, url in enumerate(urls):
        with session_scope(engine, actor="bench") as s:
            repo.put_observation(s, indicator_id=ids[0], unit_id=unit_id, period=Period(2016), value=500.0 + n,
                                 state="approved", entered_by="bench")  # fmt: skip
        time.sleep(1.05)
        out += _timed(client, [url])
    return out


def _report(label: str, times: list[float]) -> None:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
    print(
        f"{label:<34} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   ({len(times)} requests)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--writes", type=int, default=20, help="first views after a write (1 s apart)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        ids = build(path)
        n = len(provinces("2025")) * INDICATORS * len(YEARS)
        print(f"store: {n} results + {n} targets, built in {time.perf_counter() - t0:.1f} s")
        engine = make_engine(f"sqlite:///{path}")
        app = create_app(engine, secret_key="b" * 48, upload_dir=Path(tmp) / "uploads")
        with TestClient(app, follow_redirects=False) as client:
            page = client.get("/dang-nhap").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert token
            client.post(
                "/dang-nhap", data={"username": "xem", "password": PASSWORD, "csrf_token": token.group(1)}
            )
            urls = [
                f"/ban-do?chi_tieu={ids[i % INDICATORS]}&nam={YEARS[i % len(YEARS)]}"
                for i in range(args.requests)
            ]
            _timed(client, urls[:3])  # warm up: templates compiled, caches of the units filled
            fresh = [u + "&x=1" for u in urls]
            _report("/ban-do by value, not cached", _timed(client, fresh))
            _report("/ban-do by status, not cached", _timed(client, [u + "&theo=danh-gia" for u in urls]))
            _report("/ban-do again (page cache)", _timed(client, fresh))
            _report(
                "/ban-do first view after a write", _after_writes(engine, client, ids, urls[: args.writes])
            )
        engine.dispose()


if __name__ == "__main__":
    main()
