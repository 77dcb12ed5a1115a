"""Behaviour of the restorer on phrases written for these tests."""

from __future__ import annotations

import unicodedata

import pytest

from chitieu.restore import Restorer
from chitieu.restore.restorer import _damaged_roman, _lone_short_number, _lone_single_digit


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer.load()


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        (
            "Uy ban nhan dan tinh da ban hanh ke hoach thuc hien",
            "Ủy ban nhân dân tỉnh đã ban hành kế hoạch thực hiện",
        ),
        (
            "tong san luong dat 1,2 trieu tan, tang 3% so voi cung ky",
            "tổng sản lượng đạt 1,2 triệu tấn, tăng 3% so với cùng kỳ",
        ),
        ("cong tac xay dung Pang va he thong chinh tri", "công tác xây dựng Đảng và hệ thống chính trị"),
        ("nang cao chat lugng nguon nhan luc", "nâng cao chất lượng nguồn nhân lực"),
        ("1anh dao, chi dao cac cip ty", "lãnh đạo, chỉ đạo các cấp ủy"),
        ("phat trien kinh té - x3 hoi cia tinh", "phát triển kinh tế - xã hội của tỉnh"),
        # a lone "&" is OCR's "ở" in damaged text; "C6" its "Có"; "ty" its "ủy"
        ("cac van dé buc xtic & co s& duge giai quyét", "các vấn đề bức xúc ở cơ sở được giải quyết"),
        ("C6 15 x3 dat chuan nong thon mdi", "Có 15 xã đạt chuẩn nông thôn mới"),
        (
            "Nghi quyét cia Tinh ty va chi thi cia Trung wong",
            "Nghị quyết của Tỉnh ủy và chỉ thị của Trung ương",
        ),
        # an "I" for a lower-case "l"
        ("xir Iy vi pham hanh chinh", "xử lý vi phạm hành chính"),
        ("Il. NHIEM VU NAM 2024", "II. NHIỆM VỤ NĂM 2024"),
        ("Vl. Kién nghi", "VI. Kiến nghị"),
        # OCR symbols in a heading in capitals; a digit inside a word; a unit the corpus knows
        ("CONG HOA XA HOI CHU NGHIA VI¢T NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("nhiem vu 6 thang cu6i nam 2024", "nhiệm vụ 6 tháng cuối năm 2024"),
        ("Nhua hóa 12 km duong giao thong nong thon", "Nhựa hóa 12 km đường giao thông nông thôn"),
        # "ù" drawn as "li"
        ("tang 10,3% so cling ky nam truéc", "tăng 10,3% so cùng kỳ năm trước"),
    ],
)
def test_restorer_restores_phrases(restorer: Restorer, damaged: str, clean: str) -> None:
    assert restorer.restore_text(damaged) == clean


@pytest.mark.parametrize(
    "clean",
    [
        "Năm 2023, tổng vốn đầu tư toàn xã hội đạt 12.345,6 tỷ đồng, tăng 8,2% so với cùng kỳ.",
        "Hội đồng nhân dân tỉnh thông qua 25 nghị quyết; HĐND, UBND các huyện hoàn thành kế hoạch.",
        "Phòng chống dịch COVID-19 và cúm A/H5N1 được triển khai đồng bộ theo hướng dẫn của WHO.",
        "Ông Nguyễn Văn An, Chủ tịch UBND huyện Long Phú, đã phát biểu tại hội nghị.",
        "Sở Khoa học & Công nghệ phối hợp với Trung tâm R&D; mã số C6 và F0 giữ nguyên.",
        "Diện tích 1ha, 2ha và 10ha; kênh 4G, 5G; chỉ số PM2.5 và khí CO2 được đo hằng ngày.",
        "Đầu tư 5G, IoT, AI và dữ liệu lớn (Big Data) trong chuyển đổi số.",
        "Nơi nhận:\n- Các Bộ, cơ quan ngang Bộ, UBND các tỉnh, thành phố;\n- Lưu: VT, KH.\n",
        "theo Chỉ thị số\n16/CT-TTg. Ban Chấp hành Đảng bộ thành phố báo cáo kết quả như sau:",
        "Triển khai nền tảng Zalo, Facebook, website của tỉnh; 100% hồ sơ qua iGate.",
    ],
)
def test_restorer_leaves_clean_text_unchanged(restorer: Restorer, clean: str) -> None:
    assert restorer.restore_text(clean) == clean


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("KET QUA THUC HIEN NHIEM VU NAM 2023", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023"),
        ("Ke hoach phat trien", "Kế hoạch phát triển"),
        ("Tinh Uy chi dao", "Tỉnh Ủy chỉ đạo"),
    ],
)
def test_restorer_keeps_casing(restorer: Restorer, damaged: str, expected: str) -> None:
    assert restorer.restore_text(damaged) == expected


