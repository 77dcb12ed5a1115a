"""The ``restore`` and ``train-restorer`` commands, registered into a local app."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from chitieu.errors import EncodingProblem, FileNotFound, InputError
from chitieu.restore.cli import register

DAMAGED = "Uy ban nhan dan tinh da ban hanh ke hoach\nthuc hien nam 2024.\n"
CLEAN = "Ủy ban nhân dân tỉnh đã ban hành kế hoạch\nthực hiện năm 2024.\n"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    local = typer.Typer()
    register(local)
    return local


@pytest.fixture
def damaged_file(tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    return path


def test_cli_restore_prints_restored_text(app: typer.Typer, damaged_file: Path) -> None:
    result = CliRunner().invoke(app, ["restore", str(damaged_file)])
    assert result.exit_code == 0, result.output
    assert result.output == CLEAN


def test_cli_restore_writes_out_file(app: typer.Typer, damaged_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "sach.txt"
    result = CliRunner().invoke(app, ["restore", str(damaged_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == CLEAN
    assert result.output == ""


def test_cli_restore_diff_shows_changed_lines(app: typer.Typer, damaged_file: Path) -> None:
    result = CliRunner().invoke(app, ["restore", str(damaged_file), "--diff"])
    assert result.exit_code == 0, result.output
    assert "-Uy ban nhan dan tinh da ban hanh ke hoach" in result.output
    assert "+Ủy ban nhân dân tỉnh đã ban hành kế hoạch" in result.output


def test_cli_restore_explain_keeps_lines(app: typer.Typer, damaged_file: Path) -> None:
    result = CliRunner().invoke(app, ["restore", str(damaged_file), "--explain"])
    assert result.exit_code == 0, result.output
    assert len(result.output.split("\n")) == len(CLEAN.split("\n"))


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, FileNotFound),
        ("dir", InputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", EncodingProblem),
        ("Kế hoạch".encode("cp1258", errors="replace") + b"\xff\xfe", EncodingProblem),
    ],
)
def test_cli_restore_rejects_bad_input(
    app: typer.Typer, tmp_path: Path, content: bytes | str | None, error: type[Exception]
) -> None:
    path = tmp_path / "input.txt"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = CliRunner().invoke(app, ["restore", str(path)])
    assert result.exit_code != 0
    assert isinstance(result.exception, error)
    assert str(path) in str(result.exception)


def test_cli_train_restorer_rejects_missing_corpus(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train-restorer", "--corpus", str(tmp_path / "none")])
    assert isinstance(result.exception, FileNotFound)
