"""The bulk-entry template: every error with its row and column, nothing written on error."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, func, select

from chitieu.errors import InputError, UnsupportedFormat, ValidationError
from chitieu.exchange.template import COLUMNS, load_template, write_template
from chitieu.store import repo, session_scope
from chitieu.store.tables import ObservationRow, TargetRow


@pytest.fixture
def catalogue(engine: Engine) -> Engine:
    with session_scope(engine) as s:
        unit = repo.add_unit(s, "Tỉnh Trà Vinh")
        repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng", code="TC01")
        repo.add_indicator(s, "Tỷ lệ hộ nghèo", unit="%", direction="down", aliases=("Tỉ lệ hộ nghèo",))
        repo.get_or_create_plan(s, "Nghị quyết 2020", unit=unit, first_year=2020, last_year=2020)
    return engine


def _row(**cells: Any) -> list[Any]:
    return [cells.get(c, "") for c in COLUMNS]


def _csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


def _counts(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(TargetRow)) or 0,
            s.scalar(select(func.count()).select_from(ObservationRow)) or 0,
        )


GOOD = [
    _row(**{"Loại": "chỉ tiêu", "Chỉ tiêu": "TC01", "Đơn vị": "Tỉnh Trà Vinh", "Kỳ": "2020", "Giá trị": "5.000",
            "Đơn vị tính": "tỷ đồng", "Căn cứ": "Nghị quyết", "Kế hoạch": "Nghị quyết 2020"}),
    _row(**{"Loại": "chỉ tiêu", "Chỉ tiêu": "Tỉ lệ hộ nghèo", "Đơn vị": "tinh tra vinh", "Kỳ": "2020",
            "Phép so sánh": "between", "Cận dưới": "1", "Cận trên": "1,5", "Đơn vị tính": "%"}),
    _row(**{"Loại": "kết quả", "Chỉ tiêu": "Thu nội địa", "Đơn vị": "Tỉnh Trà Vinh", "Kỳ": "2020-Q1",
            "Giá trị": "1234.5", "Ước tính": "có"}),
]  # fmt: skip


def test_template_loads_valid_rows(catalogue: Engine, tmp_path: Path) -> None:
    report = load_template(catalogue, _csv(tmp_path / "a.csv", GOOD), actor="an")
    assert (report.targets, report.observations) == (2, 1)
    with session_scope(catalogue) as s:
        obs = s.scalars(select(ObservationRow)).one()
        assert (obs.value, obs.period_kind, obs.number, obs.estimate, obs.entered_by) == (
            1234.5, "quarter", 1, True, "an",
        )  # fmt: skip
        low_high = {(t.op, t.value, t.low, t.high) for t in s.scalars(select(TargetRow))}
    assert low_high == {("=", 5000.0, None, None), ("between", None, 1.0, 1.5)}


@pytest.mark.parametrize(
    ("cells", "where", "message"),
    [
        ({"Giá trị": "12,3,4"}, "dòng 2, cột F (Giá trị)", "số không hợp lệ “12,3,4”"),
        ({"Giá trị": "abc"}, "dòng 2, cột F (Giá trị)", "số không hợp lệ"),
        ({"Đơn vị tính": "tấn"}, "dòng 2, cột I (Đơn vị tính)", "“tấn” không khớp đơn vị tính"),
        ({"Kỳ": "2019"}, "dòng 2, cột D (Kỳ)", "năm 2019 nằm ngoài kỳ của kế hoạch"),
        ({"Kỳ": "2019-Q5"}, "dòng 2, cột D (Kỳ)", "kỳ không hợp lệ"),
        ({"Chỉ tiêu": "Tỷ lệ hộ nghèo", "Đơn vị tính": "%", "Giá trị": "120"}, "dòng 2, cột F (Giá trị)",
         "tỷ lệ phải từ 0 đến 100%"),
        ({"Chỉ tiêu": "Không có"}, "dòng 2, cột B (Chỉ tiêu)", "không có trong danh mục"),
        ({"Đơn vị": "Tỉnh Không Có"}, "dòng 2, cột C (Đơn vị)", "không có đơn vị"),
        ({"Loại": "khác"}, "dòng 2, cột A (Loại)", "phải là “chỉ tiêu” hoặc “kết quả”"),
        ({"Phép so sánh": "between"}, "dòng 2, cột G (Cận dưới)", "khoảng cần cả cận dưới và cận trên"),
        ({"Phép so sánh": "gần bằng"}, "dòng 2, cột E (Phép so sánh)", "phép so sánh không hợp lệ"),
        ({"Kế hoạch": "Kế hoạch ma"}, "dòng 2, cột L (Kế hoạch)", "không có kế hoạch"),
    ],
)  # fmt: skip
def test_template_bad_row_names_row_and_column_and_writes_nothing(
    catalogue: Engine, tmp_path: Path, cells: dict[str, str], where: str, message: str
) -> None:
    bad = GOOD[0].copy()
    for name, value in cells.items():
        bad[COLUMNS.index(name)] = value
    path = _csv(tmp_path / "b.csv", [bad, *GOOD[1:]])
    with pytest.raises(ValidationError) as info:
        load_template(catalogue, path)
    text = str(info.value)
    assert f"{where}: " in text and message in text
    assert "chưa ghi gì" in text
    assert "row 2, column" in info.value.message_en
    assert _counts(catalogue) == (0, 0)


def test_template_reports_every_bad_row(catalogue: Engine, tmp_path: Path) -> None:
    rows = [*GOOD, _row(**{"Loại": "kết quả", "Chỉ tiêu": "Thu nội địa", "Đơn vị": "Tỉnh Trà Vinh", "Kỳ": "2020",
                           "Giá trị": "x"})] * 2  # fmt: skip
    with pytest.raises(ValidationError) as info:
        load_template(catalogue, _csv(tmp_path / "c.csv", rows))
    errors = info.value.errors  # type: ignore[attr-defined]
    assert [(e.row, e.column) for e in errors] == [(5, "F (Giá trị)"), (9, "F (Giá trị)")]


def test_template_xlsx_roundtrip(catalogue: Engine, tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Số liệu", "Hướng dẫn"]
    ws = wb["Số liệu"]
    assert [c.value for c in ws[1]] == list(COLUMNS)
    ws.append(_row(**{"Loại": "kết quả", "Chỉ tiêu": "Thu nội địa", "Đơn vị": "Tỉnh Trà Vinh", "Kỳ": "2020",
                      "Giá trị": 5133.25}))  # fmt: skip
    ws.append(_row(**{"Loại": "kết quả", "Chỉ tiêu": "Thu nội địa", "Đơn vị": "Tỉnh Trà Vinh", "Kỳ": "2020-M03",
                      "Giá trị": True}))  # fmt: skip
    wb.save(path)
    with pytest.raises(ValidationError, match="dòng 3, cột F"):
        load_template(catalogue, path)
    ws.delete_rows(3)
    wb.save(path)
    assert load_template(catalogue, path).observations == 1


def test_template_missing_columns(catalogue: Engine, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Chỉ tiêu", "Giá trị"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(ValidationError, match="thiếu cột Loại, Đơn vị, Kỳ"):
        load_template(catalogue, tmp_path / "x.xlsx")


@pytest.mark.parametrize(("name", "error"), [("a.ods", UnsupportedFormat), ("none.csv", InputError)])
def test_template_unreadable_files(
    catalogue: Engine, tmp_path: Path, name: str, error: type[Exception]
) -> None:
    if name.endswith(".ods"):
        (tmp_path / name).write_text("x")
    with pytest.raises(error):
        load_template(catalogue, tmp_path / name)
