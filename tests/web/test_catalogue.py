"""The catalogue page's form: a province adds its own entry, checked like a line of the CSV."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chitieu.store import repo, session_scope

ENTRY = {"code": "TV-001", "name": "Số hộ trồng dừa sáp", "domain": "kinh tế", "units": "hộ",
         "direction": "up", "aggregation": "sum", "aliases": "hộ trồng dừa|ho trong dua"}  # fmt: skip


def test_catalogue_form_adds_an_entry(
    client: TestClient, signin: Callable[[str], str], world_engine: Engine
) -> None:
    token = signin("quan_tri")
    assert 'id="them-chi-tieu"' in client.get("/chi-tieu").text
    r = client.post("/chi-tieu/danh-muc", data={**ENTRY, "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/chi-tieu?q=TV-001"
    page = client.get("/chi-tieu?q=TV-001").text
    assert "Đã thêm chỉ tiêu TV-001 Số hộ trồng dừa sáp." in page and "Số hộ trồng dừa sáp" in page
    with session_scope(world_engine) as s:
        (ind,) = [i for i in repo.indicators(s) if i.code == "TV-001"]
        assert (ind.unit, ind.domain, ind.status) == ("hộ", "kinh tế", "active")
        assert ind.aliases == ("hộ trồng dừa",)  # the unmarked spelling is the same alias


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"units": "cây xanh"}, "đơn vị tính không hợp lệ"),
        ({"code": "CT-KT-001"}, "mã CT-KT-001 trùng"),
        ({"name": "Tỷ lệ che phủ rừng", "units": "%"}, "đã thuộc chỉ tiêu CT-MT-001"),
    ],
)
def test_catalogue_form_refuses_a_bad_entry_with_its_reason(
    client: TestClient,
    signin: Callable[[str], str],
    world_engine: Engine,
    change: dict[str, str],
    message: str,
) -> None:
    token = signin("quan_tri")
    with session_scope(world_engine) as s:
        before = len(repo.indicators(s))
    r = client.post("/chi-tieu/danh-muc", data={**ENTRY, **change, "csrf_token": token})
    assert r.status_code == 303
    assert message in client.get("/chi-tieu").text
    with session_scope(world_engine) as s:
        assert len(repo.indicators(s)) == before


def test_catalogue_form_is_for_managers_only(client: TestClient, signin: Callable[[str], str]) -> None:
    token = signin("xem")
    assert 'id="them-chi-tieu"' not in client.get("/chi-tieu").text
    r = client.post("/chi-tieu/danh-muc", data={**ENTRY, "csrf_token": token})
    assert r.status_code == 403
