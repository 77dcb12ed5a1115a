"""Ingest: read a report, repair its text and extract its facts.

The high-level entry points are :func:`extract_path` (all facts of a file) and
:func:`iter_facts` (the same, streaming); :func:`default_pipeline` gives the
stages for custom use.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from chitieu.ingest.pipeline import Pipeline, Stage, stage
from chitieu.ingest.readers import Progress, read_document
from chitieu.ingest.stages import default_pipeline
from chitieu.model import Document, Fact
from chitieu.settings import get_settings

__all__ = [
    "Pipeline",
    "Stage",
    "default_pipeline",
    "extract_path",
    "extract_text",
    "iter_blocks",
    "iter_facts",
    "stage",
]


def iter_blocks(
    path: str | Path,
    *,
    restore: str | None = None,
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
) -> Iterator[Document]:
    """The processed blocks of a file (text, Word, PDF or scan), streaming (bounded memory).

    ``progress(done, total)`` is called after each page of a PDF or scan.
    """
    settings = get_settings()
    pipe = pipeline or default_pipeline(
        restore or settings.restore,
        settings.restore_threshold,
        link=settings.link,
        link_threshold=settings.link_threshold,
    )
    blocks = read_document(
        Path(path),
        max_bytes=settings.max_input_bytes,
        block_lines=settings.block_lines,
        progress=progress,
        max_pages=settings.max_pages,
    )
    yield from pipe.stream(blocks)


def iter_facts(path: str | Path, *, restore: str | None = None) -> Iterator[Fact]:
    """The facts of a file in document order, streaming."""
    for block in iter_blocks(path, restore=restore):
        yield from block.facts


def extract_path(path: str | Path, *, restore: str | None = None) -> list[Fact]:
    """All facts of a file (raises :class:`chitieu.errors.InputError` for bad input)."""
    return list(iter_facts(path, restore=restore))


def extract_text(text: str, *, source: str = "<text>", restore: str = "auto") -> list[Fact]:
    """All facts of a text given as a string."""
    from chitieu.ingest.read import blocks_from_lines

    settings = get_settings()
    pipe = default_pipeline(
        restore, settings.restore_threshold, link=settings.link, link_threshold=settings.link_threshold
    )
    numbered = enumerate(text.split("\n"), 1)
    blocks = blocks_from_lines(source, numbered, block_lines=settings.block_lines)
    return [f for block in pipe.stream(blocks) for f in block.facts]
