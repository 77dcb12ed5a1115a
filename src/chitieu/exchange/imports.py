"""Importing DHIS2, Open SDG and SDMX-CSV files into the store: every line checked, all or nothing.

:func:`import_file` (and :func:`import_data` in the caller's transaction) reads a file
with :mod:`chitieu.exchange.readers`, then resolves each record's codes:

* the indicator through the mapping file, else by its catalogue code, the export's
  ``CT<id>``, the code's file-name form (Open SDG ``indicator_1-2-1.csv``), or its
  exact name or alias;
* the unit through the mapping file, else by its code, the export's ``DV<id>``, or
  its name (any spelling); a record without one (Open SDG without a geography column)
  takes the ``unit`` option.

Each line is then checked: the unit of measure, when the file names a known one,
matches the indicator's; a share (``Tỷ lệ …`` in %) lies within 0–100; a count is
not negative; the period is not locked; no two lines give the same figure; and, for
a signed-in user, the unit is one the user may enter figures for. Any error: an
:class:`ImportFailed` listing each (file, line or record, field, what), nothing
written; a unit the user may not write: :class:`~chitieu.store.users.AccessDenied`.
Otherwise results are written as drafts under the importing user (``entered_by``)
and targets (Open SDG ``Series`` = ``Chỉ tiêu``) with the comparison the indicator's
direction implies (``>=`` up, ``<=`` down, ``=`` range); the report counts what was
created, updated and left unchanged. A dry run checks everything and writes nothing.

The mapping file is a CSV with the columns ``type`` (``indicator`` or ``unit``;
``dataElement``, ``orgUnit`` also read), ``from`` (the code in the file) and ``to``
(our code or name).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Unit
from chitieu.errors import InputError, InputTooLarge, ValidationError, lines_invalid
from chitieu.exchange.readers import MAX_ERRORS, Format, LineError, Parsed, Record, Ref, parse
from chitieu.model import Op
from chitieu.store import repo
from chitieu.store import users as accounts
from chitieu.store.engine import session_scope
from chitieu.store.matching import Matcher
from chitieu.store.tables import ObservationRow, TargetRow, UnitRow
from chitieu.store.users import AccessDenied, User
from chitieu.text.units import canonical_unit, is_known_unit

__all__ = [
    "ImportFailed",
    "ImportReport",
    "Mapping",
    "import_data",
    "import_file",
    "load_mapping",
    "read_mapping",
]

MAX_FILE_BYTES = 50_000_000
_BASIS = {"dhis2": "DHIS2", "opensdg": "Open SDG", "sdmx": "SDMX-CSV"}
_UOM_FIELD = {"dhis2": "dataElement", "opensdg": "Units", "sdmx": "UNIT_MEASURE"}
_PERIOD_FIELD = {"dhis2": "period", "opensdg": "Year", "sdmx": "TIME_PERIOD"}
_MAP_KINDS = {"indicator": "indicator", "dataelement": "indicator", "chi tieu": "indicator", "unit": "unit",
              "orgunit": "unit", "don vi": "unit"}  # fmt: skip
_OP: dict[str, Op] = {"up": ">=", "down": "<=", "range": "="}
_Key = tuple[int, int, str, int, int]  # indicator, unit, period kind, year, number


class ImportFailed(ValidationError):
    """Lines of an imported file are invalid: ``errors`` (at most 200 of them) and ``total``."""

    def __init__(self, file: str, errors: list[LineError], total: int) -> None:
        super().__init__(*lines_invalid(file, errors, total))
        self.errors = errors
        self.total = total


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    file: str
    format: Format
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # disaggregated lines, which chitieu does not keep
    targets: int = 0  # of the records, how many were targets
    dry_run: bool = False

    @property
    def records(self) -> int:
        return self.created + self.updated + self.unchanged

    def text(self) -> str:
        done = "kiểm tra xong (chạy thử, chưa ghi gì)" if self.dry_run else "đã nhập"
        skipped = f", bỏ qua {self.skipped} dòng phân tổ" if self.skipped else ""
        if self.targets:
            skipped = f" (trong đó {self.targets} chỉ tiêu kế hoạch){skipped}"
        return (f"{self.file}: {done} {self.records} số liệu: {self.created} mới, {self.updated} cập nhật, "
                f"{self.unchanged} không đổi{skipped}.")  # fmt: skip


@dataclass
class Mapping:
    """Codes of another system mapped to ours: ``indicators`` and ``units`` (code in the file → our code)."""

    indicators: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)


def read_mapping(data: bytes, name: str) -> Mapping:
    """A mapping CSV (``type,from,to``); every bad line is an :class:`ImportFailed` error."""
    from chitieu.text.normalize import fold

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(name, "tệp đối chiếu không phải UTF-8.", "the mapping file is not UTF-8.") from err
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if header[:3] != ["type", "from", "to"]:
        raise InputError(name, "tệp đối chiếu phải có các cột type,from,to.", "the mapping needs type,from,to.",
                         line=1)  # fmt: skip
    mapping, errors = Mapping(), []
    for n, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        cells = [c.strip() for c in row] + ["", "", ""]
        kind = _MAP_KINDS.get(" ".join(fold(cells[0]).split()))
        if kind is None:
            errors.append(LineError(name, n, "type", f"loại “{cells[0]}” không hợp lệ (indicator hoặc unit).",
                                    f"invalid type “{cells[0]}” (indicator or unit)."))  # fmt: skip
        elif not cells[1] or not cells[2]:
            errors.append(
                LineError(name, n, "from" if not cells[1] else "to", "thiếu mã.", "a code is missing.")
            )
        else:
            target = mapping.indicators if kind == "indicator" else mapping.units
            if cells[1] in target and target[cells[1]] != cells[2]:
                errors.append(LineError(name, n, "from", f"mã “{cells[1]}” đã được đối chiếu với “"
                                        f"{target[cells[1]]}”.", f"code “{cells[1]}” is mapped twice."))  # fmt: skip
            target[cells[1]] = cells[2]
    if errors:
        raise ImportFailed(name, errors, len(errors))
    return mapping


def load_mapping(path: Path) -> Mapping:
    return read_mapping(_read(path), str(path))


def _slug(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", code).strip("-").lower()


class _Resolver:
    """Codes of a file to the store's indicators and units."""

    def __init__(self, session: Session, mapping: Mapping) -> None:
        self.session = session
        self.mapping = mapping
        catalogue = repo.indicators(session)
        self.by_code = {i.code: i for i in catalogue if i.code}
        self.by_slug = {_slug(i.code): i for i in catalogue if i.code}
        self.by_id = {i.id: i for i in catalogue}
        self.matcher = Matcher(catalogue, fuzzy=False)
        self.units = {r.id: repo.to_unit(r) for r in session.scalars(select(UnitRow))}
        self.unit_codes = {u.code: u for u in self.units.values() if u.code}
        self._names: dict[str, Unit | None] = {}

    def indicator(self, ref: str) -> Indicator | None:
        ref = self.mapping.indicators.get(ref, ref)
        found = self.by_code.get(ref)
        if found is None and (m := re.fullmatch(r"CT(\d{1,18})", ref)):
            found = self.by_id.get(int(m[1]))
        if found is None:
            found = self.by_slug.get(_slug(ref))
        if found is None:
            match = self.matcher.match_any_unit(ref)
            found = match.indicator if match else None
        return found

    def unit(self, ref: str) -> Unit | None:
        ref = self.mapping.units.get(ref, ref)
        found = self.unit_codes.get(ref)
        if found is None and (m := re.fullmatch(r"DV(\d{1,18})", ref)):
            found = self.units.get(int(m[1]))
        if found is None:
            if ref not in self._names:
                self._names[ref] = repo.find_unit(self.session, ref)
            found = self._names[ref]
        return found


