"""Workflows end to end through the routes: entry → submit → approve, locks, upload → review → dashboard."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from chitieu.domain import Period
from chitieu.store import repo, session_scope
from chitieu.store.tables import ObservationRow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bao-cao-tinh-an-lac-2023.txt"


def _counts(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-status="([^"]+)"><span>[^<]*</span> <strong>(\d+)', html)}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,3,4", "không phải là số"),
        ("1,234.5", "kiểu Việt Nam"),
        ("-5", "không được âm"),
        ("abc", "không phải là số"),
    ],
)
def test_workflow_entry_with_an_error_writes_nothing(
    client: TestClient, world: Any, signin: Any, audits: Any, typed: str, message: str
) -> None:
    csrf = signin("cap_nhat")
    before = audits()
    data = {"csrf_token": csrf, "don_vi": str(world.inside), "ky": "2025", f"v_{world.indicator}": typed,
            f"v_{world.share}": "1,5"}  # fmt: skip
    r = client.post("/nhap-so-lieu", data=data)
    assert r.status_code == 422
    assert message in r.text and "chưa lưu số liệu nào" in r.text
    assert audits() == before


@pytest.mark.parametrize(
    ("typed", "shown"), [("1.234,5", "1.234,5"), ("101", "0 đến 100"), ("x", "không phải là số")]
)
def test_workflow_entry_checks_as_you_type(
    client: TestClient, world: Any, signin: Any, typed: str, shown: str
) -> None:
    csrf = signin("cap_nhat")
    field = f"v_{world.share}" if typed == "101" else f"v_{world.indicator}"
    r = client.post("/nhap-so-lieu/kiem-tra", data={field: typed}, headers={"X-CSRF-Token": csrf, "HX-Trigger-Name": field,
                                                                          "HX-Request": "true"})  # fmt: skip
    assert r.status_code == 200
    assert shown in r.text


def test_workflow_enter_submit_approve(client: TestClient, world: Any, signin: Any) -> None:
    csrf = signin("cap_nhat")
    data = {"csrf_token": csrf, "don_vi": str(world.inside), "ky": "2025", f"v_{world.indicator}": "1.234,5"}
    assert client.post("/nhap-so-lieu", data=data).status_code == 303
    page = client.get(f"/nhap-so-lieu?don_vi={world.inside}&ky=2025").text
    assert "1.234,5" in page and "Nháp" in page
    assert (
        client.post(
            "/nhap-so-lieu/gui", data={"csrf_token": csrf, "don_vi": str(world.inside), "ky": "2025"}
        ).status_code
        == 303
    )
    client.post("/dang-xuat", data={"csrf_token": csrf})
    csrf = signin("phe_duyet")
    waiting = client.get("/phe-duyet?ky=2025").text
    ids = re.findall(r'name="ids" value="(\d+)"', waiting)
    assert len(ids) == 1
    r = client.post("/phe-duyet", data={"csrf_token": csrf, "action": "approve", "ids": ids})
    assert r.status_code == 303
    assert "Đã duyệt" in client.get(f"/nhap-so-lieu?don_vi={world.inside}&ky=2025").text


def test_workflow_locked_period_refuses_entry(
    client: TestClient, world: Any, signin: Any, audits: Any
) -> None:
    csrf = signin("phe_duyet")
    r = client.post(
        "/khoa-ky", data={"csrf_token": csrf, "don_vi": str(world.inside), "ky": "2025", "action": "lock"}
    )
    assert r.status_code == 303
    client.post("/dang-xuat", data={"csrf_token": csrf})
    csrf = signin("cap_nhat")
    before = audits()
    data = {"csrf_token": csrf, "don_vi": str(world.inside), "ky": "2025", f"v_{world.indicator}": "10"}
    r = client.post("/nhap-so-lieu", data=data)
    assert r.status_code == 409 and "đã khóa" in r.text
    assert audits() == before


def test_workflow_upload_review_changes_dashboard(client: TestClient, world: Any, signin: Any) -> None:
    csrf = signin("quan_tri")
    before = _counts(client.get(f"/?don_vi={world.inside}&ky=2023").text)
    assert before["chưa có số liệu"] == 1
    files = {"file": (EXAMPLE.name, EXAMPLE.read_bytes(), "text/plain")}
    r = client.post("/tai-lieu", data={"csrf_token": csrf, "unit_id": str(world.inside)}, files=files)
    assert r.status_code == 303
    job = client.app.state.jobs.wait(r.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
    assert job is not None and job.state == "done", job
    r = client.get(r.headers["location"])
    assert r.status_code == 303
    doc = r.headers["location"]
    page = client.get(doc).text
    assert "Tổng thu ngân sách nhà nước trên địa bàn" in page and "11.250" in page
    r = client.post(f"{doc}/tat-ca", data={"csrf_token": csrf, "action": "accept"})
    assert r.status_code == 303
    after = _counts(client.get(f"/?don_vi={world.inside}&ky=2023").text)
    assert after["chưa có số liệu"] == 0
    assert sum(after.values()) > sum(before.values())  # the report's own 2023 targets were added
    again = client.post("/tai-lieu", data={"csrf_token": csrf, "unit_id": str(world.inside)}, files=files)
    assert again.headers["location"] == doc  # the same bytes are not stored twice


def test_workflow_edit_fact_then_accept(client: TestClient, world: Any, signin: Any) -> None:
    csrf = signin("cap_nhat")
    doc, fact = world.documents[world.inside]
    data = {"csrf_token": csrf, "action": "edit", "indicator": "Tổng thu ngân sách nhà nước trên địa bàn",
            "role": "actual", "op": "=", "value": "2.345", "unit": "tỷ đồng", "period": "2023"}  # fmt: skip
    assert client.post(f"/tai-lieu/{doc}/du-kien/{fact}", data=data).status_code == 303
    page = client.get(f"/chi-tieu/{world.indicator}?don_vi={world.inside}").text
    assert "2.345" in page and f"/tai-lieu/{doc}/van-ban?dong=1" in page
    again = client.post(f"/tai-lieu/{doc}/du-kien/{fact}", data={"csrf_token": csrf, "action": "reject"})
    assert again.status_code == 409 and "đã được chấp nhận" in again.text


@pytest.mark.parametrize(
    ("kind", "number", "status", "stored"),
    [
        ("quarter", "3", 303, ("quarter", 3)),
        ("ytd", "10", 303, ("ytd", 10)),
        ("9m", "", 303, ("nine_months", 1)),
        ("quarter", "", 422, "Kỳ quý cần số kỳ từ 1 đến 4."),  # a quarter needs its number
        ("half", "3", 422, "Kỳ 6 tháng cần số kỳ từ 1 đến 2, không phải 3."),
        ("tuan", "1", 422, "Loại kỳ không hợp lệ: “tuan”."),
    ],
)
def test_workflow_edit_a_fact_period_from_lists_then_accept(
    client: TestClient, world: Any, signin: Any, world_engine: Engine, kind: str, number: str, status: int,
    stored: tuple[str, int] | str,
) -> None:  # fmt: skip
    csrf = signin("cap_nhat")
    doc, fact = world.documents[world.inside]
    page = client.get(f"/tai-lieu/{doc}").text
    assert '<select name="period_kind">' in page and '<option value="ytd">lũy kế</option>' in page

    def rows() -> set[tuple[str, int, int]]:
        with session_scope(world_engine) as s:
            return {(o.period_kind, o.number, o.year) for o in s.scalars(select(ObservationRow))}

    before = rows()
    data = {"csrf_token": csrf, "action": "edit", "value": "2.345", "unit": "tỷ đồng", "period": "2024",
            "period_kind": kind, "period_number": number}  # fmt: skip
    r = client.post(f"/tai-lieu/{doc}/du-kien/{fact}", data=data)
    assert r.status_code == status, r.text
    if isinstance(stored, str):
        assert stored in r.text  # the reason, and nothing written
        assert rows() == before
    else:
        assert rows() - before == {(*stored, 2024)}


def test_workflow_public_plan_is_readable_without_login(client: TestClient, world: Any, signin: Any) -> None:
    assert client.get(f"/cong-khai/{world.plan}").status_code == 404
    csrf = signin("quan_tri")
    client.post(f"/ke-hoach/{world.plan}/cong-khai", data={"csrf_token": csrf, "public": "1"})
    client.post("/dang-xuat", data={"csrf_token": csrf})
    r = client.get(f"/cong-khai/{world.plan}")
    assert r.status_code == 200 and "Nghị quyết thử nghiệm" in r.text
    assert "Thêm / sửa chỉ tiêu" not in r.text


def test_workflow_indicator_page_warns_when_stated_attainment_disagrees(
    client: TestClient, world: Any, world_engine: Engine, signin: Any
) -> None:
    signin("cap_nhat")
    with session_scope(world_engine, actor="test") as s:
        # 1.100 against a target of 1.000 is 110%; the report says 95%
        repo.put_observation(s, indicator_id=world.indicator, unit_id=world.inside, period=Period(2022), value=95,
                             measure="attainment", state="submitted", entered_by="someone")  # fmt: skip
    page = client.get(f"/chi-tieu/{world.indicator}?don_vi={world.inside}").text
    assert "Cảnh báo nhất quán số liệu" in page and "95%" in page and "110%" in page
    other = client.get(f"/chi-tieu/{world.indicator}?don_vi={world.outside}").text
    assert "Cảnh báo nhất quán số liệu" not in other
