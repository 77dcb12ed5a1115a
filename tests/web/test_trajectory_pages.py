"""The trajectory on the web pages: the dashboard's column and the indicator page's projection."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chitieu.domain import Period
from chitieu.store import repo, session_scope


@pytest.fixture
def series(world_engine: Engine, world: Any) -> None:
    """1000 (2021) -> 1331 (2024), approved: 10 % a year; a target of 2000 for 2025.

    Required: 2000 / 1331 - 1 = 50.26 % in the one year left: cần nỗ lực;
    projected 2025: 1331 * 1.1 = 1464.1.
    """
    with session_scope(world_engine, actor="test") as s:
        for year, value in ((2021, 1000.0), (2024, 1331.0)):
            repo.put_observation(s, indicator_id=world.indicator, unit_id=world.inside, period=Period(year),
                                 value=value, state="approved", entered_by="test")  # fmt: skip
        repo.put_target(s, indicator_id=world.indicator, unit_id=world.inside, period=Period(2025), op=">=",
                        value=2000, plan_id=world.plan, entered_by="test")  # fmt: skip


@pytest.mark.usefixtures("series")
def test_trajectory_pages_dashboard_shows_the_class(client: TestClient, signin: Any, world: Any) -> None:
    signin("quan_tri")
    page = client.get(f"/?don_vi={world.inside}&ky=2025").text
    assert "<th>Xu hướng</th>" in page
    badge = re.search(r'data-trajectory="([^"]+)" title="([^"]+)"', page)
    assert badge is not None
    assert badge.group(1) == "cần nỗ lực"
    assert badge.group(2) == "Tốc độ thực tế 10%/năm, cần 50,26%/năm (2021–2024)"


@pytest.mark.usefixtures("series")
def test_trajectory_pages_indicator_chart_has_the_projection(
    client: TestClient, signin: Any, world: Any
) -> None:
    signin("xem")
    page = client.get(f"/chi-tieu/{world.indicator}?don_vi={world.inside}").text
    found = re.search(r'<script type="application/json" id="history-data">(.*?)</script>', page, re.S)
    assert found is not None
    chart = json.loads(found.group(1))
    projection = dict(zip(chart["labels"], chart["projection"], strict=True))
    assert projection["2024"] == pytest.approx(1331.0)
    assert projection["2025"] == pytest.approx(1464.1)
    assert projection["2021"] is None and projection["2022"] is None
    assert (
        "Với tốc độ hiện nay (tăng 10%/năm), đến năm 2025 ước đạt 1.464,1 tỷ đồng, "
        "cần tăng 50,26%/năm để đạt chỉ tiêu (kế hoạch từ 2.000 tỷ đồng trở lên)."
    ) in page


def test_trajectory_pages_no_projection_without_a_later_target(
    client: TestClient, signin: Any, world: Any
) -> None:
    signin("xem")
    page = client.get(f"/chi-tieu/{world.indicator}?don_vi={world.inside}").text
    found = re.search(r'id="history-data">(.*?)</script>', page, re.S)
    assert found is not None
    assert all(v is None for v in json.loads(found.group(1))["projection"])
    assert "Với tốc độ hiện nay" not in page