@pytest.mark.parametrize(
    "lines",
    [
        ["thuc hien ke hoach nam", "2023 dat ket qua tot", "", "  - tang 5,2% so voi cung ky  "],
        ["", "", "kinh te"],
        ["dong chi Bi thu Tinh uy;"],
    ],
)
def test_restorer_keeps_line_count_and_layout(restorer: Restorer, lines: list[str]) -> None:
    out = restorer.restore_lines(lines)
    assert len(out) == len(lines)
    for before, after in zip(lines, out, strict=True):
        assert [c for c in before if not c.isalpha()] == [c for c in after if not c.isalpha()]


def test_restorer_uses_context_across_lines(restorer: Restorer) -> None:
    assert restorer.restore_lines(["thuc hien chuong trinh muc tieu quoc", "gia giam ngheo ben vung"]) == [
        "thực hiện chương trình mục tiêu quốc",
        "gia giảm nghèo bền vững",
    ]


@pytest.mark.parametrize(
    "text",
    ["dat 1.234,5 ty dong", "tang 12% (ke hoach 10 - 11%)", "ngay 15/8/2023 va nam 2024", "so 07/NQ-HDND"],
)
def test_restorer_never_changes_numbers(restorer: Restorer, text: str) -> None:
    out = restorer.restore_text(text)
    assert [c for c in out if c.isdigit()] == [c for c in text if c.isdigit()]


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("doan BDBQH tinh", "ĐBQH"),
        ("Thuong truc HDND tinh", "HĐND"),
        ("vung PBSCL", "ĐBSCL"),
        ("UBND tinh", "UBND"),
    ],
)
def test_restorer_repairs_abbreviations(restorer: Restorer, damaged: str, expected: str) -> None:
    assert expected in restorer.restore_text(damaged).split()


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("kip thoi cia HDND tinh, Mit tran", "kịp thời của HĐND tỉnh, Mặt trận"),
        ("Y kien cira dai biéu HDND tinh.", "Ý kiến của đại biểu HĐND tỉnh."),
    ],
)
def test_restorer_reads_repaired_abbreviations_as_words_in_context(
    restorer: Restorer, damaged: str, expected: str
) -> None:
    # "HĐND tỉnh" is a phrase the model knows: the repaired abbreviation is its context
    assert restorer.restore_text(damaged) == expected


def test_restorer_explain_gives_confidences(restorer: Restorer) -> None:
    [(line, infos)] = restorer.explain_lines(["cac chi tieu kinh te - xa hoi chu yeu"])
    assert line == "các chỉ tiêu kinh tế - xã hội chủ yếu"
    assert [i.output for i in infos] == [w for w in line.split() if w.isalpha()]
    assert all(0.0 < i.confidence <= 1.0 for i in infos)
    assert all(line[i.start : i.end] == i.output for i in infos)


@pytest.mark.parametrize(
    ("lines", "resized"),
    [
        (["Cac nhitng chi tieu dugc giao,", "UBND Tinh @y c6 chi dao (kip thoi)."], True),
        (["", "  So hQ ngheo giam con 1.234 hQ; ty 18 bao phu dat 95%."], False),
    ],
)
def test_restorer_explain_offsets_point_into_output(
    restorer: Restorer, lines: list[str], resized: bool
) -> None:
    explained = restorer.explain_lines(lines)
    assert [line for line, _ in explained] == restorer.restore_lines(lines)
    for k, (line, infos) in enumerate(explained):
        assert all(i.line == k for i in infos)
        assert all(line[i.start : i.end] == i.output for i in infos)
        assert [i.start for i in infos] == sorted(i.start for i in infos)
    # words that change length move the offsets of the words after them
    assert resized is any(len(i.source) != len(i.output) for _, infos in explained for i in infos)


@pytest.mark.parametrize("text", ["Thư viện Quốc gia Việt Nam", "thỏa thuận bằng văn bản"])
def test_restorer_outputs_nfc_for_decomposed_input(restorer: Restorer, text: str) -> None:
    decomposed = unicodedata.normalize("NFD", text)
    assert restorer.restore_text(decomposed) == text


def test_restorer_reads_ocr_digits_of_ty_le_as_letters() -> None:
    from chitieu.restore.restorer import _ocr_digit_words

    assert _ocr_digit_words("dat ty 18 10% theo quy dinh") == "dat ty lệ 10% theo quy dinh"
    assert _ocr_digit_words("- Ty 1é hd ngheo giam") == "- Ty lệ hd ngheo giam"
    assert _ocr_digit_words("TY 16 DO THI HOA") == "TY LỆ DO THI HOA"
    # a real figure after other words stays a figure
    assert _ocr_digit_words("gồm 18 xã và 16 phường") == "gồm 18 xã và 16 phường"


