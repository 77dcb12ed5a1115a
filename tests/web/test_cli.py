"""The web commands: ``demo`` loads the demo province and prints the logins; both commands register."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
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


@pytest.mark.parametrize(("given", "expected"), [([], None), (["--workers", "3"], 3)])
def test_cli_serve_workers_default_to_the_cores(
    monkeypatch: pytest.MonkeyPatch, given: list[str], expected: int | None
) -> None:
    import uvicorn

    from chitieu.web.cli import cores

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["serve", "--port", "8123", *given])
    assert result.exit_code == 0, result.output
    workers = expected or cores()
    assert seen["workers"] == workers and seen["port"] == 8123
    assert f"{workers} tiến trình" in result.output


@pytest.mark.parametrize("allowed", [{0}, None])
def test_cli_cores_follows_the_affinity(allowed: set[int] | None) -> None:
    allowed = allowed or os.sched_getaffinity(0)
    code = (
        f"import os; os.sched_setaffinity(0, {sorted(allowed)!r}); "
        "from chitieu.web.cli import cores; print(cores())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) == len(allowed)
