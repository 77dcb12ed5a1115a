"""The briefing's trajectory sentence: where the plan's last-year target is heading."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from chitieu.domain import Direction, Period
from chitieu.model import Op
from chitieu.report import build_report
from chitieu.store import repo, session_scope


def _briefing_text(
    engine: Engine, name: str, unit: str, direction: Direction, op: Op, goal: float, figures: dict[int, float]
) -> str:
    with session_scope(engine) as s:
        province = repo.add_unit(s, "Tỉnh A", level="tỉnh")
        plan = repo.get_or_create_plan(
            s, "Nghị quyết nhiệm kỳ", unit=province, first_year=2021, last_year=2025
        )
        ind = repo.add_indicator(
            s, name, unit=unit, domain="kinh tế", direction=direction, aggregation="mean"
        )
        repo.put_target(s, indicator_id=ind.id, unit_id=province.id, period=Period(2025), op=op, value=goal,
                        plan_id=plan.id)  # fmt: skip
        for year, v in figures.items():
            repo.put_observation(s, indicator_id=ind.id, unit_id=province.id, period=Period(year), value=v,
                                 state="approved", entered_by="an")  # fmt: skip
        plan_id = plan.id
    report = build_report(engine, plan=plan_id, year=2023)
    return " ".join(p.text for d in report.domains for p in d.paragraphs)


@pytest.mark.parametrize(
    ("name", "unit", "direction", "op", "goal", "figures", "expected"),
    [
        # 100 (2021) -> 121 (2023): 10 %/năm; 2025: 121 * 1.1^2 = 146,41; need (140/121)^(1/2) - 1 = 7,56 %;
        # the 2024 figure is later than the briefing's year and left out
        ("Tổng thu ngân sách", "tỷ đồng", "up", ">=", 140.0, {2021: 100.0, 2023: 121.0, 2024: 5000.0},
         "Tổng thu ngân sách đạt 121 tỷ đồng. Với tốc độ hiện nay (tăng 10%/năm), đến năm 2025 ước đạt "
         "146,41 tỷ đồng, đúng hướng đạt chỉ tiêu (kế hoạch từ 140 tỷ đồng trở lên)."),
        # "dưới 2%": 4 -> 3,24: giảm 10 %/năm; 3,24 * 0,81 = 2,6244; need (2/3,24)^(1/2) - 1 = -21,43 %
        ("Tỷ lệ hộ nghèo", "%", "down", "<", 2.0, {2021: 4.0, 2023: 3.24},
         "Tỷ lệ hộ nghèo đạt 3,24%. Với tốc độ hiện nay (giảm 10%/năm), đến năm 2025 ước đạt 2,62%, "
         "cần giảm 21,43%/năm để đạt chỉ tiêu (kế hoạch dưới 2%)."),
        # one year only: no projection
        ("Tổng thu ngân sách", "tỷ đồng", "up", ">=", 140.0, {2023: 121.0}, "Tổng thu ngân sách đạt 121 tỷ đồng."),
    ],
)  # fmt: skip
def test_outlook_sentence_follows_the_result(
    engine: Engine, name: str, unit: str, direction: Direction, op: Op, goal: float,
    figures: dict[int, float], expected: str,
) -> None:  # fmt: skip
    text = _briefing_text(engine, name, unit, direction, op, goal, figures)
    assert text == expected
