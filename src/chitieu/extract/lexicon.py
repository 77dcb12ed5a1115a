"""Phrase classes as data, and the one matcher that applies them.

The phrase classes of document structure (what announces a target list, what a
result part, where a list stops, which figures are no facts) and the period
expressions live in TOML files beside this module (``lexicon/*.toml``). Each
class is a list of phrases over *folded* text (see
:func:`chitieu.text.normalize.fold`); a space in a phrase stands for any run of
white space, so a phrase may wrap across lines. :class:`PhraseClass` compiles one
class into a single expression matched at word boundaries.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from chitieu.errors import ChitieuError

__all__ = ["PhraseClass", "lexicon", "phrase_class"]


@dataclass(frozen=True, slots=True)
class PhraseClass:
    """One class of phrases, compiled: ``search``/``match``/``ends`` over folded text."""

    name: str
    phrases: tuple[str, ...]
    rx: re.Pattern[str]
    tail: re.Pattern[str]

    @classmethod
    def build(cls, name: str, phrases: list[str]) -> PhraseClass:
        body = "|".join(f"(?:{_ws(p)})" for p in sorted(phrases, key=len, reverse=True))
        rx = re.compile(rf"(?<![\w])(?:{body})(?![\w])")
        tail = re.compile(rf"(?<![\w])(?:{body})\s*$")
        return cls(name, tuple(phrases), rx, tail)

    def search(self, folded: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        """The first phrase of the class in ``folded[start:end]``."""
        return self.rx.search(folded, start, len(folded) if end is None else end)

    def match(self, folded: str, start: int = 0) -> re.Match[str] | None:
        """A phrase of the class at ``start`` (white space before it skipped)."""
        while start < len(folded) and folded[start].isspace():
            start += 1
        return self.rx.match(folded, start)

    def ends(self, folded: str, start: int, end: int) -> bool:
        """Whether ``folded[start:end]`` ends with a phrase of the class."""
        return self.tail.search(folded, start, end) is not None


def _ws(phrase: str) -> str:
    return phrase.replace(" ", r"\s+")


@cache
def lexicon(name: str) -> dict[str, Any]:
    """The parsed lexicon file ``lexicon/<name>.toml``."""
    path = resources.files("chitieu.extract").joinpath("lexicon", f"{name}.toml")
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ChitieuError(f"Không đọc được từ điển cụm từ lexicon/{name}.toml: {e}") from e
    return data


@cache
def phrase_class(name: str, group: str, key: str) -> PhraseClass:
    """The phrase class ``[group] key`` of lexicon ``name``, compiled."""
    try:
        phrases = lexicon(name)[group][key]
    except KeyError as e:
        raise ChitieuError(f"Từ điển lexicon/{name}.toml thiếu lớp [{group}] {key}") from e
    try:
        return PhraseClass.build(f"{name}.{group}.{key}", list(phrases))
    except re.error as e:
        raise ChitieuError(f"Cụm từ sai trong lexicon/{name}.toml [{group}] {key}: {e}") from e
