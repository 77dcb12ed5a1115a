"""Documents through the REST API: upload as a job, the facts, accept / reject / relink."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.web.conftest import make_client

REPORT = (
    "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023\n"
    "Năm 2023, tổng thu ngân sách nhà nước trên địa bàn đạt 1.350 tỷ đồng, tăng 8% so với năm 2022.\n"
    "Tỷ lệ hộ nghèo giảm còn 3,2%.\n"
).encode()


def _upload(
    client: TestClient, auth: dict[str, str], unit: int, name: str, data: bytes, plan: int | None = None
) -> Any:
    form = {"unit_id": str(unit)} | ({"plan_id": str(plan)} if plan is not None else {})
    return client.post("/api/v1/documents", headers=auth, data=form, files={"file": (name, data)})


def test_api_upload_runs_a_job_then_lists_facts(client: TestClient, bearer: Any, world: Any) -> None:
    auth = bearer("cap_nhat")
    r = _upload(client, auth, world.inside, "bao-cao-2023.txt", REPORT, plan=world.plan)
    assert r.status_code == 202, r.text
    job = r.json()
    assert r.headers["location"] == f"/api/v1/jobs/{job['id']}" and job["state"] in ("running", "done")
    assert client.app.state.jobs.wait(job["id"]).state == "done"  # type: ignore[attr-defined]
    done = client.get(f"/api/v1/jobs/{job['id']}", headers=auth).json()
    assert done["state"] == "done" and done["lines"] == 3 and done["facts"] >= 1 and done["document_id"]
    facts = client.get(f"/api/v1/documents/{done['document_id']}/facts", headers=auth).json()
    assert facts["total"] == done["facts"] and {f["review"] for f in facts["items"]} == {"pending"}
    assert any(f["value"] == 1350 for f in facts["items"])
    doc = client.get(f"/api/v1/documents/{done['document_id']}", headers=auth).json()
    assert doc["name"] == "bao-cao-2023.txt" and doc["pending"] == done["facts"]
    assert doc["unit_id"] == world.inside and doc["plan_id"] == world.plan
    again = _upload(client, auth, world.inside, "ban-sao.txt", REPORT)  # the same bytes: not read again
    assert again.status_code == 200 and again.json()["id"] == done["document_id"]
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=bearer("xem")).status_code == 404  # not theirs


@pytest.mark.parametrize(("unit", "plan"), [(99999, None), (None, 99999)])
def test_api_upload_unknown_unit_or_plan_is_422(
    client: TestClient, bearer: Any, world: Any, unit: int | None, plan: int | None
) -> None:
    r = _upload(client, bearer("quan_tri"), unit or world.inside, "bao-cao.txt", REPORT, plan=plan)
    assert r.status_code == 422 and str(unit or plan) in r.json()["detail"]


@pytest.mark.parametrize(
    ("who", "name", "data", "status"),
    [
        ("cap_nhat", "bao-cao.exe", b"MZ\x90\x00", 415),
        ("cap_nhat", "bao-cao.pdf", b"not a pdf", 415),
        ("cap_nhat", "bao-cao.txt", b"", 422),
        ("xem", "bao-cao.txt", REPORT, 403),
    ],
)
def test_api_upload_refused(
    client: TestClient, bearer: Any, world: Any, who: str, name: str, data: bytes, status: int
) -> None:
    r = _upload(client, bearer(who), world.inside, name, data)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json" and r.json()["detail"]


@pytest.fixture
def small_api(world_engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    """API bodies of at most 300 bytes, uploads of at most 1000."""
    with make_client(world_engine, tmp_path, max_api_body=300, max_upload_bytes=1000) as c:
        yield c


@pytest.mark.parametrize(("size", "status"), [(600, 202), (5000, 413)])
def test_api_upload_has_the_upload_limit(
    small_api: TestClient, bearer: Any, world: Any, size: int, status: int
) -> None:
    data = (REPORT * 20)[:size]
    r = _upload(small_api, bearer("cap_nhat"), world.inside, "bao-cao.txt", data)
    assert r.status_code == status, r.text
    if status == 202:
        small_api.app.state.jobs.wait(r.json()["id"])  # type: ignore[attr-defined]


def test_api_accept_and_reject_facts(client: TestClient, bearer: Any, world: Any) -> None:
    auth = bearer("cap_nhat")
    doc, fact = world.documents[world.inside]
    before = client.get(f"/api/v1/observations?unit_id={world.inside}&year=2023", headers=auth).json()[
        "total"
    ]
    r = client.post(f"/api/v1/documents/{doc}/facts/{fact}/accept", headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["review"] == "accepted" and r.json()["indicator_id"] == world.indicator
    after = client.get(f"/api/v1/observations?unit_id={world.inside}&year=2023", headers=auth).json()
    assert after["total"] == before + 1 and after["items"][-1]["document_id"] == doc
    again = client.post(f"/api/v1/documents/{doc}/facts/{fact}/reject", headers=auth)
    assert again.status_code == 409 and "đã được chấp nhận" in again.json()["detail"]
    other = next(f["id"] for f in client.get(f"/api/v1/documents/{doc}/facts", headers=auth).json()["items"]
                 if f["id"] != fact)  # fmt: skip
    r = client.post(f"/api/v1/documents/{doc}/facts/{other}/reject", headers=auth)
    assert r.status_code == 200 and r.json()["review"] == "rejected"
    listed = client.get(f"/api/v1/documents/{doc}/facts?review=rejected", headers=auth).json()
    assert [f["id"] for f in listed["items"]] == [other]


@pytest.mark.parametrize("action", ["accept", "reject"])
def test_api_fact_review_refused(client: TestClient, bearer: Any, world: Any, action: str) -> None:
    auth = bearer("cap_nhat")
    doc, fact = world.documents[world.inside]
    elsewhere, foreign = world.documents[world.outside]
    assert (
        client.post(f"/api/v1/documents/{elsewhere}/facts/{foreign}/{action}", headers=auth).status_code
        == 403
    )
    assert client.post(f"/api/v1/documents/{doc}/facts/{foreign}/{action}", headers=auth).status_code == 404
    assert client.post(f"/api/v1/documents/99999/facts/{fact}/{action}", headers=auth).status_code == 404
    assert client.post(f"/api/v1/documents/{doc}/facts/{2**63}/{action}", headers=auth).status_code == 404
    assert (
        client.post(f"/api/v1/documents/{doc}/facts/{fact}/{action}", headers=bearer("xem")).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("body", "status", "moved"),
    [
        ({"indicator": "Tổng thu ngân sách nhà nước trên địa bàn", "name": "Thu ngân sách"}, 200, 2),
        ({"indicator": "Không có chỉ tiêu này", "name": "X"}, 422, 0),
        ({"indicator": "Tổng thu ngân sách nhà nước trên địa bàn"}, 422, 0),  # neither a name nor a code
        ({"indicator": "Tổng thu ngân sách nhà nước trên địa bàn", "code": "KHONG-CO"}, 422, 0),
    ],
)
def test_api_relink(
    client: TestClient, bearer: Any, world: Any, body: dict[str, str], status: int, moved: int
) -> None:
    auth = bearer("cap_nhat")
    doc, _ = world.documents[world.inside]
    r = client.post(f"/api/v1/documents/{doc}/relink", headers=auth, json=body)
    assert r.status_code == status, r.text
    if status == 200:
        assert r.json() == {"moved": moved}
        names = {
            f["indicator"] for f in client.get(f"/api/v1/documents/{doc}/facts", headers=auth).json()["items"]
        }
        assert names == {body["name"]}


def test_api_relink_unknown_document_is_404(client: TestClient, bearer: Any) -> None:
    r = client.post(
        "/api/v1/documents/99999/relink", headers=bearer("cap_nhat"), json={"indicator": "a", "name": "b"}
    )
    assert r.status_code == 404
