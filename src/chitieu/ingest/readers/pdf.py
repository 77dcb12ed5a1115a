"""PDF files: the text layer page by page, and OCR for pages that are scans.

``pdftotext -layout`` (poppler) reads the text layer: it keeps the columns of a
table on one line and handles the font encodings of real-world PDFs better than
pure-Python extractors; it runs once for the whole file and its output is read
as a stream, page by page (pages end with a form feed). Without poppler, pypdf's
layout extraction is used. pypdf also opens the file first: it counts the pages
(refusing files over the page limit before any work), tells encrypted files and
finds the pages that are images (a page with almost no text but an image is
sent to OCR, see :mod:`chitieu.ingest.readers.ocr`).

Lines are numbered through the whole document; ``Line.page`` is the page.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from chitieu.errors import InputError
from chitieu.ingest.readers.ocr import (
    MAX_RENDER_PIXELS,
    _too_many_pages,
    check_ocr,
    ocr_image,
    render_pdf_page,
)
from chitieu.model import Line

__all__ = ["MIN_TEXT_CHARS", "open_pdf", "pdf_lines"]

MIN_TEXT_CHARS = 20  # a page with fewer non-blank characters than this and an image is a scan

Progress = Callable[[int, int], None]


def _corrupt(path: Path) -> InputError:
    return InputError(
        str(path),
        "tệp PDF bị hỏng hoặc không đúng định dạng, không đọc được.",
        "the PDF file is damaged or not a real PDF.",
        hint="Hãy tải lại tệp hoặc in lại thành PDF rồi thử lại.",
    )


def _encrypted(path: Path) -> InputError:
    return InputError(
        str(path),
        "tệp PDF được bảo vệ bằng mật khẩu, không đọc được nội dung.",
        "the PDF is password-protected; its content cannot be read.",
        hint="Hãy mở tệp bằng mật khẩu và lưu (in) lại thành PDF không có mật khẩu.",
    )


def open_pdf(path: Path) -> Any:
    """A :class:`pypdf.PdfReader` for ``path``, decrypted if it only has an empty user password."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (DependencyError, NotImplementedError):
                raise _encrypted(path) from None
            if not ok:
                raise _encrypted(path)
        len(reader.pages)
    except InputError:
        raise
    except FileNotDecryptedError:
        raise _encrypted(path) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise _corrupt(path) from None
    return reader


def _has_image(page: Any) -> bool:
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(obj.get_object().get("/Subtype") == "/Image" for obj in xobjects.get_object().values())
    except (KeyError, AttributeError, TypeError, ValueError):
        return False


def _render_dpi(page: Any, dpi: int) -> int:
    """``dpi``, lowered for an oversized page so its image stays under :data:`MAX_RENDER_PIXELS`."""
    try:
        box = page.mediabox
        inches = (float(box.width) / 72) * (float(box.height) / 72)
    except (AttributeError, KeyError, TypeError, ValueError):
        return dpi
    if inches <= 0:
        return dpi
    return max(20, min(dpi, int(math.sqrt(MAX_RENDER_PIXELS / inches))))


def _poppler_pages(path: Path) -> Iterator[str]:
    """The text of each page from ``pdftotext -layout``, streaming."""
    cmd = ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    try:
        buf: list[str] = []
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            while "\f" in line:
                head, line = line.split("\f", 1)
                buf.append(head)
                yield "".join(buf)
                buf = []
            buf.append(line)
        if proc.wait() != 0:
            raise _corrupt(path)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def _pypdf_pages(reader: Any) -> Iterator[str]:
    for page in reader.pages:
        try:
            yield page.extract_text(extraction_mode="layout") or ""
        except Exception:
            yield ""


def pdf_lines(
    path: Path,
    *,
    max_pages: int,
    progress: Progress | None = None,
    dpi: int = 300,
    engine: str | None = None,
    psm: int | None = None,
) -> Iterator[Line]:
    """The lines of a PDF, page by page (``engine``: "poppler", "pypdf" or None for the best available)."""
    reader = open_pdf(path)
    pages = len(reader.pages)
    if pages > max_pages:
        raise _too_many_pages(path, pages, max_pages)
    if engine is None:
        engine = "poppler" if shutil.which("pdftotext") else "pypdf"
    texts = _poppler_pages(path) if engine == "poppler" else _pypdf_pages(reader)
    number = 0
    for index in range(pages):
        text = next(texts, "")
        if sum(1 for c in text if not c.isspace()) < MIN_TEXT_CHARS and _has_image(reader.pages[index]):
            check_ocr(pdf=True)
            png = render_pdf_page(path, index + 1, dpi=_render_dpi(reader.pages[index], dpi))
            text = ocr_image(png, path) if psm is None else ocr_image(png, path, psm=psm)
        for raw in text.splitlines():
            number += 1
            yield Line(number=number, raw=raw.rstrip(), text=raw.rstrip(), page=index + 1)
        if progress is not None:
            progress(index + 1, pages)
    for _ in texts:  # let pdftotext finish so its exit status is checked
        pass
