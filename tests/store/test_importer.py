"""Loading facts: matching to the catalogue, idempotence, all-or-nothing, the sample report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from chitieu.domain import Period
from chitieu.errors import FileNotFound
from chitieu.model import Fact
from chitieu.store import repo, session_scope
from chitieu.store.importer import import_file
from chitieu.store.service import assess_period
from chitieu.store.tables import AuditRow, DocumentRow, FactRow, IndicatorRow, ObservationRow, TargetRow

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seed" / "000_d11ddce65c755f57.txt"
SEED_GOLD = REPO / "tests" / "data" / "seed" / "seed.gold.jsonl"

FACTS = [
    Fact(10, "Tổng giá trị sản xuất ngành nông nghiệp", "actual", "=", 28157, unit="tỷ đồng", period=2019),
    Fact(10, "Tổng giá trị sản xuất ngành nông nghiệp", "excess", "=", 0.4, unit="%", basis="kế hoạch",
         period=2019),
    Fact(10, "Tổng giá trị sản xuất ngành nông nghiệp", "change", "=", 2.9, unit="%", basis="cùng kỳ",
         period=2019),
    Fact(11, "Tốc độ tăng trưởng GRDP", "actual", "=", 14.85, unit="%", period=2019, estimate=True),
    Fact(11, "Tốc độ tăng trưởng GRDP", "target", "between", None, 11, 12, unit="%", basis="Nghị quyết",
         period=2019),
    Fact(20, "Số nhiệm vụ tập trung", "actual", "=", 6, unit="nhiệm vụ"),
    Fact(30, "Thu nội địa", "target", "=", 5000, unit="tỷ đồng", period=2020),
    Fact(30, "Thu nội địa", "target", "=", 32.6, unit="%", basis="dự toán", period=2020),
    Fact(31, "Toc do tang truong GRDP", "target", ">=", 11, unit="%", basis="năm trước", period=2020),
]  # fmt: skip


def _counts(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {
            t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0
            for t in (DocumentRow, FactRow, IndicatorRow, ObservationRow, TargetRow, AuditRow)
        }


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    p = tmp_path / "bao-cao.txt"
    p.write_text("Báo cáo thử\n", encoding="utf-8")
    return p


def test_import_facts_to_observations_and_targets(engine: Engine, report_file: Path) -> None:
    rep = import_file(
        engine, report_file, unit_name="Tỉnh Trà Vinh", plan_title="Nghị quyết 2020", facts=FACTS
    )
    assert (rep.facts, rep.observations, rep.targets) == (9, 4, 4)
    assert rep.skipped == [(20, "không có năm / no year")]
    # the folded spelling matched the GRDP indicator already proposed from line 11
    assert sorted(rep.proposed) == [
        "Thu nội địa (tỷ đồng)", "Tốc độ tăng trưởng GRDP (%)", "Tổng giá trị sản xuất ngành nông nghiệp (tỷ đồng)",
    ]  # fmt: skip
    with session_scope(engine) as s:
        targets = {
            (t.measure, t.unit_of_measure, t.op, t.plan_id is not None) for t in s.scalars(select(TargetRow))
        }
        assert ("change", "%", "=", True) in targets  # Thu nội địa +32,6 % on the budget: a growth target
        assert ("value", "%", ">=", True) in targets  # GRDP growth >= 11 %: the indicator is itself a rate
        states = set(s.scalars(select(ObservationRow.state)))
        assert states == {"draft"}


def test_import_same_document_twice_changes_nothing(engine: Engine, report_file: Path) -> None:
    import_file(engine, report_file, unit_name="Tỉnh Trà Vinh", facts=FACTS)
    before = _counts(engine)
    again = import_file(engine, report_file, unit_name="Tỉnh Trà Vinh", facts=FACTS)
    assert again.already_imported
    assert _counts(engine) == before


def test_import_failure_writes_nothing(engine: Engine, report_file: Path) -> None:
    bad = [*FACTS[:3], Fact(40, "Chỉ tiêu hỏng", "actual", "=", 1, unit="x" * 100, period=2019)]
    with pytest.raises(Exception):  # noqa: B017 - the database refuses the over-long unit
        import_file(engine, report_file, unit_name="Tỉnh Trà Vinh", facts=bad, progress=_boom_at(3))
    assert all(n == 0 for n in _counts(engine).values())


def _boom_at(n: int):  # type: ignore[no-untyped-def]
    def progress(done: int, total: int) -> None:
        if done >= n:
            raise RuntimeError("interrupted")

    return progress


def test_import_missing_file(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(FileNotFound, match="không tìm thấy"):
        import_file(engine, tmp_path / "none.txt", unit_name="Tỉnh A", facts=[])


def _gold_facts() -> list[Fact]:
    return [Fact(**json.loads(line)) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line]


def _check_seed(engine: Engine, misdated: frozenset[str] = frozenset()) -> None:
    with session_scope(engine) as s:
        results = assess_period(s, Period(2019), unit_name="Tỉnh Trà Vinh")
        # GRDP growth: "ước đạt 14,85% (Nghị quyết tăng 11 - 12%)", found by its target whatever its name
        grdp = [a for a in results if (a.target.low, a.target.high, a.target.basis) == (11, 12, "Nghị quyết")]
        assert grdp, [(a.indicator, a.target) for a in results]
        assert grdp[0].status == "vượt"
        assert grdp[0].actual == pytest.approx(14.85)
        assert "vượt chỉ tiêu" in grdp[0].sentence and "14,85%" in grdp[0].sentence
        targets_2020 = (
            s.scalar(select(func.count()).select_from(TargetRow).where(TargetRow.year == 2020)) or 0
        )
        assert targets_2020 >= 30
        assessed_2020 = assess_period(s, Period(2020))
        assert len(assessed_2020) == targets_2020
        with_data = {a.indicator for a in assessed_2020 if a.status != "chưa có số liệu"}
        assert with_data <= misdated, with_data


@pytest.mark.skipif(not SEED.exists(), reason="sample report not present")
def test_import_seed_with_answer_key_facts(engine: Engine) -> None:
    rep = import_file(
        engine, SEED, unit_name="Tỉnh Trà Vinh", plan_title="Nghị quyết 2020", facts=_gold_facts()
    )
    assert rep.targets >= 50
    _check_seed(engine)


@pytest.mark.skipif(not SEED.exists(), reason="sample report not present")
def test_import_seed_end_to_end_with_extraction(engine: Engine) -> None:
    try:
        from chitieu.ingest import extract_path

        facts = extract_path(SEED)
    except Exception as err:  # the extraction is built elsewhere; it may not run yet
        pytest.skip(f"extraction not available: {err}")
    import_file(engine, SEED, unit_name="Tỉnh Trà Vinh", facts=facts)
    # extraction dates the 2019 result on line 245 (hazardous waste treated, 99,23%) 2020; linked
    # to the catalogue it meets the 2020 target of the same indicator (line 461)
    _check_seed(engine, misdated=frozenset({"Tỷ lệ chất thải nguy hại được xử lý"}))


def test_import_fuzzy_match_to_catalogue(engine: Engine, report_file: Path) -> None:
    with session_scope(engine) as s:
        repo.add_indicator(s, "Tổng giá trị sản xuất ngành nông nghiệp", unit="tỷ đồng", code="NN01")
        repo.add_indicator(
            s, "Tốc độ tăng trưởng kinh tế", unit="%", code="KT01", aliases=("Tốc độ tăng trưởng GRDP",)
        )
    facts = [
        Fact(1, "Tong gia tri san xuat nganh nong nghiep", "actual", "=", 1, unit="tỷ đồng", period=2019),
        Fact(2, "Tổng giá trị sản xuất ngành nông nghệp", "actual", "=", 2, unit="tỷ đồng", period=2018),
        Fact(3, "Tốc độ tăng trưởng GRDP", "actual", "=", 7, unit="%", period=2019),
        Fact(4, "Tổng giá trị sản xuất ngành nông nghiệp", "actual", "=", 3, unit="%", period=2019),
    ]
    rep = import_file(engine, report_file, unit_name="Tỉnh A", facts=facts)
    assert rep.matched == 3
    assert rep.proposed == ["Tổng giá trị sản xuất ngành nông nghiệp (%)"]


def test_import_stores_a_figure_by_its_period_kind(engine: Engine, report_file: Path) -> None:
    name = "Thu ngân sách nhà nước"
    facts = [
        Fact(5, name, "actual", "=", 8900, unit="tỷ đồng", period=2024, period_kind="9m"),
        Fact(6, name, "actual", "=", 950, unit="tỷ đồng", period=2024, period_kind="month"),
        Fact(7, name, "attainment", "=", 113.2, unit="%", basis="cùng kỳ", period=2024, period_kind="9m"),
        Fact(8, name, "actual", "=", 12000, unit="tỷ đồng", period=2023, period_kind="year"),
    ]
    rep = import_file(engine, report_file, unit_name="Tỉnh A", facts=facts)
    assert rep.observations == 3
    assert [line for line, _ in rep.skipped] == [6]
    with session_scope(engine) as s:
        rows = {
            (o.period_kind, o.year, o.measure, round(o.value, 6)) for o in s.scalars(select(ObservationRow))
        }
    assert rows == {("nine_months", 2024, "value", 8900), ("nine_months", 2024, "change", 13.2),
                    ("year", 2023, "value", 12000)}  # fmt: skip


def test_import_a_stated_attainment_is_assessed_and_checked(engine: Engine, report_file: Path) -> None:
    name = "Tổng thu ngân sách nhà nước"
    facts = [
        Fact(3, name, "target", "=", 10000, unit="tỷ đồng", basis="dự toán", period=2024),
        Fact(5, name, "actual", "=", 8981, unit="tỷ đồng", period=2024),
        Fact(5, name, "attainment", "=", 95.0, unit="%", basis="dự toán", period=2024),
    ]
    import_file(engine, report_file, unit_name="Tỉnh A", facts=facts)
    with session_scope(engine) as s:
        (a,) = assess_period(s, Period(2024))
    assert a.stated_attainment == 95.0
    assert a.attainment == pytest.approx(89.81)
    assert len(a.warnings) == 1


def test_assess_unit_of_one_indicator(engine: Engine, report_file: Path) -> None:
    import_file(engine, report_file, unit_name="Tỉnh Trà Vinh", facts=FACTS)
    from chitieu.store.service import assess_unit

    with session_scope(engine) as s:
        unit = repo.find_unit(s, "Tỉnh Trà Vinh")
        assert unit is not None
        every = assess_unit(s, unit, Period(2020))
        assert len({a.target.indicator_id for a in every}) >= 2
        one = every[0].target.indicator_id
        only = assess_unit(s, unit, Period(2020), indicator_id=one)
        assert only == [a for a in every if a.target.indicator_id == one]


def test_import_two_documents_naming_one_indicator_differently_end_in_one(
    engine: Engine, tmp_path: Path
) -> None:
    from chitieu.catalogue.link import default_linker

    linker = default_linker()
    first = [
        Fact(
            3, "Tổng thu ngân sách nhà nước trên địa bàn", "actual", "=", 13694, unit="tỷ đồng", period=2019
        ),
        Fact(4, "Tỷ lệ che phủ rừng", "actual", "=", 3.93, unit="%", period=2019),
    ]
    second = [
        Fact(7, "Thu NSNN tren dia ban", "actual", "=", 15_200_000, unit="triệu đồng", period=2020),
        Fact(8, "Độ che phủ rừng", "target", ">=", 4.6, unit="%", period=2021),
        Fact(9, "Tổng thu ngân sách", "change", "=", 11.0, unit="%", basis="cùng kỳ", period=2020),
    ]
    for name, facts in (("a.txt", first), ("b.txt", second)):
        path = tmp_path / name
        path.write_text(name, encoding="utf-8")
        rep = import_file(engine, path, unit_name="Tỉnh A", facts=[linker.link_fact(f) for f in facts])
        assert rep.linked == len(facts) and rep.proposed == []
    with session_scope(engine) as s:
        inds = {i.code: i for i in repo.indicators(s)}
        assert set(inds) == {"CT-KT-011", "CT-MT-001"}
        revenue = inds["CT-KT-011"]
        obs = {
            (o.year, o.measure): o.value
            for o in s.scalars(select(ObservationRow).where(ObservationRow.indicator_id == revenue.id))
        }
        # the second document's "triệu đồng" is stored in the indicator's "tỷ đồng"
        assert obs == {(2019, "value"): 13694, (2020, "value"): 15200, (2020, "change"): 11.0}
        target = s.scalars(select(TargetRow)).one()
        assert (target.indicator_id, target.value) == (inds["CT-MT-001"].id, 4.6)
        rows = list(s.scalars(select(FactRow).order_by(FactRow.id)))
        assert [r.indicator_code for r in rows] == [
            "CT-KT-011",
            "CT-MT-001",
            "CT-KT-011",
            "CT-MT-001",
            "CT-KT-011",
        ]
        assert all(r.link_confidence is not None and r.indicator_id is not None for r in rows)


def test_import_does_not_take_a_level_in_percent_for_an_amount(engine: Engine, report_file: Path) -> None:
    fact = Fact(3, "Tổng thu ngân sách", "actual", "=", 12.5, unit="%", period=2019, indicator_code="CT-KT-011",
                link_confidence=0.8)  # fmt: skip
    rep = import_file(engine, report_file, unit_name="Tỉnh A", facts=[fact])
    assert rep.linked == 0 and rep.proposed == ["Tổng thu ngân sách (%)"]


def test_import_gives_a_proposed_indicator_its_catalogue_code(engine: Engine, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("a", encoding="utf-8")
    b.write_text("b", encoding="utf-8")
    name = "Tỷ lệ che phủ rừng"
    import_file(
        engine, a, unit_name="Tỉnh A", facts=[Fact(1, name, "actual", "=", 40, unit="%", period=2019)]
    )
    linked = Fact(
        1, name, "actual", "=", 41, unit="%", period=2020, indicator_code="CT-MT-001", link_confidence=1.0
    )
    import_file(engine, b, unit_name="Tỉnh A", facts=[linked])
    with session_scope(engine) as s:
        (ind,) = repo.indicators(s)
        assert (ind.code, ind.status) == ("CT-MT-001", "active")
        assert s.scalar(select(func.count()).select_from(ObservationRow)) == 2


def test_import_takes_a_province_coded_indicator_of_the_same_name(engine: Engine, report_file: Path) -> None:
    with session_scope(engine) as s:
        own = repo.add_indicator(s, "Tỷ lệ che phủ rừng", unit="%", code="AL07")
    fact = Fact(1, "Độ che phủ rừng", "actual", "=", 41, unit="%", period=2020, indicator_code="CT-MT-001",
                link_confidence=0.9)  # fmt: skip
    rep = import_file(engine, report_file, unit_name="Tỉnh A", facts=[fact])
    assert (rep.linked, rep.observations, rep.proposed) == (1, 1, [])
    with session_scope(engine) as s:
        assert [i.code for i in repo.indicators(s)] == ["AL07"]
        assert s.scalars(select(ObservationRow.indicator_id)).one() == own.id


@pytest.mark.parametrize(
    ("kind", "number", "stored"),
    [
        ("quarter", 3, ("quarter", 3)),
        ("half", 2, ("half", 2)),
        ("month", 10, ("month", 10)),
        ("ytd", 10, ("ytd", 10)),
        ("9m", None, ("nine_months", 1)),
        ("year", None, ("year", 1)),
        ("multi-year", None, ("year", 1)),
    ],
)
def test_import_stores_a_within_year_figure_as_its_period(
    engine: Engine, report_file: Path, kind: str, number: int | None, stored: tuple[str, int]
) -> None:
    fact = Fact(5, "Thu ngân sách nhà nước", "actual", "=", 950, unit="tỷ đồng", period=2024,
                period_kind=kind, period_number=number)  # fmt: skip
    rep = import_file(engine, report_file, unit_name="Tỉnh A", facts=[fact])
    assert (rep.observations, rep.skipped) == (1, [])
    with session_scope(engine) as s:
        (row,) = s.scalars(select(ObservationRow))
        assert (row.period_kind, row.year, row.number, row.value) == (*stored[:1], 2024, stored[1], 950)
        (kept,) = s.scalars(select(FactRow))
        assert (kept.period, kept.period_kind, kept.period_number) == (2024, kind, number)


@pytest.mark.parametrize(
    ("kind", "number", "reason"),
    [
        ("quarter", None, "kỳ quý không rõ số"),
        ("ytd", None, "kỳ lũy kế không rõ số"),
        ("month", 13, "kỳ không hợp lệ: năm 2024, số 13"),
        ("fortnight", 1, "kỳ không rõ “fortnight”"),
    ],
)
def test_import_a_within_year_figure_without_its_number_stays_a_fact(
    engine: Engine, report_file: Path, kind: str, number: int | None, reason: str
) -> None:
    fact = Fact(7, "Thu ngân sách nhà nước", "actual", "=", 950, unit="tỷ đồng", period=2024,
                period_kind=kind, period_number=number)  # fmt: skip
    rep = import_file(engine, report_file, unit_name="Tỉnh A", facts=[fact])
    assert rep.observations == 0
    ((line, why),) = rep.skipped
    assert line == 7 and why.startswith(reason), why
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(ObservationRow)) == 0
        assert s.scalar(select(func.count()).select_from(FactRow)) == 1


def test_import_periods_within_the_year_judged_against_the_year_plan(engine: Engine, tmp_path: Path) -> None:
    from chitieu.store.periods import periods_of

    name = "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"
    docs = {
        "ke-hoach.txt": [Fact(3, name, "target", "=", 40000, unit="tỷ đồng", period=2025)],
        "thang-10-2024.txt": [
            Fact(
                4,
                name,
                "actual",
                "=",
                30000,
                unit="tỷ đồng",
                period=2024,
                period_kind="ytd",
                period_number=10,
            )
        ],
        "thang-10-2025.txt": [
            Fact(
                4,
                name,
                "actual",
                "=",
                3600,
                unit="tỷ đồng",
                period=2025,
                period_kind="month",
                period_number=10,
            ),
            Fact(
                5,
                name,
                "actual",
                "=",
                33000,
                unit="tỷ đồng",
                period=2025,
                period_kind="ytd",
                period_number=10,
            ),
        ],
    }
    for file, facts in docs.items():
        p = tmp_path / file
        p.write_text(file, encoding="utf-8")
        import_file(engine, p, unit_name="Tỉnh A", facts=facts)
    with session_scope(engine) as s:
        (a,) = assess_period(s, Period(2025))
        within = periods_of(s, [a.target])[a.target.id]
    assert a.status == "chưa có số liệu"  # no figure of the whole year yet
    assert [str(w.period) for w in within] == ["2025-M10", "2025-LK10"]
    ytd = within[1]
    # 33.000 of 40.000: 82,5 %; on last year's 30.000: +10 %
    assert (ytd.share, ytd.previous) == (pytest.approx(82.5), 30000)
    assert ytd.change == pytest.approx(10.0)
