"""Loading a report's facts into the store: draft observations and targets.

:func:`import_file` runs the extraction, then writes, in one transaction, the
document (its bytes stored by SHA-256, its text), every fact (review state
``pending``), and from the facts with a year:

* ``actual`` → an observation (measure ``value``), state ``draft``;
* ``target`` → a target; a target in ``%`` against a base (``năm trước``, ``cùng kỳ``,
  ``dự toán``) of an indicator that is not itself a rate is a growth target (measure
  ``change``);
* ``attainment``, ``excess``, ``change`` in ``%`` → observations of that measure
  (what the report itself said); other changes (``giảm 26 phòng``) stay as facts.

A figure of the year (or of a span of years, by its end year) is stored for the year, one of
the first nine months (``9m``) for that period, one of a half, quarter, month or the year to
date (``ytd``, lũy kế) for that period with the fact's ``period_number`` (``quý III``: quarter
3; ``lũy kế 10 tháng``: the year to date up to October). A figure of a period within the
year whose number the text left unknown stays a fact (it is never the year's figure).

A fact that extraction linked to a catalogue code (``indicator_code``) goes to the store's
indicator of that code, added from the catalogue on first use: one indicator across
documents, years and spellings. A level in another scale of the indicator's unit
(``triệu đồng`` for ``tỷ đồng``) is converted to it; a level in ``%`` of an indicator
that is not a rate, or the reverse, is not taken for it. Facts without a code are matched
by name as before and proposed as new indicators when nothing fits. When the province has
its own coded entries, the facts extraction left without a code are linked against them too.

Importing the same file again (same SHA-256) changes nothing. Any failure writes
nothing. Facts without a year (structural counts) stay as facts only.

Imports run at once (two commands, the web app) all land: the extraction runs outside any
transaction, the writing in one short transaction that waits for another writer's lock
(SQLite ``BEGIN IMMEDIATE`` with the busy timeout; a transaction-scoped advisory lock on
PostgreSQL, so two imports proposing the same new indicator never collide) and is run
again if it still found the store locked. The file is looked up by SHA-256 again inside
that transaction: of two imports of one file, the second changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from chitieu.catalogue.entries import CatalogueEntry
from chitieu.catalogue.measure import base_unit, convert
from chitieu.domain import Indicator, Measure, Period, PeriodKind, Plan, Unit
from chitieu.errors import FileNotFound
from chitieu.extract.periods import KIND_NAMES
from chitieu.model import Fact
from chitieu.store import repo
from chitieu.store.catalogue import catalogue_entries, catalogue_linker, ensure_entry, province_entries
from chitieu.store.engine import retrying, session_scope
from chitieu.store.matching import Matcher
from chitieu.store.tables import DocumentRow, FactRow
from chitieu.text.normalize import fold

__all__ = ["ImportReport", "Resolver", "fact_period", "import_facts", "import_file"]

Progress = Callable[[int, int], None]
_GROWTH_BASES = frozenset({"năm trước", "cùng kỳ", "dự toán"})
# the period kinds of extraction and those of the store; a half, quarter, month or year to
# date is stored with its number, and without one stays a fact only
_PERIOD_KINDS: dict[str, PeriodKind] = {
    "year": "year", "multi-year": "year", "9m": "nine_months",
    "half": "half", "quarter": "quarter", "month": "month", "ytd": "ytd",
}  # fmt: skip
_NUMBERED: frozenset[PeriodKind] = frozenset({"half", "quarter", "month", "ytd"})
_RATE_PREFIXES = ("ty le", "ty trong", "toc do", "muc giam", "muc tang", "chi so")
_IMPORT_LOCK = 0x63686974  # the PostgreSQL advisory lock key of imports ("chit")


@dataclass
class ImportReport:
    """What an import did."""

    document_id: int | None = None
    sha256: str = ""
    already_imported: bool = False
    facts: int = 0
    observations: int = 0
    targets: int = 0
    matched: int = 0
    linked: int = 0  # figures that went to an indicator by their catalogue code
    proposed: list[str] = field(default_factory=list)
    indicator_ids: dict[int, int] = field(default_factory=dict)  # index of a fact -> its indicator
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _is_rate(name: str) -> bool:
    return fold(name).startswith(_RATE_PREFIXES)


def _level_fits(unit: str, indicator_unit: str) -> bool:
    """A level in ``unit`` can be a figure of an indicator in ``indicator_unit``: the same
    quantity at any scale, or another noun of count; never a percentage for an amount."""
    if not unit or not indicator_unit:
        return True
    a, b = base_unit(unit)[0], base_unit(indicator_unit)[0]
    return a == b or ("%" not in (a, b) and not _money(a, b))


def _money(a: str, b: str) -> bool:
    return bool({a, b} & {"dong", "usd"})


def _in_unit(x: float | None, unit: str, indicator_unit: str) -> float | None:
    """``x`` in ``unit`` expressed in the indicator's unit (as it is when they do not convert)."""
    if x is None or not indicator_unit or unit == indicator_unit:
        return x
    converted = convert(x, unit, indicator_unit)
    return x if converted is None else converted


