"""Period expressions: which year, and what kind of period, a figure is about.

"9 tháng đầu năm 2024" is the first nine months of 2024 (kind ``9m``), "quý
III/2024" a quarter, "lũy kế đến tháng 10" the year to date, "giai đoạn 2021 -
2025" a span of years (its end year is the ``period``). The expressions live in
``lexicon/periods.toml``; this module applies them over folded text.

A period within the year also has its number: the month (1-12), the quarter (1-4), the
half (1-2), or for the year to date the last month it covers ("lũy kế 10 tháng": 10).
:func:`settle_period` makes a figure's year, kind and number agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from chitieu.extract.lexicon import lexicon, phrase_class

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "NUMBERED",
    "PeriodMention",
    "find_periods",
    "last_month",
    "last_period",
    "part_period",
    "period_in",
    "settle_kind",
    "settle_period",
]

KINDS = ("year", "half", "9m", "quarter", "month", "ytd", "multi-year")
# the kinds that have a number within their year, and its largest value
NUMBERED = {"half": 2, "quarter": 4, "month": 12, "ytd": 12}
# the kinds' Vietnamese names
KIND_NAMES = {
    "year": "năm", "half": "6 tháng", "9m": "9 tháng", "quarter": "quý", "month": "tháng", "ytd": "lũy kế",
    "multi-year": "giai đoạn",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period named in text: ``year`` may be None where the text leaves it to the context."""

    start: int
    end: int
    kind: str
    year: int | None
    comparison: bool = False  # named as the base of a comparison ("so với năm 2023")
    number: int | None = None  # the month, quarter, half, or last month of the year to date

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
        # an empty group closes each entry, so that the expression can tell which entry matched;
        # an entry that begins with a word is then skipped at its first letter
        parts.append(f"{body}(?P<k_{i}>)")
    return re.compile(r"(?<![\w/.,])(?:" + "|".join(parts) + r")(?![\w])")


@cache
def _entries() -> dict[str, tuple[int, str, tuple[tuple[str, str], ...]]]:
    """For the group that names each entry of the expression: the entry's index, kind, and its
    own groups (as renamed in the expression, and as the lexicon names them)."""
    names = _patterns().groupindex
    out = {}
    for i, e in enumerate(lexicon("periods")["period"]):
        own = tuple((k, k.rsplit("_", 1)[0]) for k in names if k.endswith(f"_{i}") and k != f"k_{i}")
        out[f"k_{i}"] = (i, e["kind"], own)
    return out


def find_periods(folded: str, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    """Every period named in ``folded[start:end]``, in order."""
    end = len(folded) if end is None else end
    rx, entries = _patterns(), _entries()
    comparison = phrase_class("periods", "comparison", "before")
    out = []
    for m in rx.finditer(folded, start, end):
        i, kind, own = entries[m.lastgroup or ""]
        groups = {short: v for k, short in own if (v := m.group(k))}
        year_s = groups.get("y2") or groups.get("y")
        year = int(year_s) if year_s else None
        cmp = comparison.ends(folded, max(start, m.start() - 12), m.start())
        kind, number = settle_kind(kind, _number(i, kind, groups))
        out.append(PeriodMention(m.start(), m.end(), kind, year, cmp, number))
    return out


def _number(i: int, kind: str, groups: dict[str, str]) -> int | None:
    """The number of entry ``i``'s period within its year, from its groups or the entry itself."""
    if kind not in NUMBERED:
        return None
    fixed = lexicon("periods")["period"][i].get("number")
    if fixed is not None:
        return int(fixed)
    text = groups.get("q") or groups.get("m") or groups.get("n") or groups.get("n2")
    if text is None:
        return None
    roman: dict[str, int] = lexicon("periods").get("roman", {})
    n = roman[text] if text in roman else int(text) if text.isdigit() else None
    return n if n is not None and 1 <= n <= NUMBERED[kind] else None


def settle_kind(kind: str, number: int | None) -> tuple[str, int | None]:
    """The kind and number of a period as facts carry them: the year to date of six or nine
    months is the first half or the nine months ("lũy kế 9 tháng" is ``9m``); a kind without
    a number has none, a number out of its kind's range is dropped."""
    if kind == "ytd" and number == 6:
        return "half", 1
    if kind == "ytd" and number == 9:
        return "9m", None
    if kind not in NUMBERED or number is None or not 1 <= number <= NUMBERED[kind]:
        return kind, None
    return kind, number


def last_month(kind: str | None, number: int | None) -> int | None:
    """The last month a period of ``kind`` and ``number`` covers (None when it is not known)."""
    if kind == "9m":
        return 9
    if number is None:
        return None
    return {"month": number, "ytd": number, "quarter": 3 * number, "half": 6 * number}.get(kind or "")


def settle_period(
    period: int | None,
    kind: str | None,
    number: int | None,
    *,
    context: tuple[str | None, int | None] = (None, None),
) -> tuple[int | None, str | None, int | None]:
    """A figure's ``(period, period_kind, period_number)``, consistent with one another.

    No year, no kind and no number; a year without a kind is a year's. A year to date that
    names no month ("từ đầu năm đến nay") runs to the last month of ``context``, the kind and
    number of the part it is in (a report of tháng 10: 10); in a year's report it is the
    year (its data close on 14 December, Decree 09/2019/NĐ-CP, as the report's "đến nay" does).
    """
    if period is None:
        return None, None, None
    kind, number = part_period(kind or "year", number, context=context)
    return period, kind, number


def part_period(
    kind: str | None, number: int | None, *, context: tuple[str | None, int | None] = (None, None)
) -> tuple[str | None, int | None]:
    """The kind and number of a part's period (a heading's, a title's), which may wait for its
    year: as :func:`settle_period`, without the year."""
    if kind is None:
        return None, None
    if kind == "ytd" and number is None:
        if context[0] in ("year", "multi-year"):
            return "year", None
        number = last_month(*context)
    return settle_kind(kind, number)


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
