"""Cutting a stream of :class:`~chitieu.model.Line` (with pages and table cells) into blocks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from chitieu.ingest.read import blocks_from_lines
from chitieu.model import Document, Line

__all__ = ["blocks_of_lines"]


def blocks_of_lines(
    source: str, lines: Iterable[Line], *, block_lines: int, meta: Mapping[str, Any] | None = None
) -> Iterator[Document]:
    """Blocks of about ``block_lines`` lines, cut as :func:`chitieu.ingest.read.blocks_from_lines` cuts.

    The lines keep their ``page`` and ``cell``; ``meta`` is added to every block.
    """
    extra: dict[int, Line] = {}

    def numbered() -> Iterator[tuple[int, str]]:
        for line in lines:
            if line.page is not None or line.cell is not None or line.raw != line.text:
                extra[line.number] = line
            yield line.number, line.text

    for block in blocks_from_lines(source, numbered(), block_lines=block_lines):
        kept = tuple(
            dataclasses.replace(ln, raw=x.raw, page=x.page, cell=x.cell)
            if (x := extra.pop(ln.number, None)) is not None
            else ln
            for ln in block.lines
        )
        yield block.replace(lines=kept, meta={**block.meta, **(meta or {})})
