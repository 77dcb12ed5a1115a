"""Period expressions: which year, and what kind of period, a figure is about.

"9 tháng đầu năm 2024" is the first nine months of 2024 (kind ``9m``), "quý
III/2024" a quarter, "lũy kế đến tháng 10" the year to date, "giai đoạn 2021 -
2025" a span of years (its end year is the ``period``). The expressions live in
``lexicon/periods.toml``; this module applies them over folded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from chitieu.extract.lexicon import lexicon, phrase_class

__all__ = ["KINDS", "PeriodMention", "find_periods", "last_period", "period_in"]

KINDS = ("year", "half", "9m", "quarter", "month", "ytd", "multi-year")


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period named in text: ``year`` may be None where the text leaves it to the context."""

    start: int
    end: int
    kind: str
    year: int | None
    comparison: bool = False  # named as the base of a comparison ("so với năm 2023")

    @property
    def governs(self) -> bool:
        """Whether the figures around it are about this period (not a date, not a base)."""
        return not self.comparison and self.kind != "date"


@cache
def _patterns() -> re.Pattern[str]:
    entries = lexicon("periods")["period"]
    parts = []
    for i, e in enumerate(entries):
        if e["kind"] not in (*KINDS, "date"):
            raise ValueError(f"lexicon/periods.toml: unknown period kind {e['kind']!r}")
        body = e["pattern"].replace(" ", r"\s+")
        # the groups of each entry are renamed apart so one expression holds them all
        body = re.sub(r"\(\?P<(\w+)>", rf"(?P<\g<1>_{i}>", body)
        parts.append(f"(?P<k_{i}>{body})")
    return re.compile(r"(?<![\w/.,])(?:" + "|".join(parts) + r")(?![\w])")


@cache
def _kinds() -> tuple[str, ...]:
    return tuple(e["kind"] for e in lexicon("periods")["period"])


def find_periods(folded: str, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    """Every period named in ``folded[start:end]``, in order."""
    end = len(folded) if end is None else end
    rx, kinds = _patterns(), _kinds()
    comparison = phrase_class("periods", "comparison", "before")
    out = []
    for m in rx.finditer(folded, start, end):
        name = m.lastgroup or ""
        i = int(name.rsplit("_", 1)[1])
        groups = {k.rsplit("_", 1)[0]: v for k, v in m.groupdict().items() if v and k.endswith(f"_{i}")}
        year_s = groups.get("y2") or groups.get("y")
        year = int(year_s) if year_s else None
        cmp = comparison.ends(folded, max(start, m.start() - 12), m.start())
        kind = kinds[i]
        if kind == "ytd" and groups.get("n") in ("9", "09", "6", "06"):
            kind = "9m" if groups["n"].endswith("9") else "half"  # "lũy kế 9 tháng"
        out.append(PeriodMention(m.start(), m.end(), kind, year, cmp))
    return out


def period_in(folded: str, start: int = 0, end: int | None = None) -> PeriodMention | None:
    """The first period of ``folded[start:end]`` that is not a comparison's base."""
    for p in find_periods(folded, start, end):
        if p.governs:
            return p
    return None


def last_period(folded: str, start: int = 0, end: int | None = None) -> PeriodMention | None:
    """The last period of ``folded[start:end]`` that is not a comparison's base."""
    found = [p for p in find_periods(folded, start, end) if p.governs]
    return found[-1] if found else None
