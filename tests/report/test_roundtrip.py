"""Round trip: import a report, write its briefing, read the Word and PDF files back.

Every figure the store holds for the results year (each observation and target of the
unit) must come back with the same value, written the Vietnamese way, after the same
verb (đạt / vượt / tăng / giảm; ``bằng`` for a ratio to the same period last year);
next year's targets come back in part B.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from chitieu.report import build_report, render, render_bytes
from chitieu.store.engine import session_scope
from chitieu.store.tables import IndicatorRow, ObservationRow, TargetRow, UnitRow
from chitieu.text.numbers import format_number

from .conftest import Imported, docx_text, pdf_text


def vn(x: float) -> str:
    r = round(x, 6)
    return format_number(0.0 if r == 0 else r)


def expected(
    imp: Imported,
) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """(indicator, phrase) for each observation; (indicator, numbers) for the targets of N and N+1."""
    with session_scope(imp.engine) as s:
        unit_id = s.scalars(select(UnitRow.id)).one()
        names = {r.id: r.name for r in s.scalars(select(IndicatorRow))}
        phrases: list[tuple[str, str]] = []
        for o in s.scalars(
            select(ObservationRow).where(
                ObservationRow.unit_id == unit_id,
                ObservationRow.year == imp.year,
                ObservationRow.period_kind == "year",
            )
        ):
            if o.measure == "value":
                verb = "đạt"
            elif o.measure == "attainment":
                verb = "bằng" if o.basis == "cùng kỳ" else "đạt"
            elif o.measure == "excess":
                verb = "vượt"
            else:
                verb = "tăng" if o.value > 0 else "giảm"
            phrases.append(
                (names[o.indicator_id], f"{verb} {vn(abs(o.value) if o.measure == 'change' else o.value)}")
            )
        targets: dict[int, list[tuple[str, list[str]]]] = {imp.year: [], imp.year + 1: []}
        for t in s.scalars(select(TargetRow).where(TargetRow.year.in_([imp.year, imp.year + 1]))):
            numbers = [vn(v) for v in (t.value, t.low, t.high) if v is not None]
            targets[t.year].append((names[t.indicator_id], numbers))
    return phrases, targets[imp.year], targets[imp.year + 1]


def _sentences(paragraph: str) -> list[str]:
    """Split after "." or ")" where a capital (or a list dash) starts the next sentence; a name
    ending in a bracket ("... (GRDP) ước đạt") goes on."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.)])\s+", paragraph):
        nxt = paragraph[m.end() : m.end() + 1]
        if nxt and (nxt.isupper() or nxt == "-"):
            out.append(paragraph[start : m.start()])
            start = m.end()
    out.append(paragraph[start:])
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _near(haystack: str, name: str, needles: list[str], window: int = 400) -> bool:
    """Some occurrence of ``name`` in ``haystack`` is followed, within ``window``, by every needle."""
    h, n = _squash(haystack), _squash(name)
    start = h.find(n)
    while start >= 0:
        after = h[start : start + len(n) + window]
        if all(_squash(x) in after for x in needles):
            return True
        start = h.find(n, start + 1)
    return False


def test_roundtrip_docx_has_every_figure(imported: Imported) -> None:
    report = build_report(imported.engine, plan=imported.plan, year=imported.year)
    paragraphs, rows = docx_text(render_bytes(report, "docx"))
    phrases, year_targets, next_targets = expected(imported)
    assert phrases and next_targets
    sentences = [s for p in paragraphs for s in _sentences(p)]
    missing = [(n, p) for n, p in phrases if not any(n in s and p in s for s in sentences)]
    assert not missing, missing[:10]
    for name, numbers in year_targets:
        assert any(r[1] == name and all(x in r[3] for x in numbers) for r in rows), (name, numbers)
    body = "\n".join(paragraphs)
    for name, numbers in next_targets:
        assert _near(body, name, numbers, window=120), (name, numbers)


def test_roundtrip_pdf_has_every_figure(imported: Imported, tmp_path: Path) -> None:
    report = build_report(imported.engine, plan=imported.plan, year=imported.year, unit=imported.unit)
    out = tmp_path / "bao-cao.pdf"
    render(report, "pdf", out)
    text = pdf_text(out)
    phrases, year_targets, next_targets = expected(imported)
    missing = [(n, p) for n, p in phrases if not _near(text, n, [p])]
    assert not missing, missing[:10]
    for name, numbers in year_targets + next_targets:
        assert _near(text, name, numbers), (name, numbers)


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_roundtrip_formats_agree_on_sentences(example: Imported, fmt: str, tmp_path: Path) -> None:
    report = build_report(example.engine, plan=example.plan, year=example.year)
    out = tmp_path / f"r.{fmt}"
    render(report, fmt, out)
    if fmt == "docx":
        text = "\n".join(docx_text(out.read_bytes())[0])
    elif fmt == "html":
        import html

        text = html.unescape(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")))
    else:
        text = pdf_text(out)
    for s in report.sentences()[:40]:
        assert _squash(s.text) in _squash(text), s.text
