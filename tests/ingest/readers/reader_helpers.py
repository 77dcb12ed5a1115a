"""Helpers for the reader tests: reading a file whole, its texts and facts, skip marks."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
import reader_samples as samples

from chitieu.ingest.readers import read_document
from chitieu.ingest.stages import default_pipeline
from chitieu.model import Document, Fact

MAX = 100_000_000


def _has_ocr() -> bool:
    tesseract = shutil.which("tesseract")
    if tesseract is None or shutil.which("pdftoppm") is None:
        return False
    out = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, check=False).stdout
    return "vie" in out.split()


needs_font = pytest.mark.skipif(not samples.FONT.exists(), reason="DejaVu font missing (fonts-dejavu-core)")
needs_ocr = pytest.mark.skipif(
    not _has_ocr(), reason="tesseract with Vietnamese or pdftoppm missing: run scripts/install-ocr.sh"
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing"
)


def read_all(path: Path, **kw: object) -> list[Document]:
    return list(read_document(path, max_bytes=MAX, block_lines=kw.pop("block_lines", 2000), **kw))  # type: ignore[arg-type]


def texts(blocks: Iterable[Document]) -> list[str]:
    """The non-blank line texts of some blocks."""
    return [ln.text for b in blocks for ln in b.lines if ln.text.strip()]


def facts_of(blocks: Iterable[Document]) -> list[Fact]:
    return [f for b in default_pipeline("never").stream(iter(blocks)) for f in b.facts]


def fact_keys(facts: Iterable[Fact]) -> Counter[tuple[object, ...]]:
    """What a fact says, without where it stands: (role, op, value, low, high, unit, period)."""
    return Counter((f.role, f.op, f.value, f.low, f.high, f.unit, f.period) for f in facts)
