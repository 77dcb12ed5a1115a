"""Linking facts to the catalogue: names, spellings without marks, OCR damage, units, the clause."""

from __future__ import annotations

import dataclasses
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chitieu.catalogue.entries import CatalogueEntry, name_key, standard_catalogue
from chitieu.catalogue.link import (
    _CONTRAST_RELEVANT,
    DEFAULT_THRESHOLD,
    Linker,
    _contrasted,
    _linked,
    _own_clause,
    default_linker,
    link_facts,
)
from chitieu.model import Fact


@pytest.mark.parametrize(
    ("name", "unit", "role", "code"),
    [
        ("Tốc độ tăng trưởng GRDP", "%", "actual", "CT-KT-001"),
        ("tốc độ tăng trưởng kinh tế", "%", "target", "CT-KT-001"),
        ("Toc do tang truong kinh te", "%", "target", "CT-KT-001"),  # no diacritics
        ("Tốc độ tăng trưởng kinh tế (GRDP", "%", "target", "CT-KT-001"),  # an open bracket
        ("GRDP bình quân đầu người", "triệu đồng/người/năm", "actual", "CT-KT-003"),
        ("Tỷ trọng công nghiệp - xây dựng trong cơ cấu kinh tế", "%", "actual", "CT-KT-005"),
        ("Tỷ trọng khu vực III", "%", "actual", "CT-KT-006"),
        ("Tổng thu ngân sách", "tỷ đồng", "actual", "CT-KT-011"),
        ("Tong thu ngan sach nha nuoc tren dia ban", "triệu đồng", "actual", "CT-KT-011"),
        ("Tổng chi ngân sách địa phương", "tỷ đồng", "actual", "CT-KT-015"),  # spending, not revenue
        ("Thu nội địa", "tỷ đồng", "target", "CT-KT-012"),
        ("Kim ngạch xuất khẩu", "triệu USD", "actual", "CT-KT-022"),
        ("Kim ngạch nhập khẩu", "triệu USD", "actual", "CT-KT-023"),  # imports, not exports
        ("Kim ngạch xuất khẩu", "%", "change", "CT-KT-022"),  # the growth of exports
        ("Tổng mức bán lẻ hàng hoá và doanh thu dịch vụ tiêu dùng", "tỷ đồng", "actual", "CT-KT-024"),
        ("Tỷ lệ hộ nghèo", "%", "actual", "CT-XH-001"),
        ("Ty le ho ngheo", "%", "actual", "CT-XH-001"),
        ("Tỷ lệ hộ ngheò", "%", "actual", "CT-XH-001"),  # old tone placement
        ("Số bác sĩ/vạn dân", "bác sĩ/vạn dân", "target", "CT-XH-012"),
        ("Số giường bệnh trên vạn dân", "giường bệnh/vạn dân", "target", "CT-XH-013"),
        ("Tỷ lệ dân số tham gia BHYT", "%", "actual", "CT-XH-008"),
        ("Tỷ lệ lao động qua đào tạo có văn bằng, chứng chỉ", "%", "target", "CT-XH-019"),
        ("Tỷ lệ thất nghiệp khu vực thành thị", "%", "target", "CT-XH-022"),
        ("Số xã đạt chuẩn nông thôn mới nâng cao", "xã", "actual", "CT-KT-074"),
        ("Số xã đạt chuẩn nông thôn mới", "xã", "actual", "CT-KT-073"),
        ("Tỷ lệ che phủ rừng", "%", "actual", "CT-MT-001"),
        ("Tỷ lệ che phủ rùng", "%", "actual", "CT-MT-001"),  # OCR: ù for ừ
        ("Tổng giá trị sản xuất ngành nông nghệp", "tỷ đồng", "actual", "CT-KT-039"),  # OCR: a letter lost
        ("Số đảng viên kết nạp mới", "đảng viên", "actual", "CT-CT-001"),
        ("Số vụ tai nạn giao thông", "vụ", "actual", "CT-AN-008"),
        ("Số người chết do tai nạn giao thông", "người", "actual", "CT-AN-009"),
        ("Số người bị thương do tai nạn giao thông", "người", "actual", "CT-AN-010"),  # injured, not dead
    ],
)
def test_link_name_to_code(name: str, unit: str, role: str, code: str) -> None:
    found = default_linker().link(name, unit, role)
    assert found.code == code, found
    assert 0.7 <= found.confidence <= 1.0


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("Số bộ đèn chiếu sáng được lắp đặt", "bộ đèn"),
        ("Đối", "đồng chí"),
        ("Minh bạch chính sách vụ đại người", "công"),
        ("Tổng thu ngân sách", "%"),  # a level in % (no growth, no basis) is not the revenue
    ],
)
def test_link_gives_no_code_when_nothing_fits(name: str, unit: str) -> None:
    found = default_linker().link(name, unit, "actual")
    assert found.code is None and found.confidence < DEFAULT_THRESHOLD


