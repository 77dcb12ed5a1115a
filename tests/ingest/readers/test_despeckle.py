"""Specks of a poor photocopy filtered out before OCR; clean pages and bordered pages left alone."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import reader_samples as samples
from rapidfuzz.distance import Levenshtein
from reader_helpers import needs_font, needs_ocr

from chitieu.ingest.readers.despeckle import MAX_SPECKLE, MIN_SPECKLE, despeckle, speckle_density
from chitieu.ingest.readers.ocr import ocr_image

pytestmark = needs_font


def _png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _image(png: bytes) -> Any:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("L")


def _page(dpi: int = 300) -> Any:
    return samples.render_page(samples.report_lines(), dpi=dpi, points=9)


def _photocopy(page: Any) -> Any:
    """A poor photocopy (half the resolution, blurred, speckled, tilted), back at the page's size as a scanner
    driver would give it."""
    small = samples.degrade(page, 3, blur=0.7, speckles=500, tilt=0.6)
    return small.resize((page.width, page.height))


def _bordered(page: Any) -> Any:
    """The page with the black band a scanner lid leaves along its left edge."""
    from PIL import ImageDraw

    out = page.copy()
    ImageDraw.Draw(out).rectangle((0, 0, page.width // 40, page.height), fill=0)
    return out


@pytest.mark.parametrize(("make", "filtered"), [(_page, False), (lambda: _photocopy(_page()), True),
                                                (lambda: _bordered(_page()), False)])  # fmt: skip
def test_despeckle_filters_only_a_speckled_page(make: Any, filtered: bool) -> None:
    png = _png(make())
    density = speckle_density(_image(png))
    out = despeckle(png)
    assert (out != png) is filtered
    assert (MIN_SPECKLE <= density <= MAX_SPECKLE) is filtered
    if filtered:
        assert speckle_density(_image(out)) < density / 10  # the margins are clean after
        assert _image(out).size == _image(png).size


def _blank_photocopy() -> Any:
    from PIL import Image

    return _photocopy(Image.new("L", _page().size, 255))


def test_despeckle_a_blank_photocopied_page_is_paper() -> None:
    import numpy as np

    png = _png(_blank_photocopy())
    assert np.asarray(_image(png)).min() < 50 and speckle_density(_image(png)) >= MIN_SPECKLE  # black specks
    cleaned = np.asarray(_image(despeckle(png)))
    assert cleaned.min() > 128 and (cleaned == 255).mean() > 0.999


@needs_ocr
def test_ocr_image_reads_nothing_on_a_blank_photocopied_page(tmp_path: Path) -> None:
    png = _png(_blank_photocopy())
    assert ocr_image(png, tmp_path / "blank.png").strip() == ""


@pytest.mark.parametrize("data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n broken"])
def test_despeckle_leaves_what_is_no_image_to_tesseract(data: bytes) -> None:
    assert despeckle(data) is data


def test_despeckle_density_of_a_tiny_image_is_zero() -> None:
    from PIL import Image

    assert speckle_density(Image.new("L", (20, 20), 0)) == 0.0


def _accuracy(text: str) -> float:
    source = " ".join(unicodedata.normalize("NFC", "\n".join(samples.report_lines())).split())
    read = " ".join(unicodedata.normalize("NFC", text).split())
    return 1 - Levenshtein.distance(read, source) / len(source)


@needs_ocr
def test_ocr_image_reads_a_photocopy_better_cleaned(tmp_path: Path) -> None:
    png = _png(_photocopy(_page()))
    plain = _accuracy(ocr_image(png, tmp_path / "scan.png", clean=False))
    cleaned = _accuracy(ocr_image(png, tmp_path / "scan.png"))
    clean_page = _accuracy(ocr_image(_png(_page()), tmp_path / "page.png"))
    assert cleaned > plain + 0.02 and cleaned >= 0.98, (plain, cleaned)
    assert clean_page >= 0.98


def test_ocr_image_sends_the_cleaned_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sent: list[bytes] = []

    def run(cmd: list[str], input: bytes, **_: Any) -> subprocess.CompletedProcess[bytes]:
        sent.append(input)
        return subprocess.CompletedProcess(cmd, 0, b"", b"")

    monkeypatch.setattr(subprocess, "run", run)
    png = _png(_photocopy(_page(dpi=150)))
    ocr_image(png, tmp_path / "a.png")
    ocr_image(png, tmp_path / "a.png", clean=False)
    assert sent[0] == despeckle(png) != png and sent[1] == png
