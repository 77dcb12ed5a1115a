"""Kept pages served in front of the app: the same page, to its own user only, never stale, gone at sign-out."""

from __future__ import annotations

import json
import time
from base64 import b64encode
from typing import Any

import itsdangerous
import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import front_of, login

from chitieu.domain import Period
from chitieu.store import repo
from chitieu.store.engine import session_scope
from chitieu.web.front import SessionCookies

KEY = "k" * 48  # the key of conftest.make_client
PATHS = ["/?don_vi={inside}", "/chi-tieu/{indicator}?don_vi={inside}", "/chi-tieu/{indicator}"]


def _uid(client: TestClient, username: str) -> int:
    from chitieu.store import users as accounts

    with session_scope(client.app.state.engine, actor="test", write=False) as s:  # type: ignore[attr-defined]
        user = accounts.find_user(s, username)
    assert user is not None
    return user.id


def _who(username: str) -> str:
    """How a page names the signed-in user (conftest: the full name is the user name, capitalised)."""
    return f'<a href="/tai-khoan">{username.title()}</a>'


def _url(path: str, world: Any) -> str:
    return path.format(inside=world.inside, indicator=world.indicator)


def _cookie(content: dict[str, Any], signer: itsdangerous.TimestampSigner | None = None) -> str:
    signer = signer or itsdangerous.TimestampSigner(KEY)
    return signer.sign(b64encode(json.dumps(content).encode())).decode()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("hx", [False, True])
def test_front_serves_a_kept_page_as_the_app_would(
    client: TestClient, world: Any, path: str, hx: bool
) -> None:
    login(client, "xem")
    front = front_of(client)
    headers = {"HX-Request": "true"} if hx else {}
    rendered = client.get(_url(path, world), headers=headers)
    before = front.served
    kept = client.get(_url(path, world), headers=headers)
    assert rendered.status_code == kept.status_code == 200
    assert front.served == before + 1  # the second came from the front, not the app
    assert kept.content == rendered.content
    assert dict(kept.headers) == dict(rendered.headers)  # security headers, Vary: Cookie, length, type


@pytest.mark.parametrize(
    ("first", "second"), [("xem", "quantri"), ("quantri", "xem"), ("capnhat", "pheduyet")]
)
@pytest.mark.parametrize("path", PATHS)
def test_front_never_serves_a_page_to_another_user(
    client: TestClient, world: Any, first: str, second: str, path: str
) -> None:
    front = front_of(client)
    login(client, first)
    client.get(_url(path, world))
    assert client.get(_url(path, world)).status_code == 200
    other = TestClient(client.app, follow_redirects=False)  # another browser on the same app
    token = login(other, second)
    before = front.served
    page = other.get(_url(path, world))
    assert front.served == before  # nothing kept for this user yet: the app rendered it
    assert _who(second) in page.text and _who(first) not in page.text
    assert token in page.text
    again = other.get(_url(path, world))
    assert front.served == before + 1 and again.content == page.content


def test_front_each_session_of_a_user_gets_its_own_token(client: TestClient, world: Any) -> None:
    front = front_of(client)
    url = _url(PATHS[1], world)
    first_token = login(client, "xem")
    client.get(url)
    other = TestClient(client.app, follow_redirects=False)
    other_token = login(other, "xem")
    before = front.served
    page = other.get(url)
    assert front.served == before + 1  # the first session's rendering, served in front
    assert other_token != first_token and other_token in page.text and first_token not in page.text
    assert "\x00" not in page.text


@pytest.mark.parametrize("path", PATHS[:2])
def test_front_write_through_the_app_renders_the_page_anew(client: TestClient, world: Any, path: str) -> None:
    front = front_of(client)
    token = login(client, "quantri")
    client.get(_url(path, world))
    r = client.post(f"/ke-hoach/{world.plan}/cong-khai", data={"public": "1", "csrf_token": token})
    assert r.status_code in (200, 303)
    before = front.served
    assert client.get(_url(path, world)).status_code == 200
    assert front.served == before  # the data version moved: not from the front


def test_front_write_by_another_process_shows_within_the_refresh(
    client: TestClient, world: Any, world_engine: Any
) -> None:
    url = _url(PATHS[1], world)
    login(client, "xem")
    assert "4.321" not in client.get(url).text
    with session_scope(world_engine, actor="test") as s:  # as `chitieu import` would, elsewhere
        repo.put_observation(s, indicator_id=world.indicator, unit_id=world.inside, period=Period(2021),
                             value=4321, state="approved", entered_by="test")  # fmt: skip
    deadline = time.monotonic() + 5
    while "4.321" not in client.get(url).text:
        assert time.monotonic() < deadline, "the write never showed"
        time.sleep(0.05)


