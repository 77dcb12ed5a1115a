"""The web commands: ``demo`` loads the demo province and prints the logins; both commands register."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from chitieu.web.cli import register


def test_cli_registers_serve_and_demo() -> None:
    app = typer.Typer()
    register(app)
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert names == {"serve", "demo"}


def test_cli_demo_prints_logins_and_is_repeatable(data_dir: Path, _cheap_hashes: None) -> None:
    app = typer.Typer()
    register(app)
    first = CliRunner().invoke(app, ["demo", "--no-reports"])
    assert first.exit_code == 0, first.output
    assert "Đã tạo dữ liệu mẫu Tỉnh An Lạc" in first.output and "quantri" in first.output
    second = CliRunner().invoke(app, ["demo", "--no-reports"])
    assert second.exit_code == 0 and "Đã có sẵn" in second.output
    assert (data_dir / "chitieu.db").is_file()
