"""The briefing as a Word document: a replaceable docxtpl template and its default.

The default template is built here with python-docx in the administrative format of
Decree 30/2020/NĐ-CP (Appendix I): A4, margins top and bottom 20 mm, left 30 mm, right
15 mm; Times New Roman 14 pt, justified, first-line indent 1,27 cm, 6 pt between
paragraphs, line spacing 1,15; headings bold 14 pt; page numbers centred at the top from
the second page; the issuer top left and the national title and motto top right.
``chitieu report-template mau.docx`` writes it out so that a province can put its own
letterhead on it; the fields it may use are listed in :mod:`chitieu.report.context`.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import IO, Any

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from chitieu.report.model import Report

__all__ = ["build_default_template", "default_template", "render_docx"]

FONT = "Times New Roman"
_CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _fonts(element: Any, name: str = FONT) -> None:
    """Times New Roman for every script of a style or run, theme fonts removed."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(1.27)
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.15
    for level in (1, 2, 3):
        h = doc.styles[f"Heading {level}"]
        h.font.name = FONT
        h.font.size = Pt(14)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(h.element)
        h.paragraph_format.first_line_indent = Cm(1.27) if level > 1 else Cm(0)
        h.paragraph_format.space_before = Pt(6)
        h.paragraph_format.space_after = Pt(6)
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if level > 1 else WD_ALIGN_PARAGRAPH.LEFT
        h.paragraph_format.keep_with_next = True
    table = doc.styles["Table Grid"]
    table.font.name = FONT
    table.font.size = Pt(12)


def _page(doc: DocxDocument) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin = Mm(20), Mm(20)
    s.left_margin, s.right_margin = Mm(30), Mm(15)
    s.header_distance = Mm(10)
    s.different_first_page_header_footer = True
    p = s.header.paragraphs[0]
    p.alignment = _CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    run = p.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _para(
    container: Any,
    text: str = "",
    *,
    style: str | None = None,
    align: Any = None,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    indent: bool | None = None,
) -> Paragraph:
    p: Paragraph = container.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    if indent is False:
        p.paragraph_format.first_line_indent = Cm(0)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
    return p


