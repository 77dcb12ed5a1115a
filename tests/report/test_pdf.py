"""The PDF: pages that are not blank, Vietnamese text with its diacritics, fonts embedded."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from chitieu.report import build_report, render

from .conftest import Imported, pdf_text


@pytest.fixture(scope="module")
def pdf(example: Imported, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "bao-cao.pdf"
    render(build_report(example.engine, plan=example.plan, year=example.year), "pdf", out)
    return out


def test_pdf_pages_render_non_blank(pdf: Path, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed: run scripts/install-report-tools.sh")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 3
    for page in pages:
        grey = Image.open(page).convert("L")
        dark = sum(grey.histogram()[:200])  # pixels clearly darker than the white paper
        assert dark > 0.005 * grey.width * grey.height, page.name


@pytest.mark.parametrize(
    "phrase",
    ["Kết quả thực hiện", "Nghị quyết", "Lĩnh vực văn hóa - xã hội", "Quốc phòng - an ninh", "Độc lập - Tự do - Hạnh phúc",
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Tỷ lệ thất nghiệp khu vực thành thị dưới 2,5%"],
)  # fmt: skip
def test_pdf_text_keeps_diacritics(pdf: Path, phrase: str) -> None:
    text = " ".join(pdf_text(pdf).split())
    assert phrase.casefold() in text.casefold()
    assert "\ufffd" not in text


def test_pdf_embeds_a_font_with_vietnamese(pdf: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) not installed")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)  # every font embedded
    assert any(name in fonts for name in ("Times", "Liberation", "Tinos", "DejaVu"))
