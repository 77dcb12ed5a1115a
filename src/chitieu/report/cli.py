"""Commands of the briefing: ``report``, ``report-template`` and ``report-section``.

:func:`register` adds them to the main ``chitieu`` application::

    chitieu report --plan "Nghị quyết năm 2024" --year 2023 --format docx --out bao-cao.docx
    chitieu report-template mau-bao-cao.docx          # the default Word template, to adapt
    chitieu report-section --plan "..." --year 2023 --key han_che --file han-che.txt
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]


class ReportFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    html = "html"


class SectionKey(StrEnum):
    han_che = "han_che"
    nguyen_nhan = "nguyen_nhan"
    nhiem_vu = "nhiem_vu"


def register(app: typer.Typer) -> None:
    """Add the briefing's commands to ``app``."""

    @app.command("report")
    def report_cmd(
        plan: Annotated[str, typer.Option("--plan", help="Nghị quyết/kế hoạch giao các chỉ tiêu.")],
        year: Annotated[int, typer.Option("--year", help="Năm kết quả thực hiện, ví dụ 2019.")],
        out: Annotated[Path, typer.Option("--out", help="Tệp báo cáo sẽ ghi.")],
        unit: Annotated[
            str | None, typer.Option("--unit", help="Đơn vị báo cáo (mặc định: đơn vị của kế hoạch).")
        ] = None,
        fmt: Annotated[ReportFormat | None, typer.Option("--format", help="docx, pdf hoặc html.")] = None,
        template: Annotated[
            Path | None,
            typer.Option(
                "--template", help="Mẫu riêng: .docx (docxtpl) cho docx, HTML (Jinja2) cho html/pdf."
            ),
        ] = None,
        issuer: Annotated[
            str | None, typer.Option("--issuer", help="Cơ quan ban hành (góc trên bên trái).")
        ] = None,
    ) -> None:
        """Viết báo cáo kết quả thực hiện năm và các chỉ tiêu năm sau (Word, PDF hoặc HTML)."""
        from chitieu.errors import ConfigError
        from chitieu.report import build_report, render
        from chitieu.store import open_store

        chosen = fmt.value if fmt is not None else out.suffix.lower().lstrip(".")
        if chosen not in ("docx", "pdf", "html"):
            raise ConfigError(
                f"Không biết định dạng của {out}; hãy chọn --format docx, pdf hoặc html.",
                f"Cannot tell the format of {out}; choose --format docx, pdf or html.",
            )
        report = build_report(open_store(), plan=plan, year=year, unit=unit, issuer=issuer)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        try:
            render(report, chosen, tmp, template)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
        rows = len(report.targets)
        typer.echo(
            f"Đã ghi {out} ({chosen}): {len(report.sentences())} câu kết quả, {rows} chỉ tiêu năm {year}, "
            f"{len(report.next_targets)} chỉ tiêu năm {year + 1}, {len(report.charts)} biểu đồ."
        )
        for note in report.notes:
            typer.echo(f"Lưu ý: {note}", err=True)

    @app.command("report-template")
    def report_template_cmd(
        out: Annotated[Path, typer.Argument(help="Tệp .docx sẽ ghi mẫu mặc định vào.", show_default=False)],
    ) -> None:
        """Ghi mẫu báo cáo Word mặc định (thể thức Nghị định 30/2020/NĐ-CP) để đơn vị chỉnh sửa."""
        from chitieu.report.context import FIELDS
        from chitieu.report.word import default_template

        out.write_bytes(default_template())
        typer.echo(f"Đã ghi mẫu {out}. Các trường dùng được: {', '.join(FIELDS)}.")

    @app.command("report-section")
    def report_section_cmd(
        plan: Annotated[str, typer.Option("--plan", help="Nghị quyết/kế hoạch.")],
        year: Annotated[int, typer.Option("--year", help="Năm kết quả thực hiện của báo cáo.")],
        key: Annotated[SectionKey, typer.Option("--key", help="han_che, nguyen_nhan hoặc nhiem_vu.")],
        file: Annotated[
            Path | None, typer.Option("--file", help="Tệp văn bản UTF-8 (mặc định: đọc từ đầu vào chuẩn).")
        ] = None,
        unit: Annotated[str | None, typer.Option("--unit", help="Chỉ cho đơn vị này.")] = None,
        user: Annotated[str | None, typer.Option("--user", help="Người viết (ghi vào nhật ký).")] = None,
    ) -> None:
        """Ghi nội dung một mục tự viết của báo cáo (hạn chế, nguyên nhân, nhiệm vụ và giải pháp)."""
        from chitieu.errors import EncodingProblem, FileNotFound, ValidationError
        from chitieu.store import open_store, repo, sections
        from chitieu.store.engine import session_scope

        if file is not None and not file.is_file():
            raise FileNotFound(str(file), "không tìm thấy tệp.", "file not found.")
        try:
            text = file.read_text(encoding="utf-8") if file is not None else sys.stdin.read()
        except UnicodeDecodeError as err:
            raise EncodingProblem(str(file), "tệp không phải văn bản UTF-8.", "not UTF-8 text.") from err
        with session_scope(open_store(), actor=user) as session:
            found = repo.find_plan(session, plan)
            if found is None:
                raise ValidationError(
                    f"Không có nghị quyết/kế hoạch nào tên “{plan}”.", f"No plan called “{plan}”."
                )
            unit_id = None
            if unit is not None:
                u = repo.find_unit(session, unit)
                if u is None:
                    raise ValidationError(f"Không có đơn vị nào tên “{unit}”.", f"No unit called “{unit}”.")
                unit_id = u.id
            saved = sections.put_section(
                session, plan_id=found.id, year=year, key=key.value, text=text, unit_id=unit_id,
                updated_by=user or "",
            )  # fmt: skip
        typer.echo(f"Đã ghi mục “{saved.title}” năm {year} ({len(saved.text)} ký tự).")
