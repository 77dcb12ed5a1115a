"""Tables copied one cell per line: a web page's or a PDF's table as plain text.

A table copied out of a web page, or read out of a PDF cell by cell, comes as one cell
per line, often with blank lines between them::

    Stt
    Chỉ tiêu chủ yếu
    Ước TH năm 2021
    I
    Kinh tế
    1
    GRDP bình quân đầu người (USD/người)
    >2.300

Such a table is found by its header (a few short lines of words and years, one of them
the names' column: "Chỉ tiêu", "Nội dung", …, and one a column of values: "Kế hoạch
2025", "Ước TH năm 2021", …), then read row by row: an optional number, a name, and up
to as many values as the header has value columns. Each value's line becomes a table row
(cells joined by " | ") holding the row's name and that value in its column, so that
extraction reads it by its column's header and the fact stays on the line where the
number stands; the header becomes one row on its first line, and the lines of numbers
and names the rows took are left blank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chitieu.extract.tables import SEPARATOR
from chitieu.ingest.spaced import NAMES_COLUMN
from chitieu.model import Line
from chitieu.text.normalize import fold

__all__ = ["cell_rows"]

_INDEX = re.compile(r"^(?:[IVX]{1,4}|\d{1,3}|[a-zđ])[.)]?$")
_NAME_HEADER = re.compile(r"^(?:ten |cac )?(?:chi tieu(?: chu yeu)?|noi dung|danh muc|linh vuc)$")
_INDEX_HEADER = re.compile(r"^(?:stt|tt|so tt)$")
_VALUE_HEADER = re.compile(
    r"\b(?:ke hoach|kh|thuc hien|th|uoc|nghi quyet|nq|so sanh|du toan|muc tieu|ket qua|chi tieu|"
    r"tang|giam|(?:19|20)\d\d)\b|%"
)
_UNIT_HEADER = re.compile(r"^(?:don vi(?: tinh)?|dvt)$")
_VALUE = re.compile(
    r"^(?:[<>≥≤~]=?\s*|[+\-]\s*)?\d|^(?:tang|giam|dat|tren|duoi|khoang|tu|it nhat|toi thieu)\s[^\n]{0,30}\d|^[-–x]$"
)
_DIGIT = re.compile(r"\d")
_PERIODS = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?!\d)|\b\d{1,2}\s+thang\b|\bthang\s+\d{1,2}\b|\bquy\s+(?:[ivx]+|\d)\b"
)
_MAX_HEADER = 8
_MAX_NAME_WORDS = 25
_MAX_VALUE_WORDS = 20


def _words(text: str) -> int:
    return len(text.split())


def _is_header_cell(text: str) -> bool:
    """Few words, and no figure but those of a period ("Ước thực hiện 9 tháng", "Quý III/2025")."""
    return _words(text) <= 6 and not _DIGIT.search(_PERIODS.sub("", fold(text)))


def _is_value(text: str) -> bool:
    return _words(text) <= _MAX_VALUE_WORDS and _VALUE.match(fold(text)) is not None


def _is_name(text: str) -> bool:
    return (
        _words(text) <= _MAX_NAME_WORDS
        and not _INDEX.match(text)
        and not _is_value(text)
        and re.search(r"[^\W\d_]{2}", text) is not None
    )


def cell_rows(lines: Sequence[Line]) -> tuple[Line, ...] | None:
    """``lines`` with each table written one cell per line rewritten as table rows, or
    ``None`` when there is none."""
    cells = [i for i, ln in enumerate(lines) if ln.text.strip()]
    # a header holds a line that is only the names' column ("Chỉ tiêu"): few lines are that short
    names = [
        k
        for k, i in enumerate(cells)
        if len(lines[i].text) < 32
        and NAMES_COLUMN.search(lines[i].text)
        and _NAME_HEADER.match(fold(lines[i].text.strip()))
    ]
    texts: dict[int, str] = {}
    k = 0
    for at in names:
        if at < k:
            continue
        k = at - 1 if at and _INDEX_HEADER.match(fold(lines[cells[at - 1]].text.strip())) else at
        header = _header_at(lines, cells, k)
        if header is None:
            continue
        end, header_cells, n_values, has_unit = header
        rows, after = _rows(lines, cells, end, n_values, unit=has_unit)
        if sum(1 for r in rows if len(r) > (3 if has_unit else 2)) < 2:
            continue
        first = cells[k]
        texts[first] = SEPARATOR.join(header_cells)
        for j in cells[k + 1 : end]:
            texts[j] = ""
        for row in rows:
            texts.update(_row_texts(lines, row, len(header_cells), unit=has_unit))
        k = after
    if not texts:
        return None
    return tuple(
        Line(ln.number, ln.raw, texts[i], ln.page, ln.cell) if i in texts else ln
        for i, ln in enumerate(lines)
    )


def _header_at(lines: Sequence[Line], cells: list[int], k: int) -> tuple[int, list[str], int, bool] | None:
    """The header starting at non-blank line ``k``: where it ends (the next cell's position
    in ``cells``), its cells (with an index column first), how many value columns it has and
    whether one column is the unit."""
    out: list[str] = []
    name_at = -1
    j = k
    while j < len(cells) and j - k < _MAX_HEADER:
        text = lines[cells[j]].text.strip()
        f = fold(text)
        if not _is_header_cell(text) or _INDEX.match(text):
            break
        if _NAME_HEADER.match(f):
            if name_at >= 0:
                break
            name_at = len(out)
        elif name_at < 0 and not _INDEX_HEADER.match(f):
            return None  # the header opens with the index or the names
        elif name_at >= 0 and not (_VALUE_HEADER.search(f) or _UNIT_HEADER.match(f)):
            break
        out.append(text)
        j += 1
    if name_at < 0:
        return None
    values = out[name_at + 1 :]
    has_unit = any(_UNIT_HEADER.match(fold(v)) for v in values)
    n_values = len(values) - (1 if has_unit else 0)
    if n_values < 1:
        return None
    if name_at == 0:
        out.insert(0, "STT")
    return j, out, n_values, has_unit


def _rows(
    lines: Sequence[Line], cells: list[int], k: int, n_values: int, *, unit: bool
) -> tuple[list[list[int]], int]:
    """The rows after a header, each the line indices of its number (-1 if none), name, unit
    (with a unit column) and values; and where they stop."""
    rows: list[list[int]] = []
    while k < len(cells):
        row = [-1]
        if _INDEX.match(lines[cells[k]].text.strip()):
            row[0] = cells[k]
            k += 1
        if k >= len(cells) or not _is_name(lines[cells[k]].text.strip()):
            break
        row.append(cells[k])
        k += 1
        if unit and k < len(cells):
            text = lines[cells[k]].text.strip()
            if _words(text) <= 3 and not _is_value(text) and not _INDEX.match(text):
                row.append(cells[k])
                k += 1
            else:
                row.append(-1)
        values = 0
        while k < len(cells) and values < n_values and _is_value(lines[cells[k]].text.strip()):
            if _INDEX.match(lines[cells[k]].text.strip()) and (
                k + 1 < len(cells) and _is_name(lines[cells[k + 1]].text.strip())
            ):
                break  # the next row's number ("1" before "Tốc độ tăng trưởng …")
            row.append(cells[k])
            k += 1
            values += 1
        if unit and values == 0:
            row = row[:2]  # a group row ("I", "Kinh tế"): no unit either
        rows.append(row)
    return rows, k


def _row_texts(lines: Sequence[Line], row: list[int], width: int, *, unit: bool) -> dict[int, str]:
    """One table row per value, on the value's line: the row's number, name (and unit), that
    value in its column and the other columns empty; the lines the row took otherwise blank."""
    fixed = 3 if unit else 2
    index, head, values = row[0], row[1:fixed], row[fixed:]
    out: dict[int, str] = {j: "" for j in row if j >= 0}
    lead = [lines[index].text.strip() if index >= 0 else ""] + [
        lines[j].text.strip() if j >= 0 else "" for j in head
    ]
    if len(row) <= 2:
        out[row[1]] = SEPARATOR.join(lead[:2])  # a group row ("I | Kinh tế")
        return out
    for pos, j in enumerate(values):
        row_cells = lead + [""] * (width - len(lead))
        row_cells[len(lead) + pos] = lines[j].text.strip()
        out[j] = SEPARATOR.join(row_cells)
    return out