def _check(
    fmt: Format, rec: Record, ind: Indicator, unit: Unit, locks: set[tuple[str, int | None]],
    errors: list[LineError], file: str,
) -> None:  # fmt: skip
    def err(name: str, vi: str, en: str) -> None:
        errors.append(LineError(file, rec.line, name, vi, en, rec.record))

    uom = rec.unit_of_measure
    if uom and ind.unit and is_known_unit(uom) and canonical_unit(uom) != ind.unit:
        err(_UOM_FIELD[fmt], f"đơn vị tính “{uom}” không khớp đơn vị tính của chỉ tiêu “{ind.name}” ({ind.unit}).",
            f"unit of measure “{uom}” does not match the indicator's ({ind.unit}).")  # fmt: skip
    if ind.is_share and not 0 <= rec.value <= 100:
        err(_value_field(fmt), f"tỷ lệ phải từ 0 đến 100%, không phải {rec.value:g}%.",
            f"a share must be 0-100%, not {rec.value:g}%.")  # fmt: skip
    elif rec.value < 0 and ind.unit != "%" and ind.aggregation == "sum":
        err(_value_field(fmt), f"số liệu của “{ind.name}” không được âm ({rec.value:g}).",
            f"the figure of this indicator cannot be negative ({rec.value:g}).")  # fmt: skip
    if (str(rec.period), unit.id) in locks or (str(rec.period), None) in locks:
        err(_PERIOD_FIELD[fmt], f"kỳ {rec.period.label} của {unit.name} đã khóa sổ, không thể nhập số liệu.",
            f"the period {rec.period} of this unit is locked.")  # fmt: skip


