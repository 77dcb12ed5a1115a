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
