"""Matching indicator names as written in a report to the catalogue.

In order: the folded name (no diacritics, lower case, single spaces), then the
folded aliases, then a fuzzy match (RapidFuzz ``token_sort_ratio`` on folded names,
at least :data:`FUZZY_THRESHOLD` out of 100, and no short word or number differing:
``khu vực II`` is not ``khu vực III``). A match must also agree on the unit:
a name written with ``%`` does not match a catalogue entry in ``tỷ đồng`` (a share or
a growth rate of an amount is a different indicator). Names that match nothing are
added to the catalogue as ``proposed`` indicators, for review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from chitieu.domain import Indicator
from chitieu.store.repo import key

__all__ = ["FUZZY_THRESHOLD", "Match", "Matcher"]

FUZZY_THRESHOLD = 90.0

How = Literal["name", "alias", "fuzzy"]


@dataclass(frozen=True, slots=True)
class Match:
    indicator: Indicator
    how: How
    score: float


class Matcher:
    """An index of the catalogue for repeated look-ups; :meth:`add` keeps it current."""

    def __init__(
        self, catalogue: list[Indicator], *, threshold: float = FUZZY_THRESHOLD, fuzzy: bool = True
    ) -> None:
        self.threshold = threshold
        self.fuzzy = fuzzy
        self._by_key: dict[str, dict[str, Indicator]] = {}  # folded name -> unit -> indicator
        self._by_alias: dict[str, list[Indicator]] = {}
        self._keys: list[str] = []
        self._entries: list[Indicator] = []
        for ind in catalogue:
            self.add(ind)

    def add(self, indicator: Indicator) -> None:
        k = key(indicator.name)
        self._by_key.setdefault(k, {})[indicator.unit] = indicator
        self._keys.append(k)
        self._entries.append(indicator)
        for alias in indicator.aliases:
            self._by_alias.setdefault(key(alias), []).append(indicator)

    def match(self, name: str, unit: str) -> Match | None:
        """The catalogue's indicator for ``name`` measured in ``unit``."""
        return self._find(key(name), unit)

    def match_any_unit(self, name: str) -> Match | None:
        """The indicator called ``name`` whatever its unit (for rates and changes of a level)."""
        return self._find(key(name), None)

    def _find(self, k: str, unit: str | None) -> Match | None:
        named = self._by_key.get(k, {})
        exact = next(iter(named.values()), None) if unit is None else named.get(unit)
        if exact is not None:
            return Match(exact, "name", 100.0)
        for ind in self._by_alias.get(k, ()):
            if unit is None or _unit_ok(ind, unit):
                return Match(ind, "alias", 100.0)
        if not self._keys or not self.fuzzy:
            return None
        candidates = process.extract(
            k, self._keys, scorer=fuzz.token_sort_ratio, score_cutoff=self.threshold, limit=5
        )
        for choice, score, index in candidates:
            ind = self._entries[index]
            if (unit is None or _unit_ok(ind, unit)) and _same_qualifiers(k, choice):
                return Match(ind, "fuzzy", float(score))
        return None


def _same_qualifiers(a: str, b: str) -> bool:
    """Names that differ only by long words (spelling, OCR damage), not by a short qualifier.

    ``khu vuc ii`` and ``khu vuc iii``, ``thcs`` and ``thpt``, ``2019`` and ``2020`` name
    different things however similar the rest is.
    """
    diff = set(a.split()) ^ set(b.split())
    return not any(len(w) <= 4 or any(c.isdigit() for c in w) for w in diff)


def _unit_ok(indicator: Indicator, unit: str) -> bool:
    return indicator.unit == unit or not indicator.unit
