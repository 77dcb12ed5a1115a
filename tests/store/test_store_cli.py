"""The store's commands, registered into a local Typer app."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from chitieu.errors import ChitieuError
from chitieu.store import migrate
from chitieu.store.cli import register

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seed" / "000_d11ddce65c755f57.txt"
SEED_GOLD = REPO / "tests" / "data" / "seed" / "seed.gold.jsonl"


@pytest.fixture
def app(command_app: Callable[..., typer.Typer]) -> typer.Typer:
    return command_app(register)


@pytest.fixture
def gold_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction replaced by the answer key, so these tests do not depend on its progress."""
    from chitieu.model import Fact

    facts = [Fact(**json.loads(x)) for x in SEED_GOLD.read_text(encoding="utf-8").splitlines() if x]
    import chitieu.ingest

    monkeypatch.setattr(chitieu.ingest, "extract_path", lambda path, **kw: facts)


def test_store_cli_db_upgrade(app: typer.Typer, data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"→ {migrate.head()}" in result.output
    assert (data_dir / "chitieu.db").is_file()


@pytest.mark.skipif(not SEED.exists(), reason="sample report not present")
@pytest.mark.usefixtures("gold_extractor")
def test_store_cli_import_then_assess(app: typer.Typer) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["import", str(SEED), "--unit", "Tỉnh Trà Vinh", "--plan", "Nghị quyết 2020"])
    assert first.exit_code == 0, first.output
    gold = [x for x in SEED_GOLD.read_text(encoding="utf-8").splitlines() if x]
    assert f"{len(gold)} dữ kiện" in first.output
    again = runner.invoke(app, ["import", str(SEED), "--unit", "Tỉnh Trà Vinh"])
    assert "không thay đổi gì" in again.output
    out = runner.invoke(app, ["assess", "--year", "2019", "--unit", "Tỉnh Trà Vinh", "--format", "json"])
    assert out.exit_code == 0, out.output
    (grdp,) = json.loads(out.output)
    assert {"indicator", "unit", "period", "target", "actual", "status", "attainment", "sentence"} <= set(
        grdp
    )
    assert grdp["target"] == {"op": "between", "value": None, "low": 11.0, "high": 12.0, "basis": "Nghị quyết",
                              "measure": "value"}  # fmt: skip
    assert (grdp["status"], grdp["actual"], grdp["period"]) == ("vượt", 14.85, "2019")
    table = runner.invoke(app, ["assess", "--year", "2019"], env={"COLUMNS": "250"})
    assert "vượt" in table.output and "Tốc độ tăng trưởng GRDP" in table.output
    as_csv = runner.invoke(app, ["assess", "--year", "2020", "--format", "csv"])
    lines = as_csv.output.splitlines()
    assert lines[0].startswith("indicator,unit,period,op")
    assert len(lines) > 30 and all("chưa có số liệu" in x for x in lines[1:])


def test_store_cli_assess_bad_period(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["assess", "--year", "2019", "--period", "Q7"])
    assert isinstance(result.exception, ChitieuError)
    assert "Kỳ không hợp lệ" in str(result.exception)


