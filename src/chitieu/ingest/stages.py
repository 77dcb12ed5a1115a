"""The standard stages of the ingest pipeline: normalise, restore, segment, extract."""

from __future__ import annotations

import re
from collections.abc import Callable

from chitieu.extract.facts import extract_paragraph
from chitieu.extract.sections import paragraphs, segment
from chitieu.ingest.pipeline import Pipeline, Stage, stage
from chitieu.model import Document, Line
from chitieu.text.normalize import canonical

__all__ = ["default_pipeline", "extract", "make_restore_stage", "normalise", "segment_stage"]

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
_SAMPLE_LINES = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """NFC, canonical tone placement, ligatures and odd spaces replaced."""
    return _CONTROL.sub(" ", canonical(text.translate(_TRANSLATE)))


@stage("normalise")
def normalise(doc: Document) -> Document:
    """Unicode NFC with canonical tone placement on every line's ``text``."""
    lines = tuple(Line(ln.number, ln.raw, normalise_text(ln.text), ln.page, ln.cell) for ln in doc.lines)
    return doc.replace(lines=lines)


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
            restorer = Restorer.load()
            loaded.append(restorer.restore_lines)
        fixed = loaded[0](texts)
        lines = tuple(
            Line(ln.number, ln.raw, normalise_text(t), ln.page, ln.cell)
            for ln, t in zip(doc.lines, fixed, strict=True)
        )
        return doc.replace(lines=lines, meta={**doc.meta, "damage": score, "restored": True})

    return Stage("restore", restore)


@stage("segment")
def segment_stage(doc: Document) -> Document:
    """Headings, periods and target parts: the context of every line."""
    return segment(doc)


@stage("extract")
def extract(doc: Document) -> Document:
    """Every figure of the document as a fact."""
    facts = []
    trust_marks = not doc.meta.get("restored", False)
    for para in paragraphs(doc):
        facts.extend(extract_paragraph(para, source=doc.source, trust_marks=trust_marks))
    return doc.replace(facts=tuple(facts))


def default_pipeline(restore: str = "auto", threshold: float = 0.15) -> Pipeline:
    """read → normalise → restore → segment → extract."""
    return Pipeline([normalise, make_restore_stage(restore, threshold), segment_stage, extract])
