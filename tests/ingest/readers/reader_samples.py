"""Sample inputs built at run time: one short report written as .txt, .docx, text PDF and scan.

The report is our own invented text (a fictional province). ``bench/ingest.py``
imports this module too, to measure OCR on the rendered pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chitieu.ingest.readers.legacy import encode_tcvn3, encode_vni

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

TITLE = "BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI NĂM 2023"
PARAGRAPHS = (
    TITLE,
    "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2023",
    "Tổng sản phẩm trên địa bàn tỉnh tăng 7,2% so với cùng kỳ, đạt 98,5% kế hoạch.",
    "Thu ngân sách nhà nước trên địa bàn đạt 4.350 tỷ đồng, vượt 8,7% dự toán.",
    "Tỷ lệ hộ nghèo giảm còn 2,1%; đã giải quyết việc làm mới cho 18.500 lao động.",
    "Diện tích gieo trồng cây lương thực đạt 61.200 ha, bằng 101,3% kế hoạch.",
    "II. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU NĂM 2024",
    "Tốc độ tăng trưởng kinh tế từ 7,5 - 8%.",
    "Thu nhập bình quân đầu người đạt 72 triệu đồng.",
)
TABLE = (
    ("Chỉ tiêu", "Đơn vị", "Kế hoạch 2024"),
    ("Tỷ lệ hộ nghèo", "%", "dưới 2"),
    ("Tỷ lệ trường đạt chuẩn quốc gia", "%", "85"),
    ("Số xã đạt chuẩn nông thôn mới", "xã", "96"),
)
AFTER_TABLE = ("Ủy ban nhân dân tỉnh giao các sở, ngành triển khai thực hiện.",)


def table_rows() -> list[str]:
    return [" | ".join(row) for row in TABLE]


def report_lines() -> list[str]:
    """The report as the lines a reader of the .docx gives (paragraphs, then table rows)."""
    return [*PARAGRAPHS, *table_rows(), *AFTER_TABLE]


def write_docx(path: Path, *, font: str | None = None, heading_font: str | None = None) -> Path:
    """The report as .docx; ``font`` (".VnTime", "VNI-Times") writes the body in that legacy font.

    With a TCVN3 font the headings are typed in ``heading_font`` (".VnTimeH", the
    capitals font), as ABC users did, so the capitals with tone marks survive.
    """
    import docx

    doc = docx.Document()

    def add(paragraph: Any, text: str, upper: bool = False) -> None:
        if font is None:
            paragraph.add_run(text)
            return
        if font.lower().startswith("vni"):
            legacy = encode_vni(text).decode("cp1252")
            run_font = font
        else:
            legacy = encode_tcvn3(text.lower() if upper else text).decode("cp1252")
            run_font = heading_font if upper and heading_font else font
        run = paragraph.add_run(legacy)
        run.font.name = run_font

    for text in PARAGRAPHS:
        add(doc.add_paragraph(), text, upper=text.isupper())
    table = doc.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            add(table.cell(r, c).paragraphs[0], value)
    for text in AFTER_TABLE:
        add(doc.add_paragraph(), text)
    doc.save(str(path))
    return path


def write_text_pdf(path: Path, lines: Sequence[str] | None = None) -> Path:
    """A PDF with a text layer (fpdf2 with the DejaVu font, which has every Vietnamese letter)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", "", str(FONT))
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    for line in lines if lines is not None else report_lines():
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def render_page(lines: Sequence[str], *, dpi: int = 200, points: float = 11) -> Any:
    """One A4 page with ``lines`` drawn in DejaVu Sans (11 pt), as a grey-scale Pillow image."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = round(8.27 * dpi), round(11.69 * dpi)
    size = round(points / 72 * dpi)
    font = ImageFont.truetype(str(FONT), size)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = round(0.8 * dpi)
    for line in lines:
        draw.text((round(0.8 * dpi), y), line, font=font, fill=0)
        y += round(size * 1.6)
    return image


def degrade(image: Any, seed: int, *, blur: float = 0.8, speckles: int = 400, tilt: float = 0.8) -> Any:
    """A poor scan of ``image``: half the resolution, blurred, speckled (one pixel in
    ``speckles``), tilted by up to ``tilt`` degrees."""
    import random

    from PIL import ImageFilter

    rng = random.Random(seed)
    small = image.resize((image.width // 2, image.height // 2)).filter(ImageFilter.GaussianBlur(blur))
    pixels = small.load()
    for _ in range(small.width * small.height // speckles):
        x, y = rng.randrange(small.width), rng.randrange(small.height)
        pixels[x, y] = 0 if rng.random() < 0.5 else 255
    return small.rotate(rng.uniform(-tilt, tilt), fillcolor=255, expand=False)


def write_scan_pdf(path: Path, pages: Sequence[Sequence[str]], *, dpi: int = 200) -> Path:
    """A PDF made only of page images (no text layer), like a scanner's output."""
    images = [render_page(lines, dpi=dpi) for lines in pages]
    images[0].save(str(path), "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def write_scan_image(path: Path, lines: Sequence[str], *, dpi: int = 200) -> Path:
    render_page(lines, dpi=dpi).save(str(path))
    return path
