"""What a document is (plan or report) and of which period, and the parts announced in its text."""

from __future__ import annotations

import pytest

from chitieu.extract.sections import paragraphs, segment
from chitieu.extract.structure import document_context, read_title
from chitieu.ingest import extract_text
from chitieu.model import Context, Document, Line
from chitieu.text.normalize import strip_marks


def lines_of(text: str) -> tuple[Line, ...]:
    return tuple(Line(i, t, t) for i, t in enumerate(text.split("\n"), 1))


LETTERHEAD = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/BC-UBND | Tân Hà, ngày 20 tháng 9 năm 2024\n\n"


@pytest.mark.parametrize(
    ("head", "kind", "period", "period_kind"),
    [
        ("NGHỊ QUYẾT\nVề kế hoạch phát triển kinh tế - xã hội năm 2025\n", "plan", 2025, "year"),
        ("BÁO CÁO\nTình hình kinh tế - xã hội 9 tháng đầu năm 2024\n", "report", 2024, "9m"),
        ("Báo cáo kết quả thực hiện Nghị quyết năm 2023\n", "report", 2023, "year"),
        ("KẾ HOẠCH\nThực hiện nhiệm vụ giai đoạn 2026 - 2030\n", "plan", 2030, "multi-year"),
        (
            "HĐND tỉnh thông qua chỉ tiêu năm 2026\n\nChiều 8/12, kỳ họp thứ 20 đã bàn về kinh tế.\n",
            "",
            2026,
            "year",
        ),
    ],
)
def test_read_title_gives_kind_and_period(head: str, kind: str, period: int, period_kind: str) -> None:
    for text in (LETTERHEAD + head, strip_marks(LETTERHEAD + head)):
        title = read_title(lines_of(text))
        assert title.kind == kind
        assert title.period is not None and (title.period.year, title.period.kind) == (period, period_kind)


@pytest.mark.parametrize(
    ("head", "period", "targets"), [("NGHỊ QUYẾT\n", 2025, True), ("BÁO CÁO\n", 2024, False)]
)
def test_document_context_falls_back_on_the_date_line(head: str, period: int, targets: bool) -> None:
    text = "Số: 3/NQ-HĐND | ngày 10 tháng 12 năm 2024\n" + head + "Lời mở đầu không nêu năm.\n"
    ctx = document_context(lines_of(text), Context())
    assert (ctx.period, ctx.targets) == (period, targets)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # the title names the period without its year: its kind and number, the date line's year
        ("BÁO CÁO\nTình hình kinh tế - xã hội tháng 9\n", (2024, "month", 9)),
        ("BÁO CÁO\nKết quả thực hiện nhiệm vụ quý III\n", (2024, "quarter", 3)),
        ("BÁO CÁO\nTình hình kinh tế - xã hội 6 tháng cuối năm\n", (2024, "half", 2)),
        ("BÁO CÁO\nTình hình kinh tế - xã hội quý II năm 2023\n", (2023, "quarter", 2)),
        ("BÁO CÁO\nTình hình kinh tế - xã hội lũy kế đến tháng 8\n", (2024, "ytd", 8)),
        # a plan of a period within the year plans the year
        ("KẾ HOẠCH\nThực hiện nhiệm vụ quý IV năm 2024\n", (2024, "year", None)),
        # a title with no period: the date line's year, a year's figures
        ("BÁO CÁO\nTình hình kinh tế - xã hội\n", (2024, "year", None)),
    ],
)
def test_document_context_carries_the_title_kind_and_number(
    head: str, expected: tuple[int, str, int | None]
) -> None:
    for text in (LETTERHEAD + head, strip_marks(LETTERHEAD + head)):
        ctx = document_context(lines_of(text), Context())
        assert (ctx.period, ctx.period_kind, ctx.period_number) == expected, text


def test_document_context_a_wrapped_line_of_prose_is_no_title() -> None:
    text = "Tin tức\n\nChiều 9/12, đại biểu đã thông qua Nghị quyết về\nkế hoạch năm 2025 với 50/52 phiếu tán thành.\n"
    assert read_title(lines_of(text)).kind == ""


