"""Units over time, the catalogue, figures and the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from chitieu.domain import Period
from chitieu.store import repo, session_scope
from chitieu.store.engine import database_url
from chitieu.store.tables import AuditRow


def test_repo_find_unit_any_spelling(engine: Engine) -> None:
    with session_scope(engine) as s:
        tv = repo.add_unit(s, "Tỉnh Trà Vinh", code="84")
        assert tv.level == "tỉnh"
        assert repo.find_unit(s, "tinh tra vinh") == tv
        assert repo.find_unit(s, "  TỈNH   TRÀ VINH ") == tv
        assert repo.find_unit(s, "84") == tv
        assert repo.find_unit(s, "Tỉnh Vĩnh Long") is None


def test_repo_units_versioned_merge_keeps_history(engine: Engine) -> None:
    reform = dt.date(2025, 7, 1)
    with session_scope(engine) as s:
        old_vl = repo.add_unit(s, "Tỉnh Vĩnh Long")
        tv = repo.add_unit(s, "Tỉnh Trà Vinh")
        commune = repo.add_unit(s, "Xã Long Đức", parent=tv)
        assert commune.level == "xã" and commune.parent_id == tv.id
        new_vl = repo.add_unit(s, "Tỉnh Vĩnh Long", valid_from=reform)
        repo.merge_units(s, [old_vl, tv], new_vl, on=reform)
    with session_scope(engine) as s:
        before = repo.find_unit(s, "Tỉnh Vĩnh Long", on=dt.date(2019, 1, 1))
        after = repo.find_unit(s, "Tỉnh Vĩnh Long", on=dt.date(2026, 1, 1))
        assert before is not None and after is not None
        assert before.id == old_vl.id and after.id == new_vl.id
        old_tv = repo.find_unit(s, "Tỉnh Trà Vinh")
        assert old_tv is not None and old_tv.valid_to == reform
        assert [u.id for u in repo.successors(s, old_tv)] == [new_vl.id]
        assert repo.find_unit(s, "Tỉnh Trà Vinh", on=dt.date(2026, 1, 1)) is None


def test_repo_put_observation_update_is_audited(engine: Engine) -> None:
    with session_scope(engine, actor="an") as s:
        unit = repo.add_unit(s, "Tỉnh A")
        ind = repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng")
        first, changed = repo.put_observation(
            s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), value=100.0, entered_by="an"
        )
        assert changed
    with session_scope(engine, actor="binh") as s:
        same, changed = repo.put_observation(
            s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), value=100.0, entered_by="an"
        )
        assert not changed and same.id == first.id
        updated, changed = repo.put_observation(
            s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), value=120.0, entered_by="an"
        )
        assert changed and updated.id == first.id and updated.value == 120.0
    with session_scope(engine) as s:
        log = list(
            s.scalars(select(AuditRow).where(AuditRow.table_name == "observations").order_by(AuditRow.id))
        )
    assert [(e.action, e.actor) for e in log] == [("insert", "an"), ("update", "binh")]
    assert log[1].before is not None and log[1].after is not None
    assert (log[1].before["value"], log[1].after["value"]) == (100.0, 120.0)
    assert log[0].before is None and log[0].after is not None and log[0].after["value"] == 100.0


def test_repo_figures_of_different_sources_coexist(engine: Engine) -> None:
    with session_scope(engine) as s:
        unit = repo.add_unit(s, "Tỉnh A")
        ind = repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng")
        a, _ = repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), value=1.0,
                                    entered_by="an")  # fmt: skip
        b, _ = repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2019), value=2.0,
                                    entered_by="binh")  # fmt: skip
        assert a.id != b.id


def test_repo_failed_transaction_writes_nothing(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        repo.add_unit(s, "Tỉnh A")
        raise RuntimeError("boom")
    with session_scope(engine) as s:
        assert repo.find_unit(s, "Tỉnh A") is None
        assert s.scalars(select(AuditRow)).first() is None


def test_repo_catalogue_with_aliases(engine: Engine) -> None:
    with session_scope(engine) as s:
        ind = repo.add_indicator(
            s, "Tổng sản phẩm trên địa bàn", unit="tỷ đồng", aliases=("GRDP", "GDP tỉnh")
        )
        repo.add_alias(s, ind.id, "grdp")  # same folded alias: not added twice
        (got,) = repo.indicators(s)
    assert got.aliases == ("GRDP", "GDP tỉnh")


def test_repo_database_url_default_is_sqlite_in_data_dir(data_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert database_url() == f"sqlite:///{data_dir / 'chitieu.db'}"
    assert data_dir.is_dir()


def test_repo_review_fact_is_audited(engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from chitieu.errors import ValidationError
    from chitieu.model import Fact
    from chitieu.store.importer import import_file
    from chitieu.store.tables import FactRow

    path = tmp_path / "r.txt"
    path.write_text("x", encoding="utf-8")
    import_file(
        engine, path, unit_name="Tỉnh A", facts=[Fact(1, "Thu nội địa", "actual", "=", 5, period=2019)]
    )
    with session_scope(engine, actor="kiem-tra") as s:
        fact_id = s.scalars(select(FactRow.id)).one()
        repo.review_fact(s, fact_id, "accepted")
        with pytest.raises(ValidationError, match="Không có dữ kiện"):
            repo.review_fact(s, 999, "accepted")
    with session_scope(engine) as s:
        assert s.get(FactRow, fact_id).review == "accepted"  # type: ignore[union-attr]
        entry = s.scalars(select(AuditRow).where(AuditRow.action == "update")).one()
    assert (entry.actor, entry.before["review"], entry.after["review"]) == ("kiem-tra", "pending", "accepted")  # type: ignore[index]
