"""The page So sánh: units side by side, a bar chart in SVG (no JavaScript needed) and a table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chitieu.domain import Period
from chitieu.store import repo, session_scope

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def figures(world_engine: Engine, world: Any) -> None:
    """2023 revenue: An Lạc 1500 (target 1000: vượt), Tân Hòa 800, Bình Sơn 1200 (target 1000)."""
    with session_scope(world_engine, actor="test") as s:
        for unit_id, value in ((world.inside, 1500.0), (world.district, 800.0), (world.outside, 1200.0)):
            repo.put_observation(s, indicator_id=world.indicator, unit_id=unit_id, period=Period(2023), value=value,
                                 state="approved", entered_by="test")  # fmt: skip


def _svg(page: str) -> ET.Element:
    found = re.search(r"<svg .*?</svg>", page, re.S)
    assert found is not None, "no inline SVG"
    return ET.fromstring(found.group(0))


@pytest.mark.usefixtures("figures")
def test_compare_page_ranks_units_with_bars_and_table(client: TestClient, signin: Any, world: Any) -> None:
    signin("xem")
    r = client.get(f"/so-sanh?chi_tieu={world.indicator}&nam=2023")
    assert r.status_code == 200
    svg = _svg(r.text)
    assert svg.get("role") == "img"
    bars = [(g.findall(f"{SVG}text")[0].text, float(g.find(f"{SVG}rect").get("width") or 0))  # type: ignore[union-attr]
            for g in svg.findall(f"{SVG}g")]  # fmt: skip
    assert [name for name, _ in bars] == ["Tỉnh An Lạc", "Tỉnh Bình Sơn", "Huyện Tân Hòa"]
    # widths in proportion to the values: 1500 fills the 380 px, 1200 -> 304, 800 -> 202.7
    assert [w for _, w in bars] == pytest.approx([380.0, 304.0, 202.7], abs=0.1)
    rows = re.findall(r'<tr><td class="num">(\d+|—)</td><td><a [^>]+>([^<]+)</a>', r.text)
    assert rows == [("1", "Tỉnh An Lạc"), ("2", "Tỉnh Bình Sơn"), ("3", "Huyện Tân Hòa")]
    assert "1.500 tỷ đồng" in r.text and "vượt" in r.text
    assert "<script" not in r.text.split('<main id="noi-dung"', 1)[1].split("</main>", 1)[0]


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize(
    ("level", "names"), [("tỉnh", ["Tỉnh An Lạc", "Tỉnh Bình Sơn"]), ("huyện", ["Huyện Tân Hòa"])]
)
def test_compare_page_filters_by_level(
    client: TestClient, signin: Any, world: Any, level: str, names: list[str]
) -> None:
    signin("xem")
    page = client.get("/so-sanh", params={"chi_tieu": world.indicator, "nam": 2023, "cap": level}).text
    found = [g.findall(f"{SVG}text")[0].text for g in _svg(page).findall(f"{SVG}g")]
    assert found == names


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [("chi_tieu=abc", 422, "Chỉ tiêu không hợp lệ"), ("chi_tieu=9999", 404, "Không có chỉ tiêu số 9999"),
     ("nam=x", 422, "Năm không hợp lệ")],
)  # fmt: skip
def test_compare_page_bad_input_is_a_message(
    client: TestClient, signin: Any, query: str, status: int, message: str
) -> None:
    signin("xem")
    r = client.get(f"/so-sanh?{query}")
    assert r.status_code == status
    assert message in r.text
    assert "Traceback" not in r.text


def test_compare_page_is_in_the_navigation(client: TestClient, signin: Any) -> None:
    signin("xem")
    assert '<a href="/so-sanh">So sánh</a>' in client.get("/").text
    page = client.get("/so-sanh")
    assert page.status_code == 200 and '<a href="/so-sanh" aria-current="page">So sánh</a>' in page.text


@pytest.mark.usefixtures("figures")
def test_compare_page_follows_new_figures(
    client: TestClient, signin: Any, world: Any, world_engine: Engine
) -> None:
    signin("xem")
    url = f"/so-sanh?chi_tieu={world.indicator}&nam=2023"
    assert "2.500 tỷ đồng" not in client.get(url).text
    with session_scope(world_engine, actor="test") as s:
        repo.put_observation(s, indicator_id=world.indicator, unit_id=world.district, period=Period(2023),
                             value=2500.0, state="approved", entered_by="test")  # fmt: skip
    page = client.get(url).text
    assert "2.500 tỷ đồng" in page
    names = [g.findall(f"{SVG}text")[0].text for g in _svg(page).findall(f"{SVG}g")]
    assert names[0] == "Huyện Tân Hòa"
