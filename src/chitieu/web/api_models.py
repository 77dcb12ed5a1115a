"""The bodies of the REST API (pydantic), each with an example, and how domain objects become them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat

from chitieu.assess.compare import Comparison
from chitieu.assess.trajectory import Trajectory
from chitieu.domain import Assessment, Indicator, Observation, Plan, Target, Unit
from chitieu.store.review import DocumentInfo, ReviewFact
from chitieu.store.users import Lock
from chitieu.web.api_base import BodyId, PeriodText

__all__ = [
    "AssessmentOut",
    "ComparisonOut",
    "ComparisonRowOut",
    "DocumentOut",
    "FactOut",
    "IndicatorOut",
    "JobOut",
    "LockIn",
    "LockOut",
    "ObservationIn",
    "ObservationOut",
    "PlanOut",
    "RelinkIn",
    "RelinkOut",
    "TargetIn",
    "TargetOut",
    "TrajectoryOut",
    "UnitOut",
]

Number = Annotated[str, Field(max_length=50)] | FiniteFloat
Op = Literal["=", ">", ">=", "<", "<=", "between"]
Measure = Literal["value", "attainment", "excess", "change"]
State = Literal["draft", "submitted", "approved"]


def _r2(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _example(**example: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


def _input(**example: Any) -> ConfigDict:
    """A request body: its example, and no member it does not know (a typo is an error, not ignored)."""
    return ConfigDict(json_schema_extra={"examples": [example]}, extra="forbid")


class UnitOut(BaseModel):
    id: int
    name: str
    level: str = Field(description="quốc gia, tỉnh, huyện, xã, sở …")
    code: str | None
    parent_id: int | None
    successor_id: int | None = Field(description="Đơn vị kế thừa sau sáp nhập (nếu có).")
    model_config = _example(
        id=1, name="Tỉnh An Lạc", level="tỉnh", code=None, parent_id=None, successor_id=None
    )

    @classmethod
    def of(cls, u: Unit) -> UnitOut:
        return cls(id=u.id, name=u.name, level=u.level, code=u.code, parent_id=u.parent_id,
                   successor_id=u.successor_id)  # fmt: skip


class PlanOut(BaseModel):
    id: int
    title: str
    issuer: str
    number: str
    issued: str | None = Field(description="Ngày ban hành (YYYY-MM-DD).")
    first_year: int | None
    last_year: int | None
    unit_id: int | None
    public: bool = Field(description="Đã công khai (xem không cần đăng nhập).")
    model_config = _example(id=1, title="Nghị quyết Đại hội Đảng bộ tỉnh", issuer="", number="", issued=None,
                            first_year=2021, last_year=2025, unit_id=1, public=False)  # fmt: skip

    @classmethod
    def of(cls, p: Plan, public: bool) -> PlanOut:
        return cls(id=p.id, title=p.title, issuer=p.issuer, number=p.number,
                   issued=p.issued.isoformat() if p.issued else None, first_year=p.first_year,
                   last_year=p.last_year, unit_id=p.unit_id, public=public)  # fmt: skip


class IndicatorOut(BaseModel):
    id: int
    name: str
    unit: str
    code: str | None
    domain: str | None
    direction: Literal["up", "down", "range"]
    aggregation: Literal["sum", "mean", "latest"]
    status: Literal["active", "proposed", "retired"]
    aliases: list[str]
    model_config = _example(id=1, name="Tổng thu ngân sách nhà nước trên địa bàn", unit="tỷ đồng", code=None,
                            domain="kinh tế", direction="up", aggregation="sum", status="active", aliases=[])  # fmt: skip

    @classmethod
    def of(cls, i: Indicator) -> IndicatorOut:
        return cls(id=i.id, name=i.name, unit=i.unit, code=i.code, domain=i.domain, direction=i.direction,
                   aggregation=i.aggregation, status=i.status, aliases=list(i.aliases))  # fmt: skip


class TargetOut(BaseModel):
    id: int
    indicator_id: int
    unit_id: int
    period: str
    op: Op
    value: float | None
    low: float | None
    high: float | None
    measure: Measure
    plan_id: int | None
    basis: str | None
    unit_of_measure: str
    document_id: int | None
    line: int | None
    model_config = _example(id=1, indicator_id=1, unit_id=1, period="2022", op=">=", value=1000.0, low=None,
                            high=None, measure="value", plan_id=1, basis=None, unit_of_measure="tỷ đồng",
                            document_id=None, line=None)  # fmt: skip

    @classmethod
    def of(cls, t: Target) -> TargetOut:
        return cls(id=t.id, indicator_id=t.indicator_id, unit_id=t.unit_id, period=str(t.period), op=t.op,
                   value=t.value, low=t.low, high=t.high, measure=t.measure, plan_id=t.plan_id, basis=t.basis,
                   unit_of_measure=t.unit_of_measure, document_id=t.document_id, line=t.line)  # fmt: skip


class TargetIn(BaseModel):
    indicator_id: BodyId
    unit_id: BodyId
    period: PeriodText
    op: Op
    value: Number | None = Field(None, description="Giá trị (trừ op between): số hoặc chuỗi 1.234,5.")
    low: Number | None = Field(None, description="Cận dưới (op between).")
    high: Number | None = Field(None, description="Cận trên (op between).")
    plan_id: BodyId | None = None
    measure: Literal["value", "change"] = Field(
        "value", description="value: mức; change: tăng/giảm so với năm trước (%)."
    )
    model_config = _input(indicator_id=1, unit_id=1, period="2025", op=">=", value="1.200", plan_id=1)


class ObservationOut(BaseModel):
    id: int
    indicator_id: int
    unit_id: int
    period: str
    value: float
    measure: Measure
    estimate: bool
    state: State
    document_id: int | None
    line: int | None
    entered_by: str | None
    model_config = _example(id=1, indicator_id=1, unit_id=1, period="2022", value=1100.0, measure="value",
                            estimate=False, state="submitted", document_id=None, line=None, entered_by="capnhat")  # fmt: skip

    @classmethod
    def of(cls, o: Observation) -> ObservationOut:
        return cls(id=o.id, indicator_id=o.indicator_id, unit_id=o.unit_id, period=str(o.period), value=o.value,
                   measure=o.measure, estimate=o.estimate, state=o.state, document_id=o.document_id, line=o.line,
                   entered_by=o.entered_by)  # fmt: skip


class ObservationIn(BaseModel):
    indicator_id: BodyId
    unit_id: BodyId
    period: PeriodText
    value: Number = Field(description="Số (JSON) hoặc chuỗi viết kiểu Việt Nam: 1.234,5")
    model_config = _input(indicator_id=1, unit_id=1, period="2024", value="1.234,5")


class DocumentOut(BaseModel):
    id: int
    name: str
    size: int
    sha256: str
    unit_id: int | None
    plan_id: int | None
    imported_by: str
    facts: int
    pending: int
    accepted: int
    model_config = _example(id=1, name="bao-cao-2023.docx", size=48213, sha256="9f2c…", unit_id=1, plan_id=1,
                            imported_by="web:capnhat", facts=42, pending=40, accepted=2)  # fmt: skip

    @classmethod
    def of(cls, d: DocumentInfo) -> DocumentOut:
        return cls(id=d.id, name=d.name, size=d.size, sha256=d.sha256, unit_id=d.unit_id, plan_id=d.plan_id,
                   imported_by=d.imported_by, facts=d.facts, pending=d.pending, accepted=d.accepted)  # fmt: skip


class FactOut(BaseModel):
    id: int
    line: int
    indicator: str
    indicator_id: int | None = Field(description="Chỉ tiêu trong danh mục (khi đã chấp nhận).")
    role: str
    op: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    basis: str | None
    period: int | None = Field(description="Năm của dữ kiện.")
    period_kind: str | None = Field(description="Loại kỳ: year, half, 9m, quarter, month, ytd …")
    period_number: int | None = Field(
        description="Số kỳ trong năm: tháng, quý, nửa năm, tháng cuối của lũy kế."
    )
    estimate: bool
    review: Literal["pending", "accepted", "rejected"]
    text: str
    model_config = _example(id=1, line=12, indicator="Tổng thu ngân sách nhà nước trên địa bàn", indicator_id=None,
                            role="actual", op="=", value=1234.0, low=None, high=None, unit="tỷ đồng", basis=None,
                            period=2023, period_kind="year", period_number=None, estimate=False, review="pending", text="Tổng thu ngân sách đạt 1.234 tỷ đồng.")  # fmt: skip

    @classmethod
    def of(cls, f: ReviewFact) -> FactOut:
        x = f.fact
        return cls(id=f.id, line=x.line, indicator=x.indicator, indicator_id=f.indicator_id, role=x.role, op=x.op,
                   value=x.value, low=x.low, high=x.high, unit=x.unit, basis=x.basis, period=x.period, period_kind=x.period_kind, period_number=x.period_number,
                   estimate=x.estimate, review=f.review, text=x.text)  # type: ignore[arg-type]  # fmt: skip


class RelinkIn(BaseModel):
    indicator: str = Field(
        min_length=1, max_length=500, description="Tên chỉ tiêu của các dữ kiện cần gắn lại."
    )
    name: str | None = Field(None, max_length=500, description="Tên mới.")
    code: str | None = Field(None, max_length=50, description="Mã chỉ tiêu trong danh mục.")
    model_config = _input(indicator="Thu ngân sách", name="Tổng thu ngân sách nhà nước trên địa bàn")


class RelinkOut(BaseModel):
    moved: int = Field(description="Số dữ kiện đã gắn lại.")
    model_config = _example(moved=3)


class JobOut(BaseModel):
    id: str
    name: str
    state: Literal["running", "done", "failed"]
    lines: int
    facts: int
    percent: int | None = Field(description="Tiến độ (%, tệp PDF/ảnh), null khi chưa biết.")
    document_id: int | None = Field(description="Tài liệu đã lưu (khi xong).")
    already: bool = Field(description="Tài liệu này đã có từ trước (cùng nội dung).")
    error: str
    model_config = _example(id="q0C9yX2mWk3s", name="bao-cao.txt", state="done", lines=120, facts=35, percent=None,
                            document_id=4, already=False, error="")  # fmt: skip


class LockIn(BaseModel):
    period: PeriodText
    unit_id: BodyId | None = Field(None, description="Đơn vị; null: mọi đơn vị (chỉ quản trị).")
    model_config = _input(period="2024", unit_id=1)


class LockOut(BaseModel):
    id: int
    unit_id: int | None
    period: str
    locked_by: str
    locked_at: str = Field(description="Thời điểm khóa (ISO 8601, UTC).")
    model_config = _example(
        id=1, unit_id=1, period="2024", locked_by="pheduyet", locked_at="2025-01-15T08:00:00"
    )

    @classmethod
    def of(cls, x: Lock) -> LockOut:
        return cls(id=x.id, unit_id=x.unit_id, period=x.period, locked_by=x.locked_by,
                   locked_at=x.locked_at.isoformat())  # fmt: skip


class TrajectoryOut(BaseModel):
    status: Literal["đã đạt", "đúng hướng", "cần nỗ lực", "chệch hướng", "chưa đủ số liệu"]
    method: Literal["cagr", "linear"]
    actual_rate: float | None = Field(description="Tốc độ thực tế (%/năm với cagr, đơn vị/năm với linear).")
    required_rate: float | None = Field(description="Tốc độ cần để đạt chỉ tiêu.")
    rate_unit: str
    years: list[int] = Field(description="Các năm có số liệu đã dùng.")
    latest: float | None
    goal: float | None
    projected_value: float | None = Field(description="Dự báo ở năm của chỉ tiêu, theo tốc độ thực tế.")
    target_year: int
    model_config = _example(status="đúng hướng", method="cagr", actual_rate=6.2, required_rate=4.1,
                            rate_unit="%/năm", years=[2021, 2022], latest=1100.0, goal=1200.0,
                            projected_value=1240.5, target_year=2025)  # fmt: skip

    @classmethod
    def of(cls, t: Trajectory | None) -> TrajectoryOut | None:
        if t is None:
            return None
        return cls(status=t.status, method=t.method, actual_rate=t.actual_rate, required_rate=t.required_rate,
                   rate_unit=t.rate_unit, years=list(t.years), latest=t.latest, goal=t.goal,
                   projected_value=t.projected_value, target_year=t.target_year)  # fmt: skip


class AssessmentOut(BaseModel):
    target_id: int
    indicator_id: int
    indicator: str
    unit: str
    period: str
    target: TargetOut
    actual: float | None
    unit_of_measure: str
    estimate: bool
    status: Literal["vượt", "đạt", "gần đạt", "không đạt", "chưa có số liệu"]
    attainment: float | None = Field(description="% chỉ tiêu đạt được (100 = vừa đạt).")
    change: float | None = Field(description="Thay đổi so với cùng kỳ năm trước.")
    change_unit: Literal["%", "điểm %"]
    sentence: str = Field(description="Câu nhận xét tiếng Việt.")
    warnings: list[str]
    trajectory: TrajectoryOut | None
    model_config = _example(target_id=1, indicator_id=1, indicator="Tổng thu ngân sách nhà nước trên địa bàn",
                            unit="Tỉnh An Lạc", period="2022", target=TargetOut.model_config["json_schema_extra"]["examples"][0],  # type: ignore[index]
                            actual=1100.0, unit_of_measure="tỷ đồng", estimate=False, status="vượt", attainment=110.0,
                            change=None, change_unit="%", sentence="Tổng thu ngân sách … đạt 1.100 tỷ đồng, vượt chỉ tiêu.",
                            warnings=[], trajectory=None)  # fmt: skip

    @classmethod
    def of(cls, a: Assessment) -> AssessmentOut:
        return cls(target_id=a.target.id, indicator_id=a.target.indicator_id, indicator=a.indicator, unit=a.unit,
                   period=str(a.period), target=TargetOut.of(a.target), actual=a.actual,
                   unit_of_measure=a.unit_of_measure, estimate=a.estimate, status=a.status,
                   attainment=_r2(a.attainment), change=_r2(a.change), change_unit="điểm %" if a.change_is_points else "%",
                   sentence=a.sentence, warnings=list(a.warnings), trajectory=TrajectoryOut.of(a.trajectory))  # fmt: skip


class ComparisonRowOut(BaseModel):
    rank: int | None = Field(description="Thứ hạng (null: không xếp hạng được).")
    unit: UnitOut
    value: float | None
    estimate: bool
    status: Literal["vượt", "đạt", "gần đạt", "không đạt", "chưa có số liệu"] | None
    trajectory: TrajectoryOut | None


class ComparisonOut(BaseModel):
    indicator: IndicatorOut
    year: int
    ranked: bool = Field(description="Thứ tự là xếp hạng (không phải với chỉ tiêu dạng khoảng).")
    rows: list[ComparisonRowOut]

    @classmethod
    def of(cls, c: Comparison) -> ComparisonOut:
        rows = [ComparisonRowOut(rank=r.rank, unit=UnitOut.of(r.unit), value=r.value, estimate=r.estimate,
                                 status=r.status, trajectory=TrajectoryOut.of(r.trajectory)) for r in c.rows]  # fmt: skip
        return cls(indicator=IndicatorOut.of(c.indicator), year=c.year, ranked=c.ranked, rows=rows)
