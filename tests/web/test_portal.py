"""The public portal pages (``/cong-khai``): no sign-in, unpublished plans hidden, chart, table, downloads."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chitieu.domain import Period
from chitieu.store import browse, repo, session_scope


@pytest.fixture
def published(world: Any, world_engine: Engine) -> Any:
    """The world's plan made public, with approved revenue results 2021-2022 of An Lạc (1.100 in 2022)."""
    with session_scope(world_engine, actor="test") as s:
        browse.set_plan_public(s, world.plan, True)
        for year, value in ((2021, 950.0), (2022, 1100.0)):
            repo.put_observation(s, indicator_id=world.indicator, unit_id=world.inside, period=Period(year),
                                 value=value, state="approved", entered_by="test")  # fmt: skip
    return world


def _indicator_path(world: Any) -> str:
    return f"/cong-khai/{world.plan}/chi-tieu/{world.indicator}"


@pytest.mark.parametrize("path", ["/cong-khai/{plan}", "/cong-khai/{plan}/chi-tieu/{ind}",
                                  "/cong-khai/{plan}/chi-tieu/{ind}/tai-ve/csv", "/cong-khai/{plan}/chi-tieu/{ind}/tai-ve/sdmx",
                                  "/cong-khai/{plan}/tai-ve/csv", "/cong-khai/{plan}/tai-ve/opensdg"])  # fmt: skip
@pytest.mark.parametrize("who", [None, "quan_tri"])
def test_portal_unpublished_plan_is_404(
    client: TestClient, world: Any, signin: Any, path: str, who: str | None
) -> None:
    if who:
        signin(who)
    r = client.get(path.format(plan=world.plan, ind=world.indicator))
    assert r.status_code == 404
    assert "Nghị quyết thử nghiệm" not in r.text and "1.100" not in r.text


def test_portal_index_lists_published_plans_without_sign_in(
    client: TestClient, world: Any, world_engine: Engine
) -> None:
    assert "Nghị quyết thử nghiệm" not in client.get("/cong-khai").text
    with session_scope(world_engine, actor="test") as s:
        browse.set_plan_public(s, world.plan, True)
    r = client.get("/cong-khai")
    assert r.status_code == 200 and f'href="/cong-khai/{world.plan}"' in r.text
    assert "Tỉnh An Lạc" in r.text and "2021 - 2025" in r.text and '<html lang="vi">' in r.text


def test_portal_plan_page_groups_by_domain_with_badges(client: TestClient, published: Any) -> None:
    r = client.get(f"/cong-khai/{published.plan}")
    assert r.status_code == 200
    assert re.search(r"<h2 [^>]*>Kinh tế</h2>", r.text)
    assert f'href="{_indicator_path(published)}"' in r.text
    assert 'data-status="vượt"' in r.text  # 1.100 against "từ 1.000 trở lên" in 2022, the latest result


def test_portal_indicator_page_has_chart_table_sources_and_downloads(
    client: TestClient, published: Any
) -> None:
    r = client.get(_indicator_path(published))
    assert r.status_code == 200
    html = r.text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and svg.count('<circle class="actual"') == 2
    assert svg.count('class="target"') == 2  # targets 2022 and 2023
    assert "<caption>" in html and '<th scope="row">2022</th>' in html and "1.100 tỷ đồng" in html
    assert "Thực hiện: nhập tay" in html
    for fmt in ("csv", "opensdg", "sdmx"):
        assert f'href="{_indicator_path(published)}/tai-ve/{fmt}"' in html


@pytest.mark.parametrize(
    ("fmt", "header", "value_column"),
    [("csv", "Năm,Mã chỉ tiêu,Chỉ tiêu,Đơn vị tính", "Thực hiện"), ("opensdg", "Year,Units,Series,GeoCode,Value", "Value"),
     ("sdmx", "DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE", "OBS_VALUE")],
)  # fmt: skip
def test_portal_download_parses_back(
    client: TestClient, published: Any, fmt: str, header: str, value_column: str
) -> None:
    r = client.get(f"{_indicator_path(published)}/tai-ve/{fmt}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.text.splitlines()[0].startswith(header)
    rows = list(csv.DictReader(io.StringIO(r.text)))
    values = [row[value_column] for row in rows if row[value_column]]
    assert values[:2] == ["950", "1100"]


@pytest.mark.parametrize("fmt", ["csv", "sdmx"])
def test_portal_plan_download_holds_every_indicator_row(client: TestClient, published: Any, fmt: str) -> None:
    page = client.get(f"/cong-khai/{published.plan}").text
    assert f'href="/cong-khai/{published.plan}/tai-ve/{fmt}"' in page
    whole = client.get(f"/cong-khai/{published.plan}/tai-ve/{fmt}")
    one = client.get(f"{_indicator_path(published)}/tai-ve/{fmt}")
    assert whole.status_code == 200 and whole.headers["content-type"].startswith("text/csv")
    assert f'filename="ke-hoach-{published.plan}' in whole.headers["content-disposition"]
    plan_rows, indicator_rows = whole.text.splitlines(), one.text.splitlines()
    assert plan_rows[0] == indicator_rows[0] and plan_rows.count(plan_rows[0]) == 1  # one header
    assert set(indicator_rows[1:]) <= set(plan_rows[1:]) and len(indicator_rows) > 2


def test_portal_plan_opensdg_download_is_a_data_folder_zip(client: TestClient, published: Any) -> None:
    r = client.get(f"/cong-khai/{published.plan}/tai-ve/opensdg")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        names = archive.namelist()
        assert names and all(re.fullmatch(r"data/indicator_[a-z0-9-]+\.csv", n) for n in names)
        files = {n: archive.read(n).decode("utf-8") for n in names}
    one = client.get(f"{_indicator_path(published)}/tai-ve/opensdg").text
    assert one in files.values()
    assert all(text.startswith("Year,Units,Series,GeoCode,Value\n") for text in files.values())


def test_portal_unknown_download_format_is_404(client: TestClient, published: Any) -> None:
    r = client.get(f"{_indicator_path(published)}/tai-ve/xlsx")
    assert r.status_code == 404 and "opensdg" in r.text
    r = client.get(f"/cong-khai/{published.plan}/tai-ve/xlsx")
    assert r.status_code == 404 and "opensdg" in r.text


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [(0.0, 79.9, [0, 20, 40, 60, 80]), (0.0, 146.0, [0, 50, 100, 150]), (0.0, 1.0, [0, 0.25, 0.5, 0.75, 1]),
     (-30.0, 70.0, [-50, -25, 0, 25, 50, 75]), (0.0, 17000.0, [0, 5000, 10000, 15000, 20000])],
)  # fmt: skip
def test_portal_chart_ticks_are_round_and_cover_the_values(
    low: float, high: float, ticks: list[float]
) -> None:
    from chitieu.web.portal_chart import _ticks

    found = _ticks(low, high)
    assert found == pytest.approx(ticks)
    assert found[0] <= low and found[-1] >= high