def test_restorer_reads_other_ocr_spellings_of_ty_le() -> None:
    from chitieu.restore.restorer import _ocr_digit_words

    assert _ocr_digit_words("- TO 10 lao dong qua dao tao") == "- Tỷ lệ lao dong qua dao tao"
    assert _ocr_digit_words("dat tl 10 che phu") == "dat tỷ lệ che phu"
    assert _ocr_digit_words("TO I0 hd ngheo, ty ll hoc sinh") == "Tỷ lệ hd ngheo, ty lệ hoc sinh"
    assert _ocr_digit_words("TO 10 LAO DONG") == "TỶ LỆ LAO DONG"
    assert _ocr_digit_words("to 10 12 ho") == "to 10 12 ho"


def test_restorer_repairs_a_lone_damaged_word_in_a_clean_line(restorer: Restorer) -> None:
    clean = "Năm 2023, tỉnh đã tổ chức thành công các hội nghị quan trọng của Đảng bộ tỉnh."
    assert restorer.restore_text(clean.replace("hội nghị", "h0i nghị")) == clean


def test_restorer_shared_is_loaded_once_per_model() -> None:
    first = Restorer.shared()
    assert Restorer.shared() is first
    assert first.restore_text("Uy ban nhan dan tinh") == "Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize("enabled", [True, False])
def test_restorer_leaves_the_collector_as_it_found_it(restorer: Restorer, enabled: bool) -> None:
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        restorer.restore_text("Uy ban nhan dan tinh")
        assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_restorer_keeps_two_letter_abbreviations_in_capital_lines(restorer: Restorer) -> None:
    assert restorer.restore_text("TM. UY BAN NHAN DAN HUYEN") == "TM. ỦY BAN NHÂN DÂN HUYỆN"


@pytest.mark.parametrize(
    ("line", "kept", "read"),
    [
        (
            "To chire ky niém cac ngay 18 16n cua dat nudc va cua tinh.",
            "Tổ chức kỷ niệm các ngày 18 lớn của đất nước và của tỉnh.",
            "Tổ chức kỷ niệm các ngày lễ lớn của đất nước và của tỉnh.",
        ),
        (
            "Chu d6ng phong chéng thién tai, khic phuc sat 16 bo sdng, bo bién.",
            "Chủ động phòng chống thiên tai, khắc phục sạt 16 bờ sông, bờ biển.",
            "Chủ động phòng chống thiên tai, khắc phục sạt lở bờ sông, bờ biển.",
        ),
        (
            "Phat trién du lich tam linh gin véi 18 hoi vin héa dic sic cua dong bao.",
            "Phát triển du lịch tâm linh gắn với 18 hội văn hóa đặc sắc của đồng bào.",
            "Phát triển du lịch tâm linh gắn với lễ hội văn hóa đặc sắc của đồng bào.",
        ),
    ],
)
def test_restorer_reads_a_word_printed_in_digits_only_when_asked(
    restorer: Restorer, line: str, kept: str, read: str
) -> None:
    assert restorer.restore_lines([line]) == [kept]
    assert restorer.restore_lines([line], digit_words=True) == [read]


@pytest.mark.parametrize(
    "line",
    [
        "Nam 2023 trao 142 sudt hoc bong, ho trg 16 hé ngheo va 18 hoc sinh kho khin.",
        "Tinh c6 16,5 km duong, 18/20 xa dat chuin, ty 1é 16% va 03 dy 4n 16n.",
        "Trong nam t6 chirc 18 hoi thi tim hiéu phap luat.",
        "Hoi nong dan c6 18 hoi vién moi, 16 chi hoi dat vung manh.",
        # single digits between words: counts, not the letters OCR prints as 1 and 6
        "Trong nam c6 6 xa dat chuan nong thon méi va 1 huyén hoan thanh nhiém vu.",
        "Huyén da hoan thanh 6 cong trinh, khdi cong méi 1 cau va 6 tuyén duong.",
        "Ho tro 6 ho ngheo xay nha, 1 ho can ngheo sira nha, thanh lap 6 hgp tac xa.",
    ],
)
def test_restorer_keeps_real_numbers_even_when_reading_digit_words(restorer: Restorer, line: str) -> None:
    digits = [t for t in line.replace(",", " ").replace("/", " ").split() if t.strip(".%").isdigit()]
    out = restorer.restore_lines([line], digit_words=True)[0]
    assert [t for t in out.replace(",", " ").replace("/", " ").split() if t.strip(".%").isdigit()] == digits


