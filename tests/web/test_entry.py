"""The entry form's period lists: kind, year and number chosen, never typed; checked on the server."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chitieu.domain import Period
from chitieu.web.entry import period_numbers, period_of_parts


@pytest.mark.parametrize(
    ("year", "kind", "number", "expected"),
    [
        ("2025", "year", None, Period(2025)),
        ("2025", "quarter", "2", Period(2025, "quarter", 2)),
        ("2024", "half", "2", Period(2024, "half", 2)),
        ("2024", "nine_months", "1", Period(2024, "nine_months")),
        ("2024", "month", "12", Period(2024, "month", 12)),
        ("2024", "ytd", "10", Period(2024, "ytd", 10)),
        ("2024", "ytd", "1", Period(2024, "ytd", 1)),
    ],
)
def test_entry_period_of_parts(year: str, kind: str, number: str | None, expected: Period) -> None:
    assert period_of_parts(year, kind, number) == expected


@pytest.mark.parametrize(
    ("year", "kind", "number", "message"),
    [
        ("2025", "quarter", "5", "Kỳ số “5” không hợp lệ cho kỳ quý (từ 1 đến 4)."),
        ("2025", "month", "0", "Kỳ số “0” không hợp lệ cho kỳ tháng (từ 1 đến 12)."),
        ("2025", "half", "x", "Kỳ số “x” không hợp lệ cho kỳ 6 tháng (từ 1 đến 2)."),
        ("2025", "ytd", "13", "Kỳ số “13” không hợp lệ cho kỳ lũy kế (từ 1 đến 12)."),
        ("2025", "ytd", "0", "Kỳ số “0” không hợp lệ cho kỳ lũy kế (từ 1 đến 12)."),
        ("2025", "tuan", "1", "Loại kỳ không hợp lệ: “tuan”."),
        ("", "year", "1", "Hãy chọn năm của kỳ báo cáo."),
        ("1800", "year", "1", "Năm không hợp lệ: “1800”."),
    ],
)
def test_entry_period_of_parts_rejects(year: str, kind: str, number: str, message: str) -> None:
    from chitieu.errors import ValidationError

    with pytest.raises(ValidationError) as err:
        period_of_parts(year, kind, number)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("kind", "labels"),
    [
        ("quarter", ["quý I", "quý II", "quý III", "quý IV"]),
        ("half", ["6 tháng đầu năm", "6 tháng cuối năm"]),
        ("nine_months", ["9 tháng đầu năm"]),
        ("year", ["cả năm"]),
        ("ytd", [f"từ đầu năm đến hết tháng {n}" for n in range(1, 13)]),
    ],
)
def test_entry_period_numbers_match_the_kind(kind: Any, labels: list[str]) -> None:
    assert [name for _, name in period_numbers(kind)] == labels
    assert [n for n, _ in period_numbers(kind)] == list(range(1, len(labels) + 1))


def _selected(page: str, name: str) -> tuple[str, list[str]]:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert found is not None, name
    chosen = re.search(r'<option value="([^"]+)" selected>', found.group(1))
    assert chosen is not None, name
    return chosen.group(1), re.findall(r'<option value="([^"]+)"', found.group(1))


def test_entry_page_lists_and_saves_a_quarter(client: TestClient, world: Any, signin: Any) -> None:
    csrf = signin("cap_nhat")
    page = client.get(f"/nhap-so-lieu?don_vi={world.inside}&nam=2025&loai_ky=quarter&so_ky=2").text
    assert "quý II/2025" in page and 'name="ky" value="2025-Q2"' in page
    assert 'input name="ky"' not in page  # no free text for the period
    assert _selected(page, "loai_ky") == (
        "quarter",
        ["year", "half", "nine_months", "quarter", "month", "ytd"],
    )
    assert _selected(page, "so_ky") == ("2", ["1", "2", "3", "4"])
    data = {"csrf_token": csrf, "don_vi": str(world.inside), "ky": "2025-Q2", f"v_{world.indicator}": "250"}
    r = client.post("/nhap-so-lieu", data=data)
    assert r.status_code == 303 and r.headers["location"].endswith("ky=2025-Q2")
    again = client.get(r.headers["location"]).text
    assert 'value="250"' in again


def test_entry_page_rejects_a_bad_number(client: TestClient, world: Any, signin: Any) -> None:
    signin("cap_nhat")
    r = client.get(f"/nhap-so-lieu?don_vi={world.inside}&nam=2025&loai_ky=quarter&so_ky=7")
    assert r.status_code in (400, 422)
    assert "Kỳ số “7” không hợp lệ cho kỳ quý (từ 1 đến 4)." in r.text


def test_entry_page_lists_and_saves_a_year_to_date(client: TestClient, world: Any, signin: Any) -> None:
    csrf = signin("cap_nhat")
    page = client.get(f"/nhap-so-lieu?don_vi={world.inside}&nam=2025&loai_ky=ytd&so_ky=10").text
    assert "lũy kế 10 tháng năm 2025" in page and 'name="ky" value="2025-LK10"' in page
    assert _selected(page, "so_ky") == ("10", [str(n) for n in range(1, 13)])
    data = {
        "csrf_token": csrf,
        "don_vi": str(world.inside),
        "ky": "2025-LK10",
        f"v_{world.indicator}": "1.234,5",
    }
    r = client.post("/nhap-so-lieu", data=data)
    assert r.status_code == 303 and r.headers["location"].endswith("ky=2025-LK10")
    assert 'value="1.234,5"' in client.get(r.headers["location"]).text


@pytest.mark.parametrize("ky", ["2025-LK13", "2025-LK0", "2025-LK"])
def test_entry_save_rejects_a_bad_year_to_date(client: TestClient, world: Any, signin: Any, ky: str) -> None:
    csrf = signin("cap_nhat")
    data = {"csrf_token": csrf, "don_vi": str(world.inside), "ky": ky, f"v_{world.indicator}": "5"}
    r = client.post("/nhap-so-lieu", data=data)
    assert r.status_code in (400, 422)
    assert f"Kỳ báo cáo không hợp lệ: “{ky}”" in r.text
