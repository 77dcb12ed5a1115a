"""Commands ``chitieu restore`` and ``chitieu train-restorer``."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Annotated

import typer

from chitieu.errors import EncodingProblem, FileNotFound, InputError
from chitieu.restore.restorer import MODEL_FILE, Restorer, WordInfo

__all__ = ["read_text_file", "register"]

LOW_CONFIDENCE = 0.6


def read_text_file(path: Path) -> str:
    """The UTF-8 text of ``path``; errors from :mod:`chitieu.errors` with clear messages."""
    name = str(path)
    if not path.exists():
        raise FileNotFound(name, "không tìm thấy tệp.", "file not found.", hint="Kiểm tra lại đường dẫn.")
    if path.is_dir():
        raise InputError(
            name, "đây là một thư mục, không phải tệp văn bản.", "this is a directory, not a text file."
        )
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(
            name, f"không đọc được tệp ({err.strerror}).", f"cannot read the file ({err.strerror})."
        ) from None
    if b"\x00" in raw[:8192]:
        raise EncodingProblem(
            name,
            "tệp có vẻ là tệp nhị phân, không phải văn bản.",
            "the file looks binary, not text.",
            hint="Hãy chuyển tệp sang văn bản UTF-8 trước.",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise EncodingProblem(
            name,
            f"tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {err.start}).",
            f"the file is not UTF-8 text (bad byte at offset {err.start}).",
            hint="Hãy lưu lại tệp với bảng mã UTF-8.",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _explained(line: str, infos: list[WordInfo]) -> str:
    parts: list[str] = []
    pos = 0
    for info in infos:
        if info.confidence >= LOW_CONFIDENCE:
            continue
        parts.append(line[pos : info.start])
        parts.append(f"[{info.output}?{round(info.confidence * 100)}%]")
        pos = info.end
    parts.append(line[pos:])
    return "".join(parts)


def restore_command(
    file: Annotated[Path, typer.Argument(help="Tệp văn bản cần phục hồi (UTF-8).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Ghi kết quả vào tệp này.")] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Chỉ hiện các dòng đã thay đổi.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Đánh dấu các từ phục hồi với độ tin cậy thấp, dạng «[từ?45%]».")
    ] = False,
) -> None:
    """Phục hồi dấu tiếng Việt và sửa lỗi OCR, giữ nguyên từng dòng."""
    text = read_text_file(file)
    lines = text.split("\n")
    restorer = Restorer.shared()
    if explain:
        pairs = restorer.explain_lines(lines)
        restored = [line for line, _ in pairs]
        shown = [_explained(line, infos) for line, infos in pairs]
    else:
        restored = restorer.restore_lines(lines)
        shown = restored
    if out is not None:
        try:
            out.write_text("\n".join(restored), encoding="utf-8")
        except OSError as err:
            raise InputError(
                str(out), f"không ghi được tệp ({err.strerror}).", f"cannot write ({err.strerror})."
            ) from None
    if diff:
        for row in difflib.unified_diff(lines, shown, str(file), "phục hồi", lineterm="", n=0):
            sys.stdout.write(row + "\n")
    elif out is None or explain:
        sys.stdout.write("\n".join(shown))
        if shown and shown[-1]:
            sys.stdout.write("\n")


def train_command(
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Thư mục kho ngữ liệu (chứa vlc-legal/, vi-syllables/).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Nơi ghi mô hình.")] = None,
) -> None:
    """Huấn luyện lại mô hình phục hồi văn bản từ kho ngữ liệu."""
    from chitieu.restore.train import DEFAULT_CORPUS, train

    root = corpus or DEFAULT_CORPUS
    if not root.is_dir():
        raise FileNotFound(str(root), "không tìm thấy thư mục kho ngữ liệu.", "corpus folder not found.")
    target = out or MODEL_FILE
    model = train(root, target)
    typer.echo(
        f"Đã ghi mô hình {target}: {len(model.vocab)} từ, {len(model.bigrams)} cặp, {len(model.trigrams)} bộ ba."
    )


def register(app: typer.Typer) -> None:
    """Add ``restore`` and ``train-restorer`` to ``app``."""
    app.command("restore")(restore_command)
    app.command("train-restorer")(train_command)
