"""Tests for chitieu.text.numbers: parsing, formatting and finding figures in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.model import Quantity
from chitieu.text.numbers import find_quantities, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28.157", 28157.0),
        ("1.234.567", 1234567.0),
        ("14,85", 14.85),
        ("1,254", 1.254),
        ("02", 2.0),
        ("0,05", 0.05),
        ("1.234,5", 1234.5),
        ("-2,62", -2.62),
        ("+3,63", 3.63),
        ("100", 100.0),
    ],
)
def test_parse_number_reads_vietnamese_format(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["1.23.4", "1.23", "1,234.5", "4.0", "1.2345", "", "abc", "1..2", "12,"])
def test_parse_number_rejects_other_formats(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (28157, None, "28.157"),
        (14.85, None, "14,85"),
        (-2.62, None, "-2,62"),
        (1234567.5, None, "1.234.567,5"),
        (0.05, None, "0,05"),
        (100.0, None, "100"),
        (1.254, None, "1,254"),
        (2.345, 1, "2,3"),
        (1234.5, 2, "1.234,50"),
        (-0.001, 1, "0,0"),
        (1e16, None, "10.000.000.000.000.000"),
    ],
)
def test_format_number_writes_vietnamese_format(x: float, decimals: int | None, expected: str) -> None:
    assert format_number(x, decimals) == expected


@pytest.mark.parametrize("x", [28157.0, 14.85, -2.62, 0.05, 1234567.891, 3.0])
def test_format_number_round_trips_through_parse(x: float) -> None:
    assert parse_number(format_number(x)) == pytest.approx(x)


def _one(text: str) -> Quantity:
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("đạt 28.157 tỷ đồng", 28157, "tỷ đồng"),
        ("dat 28.157 ty dong", 28157, "tỷ đồng"),
        ("dat 28.157 ty déng", 28157, "tỷ đồng"),
        ("sản lượng 1,254 triệu tấn", 1.254, "triệu tấn"),
        ("san lwong 1,254 triéu tAn", 1.254, "triệu tấn"),
        ("tăng 14,85%", 14.85, "%"),
        ("đạt 100 %", 100, "%"),
        ("kết nạp 02 đảng viên", 2, "đảng viên"),
        ("GRDP 59,09 triệu đồng/người/năm", 59.09, "triệu đồng/người/năm"),
        ("GRDP 59,09 tridu dong/ngudi/nam", 59.09, "triệu đồng/người/năm"),
        ("năng suất 5,59 tấn/ha", 5.59, "tấn/ha"),
        ("nang suat 5,59 tan/ha", 5.59, "tấn/ha"),
        ("năng suất 60 tạ/ha", 60, "tạ/ha"),
        ("gieo trồng 53.049 ha", 53049, "ha"),
        ("diện tích 12,5 nghìn ha", 12.5, "nghìn ha"),
        ("gấp 4,1 lần", 4.1, "lần"),
        ("có 8,31 bác sĩ/vạn dân", 8.31, "bác sĩ/vạn dân"),
        ("có 22,26 giường bệnh/vạn dân", 22.26, "giường bệnh/vạn dân"),
        ("22,26 giudng bénh/van dan", 22.26, "giường bệnh/vạn dân"),
        ("thành lập 43 HTX", 43, "hợp tác xã"),
        ("tiếp 3.575 lượt người", 3575, "lượt"),
        ("tiếp 65 lugt nhà đầu tư", 65, "lượt"),
        ("thu hút 53 dự án", 53, "dự án"),
        ("thu hut 53 du 4n", 53, "dự án"),
        ("tổ chức 223 cuộc", 223, "cuộc"),
        ("to chire 223 cudc", 223, "cuộc"),
        ("giảm 26 phòng", 26, "phòng"),
        ("xuất khẩu 250 triệu USD", 250, "triệu USD"),
        ("công suất 50 MW", 50, "MW"),
        ("làm mới 12 km đường", 12, "km"),
        ("xây dựng 300 m2 nhà", 300, "m2"),
        ("cấp 1.000 m3 nước", 1000, "m3"),
        ("kiểm tra 1.232 tổ chức đảng", 1232, "tổ chức đảng"),
        ("kiem tra 1.232 t6 chtrc dang", 1232, "tổ chức đảng"),
        ("phát triển mới 363 doanh nghiệp", 363, "doanh nghiệp"),
        ("sáp nhập 60 ấp", 60, "ấp"),
        ("có 59 hộ", 59, "hộ"),
        ("giải quyết 598 trường hợp", 598, "trường hợp"),
        ("tiếp nhận 1.843 đơn", 1843, "đơn"),
        ("đạt 50 X3 văn hóa", 50, "xã"),
        ("phát triển 12 bãi rác", 12, "bãi rác"),
        ("Có 1.024.900 lượt khách", 1024900, "lượt khách"),
        ("mua 20 nghìn đồng", 20, "nghìn đồng"),
        ("thu nhập 3 triệu/người/tháng", 3, "triệu đồng/người/tháng"),
        ("có 7 con", 7, "con"),
        ("tổng đàn 100 nghìn con", 100, "nghìn con"),
    ],
)
def test_find_quantities_reads_value_and_unit(text: str, value: float, unit: str) -> None:
    q = _one(text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.op == "="


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Nghị quyết tăng 11 - 12%", 11, 12, "%"),
        ("Nghi quyet tang 11 -12%", 11, 12, "%"),
        ("có 8,7-10 bác sĩ/vạn dân", 8.7, 10, "bác sĩ/vạn dân"),
        ("tăng 33 - 35%", 33, 35, "%"),
        ("từ 80,4 đến 80,8 triệu đồng", 80.4, 80.8, "triệu đồng"),
        ("tu 80,4 den 80,8 trieu dong", 80.4, 80.8, "triệu đồng"),
        ("giảm từ 1 - 1,5%", 1, 1.5, "%"),
        ("tăng 7-7,5%", 7, 7.5, "%"),
        ("tăng 7 – 7,5%", 7, 7.5, "%"),
        ("đạt 99 -\n100%", 99, 100, "%"),
        ("phát triển 550 - 600 doanh nghiệp", 550, 600, "doanh nghiệp"),
        ("tăng 11% - 12%", 11, 12, "%"),
    ],
)
def test_find_quantities_reads_ranges(text: str, low: float, high: float, unit: str) -> None:
    q = _one(text)
    assert (q.op, q.value, q.low, q.high, q.unit) == ("between", None, low, high, unit)


def test_find_quantities_range_with_trailing_qualifier_stays_between() -> None:
    q = _one("tăng từ 8,5 - 9% trở lên")
    assert (q.op, q.low, q.high, q.qualifier) == ("between", 8.5, 9.0, "trở lên")


@pytest.mark.parametrize(
    ("text", "op", "qualifier"),
    [
        ("chiếm trên 70%", ">", "trên"),
        ("chiem tren 70%", ">", "trên"),
        ("(trén 29%)", ">", "trên"),
        ("đạt 90% trở lên", ">=", "trở lên"),
        ("dat 90% tro len", ">=", "trở lên"),
        ("dat 16,1% tro 1én", ">=", "trở lên"),
        ("có ít nhất 02 HTX", ">=", "ít nhất"),
        ("tối thiểu 5 tỷ đồng", ">=", "tối thiểu"),
        ("dưới 2%", "<", "dưới"),
        ("duoi 2%", "<", "dưới"),
        ("không quá 5%", "<=", "không quá"),
        ("tối đa 10 người", "<=", "tối đa"),
        ("không vượt quá 3%", "<=", "không vượt quá"),
        ("khoảng 25.000 tỷ đồng", "=", "khoảng"),
        ("gần 300 người", "=", "gần"),
        ("hơn 1.000 hộ", "=", "hơn"),
        ("trên dưới 50%", "=", "trên dưới"),
        ("trên\n70%", ">", "trên"),
        ("đạt 70%", "=", ""),
        ("không thấp hơn 3.600 tỷ đồng", ">=", "không thấp hơn"),
        ("không cao hơn 2%", "<=", "không cao hơn"),
        # the bound closes after the counted noun
        ("có từ 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", ">=", "trở lên"),
        ("từ 80% đến 85%", "between", "từ"),
        (">2.300 USD/người", ">", ">"),
        ("≥ 95%", ">=", "≥"),
        ("nợ xấu <3%", "<", "<"),
        ("<= 2 vụ", "<=", "<="),
    ],
)
def test_find_quantities_reads_qualifiers(text: str, op: str, qualifier: str) -> None:
    q = _one(text)
    assert (q.op, q.qualifier) == (op, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "sign"),
    [("(+3,63%)", 3.63, 1), ("(-9,28%)", 9.28, -1), ("giảm 2,62%", 2.62, 0), ("tăng (+ 3%)", 3, 0)],
)
def test_find_quantities_reads_sign(text: str, value: float, sign: int) -> None:
    q = _one(text)
    assert (q.value, q.sign, q.unit) == (value, sign, "%")


@pytest.mark.parametrize(
    ("text", "value", "of", "unit"),
    [
        ("giải quyết 346/372 đơn", 346, 372, "đơn"),
        ("tại 83/121 xã, phường, thị trấn", 83, 121, "xã"),
        ("tai 83/121 xa, phuong", 83, 121, "xã"),
        ("tinh giản 1.318/20.512 công chức", 1318, 20512, "công chức"),
        ("có 12/17 khoản thu đạt", 12, 17, "khoản thu"),
        ("có 55/85 x4 NTM", 55, 85, "xã"),
    ],
)
def test_find_quantities_reads_ratios(text: str, value: float, of: float, unit: str) -> None:
    q = _one(text)
    assert (q.value, q.of, q.unit) == (value, of, unit)


def test_find_quantities_percent_pairs_are_two_figures() -> None:
    qs = find_quantities("TH 99,7%/98,1%, THCS 97,42%/95,3%")
    assert [(q.value, q.of, q.unit) for q in qs] == [
        (99.7, None, "%"), (98.1, None, "%"), (97.42, None, "%"), (95.3, None, "%"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "ngày 11/4/2019",
        "Ngày 15/3 tỉnh tổ chức",
        "tháng 6/2020",
        "đợt 1/2019",
        "quý I/2020",
        "năm 2019",
        "đến năm 2025",
        "giai đoạn 2021 - 2025",
        "nhiệm kỳ 2020 - 2025",
        "nhiem ky 2020 - 2025",
        "nhiệm kỳ 2019-2024",
        "so với 2019",
        "năm học 2018 - 2019",
        "Nghị định 09/2019/NĐ-CP",
        "Nghị quyết số 12-NQ/TU",
        "Chỉ thị 05 của Bộ Chính trị",
        "Quyết định số 1234/QĐ-UBND",
        "Kết luận 01-KL/TW",
        "Luật số 45/2019/QH14",
        "dịch cúm H5N1",
        "dịch COVID-19",
        "tiêu chuẩn ISO 9001",
        "ISO 9001:2015",
        "cách mạng công nghiệp 4.0",
        "mạng 5G",
        "lần thứ XIII",
        "xếp thứ 2",
        "lan thu 3",
        "khóa X",
        "Quốc lộ 53",
        "Đường tỉnh 911",
        "Chương trình 135",
        "Đề án 06",
        "Tổ 5",
        "điện thoại 0294.3855.123",
        "gọi 0913.456.789",
        "kế hoạch2 năm",
        "lúc 8h30",
        "Quy định số 11",
        "Nghị quyết Trung ương 4",
        "lớp 12",
        "ngày 18 tháng 5",
        "một nửa dân số",
        "một số xã",
        "một trong những",
        "thứ nhất",
        "ty 18 bao phu",
        "1. Kết quả",
        "đạt 95%3 kế hoạch",
        "đèn chiếu sáng tại Phường 2, Phường 5",
        "tuyến đường 30 Tháng 4.",
        "ngày 2 tháng 9 năm 2021",
        "Trao Huy hiệu 30 năm, 40 năm và 50 năm tuổi Đảng",
        "giai đoạn 2 trong quý III",
        "khu phố 3",
        "sản phẩm OCOP đạt 3 sao trở lên",
        "khách sạn 5 sao",
        "giao chỉ tiêu tăng trưởng 2 con số",
        "đến hết tháng 9 giải ngân được",
        "trong quý 3 khởi công",
    ],
)
def test_find_quantities_skips_non_figures(text: str) -> None:
    assert [q for q in find_quantities(text) if q.unit != "%"] == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Nghị định 09/2019/NĐ-CP giao 28 chỉ tiêu", [28]),
        ("năm 2019 kết nạp 1.540 đảng viên, đạt 102,66% Nghị quyết", [1540, 102.66]),
        ("Đến năm 2025 có 100% xã đạt chuẩn", [100]),
        ("ngày 15/3 tiếp 19 cuộc", [19]),
        ("Chỉ thị 05 và 06 nhiệm vụ", [6]),
        ("giai đoạn 2021 - 2025 tăng 7 - 7,5%", [None]),
        ("tháng 6/2020 đạt 95,9% kế hoạch", [95.9]),
        ("nhiệm kỳ 2020 - 2025, 03 Ủy viên", [3]),
        ("Trao Huy hiệu 30 năm tuổi Đảng cho 142 đảng viên", [142]),
        ("kéo dài 30 tháng, có 5 phường và 3 khu phố", [30, 5, 3]),
        ("giải phóng mặt bằng 45 ha giai đoạn 2", [45]),
        ("có 78 sản phẩm 5 sao", [78]),
    ],
)
def test_find_quantities_keeps_figures_beside_non_figures(text: str, values: list[float | None]) -> None:
    assert [q.value for q in find_quantities(text)] == values


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("diện tích gieo trồng đạt 748ha, tăng 6%", 748, "ha"),
        ("GRDP bình quân đầu người đạt 10.370USD/người/năm", 10370, "USD/người/năm"),
        ("sản lượng lúa đạt 120.000tấn", 120000, "tấn"),
        ("nâng cấp 25km đường giao thông", 25, "km"),
        ("tiêu thụ 1.500kWh", 1500, "kWh"),
        ("thu nhập 65trđ/người", 65, "triệu đồng/người"),
    ],
)
def test_find_quantities_reads_units_glued_to_the_number(text: str, value: float, unit: str) -> None:
    q = find_quantities(text)[0]
    assert q.value == pytest.approx(value)
    assert q.unit == unit


@pytest.mark.parametrize(
    "text", ["mạng 5G phủ sóng", "chủng H5N1 xuất hiện", "mã 100d12", "dịch COVID-19 lan", "bản 2x"]
)
def test_find_quantities_letters_glued_to_a_number_are_no_unit(text: str) -> None:
    assert find_quantities(text) == []


def test_find_quantities_page_number_line_is_skipped() -> None:
    qs = find_quantities("đạt 28.157 tỷ đồng\n2\ntăng 2,9%")
    assert [q.value for q in qs] == [28157, 2.9]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("gấp đôi cùng kỳ", 2, "lần"),
        ("tăng gấp ba lần", 3, "lần"),
        ("có hai xã", 2, "xã"),
        ("ba mươi lăm người", 35, "người"),
        ("hai trăm hộ", 200, "hộ"),
        ("mười doanh nghiệp", 10, "doanh nghiệp"),
    ],
)
def test_find_quantities_reads_number_words(text: str, value: float, unit: str) -> None:
    q = _one(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize(
    "text", ["bà con nông dân", "sau ngày 15", "ba con", "năm hộ nghèo năm nay", "một xã"]
)
def test_find_quantities_number_words_need_a_real_number(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("đạt 27\nHuy chương", "huy chương"),
        ("giảm 02 đơn\nvị", "đơn vị"),
        ("sản lượng 1,254 triệu\ntấn", "triệu tấn"),
        ("đạt 16,1%\ntrở lên", "%"),
    ],
)
def test_find_quantities_reads_wrapped_units(text: str, unit: str) -> None:
    q = _one(text)
    assert q.unit == unit
    assert q.span.end == len(text)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("xây dựng 12 bãi rác mới", "bãi rác"),
        ("có 5 trạm bơm", "trạm"),
        ("khen thưởng 31 tập thể và", "tập thể"),
        ("cách chức 07, khai trừ 10", ""),
        ("tăng 59 so với", ""),
        ("có 3 Sở Nội vụ", ""),
    ],
)
def test_find_quantities_fallback_unit_for_counts(text: str, unit: str) -> None:
    assert find_quantities(text)[0].unit == unit


def test_find_quantities_decimal_does_not_take_unknown_noun() -> None:
    assert _one("đạt 2,5 điểm phần trăm").unit in ("điểm", "")


def test_find_quantities_offsets_index_the_text() -> None:
    text = "Tổng giá trị đạt 28.157 tỷ đồng, vượt 0,4% kế hoạch, tăng trên 2,9% so cùng kỳ; 346/372 đơn"
    qs = find_quantities(text)
    assert [text[q.span.start : q.span.end] for q in qs] == [
        "28.157 tỷ đồng", "0,4%", "2,9%", "346/372 đơn",
    ]  # fmt: skip
    assert [text[q.unit_span.start : q.unit_span.end] for q in qs if q.unit_span] == [
        "tỷ đồng",
        "%",
        "%",
        "đơn",
    ]


def test_find_quantities_offsets_for_decomposed_text() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Tổng giá trị đạt 28.157 tỷ đồng")
    q = _one(text)
    assert text[q.span.start : q.span.end] == unicodedata.normalize("NFD", "28.157 tỷ đồng")
    assert q.unit == "tỷ đồng"


def test_find_quantities_sentence_gives_all_figures() -> None:
    text = "Tổng giá trị sản xuất ngành nông nghiệp đạt 28.157 tỷ đồng, vượt 0,4% kế hoạch, tăng 2,9% so cùng kỳ."
    assert [(q.value, q.unit) for q in find_quantities(text)] == [(28157, "tỷ đồng"), (0.4, "%"), (2.9, "%")]


def test_find_quantities_text_without_figures_is_empty() -> None:
    assert find_quantities("") == []
    assert find_quantities("Tình hình kinh tế - xã hội ổn định.") == []


SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_d11ddce65c755f57.txt"


@pytest.mark.skipif(not SEED.exists(), reason="sample report not available")
def test_find_quantities_seed_key_figures() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = {(q.value, q.of, q.unit) for q in find_quantities(text)}
    for key in [(28157, None, "tỷ đồng"), (1.254, None, "triệu tấn"), (5.59, None, "tấn/ha"),
                (59.09, None, "triệu đồng/người/năm"), (346, 372, "đơn"), (97, 106, "xã"),
                (1472, 23444, "công chức"), (22.26, None, "giường bệnh/vạn dân"), (43, None, "hợp tác xã")]:  # fmt: skip
        assert key in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("từ 80,4 triệu đồng đến 80,8 triệu đồng", ("between", 80.4, 80.8, "triệu đồng")),
        ("tăng 5% đến 7%", ("between", 5, 7, "%")),
        ("đạt 12 tỷ đồng - 15 tỷ đồng", ("between", 12, 15, "tỷ đồng")),
    ],
)
def test_find_quantities_joins_a_range_with_its_unit_written_twice(
    text: str, expected: tuple[object, ...]
) -> None:
    (q,) = find_quantities(text)
    assert (q.op, q.low, q.high, q.unit) == expected


@pytest.mark.parametrize(
    "text",
    ["giảm 12 vụ đến 15 người", "đạt 15 tỷ đồng đến 12 tỷ đồng", "đạt 12 tỷ đồng, 15 tỷ đồng"],
)
def test_find_quantities_keeps_two_figures_that_are_no_range(text: str) -> None:
    assert len(find_quantities(text)) == 2


@pytest.mark.parametrize(
    "text", ["Top 10 tỉnh dẫn đầu", "tỉnh đứng thứ 3 cả nước", "xếp hạng 15 tỉnh", "vào top 20 địa phương"]
)
def test_find_quantities_a_rank_is_no_figure(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "các công trình: Quốc lộ 53, 60, cầu Đại Ngãi",
        "nâng cấp đường tỉnh 911, 912 và 915",
        "xây dựng bảng giá đất 05 năm 2020 - 2024",
        "kế hoạch đầu tư công 5 năm 2021-2025",
    ],
)
def test_find_quantities_numbers_that_name_are_no_figures(text: str) -> None:
    assert find_quantities(text) == []


def test_find_quantities_a_count_after_a_name_list_still_counts() -> None:
    (q,) = find_quantities("Quốc lộ 53 có 12 cầu")
    assert (q.value, q.unit) == (12, "cầu")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("tăng bình quân 14,6%/năm", 14.6, "%/năm"),
        ("tăng 12 %/ năm", 12, "%/năm"),
        ("tăng 12%, năm 2024 đạt", 12, "%"),
    ],
)
def test_find_quantities_reads_a_yearly_rate_as_written(text: str, value: float, unit: str) -> None:
    q = _one(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("mức tăng 9 tháng năm 2023 chỉ là 5,64%", False),  # a period after a trigger word
        ("tăng 6 tháng đầu năm", False),
        ("thời gian xử lý giảm 3 tháng", True),  # a span of months that is the figure
    ],
)
def test_find_quantities_months_after_a_trigger_are_a_period_when_a_year_follows(
    text: str, months: bool
) -> None:
    assert any(q.unit == "tháng" for q in find_quantities(text)) == months


@pytest.mark.parametrize("text", ["hoàn thành tiêu chí đô thị loại 2", "bệnh viện hạng 1", "Quốc lộ 53, 60"])
def test_find_quantities_a_class_or_a_name_number_is_no_quantity(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "value", "of", "unit"),
    [
        ("đã hoàn thành sửa chữa, nâng cấp 9/14 hồ chứa", 9, 14, "hồ"),
        ("Quý III xảy ra 4 cơn bão", 4, None, "cơn bão"),
        ("và 1 áp thấp nhiệt đới", 1, None, "áp thấp nhiệt đới"),
    ],
)
def test_find_quantities_counts_named_like_other_words(
    text: str, value: float, of: float | None, unit: str
) -> None:
    q = find_quantities(text)[0]
    assert (q.value, q.of, q.unit) == (value, of, unit)
