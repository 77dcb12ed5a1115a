"""Document structure: headings, captions, page numbers, paragraphs and contexts."""

from __future__ import annotations

import pytest

from chitieu.extract.sections import blank_lines, classify, paragraphs, segment
from chitieu.model import Context, Document, Line


def doc_of(text: str, context: Context | None = None) -> Document:
    lines = tuple(Line(i, t, t) for i, t in enumerate(text.split("\n"), 1))
    return Document("t", lines, context=context or Context())


@pytest.mark.parametrize(
    ("line", "kind", "level", "label"),
    [
        ("A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023", "heading", 0, "A"),
        ("II. HẠN CHẾ, YẾU KÉM", "heading", 1, "II"),
        ("I1- NHUNG HAN CHE", "heading", 1, "I1"),
        ("3. Lĩnh vực văn hóa - xã hội", "heading", 2, "3"),
        ("2.1. Nông nghiệp", "heading", 2, "2.1"),
        ("b) Công nghiệp", "heading", 3, "b"),
        ("- Tổng giá trị sản xuất đạt 1.000 tỷ đồng.", "bullet", -1, ""),
        ("CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024", "caption", -1, ""),
        ("   12   ", "page", -1, ""),
        ("", "blank", -1, ""),
        ("1.540 đảng viên được kết nạp", "text", -1, ""),
        ("A. Nguyễn Văn B phát biểu", "text", -1, ""),
    ],
)
def test_classify_recognises_markers(line: str, kind: str, level: int, label: str) -> None:
    m = classify(line)
    assert (m.kind, m.level, m.label) == (kind, level, label)


REPORT = """BÁO CÁO
KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023
Mở đầu có 1 câu.
A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023
I. KẾT QUẢ ĐẠT ĐƯỢC
1. Kinh tế
- Giá trị đạt 10 tỷ đồng.
II. HẠN CHẾ
B. CÁC CHỈ TIÊU, NHIỆM VỤ CHỦ YẾU NĂM 2024
I. CÁC CHỈ TIÊU CHỦ YẾU
1. Chỉ tiêu kinh tế
- Tăng trưởng 8%.
II. NHIỆM VỤ, GIẢI PHÁP
- Phấn đấu 5 xã."""


def test_segment_sets_section_period_and_target_parts() -> None:
    doc = segment(doc_of(REPORT))
    ctx = {ln.number: c for ln, c in zip(doc.lines, doc.contexts, strict=True)}
    assert ctx[3] == Context("", 2023, False, "year")
    assert ctx[7] == Context("A.I.1", 2023, False, "year")
    assert ctx[8] == Context("A.II", 2023, False, "year")
    assert ctx[12] == Context("B.I.1", 2024, True, "year")
    assert ctx[14] == Context("B.II", 2024, True, "year")


def test_segment_carries_the_context_of_a_previous_block() -> None:
    first = segment(doc_of(REPORT))
    follow = segment(doc_of("- Thêm 3 xã.", first.end_context))
    assert follow.contexts[0] == Context("B.II", 2024, True, "year")


def test_paragraphs_join_wrapped_lines_and_skip_page_numbers() -> None:
    text = "- Câu một kéo dài\nsang dòng sau và\n\n\n2\n\ntiếp trang sau.\n- Câu hai."
    paras = paragraphs(segment(doc_of(text)))
    assert [[ln.number for ln in p.lines] for p in paras] == [[1, 2, 7], [8]]
    first = paras[0]
    assert first.line_at(first.text.index("tiếp")).number == 7
    assert first.text.startswith("  Câu một")  # the bullet is blanked, offsets kept


RESOLUTION = """NGHỊ QUYẾT
ĐẠI HỘI ĐẢNG BỘ HUYỆN ĐÔNG SƠN NHIỆM KỲ 2025 - 2030

Đại hội họp từ ngày 10 đến ngày 12 tháng 6 năm 2025, với 250 đại biểu,
thay mặt cho 7.100 đảng viên.
QUYẾT NGHỊ:
1. Tốc độ tăng trưởng kinh tế bình quân 8%/năm."""


def test_segment_grounds_of_a_resolution_set_no_targets() -> None:
    doc = segment(doc_of(RESOLUTION))
    targets = {ln.number: c.targets for ln, c in zip(doc.lines, doc.contexts, strict=True)}
    assert (targets[4], targets[5], targets[7]) == (False, False, True)


def test_segment_resolution_without_enacting_line_is_targets_throughout() -> None:
    doc = segment(doc_of(RESOLUTION.replace("QUYẾT NGHỊ:\n", "")))
    assert all(c.targets for ln, c in zip(doc.lines, doc.contexts, strict=True) if ln.number > 3)


_TABLED = """2. Kết quả các chỉ tiêu
Bảng 1. Kết quả thực hiện
TT | Chỉ tiêu | ĐVT | KH 2024
1 | Giá trị sản xuất | tỷ đồng | 48.600
Phần thứ hai
Nhiệm vụ năm 2025
Tổng thu ngân sách đạt 1.200 tỷ đồng.
TT | Chỉ tiêu | 2024
Kết quả 6 tháng
Tổng chi ngân sách đạt 900 tỷ đồng."""


@pytest.mark.parametrize(
    "rows",
    [(2, 3), (2,), (3,), (7,), (0,), (9,), (2, 3, 7), ()],
)
def test_blank_lines_marks_as_derived_anew(rows: tuple[int, ...]) -> None:
    # the marks kept and derived again around the blanked lines are those of the blanked
    # document segmented from scratch
    doc = segment(doc_of(_TABLED))
    got = blank_lines(doc, rows)
    fresh = segment(doc.replace(lines=got.lines, meta={}))
    assert [ln.text for i, ln in enumerate(got.lines) if i in rows] == [""] * len(rows)
    assert got.meta["markers"] == fresh.meta["markers"]
    assert got.meta["alone"] == fresh.meta["alone"]
    assert paragraphs(got) == paragraphs(doc.replace(lines=got.lines, meta={}))


def test_blank_lines_without_marks_leaves_them_to_paragraphs() -> None:
    doc = doc_of(_TABLED)
    got = blank_lines(doc, [2])
    assert "markers" not in got.meta and got.lines[2].text == ""
