"""The ``catalogue`` commands: list the catalogue, load a province's entries, link a name.

:func:`register` adds them to the main ``chitieu`` application.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chitieu.errors import FileNotFound, InputError

__all__ = ["register"]


def _read(path: Path) -> str:
    if not path.is_file():
        raise FileNotFound(str(path), "không tìm thấy tệp.", "file not found.")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(str(path), "tệp CSV phải ở dạng UTF-8.", "the CSV file must be UTF-8.") from err


def register(app: typer.Typer) -> None:
    """Add the catalogue's commands to ``app``."""
    cat = typer.Typer(
        help="Danh mục chỉ tiêu: xem, nạp chỉ tiêu riêng của địa phương, dò mã.", no_args_is_help=True
    )
    app.add_typer(cat, name="catalogue")

    @cat.command("list")
    def list_cmd(
        domain: Annotated[
            str | None, typer.Option("--domain", help="Chỉ một lĩnh vực, ví dụ “xã hội”.")
        ] = None,
        as_csv: Annotated[bool, typer.Option("--csv", help="In dạng CSV (cột như tệp nạp).")] = False,
    ) -> None:
        """Danh mục chỉ tiêu chuẩn và chỉ tiêu riêng đã nạp vào cơ sở dữ liệu."""
        from chitieu.store import open_store, session_scope
        from chitieu.store.catalogue import catalogue_entries

        with session_scope(open_store()) as session:
            entries = [e for e in catalogue_entries(session) if domain is None or e.domain == domain]
        if as_csv:
            w = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
            w.writerow(("code", "name", "domain", "units", "direction", "aggregation", "aliases"))
            for e in entries:
                w.writerow(
                    (
                        e.code,
                        e.name,
                        e.domain,
                        "|".join(e.units),
                        e.direction,
                        e.aggregation,
                        "|".join(e.aliases),
                    )
                )
            return
        table = Table(title=f"Danh mục chỉ tiêu ({len(entries)})", header_style="bold")
        for col in ("Mã", "Chỉ tiêu", "Lĩnh vực", "Đơn vị", "Chiều", "Cộng dồn"):
            table.add_column(col, overflow="fold")
        for e in entries:
            better = {"up": "cao hơn tốt", "down": "thấp hơn tốt", "range": "trong khoảng"}[e.direction]
            table.add_row(e.code, e.name, e.domain, ", ".join(e.units), better, e.aggregation)
        Console(highlight=False).print(table)

    @cat.command("load")
    def load_cmd(
        file: Annotated[Path, typer.Argument(help="Tệp CSV các chỉ tiêu riêng.", show_default=False)],
    ) -> None:
        """Nạp chỉ tiêu riêng của địa phương từ CSV (cột code;name;domain;units;direction;aggregation;aliases).

        Mỗi dòng được kiểm tra; một dòng lỗi thì không nạp dòng nào.
        """
        from chitieu.store import open_store, session_scope
        from chitieu.store.catalogue import load_csv

        text = _read(file)
        with session_scope(open_store()) as session:
            added = load_csv(session, text, path=file.name)
        typer.echo(f"Đã nạp {len(added)} chỉ tiêu từ {file.name}: " + ", ".join(i.code or "" for i in added))

    @cat.command("link")
    def link_cmd(
        name: Annotated[str, typer.Argument(help="Tên chỉ tiêu như trong báo cáo.", show_default=False)],
        unit: Annotated[str, typer.Option("--unit", help="Đơn vị tính của số liệu.")] = "",
    ) -> None:
        """Dò mã danh mục của một tên chỉ tiêu (kèm độ tin cậy và các phương án khác)."""
        from chitieu.catalogue.entries import standard_catalogue
        from chitieu.catalogue.link import default_linker
        from chitieu.text.numbers import format_number

        found = default_linker().link(name, unit)
        names = {e.code: e.name for e in standard_catalogue()}
        head = f"{found.code} {names[found.code]}" if found.code else "không khớp chỉ tiêu nào"
        typer.echo(f"{head} (độ tin cậy {format_number(found.confidence, 2)})")
        for code, score in found.alternatives:
            typer.echo(f"  {code} {names.get(code, '')}: {format_number(score, 2)}")
