"""Store at national scale: load time, and the time to assess one province for one year.

    .venv/bin/python bench/store.py --url postgresql+psycopg://... [--scale 0.1] [--years 10]
    scripts/pg-test-cluster.sh run .venv/bin/python bench/store.py --scale 0.05

The dataset follows the country after the 2025 reform: 34 provinces and their 3,321
communes (no district tier), 300 indicators, 10 years; communes report yearly,
provinces monthly, so at ``--scale 1`` there are 3,321 x 300 x 10 + 34 x 300 x 120,
about 11.2 million observations, plus one yearly target per province and indicator.
``--scale`` multiplies the number of provinces and communes (at least one each).

Observations are bulk-loaded without the audit trail, as a data migration would be:
on PostgreSQL the two observation indexes are dropped, the rows sent with ``COPY``
and the indexes rebuilt (all counted in the load time); ``executemany`` elsewhere. The assessment is the library's own
(:func:`chitieu.store.service.assess_unit`), yearly figures combined from the months.
The URL defaults to ``CHITIEU_DATABASE_URL``, then ``CHITIEU_TEST_PG_URL``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import Engine, insert, text  # noqa: E402

from chitieu.domain import Period  # noqa: E402
from chitieu.store import make_engine, session_scope, upgrade  # noqa: E402
from chitieu.store.service import assess_unit  # noqa: E402
from chitieu.store.tables import Base, IndicatorRow, ObservationRow, TargetRow, UnitRow  # noqa: E402

PROVINCES, COMMUNES, INDICATORS = 34, 3321, 300
COLUMNS = (
    "indicator_id",
    "unit_id",
    "period_kind",
    "year",
    "number",
    "measure",
    "value",
    "estimate",
    "state",
    "source",
)


def _reset(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        Base.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(engine)


def _catalogue(engine: Engine, provinces: int, communes: int) -> tuple[list[int], list[int]]:
    aggregations = ["sum"] * 6 + ["mean"] * 3 + ["latest"]
    with engine.begin() as conn:
        conn.execute(
            insert(IndicatorRow),
            [
                {"id": i, "code": f"CT{i:03d}", "name": f"Chỉ tiêu {i}", "folded": f"chi tieu {i}", "unit": "tỷ đồng",
                 "direction": "up", "aggregation": aggregations[i % 10], "status": "active"}
                for i in range(1, INDICATORS + 1)
            ],
        )  # fmt: skip
        conn.execute(
            insert(UnitRow),
            [{"id": p, "code": f"P{p:02d}", "name": f"Tỉnh {p}", "folded": f"tinh {p}", "level": "tỉnh"}
             for p in range(1, provinces + 1)],
        )  # fmt: skip
        conn.execute(
            insert(UnitRow),
            [{"id": provinces + c, "code": f"X{c:04d}", "name": f"Xã {c}", "folded": f"xa {c}", "level": "xã",
              "parent_id": 1 + c % provinces} for c in range(1, communes + 1)],
        )  # fmt: skip
    return list(range(1, provinces + 1)), list(range(provinces + 1, provinces + communes + 1))


def _rows(provinces: list[int], communes: list[int], years: range) -> Iterator[tuple[object, ...]]:
    rnd = random.Random(9)
    for year in years:
        for u in communes:
            for i in range(1, INDICATORS + 1):
                yield (
                    i,
                    u,
                    "year",
                    year,
                    1,
                    "value",
                    round(rnd.uniform(10, 1000), 2),
                    False,
                    "approved",
                    "bench",
                )
        for u in provinces:
            for i in range(1, INDICATORS + 1):
                for m in range(1, 13):
                    yield (
                        i,
                        u,
                        "month",
                        year,
                        m,
                        "value",
                        round(rnd.uniform(100, 9000), 2),
                        False,
                        "draft",
                        "bench",
                    )


def _load_pg(engine: Engine, rows: Iterator[tuple[object, ...]], total: int) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        sql = f"COPY observations ({', '.join(COLUMNS)}) FROM STDIN"
        with cur.copy(sql) as copy:  # type: ignore[attr-defined]
            buf = io.StringIO()
            for n, r in enumerate(rows, 1):
                buf.write("\t".join("t" if x is True else "f" if x is False else str(x) for x in r))
                buf.write("\n")
                if n % 200_000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
                    print(f"  {n:,}/{total:,}", file=sys.stderr, end="\r")
            copy.write(buf.getvalue())
        raw.commit()
    finally:
        raw.close()


def _load_other(engine: Engine, rows: Iterator[tuple[object, ...]]) -> None:
    batch: list[dict[str, object]] = []
    with engine.begin() as conn:
        for r in rows:
            batch.append(dict(zip(COLUMNS, r, strict=True)))
            if len(batch) == 50_000:
                conn.execute(insert(ObservationRow), batch)
                batch = []
        if batch:
            conn.execute(insert(ObservationRow), batch)


def _targets(engine: Engine, provinces: list[int], years: range) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(TargetRow),
            [{"indicator_id": i, "unit_id": u, "period_kind": "year", "year": y, "number": 1, "measure": "value",
              "op": ">=", "value": 50_000.0, "unit_of_measure": "tỷ đồng", "source": "bench", "basis": "kế hoạch"}
             for y in years for u in provinces for i in range(1, INDICATORS + 1)],
        )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--url", default=os.environ.get("CHITIEU_DATABASE_URL") or os.environ.get("CHITIEU_TEST_PG_URL")
    )
    ap.add_argument(
        "--scale", type=float, default=1.0, help="share of the provinces and communes (default 1)"
    )
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5, help="assessment runs to time")
    args = ap.parse_args()
    if not args.url:
        ap.error("no database: give --url or set CHITIEU_DATABASE_URL (PostgreSQL)")
    engine = make_engine(args.url)
    provinces_n = max(1, round(PROVINCES * args.scale))
    communes_n = max(1, round(COMMUNES * args.scale))
    years = range(2026 - args.years, 2026)
    total = (communes_n + provinces_n * 12) * INDICATORS * len(years)
    print(f"{engine.dialect.name}: {provinces_n} provinces, {communes_n} communes, {INDICATORS} indicators, "
          f"{len(years)} years = {total:,} observations")  # fmt: skip
    _reset(engine)
    provinces, communes = _catalogue(engine, provinces_n, communes_n)
    t = time.perf_counter()
    rows = _rows(provinces, communes, years)
    if engine.dialect.name == "postgresql":
        # bulk load as a data migration would: indexes dropped, rebuilt after (counted in the load time)
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE observations DROP CONSTRAINT uq_observations_key"))
            conn.execute(text("DROP INDEX ix_observations_unit_year"))
        _load_pg(engine, rows, total)
        with engine.begin() as conn:
            conn.execute(text("SET maintenance_work_mem = '512MB'"))
            conn.execute(
                text(
                    "ALTER TABLE observations ADD CONSTRAINT uq_observations_key UNIQUE "
                    "(indicator_id, unit_id, period_kind, year, number, measure, source)"
                )
            )
            conn.execute(
                text("CREATE INDEX ix_observations_unit_year ON observations (unit_id, year, indicator_id)")
            )
    else:
        _load_other(engine, rows)
    _targets(engine, provinces, years)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE observations"))
            conn.execute(text("VACUUM ANALYZE targets"))
    load = time.perf_counter() - t
    print(f"load: {load:.1f} s ({total / load:,.0f} observations/s)")
    year = years[-1]
    timings = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        with session_scope(engine) as s:
            unit = s.get(UnitRow, provinces[len(provinces) // 2])
            assert unit is not None
            from chitieu.store.repo import to_unit

            results = assess_unit(s, to_unit(unit), Period(year))
        timings.append((time.perf_counter() - t) * 1000)
    statuses = {st: sum(1 for a in results if a.status == st) for st in {a.status for a in results}}
    print(f"assess one province, {year}: {len(results)} targets, first {timings[0]:.0f} ms, "
          f"median {statistics.median(timings):.0f} ms (goal < 200 ms); {statuses}")  # fmt: skip


if __name__ == "__main__":
    main()
