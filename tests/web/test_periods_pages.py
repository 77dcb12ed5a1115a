"""The indicator page's table of periods within the year against the year plan."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chitieu.domain import Period
from chitieu.store import repo, session_scope


@pytest.mark.parametrize(
    ("figures", "rows"),
    [
        # the plans of 2022 and 2023 are 1000: 9 months of 2022 800 -> 80 %, no 2021 figure;
        # 2023 898,1 -> 89,81 %, on 800 in 2022: 898,1 / 800 - 1 = 12,26 %
        (
            {Period(2023, "nine_months"): 898.1, Period(2022, "nine_months"): 800.0},
            [
                ["9 tháng năm 2022", "800 tỷ đồng", "80%", "—"],
                ["9 tháng năm 2023", "898,1 tỷ đồng", "89,81%", "tăng 12,26%"],
            ],
        ),
        # quarter I: 250 / 1000 = 25 %, on 300 a year before: 250 / 300 - 1 = -16,67 %; 2022's plan is also
        # 1000: its quarter I 300 -> 30 %, with no 2021 figure
        (
            {Period(2023, "quarter", 1): 250.0, Period(2022, "quarter", 1): 300.0},
            [["quý I/2022", "300 tỷ đồng", "30%", "—"], ["quý I/2023", "250 tỷ đồng", "25%", "giảm 16,67%"]],
        ),
        ({}, []),  # no within-year figure: no table
    ],
)
def test_periods_pages_indicator_table(
    client: TestClient, signin: Any, world: Any, world_engine: Engine, figures: dict[Period, float],
    rows: list[list[str]],
) -> None:  # fmt: skip
    with session_scope(world_engine, actor="test") as s:
        for period, value in figures.items():
            repo.put_observation(s, indicator_id=world.indicator, unit_id=world.inside, period=period, value=value,
                                 state="approved", entered_by="test")  # fmt: skip
    signin("xem")
    page = client.get(f"/chi-tieu/{world.indicator}?don_vi={world.inside}").text
    table = re.search(r'<table class="periods">(.*?)</table>', page, re.S)
    if not rows:
        assert table is None and "Các kỳ trong năm" not in page
        return
    assert table is not None
    body = table.group(1).split("<tbody>")[1]
    got = [[re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
           for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]  # fmt: skip
    assert got == rows
