"""Names composed from around a figure (chitieu.extract.compose), through the whole extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.extract import compose as compose_module
from chitieu.extract.facts import extract_paragraph
from chitieu.extract.sections import paragraphs, segment
from chitieu.model import Context, Document, Line
from chitieu.text.normalize import strip_marks


def _names(text: str) -> dict[float, str]:
    out: dict[float, str] = {}
    lines = tuple(Line(i, t, t) for i, t in enumerate(text.split("\n"), 1))
    doc = segment(Document("t", lines, context=Context(period=2024)))
    for para in paragraphs(doc):
        for fact in extract_paragraph(para):
            value = fact.value if fact.value is not None else fact.low
            assert value is not None
            out.setdefault(value, fact.indicator)
    return out


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # a count of those of a whole that do something
        (
            "Năm nay khởi công 40 công trình, có 31/40 công trình hoàn thành đúng hạn.",
            31,
            "Số công trình hoàn thành đúng hạn",
        ),
        (
            "Thu ngân sách ước 950 tỷ đồng, có 9/14 khoản thu đạt và vượt dự toán.",
            9,
            "Số khoản thu đạt và vượt dự toán",
        ),
        # the items of a bracket after a count; what is done to a person is in the passive
        (
            "Xử lý kỷ luật 36 đảng viên (khiển trách 20, cảnh cáo 11, khai trừ 5).",
            11,
            "Số đảng viên bị cảnh cáo",
        ),
        ("Kết nạp 64 đoàn viên (nam 30, nữ 34).", 34, "Số đoàn viên nữ"),
        # a count per ten thousand people, however written
        ("- Số giường bệnh trên 1 vạn dân: 38,5 giường", 38.5, "Số giường bệnh trên vạn dân"),
        (
            "Cơ sở y tế được nâng cấp, đạt 27,5 giường bệnh/vạn dân và 9,2 bác sĩ/vạn dân.",
            9.2,
            "Số bác sĩ trên vạn dân",
        ),
        # shares of nouns that share one predicate
        ("Có 71,3% hộ và 52% thôn đạt chuẩn văn hóa;", 71.3, "Tỷ lệ hộ đạt chuẩn văn hóa"),
        ("Có 71,3% hộ và 52% thôn đạt chuẩn văn hóa;", 52, "Tỷ lệ thôn đạt chuẩn văn hóa"),
        # a share of a named part of the plan
        ("Hoàn thành 100% chỉ tiêu gọi công dân nhập ngũ năm 2024;", 100, "Chỉ tiêu gọi công dân nhập ngũ"),
        # sums and areas after a verb
        (
            "Kiểm tra 12 cuộc, phát hiện sai phạm 1,4 tỷ đồng, thu hồi 0,9 tỷ đồng.",
            0.9,
            "Số tiền thu hồi qua kiểm tra",
        ),
        (
            "Chuyển đổi 640 ha đất mía kém hiệu quả và 210 ha để nuôi tôm.",
            640,
            "Diện tích đất mía kém hiệu quả được chuyển đổi",
        ),
        ("Chuyển đổi 640 ha đất mía kém hiệu quả và 210 ha để nuôi tôm.", 210, "Diện tích được chuyển đổi"),
        # what an activity counted at the head of the sentence was done to, and its sums
        (
            "Thanh tra kinh tế - xã hội 18 cuộc tại 40 đơn vị, kiến nghị thu hồi 2,6 tỷ đồng.",
            40,
            "Số đơn vị được thanh tra kinh tế - xã hội",
        ),
        (
            "Thanh tra chuyên ngành 95 cuộc, xử phạt 210 trường hợp với số tiền 1,7 tỷ đồng.",
            1.7,
            "Số tiền xử phạt qua thanh tra chuyên ngành",
        ),
        (
            "Thanh tra chuyên ngành 95 cuộc, xử phạt 210 trường hợp với số tiền 1,7 tỷ đồng.",
            210,
            "Số trường hợp bị xử phạt",
        ),
        # a level in per cent of a thing is its rate; a sector's or GRDP's per cent is not
        ("Nợ xấu được duy trì dưới 1,5%.", 1.5, "Tỷ lệ nợ xấu"),
        ("Dịch vụ đạt 8,1%.", 8.1, "Dịch vụ"),
        ("Tăng trưởng GRDP đạt 6,4%.", 6.4, "Tăng trưởng GRDP"),
        # the total and the rate of the count before
        (
            "Thêm 5 xã đạt chuẩn nông thôn mới, nâng tổng số lên 61/90 xã, đạt tỷ lệ 67,8%.",
            61,
            "Tổng số xã đạt chuẩn nông thôn mới",
        ),
        (
            "Thêm 5 xã đạt chuẩn nông thôn mới, nâng tổng số lên 61/90 xã, đạt tỷ lệ 67,8%.",
            67.8,
            "Tỷ lệ xã đạt chuẩn nông thôn mới",
        ),
        # the area of a crop, and its harvest after it
        ("+ Khoai lang 120 ha, bằng 96% cùng kỳ; sản lượng 1.450 tấn.", 120, "Diện tích khoai lang"),
        ("+ Khoai lang 120 ha, bằng 96% cùng kỳ; sản lượng 1.450 tấn.", 1450, "Sản lượng khoai lang"),
        ("Toàn huyện gieo cấy 8.200 ha lúa mùa.", 8200, "Diện tích lúa mùa được gieo cấy"),
        # a fund's disbursement is named by the fund after or before it
        (
            "Đến ngày 30/9/2024, toàn tỉnh giải ngân được 1.450 tỷ đồng vốn đầu tư công.",
            1450,
            "Giải ngân vốn đầu tư công",
        ),
        # a target in per cent of GRDP is its growth rate
        (
            "GRDP 9 tháng ước tăng 6,1% so với cùng kỳ (kế hoạch cả năm tăng 7%).",
            7,
            "Tốc độ tăng trưởng GRDP",
        ),
        (
            "Kế hoạch vốn đầu tư công năm 2024 là 2.400 tỷ đồng; giải ngân 1.980 tỷ đồng.",
            1980,
            "Giải ngân vốn đầu tư công",
        ),
        # who did it is no name
        ("Năm 2025, HĐND tỉnh đề ra 22 chỉ tiêu chủ yếu.", 22, "Số chỉ tiêu chủ yếu đề ra"),
        (
            "Các đại biểu đã biểu quyết thông qua 18 nghị quyết.",
            18,
            "Số nghị quyết được biểu quyết thông qua",
        ),
        # a period before a figure names nothing: the indicator of the sentence goes on
        (
            "Kim ngạch xuất khẩu tháng 9 đạt 310 triệu USD; tính từ đầu năm đạt 2.600 triệu USD.",
            2600,
            "Kim ngạch xuất khẩu",
        ),
        # "giao thông" is no verb "giao"
        ("Tai nạn giao thông xảy ra 7 vụ, làm bị thương 4 người.", 7, "Số vụ tai nạn giao thông"),
        # a rate named inside the clause; concessive and period words are no part of a name
        ("Cơ cấu kinh tế chuyển dịch tích cực với tỷ trọng dịch vụ chiếm 41,2%;", 41.2, "Tỷ trọng dịch vụ"),
        ("Mặc dù nông nghiệp ghi nhận sụt giảm 1,4% nhưng công nghiệp tăng 9%.", -1.4, "Nông nghiệp"),
        ("Thu ngân sách đến cuối năm 2025 ước đạt 9.100 tỷ đồng.", 9100, "Thu ngân sách"),
        # herds, people an accident killed, an abbreviation written out
        ("Chăn nuôi ổn định, đàn trâu 1.120 con, đàn bò 3.400 con.", 3400, "Tổng đàn bò"),
        ("Xảy ra 5 vụ tai nạn, làm chết 2 người.", 2, "Số người chết"),
        ("GRDP ước đạt 61.300 tỷ đồng.", 61300, "Tổng sản phẩm trên địa bàn (GRDP)"),
        # shares listed after a first share go on as shares; a rate named by its verb
        (
            "- Nông nghiệp chiếm 14%; Công nghiệp - xây dựng 40%; Thuế sản phẩm 9%",
            9,
            "Tỷ trọng thuế sản phẩm",
        ),
        ("Cơ cấu: nông nghiệp 14%; dịch vụ 37%", 37, "Tỷ trọng dịch vụ trong cơ cấu"),
        ("- Tỷ lệ tăng dân số tự nhiên dưới 1,1%", 1.1, "Tỷ lệ tăng dân số tự nhiên"),
        # the place a name opens with is the fact's unit, no part of its name
        ("Lâm Giang thu ngân sách 6 tháng đạt 3.120 tỷ đồng.", 3120, "Thu ngân sách"),
        ("Tân Khê GRDP 6 tháng tăng 8,2%.", 8.2, "Tổng sản phẩm trên địa bàn (GRDP)"),
        ("Hội Nông dân kết nạp 230 hội viên.", 230, "Số hội viên kết nạp"),
        # an area named by the words before its verb
        ("Cây màu các loại, toàn huyện gieo trồng 2.150 ha.", 2150, "Diện tích cây màu các loại gieo trồng"),
        # a count against last year is of the noun counted before
        (
            "Xảy ra 14 vụ tai nạn giao thông, làm bị thương 9 người; so với cùng kỳ giảm 4 vụ.",
            -4,
            "Số vụ tai nạn giao thông",
        ),
    ],
)
def test_compose_names_a_figure_by_its_neighbourhood(text: str, value: float, name: str) -> None:
    assert _names(text)[value] == name


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # a name the words before the figure give is kept
        ("Tỷ lệ hộ nghèo giảm còn 2,1%.", 2.1, "Tỷ lệ hộ nghèo"),
        ("Tốc độ tăng trưởng kinh tế đạt 7,2%.", 7.2, "Tốc độ tăng trưởng kinh tế"),
        ("Số bác sĩ trên 10.000 dân đạt 11 bác sĩ.", 11, "Số bác sĩ trên 10.000 dân"),
        # a share of the plan itself names no part of it
        ("Tổng thu ngân sách đạt 8.500 tỷ đồng, hoàn thành 105% kế hoạch.", 105, "Tổng thu ngân sách"),
    ],
)
def test_compose_keeps_a_name_the_words_before_give(text: str, value: float, name: str) -> None:
    assert _names(text)[value] == name


def test_compose_works_on_text_without_marks() -> None:
    names = _names(strip_marks("Có 71,3% hộ và 52% thôn đạt chuẩn văn hóa;"))
    assert names[52] == "Tỷ lệ thon dat chuan van hoa"


_REPORTS = sorted((Path(__file__).resolve().parents[1] / "data" / "extract").glob("*.txt"))


@pytest.mark.parametrize("path", _REPORTS, ids=lambda p: p.name)
def test_compose_rules_for_a_unit_name_as_all_rules(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the rules chosen for a figure's unit are all those that can name it: asking every rule of
    # every figure gives the same facts
    text = path.read_text(encoding="utf-8")
    chosen = _facts_of(text)
    monkeypatch.setattr(compose_module, "_rules_for", lambda unit, stated, of: compose_module._RULES)
    asked_all = _facts_of(text)
    assert chosen and chosen == asked_all


def _facts_of(text: str) -> list[tuple[int, str, str]]:
    lines = tuple(Line(i, t, t) for i, t in enumerate(text.split("\n"), 1))
    doc = segment(Document("t", lines, context=Context(period=2024)))
    return [(f.line, f.indicator, f.role) for para in paragraphs(doc) for f in extract_paragraph(para)]
