"""Reading DHIS2, Open SDG and SDMX-CSV: periods, labels, disaggregations, every error of a line."""

from __future__ import annotations

import json

import pytest

from chitieu.domain import Period
from chitieu.errors import InputError
from chitieu.exchange.readers import MAX_ERRORS, LineError, parse, parse_dhis2_period, parse_sdmx_period


@pytest.mark.parametrize(
    ("text", "period"),
    [("2024", Period(2024)), ("202409", Period(2024, "month", 9)), ("202401", Period(2024, "month", 1)),
     ("2024Q3", Period(2024, "quarter", 3)), ("2024S1", Period(2024, "half", 1)), (" 2023S2 ", Period(2023, "half", 2))],
)  # fmt: skip
def test_parse_dhis2_period_reads_dhis2_syntax(text: str, period: Period) -> None:
    assert parse_dhis2_period(text) == period


@pytest.mark.parametrize(
    "text", ["2024W05", "2024-09", "202413", "202400", "2024Q5", "2024S3", "20240915", "2024BiW1", "2024April", "24", ""]
)  # fmt: skip
def test_parse_dhis2_period_refuses_other_syntax(text: str) -> None:
    with pytest.raises(ValueError):
        parse_dhis2_period(text)


@pytest.mark.parametrize(
    ("text", "period"),
    [("2024", Period(2024)), ("2024-A1", Period(2024)), ("2024-09", Period(2024, "month", 9)),
     ("2024-M09", Period(2024, "month", 9)), ("2024-Q3", Period(2024, "quarter", 3)), ("2024-S1", Period(2024, "half", 1))],
)  # fmt: skip
def test_parse_sdmx_period_reads_sdmx_syntax(text: str, period: Period) -> None:
    assert parse_sdmx_period(text) == period


@pytest.mark.parametrize(
    "text", ["2024Q3", "2024-W05", "2024-13", "2024-09-15", "2024-Q0", "2024/2025", "2024-H1"]
)
def test_parse_sdmx_period_refuses_other_syntax(text: str) -> None:
    with pytest.raises(ValueError):
        parse_sdmx_period(text)


def test_parse_dhis2_defaults_estimates_and_disaggregations() -> None:
    doc = {"period": "2023", "orgUnit": "84", "dataValues": [
        {"dataElement": "TC01", "value": 12},
        {"dataElement": "TC01", "orgUnit": "83", "period": "2023Q1", "value": "3.5", "comment": "Ước tính"},
        {"dataElement": "TC01", "value": "1", "categoryOptionCombo": "Nam"},
        {"dataElement": "TC01", "value": "2", "categoryOptionCombo": "HllvX50cXC0"},
    ]}  # fmt: skip
    p = parse("dhis2", json.dumps(doc).encode(), "a.json")
    assert [(r.line, r.unit, str(r.period), r.value, r.estimate) for r in p.records] == [
        (1, "84", "2023", 12.0, False), (2, "83", "2023-Q1", 3.5, True), (4, "84", "2023", 2.0, False)
    ]  # fmt: skip
    assert p.skipped == 1 and not p.errors
    assert all(r.record and r.indicator_field == "dataElement" for r in p.records)


@pytest.mark.parametrize(
    ("value", "ok"),
    [("1234.5", True), ("-3", True), ("1e3", True), ("1,5", False), ("1.234,5", False), ("NaN", False),
     ("inf", False), (True, False), (None, False), ([1], False)],
)  # fmt: skip
def test_parse_dhis2_values_are_machine_numbers(value: object, ok: bool) -> None:
    doc = {"dataValues": [{"dataElement": "A", "orgUnit": "B", "period": "2024", "value": value}]}
    p = parse("dhis2", json.dumps(doc).encode(), "a.json")
    assert (len(p.records), len(p.errors)) == ((1, 0) if ok else (0, 1))
    if not ok:
        assert p.errors[0].field == "value"


def test_parse_sdmx_reads_labels_of_sdmx_csv_2() -> None:
    text = ("STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA: Đơn vị,INDICATOR: Chỉ tiêu,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n"
            "dataflow,X,I,84: Trà Vinh,TC01: Thu nội địa,2024-Q1,10,E\n")  # fmt: skip
    p = parse("sdmx", text.encode(), "s.csv")
    assert [(r.indicator, r.unit, str(r.period), r.estimate) for r in p.records] == [
        ("TC01", "84", "2024-Q1", True)
    ]


def test_parse_sdmx_measure_dimension_or_option() -> None:
    series = parse("sdmx", b"DATAFLOW,REF_AREA,SERIES,TIME_PERIOD,OBS_VALUE\nX,84,SI_POV,2024,1\n", "s.csv")
    assert series.records[0].indicator == "SI_POV" and series.records[0].indicator_field == "SERIES"
    given = parse(
        "sdmx", b"DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,84,2024,1\n", "s.csv", indicator="TC01"
    )
    assert given.records[0].indicator == "TC01"


@pytest.mark.parametrize(
    ("name", "indicator", "expected"),
    [("indicator_1-2-1.csv", None, "1-2-1"), ("x/indicator_TC01.csv", None, "TC01"), ("du-lieu.csv", "TC09", "TC09"),
     ("indicator_TC01.csv", "TC09", "TC09")],
)  # fmt: skip
def test_parse_opensdg_indicator_from_option_or_file_name(
    name: str, indicator: str | None, expected: str
) -> None:
    p = parse("opensdg", b"Year,Value\n2024,1\n", name, indicator=indicator)
    assert [r.indicator for r in p.records] == [expected]


def test_parse_opensdg_series_and_disaggregations() -> None:
    text = "Year,Series,GeoCode,Giới tính,Value\n2023,Thực hiện,84,,5\n2023,Thực hiện,84,Nữ,2\n2025,Chỉ tiêu,84,,9\n"
    p = parse("opensdg", text.encode("utf-8"), "indicator_X.csv")
    assert [(r.line, r.kind, r.unit) for r in p.records] == [(2, "actual", "84"), (4, "target", "84")]
    assert p.skipped == 1


def test_parse_collects_every_error_up_to_the_cap() -> None:
    n = MAX_ERRORS + 7
    text = "Year,Value\n" + "".join("x,y\n" for _ in range(n // 2 + 1))
    p = parse("opensdg", text.encode(), "indicator_X.csv")
    assert p.error_count == 2 * (n // 2 + 1) and len(p.errors) == MAX_ERRORS
    assert {e.field for e in p.errors} == {"Year", "Value"}


@pytest.mark.parametrize(
    ("error", "vi", "en"),
    [(LineError("a.csv", 3, "Year", "sai.", "wrong."), "a.csv, dòng 3, trường Year: sai.", "a.csv, line 3, field Year: wrong."),
     (LineError("a.json", 2, "period", "sai.", "wrong.", record=True), "a.json, bản ghi 2, trường period: sai.",
      "a.json, record 2, field period: wrong.")],
)  # fmt: skip
def test_line_error_text_names_file_line_and_field(error: LineError, vi: str, en: str) -> None:
    assert error.text() == vi and error.text(en=True) == en


@pytest.mark.parametrize(
    ("fmt", "data", "fragment"),
    [("dhis2", b"[1, 2]", "dataValues"), ("dhis2", b"{", "JSON"), ("sdmx", b"DATAFLOW\n", "REF_AREA"),
     ("opensdg", b"\n\n", "trống"), ("xml", b"<a/>", "định dạng")],  # type: ignore[list-item]
)  # fmt: skip
def test_parse_unreadable_file_is_an_input_error(fmt: str, data: bytes, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        parse(fmt, data, "f")  # type: ignore[arg-type]