PRESS = """Tỉnh Bắc Hà đặt mục tiêu tăng trưởng năm 2026

Sáng 5/12, kỳ họp thứ 9 HĐND tỉnh đã bế mạc.

Nghị quyết đề ra 12 chỉ tiêu chủ yếu, trong đó có các chỉ tiêu sau:

Tốc độ tăng trưởng GRDP đạt 9%.

Tỷ lệ hộ nghèo giảm 1%.

Trước đó, đại biểu nghe báo cáo năm 2025: GRDP ước tăng 7,5%, thu ngân sách đạt
3.200 tỷ đồng, bằng 104% dự toán.
"""


def test_segment_an_announced_list_runs_until_the_prose_after_it() -> None:
    for text in (PRESS, strip_marks(PRESS)):
        facts = {(f.line, f.value or f.low): f for f in extract_text(text, restore="never")}
        assert facts[(7, 9)].role == "target" and facts[(7, 9)].period == 2026
        assert facts[(9, 1)].role == "target" and facts[(9, 1)].indicator.startswith("Mức giảm")
        assert facts[(11, 7.5)].role == "change" and facts[(11, 7.5)].period == 2025
        assert facts[(12, 3200)].role == "actual"
        assert facts[(12, 104)].role == "attainment" and facts[(12, 104)].basis == "dự toán"


PLAN = """NGHỊ QUYẾT
Về nhiệm vụ năm 2025

Điều 1. Mục tiêu, chỉ tiêu
(1) Tốc độ tăng trưởng GRDP: Trên 8%.
(2) Thu nhập bình quân đầu người: từ 80,4 triệu đồng đến 80,8 triệu đồng.
(3) Số bác sĩ trên 10.000 dân đạt 12 bác sĩ.
(4) Tăng trưởng năm 2024 ước đạt 7,1%.
Điều 2. Tổ chức kỷ niệm 80 năm ngày thành lập tỉnh.
"""


def test_extract_a_resolution_is_targets_throughout() -> None:
    facts = extract_text(PLAN, restore="never")
    got = [(f.line, f.role, f.op, f.value, f.low, f.high, f.unit, f.period) for f in facts]
    assert got == [
        (5, "target", ">", 8, None, None, "%", 2025),
        (6, "target", "between", None, 80.4, 80.8, "triệu đồng", 2025),
        (7, "target", "=", 12, None, None, "bác sĩ/vạn dân", 2025),
        (8, "actual", "=", 7.1, None, None, "%", 2024),
    ]
    assert facts[0].indicator == "Tốc độ tăng trưởng GRDP"
    assert {f.period_kind for f in facts} == {"year"}


REPORT = """Báo cáo
Tình hình kinh tế - xã hội 6 tháng đầu năm 2024
Phần thứ nhất
Kết quả thực hiện
Tổng thu ngân sách ước đạt 212 tỷ đồng, bằng 143,2% so với cùng kỳ.
Riêng quý II thu 120 tỷ đồng.
Phần thứ hai
Phương hướng, nhiệm vụ 6 tháng cuối năm
Thu ngân sách cả năm đạt 400 tỷ đồng.
"""


def test_extract_standalone_titles_in_plain_case_open_parts() -> None:
    facts = extract_text(REPORT, restore="never")
    got = [(f.line, f.role, f.value, f.period, f.period_kind, f.indicator) for f in facts]
    assert got[0][:5] == (5, "actual", 212, 2024, "half")
    assert got[0][5].startswith("Tổng thu ngân sách")
    assert got[1][:5] == (5, "attainment", 143.2, 2024, "half")
    assert got[2][:5] == (6, "actual", 120, 2024, "quarter")
    assert got[3][:5] == (9, "target", 400, 2024, "year")


@pytest.mark.parametrize(
    "text",
    [
        "thu ngân sách đạt 3.200 tỷ đồng, tăng 4% so cùng kỳ, giải quyết việc làm cho 1.200 lao động",
        "THU NGAN SACH 3.200 TY DONG TANG 4% SO CUNG KY 1.200 LAO DONG",
        "3.200 tỷ đồng; 4%; 1.200 lao động; 2024; 2025; ; ; :",
    ],
)
def test_extract_a_text_with_no_structure_still_gives_its_facts(text: str) -> None:
    facts = extract_text(text, restore="never")
    assert {f.value for f in facts} >= {3200, 4, 1200}


