"""The REST API: token auth, pagination, permissions, errors as JSON, OpenAPI docs served locally."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient


def _token(client: TestClient, csrf: str) -> str:
    client.post("/tai-khoan/token", data={"csrf_token": csrf, "name": "thu"})
    found = re.search(r'id="new-token">([^<]+)<', client.get("/tai-khoan").text)
    assert found
    return found.group(1)


@pytest.fixture
def api(client: TestClient, signin: Any) -> tuple[TestClient, dict[str, str]]:
    token = _token(client, signin("cap_nhat"))
    client.cookies.clear()
    return client, {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "path", ["/api/v1/indicators", "/api/v1/targets", "/api/v1/observations", "/api/v1/documents"]
)
def test_api_lists_need_a_token(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"].startswith("Bạn cần đăng nhập") and r.json()["status"] == 401


@pytest.mark.parametrize(("limit", "offset", "count"), [(2, 0, 2), (2, 2, 2), (50, 4, 2), (1, 100, 0)])
def test_api_paginates(api: Any, limit: int, offset: int, count: int) -> None:
    client, auth = api
    body = client.get(f"/api/v1/targets?limit={limit}&offset={offset}", headers=auth).json()
    assert body["total"] == 6 and body["limit"] == limit and body["offset"] == offset
    assert len(body["items"]) == count


def test_api_rejects_bad_limit_and_token(api: Any) -> None:
    client, auth = api
    assert client.get("/api/v1/targets?limit=0", headers=auth).status_code == 422
    assert client.get("/api/v1/targets", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_api_assessments_and_facts(api: Any, world: Any) -> None:
    client, auth = api
    body = client.get(f"/api/v1/assessments?unit_id={world.inside}&period=2022", headers=auth).json()
    assert body["total"] == 1 and body["items"][0]["status"] == "vượt"
    doc, _ = world.documents[world.inside]
    facts = client.get(f"/api/v1/documents/{doc}/facts", headers=auth).json()
    assert facts["total"] == 2 and facts["items"][0]["review"] == "pending"
    assert client.get("/api/v1/documents/999/facts", headers=auth).status_code == 404


@pytest.mark.parametrize(("where", "value", "status"), [("inside", "1.234,5", 201), ("outside", "10", 403),
                                                        ("inside", "1,2,3", 422)])  # fmt: skip
def test_api_post_observation(api: Any, world: Any, audits: Any, where: str, value: str, status: int) -> None:
    client, auth = api
    unit = world.inside if where == "inside" else world.outside
    client.get("/api/v1/indicators", headers=auth)  # the token's first use is recorded (audited)
    before = audits()
    r = client.post("/api/v1/observations", headers=auth,
                    json={"indicator_id": world.indicator, "unit_id": unit, "period": "2025", "value": value})  # fmt: skip
    assert r.status_code == status, r.text
    if status == 201:
        assert r.json()["value"] == 1234.5 and r.json()["state"] == "draft"
    else:
        assert audits() == before and r.json()["status"] == status and r.json()["detail"]


def test_api_docs_are_served_locally(client: TestClient) -> None:
    page = client.get("/api/v1/docs").text
    assert "/vendor/swagger-ui-bundle.js" in page and "cdn." not in page
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/indicators", "/api/v1/observations", "/api/v1/assessments"} <= set(spec["paths"])


BIG = 2**63


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", ["Tỉnh An Lạc", "Huyện Tân Hòa", "Tỉnh Bình Sơn"]),
        ("?level=tỉnh", ["Tỉnh An Lạc", "Tỉnh Bình Sơn"]),
        ("?q=an lac", ["Tỉnh An Lạc"]),  # without diacritics, any case
        ("?q=TÂN", ["Huyện Tân Hòa"]),
        (f"?parent_id={BIG}", []),
    ],
)
def test_api_units_filter(client: TestClient, bearer: Any, query: str, names: list[str]) -> None:
    body = client.get(f"/api/v1/units{query}", headers=bearer("xem")).json()
    assert [u["name"] for u in body["items"]] == names and body["total"] == len(names)


def test_api_units_by_parent(client: TestClient, bearer: Any, world: Any) -> None:
    body = client.get(f"/api/v1/units?parent_id={world.inside}", headers=bearer("xem")).json()
    assert [u["id"] for u in body["items"]] == [world.district]
    assert body["items"][0]["parent_id"] == world.inside


@pytest.mark.parametrize(
    ("query", "count"),
    [("", 2), ("?domain=xã hội", 1), ("?q=ngan sach", 1), ("?status=retired", 0), ("?q=khong-co", 0)],
)
def test_api_indicators_filter(client: TestClient, bearer: Any, query: str, count: int) -> None:
    body = client.get(f"/api/v1/indicators{query}", headers=bearer("xem")).json()
    assert body["total"] == count == len(body["items"])


def test_api_plans_list_and_filter(client: TestClient, bearer: Any, world: Any) -> None:
    auth = bearer("xem")
    body = client.get("/api/v1/plans", headers=auth).json()
    assert [p["id"] for p in body["items"]] == [world.plan]
    assert body["items"][0]["first_year"] == 2021 and body["items"][0]["public"] is False
    assert client.get(f"/api/v1/plans?unit_id={world.outside}", headers=auth).json()["total"] == 0


@pytest.mark.parametrize("kind", ["units", "plans", "indicators", "targets", "observations"])
@pytest.mark.parametrize("how", ["known", "missing", "too-big", "negative"])
def test_api_item_by_id(client: TestClient, bearer: Any, world: Any, kind: str, how: str) -> None:
    auth = bearer("xem")
    first = client.get(f"/api/v1/{kind}?limit=1", headers=auth).json()["items"][0]["id"]
    number = {"known": first, "missing": 99999, "too-big": BIG, "negative": -5}[how]
    r = client.get(f"/api/v1/{kind}/{number}", headers=auth)
    if how == "known":
        assert r.status_code == 200 and r.json()["id"] == first
    else:
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        assert str(number) in r.json()["detail"]


@pytest.mark.parametrize(
    ("offset", "next_offset", "prev_offset"), [(0, 2, None), (2, 4, 0), (4, None, 2), (3, 5, 1)]
)
def test_api_page_links(
    client: TestClient, bearer: Any, world: Any, offset: int, next_offset: int | None, prev_offset: int | None
) -> None:
    base = f"/api/v1/targets?indicator_id={world.indicator}&limit=2"
    body = client.get(f"{base}&offset={offset}", headers=bearer("xem")).json()
    links = body["links"]
    assert links["self"] == f"{base}&offset={offset}"
    for name, wanted in (("next", next_offset), ("prev", prev_offset)):
        if wanted is None:
            assert links[name] is None
        else:  # the filter is kept
            assert links[name] == f"{base}&offset={wanted}"
    assert body["total"] == 6


def test_api_page_links_follow_to_the_end(client: TestClient, bearer: Any) -> None:
    auth, seen, url = bearer("xem"), [], "/api/v1/observations?limit=4"
    while url:
        body = client.get(url, headers=auth).json()
        seen += [o["id"] for o in body["items"]]
        url = body["links"]["next"]
    assert len(seen) == len(set(seen)) == body["total"]


@pytest.mark.parametrize(
    ("kind", "period", "total"),
    [("observations", "2022", 3), ("observations", "2024", 12), ("observations", "2024-Q1", 0),
     ("targets", "2023", 3), ("targets", "2023-M01", 0)],
)  # fmt: skip
def test_api_filter_by_period(client: TestClient, bearer: Any, kind: str, period: str, total: int) -> None:
    body = client.get(f"/api/v1/{kind}?period={period}", headers=bearer("xem")).json()
    assert body["total"] == total and all(x["period"] == period for x in body["items"])


@pytest.mark.parametrize("period", ["2024-Q9", "24", "1899"])
def test_api_filter_by_bad_period_is_422(client: TestClient, bearer: Any, period: str) -> None:
    r = client.get(f"/api/v1/observations?period={period}", headers=bearer("xem"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.period"