@pytest.mark.parametrize(
    ("line", "word", "expected"),
    [
        ("sat 16 bo song", "16", True),
        ("ngay 18 16n", "18", True),
        ("dat 161 ho", "161", True),
        ("dat 16,5 km", "16", False),
        ("ngay 18/8", "18", False),
        ("tang 16%", "16", False),
        ("QL-16 va", "16", False),
        ("co 03 xa", "03", False),
        ("trao 142 suat", "142", False),
        ("co 6 xa", "6", False),
        ("ma 16a", "16", False),
    ],
)
def test_lone_short_number(line: str, word: str, expected: bool) -> None:
    start = line.index(word)
    assert _lone_short_number(line, start, start + len(word)) is expected


@pytest.mark.parametrize(
    ("line", "word", "expected"),
    [
        ("cac 6 dich khong", "6", True),
        ("nhat 1 dau tu", "1", True),
        ("co 6 xa dat chuan", "6", True),
        ("co 3 xa dat chuan", "3", False),  # no letter is printed as 3 alone
        ("dat 100% 6 dich", "6", False),  # after a figure: a count
        ("6 xa dat chuan", "6", False),  # at the line's start
        ("tong so 6", "6", False),  # at its end
        ("gom 1, 6 va 8", "6", False),  # in a list
        ("dien tich 6ha lua", "6", False),  # a unit
        ("ngay 6/8 nam", "6", False),
        ("co 16 xa", "16", False),  # two digits: _lone_short_number's case
    ],
)
def test_lone_single_digit(line: str, word: str, expected: bool) -> None:
    start = line.index(word)
    assert _lone_single_digit(line, start, start + len(word)) is expected


@pytest.mark.parametrize(
    ("text", "numeral"),
    [
        ("XI1", "XII"),
        ("VIl", "VII"),
        ("1V", "IV"),
        ("lX", "IX"),
        ("X1V", "XIV"),
        ("XII", None),  # a numeral as printed: nothing to repair
        ("V1", None),  # perhaps "Vì"
        ("Xl", None),
        ("11", None),  # digits only: a number
        ("X1lVI", None),  # too long
        ("Vi1", None),  # a lower-case letter other than l
    ],
)
def test_damaged_roman(text: str, numeral: str | None) -> None:
    assert _damaged_roman(text) == numeral


def test_restorer_reads_a_damaged_roman_numeral(restorer: Restorer) -> None:
    line = "Thuc hién Nghi quyét Trung uong 4 (khéa XI1) va dé an phat trién do thi loai 1V."
    assert restorer.restore_lines([line]) == [
        "Thực hiện Nghị quyết Trung ương 4 (khóa XII) và đề án phát triển đô thị loại IV."
    ]


def test_restorer_reads_a_single_digit_as_a_word_only_when_asked(restorer: Restorer) -> None:
    line = "Xu ly triét d€ cac 6 dich, khdng dé lay lan ra 6 xa khac."
    assert restorer.restore_lines([line]) == ["Xử lý triệt để các 6 dịch, không để lây lan ra 6 xã khác."]
    read = restorer.restore_lines([line], digit_words=True)
    assert read == ["Xử lý triệt để các ổ dịch, không để lây lan ra 6 xã khác."]


def test_restorer_reads_marks_of_a_syllable_never_used_as_ocr_damage(restorer: Restorer) -> None:
    # "quéc" is in the list of valid syllables but no text uses it: the é is OCR's ô
    line = "Xay dung cac cong trinh trong diém quéc gia tren dia ban tinh."
    assert restorer.restore_text(line) == "Xây dựng các công trình trọng điểm quốc gia trên địa bàn tỉnh."


_DAMAGED_LINE = "Tong gia tri san xuit nganh nong nghiép dat 28 ty dong, vuot ké hoach, tang so cing ky."
_PLAIN_LINE = "cong trinh trong diem cua tinh gom cau lon va duong lon di qua cac xa trong vung"


@pytest.mark.parametrize(
    ("damaged", "plain", "promoted"),
    [(30, 1, True), (19, 1, False), (24, 8, False)],  # 30 of 31: a scan; too few; 24 of 32 is under 80 %
)
def test_restorer_modes_of_a_damaged_scan_hold_for_its_plain_looking_lines(
    restorer: Restorer, damaged: int, plain: int, promoted: bool
) -> None:
    lines = [_DAMAGED_LINE] * damaged + [_PLAIN_LINE] * plain
    assert restorer._modes([_DAMAGED_LINE]) == [2] and restorer._modes([_PLAIN_LINE]) == [1]  # each alone
    modes = restorer._modes(lines)
    assert modes[:damaged] == [2] * damaged
    assert modes[damaged:] == [2 if promoted else 1] * plain
