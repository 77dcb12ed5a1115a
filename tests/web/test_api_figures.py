"""Writing through the REST API: targets, approval moves of observations, period locks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.web.conftest import build_world, make_client

from chitieu.store import users as accounts
from chitieu.store.engine import session_scope


def _draft(client: TestClient, auth: dict[str, str], unit: int, by: str) -> int:
    """The id of the world's 2024 draft of ``unit`` typed by ``by``."""
    items = client.get(
        f"/api/v1/observations?unit_id={unit}&year=2024&state=draft&limit=50", headers=auth
    ).json()
    return int(next(o["id"] for o in items["items"] if o["entered_by"] == by))


@pytest.mark.parametrize(
    ("who", "body", "status", "value"),
    [
        ("cap_nhat", {"op": ">=", "value": "1.200,5"}, 201, 1200.5),
        ("cap_nhat", {"op": ">=", "value": 900}, 201, 900.0),
        ("cap_nhat", {"op": ">=", "value": 0.123456789}, 201, 0.123456789),  # a JSON number keeps its digits
        ("cap_nhat", {"op": ">=", "value": 12345678.5}, 201, 12345678.5),
        ("cap_nhat", {"op": "between", "low": "10", "high": "12"}, 201, None),
        ("cap_nhat", {"op": "between", "low": "10"}, 422, None),  # a range needs both bounds
        ("cap_nhat", {"op": ">="}, 422, None),
        ("cap_nhat", {"op": ">=", "value": "mười"}, 422, None),
        ("cap_nhat", {"op": ">=", "value": 1, "colour": "red"}, 422, None),  # an unknown member
        ("xem", {"op": ">=", "value": 1}, 403, None),
        ("phe_duyet", {"op": ">=", "value": 1}, 403, None),
    ],
)
def test_api_put_target(
    client: TestClient, bearer: Any, world: Any, audits: Any, who: str, body: dict[str, Any], status: int,
    value: float | None,
) -> None:  # fmt: skip
    auth = bearer(who)
    client.get("/api/v1/units", headers=auth)  # the token's first use is recorded (audited)
    before = audits()
    full = {
        "indicator_id": world.indicator,
        "unit_id": world.inside,
        "period": "2025",
        "plan_id": world.plan,
        **body,
    }
    r = client.post("/api/v1/targets", headers=auth, json=full)
    assert r.status_code == status, r.text
    if status == 201:
        got = r.json()
        assert got["value"] == value and got["period"] == "2025" and got["unit_of_measure"] == "tỷ đồng"
        assert client.get(f"/api/v1/targets/{got['id']}", headers=bearer("xem")).json() == got
    else:
        assert audits() == before and r.json()["detail"]


def test_api_put_target_outside_units_is_403(client: TestClient, bearer: Any, world: Any) -> None:
    body = {
        "indicator_id": world.indicator,
        "unit_id": world.outside,
        "period": "2025",
        "op": ">=",
        "value": 1,
    }
    assert client.post("/api/v1/targets", headers=bearer("cap_nhat"), json=body).status_code == 403


def test_api_moves_draft_to_approved(client: TestClient, bearer: Any, world: Any) -> None:
    updater, approver = bearer("cap_nhat"), bearer("phe_duyet")
    obs = _draft(client, updater, world.inside, "capnhat")
    assert client.post(f"/api/v1/observations/{obs}/approve", headers=approver).status_code == 409  # a draft
    r = client.post(f"/api/v1/observations/{obs}/submit", headers=updater)
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    assert client.post(f"/api/v1/observations/{obs}/approve", headers=updater).status_code == 403
    r = client.post(f"/api/v1/observations/{obs}/return", headers=approver)
    assert r.status_code == 200 and r.json()["state"] == "draft"
    client.post(f"/api/v1/observations/{obs}/submit", headers=updater)
    r = client.post(f"/api/v1/observations/{obs}/approve", headers=approver)
    assert r.status_code == 200 and r.json()["state"] == "approved"
    assert client.get(f"/api/v1/observations/{obs}", headers=updater).json()["state"] == "approved"
    again = client.post(f"/api/v1/observations/{obs}/return", headers=approver)
    assert again.status_code == 409 and "đã duyệt" in again.json()["detail"]


@pytest.mark.parametrize("action", ["submit", "approve", "return"])
@pytest.mark.parametrize("number", [99999, 2**63, -1])
def test_api_move_unknown_observation_is_404(
    client: TestClient, bearer: Any, action: str, number: int
) -> None:
    r = client.post(f"/api/v1/observations/{number}/{action}", headers=bearer("quan_tri"))
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


def test_api_approve_outside_units_is_403(client: TestClient, bearer: Any, world: Any) -> None:
    obs = world.submitted[world.outside]
    assert client.post(f"/api/v1/observations/{obs}/approve", headers=bearer("phe_duyet")).status_code == 403
    assert client.post(f"/api/v1/observations/{obs}/approve", headers=bearer("quan_tri")).status_code == 200


