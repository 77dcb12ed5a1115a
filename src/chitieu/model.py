"""The typed vocabulary at the centre of chitieu.

Every layer (ingest, extraction, store, CLI, web) passes these frozen dataclasses
around instead of dicts or ORM rows. They carry no behaviour beyond small,
pure conveniences.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["actual", "target", "attainment", "excess", "change"]
Op = Literal["=", ">", ">=", "<", "<=", "between"]

ROLES: tuple[Role, ...] = ("actual", "target", "attainment", "excess", "change")
OPS: tuple[Op, ...] = ("=", ">", ">=", "<", "<=", "between")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in some text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a document.

    ``number`` is 1-based in the source file (or the reader's own numbering for
    formats without lines). ``raw`` is the text as read; ``text`` is the current
    text after normalisation and restoration (same line, never re-broken).
    """

    number: int
    raw: str
    text: str
    page: int | None = None
    cell: str | None = None  # "table 1, row 2, column 3" for table cells


@dataclass(frozen=True, slots=True)
class Context:
    """Where a line stands in the document's structure.

    ``section`` is the heading path (``A.I.2``), ``period`` the year that governs
    the part, ``period_kind`` its kind (``year``, ``9m``, ``quarter``...) and
    ``period_number`` its number within the year (month, quarter, half, or the last
    month of the year to date; None for a year, nine months or a span of years),
    ``targets`` whether the part lists targets (chỉ tiêu, Nghị quyết).
    """

    section: str = ""
    period: int | None = None
    targets: bool = False
    period_kind: str | None = None  # year, half, 9m, quarter, month, ytd, multi-year
    period_number: int | None = None  # month 1-12, quarter 1-4, half 1-2, ytd: last month


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure found in text: one number, a range or a ratio, with its unit.

    Offsets are into the text the quantity was found in. ``op`` and the values
    follow the facts contract: ``value`` for a point, ``low``/``high`` for a
    range, ``of`` for the denominator of ``x/y``. ``sign`` is the sign written
    in front of the number (``+3,63%`` gives 1, ``-9,28%`` gives -1, else 0).
    """

    span: Span
    op: Op
    value: float | None
    low: float | None = None
    high: float | None = None
    of: float | None = None
    unit: str = ""
    unit_span: Span | None = None
    sign: int = 0
    qualifier: str = ""

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass(frozen=True, slots=True)
class Fact:
    """One stated figure with its meaning: a record of the facts contract."""

    line: int
    indicator: str
    role: Role
    op: Op
    value: float | None
    low: float | None = None
    high: float | None = None
    of: float | None = None
    unit: str = ""
    basis: str | None = None
    period: int | None = None
    estimate: bool = False
    section: str = ""
    source: str = ""
    period_kind: str | None = None
    page: int | None = None
    text: str = ""  # the clause the figure was read from
    indicator_code: str | None = None  # the catalogue entry the figure is about (None: none fits)
    link_confidence: float | None = None  # how sure that link is, in [0, 1] (None: not linked)
    period_number: int | None = None  # month 1-12, quarter 1-4, half 1-2, ytd: last month covered

    CONTRACT_FIELDS = (
        "line", "section", "indicator", "role", "op", "value", "low", "high",
        "of", "unit", "basis", "period", "estimate",
    )  # fmt: skip

    def to_record(self, *, provenance: bool = True) -> dict[str, Any]:
        """The contract's JSON object (plus provenance fields if asked)."""
        rec: dict[str, Any] = {k: getattr(self, k) for k in self.CONTRACT_FIELDS}
        rec["period_kind"] = self.period_kind
        rec["period_number"] = self.period_number
        rec["indicator_code"] = self.indicator_code
        rec["link_confidence"] = self.link_confidence
        for k in ("value", "low", "high", "of"):
            rec[k] = _plain_number(rec[k])
        if provenance:
            rec["source"] = self.source
            if self.page is not None:
                rec["page"] = self.page
            rec["text"] = self.text
        return rec


def _plain_number(x: float | None) -> float | int | None:
    if x is None:
        return None
    if float(x).is_integer() and abs(x) < 2**53:
        return int(x)
    return float(x)


@dataclass(frozen=True, slots=True)
class Document:
    """A document, or a consecutive block of one, as it moves through the pipeline.

    Large files are processed as a stream of blocks; ``context`` is the structure
    in force at the block's first line and ``contexts`` (filled by the segment
    stage) the structure of each line. ``meta`` carries what stages learn
    (encoding, whether it was restored...).
    """

    source: str
    lines: tuple[Line, ...] = ()
    context: Context = field(default_factory=Context)
    contexts: tuple[Context, ...] = ()
    facts: tuple[Fact, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Document:
        return dataclasses.replace(self, **changes)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def end_context(self) -> Context:
        """The structure in force after the last line (for the next block)."""
        return self.contexts[-1] if self.contexts else self.context
