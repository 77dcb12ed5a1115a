"""The catalogue in the store: standard entries taken in by code, a province's own entries.

An indicator of the store that carries a code *is* that catalogue entry: facts linked to
the code (by extraction, :mod:`chitieu.catalogue.link`) land on it whatever the document,
year, unit or spelling. :func:`ensure_entry` finds the indicator of a code, or adds it
from its entry, or gives the code to an indicator already there under the entry's name
and unit (one proposed by an earlier import), or takes the indicator the store has under
that name and unit with a code of its own. :func:`load_entries` adds a province's
entries (from ``chitieu catalogue load`` or the web form) in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.catalogue.entries import CatalogueEntry, parse_entries, standard_catalogue
from chitieu.catalogue.link import DEFAULT_THRESHOLD, Linker
from chitieu.domain import DOMAINS, Indicator
from chitieu.store import repo
from chitieu.store.tables import AliasRow, IndicatorRow

__all__ = [
    "catalogue_entries",
    "catalogue_linker",
    "ensure_entry",
    "load_csv",
    "load_entries",
    "province_entries",
]


def _entry_of(ind: Indicator) -> CatalogueEntry | None:
    if not ind.code or (ind.domain or "") not in DOMAINS:
        return None
    aggregation = {"mean": "mean", "latest": "last"}.get(ind.aggregation, "sum")
    return CatalogueEntry(
        ind.code, ind.name, ind.domain or "", (ind.unit,) if ind.unit else (), ind.direction,
        aggregation, ind.aliases, standard=False,  # type: ignore[arg-type]
    )  # fmt: skip


def province_entries(session: Session) -> list[CatalogueEntry]:
    """The store's coded indicators that are not standard entries (a province's own)."""
    standard = {e.code for e in standard_catalogue()}
    out = []
    for ind in repo.indicators(session, status="active"):
        entry = _entry_of(ind)
        if entry is not None and entry.code not in standard:
            out.append(entry)
    return out


def catalogue_entries(session: Session) -> list[CatalogueEntry]:
    """The standard catalogue and the province's own entries."""
    return [*standard_catalogue(), *province_entries(session)]


def catalogue_linker(session: Session, *, threshold: float = DEFAULT_THRESHOLD) -> Linker:
    """A linker over :func:`catalogue_entries` (built for one import)."""
    return Linker(catalogue_entries(session), threshold=threshold)


def ensure_entry(session: Session, entry: CatalogueEntry) -> Indicator:
    """The store's indicator for ``entry``, added (active, with its aliases) if missing."""
    row = session.scalars(select(IndicatorRow).where(IndicatorRow.code == entry.code)).first()
    if row is None:
        folded = repo.key(entry.name)
        row = session.scalars(
            select(IndicatorRow).where(IndicatorRow.folded == folded, IndicatorRow.unit == entry.unit)
        ).first()
        if row is not None and row.code is None:
            row.code, row.status = entry.code, "active"
            row.domain = row.domain or entry.domain
            session.flush()
        elif row is None:
            ind = repo.add_indicator(
                session, entry.name, unit=entry.unit, code=entry.code, domain=entry.domain,
                direction=entry.direction, aggregation=entry.store_aggregation, aliases=entry.aliases,
            )  # fmt: skip
            return ind
        # else the store has the entry's name and unit under a code of its own (a province's
        # catalogue): that indicator is the entry
    aliases = tuple(
        session.scalars(select(AliasRow.alias).where(AliasRow.indicator_id == row.id).order_by(AliasRow.id))
    )
    return repo.to_indicator(row, aliases)


def load_entries(session: Session, entries: Sequence[CatalogueEntry]) -> list[Indicator]:
    """Add ``entries`` to the store (in the caller's transaction: all or nothing)."""
    return [ensure_entry(session, e) for e in entries]


def load_csv(session: Session, text: str, *, path: str = "<csv>") -> list[Indicator]:
    """Check a province's CSV against the catalogue and add its entries, all or nothing."""
    entries = parse_entries(text, path=path, existing=tuple(catalogue_entries(session)))
    return load_entries(session, entries)