class Resolver:
    """Finds or proposes the catalogue indicator of each fact, within one session."""

    def __init__(self, session: Session, report: ImportReport | None = None) -> None:
        self.session = session
        self.report = report or ImportReport()
        self.matcher = Matcher(repo.indicators(session))
        self._entries: dict[str, CatalogueEntry] | None = None
        self._coded: dict[str, Indicator] = {}

    def coded(self, fact: Fact, *, level: bool) -> Indicator | None:
        """The indicator of the fact's catalogue code (a level only if its unit fits)."""
        code = fact.indicator_code
        if not code:
            return None
        if self._entries is None:
            self._entries = {e.code: e for e in catalogue_entries(self.session)}
        ind = self._coded.get(code)
        if ind is None:
            entry = self._entries.get(code)
            if entry is None:
                return None
            ind = ensure_entry(self.session, entry)
            self._coded[code] = ind
            self.matcher.add(ind)
        if level and not _level_fits(fact.unit, ind.unit):
            return None
        self.report.matched += 1
        self.report.linked += 1
        return ind

    def level(self, name: str, unit: str) -> Indicator:
        found = self.matcher.match(name, unit)
        if found:
            self.report.matched += 1
            return found.indicator
        return self._propose(name, unit)

    def any_unit(self, name: str, unit_hint: str) -> Indicator:
        found = self.matcher.match_any_unit(name)
        if found:
            self.report.matched += 1
            return found.indicator
        return self._propose(name, unit_hint)

    def _propose(self, name: str, unit: str) -> Indicator:
        direction = "down" if fold(name).startswith(("ty le ho ngheo", "ty le that nghiep")) else "up"
        aggregation = "mean" if unit == "%" or "/" in unit else "sum"
        ind = repo.add_indicator(
            self.session, name, unit=unit, status="proposed", direction=direction, aggregation=aggregation
        )
        self.matcher.add(ind)
        self.report.proposed.append(f"{ind.name} ({unit})" if unit else ind.name)
        return ind


def import_facts(
    session: Session,
    facts: Sequence[Fact],
    *,
    unit: Unit,
    document_id: int | None = None,
    plan: Plan | None = None,
    entered_by: str | None = None,
    report: ImportReport | None = None,
    progress: Progress | None = None,
    resolver: Resolver | None = None,
) -> ImportReport:
    """Write ``facts`` as observations and targets of ``unit`` (in the caller's transaction).

    ``resolver`` (a :class:`Resolver`) is kept by a caller that imports facts one by one in
    the same session (review's bulk accept), so the indicators are read once, not per fact; it
    must be dropped when a savepoint it worked in is rolled back."""
    report = report or ImportReport()
    if resolver is None:
        resolver = Resolver(session, report)
    else:
        resolver.report = report
    seen: set[tuple[int, Period, str, str, int]] = set()
    for i, fact in enumerate(facts, 1):
        if progress and (i % 25 == 0 or i == len(facts)):
            progress(i, len(facts))
        if fact.period is None:
            report.skipped.append((fact.line, "không có năm / no year"))
            continue
        period = _period(fact, report)
        if period is None:
            continue
        if fact.role == "target":
            _target(session, resolver, i - 1, fact, period, unit, plan, document_id, entered_by, report, seen)
        else:
            _observation(session, resolver, i - 1, fact, period, unit, document_id, entered_by, report, seen)
    return report


def fact_period(fact: Fact) -> Period | None:
    """The store's period of a fact: None without a year, or for a period within the year
    whose number is not known."""
    return None if fact.period is None else _period(fact, ImportReport())


