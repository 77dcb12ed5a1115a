"""Commands of the store: ``import``, ``assess``, ``compare``, ``db upgrade``, ``export``, ``template``, ``load-template``.

:func:`register` adds them to the main ``chitieu`` application. Each command opens
the store at ``CHITIEU_DATABASE_URL`` (or the SQLite file in the data directory),
migrating it to the newest schema first.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from chitieu.assess.periods import WithinYear, describe
from chitieu.domain import Assessment, Period
from chitieu.errors import ConfigError
from chitieu.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from chitieu.assess.compare import Comparison

__all__ = ["assessment_record", "comparison_record", "lower_priority", "register", "trajectory_record"]


class AssessFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    opensdg = "opensdg"
    dhis2 = "dhis2"
    sdmx = "sdmx"


def _engine(url: str | None = None) -> Engine:
    from chitieu.store import open_store

    return open_store(url)


def assessment_record(a: Assessment) -> dict[str, Any]:
    """The JSON object of one assessment (what ``assess --format json`` prints)."""
    t = a.target
    return {
        "indicator": a.indicator,
        "unit": a.unit,
        "period": str(a.period),
        "target": {
            "op": t.op,
            "value": t.value,
            "low": t.low,
            "high": t.high,
            "basis": t.basis,
            "measure": t.measure,
        },
        "actual": a.actual,
        "unit_of_measure": a.unit_of_measure,
        "estimate": a.estimate,
        "status": a.status,
        "attainment": None if a.attainment is None else round(a.attainment, 2),
        "change": None if a.change is None else round(a.change, 2),
        "change_unit": "điểm %" if a.change_is_points else "%",
        "sentence": a.sentence,
        "stated_attainment": None if a.stated_attainment is None else round(a.stated_attainment, 2),
        "warnings": list(a.warnings),
        "trajectory": trajectory_record(a),
    }


def period_record(w: WithinYear) -> dict[str, Any]:
    """One within-year period of a yearly target (the ``periods`` list of ``assess --format json``)."""
    return {
        "period": str(w.period),
        "label": w.period.label,
        "value": w.value,
        "share_of_plan": _round(w.share),
        "previous": w.previous,
        "change": _round(w.change),
        "sentence": describe(w),
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def trajectory_record(a: Assessment) -> dict[str, Any] | None:
    """The ``trajectory`` object of one assessment; ``None`` with fewer than two years of actuals.

    Rates are signed, in % a year (``method`` ``cagr``) or in the indicator's unit a year
    (``linear``); see :mod:`chitieu.assess.trajectory`.
    """
    t = a.trajectory
    if t is None or len(t.years) < 2:
        return None
    return {
        "status": t.status,
        "actual_rate": _round(t.actual_rate),
        "required_rate": _round(t.required_rate),
        "years": list(t.years),
        "method": t.method,
        "target_year": t.target_year,
        "projected_value": _round(t.projected_value),
    }


def _num(x: float | None) -> str:
    from chitieu.assess.phrasing import fmt

    return "" if x is None else fmt(x)


_STYLE = {
    "vượt": "bold green",
    "đạt": "green",
    "gần đạt": "yellow",
    "không đạt": "red",
    "chưa có số liệu": "dim",
}


def _print_within(results: list[Assessment], within: dict[int, list[WithinYear]]) -> None:
    """The periods within the year of each yearly target, against the year plan and last year."""
    lines = [
        f"- {a.indicator} ({a.unit}): {describe(w)}" for a in results for w in within.get(a.target.id, [])
    ]
    if lines:
        typer.echo("Các kỳ trong năm (so với kế hoạch năm và cùng kỳ năm trước):")
        for line in lines:
            typer.echo(line)


def _trend(a: Assessment) -> str:
    """``cần nỗ lực (2/năm; cần 10,68%/năm)``: the trajectory's class and its rates."""
    t = trajectory_record(a)
    if t is None:
        return ""
    unit = "%/năm" if t["method"] == "cagr" else "/năm"
    rates = [f"{_num(t['actual_rate'])}{unit}"]
    if t["required_rate"] is not None:
        rates.append(f"cần {_num(t['required_rate'])}{unit}")
    return f"{t['status']} ({'; '.join(rates)})"