def _value_field(fmt: Format) -> str:
    return {"dhis2": "value", "opensdg": "Value", "sdmx": "OBS_VALUE"}[fmt]


def _lookup(
    resolve: _Resolver, file: str, rec: Record | Ref, default_unit: Unit | None, errors: list[LineError]
) -> tuple[Indicator | None, Unit | None]:
    """The indicator and unit a line names; an error for each one not found."""
    ind = resolve.indicator(rec.indicator) if rec.indicator else None
    if ind is None and rec.indicator:
        errors.append(LineError(file, rec.line, rec.indicator_field, f"chỉ tiêu “{rec.indicator}” không có trong "
                                "danh mục (mã, CT<số>, tên; hoặc đối chiếu trong tệp --mapping).",
                                f"indicator “{rec.indicator}” is not in the catalogue.", rec.record))  # fmt: skip
    place = resolve.unit(rec.unit) if rec.unit else default_unit
    if place is None and (rec.unit or isinstance(rec, Record)):
        shown = f"không có đơn vị “{rec.unit}”" if rec.unit else "thiếu đơn vị (hãy chỉ ra --unit)"
        errors.append(LineError(file, rec.line, rec.unit_field, f"{shown}.",
                                f"no unit “{rec.unit}”." if rec.unit else "no unit (give --unit).",
                                rec.record))  # fmt: skip
    return ind, place


