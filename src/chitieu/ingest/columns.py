"""Tables laid out in aligned columns: rows whose cells are apart by runs of spaces.

``pdftotext -layout``, a report typed with spaces for columns, or a table copied out of
a PDF keep each row of a table on one line, its cells separated by two spaces or more::

    STT   Chỉ tiêu                    Đơn vị tính   Ước TH 2024   Kế hoạch 2025
    1     Tốc độ tăng trưởng GRDP     %                  7,2           8,0

Such rows are written as table rows (cells joined by " | ", as a Word table's rows are),
so that extraction reads each value by its column's header. What makes a block of rows:

- a row has three cells or more, two of them bare figures, and no cell ending in a comma
  or semicolon (justified prose, which also has double spaces between words, has both);
- it is one of two rows or more whose figures stand in the same columns (their cells
  start or end at the same places), with at most three lines between two rows: blank
  lines, group rows ("II   XÃ HỘI") and the wrapped rest of a name, which goes back into
  the name's cell;
- the header above the first row (up to three lines of words and years, "Thực hiện" over
  "năm 2024") is merged column by column into one header row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chitieu.extract.tables import SEPARATOR
from chitieu.model import Line
from chitieu.text.normalize import fold

__all__ = ["aligned_rows"]

_CELL = re.compile(r"\S+(?: \S+)*")
_NUMBER = r"[<>≥≤~+\-]?\s?\d[\d.,]*\s?%?"
_FIGURE = re.compile(rf"^(?:{_NUMBER})(?:\s?[-–]\s?{_NUMBER})?$")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_GROUP = re.compile(r"^\s*(?:[IVX]{1,4}|\d{1,3}|[a-zđ])[.)]?\s+\S")  # "II    XÃ HỘI", "1.  Kinh tế"
_FIXED_HEADER = re.compile(
    r"^(?:stt|tt|so tt|(?:ten )?chi tieu(?: chu yeu)?|noi dung|danh muc|don vi(?: tinh)?|dvt)$"
)
_NEAR = 3  # how far apart, in characters, two cells of one column may start or end
_MAX_BETWEEN = 3  # lines between two rows of a block
_HEADER_LINES = 3


@dataclass(frozen=True, slots=True)
class _Cell:
    start: int
    end: int
    text: str


def _cells(text: str) -> list[_Cell]:
    """The cells of a line: one space inside a cell, two or more between cells."""
    return [_Cell(m.start(), m.end(), m.group()) for m in _CELL.finditer(text)]


def _is_row(cells: list[_Cell]) -> bool:
    if len(cells) < 3 or any(c.text.endswith((",", ";")) for c in cells):
        return False
    figures = sum(1 for c in cells if _FIGURE.match(c.text))
    return figures >= 2 and any(_LETTER.search(c.text) for c in cells)


def _figures(cells: list[_Cell]) -> list[_Cell]:
    return [c for c in cells if _FIGURE.match(c.text)]


def _aligned(a: list[_Cell], b: list[_Cell]) -> bool:
    """Whether two rows' figures stand in the same columns: two of them (or the one) each
    under a figure of its own of the other row, starting or ending at the same place."""
    fa, fb = _figures(a), _figures(b)
    used: set[int] = set()
    for x in fa:
        for k, y in enumerate(fb):
            if k not in used and (abs(x.end - y.end) <= _NEAR or abs(x.start - y.start) <= _NEAR):
                used.add(k)
                break
    if len(used) >= min(2, len(fa), len(fb)):
        return True
    # a PDF's columns drawn in a proportional font come out of pdftotext a few characters off:
    # rows that both end in a run of two figures or more, of about the same length, are rows too
    ta, tb = _trailing_figures(a), _trailing_figures(b)
    return ta >= 2 and tb >= 2 and abs(ta - tb) <= 1


def _trailing_figures(cells: list[_Cell]) -> int:
    n = 0
    for c in reversed(cells):
        if not _FIGURE.match(c.text):
            break
        n += 1
    return n


def _is_header(cells: list[_Cell]) -> bool:
    """Words and years, no other figure ("Kế hoạch 2025", "(%)")."""
    return bool(cells) and not any(_DIGIT.search(_YEARS.sub("", c.text)) for c in cells)


def _is_wrapped_name(cells: list[_Cell], row: list[_Cell]) -> bool:
    """The rest of the previous row's name: one cell of words under the name's column."""
    if len(cells) != 1 or _DIGIT.search(cells[0].text) or len(cells[0].text.split()) > 10:
        return False
    name = _name_cell(row)
    return name is not None and cells[0].start >= row[name].start - _NEAR


def _name_cell(row: list[_Cell]) -> int | None:
    return next((i for i, c in enumerate(row) if len(_LETTER.findall(c.text)) >= 3), None)


def aligned_rows(lines: Sequence[Line]) -> tuple[Line, ...] | None:
    """``lines`` with the rows of aligned tables joined as table rows, or ``None`` when
    there is none (the common case: most documents are prose)."""
    if not any("  " in ln.text for ln in lines):
        return None
    cells = [_cells(ln.text) if "  " in ln.text else [] for ln in lines]
    rows = [i for i, c in enumerate(cells) if _is_row(c)]
    if len(rows) < 2:
        return None
    texts: dict[int, str] = {}
    block: list[int] = []
    for i in [*rows, -1]:
        if i >= 0 and block and _one_block(lines, cells, block[-1], i):
            block.append(i)
            continue
        if len(block) >= 2:
            texts.update(_block_texts(lines, cells, block))
        block = [i] if i >= 0 else []
    if not texts:
        return None
    return tuple(
        Line(ln.number, ln.raw, texts[i], ln.page, ln.cell) if i in texts else ln
        for i, ln in enumerate(lines)
    )


def _one_block(lines: Sequence[Line], cells: list[list[_Cell]], a: int, b: int) -> bool:
    between = [j for j in range(a + 1, b) if lines[j].text.strip()]
    if len(between) > _MAX_BETWEEN or not _aligned(cells[a], cells[b]):
        return False
    return all(
        len(cells[j]) >= 2 or _GROUP.match(lines[j].text) or _is_wrapped_name(cells[j], cells[a])
        for j in between
    )


def _block_texts(lines: Sequence[Line], cells: list[list[_Cell]], block: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    names: dict[int, list[str]] = {}
    last = block[0]
    for j in range(block[0], block[-1] + 1):
        if j in block:
            last = j
            names[j] = [c.text for c in cells[j]]
        elif _GROUP.match(lines[j].text) and len(cells[j]) <= 1:
            out[j] = _group_row(lines[j].text)  # "II CHỈ TIÊU XÃ HỘI", single spaced
        elif len(cells[j]) >= 2 or (cells[j] and not _is_wrapped_name(cells[j], cells[last])):
            out[j] = SEPARATOR.join(c.text for c in cells[j])  # a group row
        elif cells[j] or lines[j].text.strip():
            name = _name_cell(cells[last])
            if name is not None:
                names[last][name] += " " + lines[j].text.strip()  # the wrapped rest of a name
                out[j] = ""
    after = block[-1] + 1  # the last row's name wrapped onto the line under it (a blank between)
    if after + 1 < len(lines) and not lines[after].text.strip() and cells[after + 1]:
        after += 1
    if after < len(lines) and cells[after] and _is_wrapped_name(cells[after], cells[last]):
        name = _name_cell(cells[last])
        if name is not None:
            names[last][name] += " " + lines[after].text.strip()
            out[after] = ""
    for j, row in names.items():
        out[j] = SEPARATOR.join(row)
    header = _header(lines, cells, block[0])
    if header is not None:
        first, text = header
        out[first] = text
        for j in range(first + 1, block[0]):
            if _GROUP.match(lines[j].text):
                out[j] = (
                    SEPARATOR.join(c.text for c in cells[j])
                    if len(cells[j]) > 1
                    else _group_row(lines[j].text)
                )
            elif lines[j].text.strip():
                out[j] = ""  # merged into the header row
    return out


def _group_row(text: str) -> str:
    """ "II CHỈ TIÊU XÃ HỘI" as the cells of a group row: its number, its name."""
    number, _, rest = text.strip().partition(" ")
    return SEPARATOR.join([number, rest.strip()])


def _header(lines: Sequence[Line], cells: list[list[_Cell]], first_row: int) -> tuple[int, str] | None:
    """The header above a block: its first line, and its cells merged column by column."""
    found: list[int] = []
    blanks = 0
    for j in range(first_row - 1, -1, -1):
        if not lines[j].text.strip():
            blanks += 1
            if found and blanks > 1:
                break  # pdftotext puts one blank line between a header's lines; two end it
            continue
        blanks = 0
        if not found and _GROUP.match(lines[j].text):
            continue  # a group row under the header ("I   KINH TẾ")
        header = cells[j] or _cells(lines[j].text)
        if len(header) < 2 or not _is_header(header) or len(found) >= _HEADER_LINES:
            break  # (a line of one cell above is a caption or a title)
        found.append(j)
    if not found:
        return None
    found.reverse()
    line_cells = [cells[j] or _cells(lines[j].text) for j in found]
    base = max(range(len(found)), key=lambda k: len(line_cells[k]))
    if len(line_cells[base]) < 3:
        return None
    columns = line_cells[base]
    merged: list[list[tuple[int, str]]] = [[(base, c.text)] for c in columns]
    # a cell naming a period ("năm 2024") belongs over a column of values, not the names' or units'
    values = [i for i, c in enumerate(columns) if not _FIXED_HEADER.match(fold(c.text))] or list(
        range(len(columns))
    )
    for k, row in enumerate(line_cells):
        if k == base:
            continue
        if len(row) == len(values) and all(_YEARS.search(c.text) for c in row):
            for i, c in zip(values, row, strict=True):  # one period over each column of values
                merged[i].append((k, c.text))
            continue
        for c in row:  # under the base cell nearest its middle
            pool = values if _YEARS.search(c.text) else range(len(columns))
            at = min(pool, key=lambda i: abs(columns[i].start + columns[i].end - c.start - c.end))
            merged[at].append((k, c.text))
    return found[0], SEPARATOR.join(" ".join(t for _, t in sorted(m)) for m in merged)
