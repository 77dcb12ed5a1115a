"""The standard stages of the ingest pipeline: normalise, restore, segment, extract, link."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import partial

from chitieu.extract.facts import extract_paragraphs
from chitieu.extract.roles import is_structural
from chitieu.extract.sections import blank_lines, paragraphs, segment
from chitieu.extract.tables import SEPARATOR, Caption, is_table_row, table_facts
from chitieu.ingest.cells import cell_rows
from chitieu.ingest.columns import aligned_rows
from chitieu.ingest.pipeline import Pipeline, Stage, stage
from chitieu.ingest.spaced import spaced_rows
from chitieu.model import Context, Document, Fact, Line
from chitieu.text.normalize import canonical

__all__ = [
    "default_pipeline",
    "extract",
    "make_link_stage",
    "make_restore_stage",
    "normalise",
    "segment_stage",
]

# Typographic ligatures and look-alikes that scanned text carries ("ﬁ", "ﬂ", non-breaking spaces).
_TRANSLATE = str.maketrans(
    {
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\ufeff": "",
        "\t": " ",
    }
)
# most lines hold none of them: a scan for any is much faster than translating every character
_ODD = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")
_SAMPLE_LINES = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """NFC, canonical tone placement, ligatures and odd spaces replaced; a row of cells
    separated by tabs (a table copied out of Word or a spreadsheet) joined as table cells."""
    if "\t" in text:
        text = _tab_row(text)
    if _ODD.search(text):
        text = text.translate(_TRANSLATE)
    return _CONTROL.sub(" ", canonical(text))


_TABS = re.compile(r"\t+")
_FIGURE_CELL = re.compile(r"^[<>≥≤~+\-]?\s*\d[\d.,]*\s*%?$")


def _tab_row(text: str) -> str:
    """Cells separated by tabs as the " | " of table rows: three cells or more, or a name and
    a figure ("Miền Bắc<TAB>92,5"); a tab inside prose stays white space."""
    cells = [c.strip() for c in _TABS.split(text.strip())]
    if len(cells) >= 3 or (
        len(cells) == 2 and _FIGURE_CELL.match(cells[1]) and not _FIGURE_CELL.match(cells[0])
    ):
        return SEPARATOR.join(cells)
    return text.replace("\t", " ")


@stage("normalise")
def normalise(doc: Document) -> Document:
    """Unicode NFC with canonical tone placement on every line's ``text``."""
    lines = tuple(Line(ln.number, ln.raw, normalise_text(ln.text), ln.page, ln.cell) for ln in doc.lines)
    return doc.replace(lines=_laid_out_tables(lines))