def _period(fact: Fact, report: ImportReport) -> Period | None:
    """The store's period of a dated fact, or None (with the reason) when it has none."""
    assert fact.period is not None
    kind = _PERIOD_KINDS.get(fact.period_kind or "year")
    if kind is None:
        report.skipped.append((fact.line, f"kỳ không rõ “{fact.period_kind}” / unknown period kind"))
        return None
    number = fact.period_number if kind in _NUMBERED else 1
    if number is None:
        name = KIND_NAMES[fact.period_kind or "year"]
        report.skipped.append(
            (
                fact.line,
                f"kỳ {name} không rõ số (tháng, quý nào), giữ ở dữ kiện / a {kind} without its number",
            )
        )
        return None
    try:
        return Period(fact.period, kind, number)
    except ValueError:
        report.skipped.append(
            (
                fact.line,
                f"kỳ không hợp lệ: năm {fact.period}, số {number} / bad period {fact.period} {kind} {number}",
            )
        )
        return None


def _first_time(seen: set[tuple[int, Period, str, str, int]], k: tuple[int, Period, str, str, int]) -> bool:
    if k in seen:
        return False
    seen.add(k)
    return True


def _target(
    session: Session, resolver: Resolver, index: int, fact: Fact, period: Period, unit: Unit, plan: Plan | None,
    document_id: int | None, entered_by: str | None, report: ImportReport, seen: set[tuple[int, Period, str, str, int]],
) -> None:  # fmt: skip
    growth = fact.unit == "%" and (fact.basis in _GROWTH_BASES) and not _is_rate(fact.indicator)
    measure: Measure = "change" if growth else "value"
    ind = resolver.coded(fact, level=not growth) or (
        resolver.any_unit(fact.indicator, "") if growth else resolver.level(fact.indicator, fact.unit)
    )
    resolver.report.indicator_ids[index] = ind.id
    value, low, high, unit_of_measure = fact.value, fact.low, fact.high, fact.unit
    if measure == "value" and ind.code and ind.unit and convert(1.0, fact.unit, ind.unit) is not None:
        value, low, high = (_in_unit(x, fact.unit, ind.unit) for x in (fact.value, fact.low, fact.high))
        unit_of_measure = ind.unit
    if fact.op == "between" and (fact.low is None or fact.high is None):
        report.skipped.append((fact.line, "khoảng thiếu cận / range without bounds"))
        return
    if fact.op != "between" and fact.value is None:
        report.skipped.append((fact.line, "thiếu giá trị / no value"))
        return
    if not _first_time(seen, (ind.id, period, measure, "target", fact.line)):
        report.skipped.append((fact.line, "trùng chỉ tiêu trên cùng dòng / duplicate target on the line"))
        return
    _, changed = repo.put_target(
        session, indicator_id=ind.id, unit_id=unit.id, period=period, op=fact.op, value=value,
        low=low, high=high, plan_id=plan.id if plan else None, basis=fact.basis, measure=measure,
        unit_of_measure=unit_of_measure, document_id=document_id, line=fact.line, entered_by=entered_by,
    )  # fmt: skip
    report.targets += int(changed)


def _observation(
    session: Session, resolver: Resolver, index: int, fact: Fact, period: Period, unit: Unit,
    document_id: int | None,
    entered_by: str | None, report: ImportReport, seen: set[tuple[int, Period, str, str, int]],
) -> None:  # fmt: skip
    value = fact.value if fact.value is not None else fact.low
    if value is None:
        report.skipped.append((fact.line, "thiếu giá trị / no value"))
        return
    measure: Measure
    if fact.role == "actual":
        measure = "value"
        ind = resolver.coded(fact, level=True) or resolver.level(fact.indicator, fact.unit)
        if ind.code and ind.unit and convert(1.0, fact.unit, ind.unit) is not None:
            value = _in_unit(value, fact.unit, ind.unit) or value
    elif fact.unit == "%" and fact.role == "attainment" and fact.basis in ("cùng kỳ", "năm trước"):
        # "bằng 143,2% so với cùng kỳ" is a ratio to last year: a change of 43,2%
        measure, value = "change", value - 100
        ind = resolver.coded(fact, level=False) or resolver.any_unit(
            fact.indicator, "%" if _is_rate(fact.indicator) else ""
        )
    elif fact.unit == "%":
        measure = fact.role  # type: ignore[assignment]
        ind = resolver.coded(fact, level=False) or resolver.any_unit(
            fact.indicator, "%" if _is_rate(fact.indicator) else ""
        )
    else:
        report.skipped.append((fact.line, f"{fact.role} không theo % / not in %: giữ ở dữ kiện"))
        return
    resolver.report.indicator_ids[index] = ind.id
    if not _first_time(seen, (ind.id, period, measure, "obs", fact.line)):
        report.skipped.append((fact.line, "trùng số liệu trên cùng dòng / duplicate figure on the line"))
        return
    _, changed = repo.put_observation(
        session, indicator_id=ind.id, unit_id=unit.id, period=period, value=value, measure=measure,
        of=fact.of, estimate=fact.estimate, basis=fact.basis, document_id=document_id, line=fact.line,
        entered_by=entered_by,
    )  # fmt: skip
    report.observations += int(changed)


