"""Readers for every input format, each giving the same stream of :class:`~chitieu.model.Document` blocks.

:func:`read_document` looks at a file's first bytes (and its suffix) and reads it:

* text (``.txt`` and any other text): UTF-8, UTF-16, and the legacy TCVN3 (ABC),
  VNI and Windows-1258 encodings, detected and converted to Unicode
  (:mod:`~chitieu.ingest.readers.text`, :mod:`~chitieu.ingest.readers.legacy`);
* Word ``.docx``: paragraphs and table rows, legacy fonts converted
  (:mod:`~chitieu.ingest.readers.docx`);
* PDF: the text layer, and OCR for scanned pages (:mod:`~chitieu.ingest.readers.pdf`);
* images (PNG, JPEG, TIFF...): OCR (:mod:`~chitieu.ingest.readers.ocr`).

Lines carry their provenance: ``number`` (file line, paragraph or row number,
or line within a PDF/scan), ``page`` for PDFs and scans, ``cell`` for table rows.
A file in which nothing readable is found (an empty document, a blank scan)
raises :class:`~chitieu.errors.InputError` before any block is given, so
nothing is half-imported.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from chitieu.errors import InputError, UnsupportedFormat
from chitieu.ingest.read import check_path
from chitieu.ingest.readers.docx import read_docx
from chitieu.ingest.readers.lines import blocks_of_lines
from chitieu.ingest.readers.ocr import image_lines
from chitieu.ingest.readers.pdf import pdf_lines
from chitieu.ingest.readers.text import read_text
from chitieu.model import Document

__all__ = ["DEFAULT_MAX_PAGES", "IMAGE_SUFFIXES", "Progress", "detect_format", "read_document"]

Progress = Callable[[int, int], None]
DEFAULT_MAX_PAGES = 2000
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"})

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8", b"RIFF")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OFFICE_NAMES = {".doc": "Word 97-2003 (.doc)", ".xls": "Excel 97-2003 (.xls)", ".ppt": "PowerPoint (.ppt)"}


def detect_format(path: Path) -> str:
    """The reader for a file: "text", "docx", "pdf" or "image", from its first bytes and suffix.

    Raises :class:`UnsupportedFormat` for formats chitieu does not read and
    :class:`InputError` for a file whose content does not match its suffix.
    """
    suffix = path.suffix.lower()
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        if "word/document.xml" in names:
            return "docx"
        if suffix == ".docx":
            raise _damaged(path, "Word (.docx)")
        raise _unsupported(path, suffix or "zip")
    if head.startswith(_OLE_MAGIC):
        kind = _OFFICE_NAMES.get(suffix, "Office 97-2003")
        raise UnsupportedFormat(
            str(path),
            f"chưa đọc được định dạng cũ {kind}.",
            f"the old {kind} format is not supported.",
            hint="Hãy mở tệp và lưu lại thành .docx (Word) hoặc PDF.",
        )
    if head.startswith(_IMAGE_MAGIC) and (not head.startswith(b"RIFF") or head[8:12] == b"WEBP"):
        return "image"
    if suffix == ".docx":
        raise _damaged(path, "Word (.docx)")
    if suffix == ".pdf":
        raise _damaged(path, "PDF")
    if suffix in IMAGE_SUFFIXES:
        raise _damaged(path, "ảnh")
    if suffix in {".xlsx", ".odt", ".ods", ".pptx", ".zip", ".rar", ".7z"}:
        raise _unsupported(path, suffix)
    return "text"


def _damaged(path: Path, kind: str) -> InputError:
    kind_en = "image" if kind == "ảnh" else kind
    return InputError(
        str(path),
        f"tệp {kind} bị hỏng hoặc không đúng định dạng (nội dung không khớp với đuôi tệp).",
        f"the {kind_en} file is damaged or not what its name says.",
        hint="Hãy mở tệp bằng phần mềm tương ứng, lưu lại rồi thử lại.",
    )


def _unsupported(path: Path, suffix: str) -> UnsupportedFormat:
    return UnsupportedFormat(
        str(path),
        f"chưa hỗ trợ định dạng {suffix}; đọc được: .txt, .docx, .pdf và ảnh quét (.png, .jpg, .tif).",
        f"the {suffix} format is not supported; supported: .txt, .docx, .pdf and scans (.png, .jpg, .tif).",
        hint="Hãy lưu báo cáo thành .docx, PDF hoặc văn bản (.txt).",
    )


def read_document(
    path: Path,
    *,
    max_bytes: int,
    block_lines: int,
    progress: Progress | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    dpi: int = 300,
) -> Iterator[Document]:
    """The blocks of any supported file, streaming; ``progress(done, total)`` is called after each page.

    Raises :class:`~chitieu.errors.InputError` (and subclasses) for bad input and
    :class:`~chitieu.errors.ConfigError` when a scan arrives and OCR is not installed.
    """
    path = Path(path)
    check_path(path, max_bytes=max_bytes)
    kind = detect_format(path)
    source = str(path)
    if kind == "text":
        blocks = read_text(path, max_bytes=max_bytes, block_lines=block_lines)
    elif kind == "docx":
        blocks = read_docx(path, max_bytes=max_bytes, block_lines=block_lines)
    elif kind == "pdf":
        lines = pdf_lines(path, max_pages=max_pages, progress=progress, dpi=dpi)
        blocks = blocks_of_lines(source, lines, block_lines=block_lines, meta={"reader": "pdf"})
    else:
        lines = image_lines(path, max_pages=max_pages, progress=progress)
        blocks = blocks_of_lines(source, lines, block_lines=block_lines, meta={"reader": "image"})
    yield from _require_text(path, blocks)


def _require_text(path: Path, blocks: Iterator[Document]) -> Iterator[Document]:
    """The blocks, held back until one has text; an error if none has (nothing is half-read)."""
    found = False
    waiting: list[Document] = []
    for block in blocks:
        if found:
            yield block
            continue
        waiting.append(block)
        if any(ln.text.strip() for ln in block.lines):
            found = True
            yield from waiting
            waiting = []
    if not found:
        raise InputError(
            str(path),
            "không tìm thấy chữ nào trong tệp (tài liệu trống, hoặc ảnh quét không có chữ đọc được).",
            "no text found in the file (an empty document, or a scan with no readable text).",
            hint="Kiểm tra lại tệp; với bản quét, hãy quét lại rõ hơn (300 dpi, thẳng trang).",
        )
