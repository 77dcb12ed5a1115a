"""Reading DHIS2 ``dataValueSets`` JSON, Open SDG CSV and SDMX-CSV into records, every line checked.

A :class:`Record` is one figure as the file names it (indicator and unit by their
codes in that file, the period already parsed); :mod:`chitieu.exchange.imports`
resolves the codes against the store and writes. Each problem of a line is a
:class:`LineError` naming the file, the line (the record's index for JSON), the field
and what is wrong, in Vietnamese and English; reading goes on to the end of the file.

* DHIS2: ``{"period", "orgUnit", "dataValues": [{"dataElement", "period", "orgUnit",
  "value", "comment", "categoryOptionCombo"}]}``; the top-level ``period`` and
  ``orgUnit`` are defaults for the values. Periods in DHIS2 syntax: ``2024``,
  ``2024Q3``, ``202409``, ``2024S1``. A comment containing ``ước tính`` marks an
  estimate (what our export writes). A value of a category option combination other
  than the default is a disaggregation chitieu does not keep: skipped, and counted.
* Open SDG: columns ``Year`` and ``Value``; optional ``Units``, ``Series`` (``Chỉ
  tiêu`` rows are targets, any other value results), ``GeoCode`` or ``Đơn vị hành
  chính`` (the unit), ``Indicator``; any other column is a disaggregation: rows with a
  value in one are skipped, and counted. Without an ``Indicator`` column the indicator
  comes from the option, else from the file name (``indicator_<code>.csv``).
* SDMX-CSV 1.0 (first column ``DATAFLOW``) and 2.0 (``STRUCTURE``, ``STRUCTURE_ID``,
  ``ACTION``): ``REF_AREA``, ``INDICATOR`` (or ``SERIES``, ``MEASURE``: the measure
  dimension), ``TIME_PERIOD`` (``2024``, ``2024-Q3``, ``2024-09`` or ``2024-M09``,
  ``2024-S1``), ``OBS_VALUE``, ``UNIT_MEASURE``, ``OBS_STATUS`` (``E``: estimate),
  ``FREQ`` (checked against the period). Headers and values with labels
  (``REF_AREA: Reference area``, ``84: Trà Vinh``) are read by their codes. ``ACTION``
  ``D`` (delete) is refused.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from chitieu.domain import Period
from chitieu.errors import InputError

__all__ = [
    "FORMATS",
    "Format",
    "LineError",
    "Parsed",
    "Record",
    "parse",
    "parse_dhis2_period",
    "parse_sdmx_period",
]

Format = Literal["dhis2", "opensdg", "sdmx"]
FORMATS: tuple[Format, ...] = ("dhis2", "opensdg", "sdmx")
Kind = Literal["actual", "target"]
MAX_ERRORS = 200  # reading stops collecting beyond this many (the count goes on)

_DHIS2_PERIOD = re.compile(r"(?P<y>\d{4})(?:(?P<m>\d{2})|Q(?P<q>[1-4])|S(?P<s>[12]))?")
_SDMX_PERIOD = re.compile(r"(?P<y>\d{4})(?:-(?:A1|M?(?P<m>\d{2})|Q(?P<q>[1-4])|S(?P<s>[12])))?")
_DEFAULT_COMBOS = {"", "default", "HllvX50cXC0"}  # DHIS2's default category option combination
_TARGET_SERIES = {"chi tieu", "ke hoach", "target", "targets"}
_FREQ = {"A": "year", "M": "month", "Q": "quarter", "S": "half"}


@dataclass(frozen=True, slots=True)
class LineError:
    """One problem of one line (``record``: ``line`` is the index of a JSON record, from 1)."""

    file: str
    line: int
    field: str
    message: str
    message_en: str
    record: bool = False

    def text(self, en: bool = False) -> str:
        if en:
            where = f"record {self.line}" if self.record else f"line {self.line}"
            return f"{self.file}, {where}, field {self.field}: {self.message_en}"
        where = f"bản ghi {self.line}" if self.record else f"dòng {self.line}"
        return f"{self.file}, {where}, trường {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class Record:
    """One figure read from a file: codes as the file writes them; the fields they came from."""

    line: int
    indicator: str
    unit: str
    period: Period
    value: float
    kind: Kind = "actual"
    estimate: bool = False
    unit_of_measure: str = ""
    indicator_field: str = "indicator"
    unit_field: str = "unit"
    record: bool = False  # line is a JSON record's index


@dataclass(frozen=True, slots=True)
class Ref:
    """The codes of a line that has other errors: still looked up, so that every error is told at once."""

    line: int
    indicator: str
    indicator_field: str
    unit: str
    unit_field: str
    record: bool = False


@dataclass
class Parsed:
    """What a file holds: its records, the errors of its lines, the lines skipped (disaggregations)."""

    file: str
    records: list[Record] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    skipped: int = 0
    error_count: int = 0
    partial: list[Ref] = field(default_factory=list)  # lines with errors, by their codes

    def error(self, line: int, name: str, vi: str, en: str, *, record: bool = False) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(LineError(self.file, line, name, vi, en, record))


def parse_dhis2_period(text: str) -> Period:
    """A DHIS2 period (``2024``, ``202409``, ``2024Q3``, ``2024S1``); ``ValueError`` for any other."""
    m = _DHIS2_PERIOD.fullmatch(text.strip())
    if not m:
        raise ValueError(text)
    return _period(m)


def parse_sdmx_period(text: str) -> Period:
    """An SDMX ``TIME_PERIOD`` (``2024``, ``2024-A1``, ``2024-09``, ``2024-M09``, ``2024-Q3``, ``2024-S1``)."""
    m = _SDMX_PERIOD.fullmatch(text.strip())
    if not m:
        raise ValueError(text)
    return _period(m)


def _period(m: re.Match[str]) -> Period:
    year = int(m["y"])
    if m["m"]:
        return Period(year, "month", int(m["m"]))
    if m["q"]:
        return Period(year, "quarter", int(m["q"]))
    if m["s"]:
        return Period(year, "half", int(m["s"]))
    return Period(year)


def _number(text: Any) -> float:
    """A number as machines write it (``1234.5``); ``ValueError`` for anything else, NaN or infinity."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise ValueError(text)
    value = float(text) if not isinstance(text, str) else float(text.strip().replace(" ", ""))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _nfc(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _fold(text: str) -> str:
    from chitieu.text.normalize import fold

    return " ".join(fold(text).split())


_NUMBER_VI = "không phải số (viết kiểu máy đọc: 1234.5)."
_NUMBER_EN = "is not a number (write it as machines do: 1234.5)."


# ---------------------------------------------------------------- DHIS2


def _dhis2(p: Parsed, data: bytes) -> None:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError(p.file, "tệp không phải UTF-8.", "the file is not UTF-8.") from err
    except json.JSONDecodeError as err:
        raise InputError(p.file, f"JSON sai cú pháp ({err.msg}).", f"invalid JSON ({err.msg}).",
                         line=err.lineno) from err  # fmt: skip
    if not isinstance(doc, dict) or not isinstance(doc.get("dataValues"), list):
        raise InputError(p.file, "thiếu mảng “dataValues” (định dạng dataValueSets của DHIS2).",
                         "no “dataValues” array (DHIS2 dataValueSets format).")  # fmt: skip
    default_period, default_unit = _nfc(doc.get("period")), _nfc(doc.get("orgUnit"))
    for n, item in enumerate(doc["dataValues"], 1):
        if not isinstance(item, dict):
            p.error(
                n,
                "dataValues",
                "bản ghi phải là một đối tượng JSON.",
                "a record must be an object.",
                record=True,
            )
            continue
        _dhis2_value(p, n, item, default_period, default_unit)


def _dhis2_value(p: Parsed, n: int, item: dict[str, Any], default_period: str, default_unit: str) -> None:
    before = p.error_count

    def err(name: str, vi: str, en: str) -> None:
        p.error(n, name, vi, en, record=True)

    element, unit = _nfc(item.get("dataElement")), _nfc(item.get("orgUnit")) or default_unit
    period_text = _nfc(item.get("period")) or default_period
    if not element:
        err("dataElement", "thiếu mã chỉ tiêu (dataElement).", "the data element is missing.")
    if not unit:
        err("orgUnit", "thiếu mã đơn vị (orgUnit).", "the organisation unit is missing.")
    period = None
    if not period_text:
        err("period", "thiếu kỳ báo cáo.", "the period is missing.")
    else:
        try:
            period = parse_dhis2_period(period_text)
        except ValueError:
            err("period", f"kỳ “{period_text}” không hợp lệ (ví dụ 2024, 2024Q3, 202409, 2024S1).",
                f"invalid period “{period_text}” (e.g. 2024, 2024Q3, 202409, 2024S1).")  # fmt: skip
    value = None
    if item.get("value") in (None, ""):
        err("value", "thiếu giá trị.", "the value is missing.")
    else:
        try:
            value = _number(item["value"])
        except ValueError:
            err("value", f"“{item['value']}” {_NUMBER_VI}", f"“{item['value']}” {_NUMBER_EN}")
    if item.get("deleted") is True:
        err("deleted", "không nhận bản ghi xóa số liệu (deleted: true).", "deletions are not imported.")
    if p.error_count > before or period is None or value is None:
        p.partial.append(Ref(n, element, "dataElement", unit, "orgUnit", record=True))
        return
    if _nfc(item.get("categoryOptionCombo")) not in _DEFAULT_COMBOS:
        p.skipped += 1
        return
    estimate = "uoc tinh" in _fold(_nfc(item.get("comment")))
    p.records.append(Record(n, element, unit, period, value, estimate=estimate, indicator_field="dataElement",
                            unit_field="orgUnit", record=True))  # fmt: skip


# ---------------------------------------------------------------- CSV


def _rows(p: Parsed, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError(p.file, "tệp không phải UTF-8.", "the file is not UTF-8.") from err
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise InputError(p.file, f"CSV sai cú pháp ({err}).", f"invalid CSV ({err}).") from err
    if not rows or not any(c.strip() for c in rows[0]):
        raise InputError(p.file, "tệp trống (thiếu dòng tiêu đề).", "the file is empty (no header).")
    header = [h.strip() for h in rows[0]]
    body = [(n, r) for n, r in enumerate(rows[1:], 2) if any(c.strip() for c in r)]
    for n, r in body:
        if len(r) != len(header):
            p.error(n, "*", f"có {len(r)} cột, dòng tiêu đề có {len(header)}.",
                    f"{len(r)} columns, the header has {len(header)}.")  # fmt: skip
    return header, [(n, r) for n, r in body if len(r) == len(header)]


def _require(p: Parsed, header: list[str], names: tuple[str, ...]) -> None:
    missing = [c for c in names if c not in header]
    if missing:
        raise InputError(p.file, f"thiếu cột {', '.join(missing)}.", f"missing columns {', '.join(missing)}.",
                         line=1)  # fmt: skip


def _opensdg(p: Parsed, data: bytes, indicator: str | None) -> None:
    header, rows = _rows(p, data)
    _require(p, header, ("Year", "Value"))
    known = {"Year", "Value", "Units", "Series", "GeoCode", "Đơn vị hành chính", "Indicator", "Unit multiplier",
             "Unit measure", "Observation status", "Ghi chú", "Comment"}  # fmt: skip
    col = {h: i for i, h in enumerate(header)}
    unit_col = "GeoCode" if "GeoCode" in col else "Đơn vị hành chính" if "Đơn vị hành chính" in col else None
    others = [i for i, h in enumerate(header) if h not in known]
    if "Indicator" not in col and not indicator:
        indicator = _indicator_from_name(p.file)
        if not indicator:
            raise InputError(p.file, "không rõ chỉ tiêu: tên tệp không có dạng indicator_<mã>.csv, không có cột "
                             "Indicator; hãy chỉ ra mã chỉ tiêu (tùy chọn --indicator, tham số indicator của API).",
                             "unknown indicator: name the file indicator_<code>.csv or give --indicator (the API: indicator).")  # fmt: skip
    for n, row in rows:
        before = p.error_count

        def cell(name: str, row: list[str] = row) -> str:
            return row[col[name]].strip() if name in col else ""

        period = None
        year = cell("Year")
        if not re.fullmatch(r"\d{4}", year):
            p.error(n, "Year", f"năm “{year}” không hợp lệ (bốn chữ số, ví dụ 2024).",
                    f"invalid year “{year}” (four digits, e.g. 2024).")  # fmt: skip
        else:
            try:
                period = Period(int(year))
            except ValueError:
                p.error(n, "Year", f"năm {year} ngoài khoảng 1900–2200.", f"year {year} outside 1900-2200.")
        value = None
        if not cell("Value"):
            p.error(n, "Value", "thiếu giá trị.", "the value is missing.")
        else:
            try:
                value = _number(cell("Value"))
            except ValueError:
                p.error(n, "Value", f"“{cell('Value')}” {_NUMBER_VI}", f"“{cell('Value')}” {_NUMBER_EN}")
        code = cell("Indicator") if "Indicator" in col else indicator or ""
        if not code:
            p.error(n, "Indicator", "thiếu mã chỉ tiêu.", "the indicator is missing.")
        if p.error_count > before or period is None or value is None:
            p.partial.append(
                Ref(n, code, "Indicator", cell(unit_col) if unit_col else "", unit_col or "GeoCode")
            )
            continue
        if any(row[i].strip() for i in others):
            p.skipped += 1
            continue
        kind: Kind = "target" if _fold(cell("Series")) in _TARGET_SERIES else "actual"
        p.records.append(Record(n, code, cell(unit_col) if unit_col else "", period, value, kind=kind,
                                unit_of_measure=cell("Units"), indicator_field="Indicator",
                                unit_field=unit_col or "GeoCode"))  # fmt: skip


def _indicator_from_name(name: str) -> str:
    stem = re.split(r"[\\/]", name)[-1]
    m = re.fullmatch(r"indicator_(.+)\.csv", stem, re.IGNORECASE)
    return m[1] if m else ""


def _sdmx(p: Parsed, data: bytes, indicator: str | None) -> None:
    header, rows = _rows(p, data)
    labelled = [":" in h for h in header]
    header = [h.split(":", 1)[0].strip().upper() for h in header]
    if header[0] not in ("DATAFLOW", "STRUCTURE"):
        raise InputError(p.file, "cột đầu phải là DATAFLOW (SDMX-CSV 1.0) hoặc STRUCTURE (SDMX-CSV 2.0).",
                         "the first column must be DATAFLOW (SDMX-CSV 1.0) or STRUCTURE (2.0).", line=1)  # fmt: skip
    _require(p, header, ("REF_AREA", "TIME_PERIOD", "OBS_VALUE"))
    measure = next((c for c in ("INDICATOR", "SERIES", "MEASURE") if c in header), None)
    if measure is None and not indicator:
        raise InputError(p.file, "thiếu cột chỉ tiêu (INDICATOR, SERIES hoặc MEASURE); hãy chỉ ra mã chỉ tiêu "
                         "(tùy chọn --indicator, tham số indicator của API).",
                         "no indicator column (INDICATOR, SERIES or MEASURE); give --indicator (API: indicator).",
                         line=1)  # fmt: skip
    col = {h: i for i, h in enumerate(header)}
    for n, row in rows:
        before = p.error_count

        def cell(name: str, row: list[str] = row) -> str:
            if name not in col:
                return ""
            text = row[col[name]].strip()
            return text.split(":", 1)[0].strip() if labelled[col[name]] else text

        if cell("ACTION").upper() == "D":
            p.error(
                n,
                "ACTION",
                "không nhận dòng xóa số liệu (ACTION = D).",
                "deletions (ACTION D) are not imported.",
            )
        period = None
        try:
            period = parse_sdmx_period(cell("TIME_PERIOD"))
        except ValueError:
            p.error(n, "TIME_PERIOD", f"kỳ “{cell('TIME_PERIOD')}” không hợp lệ (ví dụ 2024, 2024-Q3, 2024-09, "
                    "2024-S1).", f"invalid period “{cell('TIME_PERIOD')}” (e.g. 2024, 2024-Q3, 2024-09, 2024-S1).")  # fmt: skip
        freq = cell("FREQ").upper()
        if period is not None and freq and _FREQ.get(freq) != period.kind:
            p.error(n, "FREQ", f"tần suất “{freq}” không khớp kỳ “{cell('TIME_PERIOD')}”.",
                    f"frequency “{freq}” does not match the period “{cell('TIME_PERIOD')}”.")  # fmt: skip
        value = None
        try:
            value = _number(cell("OBS_VALUE"))
        except ValueError:
            shown = cell("OBS_VALUE")
            p.error(n, "OBS_VALUE", f"“{shown}” {_NUMBER_VI}" if shown else "thiếu giá trị.",
                    f"“{shown}” {_NUMBER_EN}" if shown else "the value is missing.")  # fmt: skip
        code = cell(measure) if measure else indicator or ""
        if not code:
            p.error(n, measure or "INDICATOR", "thiếu mã chỉ tiêu.", "the indicator is missing.")
        if not cell("REF_AREA"):
            p.error(n, "REF_AREA", "thiếu mã đơn vị.", "the reference area is missing.")
        if p.error_count > before or period is None or value is None:
            p.partial.append(Ref(n, code, measure or "INDICATOR", cell("REF_AREA"), "REF_AREA"))
            continue
        p.records.append(Record(n, code, cell("REF_AREA"), period, value, estimate=cell("OBS_STATUS").upper() == "E",
                                unit_of_measure=cell("UNIT_MEASURE"), indicator_field=measure or "INDICATOR",
                                unit_field="REF_AREA"))  # fmt: skip


def parse(fmt: Format, data: bytes, name: str, *, indicator: str | None = None) -> Parsed:
    """Every record of ``data`` (the bytes of file ``name``) and the errors of its lines.

    An :class:`~chitieu.errors.InputError` when the file as a whole cannot be read
    (not UTF-8, not JSON, no header, a column missing).
    """
    p = Parsed(name)
    if fmt == "dhis2":
        _dhis2(p, data)
    elif fmt == "opensdg":
        _opensdg(p, data, indicator)
    elif fmt == "sdmx":
        _sdmx(p, data, indicator)
    else:
        raise InputError(name, f"định dạng “{fmt}” không được hỗ trợ (dhis2, opensdg, sdmx).",
                         f"unsupported format “{fmt}” (dhis2, opensdg, sdmx).")  # fmt: skip
    return p
