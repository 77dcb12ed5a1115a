"""Word files: paragraphs and table rows as lines, legacy fonts converted, bad files refused."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
import reader_samples as samples
from reader_helpers import fact_keys, facts_of, read_all

from chitieu.errors import InputError
from chitieu.ingest.readers.docx import docx_lines


@pytest.mark.parametrize(
    ("font", "heading_font"),
    [(None, None), (".VnTime", ".VnTimeH"), ("VNI-Times", None)],
    ids=["unicode", "tcvn3", "vni"],
)
def test_read_document_docx_gives_paragraphs_and_table_rows(
    tmp_path: Path, font: str | None, heading_font: str | None
) -> None:
    path = samples.write_docx(tmp_path / "r.docx", font=font, heading_font=heading_font)
    lines = [ln for b in read_all(path) for ln in b.lines]
    assert [ln.text for ln in lines] == samples.report_lines()
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1))
    first_row = len(samples.PARAGRAPHS) + 1
    assert [(ln.number, ln.cell) for ln in lines if ln.cell] == [
        (first_row + i, f"bảng 1, hàng {i + 1}") for i in range(len(samples.TABLE))
    ]


@pytest.mark.parametrize("font", [None, ".VnTime", "VNI-Times"])
def test_read_document_docx_gives_the_facts_of_the_clean_text(
    tmp_path: Path, font: str | None, clean_facts: Counter[tuple[object, ...]]
) -> None:
    path = samples.write_docx(tmp_path / "r.docx", font=font, heading_font=".VnTimeH")
    assert fact_keys(facts_of(read_all(path))) == clean_facts


def test_docx_lines_takes_the_font_from_the_style(tmp_path: Path) -> None:
    import docx

    from chitieu.ingest.readers.legacy import encode_tcvn3

    doc = docx.Document()
    doc.styles["Normal"].font.name = ".VnTime"
    doc.add_paragraph(encode_tcvn3("Tỷ lệ hộ nghèo").decode("cp1252"))
    doc.add_paragraph().add_run("Unicode").font.name = "Times New Roman"
    doc.save(str(tmp_path / "s.docx"))
    assert [t for _, t, _ in docx_lines(tmp_path / "s.docx")] == ["Tỷ lệ hộ nghèo", "Unicode"]


def test_docx_lines_repeats_vertically_merged_cells(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([("Nông nghiệp", "Lúa", "61.200 ha"), ("", "Ngô", "9.100 ha")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(2, 0).merge(table.cell(2, 2)).text = "Tổng cộng"
    doc.save(str(tmp_path / "m.docx"))
    assert [t for _, t, _ in docx_lines(tmp_path / "m.docx")] == [
        "Nông nghiệp | Lúa | 61.200 ha",
        "Nông nghiệp | Ngô | 9.100 ha",
        "Tổng cộng",
    ]


def _corrupt_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document><unclosed")
        z.writestr("[Content_Types].xml", "<Types/>")


def _truncated(path: Path) -> None:
    samples.write_docx(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _not_zip(path: Path) -> None:
    path.write_bytes(b"this is not a word file at all")


@pytest.mark.parametrize("make", [_corrupt_zip, _truncated, _not_zip])
def test_read_document_refuses_a_corrupt_docx_clearly(tmp_path: Path, make: object) -> None:
    path = tmp_path / "bad.docx"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputError, match=r"\.docx.*hỏng|hỏng.*\.docx") as err:
        read_all(path)
    assert "docx" in err.value.message_en


def test_read_document_refuses_an_empty_docx(tmp_path: Path) -> None:
    import docx

    docx.Document().save(str(tmp_path / "empty.docx"))
    with pytest.raises(InputError, match="không tìm thấy chữ"):
        read_all(tmp_path / "empty.docx")
