"""The review library: relinking an indicator once for all its facts, and bulk accept by confidence."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from chitieu.errors import ValidationError
from chitieu.model import Fact
from chitieu.store import repo, review, session_scope
from chitieu.store.tables import AuditRow, FactRow, IndicatorRow, ObservationRow

NAME = "Tổng thu ngân sch"  # a broken name, as extraction may leave it


def _fact(line: int, indicator: str, confidence: float | None, code: str | None = "CT-KT-011") -> Fact:
    return Fact(
        line=line, indicator=indicator, role="actual", op="=", value=1000.0 + line, unit="tỷ đồng",
        period=2023, indicator_code=code, link_confidence=confidence,
    )  # fmt: skip


def _document(engine: Engine) -> int:
    facts = [_fact(1, NAME, 0.95), _fact(2, NAME, 0.72), _fact(3, "Thu nội địa", 0.9, "CT-KT-012"),
             _fact(4, "Số gì đó", None, None)]  # fmt: skip
    with session_scope(engine, actor="test") as s:
        unit = repo.add_unit(s, "Tỉnh An Lạc", level="tỉnh")
        doc, _ = review.save_document(
            s, name="bao-cao.txt", content=b"bao cao", lines=[(n, f"dong {n}", f"dòng {n}") for n in range(1, 5)],
            facts=facts, unit_id=unit.id,
        )  # fmt: skip
    return doc


@pytest.mark.parametrize(("threshold", "accepted"), [(0.9, 2), (0.95, 1), (0.5, 3), (1.0, 0), (0.0, 3)])
def test_accept_confident_counts(engine: Engine, threshold: float, accepted: int) -> None:
    doc = _document(engine)
    with session_scope(engine, actor="test") as s:
        done, left = review.accept_confident(s, doc, threshold)
    assert (done, left) == (accepted, 0)
    with session_scope(engine, actor="test") as s:
        states = [f.review for f in review.review_facts(s, doc)]
        assert states.count("accepted") == accepted
        assert s.scalar(select(func.count()).select_from(ObservationRow)) == accepted
        assert review.review_facts(s, doc)[3].review == "pending"  # unlinked: never accepted in bulk


@pytest.mark.parametrize("threshold", [-0.1, 1.5, 90.0])
def test_accept_confident_bad_threshold_is_a_vietnamese_error(engine: Engine, threshold: float) -> None:
    doc = _document(engine)
    with session_scope(engine, actor="test") as s, pytest.raises(ValidationError) as err:
        review.accept_confident(s, doc, threshold)
    assert "Ngưỡng độ tin cậy phải từ 0 đến 1" in str(err.value.message)


@pytest.mark.parametrize(
    ("name", "code"), [("Tổng thu ngân sách", None), (None, "CT-KT-012"), ("Thu NSNN", "CT-KT-012")]
)
def test_relink_indicator_moves_all_facts(engine: Engine, name: str | None, code: str | None) -> None:
    doc = _document(engine)
    with session_scope(engine, actor="test") as s:
        before = s.scalar(select(func.count()).select_from(AuditRow)) or 0
        assert review.relink_indicator(s, doc, NAME, name=name, code=code) == 2
    with session_scope(engine, actor="test") as s:
        moved = [f.fact for f in review.review_facts(s, doc) if f.fact.line in (1, 2)]
        assert all(f.indicator == (name or NAME) for f in moved)
        assert all(f.indicator_code == (code or "CT-KT-011") for f in moved)
        if code:
            assert all(f.link_confidence == 1.0 for f in moved)
        other = review.review_facts(s, doc)[2].fact
        assert (other.indicator, other.indicator_code) == ("Thu nội địa", "CT-KT-012")
        assert (s.scalar(select(func.count()).select_from(AuditRow)) or 0) >= before + 2


def test_relink_indicator_moves_draft_figures_of_accepted_facts(engine: Engine) -> None:
    doc = _document(engine)
    with session_scope(engine, actor="test") as s:
        review.accept_confident(s, doc, 0.7)
    with session_scope(engine, actor="test") as s:
        review.relink_indicator(s, doc, NAME, code="CT-KT-012")
    with session_scope(engine, actor="test") as s:
        target = s.scalars(select(IndicatorRow.id).where(IndicatorRow.code == "CT-KT-012")).one()
        values = sorted(
            o.value for o in s.scalars(select(ObservationRow).where(ObservationRow.indicator_id == target))
        )
        assert values == [1001.0, 1002.0, 1003.0]  # the two relinked and the one that was there
        rows = s.scalars(select(FactRow).where(FactRow.document_id == doc, FactRow.line.in_((1, 2))))
        assert {r.indicator_id for r in rows} == {target}


@pytest.mark.parametrize(
    ("indicator", "name", "code", "message"),
    [(NAME, "  ", None, "không được để trống"), (NAME, None, None, "tên mới hoặc chọn mã"),
     (NAME, None, "CT-KHONG-CO", "Không có mã chỉ tiêu"), ("Không có", "X", None, "không có dữ kiện nào")],
)  # fmt: skip
def test_relink_indicator_refuses_bad_input(
    engine: Engine, indicator: str, name: str | None, code: str | None, message: str
) -> None:
    doc = _document(engine)
    with session_scope(engine, actor="test") as s, pytest.raises(ValidationError) as err:
        review.relink_indicator(s, doc, indicator, name=name, code=code)
    assert message in str(err.value.message)
    with session_scope(engine, actor="test") as s:
        assert [f.fact.indicator for f in review.review_facts(s, doc)][:2] == [NAME, NAME]


def test_relink_indicator_onto_a_figure_of_the_same_line_is_refused(engine: Engine) -> None:
    with session_scope(engine, actor="test") as s:
        unit = repo.add_unit(s, "Tỉnh An Lạc", level="tỉnh")
        doc, _ = review.save_document(
            s, name="mot-dong.txt", content=b"mot dong", lines=[(1, "dong 1", "dòng 1")], unit_id=unit.id,
            facts=[_fact(1, NAME, 0.95), _fact(1, "Thu nội địa", 0.95, "CT-KT-012")],
        )  # fmt: skip
        assert review.accept_confident(s, doc, 0.9) == (2, 0)
    with session_scope(engine, actor="test") as s, pytest.raises(ValidationError) as err:
        review.relink_indicator(s, doc, NAME, code="CT-KT-012")
    assert "đã có số liệu cùng kỳ" in str(err.value.message)
    with session_scope(engine, actor="test") as s:
        assert [f.fact.indicator_code for f in review.review_facts(s, doc)] == ["CT-KT-011", "CT-KT-012"]


@pytest.mark.parametrize(
    ("kind", "number", "stored"),
    [("quarter", 2, ("quarter", 2)), ("ytd", 10, ("ytd", 10)), (None, None, ("year", 1))],
)
def test_accept_fact_keeps_the_period_within_the_year(
    engine: Engine, kind: str | None, number: int | None, stored: tuple[str, int]
) -> None:
    fact = Fact(line=1, indicator="Thu nội địa", role="actual", op="=", value=500.0, unit="tỷ đồng",
                period=2024, period_kind=kind, period_number=number)  # fmt: skip
    with session_scope(engine, actor="test") as s:
        unit = repo.add_unit(s, "Tỉnh An Lạc", level="tỉnh")
        doc, _ = review.save_document(
            s, name="quy.txt", content=b"quy", lines=[(1, "dong 1", "dòng 1")], facts=[fact], unit_id=unit.id
        )
    with session_scope(engine, actor="test") as s:
        (pending,) = review.review_facts(s, doc)
        assert (pending.fact.period_kind, pending.fact.period_number) == (kind, number)
        review.accept_fact(s, pending.id, document_id=doc)
    with session_scope(engine, actor="test") as s:
        (row,) = s.scalars(select(ObservationRow))
        assert (row.period_kind, row.number, row.year) == (*stored, 2024)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"period_kind": "quarter", "period_number": 4}, ("quarter", 4)),
        ({"period_kind": "ytd", "period_number": 12}, ("ytd", 12)),
        # a kind without a number drops the one it had
        ({"period_kind": "9m", "period_number": 9}, ("9m", None)),
        ({"period_kind": None, "period_number": 3}, (None, None)),
        # the number alone, for the kind the fact has
        ({"period_number": 2}, ("half", 2)),
    ],
)
def test_edit_fact_sets_the_period_kind_and_number(
    engine: Engine, changes: dict[str, object], expected: tuple[str | None, int | None]
) -> None:
    fact = Fact(line=1, indicator="Thu nội địa", role="actual", op="=", value=5.0, unit="tỷ đồng",
                period=2024, period_kind="half", period_number=1)  # fmt: skip
    with session_scope(engine, actor="test") as s:
        unit = repo.add_unit(s, "Tỉnh An Lạc", level="tỉnh")
        doc, _ = review.save_document(s, name="a.txt", content=b"a", lines=[(1, "a", "a")], facts=[fact],
                                      unit_id=unit.id)  # fmt: skip
        (f,) = review.review_facts(s, doc)
        edited = review.edit_fact(s, f.id, **changes)
    assert (edited.fact.period_kind, edited.fact.period_number) == expected


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"period_kind": "quarter", "period_number": None}, "Kỳ quý cần số kỳ từ 1 đến 4."),
        ({"period_kind": "month", "period_number": 13}, "Kỳ tháng cần số kỳ từ 1 đến 12, không phải 13."),
        ({"period_number": 3}, "Kỳ 6 tháng cần số kỳ từ 1 đến 2, không phải 3."),
        ({"period_kind": "fortnight"}, "Loại kỳ không hợp lệ: “fortnight”."),
    ],
)
def test_edit_fact_refuses_a_bad_period(engine: Engine, changes: dict[str, object], message: str) -> None:
    fact = Fact(line=1, indicator="Thu nội địa", role="actual", op="=", value=5.0, unit="tỷ đồng",
                period=2024, period_kind="half", period_number=1)  # fmt: skip
    with session_scope(engine, actor="test") as s:
        unit = repo.add_unit(s, "Tỉnh An Lạc", level="tỉnh")
        doc, _ = review.save_document(s, name="a.txt", content=b"a", lines=[(1, "a", "a")], facts=[fact],
                                      unit_id=unit.id)  # fmt: skip
        (f,) = review.review_facts(s, doc)
        with pytest.raises(ValidationError) as err:
            review.edit_fact(s, f.id, **changes)
    assert str(err.value) == message


def test_accept_facts_in_bulk_stores_what_one_by_one_stores(engine: Engine) -> None:
    from chitieu.store import open_store

    def figures(eng: Engine, bulk: bool) -> list[tuple[object, ...]]:
        doc = _document(eng)
        with session_scope(eng, actor="test") as s:
            ids = [f.id for f in review.review_facts(s, doc, review="pending")]
            if bulk:
                assert review.accept_facts(s, doc, ids) == (4, 0)
            else:
                for fact_id in ids:
                    review.accept_fact(s, fact_id, document_id=doc)
        with session_scope(eng) as s:
            rows = s.execute(
                select(IndicatorRow.name, ObservationRow.value)
                .join(IndicatorRow)
                .order_by(ObservationRow.value)
            ).all()
            return [tuple(r) for r in rows]

    other = open_store("sqlite://")
    assert figures(engine, bulk=True) == figures(other, bulk=False)
    assert len(figures(open_store("sqlite://"), bulk=True)) == 4
