"""Errors of the REST API as problem details: 404, 405 with Allow, 413, 422, ids out of range, OpenAPI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.web.conftest import login, make_client

BIG = 2**63  # one past what SQLite holds


def _token(client: TestClient, csrf: str) -> str:
    client.post("/tai-khoan/token", data={"csrf_token": csrf, "name": "thu"})
    found = re.search(r'id="new-token">([^<]+)<', client.get("/tai-khoan").text)
    assert found
    return found.group(1)


@pytest.fixture
def api(world_engine: Engine, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A client with a token of an updater (cập nhật), on an app taking API bodies of at most 300 bytes."""
    with make_client(world_engine, tmp_path, max_api_body=300) as client:
        token = _token(client, login(client, "capnhat"))
        client.cookies.clear()
        yield client, {"Authorization": f"Bearer {token}"}


def _is_problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["type"] == "about:blank" and body["status"] == status and body["detail"] and body["detail_en"]
    assert body["instance"] == r.request.url.path
    return body


@pytest.mark.parametrize("path", ["/api/v1/khong-co", "/api/v1/documents/999/facts", "/api/v1/"])
def test_problems_not_found(api: Any, path: str) -> None:
    client, auth = api
    body = _is_problem(client.get(path, headers=auth), 404)
    assert body["title"] == "Not Found"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/api/v1/observations", "GET, POST"),  # two routes on one path: both listed
        ("DELETE", "/api/v1/observations", "GET, POST"),
        ("POST", "/api/v1/indicators", "GET"),
        ("PATCH", "/api/v1/documents/1/facts", "GET"),
    ],
)
def test_problems_method_not_allowed_says_allow(api: Any, method: str, path: str, allow: str) -> None:
    client, auth = api
    r = client.request(method, path, headers=auth)
    _is_problem(r, 405)
    assert r.headers["allow"] == allow


def test_problems_method_not_allowed_on_a_page_says_allow(client: TestClient) -> None:
    r = client.put("/dang-nhap")
    assert r.status_code == 405 and "GET" in r.headers["allow"] and "POST" in r.headers["allow"]
    assert r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("streamed", [False, True])
def test_problems_body_too_large(api: Any, world: Any, audits: Any, streamed: bool) -> None:
    client, auth = api
    before = audits()
    body = b'{"indicator_id": %d, "unit_id": %d, "period": "2025", "value": "%s"}' % (
        world.indicator, world.inside, b"1" * 400,
    )  # fmt: skip
    content: Any = iter([body[:100], body[100:]]) if streamed else body
    r = client.post(
        "/api/v1/observations", headers={**auth, "Content-Type": "application/json"}, content=content
    )
    assert "quá lớn" in _is_problem(r, 413)["detail"]
    assert audits() == before


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"unit_id": 1, "period": "2025"}, ["body.indicator_id", "body.value"]),
        ({"indicator_id": BIG, "unit_id": 1, "period": "2025", "value": 1}, ["body.indicator_id"]),
        ({"indicator_id": 1, "unit_id": -BIG * 4, "period": "2025", "value": 1}, ["body.unit_id"]),
    ],
)
def test_problems_invalid_body_lists_fields(api: Any, body: dict[str, Any], fields: list[str]) -> None:
    client, auth = api
    got = _is_problem(client.post("/api/v1/observations", headers=auth, json=body), 422)
    assert sorted({e["field"] for e in got["errors"]}) == fields


@pytest.mark.parametrize("raw", [b"NaN", b"Infinity", b"-Infinity"])
def test_problems_value_not_finite_is_422(api: Any, world: Any, raw: bytes) -> None:
    client, auth = api
    body = b'{"indicator_id": %d, "unit_id": %d, "period": "2025", "value": %s}' % (
        world.indicator,
        world.inside,
        raw,
    )
    r = client.post(
        "/api/v1/observations", headers={**auth, "Content-Type": "application/json"}, content=body
    )
    assert all(e["field"].startswith("body.value") for e in _is_problem(r, 422)["errors"])


