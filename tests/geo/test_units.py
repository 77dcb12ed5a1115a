"""The shipped list of provinces: both versions, the 2025 mergers, old units mapped to new ones."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter

import pytest

from chitieu.geo import units
from chitieu.geo.build_units import MERGERS
from chitieu.geo.units import REFORM_DATE, current_key, hierarchy, province, provinces


def test_units_versions_have_63_and_34_provinces() -> None:
    assert len(provinces("2024")) == 63
    assert len(provinces("2025")) == 34
    for version in ("2024", "2025"):
        codes = [p.gso_code for p in provinces(version)]  # type: ignore[arg-type]
        assert len(set(codes)) == len(codes)
        assert all(len(c) == 2 and c.isdigit() for c in codes)


def test_units_names_are_nfc_and_full() -> None:
    for p in (*provinces("2024"), *provinces("2025")):
        assert unicodedata.is_normalized("NFC", p.name)
        assert p.name.startswith(("Tỉnh ", "Thành phố "))
        assert p.short_name and not p.short_name.startswith(("Tỉnh", "Thành phố"))


def test_units_every_old_province_goes_to_exactly_one_new_one() -> None:
    formed = Counter(k for p in provinces("2025") for k in p.formed_from)
    ended = [p for p in provinces("2024") if p.valid_to is not None]
    assert len(ended) == 52 and all(formed[p.key] == 1 for p in ended)
    whole = [p for p in provinces("2025") if not p.formed_from]
    assert len(whole) == 11  # the provinces the reform left whole
    assert {p.key for p in whole} == {p.key for p in provinces("2024") if p.valid_to is None}


@pytest.mark.parametrize(
    ("old_name", "new_name"),
    [
        ("Tỉnh Hà Giang", "Tỉnh Tuyên Quang"),
        ("Tỉnh Bình Dương", "Thành phố Hồ Chí Minh"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Tỉnh Quảng Nam", "Thành phố Đà Nẵng"),
        ("Tỉnh Kon Tum", "Tỉnh Quảng Ngãi"),
        ("Tỉnh Bình Định", "Tỉnh Gia Lai"),
        ("Tỉnh Trà Vinh", "Tỉnh Vĩnh Long"),
        ("Tỉnh Hậu Giang", "Thành phố Cần Thơ"),
        ("Tỉnh Bạc Liêu", "Tỉnh Cà Mau"),
        ("Thành phố Hà Nội", "Thành phố Hà Nội"),
        ("Tỉnh Nghệ An", "Tỉnh Nghệ An"),
    ],
)
def test_units_current_key_maps_old_to_new(old_name: str, new_name: str) -> None:
    old = next(p for p in provinces("2024") if p.name == old_name)
    new = province(current_key(old.key))
    assert new is not None and new.name == new_name and new.valid_to is None


def test_units_merged_units_end_on_the_reform_day() -> None:
    hg = province("02-2024")
    assert hg is not None and hg.name == "Tỉnh Hà Giang"
    assert hg.valid_to == REFORM_DATE == dt.date(2025, 7, 1) == hierarchy().reform_date
    assert hg.successor == "08"
    new_tq = province("08")
    assert new_tq is not None and new_tq.valid_from == REFORM_DATE
    assert set(new_tq.formed_from) == {"02-2024", "08-2024"}


def test_units_current_key_unknown_raises() -> None:
    with pytest.raises(KeyError):
        current_key("99")


def test_units_data_file_matches_merger_table() -> None:
    raw = json.loads(units.DATA.read_text(encoding="utf-8"))
    table = {int(n["code"]): tuple(int(c) for c in n["from"]) for n in raw["versions"]["2025"]}
    assert table == MERGERS
