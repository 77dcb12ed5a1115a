"""Bulk entry through a spreadsheet template (Excel ``.xlsx`` or CSV), validated whole.

One row is one target (``Loại`` = ``chỉ tiêu``) or one result (``kết quả``). Every row
is checked before anything is written: numbers (Vietnamese ``1.234,5`` or plain),
the period (``2019``, ``2019-Q1``, ``2019-M03``, ``2019-H1``, ``2019-9T``, ``2019-LK10``), the
indicator and unit known to the store, the unit of measure matching the
indicator's, the year inside the plan's years, a share (``Tỷ lệ …`` in %) between 0
and 100, ranges with both bounds. Any error: a :class:`~chitieu.errors.ValidationError`
naming the row and column of each, and nothing written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Period, Plan, Unit
from chitieu.errors import InputError, UnsupportedFormat, ValidationError, lines_invalid
from chitieu.model import OPS, Op
from chitieu.store import repo
from chitieu.store.engine import session_scope
from chitieu.store.matching import Matcher
from chitieu.store.tables import IndicatorRow
from chitieu.text.numbers import parse_number
from chitieu.text.units import canonical_unit

__all__ = ["COLUMNS", "LoadReport", "RowError", "load_template", "read_rows", "write_template"]

COLUMNS = (
    "Loại", "Chỉ tiêu", "Đơn vị", "Kỳ", "Phép so sánh", "Giá trị", "Cận dưới", "Cận trên", "Đơn vị tính",
    "Căn cứ", "Ước tính", "Kế hoạch",
)  # fmt: skip
_KINDS = {"chi tieu": "target", "ke hoach": "target", "target": "target", "ket qua": "actual", "actual": "actual",
          "thuc hien": "actual"}  # fmt: skip
_YES = {"co", "x", "true", "1", "yes", "uoc", "uoc tinh"}
_NO = {"", "khong", "false", "0", "no"}
_OP_WORDS: dict[str, Op] = {"tren": ">", "tro len": ">=", "it nhat": ">=", "duoi": "<", "khong qua": "<=",
                            "toi da": "<=", "khoang": "=", "bang": "=", "tu - den": "between"}  # fmt: skip
_HELP = (
    ("Loại", "chỉ tiêu (kế hoạch giao) hoặc kết quả (số thực hiện)"),
    ("Chỉ tiêu", "tên hoặc mã chỉ tiêu trong danh mục"),
    ("Đơn vị", "tên đơn vị hành chính, ví dụ Tỉnh Trà Vinh"),
    (
        "Kỳ",
        "2019; 2019-Q1 (quý); 2019-M03 (tháng); 2019-H1 (6 tháng); 2019-9T (9 tháng); "
        "2019-LK10 (lũy kế 10 tháng)",
    ),
    ("Phép so sánh", "=, >, >=, <, <=, between (chỉ cho chỉ tiêu; mặc định =)"),
    ("Giá trị", "số, viết 1.234,5 hoặc 1234.5 (ô số của Excel)"),
    ("Cận dưới / Cận trên", "hai đầu khoảng khi phép so sánh là between"),
    ("Đơn vị tính", "phải trùng đơn vị tính của chỉ tiêu (%, tỷ đồng, ...)"),
    ("Căn cứ", "Nghị quyết, kế hoạch, dự toán ... (tùy chọn)"),
    ("Ước tính", "có nếu là số ước tính"),
    ("Kế hoạch", "tên Nghị quyết/kế hoạch đã có (tùy chọn); năm phải nằm trong kỳ của kế hoạch"),
)


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str
    message_en: str

    def text(self, en: bool = False) -> str:
        where = f"row {self.row}, column {self.column}" if en else f"dòng {self.row}, cột {self.column}"
        return f"{where}: {self.message_en if en else self.message}"


@dataclass
class LoadReport:
    targets: int = 0
    observations: int = 0


def write_template(path: Path) -> None:
    """An empty template: ``.xlsx`` (with a sheet of instructions) or ``.csv`` (header only)."""
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerow(COLUMNS)
        return
    if path.suffix.lower() != ".xlsx":
        raise UnsupportedFormat(str(path), "chỉ hỗ trợ .xlsx hoặc .csv.", "only .xlsx or .csv are supported.")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Số liệu"
    ws.append(list(COLUMNS))
    for i, name in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(name) + 4)
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Cách điền"])
    for row in _HELP:
        guide.append(list(row))
    wb.save(path)


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Header and data rows (with their spreadsheet row numbers) of a ``.xlsx`` or ``.csv`` file."""
    if not path.is_file():
        raise InputError(str(path), "không tìm thấy tệp.", "file not found.")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as err:
            raise InputError(
                str(path), f"không đọc được tệp Excel ({err}).", f"cannot read the workbook ({err})."
            ) from err
        ws = wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
    elif suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="strict")
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
        rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    else:
        raise UnsupportedFormat(str(path), "chỉ hỗ trợ .xlsx hoặc .csv.", "only .xlsx or .csv are supported.")
    if not rows:
        raise InputError(str(path), "tệp trống.", "the file is empty.")
    header = [str(h or "").strip() for h in rows[0]]
    data = [(i, r) for i, r in enumerate(rows[1:], 2) if any(c not in (None, "") for c in r)]
    return header, data


