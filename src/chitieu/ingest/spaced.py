"""Tables whose cells came out joined by single spaces: a scanned table read by OCR.

Tesseract reads a table row by row but writes its cells apart by one space, as it writes
words, and so does ``pdftotext`` without ``-layout``::

    STT Chỉ tiêu Đơn vị Ước thực hiện Kế hoạch
    năm 2024 năm 2025
    1 Tốc độ tăng trưởng tổng sản phẩm % 7,4 8,5
    trên địa bàn (GRDP)

Such a table is found by its header, a line made only of the words that head a table's
columns (``lexicon/structure.toml`` ``[table_header]``: the number, the names, the unit
and the columns of values, each value column's words followed or not by a period), with
an optional second line that only names the value columns' periods. Each row after it
is a number (or none), the name, the unit where the header has a unit column (the
longest known unit right before the figures), and its figures, which end the line and
fill the value columns from the left. A line without figures after a row is the rest of
its name; "II CHỈ TIÊU XÃ HỘI" is a group row. The rows are written as table rows (cells
joined by " | ") on their own lines, so extraction reads each value by its column's header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from chitieu.extract.lexicon import phrase_class
from chitieu.extract.tables import SEPARATOR
from chitieu.model import Line
from chitieu.text.normalize import fold
from chitieu.text.units import is_known_unit

__all__ = ["NAMES_COLUMN", "spaced_rows"]

_FIGURE = re.compile(r"^[<>≥≤~+\-]?\d[\d.,]*%?$|^[-–x]$")
_INDEX = re.compile(r"^(?:[IVX]{1,4}|\d{1,3}|[a-zđ])[._)]?$")
_PERIOD = r"(?:\s+(?:\(?%\)?|(?:nam\s+)?(?:19|20)\d\d|\d{1,2}\s+thang(?:\s+(?:19|20)\d\d)?|quy\s+[ivx]+(?:/(?:19|20)\d\d)?))*"
_PERIOD_LINE = re.compile(r"^(?:(?:nam\s+)?(?:19|20)\d\d|\d{1,2}\s+thang|quy\s+[ivx]+|\(%\))(?:\s+|$)")
# the names' column of a header, as written with or without its marks: a cheap test that
# spares folding every line (the header's words proper are data, [table_header])
NAMES_COLUMN = re.compile(r"(?i)\b(?:ch[iỉ]\s+ti[eêế]u|n[oộ]i\s+dung|danh\s+m[uụ]c|l[iĩ]nh\s+v[uự]c)\b")
_MAX_WRAP_WORDS = 10
_MAX_GAP = 1  # lines that are neither rows nor names between two rows


@lru_cache(maxsize=1)
def _header_re() -> re.Pattern[str]:
    """The header expression, built from the lexicon on first use (not at import)."""

    def alt(key: str) -> str:
        phrases = phrase_class("structure", "table_header", key).phrases
        return "|".join(p.replace(" ", r"\s+") for p in sorted(phrases, key=len, reverse=True))

    return re.compile(
        rf"^(?P<index>(?:{alt('index')})\s+)?(?P<name>{alt('name')})"
        rf"(?P<unit>\s+(?:{alt('unit')}))?(?P<values>(?:\s+(?:{alt('value')}){_PERIOD})+)\s*$"
    )


def _value_columns(values: str) -> list[str]:
    """The value columns' headers, as written in the folded header ("uoc thuc hien", "ke hoach")."""
    phrases = phrase_class("structure", "table_header", "value")
    out: list[str] = []
    m = phrases.search(values)
    while m is not None:
        out.append(m.group())
        m = phrases.search(values, m.end())
    return out


def spaced_rows(lines: Sequence[Line]) -> tuple[Line, ...] | None:
    """``lines`` with the rows of single-spaced tables (OCR) written as table rows, or ``None``."""
    texts: dict[int, str] = {}
    i = 0
    n = len(lines)
    while i < n:
        text = lines[i].text.strip()
        if not text or len(text) > 160 or SEPARATOR in text or not NAMES_COLUMN.search(text):
            i += 1
            continue
        m = _header_re().match(fold(text))
        if m is None:
            i += 1
            continue
        header = _header_cells(text, m)
        if header is None:
            i += 1
            continue
        cells, has_unit, n_values = header
        j = _next_text(lines, i + 1)
        periods: list[str] = []
        if j is not None and _is_period_line(lines[j].text, n_values):
            periods = _period_cells(lines[j].text)
            texts[j] = ""
            j = _next_text(lines, j + 1)
        if periods:
            cells = cells[: len(cells) - n_values] + [
                f"{v} {p}" for v, p in zip(cells[-n_values:], periods, strict=True)
            ]
        rows, end = _rows(lines, j, has_unit, n_values)
        if sum(1 for r in rows.values() if r[2:]) >= 2:
            texts[i] = SEPARATOR.join(cells)
            texts.update({k: SEPARATOR.join(r) if r else "" for k, r in rows.items()})
        i = max(end, i + 1)
    if not texts:
        return None
    return tuple(
        Line(ln.number, ln.raw, texts[k], ln.page, ln.cell) if k in texts else ln
        for k, ln in enumerate(lines)
    )


