"""Routes: pages per role, sign-in, CSRF, rate limiting, uploads, data entry and approval, bad input."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import login, make_client

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bao-cao-tinh-an-lac-2023.txt"
PAGES = ["/", "/?ky=2023", "/chi-tieu", "/chi-tieu/1", "/ke-hoach", "/ke-hoach/1", "/nhap-so-lieu", "/phe-duyet",
         "/tai-lieu", "/tai-lieu/1", "/tai-lieu/1/van-ban?dong=1", "/bao-cao", "/tai-khoan"]  # fmt: skip


@pytest.mark.parametrize("role", ["quan_tri", "cap_nhat", "phe_duyet", "xem"])
def test_routes_pages_render_for_every_role(client: TestClient, signin: Any, role: str) -> None:
    signin(role)
    for path in PAGES:
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert 'lang="vi"' in r.text
    assert client.get("/quan-tri").status_code == (200 if role == "quan_tri" else 403)


@pytest.mark.parametrize("path", ["/", "/chi-tieu", "/nhap-so-lieu", "/tai-lieu", "/quan-tri"])
def test_routes_anonymous_is_sent_to_login(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/dang-nhap?next=")


def test_routes_session_cookie_is_httponly_and_samesite(client: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/dang-nhap").text).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/dang-nhap", data={"username": "xem", "password": "mat-khau-thu-nghiem", "csrf_token": token}
    )
    header = r.headers["set-cookie"].lower()
    assert header.startswith("chitieu_session=")
    assert "httponly" in header and "samesite=lax" in header


@pytest.mark.parametrize(
    ("username", "password"), [("xem", "sai-mat-khau"), ("khongco", "mat-khau-thu-nghiem")]
)
def test_routes_login_rejects_bad_credentials(client: TestClient, username: str, password: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/dang-nhap").text).group(1)  # type: ignore[union-attr]
    r = client.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token})
    assert r.status_code == 401
    assert "không đúng" in r.text


def test_routes_login_is_rate_limited(client: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/dang-nhap").text).group(1)  # type: ignore[union-attr]
    codes = [client.post("/dang-nhap", data={"username": "xem", "password": f"sai-{i}", "csrf_token": token}).status_code
             for i in range(6)]  # fmt: skip
    assert codes == [401] * 5 + [429]
    r = client.post(
        "/dang-nhap", data={"username": "xem", "password": "mat-khau-thu-nghiem", "csrf_token": token}
    )
    assert r.status_code == 429 and "thử lại sau" in r.text


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_routes_login_never_redirects_off_site(client: TestClient, next_url: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/dang-nhap").text).group(1)  # type: ignore[union-attr]
    data = {"username": "xem", "password": "mat-khau-thu-nghiem", "csrf_token": token, "next": next_url}
    assert client.post("/dang-nhap", data=data).headers["location"] == "/"


@pytest.mark.parametrize("csrf", ["", "forged-token-forged-token-forged", None])
def test_routes_forged_csrf_is_refused(
    client: TestClient, world: Any, signin: Any, audits: Any, csrf: str | None
) -> None:
    signin("quan_tri")
    before = audits()
    data = {"don_vi": str(world.inside), "ky": "2025", f"v_{world.indicator}": "10"}
    if csrf is not None:
        data["csrf_token"] = csrf
    r = client.post("/nhap-so-lieu", data=data)
    assert r.status_code == 403
    assert "CSRF" in r.text
    assert audits() == before


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"indicator_id": "abc", "unit_id": "1", "year": "2025", "op": ">="}, "indicator_id"),
        ({"unit_id": "1", "year": "2025", "op": ">="}, "indicator_id"),
        ({"indicator_id": "1", "unit_id": "1", "year": "2025", "op": "≈", "value": "1"}, "Phép so sánh"),
        (
            {"indicator_id": "1", "unit_id": "1", "year": "2025", "op": ">=", "value": "1,234.5"},
            "kiểu Việt Nam",
        ),
        (
            {"indicator_id": "1", "unit_id": "1", "year": "20250", "op": ">=", "value": "1"},
            "Năm không hợp lệ",
        ),
    ],
)
def test_routes_malformed_forms_get_a_clear_message(
    client: TestClient, world: Any, signin: Any, audits: Any, data: dict[str, str], fragment: str
) -> None:
    csrf = signin("quan_tri")
    before = audits()
    r = client.post(f"/ke-hoach/{world.plan}/chi-tieu", data={**data, "csrf_token": csrf})
    assert r.status_code == 422
    assert fragment in r.text
    assert audits() == before


@pytest.mark.parametrize(
    ("name", "content", "status", "fragment"),
    [
        ("virus.exe", b"MZ\x90\x00", 415, "chỉ nhận tệp"),
        ("gia.pdf", b"khong phai pdf", 415, "không phải là PDF"),
        ("gia.docx", b"%PDF-1.4 ...", 415, "không phải là Word"),
        ("nhi-phan.txt", b"\x00\x01\x02\x03" * 10, 415, "không phải là văn bản"),
        (
            "latin1.txt",
            "Báo cáo năm 2023".encode("cp1258", errors="replace") + b"\xff\xfe" * 50,
            415,
            "UTF-8",
        ),
        ("rong.txt", b"", 422, "rỗng"),
        ("lon.txt", b"a" * 2000, 413, "giới hạn"),
    ],
)
def test_routes_bad_uploads_are_refused(
    small_client: Any, world: Any, audits: Any, name: str, content: bytes, status: int, fragment: str
) -> None:
    client, csrf = small_client
    before = audits()
    r = client.post(
        "/tai-lieu", data={"csrf_token": csrf, "unit_id": str(world.inside)}, files={"file": (name, content)}
    )
    assert r.status_code == status, r.text[:500]
    assert fragment in r.text
    assert audits() == before
    assert client.app.state.jobs._jobs == {}


@pytest.mark.parametrize(
    ("fmt", "media", "magic"), [("docx", "wordprocessingml", b"PK"), ("html", "text/html", b"<")]
)
def test_routes_report_download(
    client: TestClient, signin: Any, world: Any, fmt: str, media: str, magic: bytes
) -> None:
    signin("xem")
    page = client.get("/bao-cao")
    assert "Tạo báo cáo" in page.text
    r = client.get(f"/bao-cao/tai-ve?ke_hoach={world.plan}&nam=2023&dinh_dang={fmt}")
    assert r.status_code == 200, r.text[:300]
    assert media in r.headers["content-type"]
    assert r.content.startswith(magic)


@pytest.mark.parametrize(
    "query", ["ke_hoach=&nam=2023", "ke_hoach=1&nam=abc", "ke_hoach=1&nam=2023&dinh_dang=exe"]
)
def test_routes_report_download_rejects_bad_requests(client: TestClient, signin: Any, query: str) -> None:
    signin("xem")
    r = client.get(f"/bao-cao/tai-ve?{query}")
    assert r.status_code == 422


def test_routes_pages_are_cached_per_session_and_data_version(
    client: TestClient, signin: Any, world: Any
) -> None:
    token = signin("quan_tri")
    pages = client.app.state.pages  # type: ignore[attr-defined]
    first = client.get(f"/?don_vi={world.inside}")
    assert client.get(f"/?don_vi={world.inside}").text == first.text
    assert len(pages) == 1  # the second view came from memory
    # a write through the app makes the data version move: the page is rendered anew
    r = client.post(f"/ke-hoach/{world.plan}/cong-khai", data={"public": "1", "csrf_token": token})
    assert r.status_code in (200, 303)
    client.get(f"/?don_vi={world.inside}")
    assert len(pages) == 2


def test_routes_cached_pages_shared_by_a_users_sessions_each_with_its_token(
    client: TestClient, world_engine: Any, tmp_path: Any, world: Any
) -> None:
    pages = client.app.state.pages  # type: ignore[attr-defined]
    first_token = login(client, "xem")
    first = client.get(f"/chi-tieu/{world.indicator}")
    assert first_token in first.text and len(pages) == 1
    # another session of the same user (another browser), on an app sharing these pages
    with make_client(world_engine, tmp_path) as other:
        other.app.state.pages = pages  # type: ignore[attr-defined]
        other_token = login(other, "xem")
        second = other.get(f"/chi-tieu/{world.indicator}")
    assert other_token != first_token and len(pages) == 1  # served from the first rendering
    assert other_token in second.text and first_token not in second.text
    assert second.text == first.text.replace(first_token, other_token)
    assert "\x00" not in second.text


@pytest.mark.parametrize("threads", [2, 12])
def test_routes_page_once_renders_a_page_missed_at_once_one_time(threads: int) -> None:
    import threading
    import time

    from fastapi.responses import HTMLResponse
    from starlette.requests import Request

    from chitieu.web.render import page_once

    app = type("App", (), {})()
    app.state = type("State", (), {"pages": {}})()
    made: list[int] = []
    start = threading.Barrier(threads)
    bodies: list[bytes] = []

    def make() -> HTMLResponse:
        made.append(1)
        time.sleep(0.2)  # a slow rendering: every other request arrives meanwhile
        return HTMLResponse("<p>trang</p>")

    def one(n: int) -> None:
        scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": [],
                 "server": ("t", 80), "scheme": "http", "app": app,
                 "session": {"uid": 1, "csrf": f"token-of-session-{n:04d}-xxxxxxxx"}}  # fmt: skip
        start.wait()
        bodies.append(bytes(page_once(Request(scope), 7, make).body))

    workers = [threading.Thread(target=one, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(made) == 1 and bodies == [b"<p>trang</p>"] * threads
