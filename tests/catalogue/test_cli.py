"""``chitieu catalogue``: load a province's entries all or nothing, list them, link a name."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chitieu.cli import app

HEADER = "code;name;domain;units;direction;aggregation;aliases\n"


@pytest.fixture
def entries(tmp_path: Path) -> Path:
    p = tmp_path / "tinh.csv"
    p.write_text(HEADER + "TV-001;Số hộ trồng dừa sáp;kinh tế;hộ;up;sum;hộ trồng dừa\n"
                 "TV-002;Diện tích dừa;kinh tế;ha;up;sum;\n", encoding="utf-8")  # fmt: skip
    return p


def test_catalogue_load_then_list(data_dir: Path, entries: Path) -> None:
    runner = CliRunner()
    loaded = runner.invoke(app, ["catalogue", "load", str(entries)])
    assert loaded.exit_code == 0, loaded.output
    assert "Đã nạp 2 chỉ tiêu" in loaded.output
    listed = runner.invoke(app, ["catalogue", "list", "--csv", "--domain", "kinh tế"])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0] == HEADER.strip() and "TV-002;Diện tích dừa;kinh tế;ha;up;sum;" in lines
    assert any(line.startswith("CT-KT-001;") for line in lines)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("TV-003;Số cây;kinh tế;cây xanh;up;sum;", "dòng 3 (TV-003): đơn vị tính không hợp lệ"),
        ("TV-001;Số hộ nuôi tôm;kinh tế;hộ;up;sum;", "dòng 3 (TV-001): mã TV-001 trùng"),
    ],
)
def test_catalogue_load_is_all_or_nothing(data_dir: Path, tmp_path: Path, bad: str, message: str) -> None:
    p = tmp_path / "loi.csv"
    p.write_text(HEADER + "TV-001;Số hộ trồng dừa sáp;kinh tế;hộ;up;sum;\n" + bad + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["catalogue", "load", str(p)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    listed = runner.invoke(app, ["catalogue", "list", "--csv"])
    assert "TV-001" not in listed.output


def test_catalogue_load_missing_file_in_english(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chitieu.cli

    monkeypatch.setattr(chitieu.cli, "_lang", [])  # --lang en stays with this test
    result = CliRunner().invoke(app, ["--lang", "en", "catalogue", "load", str(tmp_path / "none.csv")])
    assert result.exit_code == 2 and "file not found" in result.output


def test_catalogue_link_prints_the_code_and_alternatives(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["catalogue", "link", "Ty le che phu rung", "--unit", "%"])
    assert result.exit_code == 0
    assert result.output.startswith("CT-MT-001 Tỷ lệ che phủ rừng (độ tin cậy 1,00)")
