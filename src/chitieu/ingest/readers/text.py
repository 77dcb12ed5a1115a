"""Plain text files: Unicode (UTF-8, UTF-16, with or without BOM) and the legacy 8-bit encodings.

Unicode files go to :func:`chitieu.ingest.read.read_blocks`. A file that is not
UTF-8 is sniffed for TCVN3 (ABC), VNI and Windows-1258 (:func:`detect_legacy`)
and converted line by line to Unicode NFC; line numbers stay the file's lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from chitieu.errors import EncodingProblem, InputError
from chitieu.ingest.read import MAX_LINE_CHARS, blocks_from_lines, check_path, read_blocks, sniff
from chitieu.ingest.readers.legacy import CODEC_NAMES, decode_bytes, detect_legacy
from chitieu.model import Document

__all__ = ["SNIFF_BYTES", "read_legacy_lines", "read_text", "text_encoding"]

SNIFF_BYTES = 256 * 1024


def text_encoding(path: Path) -> str:
    """The encoding of a text file: "utf-8", "utf-8-sig", "utf-16", "tcvn3", "vni" or "cp1258".

    Raises :class:`~chitieu.errors.EncodingProblem` when the file is neither
    Unicode nor recognisably Vietnamese in a legacy encoding.
    """
    try:
        return sniff(path)
    except EncodingProblem:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
        codec = detect_legacy(head)
        if codec is None:
            raise
        return codec


def read_legacy_lines(path: Path, codec: str) -> Iterator[tuple[int, str]]:
    """``(line_number, text)`` of a file in a legacy encoding, as Unicode NFC, streaming."""
    name = str(path)
    with path.open("rb") as f:
        for number, raw in enumerate(iter(lambda: f.readline(MAX_LINE_CHARS + 1), b""), 1):
            if len(raw) > MAX_LINE_CHARS:
                raise InputError(
                    name,
                    "dòng dài quá 1 triệu ký tự; đây không giống một báo cáo văn bản.",
                    "a line longer than 1 million characters; this does not look like a text report.",
                    line=number,
                )
            yield number, decode_bytes(raw.rstrip(b"\r\n"), codec)


def read_text(path: Path, *, max_bytes: int, block_lines: int) -> Iterator[Document]:
    """The blocks of a text file in any supported encoding; ``meta["encoding"]`` names it."""
    check_path(path, max_bytes=max_bytes)
    encoding = text_encoding(path)
    if encoding in CODEC_NAMES:
        lines = read_legacy_lines(path, encoding)
        blocks = blocks_from_lines(str(path), lines, block_lines=block_lines)
    else:
        blocks = read_blocks(path, max_bytes=max_bytes, block_lines=block_lines)
    for block in blocks:
        yield block.replace(meta={**block.meta, "reader": "text", "encoding": encoding})
