"""Imports through the REST API: counts, every bad line in the problem, permissions, nothing written on error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from tests.web.conftest import build_world, make_client

from chitieu.store.engine import session_scope
from chitieu.store.tables import ObservationRow, TargetRow


def _rows(engine: Engine) -> tuple[int, int]:
    with session_scope(engine, write=False) as s:
        return (
            s.scalar(select(func.count()).select_from(ObservationRow)) or 0,
            s.scalar(select(func.count()).select_from(TargetRow)) or 0,
        )


def _dhis2(*values: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "dataValues": [{"dataElement": "CT1", "orgUnit": u, "period": p, "value": v} for u, p, v in values]
    }


def _send(client: TestClient, auth: dict[str, str], fmt: str, body: Any, query: str = "") -> Any:
    url = f"/api/v1/imports/{fmt}{query}"
    if fmt == "dhis2":
        return client.post(url, headers=auth, json=body)
    return client.post(url, headers={**auth, "Content-Type": "text/csv"}, content=body.encode())


GOOD = [
    ("dhis2", _dhis2(("DV1", "2021", "1250.5"), ("DV2", "2021Q2", "300"))),
    ("opensdg", "Year,Units,GeoCode,Value\n2021,tỷ đồng,DV1,1250.5\n2021,tỷ đồng,DV2,300\n"),
    (
        "sdmx",
        "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\nX,DV1,CT1,2021,1250.5\nX,DV2,CT1,2021-Q2,300\n",
    ),
]


@pytest.mark.parametrize(("fmt", "body"), GOOD)
@pytest.mark.parametrize("who", ["quan_tri", "cap_nhat"])
def test_api_import_writes_and_counts(
    client: TestClient, bearer: Any, world_engine: Engine, who: str, fmt: str, body: Any
) -> None:
    auth = bearer(who)
    before = _rows(world_engine)
    query = "?indicator=CT1" if fmt == "opensdg" else ""
    r = _send(client, auth, fmt, body, query)
    assert r.status_code == 201, r.text
    got = r.json()
    assert (got["created"], got["updated"], got["unchanged"], got["dry_run"]) == (2, 0, 0, False)
    assert "2 mới" in got["message"]
    assert _rows(world_engine) == (before[0] + 2, before[1])
    again = _send(client, auth, fmt, body, query).json()
    assert (again["created"], again["unchanged"]) == (0, 2)
    mine = client.get("/api/v1/observations?unit_id=1&year=2021", headers=auth).json()["items"]
    assert [(o["value"], o["state"]) for o in mine] == [(1250.5, "draft")]


@pytest.mark.parametrize(("fmt", "body"), GOOD)
def test_api_import_dry_run_writes_nothing(
    client: TestClient, bearer: Any, world_engine: Engine, fmt: str, body: Any
) -> None:
    before = _rows(world_engine)
    query = "?dry_run=true" + ("&indicator=CT1" if fmt == "opensdg" else "")
    r = _send(client, bearer("quan_tri"), fmt, body, query)
    assert r.status_code == 200, r.text
    assert r.json()["dry_run"] is True and r.json()["created"] == 2
    assert _rows(world_engine) == before


BAD = [
    ("dhis2", _dhis2(("DV1", "2021", "1250.5"), ("DV1", "2021W3", "3"), ("DV9", "2021", "x")),
     [(2, "period"), (3, "orgUnit"), (3, "value")]),
    ("opensdg", "Year,GeoCode,Value\n2021,DV1,1250.5\n2021,DV1,7\n21,DV1,1\n", [(3, "Year"), (4, "Year")]),
    ("sdmx", "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\nX,DV1,CT1,2021,1\nX,DV1,CT9,2021,1\n",
     [(3, "INDICATOR")]),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "body", "where"), BAD)
def test_api_import_bad_lines_are_422_with_each_line(
    client: TestClient, bearer: Any, world_engine: Engine, fmt: str, body: Any, where: list[tuple[int, str]]
) -> None:
    before = _rows(world_engine)
    r = _send(client, bearer("quan_tri"), fmt, body, "?indicator=CT1" if fmt == "opensdg" else "")
    assert r.status_code == 422, r.text
    problem = r.json()
    assert r.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "ImportFailed" and "chưa ghi gì" in problem["detail"]
    assert sorted((e["line"], e["field"]) for e in problem["errors"]) == sorted(where)
    assert _rows(world_engine) == before


@pytest.mark.parametrize(
    ("who", "body", "status"),
    [("cap_nhat", _dhis2(("DV1", "2021", "1"), ("DV3", "2021", "2")), 403),  # the second province is not theirs
     ("cap_nhat", _dhis2(("DV2", "2021", "1")), 201),  # a district of their province
     ("xem", _dhis2(("DV1", "2021", "1")), 403), ("phe_duyet", _dhis2(("DV1", "2021", "1")), 403)],
)  # fmt: skip
def test_api_import_checks_permission_per_unit(
    client: TestClient, bearer: Any, world_engine: Engine, who: str, body: Any, status: int
) -> None:
    before = _rows(world_engine)
    r = client.post("/api/v1/imports/dhis2", headers=bearer(who), json=body)
    assert r.status_code == status, r.text
    if status == 403:
        assert r.json()["code"] == "AccessDenied"
        assert _rows(world_engine) == before


@pytest.mark.parametrize(
    ("fmt", "body", "status"),
    [("dhis2", "not json", 400), ("dhis2", {"dataValues": "x"}, 422), ("sdmx", "", 422),
     ("opensdg", "Year,Value\n2021,1\n", 422)],
)  # fmt: skip
def test_api_import_unreadable_body_is_a_problem(client: TestClient, bearer: Any, fmt: str, body: Any,
                                                 status: int) -> None:  # fmt: skip
    auth = bearer("quan_tri")
    if fmt == "dhis2" and isinstance(body, str):
        r = client.post(
            "/api/v1/imports/dhis2", headers={**auth, "Content-Type": "application/json"}, content=body
        )
    else:
        r = _send(client, auth, fmt, body)
    assert r.status_code == status, r.text
    assert r.json()["status"] == status and r.json()["detail"]


def test_api_import_without_token_is_401(client: TestClient) -> None:
    r = client.post("/api/v1/imports/dhis2", json=_dhis2(("DV1", "2021", "1")))
    assert r.status_code == 401


def test_api_import_large_body_is_allowed_up_to_the_upload_limit(
    client: TestClient, bearer: Any, world_engine: Engine
) -> None:
    values = [("DV1", f"{2000 + i // 12}{i % 12 + 1:02d}", str(i)) for i in range(12 * 60)]
    body = _dhis2(*values)
    assert len(json.dumps(body)) > 40_000
    r = client.post("/api/v1/imports/dhis2", headers=bearer("quan_tri"), json=body)
    assert r.status_code == 201, r.text
    assert r.json()["created"] == len(values)


def test_api_import_on_both_databases(engine: Engine, tmp_path: Path) -> None:
    from chitieu.store import users as accounts

    world = build_world(engine)
    with session_scope(engine, actor="test") as s:
        user = accounts.find_user(s, "capnhat")
        assert user is not None
        token = accounts.create_token(s, user.id, "test")
    auth = {"Authorization": f"Bearer {token}"}
    with make_client(engine, tmp_path) as client:
        bad = _dhis2((f"DV{world.inside}", "2021", "1"), (f"DV{world.outside}", "2021", "2"))
        assert client.post("/api/v1/imports/dhis2", headers=auth, json=bad).status_code == 403
        before = _rows(engine)
        ok = _dhis2((f"DV{world.inside}", "2021", "1"), (f"DV{world.district}", "2021S2", "2"))
        r = client.post("/api/v1/imports/dhis2", headers=auth, json=ok)
        assert r.status_code == 201 and r.json()["created"] == 2
    assert _rows(engine) == (before[0] + 2, before[1])


@pytest.mark.parametrize("fmt", ["dhis2", "opensdg", "sdmx"])
def test_api_import_documented_example_works(client: TestClient, bearer: Any, fmt: str) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    body = spec["paths"][f"/api/v1/imports/{fmt}"]["post"]["requestBody"]["content"]
    if fmt == "dhis2":
        ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        example = spec["components"]["schemas"][ref]["examples"][0]
    else:
        example = next(iter(body["text/csv"]["examples"].values()))["value"]
    r = _send(client, bearer("quan_tri"), fmt, example)
    assert r.status_code == 201, r.text
    assert r.json()["created"] >= 1


@pytest.mark.parametrize("fmt", ["dhis2", "sdmx"])
def test_api_import_over_the_upload_limit_is_413(
    world_engine: Engine, tmp_path: Path, bearer: Any, fmt: str
) -> None:
    rows = [("DV1", f"{2000 + i}", "1") for i in range(80)]  # over 1000 bytes either way
    body: Any = _dhis2(*rows)
    if fmt == "sdmx":
        body = "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n" + "".join(
            f"X,{u},CT1,{p},{v}\n" for u, p, v in rows
        )
    before = _rows(world_engine)
    with make_client(world_engine, tmp_path, max_upload_bytes=1000) as small:
        r = _send(small, bearer("quan_tri"), fmt, body)
    assert r.status_code == 413 and r.json()["status"] == 413
    assert _rows(world_engine) == before