def test_api_lock_closes_the_period(client: TestClient, bearer: Any, world: Any) -> None:
    approver, updater = bearer("phe_duyet"), bearer("cap_nhat")
    entry = {"indicator_id": world.indicator, "unit_id": world.inside, "period": "2024", "value": "7"}
    r = client.post("/api/v1/locks", headers=approver, json={"period": "2024", "unit_id": world.inside})
    assert r.status_code == 201, r.text
    lock = r.json()
    assert lock["period"] == "2024" and lock["unit_id"] == world.inside and lock["locked_by"] == "pheduyet"
    again = client.post("/api/v1/locks", headers=approver, json={"period": "2024", "unit_id": world.inside})
    assert again.status_code == 200 and again.json()["id"] == lock["id"]
    assert client.get("/api/v1/locks", headers=updater).json()["total"] == 1
    blocked = client.post("/api/v1/observations", headers=updater, json=entry)
    assert blocked.status_code == 409 and "đã khóa" in blocked.json()["detail"]
    obs = _draft(client, updater, world.inside, "capnhat")
    assert client.post(f"/api/v1/observations/{obs}/submit", headers=updater).status_code == 409
    assert client.delete(f"/api/v1/locks/{lock['id']}", headers=updater).status_code == 403
    assert client.delete(f"/api/v1/locks/{lock['id']}", headers=approver).status_code == 204
    assert client.post("/api/v1/observations", headers=updater, json=entry).status_code == 201
    assert client.delete(f"/api/v1/locks/{lock['id']}", headers=approver).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("phe_duyet", 403), ("cap_nhat", 403), ("quan_tri", 201)])
def test_api_lock_all_units_needs_an_administrator(
    client: TestClient, bearer: Any, who: str, status: int
) -> None:
    r = client.post("/api/v1/locks", headers=bearer(who), json={"period": "2023-Q1", "unit_id": None})
    assert r.status_code == status, r.text


@pytest.mark.parametrize("period", ["2024-Q5", "1800", "năm 2024", ""])
def test_api_lock_bad_period_is_422(client: TestClient, bearer: Any, world: Any, period: str) -> None:
    r = client.post(
        "/api/v1/locks", headers=bearer("phe_duyet"), json={"period": period, "unit_id": world.inside}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.period"


def test_api_workflow_on_both_stores(engine: Engine, tmp_path: Path) -> None:
    """Enter, submit, approve, lock and review through the API on SQLite and on PostgreSQL."""
    world = build_world(engine)

    def auth(username: str) -> dict[str, str]:
        with session_scope(engine, actor="test") as s:
            user = accounts.find_user(s, username)
            assert user is not None
            return {"Authorization": f"Bearer {accounts.create_token(s, user.id)}"}

    updater, approver = auth("capnhat"), auth("pheduyet")
    with make_client(engine, tmp_path) as client:
        body = {
            "indicator_id": world.indicator,
            "unit_id": world.district,
            "period": "2025-Q2",
            "value": "12,5",
        }
        obs = client.post("/api/v1/observations", headers=updater, json=body).json()
        assert obs["value"] == 12.5 and obs["period"] == "2025-Q2"
        assert client.post(f"/api/v1/observations/{obs['id']}/submit", headers=updater).status_code == 200
        assert (
            client.post(f"/api/v1/observations/{obs['id']}/approve", headers=approver).json()["state"]
            == "approved"
        )
        lock = client.post(
            "/api/v1/locks", headers=approver, json={"period": "2025-Q2", "unit_id": world.district}
        )
        assert lock.status_code == 201
        assert client.post("/api/v1/observations", headers=updater, json=body).status_code == 409
        doc, fact = world.documents[world.inside]
        assert client.post(f"/api/v1/documents/{doc}/facts/{fact}/accept", headers=updater).status_code == 200
        found = client.get(
            f"/api/v1/observations?period=2025-Q2&unit_id={world.district}", headers=updater
        ).json()
        assert [o["state"] for o in found["items"]] == ["approved"]


@pytest.mark.parametrize("period", ["2025", "2025-Q2", "2025-H1", "2025-M03", "2025-9T", "2025-LK10"])
def test_api_observation_of_every_period_kind(
    client: TestClient, bearer: Any, world: Any, period: str
) -> None:
    auth = bearer("cap_nhat")
    body = {"indicator_id": world.indicator, "unit_id": world.inside, "period": period, "value": "3"}
    r = client.post("/api/v1/observations", headers=auth, json=body)
    assert r.status_code == 201 and r.json()["period"] == period, r.text
    listed = client.get(f"/api/v1/observations?period={period}", headers=auth).json()
    assert [o["id"] for o in listed["items"]] == [r.json()["id"]]
