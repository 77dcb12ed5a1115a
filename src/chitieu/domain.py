"""The typed vocabulary of the indicator store: units, plans, indicators, targets, results.

These frozen dataclasses are what the store hands out and the assessment, the web
app and the briefing consume; the SQLAlchemy rows stay inside :mod:`chitieu.store`.

Periods follow Decree 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà nước),
Article 12, for their data cut-off (thời gian chốt số liệu): a month runs from the 15th
of the previous month to the 14th of the month, a quarter from the 15th of the month
before it to the 14th of its last month, six months and the year from 15 December of
the previous year to 14 June and 14 December. The decree has no nine-month report; by
the same rule nine months run from 15 December of the previous year to 14 September, and
the year to date up to month N (lũy kế N tháng, kind ``ytd``, number N) from 15 December
of the previous year to the 14th of month N.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from chitieu.model import Op

if TYPE_CHECKING:
    from chitieu.assess.trajectory import Trajectory

PeriodKind = Literal["month", "quarter", "half", "nine_months", "ytd", "year"]
Direction = Literal["up", "down", "range"]
Aggregation = Literal["sum", "mean", "latest"]
ObservationState = Literal["draft", "submitted", "approved"]
Measure = Literal["value", "attainment", "excess", "change"]
Status = Literal["vượt", "đạt", "gần đạt", "không đạt", "chưa có số liệu"]
IndicatorStatus = Literal["active", "proposed", "retired"]
ReviewState = Literal["pending", "accepted", "rejected"]

PERIOD_KINDS: tuple[PeriodKind, ...] = ("month", "quarter", "half", "nine_months", "ytd", "year")
DIRECTIONS: tuple[Direction, ...] = ("up", "down", "range")
AGGREGATIONS: tuple[Aggregation, ...] = ("sum", "mean", "latest")
STATES: tuple[ObservationState, ...] = ("draft", "submitted", "approved")
DOMAINS: tuple[str, ...] = (
    "kinh tế",
    "xã hội",
    "môi trường",
    "quốc phòng - an ninh",
    "xây dựng hệ thống chính trị",
)

_MAX_NUMBER: dict[PeriodKind, int] = {
    "month": 12, "quarter": 4, "half": 2, "nine_months": 1, "ytd": 12, "year": 1,
}  # fmt: skip
_PERIOD_TEXT = re.compile(r"(?P<y>\d{4})(?:-(?P<k>M|Q|H|S|9T|9M|LK)(?P<n>\d{1,2})?)?")


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: ``kind``, ``year`` and ``number`` (month 1-12, quarter 1-4, half 1-2,
    the last month of the year to date 1-12; else 1)."""

    year: int
    kind: PeriodKind = "year"
    number: int = 1

    def __post_init__(self) -> None:
        if self.kind not in _MAX_NUMBER:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if not 1 <= self.number <= _MAX_NUMBER[self.kind]:
            raise ValueError(f"period number {self.number} out of range for {self.kind}")
        if not 1900 <= self.year <= 2200:
            raise ValueError(f"year {self.year} out of range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2019``, ``2019-M03``, ``2019-Q1``, ``2019-H1`` (or ``S1``), ``2019-9T``, ``2019-LK10``."""
        m = _PERIOD_TEXT.fullmatch(text.strip().upper())
        if not m:
            raise ValueError(f"bad period {text!r}")
        year, key, num = int(m["y"]), m["k"], m["n"]
        if key is None:
            return cls(year)
        if key in ("9T", "9M"):
            return cls(year, "nine_months")
        if num is None:
            raise ValueError(f"bad period {text!r}")
        kind: PeriodKind = {"M": "month", "Q": "quarter", "H": "half", "S": "half", "LK": "ytd"}[key]  # type: ignore[assignment]
        return cls(year, kind, int(num))

    def __str__(self) -> str:
        if self.kind == "year":
            return str(self.year)
        if self.kind == "nine_months":
            return f"{self.year}-9T"
        letter = {"month": "M", "quarter": "Q", "half": "H", "ytd": "LK"}[self.kind]
        return (
            f"{self.year}-{letter}{self.number:02d}"
            if self.kind in ("month", "ytd")
            else f"{self.year}-{letter}{self.number}"
        )

    @property
    def label(self) -> str:
        """Vietnamese name: ``năm 2019``, ``tháng 3/2019``, ``quý I/2019``, ``6 tháng đầu năm 2019``,
        ``lũy kế 10 tháng năm 2019``."""
        if self.kind == "year":
            return f"năm {self.year}"
        if self.kind == "month":
            return f"tháng {self.number}/{self.year}"
        if self.kind == "quarter":
            return f"quý {('I', 'II', 'III', 'IV')[self.number - 1]}/{self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == "ytd":
            return f"lũy kế {self.number} tháng năm {self.year}"
        return f"9 tháng năm {self.year}"

    def last_month(self) -> int:
        return {
            "month": self.number,
            "quarter": 3 * self.number,
            "half": 6 * self.number,
            "nine_months": 9,
            "ytd": self.number,
            "year": 12,
        }[self.kind]

    def cutoff(self) -> tuple[dt.date, dt.date]:
        """First and last day of the data this period covers (Decree 09/2019/NĐ-CP, Art. 12)."""
        end = dt.date(self.year, self.last_month(), 14)
        if self.kind == "month":
            first_month = self.number
        elif self.kind == "quarter":
            first_month = 3 * self.number - 2
        elif self.kind == "half":
            first_month = 1 if self.number == 1 else 7
        else:
            first_month = 1
        start_year, start_month = (self.year - 1, 12) if first_month == 1 else (self.year, first_month - 1)
        return dt.date(start_year, start_month, 15), end

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order: by year, then months, quarters, halves, nine months, years to date, the year."""
        return (self.year, PERIOD_KINDS.index(self.kind), self.number)

    def previous_year(self) -> Period:
        """The same period one year earlier (cùng kỳ năm trước)."""
        return Period(self.year - 1, self.kind, self.number)

    def months(self) -> tuple[int, ...]:
        """The calendar months the period spans, for combining monthly figures."""
        if self.kind == "month":
            return (self.number,)
        start, end = self.cutoff()
        first = 1 if start.month == 12 else start.month + 1
        return tuple(range(first, end.month + 1))


@dataclass(frozen=True, slots=True)
class Unit:
    """An organisation unit (province, district, commune, department), valid over a time span."""

    id: int
    name: str
    level: str  # "quốc gia", "tỉnh", "huyện", "xã", "sở" ...
    code: str | None = None
    parent_id: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None  # exclusive; None while it exists
    successor_id: int | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """A resolution or plan that sets targets (Nghị quyết, kế hoạch, dự toán)."""

    id: int
    title: str
    issuer: str = ""
    number: str = ""
    issued: dt.date | None = None
    first_year: int | None = None
    last_year: int | None = None
    unit_id: int | None = None

    def covers(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


@dataclass(frozen=True, slots=True)
class Indicator:
    """A catalogue entry: what is measured, in which unit, which way is better, how it combines."""

    id: int
    name: str
    unit: str = ""
    code: str | None = None
    domain: str | None = None
    direction: Direction = "up"
    aggregation: Aggregation = "sum"
    aliases: tuple[str, ...] = ()
    status: IndicatorStatus = "active"

    @property
    def is_share(self) -> bool:
        """A share of a whole (``Tỷ lệ …``, ``Tỷ trọng …`` in %): cannot exceed 100."""
        from chitieu.text.normalize import fold

        return self.unit == "%" and fold(self.name).startswith(("ty le", "ty trong", "ti le", "ti trong"))


@dataclass(frozen=True, slots=True)
class Target:
    """A planned value: ``op`` with ``value`` (or ``low``/``high`` for ``between``)."""

    id: int
    indicator_id: int
    unit_id: int
    period: Period
    op: Op
    value: float | None = None
    low: float | None = None
    high: float | None = None
    plan_id: int | None = None
    basis: str | None = None
    measure: Measure = "value"  # "change": a growth target (tăng 11% so với năm trước)
    unit_of_measure: str = ""
    document_id: int | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    """A reported figure for an indicator, a unit and a period, with where it came from."""

    id: int
    indicator_id: int
    unit_id: int
    period: Period
    value: float
    measure: Measure = "value"
    of: float | None = None
    estimate: bool = False
    state: ObservationState = "draft"
    basis: str | None = None
    document_id: int | None = None
    line: int | None = None
    entered_by: str | None = None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A source document, stored once by the SHA-256 of its bytes."""

    id: int
    sha256: str
    name: str
    size: int
    imported_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict on one target: status, attainment (%), change on the same period last year."""

    indicator: str
    unit: str
    period: Period
    target: Target
    actual: float | None
    status: Status
    attainment: float | None = None  # % of the target reached (100 = exactly met)
    change: float | None = None  # change on the same period last year (% or points)
    change_is_points: bool = False  # the change is in percentage points (indicator in %)
    previous: float | None = None
    estimate: bool = False
    unit_of_measure: str = ""
    sentence: str = ""
    stated_attainment: float | None = None  # the attainment (%) the source itself stated
    warnings: tuple[str, ...] = ()  # consistency warnings (stated and computed disagree)
    trajectory: Trajectory | None = None  # will the target be reached (value targets)
