"""Indicator names: short, clean noun phrases."""

from __future__ import annotations

import pytest

from chitieu.extract.indicators import balanced, indicator_name, is_fragment, list_item_name, sentence_subject


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
        # the period is a field of the fact, not part of its name
        ("Kim ngạch xuất khẩu 9 tháng đầu năm 2024 ", "triệu USD", "", "reach", "Kim ngạch xuất khẩu"),
        ("Tỷ lệ hộ nghèo năm 2024 ", "%", "", "level", "Tỷ lệ hộ nghèo"),
        ("Doanh thu du lịch quý III ", "tỷ đồng", "", "reach", "Doanh thu du lịch"),
        ("Số đối tượng được trợ cấp hằng tháng ", "người", "", None, "Số đối tượng được trợ cấp hằng tháng"),
        # what is counted stays in the name
        ("Có ", "%", " trường đạt chuẩn quốc gia", None, "Tỷ lệ trường đạt chuẩn quốc gia"),
        ("Có ", "xã", " đạt chuẩn nông thôn mới", None, "Số xã đạt chuẩn nông thôn mới"),
        (
            "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên ",
            "%",
            "",
            "reach",
            "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên",
        ),
        ("Tỷ trọng công nghiệp - xây dựng ", "%", "", "share", "Tỷ trọng công nghiệp - xây dựng"),
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
        # an item that is a full name of its own is not prefixed again
        (
            "Tỷ lệ lao động qua đào tạo",
            " Tỷ lệ lao động qua đào tạo có văn bằng, chứng chỉ ",
            "Tỷ lệ lao động qua đào tạo có văn bằng, chứng chỉ",
        ),
        ("Tổng thu ngân sách", " thu nội địa ", "Thu ngân sách thu nội địa"),
    ],
)
def test_list_item_name(parent: str, item: str, name: str) -> None:
    assert list_item_name(parent, item) == name


@pytest.mark.parametrize(
    ("parent", "item", "unit", "name"),
    [
        ("Cơ cấu kinh tế", " dịch vụ ", "%", "Tỷ trọng dịch vụ trong cơ cấu kinh tế"),
        ("Cơ cấu kinh tế", " khu vực I ", "%", "Tỷ trọng khu vực I trong cơ cấu kinh tế"),
        ("co cau kinh te", " dich vu ", "%", "Tỷ trọng dich vu trong co cau kinh te"),
        ("Cơ cấu kinh tế", " tỷ trọng dịch vụ ", "%", "Tỷ trọng dịch vụ"),
        # a count under a structure head is no share
        ("Cơ cấu kinh tế", " dịch vụ ", "tỷ đồng", "Dịch vụ"),
    ],
)
def test_list_item_name_shares_of_a_whole(parent: str, item: str, unit: str, name: str) -> None:
    assert list_item_name(parent, item, unit) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tốc độ tăng trưởng kinh tế (GRDP", "Tốc độ tăng trưởng kinh tế (GRDP)"),
        ("Tỷ lệ hộ nghèo)", "Tỷ lệ hộ nghèo"),
        ("Thu ngân sách (giá hiện hành)", "Thu ngân sách (giá hiện hành)"),
    ],
)
def test_balanced_closes_brackets(name: str, expected: str) -> None:
    assert balanced(name) == expected


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("Đối", True), ("Phát", True), ("%", True), ("GRDP", False), ("Lúa", False), ("Tỷ lệ hộ nghèo", False)],
)
def test_is_fragment_one_word_that_names_nothing(name: str, fragment: bool) -> None:
    assert is_fragment(name) is fragment


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Chỉ số sản xuất công nghiệp (IIP) tăng khá cao so cùng kỳ, ", "Chỉ số sản xuất công nghiệp (IIP)"),
        ("Chỉ số sản xuất công nghiệp 6 tháng đầu năm tăng khá, ", "Chỉ số sản xuất công nghiệp"),
        ("Tổng mức bán lẻ hàng hóa tiếp tục phục hồi, ", "Tổng mức bán lẻ hàng hóa"),
        ("Thu ngân sách có nhiều chuyển biến, ", "Thu ngân sách"),
        ("Trong 9 tháng, tăng ", ""),  # a period, not an indicator
        ("Tỉnh đã tăng cường chỉ đạo, ", ""),  # a subject with no indicator head
        ("Tăng ", ""),
        ("Năm 2025: ", ""),
    ],
)
def test_sentence_subject_is_an_opening_indicator(sentence: str, subject: str) -> None:
    assert sentence_subject(sentence) == subject


@pytest.mark.parametrize(("head", "unit"), [("Năm 2025:", "%"), ("", "tỷ đồng"), (" ước ", "%")])
def test_indicator_name_a_measure_alone_names_nothing(head: str, unit: str) -> None:
    assert indicator_name(head, unit) == ""


@pytest.mark.parametrize(
    ("head", "unit", "tail", "name"),
    [
        ("a) ", "chỉ tiêu", " kinh tế gồm:", "Số chỉ tiêu kinh tế"),
        ("II. ", "chỉ tiêu", " xã hội:", "Số chỉ tiêu xã hội"),
        ("3. Tỷ lệ hộ nghèo ", "%", "", "Tỷ lệ hộ nghèo"),
    ],
)
def test_indicator_name_without_the_list_mark(head: str, unit: str, tail: str, name: str) -> None:
    assert indicator_name(head, unit, tail=tail) == name
