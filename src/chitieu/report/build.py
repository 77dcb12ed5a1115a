"""Building the briefing's content from the store: results, verdicts, targets, texts, charts.

:func:`build_report` reads, for one plan, unit and results year N:

* the unit's yearly observations of N (every stated figure: level, attainment, excess,
  change), phrased one sentence per indicator, grouped into paragraphs by the source
  paragraph they came from and into the five domains by the headings of the source (or
  the catalogue's domain, or words of the indicator's name);
* the plan's targets of N, assessed by :func:`chitieu.store.service.assess_unit` (the
  verdict goes into the indicator's sentence and into the table);
* the free-text sections (:mod:`chitieu.store.sections`);
* the plan's targets of N+1 (part B);
* for the plan's targets of its last year (after N), the trajectory from the figures
  known up to N, as a sentence after the indicator's result ("Với tốc độ hiện nay …,
  đến năm 2025 ước đạt …", :func:`chitieu.assess.phrasing.trajectory_sentence`);
* the data of two charts (:mod:`chitieu.report.charts` draws them).

Observations of every review state are used; where an indicator has approved (or
submitted) figures, only those of the highest state are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from chitieu.assess.phrasing import fmt, trajectory_sentence
from chitieu.domain import DOMAINS, Assessment, Indicator, Period, Plan, Target, Unit
from chitieu.errors import ValidationError
from chitieu.report.charts import chart_data
from chitieu.report.domains import OTHER, TITLES, DocumentOutline, domain_of
from chitieu.report.model import NO_DATA, DomainSection, Paragraph, Report, Sentence, TargetRow, TextSection
from chitieu.report.sentences import ObservedFigures, num, result_sentence, target_cell, target_sentence
from chitieu.store import repo, sections, service
from chitieu.store.engine import session_scope
from chitieu.store.tables import DocumentRow, IndicatorRow, ObservationRow, PlanRow
from chitieu.store.tables import TargetRow as TargetTable

__all__ = ["build_report", "build_report_in", "resolve"]

_STATE_RANK = {"approved": 3, "submitted": 2, "draft": 1}
_TEXT_SUFFIXES = (".txt", ".text", ".md")
_PARAGRAPH_SIZE = 5  # sentences per paragraph when the source paragraph is unknown


def build_report(
    engine: Engine,
    *,
    plan: str | int,
    year: int,
    unit: str | None = None,
    issuer: str | None = None,
) -> Report:
    """The briefing of ``plan`` (title or id) for results year ``year`` (of ``unit``, else the plan's unit)."""
    with session_scope(engine, actor="chitieu-report", write=False) as session:
        the_plan, the_unit = resolve(session, plan=plan, year=year, unit=unit)
        return build_report_in(session, the_plan, year, the_unit, issuer=issuer)


def resolve(session: Session, *, plan: str | int, year: int, unit: str | None) -> tuple[Plan, Unit]:
    """The plan and unit a briefing is about; a clear error when either cannot be found."""
    if not 1900 <= year <= 2199:
        raise ValidationError(f"Năm không hợp lệ: {year}.", f"Invalid year: {year}.")
    found: Plan | None
    if isinstance(plan, int):
        row = session.get(PlanRow, plan)
        found = repo.to_plan(row) if row is not None else None
    else:
        found = repo.find_plan(session, plan)
    if found is None:
        raise ValidationError(
            f"Không có nghị quyết/kế hoạch nào tên “{plan}” trong cơ sở dữ liệu.",
            f"No plan called “{plan}” in the database.",
            hint="Xem các kế hoạch đã nạp bằng `chitieu import --plan ...`.",
        )
    if unit is not None:
        u = repo.find_unit(session, unit)
        if u is None:
            raise ValidationError(
                f"Không có đơn vị nào tên “{unit}” trong cơ sở dữ liệu.",
                f"No unit called “{unit}” in the database.",
            )
        return found, u
    if found.unit_id is not None:
        u = _unit_by_id(session, found.unit_id)
        if u is not None:
            return found, u
    ids = set(
        session.scalars(
            select(TargetTable.unit_id).where(
                TargetTable.plan_id == found.id, TargetTable.year.in_([year, year + 1])
            )
        )
    )
    if len(ids) == 1:
        u = _unit_by_id(session, ids.pop())
        if u is not None:
            return found, u
    raise ValidationError(
        f"Không xác định được đơn vị báo cáo của “{found.title}”; hãy chọn đơn vị (--unit).",
        f"Cannot tell which unit the report of “{found.title}” is for; choose one (--unit).",
    )


def _unit_by_id(session: Session, unit_id: int) -> Unit | None:
    from chitieu.store.tables import UnitRow

    row = session.get(UnitRow, unit_id)
    return repo.to_unit(row) if row is not None else None


@dataclass
class _Stated:
    """The stated figures of one indicator in the year, by measure, best state first."""

    rows: dict[str, list[tuple[float, bool, str | None, int | None, int | None, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # measure -> (value, estimate, basis, document, line, rank)

    def add(self, measure: str, value: float, estimate: bool, basis: str | None, doc: int | None,
            line: int | None, rank: int) -> None:  # fmt: skip
        self.rows[measure].append((value, estimate, basis, doc, line, rank))

    def first_source(self) -> tuple[int | None, int | None]:
        located = [(r[3], r[4]) for rs in self.rows.values() for r in rs if r[4] is not None]
        return min(located, key=lambda x: (x[0] or 0, x[1] or 0)) if located else (None, None)

    def figures(self) -> list[ObservedFigures]:
        """One set of figures per distinct statement (two different levels give two sentences)."""
        chosen: dict[str, list[tuple[float, bool, str | None]]] = {}
        for measure, rows in self.rows.items():
            top = max(r[5] for r in rows)
            best = sorted((r for r in rows if r[5] == top), key=lambda r: (r[3] or 0, r[4] or 0))
            seen: list[tuple[float, bool, str | None]] = []
            for value, estimate, basis, *_ in best:
                if all(abs(value - v) > 1e-9 or b != basis for v, _, b in seen):
                    seen.append((value, estimate, basis))
            chosen[measure] = seen
        count = max((len(v) for v in chosen.values()), default=0)
        out: list[ObservedFigures] = []
        for i in range(count):

            def pick(measure: str, i: int = i) -> tuple[tuple[float, str | None], ...]:
                rows = chosen.get(measure, [])
                return ((rows[i][0], rows[i][2]),) if i < len(rows) else ()

            values = chosen.get("value", [])
            estimate = any(e for m in chosen.values() for _, e, _ in m[i : i + 1])
            out.append(
                ObservedFigures(
                    value=values[i][0] if i < len(values) else None,
                    estimate=estimate,
                    attainment=pick("attainment"),
                    excess=pick("excess"),
                    change=pick("change"),
                )
            )
        return out


def _stated(session: Session, unit: Unit, year: int) -> dict[int, _Stated]:
    o = ObservationRow
    q = select(o.indicator_id, o.measure, o.value, o.estimate, o.basis, o.document_id, o.line, o.state).where(
        o.unit_id == unit.id, o.year == year, o.period_kind == "year"
    )
    out: dict[int, _Stated] = defaultdict(_Stated)
    for ind, measure, value, estimate, basis, doc, line, state in session.connection().execute(q):
        out[ind].add(measure, value, bool(estimate), basis, doc, line, _STATE_RANK.get(state, 0))
    return out


def _catalogue(session: Session, ids: Iterable[int]) -> dict[int, Indicator]:
    wanted = sorted(set(ids))
    out: dict[int, Indicator] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for r in session.scalars(select(IndicatorRow).where(IndicatorRow.id.in_(chunk))):
            out[r.id] = repo.to_indicator(r)
    return out


def _outlines(session: Session, doc_ids: set[int]) -> dict[int, DocumentOutline]:
    if not doc_ids:
        return {}
    d = DocumentRow
    q = select(d.id, d.name, d.text, d.restored_text).where(d.id.in_(sorted(doc_ids)))
    out: dict[int, DocumentOutline] = {}
    for doc_id, name, text, restored in session.execute(q):
        source = restored or (text if str(name).lower().endswith(_TEXT_SUFFIXES) else None)
        if source:
            out[doc_id] = DocumentOutline.of(source)
    return out


def _plan_targets(session: Session, plan: Plan, unit: Unit, year: int) -> list[Target]:
    t = TargetTable
    rows = session.scalars(
        select(t)
        .where(t.unit_id == unit.id, t.year == year, t.period_kind == "year")
        .where((t.plan_id == plan.id) | t.plan_id.is_(None))
        .order_by(t.document_id, t.line, t.id)
    )
    return [repo.to_target(r) for r in rows]


@dataclass(frozen=True, slots=True)
class _Item:
    """One sentence with where it goes: domain, source paragraph, order."""

    domain: str
    group: tuple[Any, ...]
    order: tuple[int, int, int]
    sentence: Sentence


def _items(
    stated: dict[int, _Stated],
    verdicts: dict[int, Assessment],
    catalogue: dict[int, Indicator],
    outlines: dict[int, DocumentOutline],
    outlook: dict[int, Sentence] | None = None,
) -> list[_Item]:
    items: list[_Item] = []
    for ind_id in sorted(set(stated) | set(verdicts)):
        ind = catalogue[ind_id]
        st = stated.get(ind_id) or _Stated()
        doc, line = st.first_source()
        verdict = verdicts.get(ind_id)
        if doc is None and verdict is not None:
            doc, line = verdict.target.document_id, verdict.target.line
        heading, paragraph = outlines[doc].at(line) if doc in outlines else (None, None)
        domain = domain_of(ind.name, ind.domain, heading)
        sets = st.figures() or ([ObservedFigures()] if verdict is not None else [])
        for i, figs in enumerate(sets):
            if figs.empty and (verdict is None or verdict.actual is None):
                continue
            s = result_sentence(ind, figs, verdict if i == 0 else None)
            group: tuple[Any, ...] = ("doc", doc, paragraph) if paragraph is not None else ("ind", domain)
            items.append(_Item(domain, group, (doc or 0, line or 0, ind_id), s))
            if i == 0 and outlook and ind_id in outlook:  # right after the result (the sort is stable)
                items.append(_Item(domain, group, (doc or 0, line or 0, ind_id), outlook[ind_id]))
    return items


def _outlook(
    session: Session, plan: Plan, unit: Unit, year: int, catalogue: dict[int, Indicator]
) -> dict[int, Sentence]:
    """The trajectory sentence of each indicator with a target in the plan's last year (after ``year``)."""
    if plan.last_year is None or plan.last_year <= year:
        return {}
    targets = _plan_targets(session, plan, unit, plan.last_year)
    found = service.trajectories(session, unit, targets, upto=year)
    out: dict[int, Sentence] = {}
    for t in targets:
        ind = catalogue.get(t.indicator_id)
        text = trajectory_sentence(found[t.id], t, ind) if t.id in found and ind is not None else None
        if text is not None and ind is not None:
            out.setdefault(t.indicator_id, Sentence(text, ind.name, ind.id))
    return out


def _domains(items: list[_Item]) -> tuple[DomainSection, ...]:
    order = {d: i for i, d in enumerate((*DOMAINS, OTHER))}
    by_domain: dict[str, list[_Item]] = defaultdict(list)
    for it in items:
        by_domain[it.domain].append(it)
    out: list[DomainSection] = []
    for domain in sorted(by_domain, key=lambda d: order.get(d, len(order))):
        ordered = sorted(by_domain[domain], key=lambda it: it.order)
        paragraphs: list[list[Sentence]] = []
        last: tuple[Any, ...] | None = None
        for it in ordered:
            full = paragraphs and it.group[0] == "ind" and len(paragraphs[-1]) >= _PARAGRAPH_SIZE
            if it.group != last or full:
                paragraphs.append([])
                last = it.group
            paragraphs[-1].append(it.sentence)
        out.append(
            DomainSection(
                len(out) + 1,
                TITLES.get(domain, domain),
                domain,
                tuple(Paragraph(tuple(p)) for p in paragraphs),
            )
        )
    return tuple(out)


def _table(
    verdicts: Sequence[Assessment], catalogue: dict[int, Indicator], domains: dict[int, str]
) -> tuple[TargetRow, ...]:
    rows: list[TargetRow] = []
    for i, a in enumerate(verdicts, 1):
        ind = catalogue[a.target.indicator_id]
        actual = "" if a.actual is None else num(a.actual) if a.target.measure == "value" else fmt(a.actual)
        rows.append(
            TargetRow(
                number=i,
                indicator=ind.name,
                unit=a.unit_of_measure,
                target=target_cell(a.target, ind),
                actual=actual,
                attainment="" if a.attainment is None else f"{fmt(a.attainment)}%",
                status=a.status,
                domain=domains.get(ind.id, OTHER),
                estimate=a.estimate,
            )
        )
    return tuple(rows)


def _intro(plan: Plan, unit: Unit, year: int, rows: Sequence[TargetRow], has_results: bool) -> str:
    if not has_results and not any(r.actual for r in rows):
        return f"Chưa có số liệu kết quả thực hiện năm {year} của {unit.name}."
    text = f"Thực hiện {plan.title}, năm {year} {unit.name} đạt được những kết quả như sau."
    judged = [r for r in rows if r.status != NO_DATA]
    if judged:
        counts = {s: sum(r.status == s for r in judged) for s in ("vượt", "đạt", "gần đạt", "không đạt")}
        text += (
            f" Trong {len(judged)}/{len(rows)} chỉ tiêu có số liệu: {counts['vượt']} chỉ tiêu vượt, "
            f"{counts['đạt']} chỉ tiêu đạt, {counts['gần đạt']} chỉ tiêu gần đạt, "
            f"{counts['không đạt']} chỉ tiêu chưa đạt."
        )
    return text


def _issuer(plan: Plan, unit: Unit) -> str:
    if plan.issuer:
        return plan.issuer.upper()
    if unit.level in ("tỉnh", "huyện", "xã"):
        return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"
    return unit.name.upper()


def build_report_in(
    session: Session, plan: Plan, year: int, unit: Unit, *, issuer: str | None = None
) -> Report:
    """:func:`build_report` within an open session (the web app has one)."""
    period = Period(year)
    all_verdicts = service.assess_unit(session, unit, period)
    verdicts = [a for a in all_verdicts if a.target.plan_id in (plan.id, None)]
    first: dict[int, Assessment] = {}
    for a in verdicts:
        first.setdefault(a.target.indicator_id, a)
    stated = _stated(session, unit, year)
    next_targets = _plan_targets(session, plan, unit, year + 1)
    catalogue = _catalogue(session, [*stated, *first, *(t.indicator_id for t in next_targets)])
    doc_ids = {
        doc for st in stated.values() for rs in st.rows.values() for *_, doc, _, _ in rs if doc is not None
    }
    doc_ids |= {a.target.document_id for a in verdicts if a.target.document_id is not None}
    outlook = _outlook(session, plan, unit, year, catalogue)
    items = _items(stated, first, catalogue, _outlines(session, doc_ids), outlook)
    domains = _domains(items)
    domain_of_ind = {s.indicator_id: d.domain for d in domains for p in d.paragraphs for s in p.sentences}
    table = _table(verdicts, catalogue, {k: v for k, v in domain_of_ind.items() if k is not None})
    texts = sections.get_sections(session, plan_id=plan.id, year=year, unit_id=unit.id)
    text_sections = tuple(
        TextSection(s.key, s.title, tuple(p.strip() for p in s.text.splitlines() if p.strip())) for s in texts
    )
    has_results = bool(items)
    next_year = tuple(target_sentence(t, catalogue[t.indicator_id]) for t in next_targets)
    charts = chart_data(session, unit, year, table, [catalogue[i] for i in first], TITLES)
    notes: list[str] = []
    if not verdicts:
        notes.append(f"Kế hoạch “{plan.title}” chưa có chỉ tiêu năm {year} cho {unit.name}.")
    if not next_targets:
        notes.append(f"Kế hoạch “{plan.title}” chưa có chỉ tiêu năm {year + 1} cho {unit.name}.")
    notes.extend(f"Cảnh báo — {a.indicator}: {w}." for a in verdicts for w in a.warnings)
    return Report(
        year=year,
        unit=unit.name,
        plan=plan.title,
        issuer=issuer or _issuer(plan, unit),
        title=f"BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {year}",
        subtitle=f"CÁC CHỈ TIÊU CHỦ YẾU NĂM {year + 1}",
        intro=_intro(plan, unit, year, table, has_results),
        domains=domains,
        targets=table,
        sections=text_sections,
        next_targets=next_year,
        charts=charts,
        notes=tuple(notes),
    )
