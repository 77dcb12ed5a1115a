"""The briefing's content, independent of its format: frozen dataclasses.

:func:`chitieu.report.build.build_report` fills a :class:`Report` from the store;
the renderers (:mod:`chitieu.report.word`, :mod:`chitieu.report.markup`,
:mod:`chitieu.report.pdf`) turn the same :class:`Report` into Word, HTML or PDF.
Every number in here is already written the Vietnamese way; the raw values stay
beside the text (:class:`Figure`) so that tests and other consumers can check them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["đạt", "vượt", "tăng", "giảm", "bằng", "chỉ tiêu"]

NO_DATA = "chưa có số liệu"


@dataclass(frozen=True, slots=True)
class Figure:
    """One number stated in a sentence: its value, how it is written, and the verb before it."""

    value: float
    text: str  # as written: "28.157", "0,4"
    role: Role
    measure: str  # "value", "attainment", "excess", "change", "target"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence about one indicator (a result, or a target of next year)."""

    text: str
    indicator: str
    indicator_id: int | None = None
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Sentences about a group of related indicators (one paragraph of the briefing)."""

    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class DomainSection:
    """The results of one domain (kinh tế, xã hội...): a numbered heading and its paragraphs."""

    number: int
    title: str  # "Lĩnh vực kinh tế"
    domain: str  # "kinh tế", one of chitieu.domain.DOMAINS, or "khác"
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One row of the table of the year's targets."""

    number: int
    indicator: str
    unit: str
    target: str  # "Nghị quyết tăng 7 - 7,5%"
    actual: str  # "7,82" ("" when there is no result)
    attainment: str  # "104,27%" or ""
    status: str  # "vượt", "đạt", "gần đạt", "không đạt", "chưa có số liệu"
    domain: str = ""
    estimate: bool = False


@dataclass(frozen=True, slots=True)
class TextSection:
    """A section the users write themselves (Hạn chế, yếu kém; Nguyên nhân; Nhiệm vụ và giải pháp)."""

    key: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Series:
    """One line or bar series of a chart."""

    label: str
    points: tuple[tuple[str, float], ...]  # (category or year, value)
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart to draw: ``status_by_domain`` (stacked bars) or ``trend`` (small multiples of lines)."""

    key: str
    title: str
    kind: Literal["status_by_domain", "trend"]
    series: tuple[Series, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """The whole briefing for one plan, unit and results year."""

    year: int
    unit: str
    plan: str
    issuer: str  # "ỦY BAN NHÂN DÂN TỈNH AN LẠC" (upper case, top left of the title block)
    title: str  # "BÁO CÁO KẾT QUẢ THỰC HIỆN ... NĂM 2023"
    subtitle: str  # "CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024"
    intro: str
    domains: tuple[DomainSection, ...]
    targets: tuple[TargetRow, ...]
    sections: tuple[TextSection, ...]
    next_targets: tuple[Sentence, ...]
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = field(default=())  # what could not be said (for the user, not printed)

    @property
    def next_year(self) -> int:
        return self.year + 1

    @property
    def has_results(self) -> bool:
        return any(d.paragraphs for d in self.domains) or any(r.actual for r in self.targets)

    def sentences(self) -> tuple[Sentence, ...]:
        """Every result sentence of part A, in order."""
        return tuple(s for d in self.domains for p in d.paragraphs for s in p.sentences)
