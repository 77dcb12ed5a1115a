"""Assessments through the REST API: a unit's targets for a period, a target's trajectory, comparisons."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(("indicator", "total"), [("world", 1), ("share", 0), ("huge", 0)])
def test_api_assessments_filter_by_indicator(
    client: TestClient, bearer: Any, world: Any, indicator: str, total: int
) -> None:
    number = {"world": world.indicator, "share": world.share, "huge": 2**63}[indicator]
    url = f"/api/v1/assessments?unit_id={world.inside}&period=2022&indicator_id={number}"
    body = client.get(url, headers=bearer("xem")).json()
    assert body["total"] == total
    if total:
        a = body["items"][0]
        assert a["status"] == "vượt" and a["actual"] == 1100 and a["attainment"] == 110.0
        assert a["target"]["op"] == ">=" and a["target_id"] == a["target"]["id"] and a["sentence"]


@pytest.mark.parametrize("period", ["2022-Q5", "22", "1800", "năm 2022"])
def test_api_assessments_bad_period_is_422(client: TestClient, bearer: Any, world: Any, period: str) -> None:
    r = client.get(f"/api/v1/assessments?unit_id={world.inside}&period={period}", headers=bearer("xem"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.period"


def test_api_trajectory_of_a_target(client: TestClient, bearer: Any, world: Any) -> None:
    auth = bearer("cap_nhat")
    for year, value in ((2020, "900"), (2021, "1.000")):  # two years before the target's: a rate can be read
        body = {"indicator_id": world.indicator, "unit_id": world.inside, "period": str(year), "value": value}
        assert client.post("/api/v1/observations", headers=auth, json=body).status_code == 201
    target = client.get(f"/api/v1/targets?unit_id={world.inside}&year=2023", headers=auth).json()["items"][0]
    r = client.get(f"/api/v1/targets/{target['id']}/trajectory", headers=auth)
    assert r.status_code == 200, r.text
    t = r.json()["trajectory"]
    assert t["target_year"] == 2023 and t["years"] == [2020, 2021, 2022] and t["latest"] == 1100
    assert t["goal"] == 1000 and t["status"] == "đã đạt"
    early = client.get(f"/api/v1/targets/{target['id']}/trajectory?upto=2021", headers=auth).json()[
        "trajectory"
    ]
    assert early["years"] == [2020, 2021] and early["latest"] == 1000


@pytest.mark.parametrize("number", [99999, 2**63, 0])
def test_api_trajectory_of_no_target_is_404(client: TestClient, bearer: Any, number: int) -> None:
    assert client.get(f"/api/v1/targets/{number}/trajectory", headers=bearer("xem")).status_code == 404


@pytest.mark.parametrize(("level", "units"), [(None, 3), ("tỉnh", 2), ("huyện", 1), ("xã", 0)])
def test_api_comparison(client: TestClient, bearer: Any, world: Any, level: str | None, units: int) -> None:
    url = f"/api/v1/comparison?indicator_id={world.indicator}&year=2022" + (
        f"&level={level}" if level else ""
    )
    r = client.get(url, headers=bearer("xem"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["indicator"]["id"] == world.indicator and body["year"] == 2022 and body["ranked"] is True
    assert len(body["rows"]) == units
    assert all(row["value"] == 1100 and row["status"] == "vượt" for row in body["rows"])


@pytest.mark.parametrize(("query", "status"), [("indicator_id=99999&year=2022", 404),
                                               (f"indicator_id={2**63}&year=2022", 404),
                                               ("indicator_id=1&year=1800", 422), ("indicator_id=1", 422)])  # fmt: skip
def test_api_comparison_refused(client: TestClient, bearer: Any, query: str, status: int) -> None:
    r = client.get(f"/api/v1/comparison?{query}", headers=bearer("xem"))
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
