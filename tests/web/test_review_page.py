"""The document review page: code, confidence and alternatives per fact, relink once, bulk accept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from chitieu.store import review, session_scope
from chitieu.store.tables import FactRow
from chitieu.web.documents import percent

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bao-cao-tinh-an-lac-2023.txt"


def _upload(client: TestClient, csrf: str, unit: int) -> str:
    files = {"file": (EXAMPLE.name, EXAMPLE.read_bytes(), "text/plain")}
    r = client.post("/tai-lieu", data={"csrf_token": csrf, "unit_id": str(unit)}, files=files)
    job = client.app.state.jobs.wait(r.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
    assert job is not None and job.state == "done", job
    return str(client.get(r.headers["location"]).headers["location"])


@pytest.mark.parametrize(("x", "text"), [(0.9, "90 %"), (0.875, "87,5 %"), (1.0, "100 %"), (None, "")])
def test_percent_is_vietnamese(x: float | None, text: str) -> None:
    assert percent(x) == text


def test_review_page_shows_code_confidence_and_alternatives(
    client: TestClient, world: Any, signin: Any
) -> None:
    doc = _upload(client, signin("quan_tri"), world.inside)
    page = client.get(doc).text
    assert "CT-KT-011" in page and "Tổng thu ngân sách nhà nước trên địa bàn" in page
    assert re.search(r'class="confidence">\d+(,\d)? %<', page)
    assert 'class="alt"' in page and "Phục hồi:" in page
    assert "áp dụng cho mọi dữ kiện cùng chỉ tiêu" in page and 'name="threshold" value="0,9"' in page


@pytest.mark.parametrize("threshold", ["0,9", "0,75"])
def test_review_page_bulk_accept_reports_the_count(
    client: TestClient, world: Any, signin: Any, world_engine: Engine, threshold: str
) -> None:
    csrf = signin("quan_tri")
    doc = _upload(client, csrf, world.inside)
    doc_id = int(doc.rsplit("/", 1)[1])
    limit = float(threshold.replace(",", "."))
    with session_scope(world_engine, actor="test") as s:
        above = len([r for r in s.scalars(select(FactRow).where(FactRow.document_id == doc_id))
                     if r.link_confidence is not None and r.link_confidence >= limit])  # fmt: skip
    r = client.post(f"{doc}/tin-cay", data={"csrf_token": csrf, "threshold": threshold})
    assert r.status_code == 303
    page = client.get(doc).text
    done = int(re.search(r"Đã chấp nhận (\d+) dữ kiện có độ tin cậy", page).group(1))  # type: ignore[union-attr]
    assert 0 < done <= above
    with session_scope(world_engine, actor="test") as s:
        accepted = review.review_facts(s, doc_id, review="accepted")
        assert len(accepted) == done
        assert all((f.fact.link_confidence or 0) >= limit for f in accepted)


@pytest.mark.parametrize(
    ("threshold", "message"), [("abc", "không phải là số"), ("1,5", "từ 0 đến 1"), ("-0,1", "từ 0 đến 1")]
)
def test_review_page_bad_threshold_is_422(
    client: TestClient, world: Any, signin: Any, threshold: str, message: str
) -> None:
    csrf = signin("cap_nhat")
    doc, _ = world.documents[world.inside]
    r = client.post(f"/tai-lieu/{doc}/tin-cay", data={"csrf_token": csrf, "threshold": threshold})
    assert r.status_code == 422 and message in r.text


def test_review_page_relink_moves_all_facts(
    client: TestClient, world: Any, signin: Any, world_engine: Engine
) -> None:
    csrf = signin("cap_nhat")
    doc, _ = world.documents[world.inside]
    name = "Tổng thu ngân sách nhà nước trên địa bàn"
    data = {"csrf_token": csrf, "indicator": name, "name": "Thu ngân sách (đổi tên)", "code": "CT-KT-012"}
    r = client.post(f"/tai-lieu/{doc}/chi-tieu", data=data)
    assert r.status_code == 303
    assert "Đã chuyển 2 dữ kiện" in client.get(f"/tai-lieu/{doc}").text
    with session_scope(world_engine, actor="test") as s:
        facts = [f.fact for f in review.review_facts(s, doc)]
    assert [(f.indicator, f.indicator_code) for f in facts] == [("Thu ngân sách (đổi tên)", "CT-KT-012")] * 2


@pytest.mark.parametrize(("who", "where", "path"), [("xem", "inside", "chi-tieu"), ("cap_nhat", "outside", "chi-tieu"),
                                                     ("xem", "inside", "tin-cay"), ("cap_nhat", "outside", "tin-cay")])  # fmt: skip
def test_review_page_actions_need_permission(
    client: TestClient, world: Any, signin: Any, world_engine: Engine, who: str, where: str, path: str
) -> None:
    csrf = signin(who)
    doc, _ = world.documents[getattr(world, where)]
    data = {
        "csrf_token": csrf,
        "indicator": "Tổng thu ngân sách nhà nước trên địa bàn",
        "name": "X",
        "threshold": "0",
    }
    assert client.post(f"/tai-lieu/{doc}/{path}", data=data).status_code == 403
    with session_scope(world_engine, actor="test") as s:
        assert {(f.fact.indicator, f.review) for f in review.review_facts(s, doc)} == {
            ("Tổng thu ngân sách nhà nước trên địa bàn", "pending")
        }


QUARTERLY = Path(__file__).resolve().parents[1] / "data" / "periods" / "bao-cao-6-thang-2025.txt"


def test_review_page_names_each_fact_by_its_period(client: TestClient, world: Any, signin: Any) -> None:
    csrf = signin("quan_tri")
    files = {"file": (QUARTERLY.name, QUARTERLY.read_bytes(), "text/plain")}
    r = client.post("/tai-lieu", data={"csrf_token": csrf, "unit_id": str(world.inside)}, files=files)
    job = client.app.state.jobs.wait(r.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
    assert job is not None and job.state == "done", job
    page = client.get(str(client.get(r.headers["location"]).headers["location"])).text
    periods = re.findall(r'<span class="period">([^<]+)</span>', page)
    assert periods == ["6 tháng đầu năm 2025", "quý II/2025", "6 tháng đầu năm 2025"]