def import_data(
    session: Session,
    parsed: Parsed,
    fmt: Format,
    *,
    actor: str,
    user: User | None = None,
    mapping: Mapping | None = None,
    unit: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check every record of ``parsed`` and write them in ``session`` (the caller's transaction).

    ``user``: the signed-in person whose permissions are checked (none from the command line).
    Raises :class:`ImportFailed` (nothing written; the caller's transaction rolls back) or
    :class:`~chitieu.store.users.AccessDenied`.
    """
    if user is not None:
        user.require("observation.enter")
    resolve = _Resolver(session, mapping or Mapping())
    errors, total = list(parsed.errors), parsed.error_count
    default_unit = resolve.unit(unit) if unit else None
    if unit and default_unit is None:
        raise ValidationError(f"Không có đơn vị “{unit}” (đơn vị cho các dòng không ghi đơn vị: --unit, unit_id).",
                              f"No unit “{unit}” (the unit of lines without one: --unit, unit_id).")  # fmt: skip
    resolved: list[tuple[Record, Indicator, Unit]] = []
    locks = {(lock.period, lock.unit_id) for lock in accounts.list_locks(session)}
    seen: dict[tuple[str, int, int, str, int, int], int] = {}
    denied: list[tuple[Record, Unit]] = []
    for ref in parsed.partial:  # lines with other errors: their codes are checked too
        _lookup(resolve, parsed.file, ref, default_unit, errors)
    for rec in parsed.records:
        before = len(errors)
        ind, place = _lookup(resolve, parsed.file, rec, default_unit, errors)
        if ind is None or place is None:
            continue
        key = (rec.kind, ind.id, place.id, rec.period.kind, rec.period.year, rec.period.number)
        if key in seen:
            where = "bản ghi" if rec.record else "dòng"
            errors.append(LineError(parsed.file, rec.line, _PERIOD_FIELD[fmt], f"trùng số liệu của {where} "
                                    f"{seen[key]} (cùng chỉ tiêu, đơn vị, kỳ).",
                                    f"the same figure as line {seen[key]}.", rec.record))  # fmt: skip
        seen.setdefault(key, rec.line)
        _check(fmt, rec, ind, place, locks, errors, parsed.file)
        action = "target.put" if rec.kind == "target" else "observation.enter"
        if user is not None and not user.can(action, place.id):
            denied.append((rec, place))
        if len(errors) == before:
            resolved.append((rec, ind, place))
    total += len(errors) - len(parsed.errors)
    if denied:
        names = sorted({u.name for _, u in denied})
        lines = ", ".join(str(r.line) for r, _ in denied[:10]) + (" …" if len(denied) > 10 else "")
        raise AccessDenied(
            f"Tài khoản {user.username if user else ''} không có quyền nhập số liệu cho {', '.join(names[:5])} "
            f"({'bản ghi' if denied[0][0].record else 'dòng'} {lines}); chưa ghi gì.",
            f"User may not enter figures for {', '.join(names[:5])} (lines {lines}); nothing was written.",
        )
    if errors:
        session.rollback()
        errors.sort(key=lambda e: e.line)
        raise ImportFailed(parsed.file, errors[:MAX_ERRORS], total)
    created, updated, unchanged, targets = _write(session, fmt, resolved, actor)
    if dry_run:
        session.rollback()
    return ImportReport(parsed.file, fmt, created=created, updated=updated, unchanged=unchanged,
                        skipped=parsed.skipped, targets=targets, dry_run=dry_run)  # fmt: skip


def _existing(
    session: Session, actor: str, resolved: list[tuple[Record, Indicator, Unit]]
) -> dict[_Key, ObservationRow]:
    """The results the importing user already has for the indicators and units of the file (one query)."""
    indicators = {ind.id for rec, ind, _ in resolved if rec.kind == "actual"}
    units = {u.id for rec, _, u in resolved if rec.kind == "actual"}
    if not indicators:
        return {}
    q = select(ObservationRow).where(
        ObservationRow.source == f"user:{actor}", ObservationRow.measure == "value",
        ObservationRow.indicator_id.in_(sorted(indicators)),
    )  # fmt: skip
    if len(units) <= 500:  # beyond, the list of parameters costs more than the rows it leaves out
        q = q.where(ObservationRow.unit_id.in_(sorted(units)))
    return {(r.indicator_id, r.unit_id, r.period_kind, r.year, r.number): r for r in session.scalars(q)}


def _write(
    session: Session, fmt: Format, resolved: list[tuple[Record, Indicator, Unit]], actor: str
) -> tuple[int, int, int, int]:
    created = updated = unchanged = targets = 0
    existing = _existing(session, actor, resolved)
    for rec, ind, unit in resolved:
        p = rec.period
        if rec.kind == "target":
            targets += 1
            op = _OP[ind.direction]
            keys = {"indicator_id": ind.id, "unit_id": unit.id, "period_kind": p.kind, "year": p.year,
                    "number": p.number, "measure": "value", "source": f"user:{actor}"}  # fmt: skip
            old_t = session.scalars(select(TargetRow).filter_by(**keys)).first()
            if old_t is not None and old_t.op == op and old_t.value == rec.value:
                unchanged += 1
                continue
            repo.put_target(session, indicator_id=ind.id, unit_id=unit.id, period=p, op=op, value=rec.value,
                            basis=_BASIS[fmt], unit_of_measure=ind.unit, entered_by=actor)  # fmt: skip
            created, updated = (created + 1, updated) if old_t is None else (created, updated + 1)
            continue
        old = existing.get((ind.id, unit.id, p.kind, p.year, p.number))
        if old is None:  # what repo.put_observation writes for a figure typed in by ``actor``
            session.add(ObservationRow(
                indicator_id=ind.id, unit_id=unit.id, period_kind=p.kind, year=p.year, number=p.number,
                measure="value", source=f"user:{actor}", value=rec.value, of=None, estimate=rec.estimate,
                state="draft", basis=_BASIS[fmt], document_id=None, line=None, entered_by=actor,
            ))  # fmt: skip
            created += 1
        elif old.value == rec.value and old.estimate == rec.estimate:
            unchanged += 1
        else:
            old.value, old.estimate, old.state, old.basis = rec.value, rec.estimate, "draft", _BASIS[fmt]
            updated += 1
    session.flush()  # one flush: the inserts go in batches, each audited
    return created, updated, unchanged, targets


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(str(path), "không tìm thấy tệp.", "file not found.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputTooLarge(
            str(path), "tệp quá lớn (tối đa 50 MB).", "the file is too large (50 MB at most)."
        )
    return path.read_bytes()


def import_file(
    engine: Engine,
    path: Path,
    fmt: Format,
    *,
    indicator: str | None = None,
    mapping: Path | None = None,
    unit: str | None = None,
    actor: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read, check and (unless ``dry_run``) write ``path`` in one transaction."""
    codes = load_mapping(mapping) if mapping is not None else None
    parsed = parse(fmt, _read(path), str(path), indicator=indicator)
    with session_scope(engine, actor=actor) as session:
        who = actor or str(session.info["actor"])
        return import_data(session, parsed, fmt, actor=who, mapping=codes, unit=unit, dry_run=dry_run)