def _tag(container: Any, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag (removed when rendered)."""
    _para(container, tag, indent=False)


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _title_block(doc: DocxDocument) -> None:
    block = doc.add_table(rows=1, cols=2)
    _no_borders(block)
    left, right = block.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    left.paragraphs[0].paragraph_format.first_line_indent = Cm(0)
    left.paragraphs[0].alignment = _CENTER
    run = left.paragraphs[0].add_run("{{ issuer }}")
    run.bold, run.font.size = True, Pt(12)
    _para(left, "———", align=_CENTER, indent=False)
    right.paragraphs[0].paragraph_format.first_line_indent = Cm(0)
    right.paragraphs[0].alignment = _CENTER
    run = right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.bold, run.font.size = True, Pt(12)
    _para(right, "Độc lập - Tự do - Hạnh phúc", align=_CENTER, bold=True, indent=False)
    _para(right, "{{ date_line }}", align=_CENTER, italic=True, indent=False)
    _para(doc, "")
    _para(doc, "{{ title }},", align=_CENTER, bold=True, indent=False)
    _para(doc, "{{ subtitle }}", align=_CENTER, bold=True, indent=False)
    _para(doc, "(Thực hiện {{ plan }})", align=_CENTER, italic=True, indent=False)


def _targets_table(doc: DocxDocument) -> None:
    heads = ("STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Tỷ lệ đạt", "Đánh giá")
    widths = (Mm(11), Mm(52), Mm(18), Mm(35), Mm(20), Mm(17), Mm(12 + 15))
    cells = (
        "{{ r.number }}", "{{ r.indicator }}", "{{ r.unit }}", "{{ r.target }}", "{{ r.actual }}",
        "{{ r.attainment }}", "{{ r.status }}",
    )  # fmt: skip
    table = doc.add_table(rows=4, cols=len(heads))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for i, (cell, head) in enumerate(zip(header.cells, heads, strict=True)):
        cell.width = widths[i]
        p = cell.paragraphs[0]
        p.alignment, p.paragraph_format.first_line_indent = _CENTER, Cm(0)
        run = p.add_run(head)
        run.bold, run.font.size = True, Pt(12)
    for row, texts in (
        (table.rows[1], ("{%tr for r in targets %}",)),
        (table.rows[2], cells),
        (table.rows[3], ("{%tr endfor %}",)),
    ):
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
            p = cell.paragraphs[0]
            p.paragraph_format.first_line_indent = Cm(0)
            p.paragraph_format.space_after = Pt(0)
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if i in (1, 3) else _CENTER
            if i < len(texts):
                p.add_run(texts[i]).font.size = Pt(12)


def _text_section(doc: DocxDocument, heading: str, key: str) -> None:
    doc.add_paragraph(heading, style="Heading 1")
    _tag(doc, f"{{%p for t in {key}.paragraphs %}}")
    _para(doc, "{{ t }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, f"{{%p if {key}.empty %}}")
    _para(doc, "(Chưa có nội dung.)", italic=True)
    _tag(doc, "{%p endif %}")


def build_default_template() -> bytes:
    """The default Word template (Decree 30/2020/NĐ-CP format), as the bytes of a .docx file."""
    doc = new_document()
    _styles(doc)
    _page(doc)
    _title_block(doc)
    _para(doc, "{{ intro }}")
    doc.add_paragraph("A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {{ year }}", style="Heading 1")
    doc.add_paragraph("I. KẾT QUẢ ĐẠT ĐƯỢC", style="Heading 1")
    _tag(doc, "{%p for d in domains %}")
    doc.add_paragraph("{{ d.number }}. {{ d.title }}", style="Heading 2")
    _tag(doc, "{%p for text in d.paragraphs %}")
    _para(doc, "- {{ text }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if not domains %}")
    _para(doc, "Chưa có số liệu kết quả thực hiện năm {{ year }}.", italic=True)
    _tag(doc, "{%p endif %}")
    doc.add_paragraph("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {{ year }}", style="Heading 1")
    _tag(doc, "{%p if has_targets %}")
    _targets_table(doc)
    _tag(doc, "{%p else %}")
    _para(doc, "Các chỉ tiêu năm {{ year }}: {{ no_data }}.", italic=True)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for c in charts %}")
    _para(doc, "{{ c.image }}", align=_CENTER, indent=False)
    _para(doc, "Biểu đồ {{ c.number }}. {{ c.title }}", align=_CENTER, italic=True, size=12, indent=False)
    _tag(doc, "{%p endfor %}")
    _text_section(doc, "III. HẠN CHẾ, YẾU KÉM", "han_che")
    _text_section(doc, "IV. NGUYÊN NHÂN", "nguyen_nhan")
    doc.add_paragraph("B. CÁC CHỈ TIÊU, NHIỆM VỤ GIẢI PHÁP CHỦ YẾU NĂM {{ next_year }}", style="Heading 1")
    doc.add_paragraph("I. CÁC CHỈ TIÊU CHỦ YẾU", style="Heading 1")
    _tag(doc, "{%p for t in next_targets %}")
    _para(doc, "{{ t.number }}. {{ t.text }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if not next_targets %}")
    _para(doc, "Các chỉ tiêu năm {{ next_year }}: {{ no_data }}.", italic=True)
    _tag(doc, "{%p endif %}")
    _text_section(doc, "II. NHIỆM VỤ VÀ GIẢI PHÁP", "nhiem_vu")
    _para(doc, "")
    _para(doc, "{{ issuer }}", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True, indent=False)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def default_template() -> bytes:
    return build_default_template()


def render_docx(report: Report, out: Path | IO[bytes], template: Path | None = None) -> None:
    """Fill ``template`` (default: :func:`default_template`) with ``report`` and write the .docx to ``out``."""
    from chitieu.report.templating import fill_docx

    source = template if template is not None else io.BytesIO(default_template())
    fill_docx(report, source, out, name=str(template) if template is not None else "mẫu mặc định")
