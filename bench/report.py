"""Benchmark of the briefing: a national-scale demo store, one ~30-page report.

Generates into a temporary SQLite store a country (``Cả nước``) with 63 provinces under
it, 160 indicators in the five domains, six years of national figures (level, change,
attainment) and the provinces' figures of the results year, a plan with targets for the
results year and the next; then times building the report and writing it as Word, HTML
and PDF. Goal: under 3 s for Word (build + render). Prints the figures.

    .venv/bin/python bench/report.py [--indicators 160] [--year 2023] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

DOMAIN_NAMES = {
    "kinh tế": ["Tổng giá trị sản xuất ngành nông nghiệp", "Kim ngạch xuất khẩu", "Tổng thu ngân sách nhà nước",
                "Tổng vốn đầu tư phát triển toàn xã hội", "Tổng mức bán lẻ hàng hóa", "Giá trị sản xuất công nghiệp"],
    "xã hội": ["Tỷ lệ lao động qua đào tạo", "Số lao động được giải quyết việc làm", "Tỷ lệ dân số tham gia bảo hiểm y tế",
               "Số trường đạt chuẩn quốc gia", "Số bác sĩ trên vạn dân"],
    "môi trường": ["Tỷ lệ chất thải rắn đô thị được thu gom", "Tỷ lệ che phủ rừng", "Tỷ lệ dân số dùng nước sạch"],
    "quốc phòng - an ninh": ["Số vụ phạm pháp hình sự được làm rõ", "Số xã đạt chuẩn an toàn về an ninh trật tự"],
    "xây dựng hệ thống chính trị": ["Số đảng viên kết nạp mới", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ"],
}  # fmt: skip
SECTORS = ["khu vực đồng bằng", "khu vực miền núi", "khu vực đô thị", "khu vực nông thôn", "vùng ven biển",
           "vùng Tây Nguyên", "vùng Đông Nam Bộ", "vùng đồng bằng sông Cửu Long", "toàn quốc", "vùng trung du",
           "vùng Bắc Trung Bộ", "vùng duyên hải Nam Trung Bộ", "vùng Tây Bắc", "vùng Đông Bắc", "vùng đồng bằng sông Hồng"]  # fmt: skip


def generate(url: str, n_indicators: int, year: int, seed: int = 7) -> tuple[str, int]:
    from chitieu.domain import Period
    from chitieu.store import open_store, repo, sections
    from chitieu.store.engine import session_scope
    from chitieu.store.tables import ObservationRow, TargetRow

    rng = random.Random(seed)
    engine = open_store(url)
    with session_scope(engine, actor="bench") as s:
        nation = repo.add_unit(s, "Cả nước", level="quốc gia")
        provinces = [repo.add_unit(s, f"Tỉnh Mẫu Số {i:02d}", parent=nation) for i in range(1, 64)]
        plan = repo.get_or_create_plan(s, "Nghị quyết về kế hoạch phát triển kinh tế - xã hội", unit=nation,
                                       first_year=year, last_year=year + 1)  # fmt: skip
        names = [
            (d, f"{base} {sector}")
            for d, bases in DOMAIN_NAMES.items()
            for base in bases
            for sector in SECTORS
        ]
        indicators = []
        for domain, name in (names * (n_indicators // len(names) + 1))[:n_indicators]:
            unit = (
                "%"
                if name.startswith("Tỷ lệ")
                else rng.choice(["tỷ đồng", "người", "ha", "tấn", "triệu USD"])
            )
            suffix = (
                ""
                if len([i for i in indicators if i.name.startswith(name)]) == 0
                else f" (nhóm {len(indicators)})"
            )
            indicators.append(repo.add_indicator(s, name + suffix, unit=unit, domain=domain))
        observations, targets = [], []
        for ind in indicators:
            base = rng.uniform(10, 95) if ind.unit == "%" else rng.uniform(1_000, 90_000)
            values = {
                y: round(base * (1 + 0.05 * (y - year) + rng.uniform(-0.02, 0.02)), 2)
                for y in range(year - 5, year + 1)
            }
            common = {
                "indicator_id": ind.id,
                "period_kind": "year",
                "number": 1,
                "state": "approved",
                "estimate": False,
            }
            for y, v in values.items():
                observations.append({**common, "unit_id": nation.id, "year": y, "measure": "value", "value": v,
                                     "source": "user:bench"})  # fmt: skip
            observations.append({**common, "unit_id": nation.id, "year": year, "measure": "change",
                                 "value": round(rng.uniform(-5, 12), 2), "basis": "cùng kỳ", "source": "user:bench"})  # fmt: skip
            for p in provinces:
                observations.append({**common, "unit_id": p.id, "year": year, "measure": "value",
                                     "value": round(values[year] / 63 * rng.uniform(0.5, 1.5), 2), "source": "user:bench"})  # fmt: skip
            for y, factor in ((year, rng.uniform(0.9, 1.1)), (year + 1, 1.08)):
                targets.append({"indicator_id": ind.id, "unit_id": nation.id, "period_kind": "year", "year": y,
                                "number": 1, "measure": "value", "op": ">=", "value": round(values[year] * factor, 1),
                                "plan_id": plan.id, "basis": "Nghị quyết", "unit_of_measure": ind.unit,
                                "source": "user:bench"})  # fmt: skip
        s.execute(insert(ObservationRow), observations)
        s.execute(insert(TargetRow), targets)
        for key in sections.SECTIONS:
            sections.put_section(s, plan_id=plan.id, year=year, key=key,
                                 text="\n".join(f"Đoạn {i} của mục này, viết tay bởi người dùng." for i in range(1, 6)))  # fmt: skip
        _ = Period(year)
    return plan.title, len(observations) + len(targets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=160)
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--keep", type=Path, default=None, help="write the reports into this folder")
    args = parser.parse_args(argv)

    from pypdf import PdfReader

    from chitieu.report import build_report, render

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        plan, rows = generate(f"sqlite:///{tmp}/bench.db", args.indicators, args.year)
        t_gen = time.perf_counter() - t0
        from chitieu.store import open_store

        engine = open_store(f"sqlite:///{tmp}/bench.db")
        import matplotlib  # noqa: F401  (imported once, as a long-running server would have it)

        t0 = time.perf_counter()
        report = build_report(engine, plan=plan, year=args.year, unit="Cả nước")
        t_build = time.perf_counter() - t0
        times = {}
        for fmt in ("docx", "html", "pdf"):
            t0 = time.perf_counter()
            render(report, fmt, out_dir / f"bao-cao.{fmt}")
            times[fmt] = time.perf_counter() - t0
        pages = len(PdfReader(str(out_dir / "bao-cao.pdf")).pages)
        docx_total = t_build + times["docx"]
        print(f"store: {rows:,} figures and targets generated in {t_gen:.1f} s".replace(",", "."))
        print(f"report: {len(report.sentences())} result sentences, {len(report.targets)} table rows, "
              f"{len(report.next_targets)} targets of {args.year + 1}, {len(report.charts)} charts, {pages} PDF pages")  # fmt: skip
        print(f"build_report: {t_build:.2f} s")
        for fmt, t in times.items():
            print(f"render {fmt}: {t:.2f} s")
        print(
            f"docx total (build + render): {docx_total:.2f} s (goal < 3 s): {'OK' if docx_total < 3 else 'SLOW'}"
        )
        if args.keep:
            print(f"written to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