@pytest.mark.parametrize("number", [BIG, 2**70, -BIG - 1, 10**30])
def test_problems_id_out_of_range_is_404(api: Any, number: int) -> None:
    client, auth = api
    _is_problem(client.get(f"/api/v1/documents/{number}/facts", headers=auth), 404)
    _is_problem(client.get(f"/api/v1/assessments?unit_id={number}&period=2022", headers=auth), 404)


@pytest.mark.parametrize(
    "query", [f"unit_id={BIG}", f"indicator_id={2**70}", f"plan_id={-BIG - 1}", f"year={BIG}"]
)
def test_problems_filter_out_of_range_matches_nothing(api: Any, query: str) -> None:
    client, auth = api
    for path in ("/api/v1/targets", "/api/v1/observations"):
        if "plan_id" in query and path.endswith("observations"):
            continue
        r = client.get(f"{path}?{query}", headers=auth)
        assert r.status_code == 200 and r.json()["total"] == 0 and r.json()["items"] == []


def test_problems_offset_out_of_range_is_422(api: Any) -> None:
    client, auth = api
    _is_problem(client.get(f"/api/v1/targets?offset={BIG}", headers=auth), 422)


def _spec(client: TestClient) -> dict[str, Any]:
    spec: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    return spec


def test_problems_openapi_declares_bearer_and_problems(client: TestClient) -> None:
    spec = _spec(client)
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["bearer"]["description"],
    }  # fmt: skip
    assert {"HTTPValidationError", "ValidationError"}.isdisjoint(spec["components"]["schemas"])
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert op["security"] == [{"bearer": []}], (method, path)
            errors = {s: r for s, r in op["responses"].items() if int(s) >= 400}
            assert {"401", "422"} <= set(errors), (method, path)
            for r in errors.values():
                assert r["content"] == {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                }
    assert set(spec["paths"]["/api/v1/observations"]["post"]["responses"]) == {
        "201",
        "400",
        "401",
        "403",
        "409",
        "413",
        "422",
    }


# (method, path in the spec, URL, JSON body): each status answered must be declared for its operation
_CALLS = [
    ("get", "/api/v1/indicators", "/api/v1/indicators?limit=0", None),
    ("get", "/api/v1/targets", "/api/v1/targets?year=abc", None),
    ("get", "/api/v1/documents/{document_id}/facts", f"/api/v1/documents/{BIG}/facts", None),
    ("get", "/api/v1/assessments", "/api/v1/assessments?unit_id=1&period=x", None),
    ("get", "/api/v1/assessments", f"/api/v1/assessments?unit_id={BIG}&period=2022", None),
    ("post", "/api/v1/observations", "/api/v1/observations", {"indicator_id": 1}),
    ("post", "/api/v1/observations", "/api/v1/observations", {"indicator_id": 1, "unit_id": 3, "period": "2025", "value": 1}),
    ("post", "/api/v1/observations", "/api/v1/observations", {"indicator_id": 1, "unit_id": 1, "period": "x", "value": 1}),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "url", "body"), _CALLS)
@pytest.mark.parametrize("signed", [True, False])
def test_problems_every_status_is_documented(
    api: Any, method: str, path: str, url: str, body: dict[str, Any] | None, signed: bool
) -> None:
    client, auth = api
    r = client.request(method.upper(), url, headers=auth if signed else {}, json=body)
    declared = _spec(client)["paths"][path][method]["responses"]
    assert str(r.status_code) in declared, (r.status_code, r.text)
    if r.status_code >= 400:
        _is_problem(r, r.status_code)


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe", b'{"indicator_id": 1,'])
def test_problems_body_not_json_is_400(api: Any, audits: Any, raw: bytes) -> None:
    client, auth = api
    before = audits()
    r = client.post("/api/v1/observations", headers={**auth, "Content-Type": "application/json"}, content=raw)
    _is_problem(r, 400)
    assert "400" in _spec(client)["paths"]["/api/v1/observations"]["post"]["responses"]
    assert audits() == before