def _print_table(results: list[Assessment], title: str) -> None:
    from chitieu.assess.phrasing import target_text
    from chitieu.domain import Indicator

    table = Table(title=title, show_lines=False)
    for col in ("Chỉ tiêu", "Đơn vị", "Kỳ", "Chỉ tiêu giao", "Thực hiện", "Đánh giá", "% đạt", "So cùng kỳ",
                "Xu hướng"):  # fmt: skip
        table.add_column(col, overflow="fold")
    for a in results:
        ind = Indicator(a.target.indicator_id, a.indicator, a.unit_of_measure)
        change = "" if a.change is None else _num(a.change) + (" điểm" if a.change_is_points else "%")
        table.add_row(
            a.indicator, a.unit, str(a.period), target_text(a.target, ind),
            _num(a.actual) + (" (ước)" if a.estimate else ""), f"[{_STYLE[a.status]}]{a.status}[/]",
            _num(a.attainment), change, _trend(a),
        )  # fmt: skip
    console = Console(highlight=False)
    console.print(table)
    for a in results:
        for w in a.warnings:
            console.print(f"[yellow]Cảnh báo[/] {a.indicator} ({a.unit}, {a.period}): {w}")


def _import_one(file: Path, unit: str, plan: str | None, user: str | None) -> None:
    from chitieu.store.importer import import_file

    engine = _engine()
    console = Console(stderr=True, highlight=False)
    with Progress(
        TextColumn("Nạp {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(file.name, total=None)
        report = import_file(
            engine, file, unit_name=unit, plan_title=plan, actor=user,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )  # fmt: skip
    if report.already_imported:
        typer.echo(f"{file}: đã nạp trước đây (tài liệu #{report.document_id}); không thay đổi gì.")
        return
    typer.echo(
        f"{file}: {report.facts} dữ kiện; {report.observations} số liệu, {report.targets} chỉ tiêu; "
        f"{report.matched} khớp danh mục, {len(report.proposed)} chỉ tiêu mới đề xuất; "
        f"{len(report.skipped)} bỏ qua."
    )


def lower_priority(nice: int) -> None:
    """Run this process at CPU niceness ``nice`` at least: an import is batch work and gives way
    to the web app (the processes it starts inherit it). Never raises the priority."""
    if nice > 0 and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, 0, max(os.getpriority(os.PRIO_PROCESS, 0), min(nice, 19)))


_OUTCOME = {"imported": "[green]đã nạp[/]", "skipped": "[dim]bỏ qua[/]", "failed": "[red]lỗi[/]"}


def _import_many(
    paths: list[Path], unit: str, plan: str | None, user: str | None, workers: int, failures: Path | None,
    dask: str | None = None,
) -> None:  # fmt: skip
    from chitieu.store.archive import Outcome, import_archive, write_failures
    from chitieu.text.numbers import format_number

    engine = _engine()
    err = Console(stderr=True, highlight=False)
    with Progress(
        TextColumn("Nạp {task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task(f"{len(paths)} tệp", total=len(paths))

        def advance(o: Outcome) -> None:
            bar.update(task, advance=1, description=o.path.name)

        outcomes = import_archive(
            engine, paths, unit_name=unit, plan_title=plan, actor=user, workers=workers, dask=dask,
            on_outcome=advance,
        )  # fmt: skip
    table = Table(title=f"Nạp {len(paths)} tệp — {unit}")
    for col in ("Tệp", "Kết quả", "Dữ kiện", "Số liệu", "Chỉ tiêu", "Ghi chú"):
        table.add_column(
            col, overflow="fold", justify="right" if col in ("Dữ kiện", "Số liệu", "Chỉ tiêu") else "left"
        )
    for o in outcomes:
        nums = (
            [format_number(n) for n in (o.facts, o.observations, o.targets)]
            if o.status == "imported"
            else ["", "", ""]
        )
        table.add_row(str(o.path), _OUTCOME[o.status], *nums, o.message)
    Console(highlight=False).print(table)
    count = {s: sum(o.status == s for o in outcomes) for s in _OUTCOME}
    typer.echo(
        f"{len(outcomes)} tệp: {count['imported']} đã nạp, {count['skipped']} bỏ qua (đã có), {count['failed']} lỗi."
    )
    if failures is not None:
        write_failures(outcomes, failures)
        typer.echo(f"Danh sách tệp lỗi: {failures}.")
    if count["failed"]:
        raise typer.Exit(1)


def comparison_record(c: Comparison) -> dict[str, Any]:
    """The JSON object of a comparison (what ``compare --format json`` prints)."""
    ind = c.indicator
    return {
        "indicator": {"code": ind.code, "name": ind.name, "unit": ind.unit, "direction": ind.direction},
        "year": c.year,
        "ranked": c.ranked,
        "units": [
            {
                "rank": r.rank,
                "unit": r.unit.name,
                "level": r.unit.level,
                "value": r.value,
                "estimate": r.estimate,
                "status": r.status,
                "attainment": None if r.assessment is None else _round(r.assessment.attainment),
                "trajectory": None if r.assessment is None else trajectory_record(r.assessment),
            }
            for r in c.rows
        ],
    }


def _print_comparison(record: dict[str, Any], fmt: AssessFormat) -> None:
    rows = record["units"]
    if fmt is AssessFormat.json:
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    if fmt is AssessFormat.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["rank", "unit", "value", "status", "attainment", "trajectory_status", "actual_rate",
                    "required_rate"])  # fmt: skip
        for r in rows:
            tr = r["trajectory"] or {}
            w.writerow([r["rank"], r["unit"], r["value"], r["status"] or "", r["attainment"], tr.get("status", ""),
                        tr.get("actual_rate", ""), tr.get("required_rate", "")])  # fmt: skip
        return
    ind = record["indicator"]
    table = Table(
        title=f"So sánh “{ind['name']}” năm {record['year']}" + (f" ({ind['unit']})" if ind["unit"] else "")
    )
    for col in ("Hạng", "Đơn vị", "Giá trị", "Đánh giá", "% đạt", "Xu hướng"):
        table.add_column(col, overflow="fold")
    for r in rows:
        tr = r["trajectory"]
        table.add_row(
            "" if r["rank"] is None else str(r["rank"]), r["unit"], _num(r["value"]) + (" (ước)" if r["estimate"] else ""),
            f"[{_STYLE[r['status']]}]{r['status']}[/]" if r["status"] else "", _num(r["attainment"]),
            "" if tr is None else tr["status"],
        )  # fmt: skip
    Console(highlight=False).print(table)
    if not rows:
        typer.echo("Không có đơn vị nào có số liệu hoặc chỉ tiêu này trong năm.")


def register(app: typer.Typer) -> None:
    """Add the store's commands to ``app``."""
    db = typer.Typer(help="Quản lý cơ sở dữ liệu (lược đồ, phiên bản).", no_args_is_help=True)
    app.add_typer(db, name="db")

    @db.command("upgrade")
    def db_upgrade() -> None:
        """Nâng cấp lược đồ cơ sở dữ liệu lên phiên bản mới nhất."""
        from chitieu.store import make_engine, migrate

        engine = make_engine()
        before = migrate.current(engine)
        migrate.upgrade(engine)
        typer.echo(
            f"Cơ sở dữ liệu {engine.url.render_as_string(hide_password=True)}: {before} → {migrate.current(engine)}"
        )

    @app.command("import")
    def import_cmd(
        files: Annotated[
            list[Path],
            typer.Argument(
                help="Tệp báo cáo, thư mục (tìm cả thư mục con) hoặc mẫu tên (*.txt).", show_default=False
            ),
        ],
        unit: Annotated[str, typer.Option("--unit", help="Đơn vị báo cáo, ví dụ “Tỉnh Trà Vinh”.")],
        plan: Annotated[
            str | None, typer.Option("--plan", help="Nghị quyết/kế hoạch giao các chỉ tiêu.")
        ] = None,
        user: Annotated[str | None, typer.Option("--user", help="Người nạp (ghi vào nhật ký).")] = None,
        workers: Annotated[
            int, typer.Option("--workers", min=1, help="Số tiến trình trích xuất song song (nạp nhiều tệp).")
        ] = 1,
        failures: Annotated[
            Path | None, typer.Option("--failures", help="Ghi danh sách tệp lỗi vào tệp CSV này.")
        ] = None,
        nice: Annotated[
            int | None,
            typer.Option(
                "--nice",
                min=0,
                max=19,
                show_default=False,
                help="Mức “nice” CPU của lệnh nạp và các tiến trình trích xuất, để ứng dụng web trên cùng máy "
                "vẫn trả lời nhanh (mặc định CHITIEU_IMPORT_NICE = 10; 0: không hạ ưu tiên).",
            ),
        ] = None,
        dask: Annotated[
            str | None,
            typer.Option(
                "--dask",
                metavar="SCHEDULER",
                help="Trích xuất trên cụm Dask: địa chỉ bộ lập lịch (tcp://may-chu:8786) hoặc “local” "
                "(cụm cục bộ gồm --workers tiến trình). Cần: pip install 'chitieu[dask]'.",
            ),
        ] = None,
    ) -> None:
        """Trích xuất báo cáo và nạp số liệu (bản nháp) cùng các chỉ tiêu vào cơ sở dữ liệu.

        Nhiều tệp hoặc một thư mục: mỗi tệp nạp riêng (tất cả hoặc không), tệp đã nạp (cùng nội dung)
        được bỏ qua, nên chạy lại sau khi bị dừng sẽ tiếp tục phần còn lại.
        """
        lower_priority(get_settings().import_nice if nice is None else nice)
        if len(files) == 1 and files[0].is_file() and failures is None and dask is None:
            _import_one(files[0], unit, plan, user)
            return
        from chitieu.store.archive import collect

        paths = collect(files)
        if not paths:
            raise ConfigError(
                "Không tìm thấy tệp nào để nạp.", "No files to import were found.", hint="Kiểm tra đường dẫn."
            )
        if failures is not None and not failures.resolve().parent.is_dir():
            raise ConfigError(
                f"Thư mục chứa {failures} không tồn tại.", f"The folder of {failures} does not exist."
            )
        _import_many(paths, unit, plan, user, workers, failures, dask)

    @app.command("assess")
    def assess_cmd(
        year: Annotated[int, typer.Option("--year", help="Năm đánh giá.")],
        unit: Annotated[str | None, typer.Option("--unit", help="Chỉ đánh giá đơn vị này.")] = None,
        period: Annotated[
            str | None,
            typer.Option(
                "--period",
                help="Kỳ trong năm: Q1..Q4, H1, H2, M01..M12, 9T, LK01..LK12 (lũy kế; mặc định: cả năm).",
            ),
        ] = None,
        fmt: Annotated[
            AssessFormat, typer.Option("--format", "-f", help="table, csv hoặc json.")
        ] = AssessFormat.table,
    ) -> None:
        """Đánh giá kết quả thực hiện so với chỉ tiêu (vượt, đạt, gần đạt, không đạt)."""
        from chitieu.store import session_scope
        from chitieu.store.periods import periods_of
        from chitieu.store.service import assess_period

        try:
            p = Period.parse(f"{year}-{period}" if period else str(year))
        except ValueError as err:
            raise ConfigError(f"Kỳ không hợp lệ: {period!r}.", f"Invalid period: {period!r}.") from err
        with session_scope(_engine(), write=False) as session:
            results = assess_period(session, p, unit_name=unit)
            within = periods_of(session, [a.target for a in results]) if fmt is not AssessFormat.csv else {}
        records = [assessment_record(a) for a in results]
        if fmt is AssessFormat.json:
            for r, a in zip(records, results, strict=True):
                if a.target.id in within:
                    r["periods"] = [period_record(w) for w in within[a.target.id]]
            typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        elif fmt is AssessFormat.csv:
            w = csv.writer(sys.stdout, lineterminator="\n")
            w.writerow(["indicator", "unit", "period", "op", "value", "low", "high", "basis", "actual", "status",
                        "attainment", "change", "sentence", "trajectory_status", "actual_rate", "required_rate",
                        "trajectory_years"])  # fmt: skip
            for r in records:
                t, tr = r["target"], r["trajectory"] or {}
                w.writerow([r["indicator"], r["unit"], r["period"], t["op"], t["value"], t["low"], t["high"],
                            t["basis"], r["actual"], r["status"], r["attainment"], r["change"], r["sentence"],
                            tr.get("status", ""), tr.get("actual_rate", ""), tr.get("required_rate", ""),
                            " ".join(str(y) for y in tr.get("years", ()))])  # fmt: skip
        else:
            _print_table(results, f"Đánh giá thực hiện chỉ tiêu {p.label}" + (f" — {unit}" if unit else ""))
            if not results:
                typer.echo("Không có chỉ tiêu nào cho kỳ này.")
            _print_within(results, within)

    @app.command("compare")
    def compare_cmd(
        indicator: Annotated[str, typer.Option("--indicator", help="Mã chỉ tiêu (hoặc tên).")],
        year: Annotated[int, typer.Option("--year", help="Năm so sánh.")],
        level: Annotated[
            str | None, typer.Option("--level", help="Chỉ đơn vị cấp này, ví dụ “tỉnh”, “xã”.")
        ] = None,
        fmt: Annotated[
            AssessFormat, typer.Option("--format", "-f", help="table, csv hoặc json.")
        ] = AssessFormat.table,
    ) -> None:
        """So sánh các đơn vị theo một chỉ tiêu trong một năm: xếp hạng, đánh giá, xu hướng."""
        from chitieu.store import session_scope
        from chitieu.store.comparison import compare, find_indicator

        with session_scope(_engine()) as session:
            result = compare(session, find_indicator(session, indicator), year, level=level)
        _print_comparison(comparison_record(result), fmt)

    @app.command("export")
    def export_cmd(
        fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="opensdg, dhis2 hoặc sdmx.")],
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Tệp (dhis2, sdmx) hoặc thư mục (opensdg) để ghi.")
        ] = None,
        approved: Annotated[bool, typer.Option("--approved", help="Chỉ số liệu đã phê duyệt.")] = False,
    ) -> None:
        """Xuất số liệu theo chuẩn Open SDG (CSV), DHIS2 (dataValueSets JSON) hoặc SDMX-CSV."""
        from chitieu.exchange.exports import dhis2, export_rows, opensdg, sdmx_csv
        from chitieu.store import session_scope

        with session_scope(_engine(), write=False) as session:
            rows = export_rows(session, states=["approved"] if approved else None)
        if fmt is ExportFormat.opensdg:
            if out is not None:
                files = opensdg(rows, folder=out)
                typer.echo(f"Đã ghi {len(files)} tệp vào {out}.")
            else:
                opensdg(rows, stream=sys.stdout)
            return
        stream = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
        try:
            if fmt is ExportFormat.dhis2:
                stream.write(json.dumps(dhis2(rows), ensure_ascii=False, indent=2) + "\n")
            else:
                sdmx_csv(rows, stream)
        finally:
            if out:
                stream.close()

    @app.command("template")
    def template_cmd(
        file: Annotated[Path, typer.Argument(help="Tệp mẫu cần tạo (.xlsx hoặc .csv).", show_default=False)],
    ) -> None:
        """Tạo tệp mẫu nhập liệu hàng loạt (chỉ tiêu và kết quả)."""
        from chitieu.exchange.template import write_template

        write_template(file)
        typer.echo(f"Đã tạo mẫu {file}.")

    @app.command("load-template")
    def load_template_cmd(
        file: Annotated[Path, typer.Argument(help="Tệp mẫu đã điền (.xlsx hoặc .csv).", show_default=False)],
        user: Annotated[str | None, typer.Option("--user", help="Người nhập (ghi vào nhật ký).")] = None,
        new: Annotated[
            bool, typer.Option("--new", help="Tạo chỉ tiêu (đề xuất) và đơn vị chưa có thay vì báo lỗi.")
        ] = False,
    ) -> None:
        """Kiểm tra và nạp tệp mẫu: có lỗi ở bất kỳ dòng nào thì không ghi gì."""
        from chitieu.exchange.template import load_template

        report = load_template(_engine(), file, actor=user, allow_new=new)
        typer.echo(f"{file}: đã ghi {report.targets} chỉ tiêu và {report.observations} kết quả.")