def _laid_out_tables(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The rows of a table laid out in aligned columns ("1   Tốc độ tăng trưởng GRDP   %   7,2"),
    copied one cell per line, or read by OCR with single spaces, as table rows (" | "); again
    after restoration, which gives the words of a damaged header back."""
    lines = aligned_rows(lines) or lines
    lines = cell_rows(lines) or lines
    return spaced_rows(lines) or lines


def make_restore_stage(mode: str = "auto", threshold: float = 0.15) -> Stage:
    """The restore stage: repairs OCR-damaged or diacritic-less text, line for line.

    ``mode`` is ``auto`` (restore when :func:`chitieu.restore.damage_score` of the
    block is at least ``threshold``), ``always`` or ``never``.
    """
    loaded: list[Callable[[list[str]], list[str]]] = []

    def restore(doc: Document) -> Document:
        if mode == "never" or not doc.lines:
            return doc
        from chitieu.restore import Restorer, damage_score

        texts = [ln.text for ln in doc.lines]
        # a sample of evenly spaced lines is enough to tell a damaged block from a clean one
        step = max(1, len(texts) // _SAMPLE_LINES)
        score = damage_score(texts[::step])
        if mode == "auto" and score < threshold:
            return doc.replace(meta={**doc.meta, "damage": score, "restored": False})
        if not loaded:
            restorer = Restorer.shared()
            # a word OCR printed in digits ("sạt 16" for "sạt lở") comes back as the word: it
            # is not a figure of the report
            loaded.append(partial(restorer.restore_lines, digit_words=True))
        fixed = loaded[0](texts)
        lines = tuple(
            Line(ln.number, ln.raw, normalise_text(t), ln.page, ln.cell)
            for ln, t in zip(doc.lines, fixed, strict=True)
        )
        return doc.replace(
            lines=_laid_out_tables(lines), meta={**doc.meta, "damage": score, "restored": True}
        )

    return Stage("restore", restore)


@stage("segment")
def segment_stage(doc: Document) -> Document:
    """Headings, periods and target parts: the context of every line."""
    return segment(doc)


@stage("extract")
def extract(doc: Document) -> Document:
    """Every figure of the document as a fact."""
    facts: list[Fact] = []
    trust_marks = not doc.meta.get("restored", False)
    contexts = doc.contexts or tuple(doc.context for _ in doc.lines)
    rows = [i for i, ln in enumerate(doc.lines) if is_table_row(ln.text)]
    if rows:
        # table rows are read by their columns; the prose around them by paragraphs
        facts.extend(_table_facts(doc, rows, contexts))
        prose = blank_lines(doc, rows)
    else:
        prose = doc
    facts.extend(extract_paragraphs(paragraphs(prose), source=doc.source, trust_marks=trust_marks))
    facts.sort(key=lambda f: f.line)
    return doc.replace(facts=tuple(_fill_periods(facts)))


def _fill_periods(facts: list[Fact]) -> list[Fact]:
    """A figure no heading, title or sentence dates takes the period of the figure before it
    (the first ones, that of the first dated figure); structural counts stay undated."""
    dated = [(f.period, f.period_kind, f.period_number) for f in facts if f.period is not None]
    if not dated or len(dated) == len(facts):
        return facts
    last = dated[0]
    out = []
    for f in facts:
        if f.period is not None:
            last = (f.period, f.period_kind, f.period_number)
        elif not is_structural(f.unit):
            f = dataclasses.replace(f, period=last[0], period_kind=last[1], period_number=last[2])
        out.append(f)
    return out


def _table_facts(doc: Document, rows: list[int], contexts: tuple[Context, ...]) -> list[Fact]:
    """Facts of each run of consecutive table rows (blank lines between rows allowed)."""
    out: list[Fact] = []
    group: list[int] = []

    def flush() -> None:
        cells = [(doc.lines[j], contexts[j]) for j in group]
        out.extend(table_facts(cells, source=doc.source, caption=_caption(doc, group[0])))

    for i in rows:
        if group and any(doc.lines[j].text.strip() for j in range(group[-1] + 1, i)):
            flush()
            group = []
        group.append(i)
    if group:
        flush()
    return out


def _caption(doc: Document, first: int) -> Caption | None:
    """The caption just above a table ("Bảng 1. … (triệu tấn)"), if it has one."""
    for j in range(first - 1, max(-1, first - 3), -1):
        text = doc.lines[j].text
        if text.strip():
            return Caption.read(text)
    return None


def make_link_stage(threshold: float = 0.55) -> Stage:
    """The link stage: every fact gets the code of its catalogue entry and a confidence
    (:mod:`chitieu.catalogue.link`; the catalogue's index is built once, on first use)."""

    def link(doc: Document) -> Document:
        if not doc.facts:
            return doc
        from chitieu.catalogue.link import default_linker, link_facts

        return doc.replace(facts=tuple(link_facts(doc.facts, default_linker(threshold))))

    return Stage("link", link)


def default_pipeline(
    restore: str = "auto", threshold: float = 0.15, *, link: bool = True, link_threshold: float = 0.55
) -> Pipeline:
    """read → normalise → restore → segment → extract (→ link, unless ``link`` is off)."""
    stages = [normalise, make_restore_stage(restore, threshold), segment_stage, extract]
    if link:
        stages.append(make_link_stage(link_threshold))
    return Pipeline(stages)
