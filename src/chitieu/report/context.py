"""The fields a report template can use: a :class:`~chitieu.report.model.Report` as plain values.

The same fields serve the Word template (docxtpl) and the HTML template (Jinja2);
only ``charts[].image`` differs (an inline image in Word, a ``data:`` URI in HTML).
A template that names a field not listed in :data:`FIELDS` is refused with a message
naming it.

Fields::

    year, next_year, unit, place, plan, issuer, title, subtitle, intro, date_line
    has_results, has_targets, no_data ("chưa có số liệu")
    domains[]: number, roman, title, title_upper, domain, paragraphs[] (texts)
    targets[]: number, indicator, unit, target, actual, attainment, status, domain, estimate
    charts[]: number, title, image
    han_che, nguyen_nhan, nhiem_vu: title, paragraphs[] (texts), empty
    next_targets[]: number, text
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from chitieu.report.model import NO_DATA, Chart, Report
from chitieu.text.normalize import fold

__all__ = ["FIELDS", "context", "roman"]

FIELDS: tuple[str, ...] = (
    "year", "next_year", "unit", "place", "plan", "issuer", "title", "subtitle", "intro", "date_line",
    "has_results", "has_targets", "no_data", "domains", "targets", "charts", "han_che", "nguyen_nhan",
    "nhiem_vu", "next_targets",
)  # fmt: skip

_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_LEVEL_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def place_of(unit: str) -> str:
    """The place name of a unit, for the date line: ``Tỉnh An Lạc`` -> ``An Lạc``."""
    f = fold(unit)
    for word in sorted(_LEVEL_WORDS, key=len, reverse=True):
        if f.startswith(fold(word) + " "):
            return unit[len(word) + 1 :].strip()
    return unit


def context(
    report: Report, image: Callable[[Chart, bytes], Any], *, today: dt.date | None = None
) -> dict[str, Any]:
    """The template fields of ``report``; ``image`` turns a chart's PNG into what the format embeds."""
    from chitieu.report.charts import png

    day = today or dt.date.today()
    place = place_of(report.unit)

    def text_section(key: str) -> dict[str, Any]:
        found = next((s for s in report.sections if s.key == key), None)
        paragraphs = list(found.paragraphs) if found else []
        return {"title": found.title if found else key, "paragraphs": paragraphs, "empty": not paragraphs}

    return {
        "year": report.year,
        "next_year": report.next_year,
        "unit": report.unit,
        "place": place,
        "plan": report.plan,
        "issuer": report.issuer,
        "title": report.title,
        "subtitle": report.subtitle,
        "intro": report.intro,
        "date_line": f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
        "has_results": report.has_results,
        "has_targets": bool(report.targets),
        "no_data": NO_DATA,
        "domains": [
            {
                "number": d.number,
                "roman": roman(d.number),
                "title": d.title,
                "title_upper": d.title.upper(),
                "domain": d.domain,
                "paragraphs": [p.text for p in d.paragraphs],
            }
            for d in report.domains
        ],
        "targets": [
            {
                "number": r.number,
                "indicator": r.indicator,
                "unit": r.unit,
                "target": r.target,
                "actual": r.actual + (" (ước)" if r.estimate and r.actual else ""),
                "attainment": r.attainment,
                "status": r.status,
                "domain": r.domain,
                "estimate": r.estimate,
            }
            for r in report.targets
        ],
        "charts": [
            {"number": i, "title": c.title, "image": image(c, png(c))} for i, c in enumerate(report.charts, 1)
        ],
        "han_che": text_section("han_che"),
        "nguyen_nhan": text_section("nguyen_nhan"),
        "nhiem_vu": text_section("nhiem_vu"),
        "next_targets": [{"number": i, "text": s.text} for i, s in enumerate(report.next_targets, 1)],
    }
