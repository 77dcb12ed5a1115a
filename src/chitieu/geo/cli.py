"""Commands ``chitieu units seed`` and ``chitieu units show``: the national list of provinces."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer

__all__ = ["register"]


class HierarchyVersion(StrEnum):
    v2024 = "2024"
    v2025 = "2025"


def _date(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%d/%m/%Y")


def register(app: typer.Typer) -> None:
    """Add the ``units`` commands to ``app``."""
    units = typer.Typer(help="Danh mục đơn vị hành chính (tỉnh, thành phố).", no_args_is_help=True)
    app.add_typer(units, name="units")

    @units.command("seed")
    def seed(
        version: Annotated[
            HierarchyVersion,
            typer.Option(
                "--version", help="2024: 63 tỉnh, thành phố trước sắp xếp; 2025: cả 34 sau sắp xếp."
            ),
        ] = HierarchyVersion.v2025,
    ) -> None:
        """Nạp danh mục tỉnh, thành phố vào cơ sở dữ liệu (chạy lại không tạo trùng)."""
        from chitieu.store import open_store, session_scope
        from chitieu.store.national import seed_units

        with session_scope(open_store(), actor="cli:units seed") as session:
            r = seed_units(session, version.value)
        typer.echo(
            f"Danh mục {r.version}: {r.total} đơn vị ({r.created} thêm mới, {r.updated} cập nhật, "
            f"{r.unchanged} không đổi)."
        )

    @units.command("show")
    def show(
        name: Annotated[str, typer.Argument(help="Tên hoặc mã đơn vị, ví dụ “Tỉnh Hà Giang” hoặc 02-2024.")],
    ) -> None:
        """Cho biết đơn vị thuộc về đơn vị nào hiện nay, hoặc được hợp thành từ những đơn vị nào."""
        from chitieu.errors import ValidationError
        from chitieu.store import open_store, repo, session_scope
        from chitieu.store.national import current_unit, predecessors

        with session_scope(open_store()) as session:
            unit = next(
                (u for n in (name, f"Tỉnh {name}", f"Thành phố {name}") if (u := repo.find_unit(session, n))),
                None,
            )
            if unit is None:
                raise ValidationError(
                    f"Không có đơn vị nào tên hoặc mã “{name}”; chạy “chitieu units seed” để nạp danh mục.",
                    f"No unit named or coded “{name}”; run “chitieu units seed” to load the list.",
                )
            now = current_unit(session, unit)
            parts = predecessors(session, unit)
        span = f"{_date(unit.valid_from) or '…'} – {_date(unit.valid_to) or 'nay'}"
        typer.echo(f"{unit.name} (mã {unit.code or '—'}, {unit.level}, {span})")
        if now.id != unit.id:
            typer.echo(f"  nay thuộc: {now.name} (mã {now.code or '—'})")
        if parts:
            typer.echo("  hợp thành từ: " + ", ".join(f"{p.name} ({p.code or '—'})" for p in parts))
