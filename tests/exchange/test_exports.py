"""Open SDG, DHIS2 and SDMX-CSV exports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import Engine

from chitieu.domain import ObservationState, Period
from chitieu.exchange.exports import dhis2, dhis2_period, export_rows, opensdg, sdmx_csv, sdmx_period
from chitieu.store import repo, session_scope


@pytest.fixture
def filled(engine: Engine) -> Engine:
    figures: list[tuple[Period, float, ObservationState, str, bool]] = [
        (Period(2019), 5000.0, "draft", "an", False),
        (Period(2019), 5133.0, "approved", "binh", False),
        (Period(2020), 5500.5, "draft", "an", True),
        (Period(2020, "month", 3), 400.0, "draft", "an", False),
        (Period(2020, "quarter", 1), 1300.0, "submitted", "an", False),
        (Period(2020, "half", 1), 2600.0, "draft", "an", False),
        (Period(2020, "nine_months"), 3900.0, "draft", "an", False),
    ]
    with session_scope(engine) as s:
        unit = repo.add_unit(s, "Tỉnh Trà Vinh", code="84")
        ind = repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng", code="TC01")
        for period, value, state, user, est in figures:
            repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=period, value=value, state=state,
                                 entered_by=user, estimate=est)  # fmt: skip
    return engine


def test_export_rows_choose_approved(filled: Engine) -> None:
    with session_scope(filled) as s:
        rows = export_rows(s)
        approved = export_rows(s, states=["approved"])
    assert [(str(r.period), r.value) for r in rows] == [
        ("2019", 5133.0), ("2020-M03", 400.0), ("2020-Q1", 1300.0), ("2020-H1", 2600.0), ("2020-9T", 3900.0),
        ("2020", 5500.5),
    ]  # fmt: skip
    assert [r.value for r in approved] == [5133.0]


@pytest.mark.parametrize(
    ("period", "dhis", "sdmx"),
    [(Period(2019), "2019", ("A", "2019")), (Period(2019, "month", 3), "201903", ("M", "2019-M03")),
     (Period(2019, "quarter", 2), "2019Q2", ("Q", "2019-Q2")), (Period(2019, "half", 2), "2019S2", ("S", "2019-S2")),
     (Period(2019, "nine_months"), None, None)],
)  # fmt: skip
def test_export_period_codes(period: Period, dhis: str | None, sdmx: tuple[str, str] | None) -> None:
    assert dhis2_period(period) == dhis
    assert sdmx_period(period) == sdmx


def test_export_dhis2_payload(filled: Engine) -> None:
    with session_scope(filled) as s:
        payload = dhis2(export_rows(s))
    values = payload["dataValues"]
    assert len(values) == 5  # nine months left out
    assert values[0] == {
        "dataElement": "TC01", "period": "2019", "orgUnit": "84", "value": "5133",
        "comment": "Thu nội địa (tỷ đồng); approved; user:binh",
    }  # fmt: skip
    assert values[-1]["comment"].endswith("; ước tính")
    assert [v["period"] for v in values] == ["2019", "202003", "2020Q1", "2020S1", "2020"]


def test_export_sdmx_csv(filled: Engine) -> None:
    out = io.StringIO()
    with session_scope(filled) as s:
        sdmx_csv(export_rows(s), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS"
    assert lines[1] == "CHITIEU:DF_CHITIEU(1.0),A,84,TC01,2019,5133,tỷ đồng,A"
    assert "CHITIEU:DF_CHITIEU(1.0),A,84,TC01,2020,5500.5,tỷ đồng,E" in lines
    assert len(lines) == 6


def test_export_opensdg_yearly_only(filled: Engine, tmp_path: Path) -> None:
    with session_scope(filled) as s:
        rows = export_rows(s)
    stream = io.StringIO()
    opensdg(rows, stream=stream)
    assert stream.getvalue().splitlines() == [
        "Indicator,Year,Units,Đơn vị hành chính,Value",
        "TC01,2019,tỷ đồng,Tỉnh Trà Vinh,5133",
        "TC01,2020,tỷ đồng,Tỉnh Trà Vinh,5500.5",
    ]
    (path,) = opensdg(rows, folder=tmp_path / "data")
    assert path.name == "indicator_TC01.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == "Year,Units,Đơn vị hành chính,Value"