def test_link_reads_the_clause_of_a_broken_name() -> None:
    fact = Fact(5, "Kéo", "actual", "=", 5.77, unit="%",
                text="kéo giảm tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng còn 5,77%.")  # fmt: skip
    linked = default_linker().link_fact(fact)
    assert linked.indicator_code == "CT-XH-015" and linked.link_confidence is not None


def test_link_prefers_the_name_nearest_the_figure_in_the_clause() -> None:
    text = "phấn đấu có 67/85 xã đạt chuẩn NTM, 20% xã đạt chuẩn NTM nâng cao"
    first = default_linker().link_fact(Fact(3, "Số xã", "target", "=", 67, of=85, unit="xã", text=text))
    assert first.indicator_code == "CT-KT-073"


def test_link_gives_alternatives_best_first() -> None:
    found = default_linker().link("Tỷ lệ xã đạt chuẩn nông thôn mới", "%")
    scores = [s for _, s in found.alternatives]
    assert found.alternatives[0][0] == found.code and scores == sorted(scores, reverse=True)


def test_linker_over_a_province_catalogue() -> None:
    entries = [
        CatalogueEntry("TV-001", "Số hộ trồng dừa sáp", "kinh tế", ("hộ",), aliases=("hộ trồng dừa",)),
        CatalogueEntry("TV-002", "Diện tích dừa", "kinh tế", ("ha",)),
    ]
    linker = Linker([*standard_catalogue(), *entries])
    assert linker.link("So ho trong dua sap", "hộ").code == "TV-001"
    assert linker.link("Diện tích dừa sáp", "ha").code == "TV-002"
    assert linker.link("Diện tích lúa", "ha").code == "CT-KT-044"


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("Có 72,5% hộ và 48% ấp đạt chuẩn nông thôn mới;", 72.5, "CT-KT-102"),
        ("Có 72,5% hộ và 48% ấp đạt chuẩn nông thôn mới;", 48.0, "CT-KT-103"),
        ("phấn đấu 85% trở lên hộ và 70% trở lên ấp đạt chuẩn NTM", 70.0, "CT-KT-103"),
        ("92% xã, phường, thị trấn, 100% cơ quan, đơn vị đạt chuẩn an toàn về an ninh, trật tự", 100.0,
         "CT-AN-040"),
    ],
)  # fmt: skip
def test_link_share_reads_its_own_part_of_a_listed_clause(text: str, value: float, code: str) -> None:
    fact = Fact(4, "Tỷ lệ", "actual", "=", value, unit="%", text=text)
    assert default_linker().link_fact(fact).indicator_code == code


@pytest.mark.parametrize(
    ("clause", "value", "own"),
    [
        ("co 72 5% ho va 48% ap dat chuan", 72.5, "co 72 5% ho dat chuan"),
        ("co 72 5% ho va 48% ap dat chuan", 48.0, "co 48% ap dat chuan"),
        # a share after a verb is not listed beside the other: nothing is left out
        ("co 100% to chuc dang duoc xep loai trong do 80% hoan thanh tot", 80.0,
         "co 100% to chuc dang duoc xep loai trong do 80% hoan thanh tot"),
        ("dat 1 540 dang vien va 12% dang vien tre", 1540.0, "dat 1 540 dang vien va 12% dang vien tre"),  # a count
        ("tang 12 5% so cung ky dat 300 ty dong", 12.5, "tang 12 5% so cung ky dat 300 ty dong"),  # one share
        ("co 300 ho va 48 ap dat chuan", 300.0, "co 300 ho va 48 ap dat chuan"),  # no share
    ],
)  # fmt: skip
def test_own_clause_leaves_out_the_other_shares_of_a_list(clause: str, value: float, own: str) -> None:
    assert _own_clause(clause, value) == own


@pytest.mark.parametrize(
    ("name", "unit", "text", "code"),
    [
        (
            "Sắp xếp",
            "phòng",
            "Sắp xếp giảm 12 phòng và tương đương;",
            "CT-CT-019",
        ),  # "Số phòng và tương đương"
        ("Tiếp", "lượt", "Tiếp 120 lượt công dân đến kiến nghị", "CT-AN-024"),
    ],
)
def test_link_finds_a_count_named_in_its_clause_without_so(
    name: str, unit: str, text: str, code: str
) -> None:
    fact = Fact(2, name, "change" if unit == "phòng" else "actual", "=", 12.0, unit=unit, text=text)
    assert default_linker().link_fact(fact).indicator_code == code


