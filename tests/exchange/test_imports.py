"""Importing DHIS2, Open SDG and SDMX-CSV files: what is written, round trips, all or nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, func, select

from chitieu.domain import Period
from chitieu.errors import InputError, ValidationError
from chitieu.exchange.exports import dhis2, export_rows, opensdg, sdmx_csv
from chitieu.exchange.imports import ImportFailed, import_file
from chitieu.exchange.readers import MAX_ERRORS, Format
from chitieu.store import repo, session_scope
from chitieu.store import users as accounts
from chitieu.store.tables import ObservationRow, TargetRow

DATA = Path(__file__).parent.parent / "data" / "exchange"
Figure = tuple[str, str, str, float, bool]  # indicator code, unit code, period, value, estimate


@pytest.fixture
def store(engine: Engine) -> Engine:
    with session_scope(engine, actor="test") as s:
        repo.add_unit(s, "Tỉnh Trà Vinh", level="tỉnh", code="84")
        repo.add_unit(s, "Tỉnh Bến Tre", level="tỉnh", code="83")
        repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng", code="TC01")
        repo.add_indicator(s, "Tỷ lệ hộ nghèo", unit="%", code="XH02", direction="down", aggregation="mean")
    return engine


def _figures(engine: Engine) -> set[Figure]:
    with session_scope(engine, write=False) as s:
        return {(r.indicator_code, r.org_code, str(r.period), r.value, r.estimate) for r in export_rows(s)}


def _counts(engine: Engine) -> tuple[int, int]:
    with session_scope(engine, write=False) as s:
        return (
            s.scalar(select(func.count()).select_from(ObservationRow)) or 0,
            s.scalar(select(func.count()).select_from(TargetRow)) or 0,
        )


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


FIXTURES: list[tuple[Format, str, set[Figure], int, int]] = [
    ("dhis2", "dataValueSets.json", {
        ("TC01", "84", "2023", 5210.0, False), ("TC01", "84", "2023-Q3", 1402.5, True),
        ("TC01", "84", "2023-M09", 468.0, False), ("TC01", "83", "2023-H1", 2950.0, False),
        ("XH02", "83", "2023", 3.1, False)}, 1, 0),
    ("opensdg", "indicator_TC01.csv", {("TC01", "84", "2021", 4875.0, False), ("TC01", "84", "2022", 5012.25, False)},
     1, 1),
    ("sdmx", "sdmx10.csv", {
        ("TC01", "84", "2022", 5012.25, False), ("TC01", "84", "2022-Q4", 1388.0, True),
        ("TC01", "83", "2022-M11", 401.0, False), ("XH02", "83", "2022", 3.6, False)}, 0, 0),
    ("sdmx", "sdmx20.csv", {
        ("TC01", "84", "2024", 5480.0, False), ("TC01", "84", "2024-H1", 2710.0, False),
        ("XH02", "83", "2024-Q2", 2.9, False)}, 0, 0),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "name", "expected", "skipped", "targets"), FIXTURES)
def test_import_file_writes_every_figure(
    store: Engine, fmt: Format, name: str, expected: set[Figure], skipped: int, targets: int
) -> None:
    report = import_file(store, DATA / name, fmt, actor="an")
    assert _figures(store) == expected
    assert (report.created, report.updated, report.unchanged) == (len(expected) + targets, 0, 0)
    assert (report.skipped, report.targets) == (skipped, targets)
    assert _counts(store) == (len(expected), targets)
    again = import_file(store, DATA / name, fmt, actor="an")
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(expected) + targets)


def test_import_file_target_takes_the_indicators_direction(store: Engine) -> None:
    import_file(store, DATA / "indicator_TC01.csv", "opensdg", actor="an")
    with session_scope(store, write=False) as s:
        target = s.scalars(select(TargetRow)).one()
    assert (target.op, target.value, target.year, target.basis) == (">=", 5300.0, 2023, "Open SDG")


def test_import_file_changed_value_is_updated(store: Engine, tmp_path: Path) -> None:
    import_file(store, DATA / "sdmx10.csv", "sdmx", actor="an")
    text = (DATA / "sdmx10.csv").read_text(encoding="utf-8").replace("2022-11,401,", "2022-11,405,")
    report = import_file(store, _write(tmp_path, "s.csv", text), "sdmx", actor="an")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    assert ("TC01", "83", "2022-M11", 405.0, False) in _figures(store)


def test_import_file_mapping_translates_codes(store: Engine) -> None:
    report = import_file(store, DATA / "dhis2_uids.json", "dhis2", mapping=DATA / "mapping.csv", actor="an")
    assert report.created == 2
    assert _figures(store) == {("TC01", "84", "2024", 5480.0, False), ("XH02", "83", "2024", 2.9, False)}


def _seed(engine: Engine) -> set[Figure]:
    periods = [(Period(2021), 4875.0, False), (Period(2022, "month", 2), 390.5, False),
               (Period(2022, "quarter", 1), 1190.0, True), (Period(2022, "half", 2), 2640.0, False)]  # fmt: skip
    with session_scope(engine, actor="test") as s:
        ind = repo.add_indicator(s, "Số doanh nghiệp thành lập mới", unit="doanh nghiệp")  # no code: CT<id>
        place = repo.add_unit(s, "Huyện Càng Long", level="huyện")  # no code: DV<id>
        for period, value, estimate in periods:
            for i, u in ((ind.id, place.id), (1, 1), (2, 2)):
                share = value / 1000 if i == 2 else value  # the second indicator is a share
                repo.put_observation(s, indicator_id=i, unit_id=u, period=period, value=share, estimate=estimate,
                                     state="approved", entered_by="bien-tap")  # fmt: skip
    return _figures(engine)


def _export(engine: Engine, fmt: str, tmp_path: Path) -> list[tuple[Format, Path]]:
    with session_scope(engine, write=False) as s:
        rows = export_rows(s)
    if fmt == "dhis2":
        return [("dhis2", _write(tmp_path, "d.json", json.dumps(dhis2(rows), ensure_ascii=False)))]
    if fmt == "sdmx":
        out = io.StringIO()
        sdmx_csv(rows, out)
        return [("sdmx", _write(tmp_path, "s.csv", out.getvalue()))]
    if fmt == "opensdg-stream":
        out = io.StringIO()
        opensdg(rows, stream=out)
        return [("opensdg", _write(tmp_path, "o.csv", out.getvalue()))]
    return [("opensdg", p) for p in opensdg(rows, folder=tmp_path / "osdg")]


@pytest.mark.parametrize("fmt", ["dhis2", "sdmx", "opensdg", "opensdg-stream"])
def test_import_file_round_trips_our_export(store: Engine, tmp_path: Path, fmt: str) -> None:
    before = _seed(store)
    exported = _export(store, fmt, tmp_path)
    with session_scope(store, actor="test") as s:
        s.execute(delete(ObservationRow))
    assert _figures(store) == set()
    for f, path in exported:
        import_file(store, path, f, actor="nhap")
    after = _figures(store)
    if fmt.startswith("opensdg"):  # Open SDG keys data by year and carries no estimate flag
        before = {x for x in before if "-" not in x[2]}
    assert after == before
    assert len(after) == (3 if fmt.startswith("opensdg") else 12)  # three indicators, one year, four periods


BAD: list[tuple[Format, str, str, list[tuple[int, str]], str]] = [
    ("dhis2", "a.json", '{"dataValues": [{"dataElement": "TC01", "period": "2023W05", "orgUnit": "84", "value": "1"}]}',
     [(1, "period")], "2023W05"),
    ("dhis2", "a.json", '{"dataValues": [{"dataElement": "TC01", "period": "2023", "orgUnit": "84", "value": "1,5"}]}',
     [(1, "value")], "không phải số"),
    ("dhis2", "a.json", '{"dataValues": [{"period": "2023", "value": "1"}, 7]}',
     [(1, "dataElement"), (1, "orgUnit"), (2, "dataValues")], "thiếu mã"),
    ("dhis2", "a.json", '{"dataValues": [{"dataElement": "ZZ9", "period": "2023", "orgUnit": "99", "value": "1"}]}',
     [(1, "dataElement"), (1, "orgUnit")], "“ZZ9” không có trong danh mục"),
    ("dhis2", "a.json", '{"dataValues": [{"dataElement": "XH02", "period": "2023", "orgUnit": "84", "value": "140"}]}',
     [(1, "value")], "tỷ lệ phải từ 0 đến 100%"),
    ("dhis2", "a.json", '{"dataValues": [{"dataElement": "TC01", "period": "2023", "orgUnit": "84", "value": "-5"}]}',
     [(1, "value")], "không được âm"),
    ("dhis2", "a.json", '{"dataValues": [{"dataElement": "TC01", "period": "2023", "orgUnit": "84", "value": "1", '
     '"deleted": true}]}', [(1, "deleted")], "xóa"),
    ("dhis2", "a.json", '{"orgUnit": "84", "dataValues": [{"dataElement": "TC01", "period": "2023", "value": "1"}, '
     '{"dataElement": "TC01", "period": "2023", "value": "2"}]}', [(2, "period")], "trùng số liệu của bản ghi 1"),
    ("opensdg", "indicator_TC01.csv", "Year,Units,GeoCode,Value\n20x1,tỷ đồng,84,1\n2022,tỷ đồng,84,\n",
     [(2, "Year"), (3, "Value")], "năm “20x1”"),
    ("opensdg", "indicator_TC01.csv", "Year,Units,GeoCode,Value\n2022,%,84,1\n1850,tỷ đồng,84,1\n",
     [(2, "Units"), (3, "Year")], "không khớp đơn vị tính"),
    ("opensdg", "indicator_ZZ.csv", "Year,GeoCode,Value\n2022,84,1\n", [(2, "Indicator")], "“ZZ”"),
    ("opensdg", "indicator_TC01.csv", "Year,GeoCode,Value\n2022,84\n2023,Tỉnh Hà Tây,1\n",
     [(2, "*"), (3, "GeoCode")], "có 2 cột"),
    ("sdmx", "s.csv", "DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\nX,Q,84,TC01,2022-Q5,1\n"
     "X,A,84,TC01,2022-W01,1\nX,M,84,TC01,2022,1\n", [(2, "TIME_PERIOD"), (3, "TIME_PERIOD"), (4, "FREQ")],
     "2022-Q5"),
    ("sdmx", "s.csv", "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n"
     "dataflow,X,D,84,TC01,2022,1\ndataflow,X,I,,TC01,2022,NaN\n", [(2, "ACTION"), (3, "OBS_VALUE"),
     (3, "REF_AREA")], "ACTION = D"),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "name", "text", "where", "fragment"), BAD)
def test_import_file_names_every_bad_line(
    store: Engine,
    tmp_path: Path,
    fmt: Format,
    name: str,
    text: str,
    where: list[tuple[int, str]],
    fragment: str,
) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_file(store, _write(tmp_path, name, text), fmt, actor="an")
    err = caught.value
    assert sorted((e.line, e.field) for e in err.errors) == sorted(where)
    assert err.total == len(where)
    assert fragment in str(err) and "chưa ghi gì" in str(err)
    assert all(e.file.endswith(name) for e in err.errors)
    assert _counts(store) == (0, 0)


@pytest.mark.parametrize(("fmt", "name"), [(f, n) for f, n, *_ in FIXTURES])
def test_import_file_one_bad_line_writes_nothing(
    store: Engine, tmp_path: Path, fmt: Format, name: str
) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    if fmt == "dhis2":
        doc = json.loads(text)
        doc["dataValues"].append({"dataElement": "TC01", "period": "2023", "orgUnit": "83", "value": "n/a"})
        text = json.dumps(doc)
    else:
        line = text.splitlines()[-1].split(",")
        line[-1 if fmt == "opensdg" else 5] = "abc"
        text += ",".join(line) + "\n"
    bad = _write(tmp_path, name, text)
    with pytest.raises(ImportFailed) as caught:
        import_file(store, bad, fmt, actor="an")
    assert caught.value.total == 1
    assert _counts(store) == (0, 0)


@pytest.mark.parametrize(("fmt", "name"), [(f, n) for f, n, *_ in FIXTURES])
def test_import_file_dry_run_writes_nothing(store: Engine, fmt: Format, name: str) -> None:
    report = import_file(store, DATA / name, fmt, actor="an", dry_run=True)
    assert report.dry_run and report.created > 0
    assert "chạy thử" in report.text()
    assert _counts(store) == (0, 0)


def test_import_file_locked_period_is_a_line_error(store: Engine) -> None:
    with session_scope(store, actor="test") as s:
        accounts.lock_period(s, Period(2022, "quarter", 4), 1, by="pheduyet")
    with pytest.raises(ImportFailed) as caught:
        import_file(store, DATA / "sdmx10.csv", "sdmx", actor="an")
    assert [(e.line, e.field) for e in caught.value.errors] == [(3, "TIME_PERIOD")]
    assert "đã khóa sổ" in str(caught.value)
    assert _counts(store) == (0, 0)


def test_import_file_caps_the_errors_it_lists(store: Engine, tmp_path: Path) -> None:
    n = MAX_ERRORS + 50
    text = "Year,GeoCode,Value\n" + "".join(f"{2000 + i % 50},84,x{i}\n" for i in range(n))
    with pytest.raises(ImportFailed) as caught:
        import_file(store, _write(tmp_path, "indicator_TC01.csv", text), "opensdg", actor="an")
    assert caught.value.total == n and len(caught.value.errors) == MAX_ERRORS
    assert f"… và {n - 50} lỗi khác." in str(caught.value)


@pytest.mark.parametrize(
    ("fmt", "name", "content", "fragment"),
    [("dhis2", "a.json", b'{"dataValues": [', "JSON sai cú pháp"), ("dhis2", "a.json", b'{"values": []}', "dataValues"),
     ("sdmx", "s.csv", b"\xff\xfeabc", "UTF-8"), ("sdmx", "s.csv", b"REF_AREA,TIME_PERIOD\n84,2022\n", "DATAFLOW"),
     ("sdmx", "s.csv", b"DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,84,2022,1\n", "INDICATOR"),
     ("opensdg", "data.csv", b"Year,Value\n2022,1\n", "indicator_<m"), ("opensdg", "indicator_X.csv", b"", "trống"),
     ("opensdg", "indicator_X.csv", b"Year,GeoCode\n2022,84\n", "thiếu cột Value")],
)  # fmt: skip
def test_import_file_unreadable_file_is_an_input_error(
    store: Engine, tmp_path: Path, fmt: Format, name: str, content: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        import_file(store, path, fmt)
    assert fragment in str(caught.value) and name in str(caught.value)


@pytest.mark.parametrize(
    ("text", "lines"),
    [("type,from,to\nsomething,a,b\n", [2]), ("type,from,to\nunit,,84\nunit,x,84\nunit,x,83\n", [2, 4]),
     ("kind,code\n", None)],
)  # fmt: skip
def test_import_file_bad_mapping_is_refused(
    store: Engine, tmp_path: Path, text: str, lines: list[int] | None
) -> None:
    mapping = _write(tmp_path, "map.csv", text)
    with pytest.raises(ValidationError if lines else InputError) as caught:
        import_file(store, DATA / "dhis2_uids.json", "dhis2", mapping=mapping)
    if lines:
        assert isinstance(caught.value, ImportFailed)
        assert [e.line for e in caught.value.errors] == lines
    assert _counts(store) == (0, 0)


def test_import_file_default_unit_for_rows_without_one(store: Engine, tmp_path: Path) -> None:
    path = _write(tmp_path, "indicator_TC01.csv", "Year,Value\n2020,4700\n")
    with pytest.raises(ImportFailed, match="--unit"):
        import_file(store, path, "opensdg")
    import_file(store, path, "opensdg", unit="Tinh Tra Vinh", actor="an")
    assert _figures(store) == {("TC01", "84", "2020", 4700.0, False)}
    with pytest.raises(ValidationError, match="Không có đơn vị “Hà Tây”"):
        import_file(store, path, "opensdg", unit="Hà Tây")
