"""PDFs with a text layer: lines and pages, the facts of the clean text, bad files refused."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import reader_samples as samples
from reader_helpers import fact_keys, facts_of, needs_font, needs_poppler, read_all, texts

from chitieu.errors import InputError, InputTooLarge
from chitieu.ingest import extract_path
from chitieu.ingest.readers.pdf import pdf_lines

pytestmark = needs_font

ENGINES = [pytest.param("poppler", marks=needs_poppler), "pypdf"]


@pytest.fixture(scope="module")
def text_pdf(sample_dir: Path) -> Path:
    return samples.write_text_pdf(sample_dir / "report.pdf")


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_lines_reads_the_text_layer(text_pdf: Path, engine: str) -> None:
    lines = [ln for ln in pdf_lines(text_pdf, max_pages=10, engine=engine) if ln.text.strip()]
    assert [" ".join(ln.text.split()) for ln in lines] == samples.report_lines()
    assert {ln.page for ln in lines} == {1}


def test_read_document_text_pdf_gives_the_facts_of_the_clean_text(
    text_pdf: Path, clean_facts: Counter[tuple[object, ...]]
) -> None:
    assert fact_keys(facts_of(read_all(text_pdf))) == clean_facts


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_lines_numbers_lines_through_pages(tmp_path: Path, engine: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", "", str(samples.FONT))
    pdf.set_font("dejavu", size=11)
    for page in range(1, 4):
        pdf.add_page()
        for i in range(1, 3):
            pdf.cell(0, 8, f"Trang {page} dòng {i}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "p.pdf"))
    seen: list[tuple[int, int]] = []
    lines = list(
        pdf_lines(tmp_path / "p.pdf", max_pages=10, engine=engine, progress=lambda d, t: seen.append((d, t)))
    )
    got = [(ln.page, ln.text.strip()) for ln in lines if ln.text.strip()]
    assert got == [(p, f"Trang {p} dòng {i}") for p in range(1, 4) for i in range(1, 3)]
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def _encrypted(path: Path, user_password: str) -> Path:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(samples.write_text_pdf(path.with_suffix(".plain.pdf"))))
    writer.encrypt(user_password, owner_password="chu-so-huu", algorithm="RC4-128")
    writer.write(str(path))
    return path


def test_read_document_refuses_an_encrypted_pdf_clearly(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="mật khẩu") as err:
        read_all(_encrypted(tmp_path / "locked.pdf", "mat-khau"))
    assert "password" in err.value.message_en


def test_read_document_reads_a_pdf_locked_only_by_its_owner(tmp_path: Path) -> None:
    blocks = read_all(_encrypted(tmp_path / "owner.pdf", ""))
    assert [" ".join(t.split()) for t in texts(blocks)] == samples.report_lines()


def _truncated(path: Path) -> None:
    data = samples.write_text_pdf(path).read_bytes()
    path.write_bytes(data[:200])


def _garbage(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)


def _not_pdf(path: Path) -> None:
    path.write_bytes(b"just some text named .pdf")


@pytest.mark.parametrize("make", [_truncated, _garbage, _not_pdf])
def test_read_document_refuses_a_corrupt_pdf_clearly(tmp_path: Path, make: object) -> None:
    path = tmp_path / "bad.pdf"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputError, match=r"PDF.*hỏng"):
        read_all(path)


def test_read_document_refuses_too_many_pages_before_reading(tmp_path: Path) -> None:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(30):
        writer.add_blank_page(200, 200)
    writer.write(str(tmp_path / "many.pdf"))
    seen: list[int] = []
    with pytest.raises(InputTooLarge, match="30 trang"):
        read_all(tmp_path / "many.pdf", max_pages=20, progress=lambda d, t: seen.append(d))
    assert seen == []


TABLE_LINES = [
    "Phụ lục: các chỉ tiêu chủ yếu",
    "STT       Chỉ tiêu                          Đơn vị     Ước thực hiện     Kế hoạch",
    "                                                          năm 2024       năm 2025",
    " I    KINH TẾ",
    " 1    Tốc độ tăng trưởng GRDP                  %             7,4            8,5",
    " 2    GRDP bình quân đầu người             triệu đồng        78,6           86,0",
    " II   XÃ HỘI",
    " 3    Tỷ lệ hộ nghèo                           %             3,1            2,4",
    "      theo chuẩn đa chiều",
]


@needs_poppler
def test_pdf_a_table_drawn_in_columns_reads_by_its_header(tmp_path: Path) -> None:
    # drawn in a proportional font, the columns come out of pdftotext -layout a few
    # characters apart and with blank lines between the rows
    pdf = samples.write_text_pdf(tmp_path / "phu-luc.pdf", TABLE_LINES)
    facts = {(f.indicator, f.role, f.value, f.unit, f.period) for f in extract_path(pdf, restore="never")}
    assert ("Tốc độ tăng trưởng GRDP", "actual", 7.4, "%", 2024) in facts
    assert ("Tốc độ tăng trưởng GRDP", "target", 8.5, "%", 2025) in facts
    assert ("GRDP bình quân đầu người", "target", 86.0, "triệu đồng", 2025) in facts
    assert ("Tỷ lệ hộ nghèo theo chuẩn đa chiều", "target", 2.4, "%", 2025) in facts
    assert len(facts) == 6
