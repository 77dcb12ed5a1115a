"""Indicator names: short, clean noun phrases."""

from __future__ import annotations

import pytest

from chitieu.extract.indicators import indicator_name, list_item_name


@pytest.mark.parametrize(
    ("head", "unit", "tail", "trigger", "name"),
    [
        (
            "Tổng giá trị sản xuất ngành nông nghiệp đạt ",
            "tỷ đồng",
            "",
            "reach",
            "Tổng giá trị sản xuất ngành nông nghiệp",
        ),
        (
            "Trong năm 2023, tổng vốn đầu tư toàn xã hội ước đạt ",
            "tỷ đồng",
            "",
            "reach",
            "Tổng vốn đầu tư toàn xã hội",
        ),
        ("Kết nạp ", "đảng viên", "", None, "Số đảng viên kết nạp"),
        ("; ", "cuộc", " giám sát", None, "Số cuộc giám sát"),
        ("Có ", "%", " đảng viên hoàn thành tốt nhiệm vụ", None, "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ"),
        ("khu vực dịch vụ chiếm ", "%", "", "share", "Tỷ trọng khu vực dịch vụ"),
        ("Tổng đàn gia súc toàn tỉnh có ", "con", "", None, "Tổng đàn gia súc"),
        (
            "tong gia tri san xuat nganh thuy san dat ",
            "tỷ đồng",
            "",
            "reach",
            "Tong gia tri san xuat nganh thuy san",
        ),
        ("Tình hình sản xuất công nghiệp ", "%", "", None, "Tình hình sản xuất công nghiệp"),
    ],
)
def test_indicator_name(head: str, unit: str, tail: str, trigger: str | None, name: str) -> None:
    assert indicator_name(head, unit, tail=tail, trigger=trigger) == name


@pytest.mark.parametrize(
    ("parent", "item", "name"),
    [
        ("Tổng diện tích gieo trồng", " lúa ", "Diện tích gieo trồng lúa"),
        ("Tỷ lệ học sinh đi học đúng độ tuổi", " THCS ", "Tỷ lệ học sinh đi học đúng độ tuổi THCS"),
        ("Một số sản phẩm chủ yếu tăng khá", " xi măng ", "Xi măng"),
    ],
)
def test_list_item_name(parent: str, item: str, name: str) -> None:
    assert list_item_name(parent, item) == name
