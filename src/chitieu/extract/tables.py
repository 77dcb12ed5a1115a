"""Facts from tables: rows of cells joined by " | " (Word tables, text tables).

A table of targets and results reads by its header: the column that names the
indicators, the unit column (``ĐVT``), and the value columns whose headers say
what they hold — a plan (``Kế hoạch 2024``, ``Nghị quyết``), a result
(``Thực hiện 2023``, ``Ước thực hiện``), an attainment (``So sánh (%)``, ``Tỷ lệ
đạt``) or a change (``Tăng/giảm``). Each value cell of a data row becomes a fact
of that row's indicator, on the row's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from chitieu.extract.indicators import child_name
from chitieu.extract.periods import period_in, settle_period
from chitieu.extract.roles import PER_TEN_THOUSAND, is_measure_unit
from chitieu.model import Context, Fact, Line, Role
from chitieu.text.normalize import fold
from chitieu.text.numbers import find_quantities
from chitieu.text.units import canonical_unit, is_known_unit

__all__ = ["SEPARATOR", "Caption", "Column", "is_table_row", "table_facts"]

SEPARATOR = " | "
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NUMBERING = re.compile(r"^\s*(?:[IVX]+|\d{1,3}|[a-zđ])[.)]?\s+(?=\S)")
_DIGIT = re.compile(r"\d")
_NAME_UNIT = re.compile(r"\s*\(([^()]{1,25})\)\s*$")
_INDEX_CELL = re.compile(r"^\s*(?:[IVX]{1,4}|\d{1,3}|[a-zđ])[.)]?\s*$")


@dataclass(frozen=True, slots=True)
class Column:
    """What one column of a table holds."""

    kind: str  # "name", "unit", "index", "value", "other"
    role: Role = "actual"
    period: int | None = None
    basis: str | None = None
    estimate: bool = False
    percent: bool = False  # the header says the column is in % ("Tăng/giảm (%)")
    period_kind: str | None = None  # the kind of period the header names ("9 tháng 2024")
    period_number: int | None = None  # its number within the year ("Quý III/2024": 3)


_CHILD_ROW = re.compile(r"^\s*[-+•]?\s*(?:trong\s+đó|trong\s+do|riêng|rieng)\s*[:,]?\s*", re.IGNORECASE)


def is_table_row(text: str) -> bool:
    """Whether a line is a table row: at least two cells joined by " | "."""
    return SEPARATOR in text


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split("|")]


def _is_header(cells: list[str]) -> bool:
    """A header row holds words, and no figures besides years."""
    return not any(_DIGIT.search(_MONTHS.sub("", _YEAR.sub("", c))) for c in cells) and any(c for c in cells)


_MONTHS = re.compile(r"\b\d{1,2}\s+(?:tháng|thang)\b|\b(?:tháng|thang)\s+\d{1,2}\b", re.IGNORECASE)


def _column(header: str, index: int, ctx: Context) -> Column:
    col = _column_of(header, index, ctx)
    if col.kind != "value" or col.period is None:
        return col
    named = period_in(fold(header))
    kind: str | None
    if named is not None:
        kind, number = named.kind, named.number
    elif _YEAR.search(header):
        kind, number = "year", None
    else:
        kind, number = ctx.period_kind or "year", ctx.period_number
    _, settled, number = settle_period(col.period, kind, number, context=(ctx.period_kind, ctx.period_number))
    return replace(col, period_kind=settled, period_number=number)


def _column_of(header: str, index: int, ctx: Context) -> Column:
    f = fold(header)
    years = [int(y) for y in _YEAR.findall(header)]
    period = years[-1] if years else ctx.period
    if re.fullmatch(r"\s*(?:stt|tt|so tt)\s*", f):
        return Column("index")
    if re.fullmatch(r"\s*(?:ten )?(?:chi tieu|noi dung|danh muc|chi tieu chu yeu|linh vuc)\s*", f):
        return Column("name")
    if re.search(r"\b(?:don vi tinh|dvt|don vi)\b", f):
        return Column("unit")
    if re.search(r"\b(?:tang|giam|tang truong)\b", f) and "ke hoach" not in f:
        return Column("value", "change", period, "cùng kỳ" if "cung ky" in f else None, percent="%" in f)
    if re.search(r"\b(?:so sanh|ty le dat|% ke hoach|% kh|% so|muc dat|dat %|ty le %)\b|%", f):
        basis = (
            "cùng kỳ"
            if re.search(r"cung ky|nam truoc", f)
            else ("kế hoạch" if re.search(r"\b(?:ke hoach|kh)\b", f) else None)
        )
        basis = basis or ("Nghị quyết" if re.search(r"\b(?:nghi quyet|nq)\b", f) else None)
        basis = basis or ("dự toán" if "du toan" in f else None)
        return Column("value", "attainment", period, basis)
    if re.search(r"\b(?:ke hoach|kh|chi tieu|nghi quyet|nq|muc tieu|du toan)\b", f):
        basis = (
            "Nghị quyết"
            if re.search(r"\b(?:nghi quyet|nq)\b", f)
            else ("dự toán" if "du toan" in f else "kế hoạch")
        )
        return Column("value", "target", period, basis)
    if re.search(r"\b(?:thuc hien|uoc|ket qua|so lieu|dat duoc)\b", f):
        return Column("value", "actual", period, None, estimate="uoc" in f)
    if index == 0 or re.search(r"\b(?:chi tieu|noi dung|ten)\b", f):
        return Column("name")
    if period_in(f) is not None:
        # a header that only names a period ("Quý III/2025", "9 tháng 2025") holds figures of
        # that period, read as the part of the report says
        return Column("value", "target" if ctx.targets else "actual", period)
    return Column("other")


def _columns(header: list[str], ctx: Context) -> list[Column]:
    cols = [_column(h, i, ctx) for i, h in enumerate(header)]
    if not any(c.kind == "name" for c in cols):
        # the first column that is not an index names the indicators
        for i, c in enumerate(cols):
            if c.kind in ("other", "index") and (c.kind == "other" or i == len(cols) - 1):
                cols[i] = Column("name")
                break
    return cols


_CAPTION = re.compile(
    r"^\s*(?:bang|bieu)(?:\s+so)?\s+(?:\d+|[ivx]+)(?![\d\w])(?![.,]\d|\s*%)\s*[.:\-–]?\s*(?P<name>.*?)\s*$"
)
_CAPTION_UNIT = re.compile(r"\((?:don vi(?: tinh)?\s*:?\s*|dvt\s*:?\s*)?(?P<unit>[^()]{1,30})\)\s*$")


@dataclass(frozen=True, slots=True)
class Caption:
    """What a table's caption says of its rows: a unit ("(triệu tấn)"), and a whole broken
    down by its rows ("Hàng hóa thông qua cảng biển theo khu vực")."""

    unit: str = ""
    whole: str = ""

    @classmethod
    def read(cls, text: str) -> Caption | None:
        """The caption in ``text`` ("Bảng 1. … (triệu tấn)"), or None if it is no caption."""
        folded = fold(text)
        m = _CAPTION.match(folded)
        if m is None or not text.lstrip()[:1].isupper():
            return None
        name = text[m.start("name") : m.end("name")]
        unit = ""
        u = _CAPTION_UNIT.search(fold(name))
        if u is not None:
            unit = canonical_unit(name[u.start("unit") : u.end("unit")])
            name = name[: u.start()].strip()
        by = fold(name).find(" theo ")
        return cls(unit, name[:by].strip() if by > 0 else "")


def table_facts(
    rows: list[tuple[Line, Context]], *, source: str = "", caption: Caption | None = None
) -> list[Fact]:
    """The facts of consecutive table rows (the first row without figures is the header)."""
    facts: list[Fact] = []
    columns: list[Column] | None = None
    header: list[str] = []
    seen_data = False
    parent = ""  # the name of the row before, for a row that is a part of it ("Trong đó: …")
    for line, ctx in rows:
        cells = _cells(line.text)
        if not seen_data and _is_header(cells) and not (header and _INDEX_CELL.match(cells[0])):
            # (a row numbered "I", "II" under the header is a group of rows: "I | KINH TẾ")
            # a header may take two rows ("Năm 2023" over "Kế hoạch | Thực hiện"): read them together
            header = [f"{a} {b}".strip() for a, b in _pad(header, cells)] if header else cells
            columns = _columns(header, ctx)
            continue
        if columns is None:
            columns = _default_columns(len(cells), ctx)
        seen_data = True
        row = _row_facts(line, ctx, cells, columns, source, caption or Caption(), parent)
        if row and not _CHILD_ROW.match(row[0].indicator):
            parent = row[0].indicator
        facts.extend(row)
    return facts


def _pad(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    n = max(len(a), len(b))
    return list(zip(a + [""] * (n - len(a)), b + [""] * (n - len(b)), strict=True))


def _default_columns(n: int, ctx: Context) -> list[Column]:
    """Without a header: name, then unit, then values read as the part of the report says."""
    role: Role = "target" if ctx.targets else "actual"
    cols = [Column("name")]
    if n > 2:
        cols.append(Column("unit"))
    cols += [Column("value", role, ctx.period)] * (n - len(cols))
    return cols


def _row_facts(
    line: Line,
    ctx: Context,
    cells: list[str],
    columns: list[Column],
    source: str,
    caption: Caption,
    parent: str = "",
) -> list[Fact]:
    name = ""
    unit = ""
    for cell, col in zip(cells, columns, strict=False):
        if col.kind == "name" and not name:
            name = _NUMBERING.sub("", cell).strip(" :")
        elif col.kind == "unit":
            unit = canonical_unit(cell) if cell else ""
    if not name:
        return []
    child = _CHILD_ROW.match(name)
    if child is not None:
        # "Trong đó: hàng container" under "Hàng hóa thông qua cảng biển": a part of the row before
        name = child_name(parent, name[child.end() :]) or name[child.end() :].strip()
    if not unit:
        in_name = _NAME_UNIT.search(name)
        if in_name is not None and is_known_unit(in_name.group(1)):
            # "Kim ngạch xuất khẩu (triệu USD)": the unit written in the name's brackets
            unit, name = canonical_unit(in_name.group(1)), name[: in_name.start()].rstrip()
    unit = unit or caption.unit
    if unit and "/" not in unit and PER_TEN_THOUSAND.search(fold(name)) and not is_measure_unit(unit):
        unit = f"{unit}/vạn dân"  # "Số bác sĩ trên vạn dân | bác sĩ": a count per ten thousand people
    if caption.whole:
        name = f"{caption.whole} {name[:1].lower() + name[1:] if not name[:2].isupper() else name}"
    out = []
    for cell, col in zip(cells, columns, strict=False):
        if col.kind != "value" or not _DIGIT.search(cell):
            continue
        cell_unit = "%" if col.role == "attainment" or col.percent else unit
        text = cell if (not cell_unit or cell_unit in cell or "%" in cell) else f"{cell} {cell_unit}"
        found = find_quantities(text)
        if not found:
            continue
        q = found[0]
        value, low, high = q.value, q.low, q.high
        if col.role == "change" and fold(cell).startswith("giam") and value is not None:
            value = -value
        out.append(
            Fact(
                line=line.number,
                indicator=name[:1].upper() + name[1:],
                role=col.role,
                op=q.op,
                value=value,
                low=low,
                high=high,
                of=q.of,
                unit=q.unit or cell_unit,
                basis=col.basis,
                period=col.period,
                period_kind=col.period_kind,
                period_number=col.period_number,
                estimate=col.estimate,
                section=ctx.section,
                source=source,
                page=line.page,
                text=" ".join(line.text.split()),
            )
        )
    return out
