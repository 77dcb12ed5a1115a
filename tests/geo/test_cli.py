"""``chitieu units seed`` and ``chitieu units show``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import typer
from typer.testing import CliRunner

from chitieu.geo.cli import register


@pytest.fixture
def app(command_app: Callable[..., typer.Typer]) -> typer.Typer:
    return command_app(register)


def test_cli_units_seed_then_show(app: typer.Typer) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["units", "seed"])
    assert first.exit_code == 0, first.output
    assert "87 đơn vị (87 thêm mới, 0 cập nhật, 0 không đổi)" in first.output
    again = runner.invoke(app, ["units", "seed", "--version", "2025"])
    assert "0 thêm mới, 0 cập nhật, 87 không đổi" in again.output
    shown = runner.invoke(app, ["units", "show", "Hà Giang"])
    assert shown.exit_code == 0, shown.output
    assert (
        "Tỉnh Hà Giang (mã 02-2024" in shown.output and "nay thuộc: Tỉnh Tuyên Quang (mã 08)" in shown.output
    )
    new = runner.invoke(app, ["units", "show", "79"])
    assert "hợp thành từ: Tỉnh Bình Dương (74-2024)" in new.output


def test_cli_units_show_unknown(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["units", "show", "Tỉnh Không Có"])
    assert result.exit_code != 0
    assert "chitieu units seed" in str(result.exception)
