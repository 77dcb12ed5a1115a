"""Choosing the reader from a file's first bytes and suffix."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from chitieu.errors import FileNotFound, InputError, UnsupportedFormat
from chitieu.ingest.readers import detect_format, read_document


def _zip(path: Path, name: str) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(name, "<x/>")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.txt", "Báo cáo".encode(), "text"),
        ("a.md", b"plain", "text"),
        ("noext", b"plain", "text"),
        ("a.pdf", b"%PDF-1.7\n...", "pdf"),
        ("misnamed.txt", b"%PDF-1.4\n...", "pdf"),
        ("a.png", b"\x89PNG\r\n\x1a\n....", "image"),
        ("a.jpg", b"\xff\xd8\xff\xe0....", "image"),
        ("a.tif", b"II*\x00....", "image"),
        ("a.tiff", b"MM\x00*....", "image"),
    ],
)
def test_detect_format_reads_the_first_bytes(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert detect_format(path) == expected


def test_detect_format_knows_a_docx_by_its_content(tmp_path: Path) -> None:
    _zip(tmp_path / "report.zip", "word/document.xml")
    assert detect_format(tmp_path / "report.zip") == "docx"


@pytest.mark.parametrize(
    ("name", "data", "pattern"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, r"Word 97-2003"),
        ("sheet.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, r"Excel 97-2003"),
        ("table.xlsx", None, r"\.xlsx"),
        ("archive.rar", b"Rar!\x1a\x07\x00", r"\.rar"),
    ],
)
def test_read_document_refuses_unsupported_formats(
    tmp_path: Path, name: str, data: bytes | None, pattern: str
) -> None:
    path = tmp_path / name
    if data is None:
        _zip(path, "xl/workbook.xml")
    else:
        path.write_bytes(data)
    with pytest.raises(UnsupportedFormat, match=pattern):
        list(read_document(path, max_bytes=10**6, block_lines=100))


@pytest.mark.parametrize(("name", "kind"), [("a.docx", "Word"), ("a.pdf", "PDF"), ("a.png", "ảnh")])
def test_read_document_refuses_content_that_is_not_what_the_name_says(
    tmp_path: Path, name: str, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"hello, this is text")
    with pytest.raises(InputError, match=f"{kind}.*hỏng"):
        list(read_document(path, max_bytes=10**6, block_lines=100))


def test_read_document_checks_the_path_first(tmp_path: Path) -> None:
    with pytest.raises(FileNotFound):
        list(read_document(tmp_path / "missing.pdf", max_bytes=10**6, block_lines=100))
