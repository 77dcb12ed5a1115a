"""Word ``.docx`` files: paragraphs and tables in document order, legacy fonts converted.

Each paragraph is one line (numbered 1..n in document order, empty paragraphs
included so that the numbers match what a reader counts). Each table row is one
line too, its cells joined by ``" | "`` (``Tỷ lệ hộ nghèo | % | dưới 2``), with
``Line.cell = "bảng 1, hàng 2"``: a row of a table of targets then reads as one
statement, which the extractor handles far better than one line per cell; a
horizontally merged cell is written once, a vertically merged one is repeated
in every row it spans so each row stands on its own.

Text in runs whose font is a TCVN3 font (``.VnTime``, ``.VnArial``; ``.VnTimeH``
capitals) or a VNI font (``VNI-Times``...) is converted to Unicode; the font is
looked up on the run, its character style, the paragraph style chain and the
document defaults, as Word does.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chitieu.errors import InputError, InputTooLarge
from chitieu.ingest.read import check_path
from chitieu.ingest.readers.legacy import decode_tcvn3, decode_vni, font_codec
from chitieu.ingest.readers.lines import blocks_of_lines
from chitieu.model import Document, Line

__all__ = ["CELL_SEPARATOR", "MAX_XML_BYTES", "docx_lines", "read_docx"]

CELL_SEPARATOR = " | "
MAX_XML_BYTES = 400_000_000  # refuse a document.xml that unpacks larger than this (zip bombs)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _corrupt(path: Path) -> InputError:
    return InputError(
        str(path),
        "tệp Word (.docx) bị hỏng hoặc không đúng định dạng, không đọc được.",
        "the Word (.docx) file is damaged or not a real .docx file.",
        hint="Mở tệp bằng Word hoặc LibreOffice và lưu lại thành .docx, rồi thử lại.",
    )


class _Fonts:
    """Effective font of a run: run, character style, paragraph style chain, document defaults."""

    def __init__(self, styles_root: Any) -> None:
        self.style_font: dict[str, str | None] = {}
        self.based_on: dict[str, str] = {}
        self.default_para = ""
        self.default_font: str | None = None
        if styles_root is None:
            return
        defaults = styles_root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default_font = _rfonts(defaults)
        for st in styles_root.iter(f"{_W}style"):
            sid = st.get(f"{_W}styleId") or ""
            self.style_font[sid] = _rfonts(st.find(f"{_W}rPr"))
            base = st.find(f"{_W}basedOn")
            if base is not None:
                self.based_on[sid] = base.get(f"{_W}val") or ""
            if st.get(f"{_W}type") == "paragraph" and st.get(f"{_W}default") in ("1", "true"):
                self.default_para = sid

    def _chain(self, sid: str) -> str | None:
        seen: set[str] = set()
        while sid and sid not in seen:
            seen.add(sid)
            font = self.style_font.get(sid)
            if font:
                return font
            sid = self.based_on.get(sid, "")
        return None

    def of_run(self, r: Any, p_style: str) -> str | None:
        rpr = r.find(f"{_W}rPr")
        font = _rfonts(rpr)
        if font:
            return font
        if rpr is not None:
            rstyle = rpr.find(f"{_W}rStyle")
            if rstyle is not None and (font := self._chain(rstyle.get(f"{_W}val") or "")):
                return font
        return self._chain(p_style or self.default_para) or self.default_font


def _rfonts(rpr: Any) -> str | None:
    if rpr is None:
        return None
    rf = rpr.find(f"{_W}rFonts")
    if rf is None:
        return None
    # Word draws characters above U+007F with the hAnsi font, ASCII with the ascii font
    name: str | None = rf.get(f"{_W}hAnsi") or rf.get(f"{_W}ascii")
    return name


def _run_text(r: Any) -> str:
    parts: list[str] = []
    for child in r:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _paragraph_text(p: Any, fonts: _Fonts) -> str:
    ppr = p.find(f"{_W}pPr")
    pstyle = ppr.find(f"{_W}pStyle") if ppr is not None else None
    p_style = pstyle.get(f"{_W}val") or "" if pstyle is not None else ""
    out: list[str] = []
    for r in p.iter(f"{_W}r"):
        text = _run_text(r)
        if not text:
            continue
        legacy = font_codec(fonts.of_run(r, p_style))
        if legacy is not None:
            codec, upper = legacy
            text = decode_tcvn3(text, upper=upper) if codec == "tcvn3" else decode_vni(text)
        out.append(text)
    return "".join(out).strip()


def _cell_text(tc: Any, fonts: _Fonts) -> str:
    parts: list[str] = []
    for child in tc:
        if child.tag == f"{_W}p":
            parts.append(_paragraph_text(child, fonts))
        elif child.tag == f"{_W}tbl":
            parts.extend(CELL_SEPARATOR.join(row) for row in _table_rows(child, fonts))
    return " ".join(p for p in parts if p)


def _table_rows(tbl: Any, fonts: _Fonts) -> Iterator[list[str]]:
    """The cell texts of each row; vertically merged cells repeat the text of the cell they continue."""
    above: dict[int, str] = {}
    for tr in tbl.iter(f"{_W}tr"):
        if tr.getparent() is not tbl:
            continue
        row: list[str] = []
        col = 0
        for tc in tr.findall(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(f"{_W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(f"{_W}val") or 1))
                vm = tcpr.find(f"{_W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{_W}val") or "continue"
            text = above.get(col, "") if vmerge == "continue" else _cell_text(tc, fonts)
            above[col] = text
            row.append(text)
            col += span
        yield row


def docx_lines(path: Path) -> Iterator[tuple[int, str, str | None]]:
    """``(number, text, cell)`` for every paragraph and table row of a .docx file."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise _corrupt(path) from None
    if info.file_size > MAX_XML_BYTES:
        raise InputTooLarge(
            str(path),
            f"nội dung tệp Word quá lớn khi giải nén ({info.file_size // 1_000_000} MB).",
            f"the Word file's content is too large once unpacked ({info.file_size // 1_000_000} MB).",
        )
    try:
        import docx

        document = docx.Document(str(path))
        body = document.element.body
        styles_root = document.styles.element
    except Exception:
        raise _corrupt(path) from None
    fonts = _Fonts(styles_root)
    number = 0
    tables = 0
    for child in body:
        if child.tag == f"{_W}p":
            number += 1
            yield number, _paragraph_text(child, fonts), None
        elif child.tag == f"{_W}tbl":
            tables += 1
            for r, cells in enumerate(_table_rows(child, fonts), 1):
                number += 1
                text = CELL_SEPARATOR.join(cells) if any(cells) else ""
                yield number, text, f"bảng {tables}, hàng {r}"


def read_docx(path: Path, *, max_bytes: int, block_lines: int) -> Iterator[Document]:
    """The blocks of a .docx file (see the module's notes for how lines are made)."""
    check_path(path, max_bytes=max_bytes)
    lines = (Line(number, text, text, cell=cell) for number, text, cell in docx_lines(path))
    yield from blocks_of_lines(str(path), lines, block_lines=block_lines, meta={"reader": "docx"})
