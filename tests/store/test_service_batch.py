"""``assess_units``: one indicator, many units at once, judged as ``assess_unit`` judges each."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from chitieu.domain import Period
from chitieu.store import repo, service, session_scope


@pytest.mark.parametrize(("op", "target"), [(">=", 100.0), (">=", 130.0), ("<=", 90.0)])
def test_service_batch_assess_units_matches_assess_unit(engine: Engine, op: str, target: float) -> None:
    with session_scope(engine) as s:
        a = repo.add_unit(s, "Tỉnh A", level="tỉnh")
        b = repo.add_unit(s, "Tỉnh B", level="tỉnh")
        kids = [repo.add_unit(s, f"Xã B{i}", level="xã", parent=b) for i in range(2)]
        c = repo.add_unit(s, "Tỉnh C", level="tỉnh")  # a figure but no target
        d = repo.add_unit(s, "Tỉnh D", level="tỉnh")  # a target but no figure
        ind = repo.add_indicator(s, "Thu ngân sách", unit="tỷ đồng")
        other = repo.add_indicator(s, "Số trường học", unit="trường")
        for unit, value in ((a, 120.0), (kids[0], 50.0), (kids[1], 60.0), (c, 10.0)):
            repo.put_observation(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2024), value=value)
            repo.put_observation(
                s, indicator_id=ind.id, unit_id=unit.id, period=Period(2023), value=value * 0.9
            )
        for unit in (a, b, d):
            repo.put_target(s, indicator_id=ind.id, unit_id=unit.id, period=Period(2024), op=op, value=target)  # type: ignore[arg-type]
            repo.put_target(
                s, indicator_id=other.id, unit_id=unit.id, period=Period(2024), op=">=", value=1.0
            )
    with session_scope(engine) as s:
        batch = service.assess_units(s, [a, b, c, d], Period(2024), ind.id)
        assert set(batch) == {a.id, b.id, d.id}
        for unit in (a, b, d):
            (one,) = service.assess_unit(s, unit, Period(2024), indicator_id=ind.id)
            assert batch[unit.id] == one
        assert batch[b.id].actual == 110.0  # its communes' figures summed
        assert batch[d.id].status == "chưa có số liệu"
        assert service.assess_units(s, [], Period(2024), ind.id) == {}
        assert service.assess_units(s, [c], Period(2024), ind.id) == {}
