"""Legacy encodings: TCVN3 (ABC), VNI and Windows-1258 tables, detection and font names."""

from __future__ import annotations

import pytest

from chitieu.ingest.readers.legacy import (
    decode_bytes,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    font_codec,
    is_valid_syllable,
    vietnamese_letters,
)

LETTERS = [c for lower, upper in vietnamese_letters().items() for c in (lower, upper)]
ENCODERS = {"tcvn3": encode_tcvn3, "vni": encode_vni, "cp1258": encode_cp1258}
SENTENCE = (
    "Nghị quyết của Hội đồng nhân dân tỉnh về kế hoạch phát triển kinh tế - xã hội năm 2024: "
    "tỷ lệ hộ nghèo giảm còn dưới 2%, thu ngân sách đạt 4.350 tỷ đồng. ỦY BAN NHÂN DÂN TỈNH"
)


def test_vietnamese_letters_are_the_134_letters() -> None:
    assert len(LETTERS) == 134
    assert len(set(LETTERS)) == 134
    assert {"ặ", "Ặ", "ữ", "Ữ", "ỵ", "Ỵ", "đ", "Đ", "ơ", "Ơ"} <= set(LETTERS)


@pytest.mark.parametrize("codec", ["tcvn3", "vni", "cp1258"])
@pytest.mark.parametrize("letter", LETTERS)
def test_decode_bytes_round_trips_every_letter(codec: str, letter: str) -> None:
    assert decode_bytes(ENCODERS[codec](letter), codec) == letter


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("B¶o Th¾ng", "Bảo Thắng"),  # bytes B6 (ả) and BE (ắ)
        ("NghÞ quyÕt", "Nghị quyết"),
        ("§¬n vÞ", "Đơn vị"),  # A7 is Đ, AC is ơ
        ("Kh\xadêng", "Khường"),  # AD (a soft hyphen in code page 1252) is ư
    ],
)
def test_decode_tcvn3_reads_known_words(typed: str, expected: str) -> None:
    assert decode_tcvn3(typed) == expected


def test_decode_tcvn3_upper_is_for_capitals_fonts() -> None:
    assert decode_tcvn3("b¸o c¸o", upper=True) == "BÁO CÁO"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Vieät Nam", "Việt Nam"),
        ("Nghò quyeát", "Nghị quyết"),
        ("ñaït 98,5% keá hoaïch", "đạt 98,5% kế hoạch"),
        ("töôùng", "tướng"),
        ("Ñaêk Laêk", "Đăk Lăk"),
        ("THÖÏC HIEÄN", "THỰC HIỆN"),
        ("Tyû leä", "Tỷ lệ"),
        ("mî", "mỵ"),
    ],
)
def test_decode_vni_reads_known_words(typed: str, expected: str) -> None:
    assert decode_vni(typed) == expected


@pytest.mark.parametrize("codec", ["tcvn3", "vni", "cp1258"])
def test_detect_legacy_names_the_encoding_of_a_sentence(codec: str) -> None:
    data = ENCODERS[codec](SENTENCE)
    assert detect_legacy(data) == codec
    assert decode_bytes(data, codec) == SENTENCE


@pytest.mark.parametrize(
    "data",
    [
        "Très bien, café crème à la française".encode("latin-1"),
        b"plain ascii only",
        bytes(range(0x80, 0x100)),
    ],
)
def test_detect_legacy_refuses_what_is_not_vietnamese(data: bytes) -> None:
    assert detect_legacy(data) is None


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArial NarrowH", ("tcvn3", True)),
        ("VNI-Times", ("vni", False)),
        ("VNI Helve", ("vni", False)),
        ("Times New Roman", None),
        (None, None),
    ],
)
def test_font_codec_knows_legacy_fonts(font: str | None, expected: tuple[str, bool] | None) -> None:
    assert font_codec(font) == expected


@pytest.mark.parametrize(
    ("word", "valid"),
    [("nghiêng", True), ("quyết", True), ("khuya", True), ("Việt", True), ("ươu", True)],
)
def test_is_valid_syllable_accepts_vietnamese(word: str, valid: bool) -> None:
    assert is_valid_syllable(word) is valid


@pytest.mark.parametrize("word", ["Vieọt", "quyeỏt", "hoá́", "crème", "tsa", "ngk"])
def test_is_valid_syllable_rejects_misreadings(word: str) -> None:
    assert not is_valid_syllable(word)


@pytest.mark.parametrize("encoder", [encode_tcvn3, encode_vni])
def test_encoders_refuse_letters_they_cannot_write(encoder: object) -> None:
    with pytest.raises(ValueError, match="no"):
        encoder("€")  # type: ignore[operator]
