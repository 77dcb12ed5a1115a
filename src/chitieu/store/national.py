"""The national list of provinces in the store: seeding it, and following units across the 2025 reform.

:func:`seed_units` writes the provinces of :mod:`chitieu.geo.units` under one
national unit ("Việt Nam", code ``VN``): each province's stable key is its code,
the units the reform ended get ``valid_to`` 1 July 2025 and ``successor_id`` the
province that took them over, and the new provinces ``valid_from`` that day. Run
again it changes nothing; a province already in the store under its name (and no
code, e.g. one an import created) is adopted, so its figures keep their unit.

A figure stored under an old province stays there: :func:`current_unit` says which
unit holds its territory now and :func:`predecessors` which old units a new one
was formed from, so a series can be compared across the reform.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Unit
from chitieu.errors import ValidationError
from chitieu.geo.units import VERSIONS, Province, Version, hierarchy, provinces
from chitieu.store.repo import key, to_unit
from chitieu.store.tables import ObservationRow, UnitRow
from chitieu.text.normalize import canonical

__all__ = [
    "NATION_CODE", "SeedResult", "current_provinces", "current_unit", "predecessors", "province_figures", "province_units",
    "seed_units",
]  # fmt: skip

NATION_CODE = "VN"
NATION_NAME = "Việt Nam"
PROVINCE_LEVEL = "tỉnh"


@dataclass(frozen=True, slots=True)
class SeedResult:
    version: str
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _wanted(version: Version) -> list[Province]:
    """The provinces of ``version`` and, for 2025, the older ones it replaced (each once)."""
    out: dict[str, Province] = {}
    for v in VERSIONS[: VERSIONS.index(version) + 1]:
        for p in provinces(v):
            out.setdefault(p.key, p)
    return list(out.values())


def _find(session: Session, code: str, name: str) -> UnitRow | None:
    """The row of ``code``, else one of the same name with no code or the bare GSO code."""
    row = session.scalars(select(UnitRow).where(UnitRow.code == code)).first()
    if row is not None:
        return row
    bare = code.split("-")[0]
    return session.scalars(
        select(UnitRow)
        .where(UnitRow.folded == key(name), UnitRow.code.is_(None) | (UnitRow.code == bare))
        .order_by(UnitRow.id)
    ).first()


def _put(session: Session, code: str, values: dict[str, object]) -> tuple[UnitRow, str]:
    """The row of ``code`` with ``values``: created, updated or unchanged."""
    row = _find(session, code, str(values["name"]))
    if row is None:
        row = UnitRow(code=code, **values)
        session.add(row)
        session.flush()
        return row, "created"
    values = {"code": code, **values}
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    for k, v in changed.items():
        setattr(row, k, v)
    if changed:
        session.flush()
    return row, "updated" if changed else "unchanged"


def seed_units(session: Session, version: str = "2025") -> SeedResult:
    """Write the national unit and the provinces of ``version`` ("2024" or "2025"); idempotent."""
    if version not in VERSIONS:
        raise ValidationError(
            f"Không có phiên bản danh mục đơn vị hành chính “{version}”; chọn {' hoặc '.join(VERSIONS)}.",
            f"No version “{version}” of the list of administrative units; choose {' or '.join(VERSIONS)}.",
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    nation, what = _put(session, NATION_CODE, {"name": NATION_NAME, "folded": key(NATION_NAME),
                                               "level": "quốc gia", "parent_id": None})  # fmt: skip
    counts[what] += 1
    wanted = _wanted(version)
    rows: dict[str, UnitRow] = {}
    status: dict[str, str] = {}
    known = {p.key for p in wanted}
    for p in wanted:
        name = canonical(p.name)
        values: dict[str, object] = {
            "name": name, "folded": key(name), "level": PROVINCE_LEVEL, "parent_id": nation.id,
            "valid_from": p.valid_from,
        }  # fmt: skip
        if p.successor is None or p.successor in known:
            values["valid_to"] = p.valid_to  # an end is written with its successor, never taken back
        rows[p.key], status[p.key] = _put(session, p.key, values)
    for p in wanted:
        successor = rows[p.successor].id if p.successor in rows else None
        if successor is not None and rows[p.key].successor_id != successor:
            rows[p.key].successor_id = successor
            status[p.key] = "updated" if status[p.key] == "unchanged" else status[p.key]
    session.flush()
    for what in status.values():
        counts[what] += 1
    return SeedResult(version, counts["created"], counts["updated"], counts["unchanged"])


def current_unit(session: Session, unit: Unit, *, on: dt.date | None = None) -> Unit:
    """The unit that holds ``unit``'s territory ``on`` a day (today by default): its successors followed."""
    day = on or dt.date.today()
    current = unit
    for _ in range(20):
        if current.successor_id is None or current.valid_on(day):
            break
        row = session.get(UnitRow, current.successor_id)
        if row is None:
            break
        current = to_unit(row)
    return current


