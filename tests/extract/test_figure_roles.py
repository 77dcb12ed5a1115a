"""The role, basis and sign of a figure (chitieu.extract.figure_roles), through the extractor."""

from __future__ import annotations

import pytest

from chitieu.extract.facts import extract_paragraph
from chitieu.extract.sections import paragraphs, segment
from chitieu.model import Context, Document, Line


def _roles(text: str) -> list[tuple[float | None, str, str | None]]:
    lines = tuple(Line(i, t, t) for i, t in enumerate(text.split("\n"), 1))
    doc = segment(Document("t", lines, context=Context(period=2024)))
    return [
        (f.value if f.value is not None else f.low, f.role, f.basis)
        for para in paragraphs(doc)
        for f in extract_paragraph(para)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thu ngân sách đạt 1.200 tỷ đồng, bằng 104,2% dự toán, tăng 6,4% so cùng kỳ.",
            [(1200.0, "actual", None), (104.2, "attainment", "dự toán"), (6.4, "change", "cùng kỳ")],
        ),
        ("Kim ngạch xuất khẩu giảm 2,7% so cùng kỳ.", [(-2.7, "change", "cùng kỳ")]),
        (
            "Tổng mức bán lẻ đạt 52.380 tỷ đồng, vượt 4,8% kế hoạch.",
            [(52380.0, "actual", None), (4.8, "excess", "kế hoạch")],
        ),
        (
            "Tỷ lệ hộ nghèo giảm từ 12,4% năm 2015 xuống còn 3,1%.",
            [(12.4, "actual", None), (3.1, "actual", None)],
        ),
        (
            "Tăng trưởng kinh tế đạt 7,82% (Nghị quyết tăng 7 - 7,5%).",
            [(7.82, "actual", None), (7.0, "target", "Nghị quyết")],
        ),
    ],
)
def test_role_of_reads_role_basis_and_sign(text: str, expected: list[tuple[float, str, str | None]]) -> None:
    assert _roles(text) == expected
