"""Reading input files into a stream of :class:`~chitieu.model.Document` blocks.

Text files are read line by line and cut into blocks of about
``Settings.block_lines`` lines, ending where a paragraph ends, so memory stays
bounded whatever the file's size. Every problem with the file is reported as an
:class:`~chitieu.errors.InputError` naming the file (and line) and what to do.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from chitieu.errors import EncodingProblem, FileNotFound, InputError, InputTooLarge, UnsupportedFormat
from chitieu.model import Document, Line

__all__ = ["MAX_LINE_CHARS", "blocks_from_lines", "check_path", "read_blocks", "read_lines", "sniff"]

MAX_LINE_CHARS = 1_000_000
_SNIFF_BYTES = 64 * 1024
_BINARY_SUFFIXES = {
    ".docx",
    ".doc",
    ".pdf",
    ".xlsx",
    ".xls",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".odt",
}

# Byte values typical of the legacy Vietnamese 8-bit encodings (TCVN3/ABC, VNI, Windows-1258)
# when read as text: they decode as invalid UTF-8 and cluster in the 0x80-0xFF range.
_LEGACY_HINT = (
    "Hãy lưu lại tệp dưới dạng Unicode (UTF-8), ví dụ bằng Unikey (Công cụ chuyển mã) "
    "hoặc chọn 'Lưu thành... Văn bản Unicode (UTF-8)' trong trình soạn thảo."
)


def check_path(path: Path, *, max_bytes: int) -> int:
    """Check that ``path`` is a readable, non-empty file of acceptable size; return its size."""
    name = str(path)
    if not path.exists():
        raise FileNotFound(
            name,
            "không tìm thấy tệp.",
            "file not found.",
            hint="Kiểm tra lại đường dẫn và tên tệp.",
        )
    if path.is_dir():
        raise InputError(
            name,
            "đây là một thư mục, không phải tệp văn bản.",
            "this is a directory, not a file.",
            hint="Hãy chỉ ra từng tệp báo cáo, ví dụ: thu-muc/*.txt",
        )
    if not os.access(path, os.R_OK):
        raise InputError(name, "không có quyền đọc tệp.", "permission denied.")
    size = path.stat().st_size
    if size == 0:
        raise InputError(
            name,
            "tệp rỗng, không có nội dung để xử lý.",
            "the file is empty.",
            hint="Kiểm tra lại tệp đã được lưu đầy đủ chưa.",
        )
    if size > max_bytes:
        raise InputTooLarge(
            name,
            f"tệp quá lớn ({_mb(size)} MB, giới hạn {_mb(max_bytes)} MB).",
            f"file too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.1f} MB).",
            hint="Tách tệp thành các báo cáo nhỏ hơn, hoặc nâng giới hạn bằng biến môi trường "
            "CHITIEU_MAX_INPUT_BYTES.",
        )
    return size


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f}".replace(".", ",")


def sniff(path: Path) -> str:
    """Return the text encoding of ``path`` ("utf-8", "utf-8-sig", "utf-16") or raise a clear error."""
    name = str(path)
    if path.suffix.lower() in _BINARY_SUFFIXES:
        raise UnsupportedFormat(
            name,
            f"chưa hỗ trợ định dạng {path.suffix.lower()}; hiện chỉ đọc được tệp văn bản (.txt).",
            f"the {path.suffix.lower()} format is not supported yet; only plain text (.txt) is.",
            hint="Hãy lưu báo cáo dưới dạng văn bản thuần (.txt, UTF-8).",
        )
    with path.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head or _control_share(head) > 0.05:
        raise UnsupportedFormat(
            name,
            "tệp nhị phân, không phải văn bản.",
            "binary file, not text.",
            hint="Hãy chỉ ra tệp báo cáo dạng văn bản (.txt, UTF-8).",
        )
    try:
        # the sniffed head may end in the middle of a character: decode incrementally
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF_BYTES)
    except UnicodeDecodeError as e:
        line = head[: e.start].count(b"\n") + 1
        kind = _legacy_kind(head)
        kind_en = kind.replace(" hoặc bảng mã 8-bit khác", " or another 8-bit encoding")
        raise EncodingProblem(
            name,
            f"tệp không phải mã Unicode UTF-8 (có vẻ là bảng mã cũ {kind}).",
            f"the file is not UTF-8 (it looks like the legacy {kind_en} encoding).",
            hint=_LEGACY_HINT,
            line=line,
        ) from None
    return "utf-8"


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


def _legacy_kind(data: bytes) -> str:
    """Guess which legacy 8-bit encoding a non-UTF-8 Vietnamese text uses."""
    text = data.decode("latin-1")
    # VNI writes marks as separate letters after the vowel: "Vieät", "Nghò quyeát" (ä, ë, ù, ø...).
    vni_marks = sum(text.count(c) for c in "äëöøùõ")
    # TCVN3 (ABC) uses single bytes like ¸ (á), µ (à), ¶ (ả), ® (đ), ­ ...
    tcvn_marks = sum(text.count(c) for c in "¸µ¶·¹®¬")
    if tcvn_marks > vni_marks and tcvn_marks > 3:
        return "TCVN3 (ABC)"
    if vni_marks > 3:
        return "VNI"
    return "Windows-1258 hoặc bảng mã 8-bit khác"


def read_lines(path: Path, *, max_bytes: int) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` of a text file, streaming, with clear errors."""
    check_path(path, max_bytes=max_bytes)
    encoding = sniff(path)
    if encoding == "utf-16":
        yield from _read_utf16(path)
        return
    name = str(path)
    number = 0
    with path.open("rb") as f:
        if encoding == "utf-8-sig":
            f.read(len(codecs.BOM_UTF8))
        while True:
            raw = f.readline(MAX_LINE_CHARS * 4 + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE_CHARS * 4:
                raise InputError(
                    name,
                    "dòng dài quá 1 triệu ký tự; đây không giống một báo cáo văn bản.",
                    "a line longer than 1 million characters; this does not look like a text report.",
                    line=number,
                )
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise EncodingProblem(
                    name,
                    "dòng này không đúng mã Unicode UTF-8 (tệp trộn lẫn bảng mã cũ).",
                    "this line is not valid UTF-8 (the file mixes in a legacy encoding).",
                    hint=_LEGACY_HINT,
                    line=number,
                ) from None
            yield number, text.rstrip("\r\n")


def _read_utf16(path: Path) -> Iterator[tuple[int, str]]:
    number = 0
    try:
        with path.open("r", encoding="utf-16", newline=None) as f:
            for number, raw in enumerate(f, 1):
                yield number, raw.rstrip("\r\n")
    except UnicodeDecodeError:
        raise EncodingProblem(
            str(path), "tệp UTF-16 bị hỏng.", "damaged UTF-16 file.", line=number + 1
        ) from None


def blocks_from_lines(
    source: str, lines: Iterable[tuple[int, str]], *, block_lines: int
) -> Iterator[Document]:
    """Cut numbered lines into documents of about ``block_lines`` lines.

    A block ends at a blank line or before a bullet once it has ``block_lines``
    lines, so paragraphs are rarely cut; it ends regardless at twice that size.
    """
    buf: list[Line] = []
    for number, text in lines:
        if (len(buf) >= block_lines and (not text.strip() or text.lstrip()[:1] in "-+•*")) or (
            len(buf) >= 2 * block_lines
        ):
            yield Document(source=source, lines=tuple(buf))
            buf = []
        buf.append(Line(number=number, raw=text, text=text))
    if buf:
        yield Document(source=source, lines=tuple(buf))


def read_blocks(path: Path, *, max_bytes: int, block_lines: int) -> Iterator[Document]:
    """The blocks of a text file; raises :class:`~chitieu.errors.InputError` for bad input."""
    yield from blocks_from_lines(str(path), read_lines(path, max_bytes=max_bytes), block_lines=block_lines)
