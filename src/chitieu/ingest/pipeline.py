"""The ingest pipeline: named stages, each taking and returning a :class:`Document`.

A file is read as a stream of blocks (see :mod:`chitieu.ingest.read`); every block
goes through the same stages in order. The structure in force at the end of one
block (its :attr:`Document.end_context`) is handed to the next, so stages stay
pure functions of their input and a stage can be swapped or tested alone::

    pipe = Pipeline([normalise, segment, extract])
    for block in pipe.stream(read_blocks(path, ...)):
        ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from chitieu.model import Document

__all__ = ["Pipeline", "Stage", "stage"]


@dataclass(frozen=True, slots=True)
class Stage:
    """A named step of the pipeline."""

    name: str
    func: Callable[[Document], Document]

    def __call__(self, doc: Document) -> Document:
        return self.func(doc)


def stage(name: str) -> Callable[[Callable[[Document], Document]], Stage]:
    """Decorator: turn a ``Document -> Document`` function into a named :class:`Stage`."""

    def wrap(func: Callable[[Document], Document]) -> Stage:
        return Stage(name, func)

    return wrap


class Pipeline:
    """An ordered sequence of stages."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        names = [s.name for s in stages]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate stage names: {names}")
        self.stages: tuple[Stage, ...] = tuple(stages)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def without(self, *names: str) -> Pipeline:
        """A copy of the pipeline without the named stages."""
        return Pipeline([s for s in self.stages if s.name not in names])

    def replace(self, name: str, new: Stage) -> Pipeline:
        """A copy of the pipeline with stage ``name`` replaced by ``new``."""
        if name not in self.names:
            raise KeyError(name)
        return Pipeline([new if s.name == name else s for s in self.stages])

    def run(self, doc: Document) -> Document:
        """Run every stage over one document (or block)."""
        for s in self.stages:
            doc = s(doc)
        return doc

    def stream(self, blocks: Iterable[Document]) -> Iterator[Document]:
        """Run the stages over consecutive blocks, carrying the structure from one to the next."""
        carried = None
        for block in blocks:
            if carried is not None:
                block = block.replace(context=carried)
            out = self.run(block)
            carried = out.end_context
            yield out
