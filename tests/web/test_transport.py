"""Transport: the session cookie is Secure over HTTPS or behind a trusted proxy; sign-in is limited per client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.web.conftest import PASSWORD

from chitieu.web.transport import parse_trusted


def _client(engine: Engine, tmp_path: Path, base: str, trusted: str) -> TestClient:
    from chitieu.web import create_app

    app = create_app(engine, secret_key="k" * 48, upload_dir=tmp_path / "uploads", trusted_proxies=trusted)
    return TestClient(app, base_url=base, follow_redirects=False)


@pytest.fixture
def clients(world_engine: Engine, tmp_path: Path) -> Iterator[dict[str, TestClient]]:
    """Clients of one app per setting: the test client's peer is "testclient", or a proxy network."""
    made = {
        "http": _client(world_engine, tmp_path, "http://testserver", ""),
        "https": _client(world_engine, tmp_path, "https://testserver", ""),
        "proxy": _client(world_engine, tmp_path, "http://testserver", "testclient, 10.0.0.0/8"),
    }
    yield made
    for c in made.values():
        c.close()


def _session_cookie(client: TestClient, headers: dict[str, str]) -> str:
    r = client.get("/dang-nhap", headers=headers)
    found = [v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("chitieu_session=")]
    assert len(found) == 1, r.headers
    return found[0].lower()


@pytest.mark.parametrize(
    ("which", "headers", "secure"),
    [
        ("http", {}, False),
        ("https", {}, True),
        ("http", {"X-Forwarded-Proto": "https"}, False),  # not from a trusted proxy: ignored
        ("proxy", {"X-Forwarded-Proto": "https"}, True),
        ("proxy", {"X-Forwarded-Proto": "https, http"}, True),  # the first hop's scheme counts
        ("proxy", {"X-Forwarded-Proto": "http"}, False),
        ("proxy", {}, False),
    ],
)
def test_transport_secure_cookie(
    clients: dict[str, TestClient], which: str, headers: dict[str, str], secure: bool
) -> None:
    cookie = _session_cookie(clients[which], headers)
    assert ("; secure" in cookie) is secure
    assert "httponly" in cookie and "samesite=lax" in cookie


@pytest.mark.parametrize(
    ("text", "names", "networks"),
    [
        ("", set(), []),
        ("127.0.0.1, 10.0.0.0/8", set(), ["127.0.0.1/32", "10.0.0.0/8"]),
        ("proxy.local,::1", {"proxy.local"}, ["::1/128"]),
    ],
)
def test_transport_parse_trusted(text: str, names: set[str], networks: list[str]) -> None:
    got_names, got_networks = parse_trusted(text)
    assert got_names == names and [str(n) for n in got_networks] == networks


def _fail(client: TestClient, username: str, headers: dict[str, str]) -> int:
    page = client.get("/dang-nhap", headers=headers).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    data = {"username": username, "password": "sai-mat-khau", "csrf_token": token.group(1)}
    return client.post("/dang-nhap", data=data, headers=headers).status_code


def test_transport_rate_limit_per_forwarded_client(clients: dict[str, TestClient]) -> None:
    proxy = clients["proxy"]
    a = {"X-Forwarded-For": "203.0.113.7, 10.0.0.2"}  # the client, then a trusted proxy
    b = {"X-Forwarded-For": "198.51.100.9"}
    assert [_fail(proxy, "xem", a) for _ in range(5)] == [401] * 5
    assert _fail(proxy, "xem", a) == 429
    assert _fail(proxy, "xem", b) == 429  # the account is held, from anywhere
    assert _fail(proxy, "pheduyet", a) == 429  # and the address, for any account
    assert _fail(proxy, "pheduyet", b) == 401  # another client, another account: not held


def test_transport_rate_limit_not_dodged_by_forged_header(clients: dict[str, TestClient]) -> None:
    direct = clients["http"]
    for i in range(5):
        assert _fail(direct, f"khong-co-{i}", {"X-Forwarded-For": f"192.0.2.{i}"}) == 401
    page = direct.get("/dang-nhap").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    r = direct.post(
        "/dang-nhap", data={"username": "xem", "password": PASSWORD, "csrf_token": token.group(1)},
        headers={"X-Forwarded-For": "192.0.2.200"},
    )  # fmt: skip
    assert r.status_code == 429 and "Đăng nhập sai quá nhiều lần" in r.text
    assert 1 <= int(r.headers["retry-after"]) <= 300