def _header_cells(text: str, m: re.Match[str]) -> tuple[list[str], bool, int] | None:
    words = text.split()
    folded = m.string  # the header was matched on the folded text
    if len(words) != len(folded.split()):
        return None

    def span(group: str) -> str:
        start, end = m.span(group)
        if start < 0:
            return ""
        # the folded text keeps the words of the text one for one: count words to map back
        first = len(folded[:start].split())
        last = len(folded[:end].split())
        return " ".join(words[first:last])

    values_folded = m.group("values")
    columns = _value_columns(values_folded)
    if not columns:
        return None
    # split the value part of the text at the start of each value column's words
    value_words = span("values").split()
    folded_value_words = values_folded.split()
    starts = []
    pos = 0
    for col in columns:
        first = col.split()[0]
        while pos < len(folded_value_words) and folded_value_words[pos] != first:
            pos += 1
        starts.append(pos)
        pos += len(col.split())
    values = [
        " ".join(value_words[a:b]) for a, b in zip(starts, [*starts[1:], len(value_words)], strict=True)
    ]
    cells = [span("index") or "STT", span("name")]
    if m.group("unit"):
        cells.append(span("unit"))
    return cells + values, bool(m.group("unit")), len(values)


def _next_text(lines: Sequence[Line], i: int) -> int | None:
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    return i if i < len(lines) else None


def _is_period_line(text: str, n_values: int) -> bool:
    return len(_period_cells(text)) == n_values and n_values > 0


def _period_cells(text: str) -> list[str]:
    """ "năm 2024 năm 2025" as its cells, or ``[]`` when the line names anything but periods."""
    words = text.split()
    folded = fold(text).split()
    out: list[str] = []
    k = 0
    while k < len(folded):
        m = _PERIOD_LINE.match(" ".join(folded[k:]))
        if m is None:
            return []
        size = len(m.group().split())
        out.append(" ".join(words[k : k + size]))
        k += size
    return out


def _rows(
    lines: Sequence[Line], start: int | None, has_unit: bool, n_values: int
) -> tuple[dict[int, list[str]], int]:
    rows: dict[int, list[str]] = {}
    if start is None:
        return rows, len(lines)
    last: int | None = None
    gap = 0
    k = start
    while k < len(lines):
        text = lines[k].text.strip()
        if not text:
            k += 1
            continue
        row = _row(text, has_unit, n_values)
        if row is not None:
            rows[k] = row
            last, gap = k, 0
        elif last is not None and rows[last][2:] and _is_wrap(text):
            rows[last][1] += " " + text  # the rest of the row's name
            rows[k] = []
        elif _is_group(text):
            index, _, rest = text.partition(" ")
            rows[k] = [index.rstrip("._"), rest.strip()]
            last = k
        else:
            gap += 1
            if gap > _MAX_GAP:
                break
        k += 1
    return rows, k


def _row(text: str, has_unit: bool, n_values: int) -> list[str] | None:
    words = text.split()
    figures = 0
    while figures < len(words) and figures < n_values and _FIGURE.match(words[len(words) - 1 - figures]):
        figures += 1
    if figures == 0 or figures == len(words):
        return None
    head = words[: len(words) - figures]
    values = words[len(words) - figures :]
    index = ""
    if _INDEX.match(head[0]) and len(head) > 1:
        index, head = head[0].rstrip("._)"), head[1:]
    unit = ""
    if has_unit:
        for size in (3, 2, 1):
            if len(head) > size and is_known_unit(" ".join(head[-size:])):
                unit, head = " ".join(head[-size:]), head[:-size]
                break
    if not head or not any(c.isalpha() for c in " ".join(head)):
        return None
    cells = [index, " ".join(head)] + ([unit] if has_unit else [])
    return cells + values + [""] * (n_values - len(values))


def _is_wrap(text: str) -> bool:
    words = text.split()
    return (
        len(words) <= _MAX_WRAP_WORDS
        and not any(_FIGURE.match(w) for w in words)
        and not text.endswith((".", ":"))
        and not _is_group(text)
    )


def _is_group(text: str) -> bool:
    first, _, rest = text.partition(" ")
    return bool(rest) and re.match(r"^[IVX]{1,4}[._)]?$", first) is not None and rest.upper() == rest
