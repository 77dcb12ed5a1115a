"""The provinces of Việt Nam in both versions of the hierarchy, and the 2025 mergers between them.

Version ``"2024"`` holds the 63 provinces and centrally-run cities before 1 July
2025, version ``"2025"`` the 34 after (Nghị quyết 202/2025/QH15). The data is
``data/units.json`` (rebuilt by :mod:`chitieu.geo.build_units`; its source and
licence are in ``data/SOURCE.md``).

Each province is named by a stable key: its GSO code for a unit that exists now
(``"01"`` Hà Nội, ``"08"`` the new Tuyên Quang) and the code with ``-2024`` for a
unit that ended with the reform (``"02-2024"`` Hà Giang, ``"08-2024"`` the old
Tuyên Quang). The eleven provinces the reform left whole keep one key in both
versions, so their series run on unbroken.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "REFORM_DATE",
    "VERSIONS",
    "Province",
    "Version",
    "current_key",
    "hierarchy",
    "province",
    "provinces",
]

Version = Literal["2024", "2025"]
VERSIONS: tuple[Version, ...] = ("2024", "2025")
DATA = Path(__file__).parent / "data" / "units.json"


@dataclass(frozen=True, slots=True)
class Province:
    """One province or centrally-run city of one version of the hierarchy."""

    key: str  # "01", or "02-2024" for a unit that ended on 1 July 2025
    gso_code: str  # the two-digit code of the General Statistics Office
    name: str
    valid_from: dt.date | None  # None: before the data begins
    valid_to: dt.date | None  # exclusive; None while it exists
    successor: str | None = None  # the key of the unit that took it over
    formed_from: tuple[str, ...] = ()  # the keys of the units that formed it (2025 only)

    @property
    def short_name(self) -> str:
        """The name without "Tỉnh " / "Thành phố " (for a map's labels and tables)."""
        for prefix in ("Tỉnh ", "Thành phố "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


@dataclass(frozen=True, slots=True)
class Hierarchy:
    reform_date: dt.date
    versions: dict[str, tuple[Province, ...]]
    by_key: dict[str, Province]
    source: dict[str, str]


@functools.cache
def hierarchy() -> Hierarchy:
    """Both versions, read once from the shipped data file."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    reform = dt.date.fromisoformat(raw["reform_date"])
    new = raw["versions"]["2025"]
    merged = {old: n["code"] for n in new for old in n["from"] if n["from"] != [n["code"]]}
    whole = {n["code"] for n in new if n["from"] == [n["code"]]}

    def old_key(code: str) -> str:
        return code if code in whole else f"{code}-2024"

    before = tuple(
        Province(
            old_key(p["code"]), p["code"], p["name"], None,
            None if p["code"] in whole else reform,
            merged.get(p["code"]),
        )
        for p in raw["versions"]["2024"]
    )  # fmt: skip
    after = tuple(
        Province(
            n["code"], n["code"], n["name"],
            None if n["code"] in whole else reform, None, None,
            () if n["code"] in whole else tuple(old_key(c) for c in n["from"]),
        )
        for n in new
    )  # fmt: skip
    by_key = {p.key: p for p in (*before, *after)}
    return Hierarchy(reform, {"2024": before, "2025": after}, by_key, dict(raw["source"]))


REFORM_DATE = dt.date(2025, 7, 1)


def provinces(version: Version = "2025") -> tuple[Province, ...]:
    """The provinces of one version, in the order of their GSO codes."""
    return hierarchy().versions[version]


def province(key: str) -> Province | None:
    return hierarchy().by_key.get(key)


def current_key(key: str) -> str:
    """The key of the province that holds ``key``'s territory now (``"02-2024"`` -> ``"08"``)."""
    p = hierarchy().by_key.get(key)
    while p is not None and p.successor is not None:
        p = hierarchy().by_key.get(p.successor)
    if p is None:
        raise KeyError(key)
    return p.key
