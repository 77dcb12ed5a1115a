"""Browser tests: Playwright drives Debian's Chromium against a real server on a free loopback port.

Log in, upload the example report, accept its facts, see the dashboard change, enter
a value with a validation error and fix it, submit it and approve it. Screenshots of
the main pages are saved under ``test-artifacts/``. Skipped (with the reason) when
Chromium or Playwright is missing; no browser is ever downloaded.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bao-cao-tinh-an-lac-2023.txt"
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium is not installed (/usr/bin/chromium)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(engine: Engine, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if request.node.callspec.params.get("engine") == "postgresql":
        pytest.skip("the browser test runs on SQLite only")
    import uvicorn

    from chitieu.web import create_app
    from chitieu.web.demo import load_demo

    load_demo(engine, reports=False)
    app = create_app(engine, secret_key="b" * 48, upload_dir=tmp_path / "uploads")
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none", lifespan="off")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (PyPI) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        yield pg
        context.close()
        browser.close()


def _login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/$|/\?"))


def _counts(page: Any) -> dict[str, int]:
    out = {}
    for item in page.locator("ul.counts li").all():
        out[item.get_attribute("data-status")] = int(item.locator("strong").inner_text())
    return out


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_upload_review_enter_approve(page: Any, server: str) -> None:
    from chitieu.web.demo import DEMO_USERS

    admin = DEMO_USERS["quantri"][1]
    _login(page, server, "quantri", admin)
    page.goto(f"{server}/?don_vi=1&ky=2023")
    before = _counts(page)
    assert before["chưa có số liệu"] > 0
    _shot(page, "tong-quan-truoc")

    page.goto(f"{server}/tai-lieu")
    page.set_input_files('input[type="file"]', str(EXAMPLE))
    page.get_by_role("button", name="Tải lên và trích xuất").click()
    page.wait_for_url(re.compile(r"/tai-lieu/\d+$"), timeout=60_000)
    assert page.locator(".fact").count() > 100
    _shot(page, "tai-lieu-xem-xet")
    page.get_by_role("button", name="Chấp nhận tất cả").click()
    page.wait_for_load_state()
    assert "Đã chấp nhận" in page.locator(".alert").first.inner_text()

    page.goto(f"{server}/?don_vi=1&ky=2023")
    after = _counts(page)
    assert after["chưa có số liệu"] < before["chưa có số liệu"]
    assert after != before
    _shot(page, "tong-quan-sau")

    page.goto(f"{server}/chi-tieu/7?don_vi=1")
    page.wait_for_function(
        "document.querySelector('#history') && document.querySelector('#history').width > 0"
    )
    _shot(page, "chi-tieu")

    page.goto(f"{server}/nhap-so-lieu?don_vi=1&ky=2024")
    field = page.get_by_label("Tổng thu ngân sách nhà nước trên địa bàn")
    field.fill("12,3,4")
    page.locator(".check.error").first.wait_for()
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state()
    assert "chưa lưu số liệu nào" in page.content()
    _shot(page, "nhap-so-lieu-loi")
    field = page.get_by_label("Tổng thu ngân sách nhà nước trên địa bàn")
    field.fill("12.345,6")
    page.locator(".check.ok").first.wait_for()
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_url(re.compile(r"/nhap-so-lieu\?"))
    assert "Đã lưu 1 số liệu" in page.content()
    page.get_by_role("button", name=re.compile("Gửi phê duyệt")).click()
    page.wait_for_load_state()
    assert "Đã gửi 1 số liệu" in page.content()
    _shot(page, "nhap-so-lieu")
    page.get_by_role("button", name="Đăng xuất").click()

    _login(page, server, "pheduyet", DEMO_USERS["pheduyet"][1])
    page.goto(f"{server}/phe-duyet?ky=2024")
    page.get_by_label("Tổng thu ngân sách nhà nước trên địa bàn").check()
    _shot(page, "phe-duyet")
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    page.wait_for_load_state()
    assert "Đã phê duyệt 1 số liệu" in page.content()
    page.goto(f"{server}/ke-hoach/1")
    _shot(page, "ke-hoach")


NAV = "Điều hướng chính"


def _nav_links(page: Any) -> list[tuple[str, str]]:
    """(href, label) of the navigation links that are visible now."""
    nav = page.get_by_role("navigation", name=NAV)
    return [
        (link.get_attribute("href"), link.inner_text().strip())
        for link in nav.get_by_role("link").all()
        if link.is_visible()
    ]


def test_browser_navigation_desktop(page: Any, server: str) -> None:
    """At 1280 × 800 the links show without a menu; each section opens from the dashboard."""
    from playwright.sync_api import expect

    from chitieu.web.demo import DEMO_USERS

    page.set_viewport_size({"width": 1280, "height": 800})
    _login(page, server, "quantri", DEMO_USERS["quantri"][1])
    nav = page.get_by_role("navigation", name=NAV)
    expect(nav.get_by_role("button", name="Danh mục")).to_be_hidden()
    links = _nav_links(page)
    assert len(links) >= 5, links
    assert {"/", "/chi-tieu", "/ke-hoach", "/nhap-so-lieu", "/phe-duyet", "/tai-lieu", "/bao-cao"} <= {
        href for href, _ in links
    }
    _shot(page, "dieu-huong-1280")
    for href, label in links:
        page.goto(f"{server}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
        link = nav.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        with page.expect_navigation() as info:
            link.click()
        response = info.value
        assert response is not None and response.status < 400, (href, response and response.status)
        assert page.url.split("?")[0] == f"{server}{href}", (href, page.url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "page")

    # keyboard: the skip link first, then the brand, then the navigation in order
    page.goto(f"{server}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Chuyển đến nội dung chính"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    assert page.evaluate("document.activeElement.getAttribute('href')") == links[0][0]
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("?")[0] == f"{server}{links[1][0]}"


def test_browser_navigation_narrow(page: Any, server: str) -> None:
    """At 360 px the links sit behind a disclosure button that works by mouse and keyboard."""
    from playwright.sync_api import expect

    from chitieu.web.demo import DEMO_USERS

    page.set_viewport_size({"width": 360, "height": 740})
    _login(page, server, "quantri", DEMO_USERS["quantri"][1])
    nav = page.get_by_role("navigation", name=NAV)
    toggle = nav.get_by_role("button", name="Danh mục")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert _nav_links(page) == []
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    links = _nav_links(page)
    assert len(links) >= 5, links
    for link in nav.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "dieu-huong-360")
    with page.expect_navigation() as info:
        nav.get_by_role("link", name="Báo cáo", exact=True).click()
    assert info.value is not None and info.value.status < 400
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo")

    # keyboard: Enter opens, Escape closes and gives focus back to the button
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")


def test_browser_navigation_every_width(page: Any, server: str) -> None:
    """From 360 to 1920 px every link can be reached: shown, or one click on the button away."""
    from playwright.sync_api import expect

    from chitieu.web.demo import DEMO_USERS

    _login(page, server, "xem", DEMO_USERS["xem"][1])
    nav = page.get_by_role("navigation", name=NAV)
    total = nav.locator("a").count()  # hidden ones too (roles leave them out)
    assert total >= 5
    for width in (360, 414, 768, 899, 900, 1024, 1280, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{server}/")
        toggle = nav.get_by_role("button", name="Danh mục")
        if width < 900:
            expect(toggle).to_be_visible()
            toggle.click()
        else:
            expect(toggle).to_be_hidden()
        assert len(_nav_links(page)) == total, width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width


def test_browser_review_relink_once_and_bulk_accept(page: Any, server: str) -> None:
    from chitieu.web.demo import DEMO_USERS

    _login(page, server, "quantri", DEMO_USERS["quantri"][1])
    page.goto(f"{server}/tai-lieu")
    page.set_input_files('input[type="file"]', str(EXAMPLE))
    page.get_by_role("button", name="Tải lên và trích xuất").click()
    page.wait_for_url(re.compile(r"/tai-lieu/\d+$"), timeout=60_000)
    assert page.locator(".confidence").count() > 100
    page.locator("#relink summary").click()
    groups = page.locator("form.relink-group")
    sizes = [
        int(re.findall(r"\d+", groups.nth(i).locator("button").inner_text())[0])
        for i in range(groups.count())
    ]
    pick = next(i for i, n in enumerate(sizes) if n >= 2)
    form = groups.nth(pick)
    form.locator('input[name="name"]').fill("Chỉ tiêu gắn lại thử nghiệm")
    form.locator("button").click()
    page.wait_for_load_state()
    assert f"Đã chuyển {sizes[pick]} dữ kiện" in page.locator(".alert").first.inner_text()
    assert page.locator(".fact strong", has_text="Chỉ tiêu gắn lại thử nghiệm").count() == sizes[pick]
    _shot(page, "tai-lieu-gan-lai")

    pending = int(page.locator("#pending-count").inner_text())
    page.locator('input[name="threshold"]').fill("0,95")
    page.get_by_role("button", name="Chấp nhận theo độ tin cậy").click()
    page.wait_for_load_state()
    found = re.search(
        r"Đã chấp nhận (\d+) dữ kiện có độ tin cậy từ 95 %", page.locator(".alert").first.inner_text()
    )
    assert found and int(found.group(1)) > 0
    assert int(page.locator("#pending-count").inner_text()) == pending - int(found.group(1))