def _number(cell: Any) -> float | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().replace(" ", "")
    value = parse_number(text)
    if value is None:
        try:
            value = float(text) if text.count(".") <= 1 and "," not in text else None
        except ValueError:
            value = None
    if value is None:
        raise ValueError(cell)
    return value


class _Validator:
    def __init__(self, session: Session, header: list[str], allow_new: bool) -> None:
        from chitieu.text.normalize import fold

        self.session = session
        self.allow_new = allow_new
        self.index = {fold(h): i for i, h in enumerate(header)}
        self.letters = {fold(h): get_column_letter(i + 1) for i, h in enumerate(header)}
        self.matcher = Matcher(repo.indicators(session), fuzzy=False)  # exact names and aliases only
        self.codes = {r.code: r.id for r in session.scalars(select(IndicatorRow)) if r.code}
        self.catalogue = {i.id: i for i in repo.indicators(session)}
        self.errors: list[RowError] = []
        self._fold = fold

    def col(self, name: str) -> str:
        return f"{self.letters.get(self._fold(name), '?')} ({name})"

    def cell(self, row: list[Any], name: str) -> Any:
        i = self.index.get(self._fold(name))
        return row[i] if i is not None and i < len(row) else None

    def text(self, row: list[Any], name: str) -> str:
        value = self.cell(row, name)
        return "" if value is None else str(value).strip()

    def err(self, n: int, name: str, vi: str, en: str) -> None:
        self.errors.append(RowError(n, self.col(name), vi, en))


def load_template(
    engine: Engine, path: Path, *, actor: str | None = None, allow_new: bool = False, state: str = "draft"
) -> LoadReport:
    """Validate every row of ``path`` and, if all are valid, write them in one transaction."""
    header, rows = read_rows(path)
    from chitieu.text.normalize import fold

    missing = [
        c for c in ("Loại", "Chỉ tiêu", "Đơn vị", "Kỳ", "Giá trị") if fold(c) not in {fold(h) for h in header}
    ]
    if missing:
        raise ValidationError(
            f"{path}: thiếu cột {', '.join(missing)}; hãy dùng mẫu của `chitieu template`.",
            f"{path}: missing columns {', '.join(missing)}; use the `chitieu template` file.",
        )
    report = LoadReport()
    with session_scope(engine, actor=actor) as session:
        v = _Validator(session, header, allow_new)
        for n, row in rows:
            _load_row(v, n, row, report, actor or str(session.info["actor"]), state)
        if v.errors:
            session.rollback()
            err = ValidationError(*lines_invalid(path, v.errors, len(v.errors)))
            err.errors = v.errors  # type: ignore[attr-defined]
            raise err
    return report


def _load_row(v: _Validator, n: int, row: list[Any], report: LoadReport, actor: str, state: str) -> None:
    before = len(v.errors)
    kind = _KINDS.get(v._fold(v.text(row, "Loại")))
    if kind is None:
        v.err(n, "Loại", f"phải là “chỉ tiêu” hoặc “kết quả”, không phải “{v.text(row, 'Loại')}”.",
              "must be “chỉ tiêu” (target) or “kết quả” (result).")  # fmt: skip
    indicator = _indicator(v, n, row)
    unit = _unit(v, n, row)
    period = None
    try:
        period = Period.parse(v.text(row, "Kỳ"))
    except ValueError:
        v.err(n, "Kỳ", f"kỳ không hợp lệ “{v.text(row, 'Kỳ')}” (ví dụ 2019, 2019-Q1, 2019-M03).",
              f"invalid period “{v.text(row, 'Kỳ')}” (e.g. 2019, 2019-Q1, 2019-M03).")  # fmt: skip
    values: dict[str, float | None] = {}
    for name in ("Giá trị", "Cận dưới", "Cận trên"):
        try:
            values[name] = _number(v.cell(row, name))
        except ValueError:
            v.err(
                n, name, f"số không hợp lệ “{v.cell(row, name)}”.", f"invalid number “{v.cell(row, name)}”."
            )
    op = _op(v, n, row, kind)
    plan = _plan(v, n, row, period)
    if (
        len(v.errors) > before
        or kind is None
        or indicator is None
        or unit is None
        or period is None
        or op is None
    ):
        return
    value, low, high = values.get("Giá trị"), values.get("Cận dưới"), values.get("Cận trên")
    if not _check_values(v, n, row, indicator, kind, op, value, low, high):
        return
    basis = v.text(row, "Căn cứ") or None
    estimate = v._fold(v.text(row, "Ước tính")) in _YES
    if kind == "target":
        _, changed = repo.put_target(
            v.session, indicator_id=indicator.id, unit_id=unit.id, period=period, op=op, value=value, low=low,
            high=high, plan_id=plan.id if plan else None, basis=basis, unit_of_measure=indicator.unit,
            entered_by=actor,
        )  # fmt: skip
        report.targets += int(changed)
    else:
        assert value is not None
        _, changed = repo.put_observation(
            v.session, indicator_id=indicator.id, unit_id=unit.id, period=period, value=value, estimate=estimate,
            state=state, basis=basis, entered_by=actor,  # type: ignore[arg-type]
        )  # fmt: skip
        report.observations += int(changed)


