"""The briefing's commands, registered into a local Typer app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import typer
from typer.testing import CliRunner

from chitieu.errors import ChitieuError
from chitieu.report.cli import register

from .conftest import EXAMPLE


@pytest.fixture
def app(command_app: Callable[..., typer.Typer]) -> typer.Typer:
    from chitieu.store.cli import register as register_store

    app = command_app(register_store, register)
    runner = CliRunner()
    result = runner.invoke(
        app, ["import", str(EXAMPLE), "--unit", "Tỉnh An Lạc", "--plan", "Nghị quyết năm 2024"]
    )
    assert result.exit_code == 0, result.output
    return app


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_report_cli_writes_each_format(app: typer.Typer, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "ra" / f"bao-cao.{fmt}"
    result = CliRunner().invoke(
        app, ["report", "--plan", "Nghị quyết năm 2024", "--year", "2023", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"Đã ghi {out} ({fmt})" in result.output
    assert out.stat().st_size > 5000
    assert not out.with_name(out.name + ".part").exists()


def test_report_cli_sections_appear_in_report(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    text = tmp_path / "han-che.txt"
    text.write_text("Còn 05/26 chỉ tiêu chưa đạt.\nXuất khẩu giảm.", encoding="utf-8")
    saved = runner.invoke(
        app,
        [
            "report-section",
            "--plan",
            "Nghị quyết năm 2024",
            "--year",
            "2023",
            "--key",
            "han_che",
            "--file",
            str(text),
        ],
    )
    assert saved.exit_code == 0, saved.output
    nv = runner.invoke(
        app, ["report-section", "--plan", "Nghị quyết năm 2024", "--year", "2023", "--key", "nhiem_vu"],
        input="Đẩy mạnh chuyển đổi số.\n",
    )  # fmt: skip
    assert nv.exit_code == 0, nv.output
    out = tmp_path / "r.docx"
    result = runner.invoke(
        app,
        ["report", "--plan", "Nghị quyết năm 2024", "--year", "2023", "--format", "docx", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    at = paragraphs.index("III. HẠN CHẾ, YẾU KÉM")
    assert paragraphs[at + 1 : at + 3] == ["Còn 05/26 chỉ tiêu chưa đạt.", "Xuất khẩu giảm."]
    assert paragraphs[paragraphs.index("II. NHIỆM VỤ VÀ GIẢI PHÁP") + 1] == "Đẩy mạnh chuyển đổi số."


def test_report_cli_template_round_trip(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    tpl = tmp_path / "mau.docx"
    assert runner.invoke(app, ["report-template", str(tpl)]).exit_code == 0
    doc = docx.Document(str(tpl))
    section = doc.sections[0]
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    out = tmp_path / "r.docx"
    result = runner.invoke(
        app,
        [
            "report",
            "--plan",
            "Nghị quyết năm 2024",
            "--year",
            "2023",
            "--template",
            str(tpl),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "Không có", "--year", "2023", "--out", "x.docx"], "Không có nghị quyết/kế hoạch nào"),
        (["--plan", "Nghị quyết năm 2024", "--year", "2023", "--out", "x.odt"], "Không biết định dạng"),
        (["--plan", "Nghị quyết năm 2024", "--year", "2023", "--out", "x.docx", "--template", "khong-co.docx"],
         "không tìm thấy tệp mẫu"),
    ],
)  # fmt: skip
def test_report_cli_bad_input_is_clear(
    app: typer.Typer, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.endswith((".docx", ".odt")) else a for a in args]
    result = CliRunner().invoke(app, ["report", *args])
    assert isinstance(result.exception, ChitieuError)
    assert message in str(result.exception)
