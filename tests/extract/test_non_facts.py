"""Numbers that are no figures of the report (chitieu.extract.non_facts)."""

from __future__ import annotations

import pytest

from chitieu.extract.non_facts import not_a_fact
from chitieu.text.normalize import fold
from chitieu.text.numbers import find_quantities


def _judged(text: str, number: str) -> bool:
    folded = fold(text)
    at = text.index(number)
    q = next(q for q in find_quantities(text) if q.start == at)
    return not_a_fact(folded, 0, q)


@pytest.mark.parametrize(
    ("text", "number", "dropped"),
    [
        ("Tổ chức kỷ niệm 120 năm Ngày thành lập tỉnh.", "120", True),  # an anniversary's age
        ("Đánh giá tình hình 5 năm thực hiện Nghị quyết.", "5", True),  # a span of years
        ("Tăng trưởng bình quân đạt 5 năm liền.", "5", False),  # a trigger right before: measured
        ("Số bác sĩ trên 10.000 dân đạt 11 bác sĩ.", "10.000", True),  # a ratio's population
        ("Số bác sĩ trên 10.000 dân đạt 11 bác sĩ.", "11", False),
        ("Bảng 1. Hàng hóa thông qua cảng biển", "1", True),  # the number of a table
        ("Thu ngân sách đạt 1.200 tỷ đồng.", "1.200", False),
        ("Giá trị sản phẩm/1 ha đất canh tác đạt 180 triệu đồng.", "1", True),  # "/1 ha"
    ],
)
def test_not_a_fact_drops_what_is_no_figure(text: str, number: str, dropped: bool) -> None:
    assert _judged(text, number) is dropped