def test_segment_an_announced_list_inside_a_results_part_ends_at_a_heading() -> None:
    text = "I. Kết quả năm 2024\nCác chỉ tiêu chủ yếu năm 2025 gồm:\n- GRDP tăng 8%.\nII. Tồn tại\n- Thu 5 tỷ đồng."
    doc = segment(Document("t", lines_of(text)))
    flags = [c.targets for c in doc.contexts]
    assert flags == [False, False, True, False, False]
    assert [p.context.period for p in paragraphs(doc)][-1] == 2024


INLINE = """Năm 2025, tỉnh phấn đấu đạt các chỉ tiêu: tăng trưởng GRDP 8,5%; thu ngân sách 10.000 tỷ đồng.
Kết quả thực hiện các chỉ tiêu chủ yếu: tăng trưởng GRDP 7,2%; thu ngân sách 9.100 tỷ đồng.
Chương trình mục tiêu quốc gia xây dựng nông thôn mới: có thêm 9 xã đạt chuẩn.
Các mục tiêu đến năm 2030: tỷ lệ đô thị hóa 45%.
"""


def test_extract_a_list_announced_inside_a_sentence() -> None:
    for text in (INLINE, strip_marks(INLINE)):
        got = [
            (f.line, f.role, f.value, f.period, f.period_kind) for f in extract_text(text, restore="never")
        ]
        assert got == [
            (1, "target", 8.5, 2025, "year"),
            (1, "target", 10000, 2025, "year"),
            (2, "actual", 7.2, 2025, "year"),
            (2, "actual", 9100, 2025, "year"),
            (3, "actual", 9, 2025, "year"),
            (4, "target", 45, 2030, "multi-year"),
        ]
    names = [f.indicator for f in extract_text(INLINE, restore="never")]
    assert names[2] == "Tăng trưởng GRDP" and names[-1] == "Tỷ lệ đô thị hóa"


ARTICLE = """Thị xã Bến Lở họp HĐND cuối năm

Theo báo cáo, năm 2024 kinh tế thị xã tăng trưởng khá: giá trị sản xuất ước tăng 8,1%;
thu ngân sách ước đạt 640 tỷ đồng, bằng 104% dự toán.

Năm 2025, HĐND thị xã đề ra 15 chỉ tiêu chủ yếu. Trong đó, giá trị sản xuất tăng 9%;
thu ngân sách 700 tỷ đồng; có thêm 3 phường đạt chuẩn văn minh đô thị.

Kỳ họp cũng thông qua dự toán chi ngân sách năm 2025 là 910 tỷ đồng.
"""


def test_extract_a_press_article_by_its_paragraphs() -> None:
    for text in (ARTICLE, strip_marks(ARTICLE)):
        got = [(f.line, f.role, f.value, f.period) for f in extract_text(text, restore="never")]
        assert got == [
            (3, "change", 8.1, 2024),
            (4, "actual", 640, 2024),
            (4, "attainment", 104, 2024),
            (6, "actual", 15, 2025),
            (6, "target", 9, 2025),
            (7, "target", 700, 2025),
            (7, "target", 3, 2025),
            (9, "target", 910, 2025),
        ]


# a first line too long to be a title
LEAD = "Theo báo cáo của các sở, ngành " + "và các địa phương " * 10 + "thì tình hình tiếp tục ổn định.\n"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        # a press article on "6 tháng đầu năm" that names only the year it compares with
        ("Sáu tháng đầu năm, GRDP ước tăng 3,02% so với cùng kỳ năm 2023.\nThu ngân sách tăng 5%.\n", 2024),
        # a year of its own wins: the sentences say their periods
        (LEAD + "Đến tháng 9/2024, thu ngân sách tăng 5% so với cùng kỳ năm 2023.\n", None),
        (LEAD + "Tăng trưởng 7,6%/năm, tăng 2,78% so với năm 2020.\n", None),
    ],
)
def test_document_context_the_year_after_the_one_compared_with(text: str, period: int | None) -> None:
    assert document_context(lines_of(text), Context()).period == period