def test_front_sign_out_ends_the_pages(client: TestClient, world: Any) -> None:
    front = front_of(client)
    url = _url(PATHS[0], world)
    token = login(client, "xem")
    client.get(url)
    before = front.served
    assert client.get(url).status_code == 200 and front.served == before + 1
    assert client.post("/dang-xuat", data={"csrf_token": token}).status_code == 303
    r = client.get(url)
    assert r.status_code == 303 and r.headers["location"].startswith("/dang-nhap")
    assert front.served == before + 1


def test_front_locked_user_gets_no_kept_page(client: TestClient, world: Any) -> None:
    url = _url(PATHS[0], world)
    login(client, "xem")
    client.get(url)
    admin = TestClient(client.app, follow_redirects=False)
    token = login(admin, "quantri")
    r = admin.post(
        f"/quan-tri/nguoi-dung/{_uid(client, 'xem')}",
        data={"role": "xem", "active": "0", "csrf_token": token},
    )
    assert r.status_code == 303
    r = client.get(url)
    assert r.status_code == 303 and r.headers["location"].startswith("/dang-nhap")


@pytest.mark.parametrize(
    ("cookie", "why"),
    [
        (
            lambda uid: _cookie({"uid": uid, "csrf": "c" * 30}, itsdangerous.TimestampSigner("x" * 48)),
            "other key",
        ),
        (lambda uid: _cookie({"uid": uid, "csrf": "c" * 30})[:-2] + "xx", "tampered"),
        (
            lambda uid: _cookie({"uid": uid, "csrf": "c" * 30, "flash": [["ok", "Đã lưu."]]}),
            "message waiting",
        ),
        (lambda uid: _cookie({"uid": uid}), "no CSRF token"),
        (lambda uid: _cookie({"uid": str(uid), "csrf": "c" * 30}), "uid not a number"),
    ],
)
def test_front_refuses_sessions_the_app_must_judge(
    client: TestClient, world: Any, cookie: Any, why: str
) -> None:
    front = front_of(client)
    url = _url(PATHS[0], world)
    login(client, "xem")
    client.get(url)
    other = TestClient(client.app, follow_redirects=False)
    other.cookies.set("chitieu_session", cookie(_uid(client, "xem")))
    before = front.served
    other.get(url)
    assert front.served == before, why


def test_session_cookies_reads_what_the_session_middleware_signed() -> None:
    cookies = SessionCookies(KEY, max_age=3600)
    content = {"uid": 3, "csrf": "t" * 30}
    value = _cookie(content)
    assert cookies.session(f"a=b; chitieu_session={value}") == content
    assert cookies.session(f"chitieu_session={value}") == content  # the second time from memory
    assert cookies.session("a=b") is None


@pytest.mark.parametrize(("age", "max_age", "valid"), [(10, 3600, True), (4000, 3600, False), (59, 60, True)])
def test_session_cookies_expire_as_the_session_middleware_says(age: int, max_age: int, valid: bool) -> None:
    class Signed(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    cookies = SessionCookies(KEY, max_age=max_age)
    value = _cookie({"uid": 1, "csrf": "t" * 30}, Signed(KEY))
    assert (cookies.session(f"chitieu_session={value}") is not None) == valid


def test_session_cookies_forget_a_cookie_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    cookies = SessionCookies(KEY, max_age=100)
    header = f"chitieu_session={_cookie({'uid': 1, 'csrf': 't' * 30})}"
    assert cookies.session(header) is not None
    later = time.time() + 101
    monkeypatch.setattr("chitieu.web.front.time.time", lambda: later)
    assert cookies.session(header) is None


@pytest.mark.parametrize(("age", "served"), [(0.0, True), (5.0, False)])
def test_front_serves_only_while_the_data_version_is_fresh(
    world_engine: Any, tmp_path: Any, world: Any, age: float, served: bool
) -> None:
    from tests.web.conftest import make_client

    client = make_client(world_engine, tmp_path)  # no lifespan: nothing refreshes the version meanwhile
    front = front_of(client)
    url = _url(PATHS[0], world)
    login(client, "xem")
    client.get(url)
    _, version = client.app.state.version  # type: ignore[attr-defined]
    client.app.state.version = (time.monotonic() - age, version)  # type: ignore[attr-defined]
    before = front.served
    assert client.get(url).status_code == 200
    assert front.served == before + served


def test_front_serves_a_page_kept_anew_not_the_one_before(client: TestClient, world: Any) -> None:
    front = front_of(client)
    url = _url(PATHS[0], world)
    login(client, "xem")
    client.get(url)
    first = client.get(url)
    pages = client.app.state.pages  # type: ignore[attr-defined]
    (key,) = [k for k in pages if k[3] == "/"]
    pages[key] = pages[key].replace(b"</main>", b"<p>kept anew</p></main>")  # as a new rendering would
    before = front.served
    again = client.get(url)
    assert front.served == before + 1
    assert "kept anew" in again.text and "kept anew" not in first.text
