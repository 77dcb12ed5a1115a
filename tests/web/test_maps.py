"""The map page ``/ban-do``: 34 province shapes, colours by value or status, legend, table, no data."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chitieu.domain import Period
from chitieu.geo.choropleth import NO_DATA, PALETTE, STATUS_FILL
from chitieu.store import repo, session_scope
from chitieu.store.national import province_units, seed_units


def _fills(html: str) -> dict[str, str]:
    return dict(
        (key, fill)
        for fill, key in re.findall(r'<path d="[^"]+" fill="([^"]+)" data-province="([^"]+)"', html)
    )


@pytest.fixture
def provinces_with_figures(world_engine: Engine) -> int:
    """The 34 provinces seeded; figures for 2024 for three of them, a target for one; the indicator id."""
    with session_scope(world_engine, actor="test") as s:
        seed_units(s)
        units = province_units(s)
        ind = repo.add_indicator(s, "Số doanh nghiệp thành lập mới", unit="doanh nghiệp", domain="kinh tế")
        for code, value in (("01", 30000.0), ("04", 300.0), ("38", 3000.0)):
            repo.put_observation(s, indicator_id=ind.id, unit_id=units[code].id, period=Period(2024), value=value,
                                 entered_by="test")  # fmt: skip
        # before the reform: Hà Giang and the old Tuyên Quang, summed for the new Tuyên Quang
        for code, value in (("02-2024", 100.0), ("08-2024", 200.0)):
            repo.put_observation(s, indicator_id=ind.id, unit_id=units[code].id, period=Period(2024), value=value,
                                 entered_by="test")  # fmt: skip
        repo.put_target(s, indicator_id=ind.id, unit_id=units["01"].id, period=Period(2024), op=">=",
                        value=25000.0, entered_by="test")  # fmt: skip
        return ind.id


def test_maps_page_has_34_shapes_coloured_by_value(
    client: TestClient, signin: Any, provinces_with_figures: int
) -> None:
    signin("xem")
    r = client.get(f"/ban-do?chi_tieu={provinces_with_figures}&nam=2024")
    assert r.status_code == 200, r.text[:300]
    html = r.text
    assert html.count("<path ") == 34 and len(set(re.findall(r'data-province="(\d\d)"', html))) == 34
    assert 'role="img" aria-labelledby="ban-do-tieu-de ban-do-mo-ta"' in html
    fills = _fills(html)
    assert len(fills) == 34
    # 300 (Cao Bằng) < 300 (Tuyên Quang, 100 + 200) < 3.000 (Thanh Hóa) < 30.000 (Hà Nội)
    assert PALETTE.index(fills["04"]) == PALETTE.index(fills["08"]) < PALETTE.index(fills["38"])
    assert PALETTE.index(fills["38"]) < PALETTE.index(fills["01"]) == len(PALETTE) - 1
    assert fills["79"] == NO_DATA
    assert "<title>Thành phố Hà Nội: 30.000 doanh nghiệp (vượt)</title>" in html
    assert "QĐ. Hoàng Sa" in html and "QĐ. Trường Sa" in html and html.count('class="island"') > 5
    assert "Chú giải" in html and 'class="legend"' in html and "Chưa có số liệu" in html
    assert "<table" in html and '<th scope="row">Tỉnh Tuyên Quang</th><td class="num">300</td>' in html
    assert 'href="/ban-do" aria-current="page"' in html


def test_maps_page_by_status(client: TestClient, signin: Any, provinces_with_figures: int) -> None:
    signin("xem")
    html = client.get(f"/ban-do?chi_tieu={provinces_with_figures}&nam=2024&theo=danh-gia").text
    fills = _fills(html)
    assert fills["01"] == STATUS_FILL["vượt"]  # 30.000 against at least 25.000
    assert fills["04"] == NO_DATA  # a figure but no target: nothing to judge


def test_maps_page_without_data_is_grey_with_a_message(client: TestClient, signin: Any) -> None:
    signin("xem")
    r = client.get("/ban-do")
    assert r.status_code == 200
    fills = _fills(r.text)
    assert len(fills) == 34 and set(fills.values()) == {NO_DATA}
    assert "Chưa có số liệu của các tỉnh, thành phố" in r.text and "chitieu units seed" in r.text


@pytest.mark.parametrize("query", ["theo=mau", "chi_tieu=abc", "chi_tieu=999999", "nam=x"])
def test_maps_page_bad_query_is_a_clear_error(client: TestClient, signin: Any, query: str) -> None:
    signin("xem")
    r = client.get(f"/ban-do?{query}")
    assert r.status_code == 422 and "Traceback" not in r.text


def test_maps_page_needs_sign_in(client: TestClient) -> None:
    assert client.get("/ban-do").status_code == 303


@pytest.mark.parametrize("role", ["quan_tri", "cap_nhat", "phe_duyet", "xem"])
def test_maps_page_for_every_role_and_in_the_navigation(client: TestClient, signin: Any, role: str) -> None:
    signin(role)
    r = client.get("/")
    assert '<a href="/ban-do">Bản đồ</a>' in r.text
    page = client.get("/ban-do?theo=danh-gia")
    assert page.status_code == 200 and page.text.count("<path ") == 34
