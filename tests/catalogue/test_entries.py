"""The catalogue as data: the shipped entries, and checking a province's CSV line by line."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest

from chitieu.catalogue.entries import (
    ABBREVIATIONS,
    CatalogueEntry,
    name_key,
    parse_entries,
    standard_catalogue,
    valid_unit,
)
from chitieu.domain import DOMAINS
from chitieu.errors import ValidationError
from chitieu.text.normalize import nfc

HEADER = "code;name;domain;units;direction;aggregation;aliases\n"


def test_standard_catalogue_is_large_coded_and_covers_every_domain() -> None:
    entries = standard_catalogue()
    assert len(entries) >= 150
    assert len({e.code for e in entries}) == len(entries)
    assert {e.domain for e in entries} == set(DOMAINS)
    assert all(e.standard and e.units and e.name == nfc(e.name) for e in entries)


@pytest.mark.parametrize(
    ("code", "direction", "unit"),
    [
        ("CT-KT-001", "up", "%"),  # GRDP growth
        ("CT-XH-001", "down", "%"),  # poverty rate
        ("CT-XH-012", "up", "bác sĩ/vạn dân"),
        ("CT-KT-011", "up", "tỷ đồng"),  # budget revenue
        ("CT-AN-008", "down", "vụ"),  # traffic accidents
        ("CT-CT-001", "up", "đảng viên"),  # party admissions
    ],
)
def test_standard_catalogue_entry_has_its_direction_and_unit(code: str, direction: str, unit: str) -> None:
    entry = next(e for e in standard_catalogue() if e.code == code)
    assert (entry.direction, entry.unit) == (direction, unit)


def test_entry_keys_answer_without_diacritics() -> None:
    entry = next(e for e in standard_catalogue() if e.code == "CT-MT-001")
    assert "ty le che phu rung" in entry.keys


@pytest.mark.parametrize(
    ("unit", "ok"),
    [("tỷ đồng", True), ("triệu đồng/người/năm", True), ("bác sĩ/vạn dân", True), ("điểm %", True),
     ("nghìn tấn", True), ("xã", True), ("đồng hồ", False), ("", False), ("kg/abc", False)],
)  # fmt: skip
def test_valid_unit_accepts_units_and_nouns_of_count(unit: str, ok: bool) -> None:
    assert valid_unit(unit) is ok


def test_parse_entries_reads_a_province_file_with_commas() -> None:
    text = (
        "code,name,domain,units,direction,aggregation,aliases\n"
        'TV-001,"Số hộ trồng dừa sáp",kinh tế,hộ,up,sum,"hộ trồng dừa|Số hộ dừa sáp"\n'
    )
    (entry,) = parse_entries(text, path="tinh.csv")
    assert entry == CatalogueEntry(
        "TV-001",
        "Số hộ trồng dừa sáp",
        "kinh tế",
        ("hộ",),
        "up",
        "sum",
        ("hộ trồng dừa", "Số hộ dừa sáp"),
        False,
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("tv 01;Tên;kinh tế;%;up;ratio;", "mã"),
        ("TV-002;;kinh tế;%;up;ratio;", "thiếu tên"),
        ("TV-003;Tên;văn hóa;%;up;ratio;", "lĩnh vực"),
        ("TV-004;Tên;kinh tế;đồng hồ;up;ratio;", "đơn vị tính"),
        ("TV-005;Tên;kinh tế;%;better;ratio;", "chiều"),
        ("TV-006;Tên;kinh tế;%;up;total;", "cách cộng dồn"),
        ("TV-007;Tỷ lệ che phủ rừng;môi trường;%;up;ratio;", "CT-MT-001"),  # a standard name
        ("CT-KT-001;Tên mới;kinh tế;%;up;ratio;", "trùng"),  # a standard code
    ],
)
def test_parse_entries_names_the_line_and_entry_of_an_error(line: str, message: str) -> None:
    text = HEADER + "TV-000;Chỉ tiêu đúng;kinh tế;%;up;ratio;\n" + line + "\n"
    with pytest.raises(ValidationError) as err:
        parse_entries(text, path="tinh.csv", existing=standard_catalogue())
    assert "tinh.csv, dòng 3" in err.value.message and message in err.value.message


def test_parse_entries_refuses_an_alias_used_twice_in_the_file() -> None:
    text = HEADER + "TV-1;Số hộ dừa;kinh tế;hộ;up;sum;dừa sáp\nTV-2;Số cây dừa;kinh tế;cây;up;sum;Dua sap\n"
    with pytest.raises(ValidationError, match="dua sap"):
        parse_entries(text.replace(";cây;", ";hộ;"))


def test_parse_entries_wants_the_columns() -> None:
    with pytest.raises(ValidationError, match="thiếu cột"):
        parse_entries("ma;ten\nA;B\n", path="x.csv")


def _whole_text_key(text: str) -> str:
    """name_key as it folds a whole text at once (decomposed, marks dropped, then non-words)."""
    bare = re.sub("[\u0300-\u036f]+", "", unicodedata.normalize("NFD", text.lower()).replace("đ", "d"))
    key = " ".join(re.sub(r"[^0-9a-z%]+", " ", bare).split())
    return re.sub(r"\b(?:" + "|".join(ABBREVIATIONS) + r")\b", lambda m: ABBREVIATIONS[m[0]], key)


@pytest.mark.parametrize(
    "text",
    [
        "Tỷ lệ hộ nghèo theo chuẩn đa chiều",
        "TỶ LỆ ĐÔ THỊ HOÁ (%)",
        "Số xã đạt chuẩn NTM nâng cao",  # an abbreviation written out
        "Ty le ho ngheò",  # an old tone placement
        "tỷ lệ che phủ\u00a0rừng: 42,5%",
        "a\u0301b c\u0323\u0302d",  # decomposed marks, one and two on a letter
        "Σ ΣΑΣ İstanbul ǅ ﬁ ①②",  # context-dependent lower case, ligatures, circled digits
        "",
        "Tỷ lệ xã NTM% và %NTM, 5NTM, NTMx, BHYT-BHXH, CNQSD đất",  # abbreviations beside a % or a mark
    ],
)
def test_name_key_folds_as_the_whole_text_does(text: str) -> None:
    assert name_key(text) == _whole_text_key(text)


@pytest.mark.parametrize("seed", range(20))
def test_name_key_writes_out_abbreviations_just_where_the_pattern_finds_them(seed: int) -> None:
    rng = random.Random(seed)
    pieces = [*ABBREVIATIONS, *(a.upper() for a in ABBREVIATIONS), "%", "5", "x", "ấp", " ", "-", "đ"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(200)]
    assert [name_key.__wrapped__(t) for t in texts] == [_whole_text_key(t) for t in texts]


def test_name_key_folds_every_character_as_the_whole_text_does() -> None:
    # each character between two letters and at the end, as text writes it, in chunks of 4096
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    for at in range(0, len(chars), 4096):
        text = "".join(f"a{c}b{c} " for c in chars[at : at + 4096])
        assert name_key.__wrapped__(text) == _whole_text_key(text), at