def _indicator(v: _Validator, n: int, row: list[Any]) -> Indicator | None:
    name = v.text(row, "Chỉ tiêu")
    if not name:
        v.err(n, "Chỉ tiêu", "thiếu tên chỉ tiêu.", "the indicator is missing.")
        return None
    if name in v.codes:
        return v.catalogue[v.codes[name]]
    unit = canonical_unit(v.text(row, "Đơn vị tính"))
    found = v.matcher.match(name, unit) if unit else v.matcher.match_any_unit(name)
    if found is None:
        found = v.matcher.match_any_unit(name)
    if found is not None:
        return found.indicator
    if v.allow_new:
        ind = repo.add_indicator(v.session, name, unit=unit, status="proposed")
        v.matcher.add(ind)
        v.catalogue[ind.id] = ind
        return ind
    v.err(n, "Chỉ tiêu", f"“{name}” không có trong danh mục chỉ tiêu.", f"“{name}” is not in the catalogue.")
    return None


def _unit(v: _Validator, n: int, row: list[Any]) -> Unit | None:
    name = v.text(row, "Đơn vị")
    if not name:
        v.err(n, "Đơn vị", "thiếu đơn vị.", "the organisation unit is missing.")
        return None
    unit = repo.find_unit(v.session, name)
    if unit is None and v.allow_new:
        unit = repo.add_unit(v.session, name)
    if unit is None:
        v.err(n, "Đơn vị", f"không có đơn vị “{name}”.", f"no unit called “{name}”.")
    return unit


def _op(v: _Validator, n: int, row: list[Any], kind: str | None) -> Op | None:
    text = v.text(row, "Phép so sánh")
    if not text:
        return "="
    if text in OPS:
        if kind == "actual" and text != "=":
            v.err(n, "Phép so sánh", "kết quả chỉ dùng “=”.", "a result takes “=” only.")
            return None
        return text
    word = _OP_WORDS.get(v._fold(text))
    if word is None:
        v.err(n, "Phép so sánh", f"phép so sánh không hợp lệ “{text}” (=, >, >=, <, <=, between).",
              f"invalid comparison “{text}” (=, >, >=, <, <=, between).")  # fmt: skip
    return word


def _plan(v: _Validator, n: int, row: list[Any], period: Period | None) -> Plan | None:
    title = v.text(row, "Kế hoạch")
    if not title:
        return None
    plan = repo.find_plan(v.session, title)
    if plan is None:
        v.err(n, "Kế hoạch", f"không có kế hoạch “{title}”.", f"no plan called “{title}”.")
        return None
    if period is not None and not plan.covers(period.year):
        v.err(n, "Kỳ", f"năm {period.year} nằm ngoài kỳ của kế hoạch “{plan.title}” "
              f"({plan.first_year}-{plan.last_year}).",
              f"year {period.year} is outside the plan “{plan.title}” ({plan.first_year}-{plan.last_year}).")  # fmt: skip
    return plan


def _check_values(
    v: _Validator, n: int, row: list[Any], ind: Indicator, kind: str, op: Op,
    value: float | None, low: float | None, high: float | None,
) -> bool:  # fmt: skip
    ok = True
    written = canonical_unit(v.text(row, "Đơn vị tính"))
    if written and ind.unit and written != ind.unit:
        v.err(n, "Đơn vị tính", f"“{written}” không khớp đơn vị tính của chỉ tiêu “{ind.name}” ({ind.unit}).",
              f"“{written}” does not match the indicator's unit ({ind.unit}).")  # fmt: skip
        ok = False
    if op == "between":
        if low is None or high is None:
            v.err(n, "Cận dưới", "khoảng cần cả cận dưới và cận trên.", "a range needs both bounds.")
            return False
        if low > high:
            v.err(n, "Cận trên", "cận trên nhỏ hơn cận dưới.", "the upper bound is below the lower bound.")
            ok = False
    elif value is None:
        v.err(n, "Giá trị", "thiếu giá trị.", "the value is missing.")
        return False
    if ind.is_share:
        for name, x in (("Giá trị", value), ("Cận dưới", low), ("Cận trên", high)):
            if x is not None and not 0 <= x <= 100:
                v.err(
                    n,
                    name,
                    f"tỷ lệ phải từ 0 đến 100%, không phải {x:g}%.",
                    f"a share must be 0-100%, not {x:g}%.",
                )
                ok = False
    return ok
