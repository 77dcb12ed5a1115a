"""Commands of the web app: ``chitieu serve`` and ``chitieu demo``."""

from __future__ import annotations

import os
from typing import Annotated

import typer

__all__ = ["cores", "register"]


def cores() -> int:
    """The CPU cores this process may run on (its affinity, as a container or ``taskset`` limits it)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # no affinity on this system
        return os.cpu_count() or 1


def _demo(reports: bool) -> None:
    from chitieu.store import database_url, open_store
    from chitieu.web.demo import DEMO_USERS, PROVINCE, PROVINCES, PUBLISHED, load_demo

    engine = open_store()
    report = load_demo(engine, reports=reports)
    state = "Đã tạo" if report.created else "Đã có sẵn (cập nhật nếu thiếu)"
    typer.echo(f"{state} dữ liệu mẫu Tỉnh An Lạc: {report.units} đơn vị, {report.indicators} chỉ tiêu.")
    typer.echo(f"  cùng số liệu mẫu (không có thật) của {', '.join(PROVINCES)} (xem Bản đồ /ban-do).")
    typer.echo(f"  công khai (không cần đăng nhập, /cong-khai): kế hoạch của {PROVINCE} và {PUBLISHED}.")
    for line in report.imported:
        typer.echo(f"  nạp báo cáo: {line}")
    typer.echo(f"Cơ sở dữ liệu: {database_url()}")
    typer.echo("Tài khoản mẫu (tên đăng nhập / mật khẩu / vai trò):")
    for username, (role, password, _name, units) in DEMO_USERS.items():
        where = f", đơn vị: {', '.join(units)}" if units else ""
        typer.echo(f"  {username:15} {password:16} {role}{where}")
    engine.dispose()


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``demo`` to the main application."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Cổng.")] = 8000,
        workers: Annotated[
            int | None,
            typer.Option(
                min=1, help="Số tiến trình phục vụ (mặc định: số nhân CPU được dùng).", show_default=False
            ),
        ] = None,
    ) -> None:
        """Chạy ứng dụng web (giao diện tiếng Việt và API /api/v1)."""
        import uvicorn

        workers = workers or cores()

        typer.echo(
            f"chitieu đang chạy tại http://{host}:{port}/ (API: http://{host}:{port}/api/v1/docs), "
            f"{workers} tiến trình"
        )
        uvicorn.run("chitieu.web:make_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", access_log=False)  # fmt: skip

    @app.command()
    def demo(
        reports: Annotated[
            bool, typer.Option(help="Nạp cả báo cáo mẫu (examples/, ../shared/seed/).")
        ] = True,
    ) -> None:
        """Nạp dữ liệu mẫu (tỉnh An Lạc hư cấu, tài khoản mẫu); chạy lại không thay đổi gì."""
        _demo(reports)