def store_facts(
    session: Session, document_id: int, facts: Sequence[Fact], indicator_ids: dict[int, int] | None = None
) -> None:
    """The extracted facts of a document, as rows awaiting review (with the indicator each went to)."""
    ids = indicator_ids or {}
    session.add_all(
        FactRow(
            document_id=document_id,
            line=f.line,
            section=f.section,
            indicator=f.indicator,
            indicator_id=ids.get(i),
            indicator_code=f.indicator_code,
            link_confidence=f.link_confidence,
            role=f.role,
            op=f.op,
            value=f.value,
            low=f.low,
            high=f.high,
            of=f.of,
            unit=f.unit,
            basis=f.basis,
            period=f.period,
            period_kind=f.period_kind,
            period_number=f.period_number,
            estimate=f.estimate,
            clause=f.text,
        )
        for i, f in enumerate(facts)
    )
    session.flush()


def import_file(
    engine: Engine,
    path: str | Path,
    *,
    unit_name: str,
    plan_title: str | None = None,
    actor: str | None = None,
    facts: Sequence[Fact] | None = None,
    extractor: Callable[[Path], list[Fact]] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Extract ``path`` (unless ``facts`` are given) and load it, all or nothing."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFound(str(p), "không tìm thấy tệp.", "file not found.")
    content = p.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    report = ImportReport(sha256=digest)
    with session_scope(engine, actor=actor, write=False) as session:
        existing = session.scalars(select(DocumentRow.id).where(DocumentRow.sha256 == digest)).first()
    if existing is not None:
        report.document_id = existing
        report.already_imported = True
        return report
    extracted = facts is None
    if facts is None:
        if extractor is None:
            from chitieu.ingest import extract_path

            extractor = extract_path
        facts = extractor(p)
    found = list(facts)

    def write(session: Session) -> ImportReport:
        out = ImportReport(sha256=digest, facts=len(found))
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _IMPORT_LOCK})
        again = session.scalars(select(DocumentRow.id).where(DocumentRow.sha256 == digest)).first()
        if again is not None:  # imported by another process meanwhile
            out.document_id, out.already_imported = again, True
            return out
        _write(session, p, content, digest, found, unit_name, plan_title, out, progress, extracted)
        return out

    return retrying(engine, write, actor=actor)


def _write(
    session: Session, p: Path, content: bytes, digest: str, facts: Sequence[Fact], unit_name: str,
    plan_title: str | None, report: ImportReport, progress: Progress | None, extracted: bool,
) -> None:  # fmt: skip
    """The document, its facts, observations and targets, in the caller's transaction."""
    unit = repo.get_or_create_unit(session, unit_name)
    years = [f.period for f in facts if f.role == "target" and f.period is not None]
    plan = None
    if plan_title:
        first, last = (min(years), max(years)) if years else (None, None)
        plan = repo.get_or_create_plan(session, plan_title, unit=unit, first_year=first, last_year=last)
    doc = DocumentRow(
        sha256=digest, name=p.name, size=len(content), content=content,
        text=content.decode("utf-8", errors="replace"), unit_id=unit.id, plan_id=plan.id if plan else None,
        imported_by=session.info["actor"],
    )  # fmt: skip
    session.add(doc)
    session.flush()
    report.document_id = doc.id
    if extracted and province_entries(session):
        # a province's own catalogue entries: link the facts the standard catalogue left unlinked
        linker = catalogue_linker(session)
        facts = [f if f.indicator_code else linker.link_fact(f) for f in facts]
    import_facts(session, facts, unit=unit, document_id=doc.id, plan=plan, report=report, progress=progress)
    store_facts(session, doc.id, facts, report.indicator_ids)