def test_link_facts_growth_takes_the_code_of_its_figure() -> None:
    linker = Linker([
        CatalogueEntry("TV-101", "Sản lượng cá tra", "kinh tế", ("tấn",)),
        CatalogueEntry("TV-102", "Sản lượng cá lóc", "kinh tế", ("%",)),  # a share, for the test
    ], threshold=0.3)  # fmt: skip
    text = "sản lượng đạt 52.300 tấn, tăng 6,1% so cùng kỳ"
    level = Fact(7, "Sản lượng", "actual", "=", 52300, unit="tấn", text=text)
    growth = Fact(7, "Sản lượng", "change", "=", 6.1, unit="%", basis="cùng kỳ", text=text)
    assert linker.link_fact(growth).indicator_code == "TV-102"  # alone, its unit fits the rate
    first, second = link_facts([level, growth], linker)
    assert first.indicator_code == "TV-101"
    assert (second.indicator_code, second.link_confidence) == (first.indicator_code, first.link_confidence)
    # a figure of another name in the same clause is not that figure's
    other = Fact(7, "Sản lượng cá", "change", "=", 6.1, unit="%", basis="cùng kỳ", text=text)
    assert link_facts([level, other], linker)[1] == linker.link_fact(other)


@pytest.mark.parametrize(
    ("name", "unit", "code"),
    [
        ("Trang thiết bị y tế được đầu tư", "giường bệnh/vạn dân", "CT-XH-013"),  # the unit says what it is
        ("Mạng lưới khám chữa bệnh", "bác sĩ/vạn dân", "CT-XH-012"),
        ("Tỷ lệ dân số khu vực nông thôn được cung cấp nước sạch", "%", "CT-MT-003"),  # not hygienic water
        (
            "Tỷ lệ dân số khu vực đô thị được cung cấp nước sạch, nước hợp vệ sinh",
            "%",
            "CT-MT-002",
        ),  # not rural
        ("Tỷ lệ hộ dân nông thôn sử dụng nước hợp vệ sinh", "%", "CT-MT-004"),
        ("Giảm tỷ trọng lao động khu vực nông, lâm nghiệp và thủy sản", "%", "CT-XH-023"),  # labour, not GRDP
        ("Tỷ lệ diện tích được cấp GCN quyền sử dụng đất", "%", "CT-MT-018"),  # GCN written out
    ],
)
def test_link_name_and_unit_tell_close_entries_apart(name: str, unit: str, code: str) -> None:
    assert default_linker().link(name, unit, "actual").code == code


def test_link_is_the_same_in_every_process(tmp_path: Path) -> None:
    """Codes and confidences do not depend on the order a process happens to keep a set of words
    in (the hash seed): the same report links the same way every time."""
    report = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.txt"))[0]
    code = (
        "import sys; from chitieu.ingest import extract_path; "
        f"print([(f.indicator_code, f.link_confidence) for f in extract_path({str(report)!r})])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed), "CHITIEU_CACHE_DIR": str(tmp_path)},
        ).stdout
        for seed in (1, 2, 3, 4)
    }  # fmt: skip
    assert len(runs) == 1


@pytest.mark.parametrize(
    "name",
    ["Tổng thu ngân sách nhà nước", "Tổng chi ngân sách", "Kim ngạch xuất khẩu", "Số người chết do tai nạn",
     "Số xã đạt chuẩn nông thôn mới", "Tỷ lệ trường đạt chuẩn quốc gia"],
)  # fmt: skip
def test_linker_contrasted_answers_as_the_whole_names_do(name: str) -> None:
    linker = default_linker()
    words = frozenset(linker._index.names[0].words | set(name_key(name).split()))
    for i, n in enumerate(linker._index.names):
        assert linker._contrasted(words & _CONTRAST_RELEVANT, i) == _contrasted(words, n.words), n.text


@pytest.mark.parametrize(("code", "confidence"), [("CT-KT-001", 0.875), (None, 0.3), (None, None)])
def test_linked_is_the_fact_with_its_code_and_confidence(code: str | None, confidence: float | None) -> None:
    fact = Fact(3, "Thu ngân sách", "target", ">=", 1200.5, 1000.0, 1500.0, 2.5, "tỷ đồng", "kế hoạch",
                2025, True, "II.1", "a.txt", "year", 4, "thu ngân sách 1.200,5 tỷ đồng", "X", 0.1, 6)  # fmt: skip
    expected = dataclasses.replace(fact, indicator_code=code, link_confidence=confidence)
    got = _linked(fact, code, confidence)
    assert got == expected
    assert [getattr(got, f.name) for f in dataclasses.fields(Fact)] == [
        getattr(expected, f.name) for f in dataclasses.fields(Fact)
    ]


def test_link_facts_leaves_collection_on() -> None:
    fact = Fact(1, "Tỷ lệ hộ nghèo", "actual", "=", 2.1, unit="%", text="tỷ lệ hộ nghèo còn 2,1%")
    assert gc.isenabled()
    assert link_facts([fact], default_linker())[0].indicator_code == "CT-XH-001"
    assert gc.isenabled()
