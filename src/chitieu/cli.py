"""The ``chitieu`` command line: a thin shell over the library.

Errors from :mod:`chitieu.errors` are mapped here, once, to a message on
standard error (Vietnamese, or English with ``--lang en``) and an exit code;
bad input never ends in a traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from chitieu import __version__
from chitieu.atomic import atomic_text
from chitieu.errors import ChitieuError, InputError
from chitieu.settings import get_settings

__all__ = ["app", "main"]

_lang: list[str] = []


def _language() -> str:
    return _lang[-1] if _lang else get_settings().language


def error_text(err: ChitieuError) -> str:
    """The user-facing text of an error in the current language."""
    if _language() == "en":
        return err.message_en
    return str(err)


class _Group(TyperGroup):
    """Maps the exception tree to messages and exit codes for every command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ChitieuError as err:
            label = "Error" if _language() == "en" else "Lỗi"
            Console(stderr=True, highlight=False, soft_wrap=True).print(
                f"[bold red]{label}:[/] {escape(error_text(err))}"  # names may hold [brackets]
            )
            ctx.exit(err.exit_code)
        except BrokenPipeError:
            # output piped into `head` and friends: stop quietly
            with contextlib.suppress(Exception):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            ctx.exit(0)
        except KeyboardInterrupt:
            ctx.exit(130)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # a bad option or value ("--format foo"): click names it, exit code 2
        except Exception as err:
            if os.environ.get("CHITIEU_DEBUG"):
                raise
            # a bug of ours, not the user's input: say so briefly, without a traceback
            Console(stderr=True, highlight=False, soft_wrap=True).print(
                f"[bold red]Lỗi nội bộ của chitieu:[/] {type(err).__name__}: {err}. "
                "Đặt CHITIEU_DEBUG=1 để xem chi tiết và báo lỗi cho nhóm phát triển."
            )
            ctx.exit(70)


app = typer.Typer(
    cls=_Group,
    help="chitieu: chỉ tiêu và kết quả thực hiện các kế hoạch, nghị quyết, dưới dạng dữ liệu.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Lang(StrEnum):
    vi = "vi"
    en = "en"


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="Ngôn ngữ thông báo: vi (mặc định) hoặc en.")
    ] = None,
    version: Annotated[bool, typer.Option("--version", help="In phiên bản rồi thoát.")] = False,
) -> None:
    if lang is not None:
        _lang.append(lang.value)
    if version:
        typer.echo(f"chitieu {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class RestoreMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a file written whole or not at all (temporary file, then rename)."""
    if path is None:
        yield sys.stdout
        return
    target = path.resolve()
    if target.is_dir():
        raise InputError(str(path), "đây là thư mục; hãy chỉ ra tên tệp kết quả.", "this is a directory.")
    if not target.parent.exists():
        raise InputError(
            str(path), "thư mục chứa tệp kết quả không tồn tại.", "the output folder does not exist."
        )
    with atomic_text(target) as f:
        yield f


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Các tệp báo cáo (.txt, UTF-8).", show_default=False)],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="jsonl (theo đặc tả), csv, hoặc table (bảng để đọc).")
    ] = Format.jsonl,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Ghi kết quả vào tệp thay vì màn hình.")
    ] = None,
    restore: Annotated[
        RestoreMode,
        typer.Option(help="Phục hồi dấu tiếng Việt: auto (khi văn bản hỏng/không dấu), always, never."),
    ] = RestoreMode.auto,
) -> None:
    """Trích xuất mọi số liệu của báo cáo thành dữ kiện (facts)."""
    from chitieu.ingest import iter_facts
    from chitieu.output import write_csv, write_jsonl, write_table

    if fmt is Format.table:
        facts = [f for path in files for f in iter_facts(path, restore=restore.value)]
        with _output(out) as stream:
            console = Console(file=stream, width=None if out is None else 160, soft_wrap=False)
            title = ", ".join(str(p) for p in files)
            n = write_table(facts, console, title=f"Số liệu trích từ {title}")
            console.print(f"{n} dữ kiện.")
        return
    with _output(out) as stream:
        gen = (f for path in files for f in iter_facts(path, restore=restore.value))
        if fmt is Format.csv:
            write_csv(gen, stream)
        else:
            write_jsonl(gen, stream)


# Commands contributed by the other parts of the library, each with a register(app) function.
_PLUGINS = (
    "chitieu.restore.cli",
    "chitieu.store.cli",
    "chitieu.exchange.cli",
    "chitieu.catalogue.cli",
    "chitieu.report.cli",
    "chitieu.web.cli",
    "chitieu.geo.cli",
)


def _register_plugins() -> None:
    for name in _PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name and name.startswith(err.name):
                continue  # that part of the library is not installed
            raise
        module.register(app)


_register_plugins()


def main() -> None:
    """Console entry point."""
    app()
