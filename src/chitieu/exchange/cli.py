"""The ``import-data`` command: DHIS2, Open SDG or SDMX-CSV files into the store (a shell over
:func:`chitieu.exchange.imports.import_file`).

Errors are :mod:`chitieu.errors`'s, mapped to a message and an exit code by the main
application: a file with invalid lines exits 2 (like ``load-template``) after listing
every line; nothing is written then.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]


class ImportFormat(StrEnum):
    dhis2 = "dhis2"
    opensdg = "opensdg"
    sdmx = "sdmx"


def register(app: typer.Typer) -> None:
    """Add ``import-data`` to ``app``."""

    @app.command("import-data")
    def import_data_cmd(
        files: Annotated[
            list[Path], typer.Argument(help="Tệp dữ liệu (.json của DHIS2, .csv của Open SDG hoặc SDMX).")
        ],
        fmt: Annotated[ImportFormat, typer.Option("--format", "-f", help="dhis2, opensdg hoặc sdmx.")],
        indicator: Annotated[
            str | None,
            typer.Option(
                "--indicator", help="Mã chỉ tiêu khi tệp không ghi (Open SDG: mặc định lấy từ tên tệp)."
            ),
        ] = None,
        mapping: Annotated[
            Path | None,
            typer.Option(
                "--mapping", help="Tệp CSV đối chiếu mã (cột type,from,to; type: indicator hoặc unit)."
            ),
        ] = None,
        unit: Annotated[
            str | None, typer.Option("--unit", help="Đơn vị cho các dòng không ghi đơn vị (mã hoặc tên).")
        ] = None,
        user: Annotated[str | None, typer.Option("--user", help="Người nhập (ghi vào nhật ký).")] = None,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ kiểm tra, không ghi gì.")] = False,
    ) -> None:
        """Nhập số liệu từ DHIS2 (dataValueSets JSON), Open SDG (CSV) hoặc SDMX-CSV.

        Mọi dòng được kiểm tra trước; có lỗi ở bất kỳ dòng nào thì không ghi gì và liệt kê từng lỗi.
        Nhiều tệp: mỗi tệp một giao dịch riêng (tất cả hoặc không).
        """
        from chitieu.exchange.imports import import_file
        from chitieu.store import open_store

        engine = open_store()
        for file in files:
            report = import_file(engine, file, fmt.value, indicator=indicator, mapping=mapping, unit=unit,
                                 actor=user, dry_run=dry_run)  # fmt: skip
            typer.echo(report.text())