def test_store_cli_template_roundtrip(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "mau.csv"
    assert runner.invoke(app, ["template", str(path)]).exit_code == 0
    with path.open("a", encoding="utf-8") as f:
        f.write('kết quả,Thu nội địa,Tỉnh A,2019,,"5.133,5",,,tỷ đồng,,,\n')
    bad = runner.invoke(app, ["load-template", str(path)])
    assert isinstance(bad.exception, ChitieuError)
    good = runner.invoke(app, ["load-template", str(path), "--new"])
    assert good.exit_code == 0, good.output
    assert "0 chỉ tiêu và 1 kết quả" in good.output
    sdmx = runner.invoke(app, ["export", "--format", "sdmx"])
    assert sdmx.exit_code == 0, (sdmx.output, sdmx.exception)
    assert sdmx.output.splitlines()[1].endswith(",A,DV1,CT1,2019,5133.5,tỷ đồng,A")
    folder = tmp_path / "opensdg"
    assert runner.invoke(app, ["export", "--format", "opensdg", "--out", str(folder)]).exit_code == 0
    assert (folder / "indicator_CT1.csv").read_text(encoding="utf-8").splitlines()[
        1
    ] == "2019,tỷ đồng,Tỉnh A,5133.5"
    dhis = runner.invoke(app, ["export", "--format", "dhis2"])
    assert json.loads(dhis.output)["dataValues"][0]["value"] == "5133.5"


def test_store_cli_assess_shows_a_consistency_warning(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import chitieu.ingest
    from chitieu.model import Fact

    name = "Tổng thu ngân sách nhà nước"
    facts = [
        Fact(3, name, "target", "=", 10000, unit="tỷ đồng", basis="dự toán", period=2024),
        Fact(5, name, "actual", "=", 8981, unit="tỷ đồng", period=2024),
        Fact(5, name, "attainment", "=", 95.0, unit="%", basis="dự toán", period=2024),
    ]
    monkeypatch.setattr(chitieu.ingest, "extract_path", lambda path, **kw: facts)
    report = tmp_path / "bao-cao.txt"
    report.write_text("Báo cáo\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(report), "--unit", "Tỉnh A"]).exit_code == 0
    out = runner.invoke(app, ["assess", "--year", "2024", "--format", "json"])
    (record,) = json.loads(out.output)
    assert record["stated_attainment"] == 95.0 and len(record["warnings"]) == 1
    table = runner.invoke(app, ["assess", "--year", "2024"], env={"COLUMNS": "250"})
    assert "Cảnh báo" in table.output and "95%" in table.output


def _archive(folder: Path) -> None:
    folder.mkdir()
    for n in (1, 2):
        (folder / f"bao-cao-{n}.txt").write_text(
            f"BÁO CÁO\nThu ngân sách nhà nước trên địa bàn năm 2023 đạt {n}.234 tỷ đồng, bằng 10{n}% dự toán.\n",
            encoding="utf-8",
        )
    (folder / "rong.txt").write_bytes(b"")


def test_store_cli_import_folder_outcomes_and_failures(app: typer.Typer, tmp_path: Path) -> None:
    _archive(tmp_path / "kho")
    runner = CliRunner()
    args = ["import", str(tmp_path / "kho"), "--unit", "Tỉnh A", "--failures", str(tmp_path / "loi.csv")]
    first = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert first.exit_code == 1, first.output
    assert "Kết quả" in first.output and "3 tệp: 2 đã nạp, 0 bỏ qua (đã có), 1 lỗi." in first.output
    rows = (tmp_path / "loi.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "file,message,message_en" and len(rows) == 2 and "rong.txt" in rows[1]
    (tmp_path / "kho" / "rong.txt").unlink()
    again = runner.invoke(app, [*args[:4], "--workers", "2"], env={"COLUMNS": "200"})
    assert again.exit_code == 0, again.output
    assert "2 tệp: 0 đã nạp, 2 bỏ qua (đã có), 0 lỗi." in again.output


@pytest.mark.parametrize("arg", ["thieu/*.txt", "kho-rong"])
def test_store_cli_import_nothing_found(app: typer.Typer, tmp_path: Path, arg: str) -> None:
    (tmp_path / "kho-rong").mkdir()
    result = CliRunner().invoke(app, ["import", str(tmp_path / arg), "--unit", "Tỉnh A"])
    assert isinstance(result.exception, ChitieuError) and "Không tìm thấy tệp nào" in str(result.exception)


def _seed_series(figures: dict[int, float], op: str = ">=", value: float = 150.0) -> None:
    from chitieu.domain import Period
    from chitieu.store import open_store, session_scope
    from chitieu.store import repo as store

    with session_scope(open_store()) as s:
        unit = store.add_unit(s, "Tỉnh A")
        ind = store.add_indicator(s, "Thu nội địa", unit="tỷ đồng")
        store.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2025), op=op, value=value)  # type: ignore[arg-type]
        for year, v in figures.items():
            store.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(year), value=v,
                                  entered_by="an")  # fmt: skip


@pytest.mark.parametrize(
    ("figures", "op", "value", "trajectory"),
    [
        # 100 -> 121 in 2 years: 10 %; (150/121)^(1/3) - 1 = 7.42 %
        ({2020: 100.0, 2022: 121.0}, ">=", 150.0,
         {"status": "đúng hướng", "actual_rate": 10.0, "required_rate": 7.42, "years": [2020, 2022],
          "method": "cagr", "target_year": 2025, "projected_value": 161.05}),
        # "giảm" (<=): 4 -> 3.6 in one year: -10 %; (3/3.6)^(1/2) - 1 = -8.71 %
        ({2022: 4.0, 2023: 3.6}, "<=", 3.0,
         {"status": "đúng hướng", "actual_rate": -10.0, "required_rate": -8.71, "years": [2022, 2023],
          "method": "cagr", "target_year": 2025, "projected_value": 2.92}),
        ({2023: 120.0}, ">=", 150.0, None),  # a single year: no trajectory object
    ],
)  # fmt: skip
def test_store_cli_assess_gives_the_trajectory(
    app: typer.Typer, figures: dict[int, float], op: str, value: float, trajectory: dict[str, object] | None
) -> None:
    _seed_series(figures, op, value)
    runner = CliRunner()
    out = runner.invoke(app, ["assess", "--year", "2025", "--format", "json"])
    assert out.exit_code == 0, out.output
    (record,) = json.loads(out.output)
    assert record["trajectory"] == trajectory
    rows = runner.invoke(app, ["assess", "--year", "2025", "--format", "csv"]).output.splitlines()
    header, line = rows[0].split(","), rows[1].split(",")
    assert header[-4:] == ["trajectory_status", "actual_rate", "required_rate", "trajectory_years"]
    if trajectory is None:
        assert line[-4:] == ["", "", "", ""]
    else:
        assert line[-4:] == [trajectory["status"], str(trajectory["actual_rate"]), str(trajectory["required_rate"]),
                             " ".join(str(y) for y in trajectory["years"])]  # type: ignore[attr-defined]  # fmt: skip
    table = runner.invoke(app, ["assess", "--year", "2025"], env={"COLUMNS": "300"}).output
    assert "Xu hướng" in table
    if trajectory is not None:
        assert f"{trajectory['status']} (" in table


def _seed_provinces() -> None:
    """Three provinces' poverty rates (lower is better), a target for two, and a district."""
    from chitieu.domain import Period
    from chitieu.store import open_store, session_scope
    from chitieu.store import repo as store

    with session_scope(open_store()) as s:
        ind = store.add_indicator(
            s, "Tỷ lệ hộ nghèo", unit="%", direction="down", aggregation="mean", code="XH01"
        )
        figures = {"Tỉnh A": {2022: 4.0, 2023: 3.6}, "Tỉnh B": {2023: 2.5}, "Tỉnh C": {2021: 3.0, 2023: 3.2}}
        for name, series in figures.items():
            unit = store.add_unit(s, name, level="tỉnh")
            for year, v in series.items():
                store.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(year), value=v,
                                      entered_by="an")  # fmt: skip
            if name != "Tỉnh B":
                store.put_target(
                    s, indicator_id=ind.id, unit_id=unit.id, period=Period(2023), op="<=", value=3.5
                )
        district = store.add_unit(s, "Huyện D", level="huyện")
        store.put_observation(s, indicator_id=ind.id, unit_id=district.id, period=Period(2023), value=9.0,
                              entered_by="an")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # lower is better: B 2,5 < C 3,2 < A 3,6 < D 9
        ([], [("Tỉnh B", 1), ("Tỉnh C", 2), ("Tỉnh A", 3), ("Huyện D", 4)]),
        (["--level", "tỉnh"], [("Tỉnh B", 1), ("Tỉnh C", 2), ("Tỉnh A", 3)]),
    ],
)
def test_store_cli_compare_ranks_the_units(app: typer.Typer, args: list[str], expected: list[object]) -> None:
    _seed_provinces()
    runner = CliRunner()
    out = runner.invoke(app, ["compare", "--indicator", "xh01", "--year", "2023", "--format", "json", *args])
    assert out.exit_code == 0, out.output
    record = json.loads(out.output)
    assert [(u["unit"], u["rank"]) for u in record["units"]] == expected
    by_name = {u["unit"]: u for u in record["units"]}
    # A: 3,6 against "không quá 3,5": within 5 % -> gần đạt; 4 -> 3,6 falls 10 %/năm where
    # 3,5 / 4 - 1 = -12,5 % was needed (2023 is the target's year)
    assert (by_name["Tỉnh A"]["status"], by_name["Tỉnh A"]["trajectory"]["status"]) == (
        "gần đạt",
        "cần nỗ lực",
    )
    # C: 3,2 is below 3,5: better than the target
    assert (by_name["Tỉnh C"]["status"], by_name["Tỉnh C"]["trajectory"]["status"]) == ("vượt", "đã đạt")
    assert by_name["Tỉnh B"]["status"] is None and by_name["Tỉnh B"]["trajectory"] is None
    rows = runner.invoke(
        app, ["compare", "--indicator", "Tỷ lệ hộ nghèo", "--year", "2023", "-f", "csv", *args]
    )
    lines = rows.output.splitlines()
    assert lines[0] == "rank,unit,value,status,attainment,trajectory_status,actual_rate,required_rate"
    assert lines[1].startswith("1,Tỉnh B,2.5,")
    table = runner.invoke(
        app, ["compare", "--indicator", "XH01", "--year", "2023", *args], env={"COLUMNS": "200"}
    )
    assert "Hạng" in table.output and "Tỉnh B" in table.output


