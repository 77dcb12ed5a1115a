"""Domains of the briefing: from headings of the source, the catalogue, or the indicator's name."""

from __future__ import annotations

import pytest

from chitieu.report.domains import OTHER, DocumentOutline, domain_of, domain_of_text


@pytest.mark.parametrize(
    ("heading", "domain"),
    [
        ("Lĩnh vực kinh tế", "kinh tế"),
        ("Lĩnh vực văn hóa - xã hội", "xã hội"),
        ("Linh vuc van hoa - xa hoi", "xã hội"),  # OCR text without marks
        ("Tài nguyên - môi trường", "môi trường"),
        ("Quốc phòng - an ninh", "quốc phòng - an ninh"),
        ("Công tác xây dựng Đảng, xây dựng hệ thống chính trị", "xây dựng hệ thống chính trị"),
        ("KẾT QUẢ ĐẠT ĐƯỢC", None),
    ],
)
def test_domains_of_heading(heading: str, domain: str | None) -> None:
    assert domain_of_text(heading) == domain


@pytest.mark.parametrize(
    ("name", "catalogue", "heading", "domain"),
    [
        ("Tỷ lệ hộ nghèo", "kinh tế", "xã hội", "kinh tế"),  # the catalogue decides
        ("Tỷ lệ hộ nghèo", None, "môi trường", "môi trường"),  # then the heading
        ("Tỷ lệ hộ nghèo", None, None, "xã hội"),  # then the name
        ("Kim ngạch xuất khẩu", None, None, "kinh tế"),
        ("Số đảng viên kết nạp", None, None, "xây dựng hệ thống chính trị"),
        ("Số cuộc thi", None, None, OTHER),
    ],
)
def test_domains_of_indicator(name: str, catalogue: str | None, heading: str | None, domain: str) -> None:
    assert domain_of(name, catalogue, heading) == domain


def test_domains_outline_of_a_source_text() -> None:
    text = "A. KẾT QUẢ NĂM 2023\n1. Lĩnh vực kinh tế\n- GRDP tăng 7%;\ntiếp dòng\n- Xuất khẩu\n2. Quốc phòng - an ninh\n- Tội phạm giảm"
    outline = DocumentOutline.of(text)
    assert outline.at(3) == ("kinh tế", 3)
    assert outline.at(4) == ("kinh tế", 3)
    assert outline.at(5) == ("kinh tế", 5)
    assert outline.at(7) == ("quốc phòng - an ninh", 7)
    assert outline.at(99) == (None, None)