def predecessors(session: Session, unit: Unit) -> list[Unit]:
    """The units whose territory passed to ``unit`` (for the 2025 provinces: those that formed it)."""
    rows = session.scalars(select(UnitRow).where(UnitRow.successor_id == unit.id).order_by(UnitRow.code))
    return [to_unit(r) for r in rows]


def province_units(session: Session) -> dict[str, Unit]:
    """The seeded provinces in the store by their key ("01", "02-2024" ...)."""
    keys = set(hierarchy().by_key)
    rows = session.scalars(select(UnitRow).where(UnitRow.code.in_(keys)))
    return {r.code: to_unit(r) for r in rows if r.code is not None}


_STATE_RANK = {"approved": 3, "submitted": 2, "draft": 1}


def current_provinces(session: Session) -> dict[str, Unit]:
    """The 34 provinces of now in the store, by key: the seeded ones (by code), else a unit of the same name."""
    seeded = province_units(session)
    out: dict[str, Unit] = {}
    for p in provinces("2025"):
        if p.key in seeded:
            out[p.key] = seeded[p.key]
            continue
        row = session.scalars(
            select(UnitRow).where(UnitRow.folded == key(p.name)).order_by(UnitRow.id.desc())
        ).first()
        if row is not None:
            out[p.key] = to_unit(row)
    return out


def province_figures(
    session: Session, indicator: Indicator, year: int, *, units: dict[str, Unit] | None = None
) -> dict[str, float]:
    """The yearly figure of each of the 34 provinces (by key) for ``indicator`` and ``year``.

    A province's own figure first (approved before submitted before draft, then the
    newest); else, for a province the reform formed and a summed indicator, the sum
    of the figures of the provinces that formed it, when every one of them has one.
    ``units``: the provinces by key, old and new, if already read.
    """
    if units is None:
        units = {**province_units(session), **current_provinces(session)}
    by_id = {u.id: k for k, u in units.items()}
    o = ObservationRow
    q = select(o.unit_id, o.value, o.state, o.id).where(
        o.indicator_id == indicator.id, o.year == year, o.period_kind == "year", o.measure == "value",
        o.unit_id.in_(list(by_id)),
    )  # fmt: skip
    best: dict[str, tuple[tuple[int, int], float]] = {}
    for unit_id, value, state, row_id in session.connection().execute(q):
        k, rank = by_id[unit_id], (_STATE_RANK.get(state, 0), row_id)
        if k not in best or rank > best[k][0]:
            best[k] = (rank, float(value))
    out = {k: v for k, (_, v) in best.items()}
    if indicator.aggregation == "sum":
        for p in provinces("2025"):
            parts = [out.get(k) for k in p.formed_from]
            if p.key not in out and parts and all(v is not None for v in parts):
                out[p.key] = sum(v for v in parts if v is not None)
    return {p.key: out[p.key] for p in provinces("2025") if p.key in out}