@pytest.mark.parametrize(("indicator", "year", "message"), [("ZZ99", "2023", "Không có chỉ tiêu"),
                                                              ("XH01", "1800", "Năm không hợp lệ")])  # fmt: skip
def test_store_cli_compare_bad_input(app: typer.Typer, indicator: str, year: str, message: str) -> None:
    _seed_provinces()
    result = CliRunner().invoke(app, ["compare", "--indicator", indicator, "--year", year])
    assert isinstance(result.exception, ChitieuError)
    assert message in str(result.exception)


def _seed_within_year() -> None:
    from chitieu.domain import Period
    from chitieu.store import open_store, session_scope
    from chitieu.store import repo as store

    with session_scope(open_store()) as s:
        unit = store.add_unit(s, "Tỉnh A")
        ind = store.add_indicator(s, "Thu nội địa", unit="tỷ đồng")
        store.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2024), op=">=", value=1000.0)
        for p, v in [
            (Period(2024, "nine_months"), 898.1),
            (Period(2023, "nine_months"), 800.0),
            (Period(2024, "quarter", 1), 250.0),
        ]:
            store.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=p, value=v, entered_by="an")
        store.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2024), value=1100.0,
                              entered_by="an")  # fmt: skip


def test_store_cli_assess_json_lists_the_within_year_periods(app: typer.Typer) -> None:
    _seed_within_year()
    out = CliRunner().invoke(app, ["assess", "--year", "2024", "--format", "json"])
    assert out.exit_code == 0, out.output
    (record,) = json.loads(out.output)
    # quarter I: 250 / 1000 = 25 %, no 2023 quarter; 9 months: 898,1 / 1000 = 89,81 %,
    # 898,1 / 800 - 1 = 12,2625 % -> 12,26
    assert record["periods"] == [
        {"period": "2024-Q1", "label": "quý I/2024", "value": 250.0, "share_of_plan": 25.0, "previous": None,
         "change": None, "sentence": "Quý I/2024 đạt 25,00% kế hoạch năm"},
        {"period": "2024-9T", "label": "9 tháng năm 2024", "value": 898.1, "share_of_plan": 89.81,
         "previous": 800.0, "change": 12.26,
         "sentence": "9 tháng năm 2024 đạt 89,81% kế hoạch năm, tăng 12,26% so với cùng kỳ"},
    ]  # fmt: skip


