"""The permission matrix: every role against every write, inside and outside its units.

A permitted write answers with a redirect and leaves audit rows; a refused one answers
403 with a Vietnamese message and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chitieu.store.users import ACTIONS, GLOBAL_ACTIONS

Write = Callable[[TestClient, Any, int, str], Any]


def _enter(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    data = {"csrf_token": csrf, "don_vi": str(unit), "ky": "2025", f"v_{w.indicator}": "1.234,5"}
    return c.post("/nhap-so-lieu", data=data)


def _submit(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    return c.post("/nhap-so-lieu/gui", data={"csrf_token": csrf, "don_vi": str(unit), "ky": "2024"})


def _approve(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    return c.post(
        "/phe-duyet", data={"csrf_token": csrf, "action": "approve", "ids": [str(w.submitted[unit])]}
    )


def _return(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    return c.post(
        "/phe-duyet", data={"csrf_token": csrf, "action": "return", "ids": [str(w.submitted[unit])]}
    )


def _lock(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    return c.post("/khoa-ky", data={"csrf_token": csrf, "don_vi": str(unit), "ky": "2023", "action": "lock"})


def _target(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    data = {"csrf_token": csrf, "indicator_id": str(w.indicator), "unit_id": str(unit), "year": "2025", "op": ">=",
            "value": "1.500"}  # fmt: skip
    return c.post(f"/ke-hoach/{w.plan}/chi-tieu", data=data)


def _upload(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    text = "Năm 2023, tổng thu ngân sách nhà nước trên địa bàn đạt 1.234 tỷ đồng.\n".encode()
    files = {"file": ("bao-cao-moi.txt", text, "text/plain")}
    r = c.post("/tai-lieu", data={"csrf_token": csrf, "unit_id": str(unit)}, files=files)
    if r.status_code == 303 and "/tien-do/" in r.headers["location"]:
        c.app.state.jobs.wait(r.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
    return r


def _review(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    doc, fact = w.documents[unit]
    return c.post(f"/tai-lieu/{doc}/du-kien/{fact}", data={"csrf_token": csrf, "action": "reject"})


def _plan(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    return c.post(f"/ke-hoach/{w.plan}/cong-khai", data={"csrf_token": csrf, "public": "1"})


def _user(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    data = {
        "csrf_token": csrf,
        "username": "nguoimoi",
        "password": "mat-khau-moi-1",
        "role": "xem",
        "units": [str(unit)],
    }
    return c.post("/quan-tri/nguoi-dung", data=data)


def _unit(c: TestClient, w: Any, unit: int, csrf: str) -> Any:
    return c.post("/quan-tri/don-vi", data={"csrf_token": csrf, "name": "Xã Mới Lập", "parent_id": str(unit)})


WRITES: dict[str, Write] = {
    "observation.enter": _enter,
    "observation.submit": _submit,
    "observation.approve": _approve,
    "observation.return": _return,
    "period.lock": _lock,
    "target.put": _target,
    "document.upload": _upload,
    "fact.review": _review,
    "plan.manage": _plan,
    "user.manage": _user,
    "unit.manage": _unit,
}
ALLOWED = {
    "quan_tri": set(ACTIONS),
    "cap_nhat": {"observation.enter", "observation.submit", "target.put", "document.upload", "fact.review"},
    "phe_duyet": {"observation.approve", "observation.return", "period.lock"},
    "xem": set(),
}
CASES = [
    (role, action, where)
    for role in ALLOWED
    for action in WRITES
    for where in (("inside", "district", "outside") if action not in GLOBAL_ACTIONS else ("inside",))
]


def test_permissions_cover_every_action() -> None:
    assert set(WRITES) == set(ACTIONS)


@pytest.mark.parametrize(("role", "action", "where"), CASES, ids=[f"{r}-{a}-{w}" for r, a, w in CASES])
def test_permissions_matrix(
    client: TestClient, world: Any, signin: Any, audits: Any, role: str, action: str, where: str
) -> None:
    csrf = signin(role)
    unit = {"inside": world.inside, "district": world.district, "outside": world.outside}[where]
    expected = action in ALLOWED[role] and (
        role == "quan_tri" or action in GLOBAL_ACTIONS or where != "outside"
    )
    before = audits()
    r = WRITES[action](client, world, unit, csrf)
    if expected:
        assert r.status_code == 303, r.text[:800]
        assert audits() > before
    else:
        assert r.status_code == 403, r.text[:800]
        assert "không có quyền" in r.text
        assert audits() == before
