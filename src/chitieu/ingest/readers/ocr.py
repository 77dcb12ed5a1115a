"""Optical character recognition with Tesseract's Vietnamese model, one page at a time.

Tesseract (``tesseract-ocr`` + ``tesseract-ocr-vie``) and poppler's ``pdftoppm``
are called as programs: a page is rendered to a PNG in memory, sent to
``tesseract stdin stdout`` and forgotten, so memory stays that of one page
whatever the length of the scan. When a program or the Vietnamese model is
missing, :class:`~chitieu.errors.ConfigError` says exactly what to install. A page
strewn with the specks of a poor photocopy is filtered before it is read
(:mod:`chitieu.ingest.readers.despeckle`).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from chitieu.errors import ConfigError, InputError, InputTooLarge
from chitieu.model import Line

__all__ = [
    "INSTALL_HINT",
    "MAX_IMAGE_PIXELS",
    "MAX_RENDER_PIXELS",
    "PAGE_TIMEOUT_S",
    "check_ocr",
    "image_lines",
    "image_pages",
    "ocr_image",
    "render_pdf_page",
]

INSTALL_HINT = "sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"
MAX_IMAGE_PIXELS = 150_000_000  # refuse larger images (an A0 page at 300 dpi is about 140 million pixels)
MAX_RENDER_PIXELS = 36_000_000  # OCR larger pages scaled down to this (A3 at 300 dpi is 17 million)
PAGE_TIMEOUT_S = 300
LANG = "vie"
# page segmentation: 3 = automatic layout (columns, blocks), 6 = one uniform block of text
DEFAULT_PSM = 3


@lru_cache(maxsize=4)
def _languages(tesseract: str) -> frozenset[str]:
    try:
        out = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:])


def check_ocr(*, pdf: bool = False) -> None:
    """Raise :class:`ConfigError` unless Tesseract with Vietnamese (and ``pdftoppm`` for PDFs) is installed."""
    missing: list[str] = []
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        missing.append("tesseract-ocr")
    elif LANG not in _languages(tesseract):
        missing.append("tesseract-ocr-vie")
    if pdf and shutil.which("pdftoppm") is None:
        missing.append("poppler-utils")
    if missing:
        names = ", ".join(missing)
        raise ConfigError(
            f"Tệp này là bản quét (ảnh), cần nhận dạng chữ (OCR) nhưng máy chưa cài {names}. "
            f"Hãy cài bằng lệnh: {INSTALL_HINT} (hoặc chạy scripts/install-ocr.sh).",
            f"This file is a scan and needs OCR, but {names} is not installed. Install it with: {INSTALL_HINT}",
            hint=f"Lệnh cài đặt: {INSTALL_HINT}",
        )


def _run(cmd: list[str], data: bytes | None, what: str, path: Path) -> bytes:
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=PAGE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(
            str(path),
            f"{what} quá {PAGE_TIMEOUT_S} giây cho một trang; trang quá lớn hoặc hỏng.",
            f"{what} took over {PAGE_TIMEOUT_S} s for one page; the page is too large or damaged.",
        ) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = err[-1] if err else f"mã lỗi {proc.returncode}"
        raise InputError(str(path), f"{what} thất bại: {detail}", f"{what} failed: {detail}")
    return proc.stdout


def ocr_image(png: bytes, path: Path, *, psm: int = DEFAULT_PSM, clean: bool = True) -> str:
    """The text Tesseract reads in one image (PNG or any format it knows), NFC not yet applied.

    With ``clean`` (the default) a page strewn with specks is filtered first
    (:func:`~chitieu.ingest.readers.despeckle.despeckle`)."""
    cmd = ["tesseract", "stdin", "stdout", "-l", LANG, "--psm", str(psm)]
    if clean:
        # numpy and the filter are loaded only for a scan: reading text files never needs them
        from chitieu.ingest.readers.despeckle import despeckle

        page = despeckle(png)
    else:
        page = png
    return _run(cmd, page, "nhận dạng chữ (tesseract)", path).decode("utf-8", "replace")


def render_pdf_page(path: Path, page: int, *, dpi: int = 300) -> bytes:
    """One page (1-based) of a PDF as a grey-scale PNG at ``dpi``."""
    cmd = ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-png", str(path)]
    return _run(cmd, None, f"dựng ảnh trang {page} (pdftoppm)", path)


def _image_error(path: Path) -> InputError:
    return InputError(
        str(path),
        "tệp ảnh bị hỏng hoặc không đúng định dạng, không đọc được.",
        "the image file is damaged or not in a known format.",
        hint="Hãy quét lại hoặc lưu ảnh thành PNG/JPEG/TIFF.",
    )


def image_pages(path: Path, *, max_pages: int) -> Iterator[tuple[int, int, bytes]]:
    """``(page, pages, png)`` for each frame of an image file (TIFF scans have many), one at a time."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except Image.DecompressionBombError:
        raise _too_big(path) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise _image_error(path) from None
    with im:
        pages = int(getattr(im, "n_frames", 1))
        if pages > max_pages:
            raise _too_many_pages(path, pages, max_pages)
        for i in range(pages):
            try:
                im.seek(i)
                if im.width * im.height > MAX_IMAGE_PIXELS:
                    raise _too_big(path)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                    frame = im.convert("L")
                if frame.width * frame.height > MAX_RENDER_PIXELS:
                    scale = (MAX_RENDER_PIXELS / (frame.width * frame.height)) ** 0.5
                    frame = frame.resize((int(frame.width * scale), int(frame.height * scale)))
                buf = io.BytesIO()
                frame.save(buf, format="PNG")
            except (OSError, ValueError, EOFError):
                raise _image_error(path) from None
            yield i + 1, pages, buf.getvalue()


def _too_big(path: Path) -> InputTooLarge:
    return InputTooLarge(
        str(path),
        f"ảnh quá lớn (trên {MAX_IMAGE_PIXELS // 1_000_000} triệu điểm ảnh một trang).",
        f"the image is too large (over {MAX_IMAGE_PIXELS // 1_000_000} million pixels a page).",
        hint="Hãy quét lại ở độ phân giải 300 dpi.",
    )


def _too_many_pages(path: Path, pages: int, max_pages: int) -> InputTooLarge:
    return InputTooLarge(
        str(path),
        f"tệp có {pages} trang, vượt giới hạn {max_pages} trang.",
        f"the file has {pages} pages, over the limit of {max_pages}.",
        hint="Hãy tách tệp thành các phần nhỏ hơn, hoặc nâng giới hạn số trang (CHITIEU_MAX_PAGES).",
    )


def image_lines(
    path: Path,
    *,
    max_pages: int,
    progress: Callable[[int, int], None] | None = None,
    psm: int = DEFAULT_PSM,
) -> Iterator[Line]:
    """The lines Tesseract reads in an image file, page (frame) by page, numbered through the file."""
    check_ocr()
    number = 0
    for page, pages, png in image_pages(path, max_pages=max_pages):
        for raw in ocr_image(png, path, psm=psm).splitlines():
            number += 1
            yield Line(number=number, raw=raw.rstrip(), text=raw.rstrip(), page=page)
        if progress is not None:
            progress(page, pages)
