"""Imports through the REST API: DHIS2 ``dataValueSets`` JSON, Open SDG CSV and SDMX-CSV.

``POST /imports/dhis2`` takes the JSON a DHIS2 client posts to ``/api/dataValueSets``;
``POST /imports/opensdg`` and ``POST /imports/sdmx`` take the CSV file as the body
(``text/csv``). Every line is checked by :func:`chitieu.exchange.imports.import_data`
in one transaction audited under the user: 201 with the counts (200 for a dry run,
``dry_run=true``: checked, nothing written); 422 with every invalid line in
``errors`` (``field``, ``line``: the CSV line or the index of the JSON record, from
1, ``message``), nothing written; 403 when the user may not enter figures, or not for
a unit the file names (an updater writes only their own province's units).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from chitieu.exchange.imports import ImportFailed, ImportReport, import_data
from chitieu.exchange.readers import Format, parse
from chitieu.web.api_base import ApiUser, BodyId, operation_id, responses, valid
from chitieu.web.deps import writing
from chitieu.web.problems import FieldError, problem

__all__ = ["router"]

router = APIRouter(tags=["Trao đổi dữ liệu"], generate_unique_id_function=operation_id)
DryRun = Annotated[bool, Query(description="Chỉ kiểm tra, không ghi gì (trả lời 200).")]
IndicatorCode = Annotated[
    str | None,
    Query(min_length=1, max_length=100, description="Mã chỉ tiêu cho các dòng không ghi chỉ tiêu."),
]
_ANSWERS: dict[int | str, dict[str, Any]] = {
    **responses(400, 403, 413, 422),
    200: {"description": "Chạy thử (dry_run): mọi dòng hợp lệ, chưa ghi gì."},
}


class DataValueIn(BaseModel):
    """One value of a DHIS2 data value set (members DHIS2 adds, such as ``storedBy``, are ignored)."""

    dataElement: str | None = Field(
        None, description="Mã chỉ tiêu (mã danh mục, CT<số>, hoặc qua tệp đối chiếu)."
    )
    period: str | int | None = Field(None, description="Kỳ theo DHIS2: 2024, 2024Q3, 202409, 2024S1.")
    orgUnit: str | None = Field(None, description="Mã đơn vị (mã, DV<số>, hoặc tên).")
    value: str | float | None = Field(None, description="Số, viết kiểu máy đọc: 1234.5.")
    comment: str | None = Field(None, description="Có “ước tính”: số ước tính.")
    categoryOptionCombo: str | None = Field(None, description="Phân tổ; khác mặc định thì bỏ qua dòng.")
    attributeOptionCombo: str | None = None
    deleted: bool | None = None

    model_config = ConfigDict(extra="allow")


class DataValueSetIn(BaseModel):
    """A DHIS2 ``dataValueSets`` payload; ``period`` and ``orgUnit`` are the defaults of its values."""

    dataSet: str | None = None
    completeDate: str | None = None
    period: str | int | None = None
    orgUnit: str | None = None
    dataValues: list[DataValueIn] = Field(max_length=200_000)

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "orgUnit": "DV1",
                    "dataValues": [
                        {"dataElement": "CT1", "period": "2021", "value": "1250.5"},
                        {"dataElement": "CT1", "period": "2021Q1", "value": "300", "comment": "ước tính"},
                    ],
                }
            ]
        },
    )


class ImportOut(BaseModel):
    """What an import wrote (or, in a dry run, would write)."""

    format: str = Field(description="dhis2, opensdg hoặc sdmx.")
    created: int = Field(description="Số liệu (và chỉ tiêu) mới.")
    updated: int = Field(description="Số liệu đã có, nay đổi giá trị.")
    unchanged: int = Field(description="Số liệu đã có, giống hệt.")
    skipped: int = Field(description="Dòng phân tổ (giới tính, nhóm tuổi …), chitieu không lưu.")
    targets: int = Field(description="Trong các dòng đã nhập: bao nhiêu là chỉ tiêu kế hoạch.")
    dry_run: bool
    message: str = Field(description="Tóm tắt bằng tiếng Việt.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"format": "dhis2", "created": 2, "updated": 0, "unchanged": 0, "skipped": 0, "targets": 0,
                 "dry_run": False, "message": "dhis2: đã nhập 2 số liệu: 2 mới, 0 cập nhật, 0 không đổi."}
            ]
        }
    )  # fmt: skip

    @classmethod
    def of(cls, r: ImportReport) -> ImportOut:
        return cls(format=r.format, created=r.created, updated=r.updated, unchanged=r.unchanged, skipped=r.skipped,
                   targets=r.targets, dry_run=r.dry_run, message=r.text())  # fmt: skip


async def _body(request: Request) -> bytes:
    return await request.body()


Body = Annotated[bytes, Depends(_body)]


def _csv_body(example: str, what: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": what,
            "content": {"text/csv": {"schema": {"type": "string"}, "examples": {"tep": {"value": example}}}},
        }
    }


def _run(
    request: Request, user: Any, fmt: Format, data: bytes, *, indicator: str | None = None,
    unit_id: int | None = None, dry_run: bool = False,
) -> Any:  # fmt: skip
    parsed = parse(fmt, data, f"{fmt} (nội dung gửi lên)", indicator=indicator)
    unit = f"DV{unit_id}" if unit_id is not None and valid(unit_id) else None
    try:
        with writing(request, user) as session:
            report = import_data(
                session, parsed, fmt, actor=user.username, user=user, unit=unit, dry_run=dry_run
            )
    except ImportFailed as err:
        where = [FieldError(field=e.field, line=e.line, message=e.message) for e in err.errors]
        return problem(request, 422, str(err), err.message_en, type(err).__name__, errors=where)
    return JSONResponse(ImportOut.of(report).model_dump(), status_code=200 if dry_run else 201)


@router.post("/imports/dhis2", response_model=ImportOut, status_code=201, responses=_ANSWERS,
             summary="Nhập số liệu DHIS2 (dataValueSets JSON)")  # fmt: skip
def import_dhis2(
    request: Request, user: ApiUser, body: DataValueSetIn, raw: Body, dry_run: DryRun = False
) -> Any:
    return _run(request, user, "dhis2", raw, dry_run=dry_run)


@router.post("/imports/opensdg", response_model=ImportOut, status_code=201, responses=_ANSWERS,
             summary="Nhập số liệu Open SDG (CSV của một chỉ tiêu)",
             openapi_extra=_csv_body("Year,Indicator,Units,GeoCode,Value\n2021,CT1,tỷ đồng,DV1,1250.5\n",
                                     "Tệp CSV: Year, Value; tùy chọn Units, Series, GeoCode, Indicator."))  # fmt: skip
def import_opensdg(
    request: Request, user: ApiUser, raw: Body, indicator: IndicatorCode = None,
    unit_id: Annotated[BodyId | None, Query(description="Đơn vị cho các dòng không có GeoCode.")] = None,
    dry_run: DryRun = False,
) -> Any:  # fmt: skip
    return _run(request, user, "opensdg", raw, indicator=indicator, unit_id=unit_id, dry_run=dry_run)


@router.post("/imports/sdmx", response_model=ImportOut, status_code=201, responses=_ANSWERS,
             summary="Nhập số liệu SDMX-CSV (1.0 hoặc 2.0)",
             openapi_extra=_csv_body("DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS\n"
                                     "CHITIEU:DF_CHITIEU(1.0),Q,DV1,CT1,2021-Q2,640,tỷ đồng,A\n",
                                     "Tệp SDMX-CSV: REF_AREA, INDICATOR, TIME_PERIOD, OBS_VALUE …"))  # fmt: skip
def import_sdmx(request: Request, user: ApiUser, raw: Body, indicator: IndicatorCode = None,
                dry_run: DryRun = False) -> Any:  # fmt: skip
    return _run(request, user, "sdmx", raw, indicator=indicator, dry_run=dry_run)
