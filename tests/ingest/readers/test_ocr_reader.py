"""Scans (image-only PDFs and image files) through Tesseract, one page at a time."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import reader_samples as samples
from reader_helpers import fact_keys, facts_of, needs_font, needs_ocr, read_all, texts

from chitieu.errors import ConfigError, InputError, InputTooLarge
from chitieu.ingest.readers import read_document

pytestmark = needs_font


@needs_ocr
def test_read_document_scanned_pdf_gives_the_facts_of_the_clean_text(
    scan_pdf: Path, clean_facts: Counter[tuple[object, ...]]
) -> None:
    blocks = read_all(scan_pdf)
    read = texts(blocks)
    same = sum(1 for line in samples.report_lines() if line in read)
    assert same >= 0.9 * len(samples.report_lines())
    assert {ln.page for b in blocks for ln in b.lines} == {1}
    assert fact_keys(facts_of(blocks)) == clean_facts


@needs_ocr
@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tif"])
def test_read_document_reads_an_image_file(tmp_path: Path, suffix: str) -> None:
    lines = ["Tỷ lệ hộ nghèo giảm còn 2,1%.", "Thu ngân sách đạt 4.350 tỷ đồng."]
    path = samples.write_scan_image(tmp_path / f"page{suffix}", lines)
    assert texts(read_all(path)) == lines


@needs_ocr
def test_read_document_reads_every_frame_of_a_tiff_with_progress(tmp_path: Path) -> None:
    pages = [samples.render_page([f"Trang số {i}: đạt 9{i}%."]) for i in (1, 2)]
    pages[0].save(str(tmp_path / "scan.tif"), save_all=True, append_images=pages[1:])
    seen: list[tuple[int, int]] = []
    blocks = read_all(tmp_path / "scan.tif", progress=lambda d, t: seen.append((d, t)))
    got = [(ln.page, ln.text) for b in blocks for ln in b.lines if ln.text.strip()]
    assert got == [(1, "Trang số 1: đạt 91%."), (2, "Trang số 2: đạt 92%.")]
    assert seen == [(1, 2), (2, 2)]


@needs_ocr
@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_read_document_refuses_a_scan_without_text(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"blank{suffix}"
    samples.render_page([]).save(str(path), resolution=200)
    with pytest.raises(InputError, match="không tìm thấy chữ nào"):
        read_all(path)


@needs_ocr
def test_read_document_streams_a_500_page_scan_page_by_page(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(samples.FONT), 28)
    page = Image.new("L", (500, 60), 255)
    ImageDraw.Draw(page).text((10, 10), "Đạt 98,5% kế hoạch.", font=font, fill=0)
    page.save(str(tmp_path / "long.pdf"), resolution=100, save_all=True, append_images=[page] * 499)
    seen: list[tuple[int, int]] = []
    blocks = read_document(
        tmp_path / "long.pdf",
        max_bytes=10**8,
        block_lines=3,
        progress=lambda d, t: seen.append((d, t)),
        dpi=100,
    )
    first = next(blocks)
    blocks.close()  # the reader stops: the other 490-odd pages are never rendered
    assert first.lines[0].text == "Đạt 98,5% kế hoạch."
    assert 1 <= len(seen) <= 10
    assert {t for _, t in seen} == {500}


@needs_ocr
def test_read_document_scales_down_an_oversized_page(tmp_path: Path) -> None:
    page = samples.render_page(["Tỷ lệ hộ nghèo giảm còn 2,1%."], dpi=200)
    page.save(str(tmp_path / "huge.pdf"), resolution=10)  # a page of 4 by 6 metres
    assert texts(read_all(tmp_path / "huge.pdf")) == ["Tỷ lệ hộ nghèo giảm còn 2,1%."]


def test_read_document_refuses_a_scan_over_the_page_limit(tmp_path: Path) -> None:
    page = samples.render_page(["x"], dpi=20)
    page.save(str(tmp_path / "big.tif"), save_all=True, append_images=[page] * 11)
    with pytest.raises(InputTooLarge, match="12 trang"):
        read_all(tmp_path / "big.tif", max_pages=10)


@pytest.mark.parametrize("missing", ["tesseract", "pdftoppm"])
def test_read_document_says_what_to_install_when_ocr_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    import shutil

    from chitieu.ingest.readers import ocr

    which = shutil.which
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None if name == missing else which(name))
    path = samples.write_scan_pdf(tmp_path / "scan.pdf", [["Tỷ lệ hộ nghèo 2,1%"]], dpi=50)
    with pytest.raises(
        ConfigError, match="sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"
    ):
        read_all(path)