PERIODS = REPO / "tests" / "data" / "periods"


def test_store_cli_import_reports_within_the_year_then_assess(app: typer.Typer) -> None:
    """A plan, quarterly, six-month and monthly reports (with lũy kế): each period judged against
    the year plan and the same period last year."""
    runner = CliRunner()
    plan = runner.invoke(
        app, ["import", str(PERIODS / "nghi-quyet-2025.txt"), "--unit", "Tỉnh Bắc Sơn", "--plan", "NQ 41"]
    )
    assert plan.exit_code == 0, plan.output
    for name in ("bao-cao-quy-1-2024", "bao-cao-quy-1-2025", "bao-cao-6-thang-2025", "bao-cao-thang-10-2024",
                 "bao-cao-thang-10-2025"):  # fmt: skip
        done = runner.invoke(app, ["import", str(PERIODS / f"{name}.txt"), "--unit", "Tỉnh Bắc Sơn"])
        assert done.exit_code == 0, done.output
        assert "0 bỏ qua" in done.output, done.output  # no figure left as a fact
    out = runner.invoke(app, ["assess", "--year", "2025", "--unit", "Tỉnh Bắc Sơn", "--format", "json"])
    assert out.exit_code == 0, out.output
    found = {r["indicator"]: r["periods"] for r in json.loads(out.output)}
    retail = {p["period"]: p for p in found["Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"]}
    budget = {p["period"]: p for p in found["Tổng thu ngân sách nhà nước trên địa bàn"]}
    # plan 40.000: quý I 9.000 is 22,5 % (8.000 last year: +12,5 %), 6 tháng 19.000 is 47,5 %,
    # tháng 10 3.600 is 9 % (3.000: +20 %), lũy kế 10 tháng 33.000 is 82,5 % (30.000: +10 %)
    assert list(retail) == ["2025-Q1", "2025-H1", "2025-M10", "2025-LK10"]
    assert [(p["share_of_plan"], p["change"]) for p in retail.values()] == [
        (22.5, 12.5), (47.5, None), (9.0, 20.0), (82.5, 10.0),
    ]  # fmt: skip
    assert retail["2025-LK10"]["sentence"] == (
        "Lũy kế 10 tháng năm 2025 đạt 82,50% kế hoạch năm, tăng 10,00% so với cùng kỳ"
    )
    # plan 6.000: quý I 1.500 (1.200 last year: +25 %), quý II 1.800, 6 tháng 3.300, and "từ đầu
    # năm đến nay" in the report of tháng 10: the year to date to October, 5.100 (85 %)
    assert [(k, p["share_of_plan"], p["change"]) for k, p in budget.items()] == [
        ("2025-Q1", 25.0, 25.0), ("2025-Q2", 30.0, None), ("2025-H1", 55.0, None), ("2025-LK10", 85.0, None),
    ]  # fmt: skip
    table = runner.invoke(app, ["assess", "--year", "2025"], env={"COLUMNS": "250"})
    assert table.exit_code == 0, table.output
    assert "Quý I/2025 đạt 25,00% kế hoạch năm, tăng 25,00% so với cùng kỳ" in table.output
    assert "Tháng 10/2025 đạt 9,00% kế hoạch năm, tăng 20,00% so với cùng kỳ" in table.output


@pytest.mark.parametrize(("already", "nice", "expected"), [(0, 10, 10), (0, 0, 0), (12, 5, 12), (3, 25, 19)])
def test_store_cli_lower_priority_only_lowers(already: int, nice: int, expected: int) -> None:
    import os
    import subprocess
    import sys

    base = os.getpriority(os.PRIO_PROCESS, 0)  # the tests' own niceness (0 unless run under nice)
    code = (
        f"import os; os.setpriority(os.PRIO_PROCESS, 0, {base} + {already}); "
        f"from chitieu.store.cli import lower_priority; lower_priority({nice}); "
        "print(os.getpriority(os.PRIO_PROCESS, 0))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) == min(max(expected, base + already), 19)  # 19: the lowest priority there is
