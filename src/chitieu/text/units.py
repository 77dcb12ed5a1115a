"""Units of measure and counted nouns of Vietnamese government reports.

A figure's unit is matched on folded text (lower-case, no diacritics, ``đ`` as
``d``, see :func:`fold_fast`) with tolerance for the common OCR confusions of
Vietnamese scans (``1`` for ``l``, ``6``/``d`` for ``ô``, ``4``/``&`` for ``a``,
``ngudi`` for ``người``...), and reported in one canonical clean spelling:
``ty dong`` and ``tỷ đồng`` both give ``tỷ đồng``, ``HTX`` gives ``hợp tác xã``.

Public pieces: :data:`UNITS` (measurement units), :data:`COUNT_NOUNS` (nouns of
count), :data:`ALIASES` (other spellings), :func:`canonical_unit`,
:func:`match_unit` (the matcher used by :mod:`chitieu.text.numbers`) and
:func:`fold_fast` (an offset-keeping fold).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ALIASES",
    "COUNT_NOUNS",
    "GLUED",
    "MULTIPLIABLE",
    "UNITS",
    "canonical_unit",
    "fold_fast",
    "is_false_friend",
    "is_known_unit",
    "match_unit",
]

# --------------------------------------------------------------------------- folding

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SPACES = "\u00a0\u2007\u2009\u202f\u200a"
_OCR = {"€": "e", "¢": "c", "¥": "y", "ﬁ": "f", "ﬂ": "f", "％": "%", "﹪": "%", "©": "c", "®": "r"}


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF)]
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            low = base.lower()
            if len(low) == 1 and low != ch:
                table[cp] = low
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    for ch in _DASHES:
        table[ord(ch)] = "-"
    for ch in _SPACES:
        table[ord(ch)] = " "
    for k, v in _OCR.items():
        table[ord(k)] = v
    for cp in range(0x300, 0x370):  # combining marks (decomposed input): dropped
        table[cp] = None
    return table


_TABLE = _build_table()
_COMBINING = re.compile("[\u0300-\u036f]")


def fold_fast(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` for matching, fast: lower-case, no diacritics, dashes as ``-``.

    Returns the folded text and, only when it is not the identity (decomposed
    input whose combining marks were dropped), the offset in ``text`` of each
    folded character. NFC text folds character for character (map ``None``).
    """
    folded = text.translate(_TABLE)
    if len(folded) == len(text):
        return folded, None
    offsets = [i for i, ch in enumerate(text) if not _COMBINING.match(ch)]
    return folded, offsets


# --------------------------------------------------------------------------- lexicon

#: Units of measure (canonical spelling).
UNITS: tuple[str, ...] = (
    "%", "đồng", "USD", "EUR", "tỷ đồng", "triệu đồng", "nghìn đồng", "triệu USD", "tỷ USD", "nghìn USD",
    "ha", "km", "km2", "m", "m2", "m3", "cm", "mm", "kg", "tấn", "tạ", "yến", "lít", "kW", "MW", "kWh",
    "MWh", "GWh", "kV", "TEU", "lần", "giờ", "phút", "ngày", "tháng", "năm", "tuổi", "điểm", "độ",
    "vạn dân", "mét", "sào", "công",
)  # fmt: skip

#: Nouns of count typical of government reports (canonical spelling).
COUNT_NOUNS: tuple[str, ...] = (
    # people
    "người", "lao động", "nhân khẩu", "khẩu", "hộ", "hộ nghèo", "hộ cận nghèo", "hộ kinh doanh", "hộ dân",
    "đảng viên", "đoàn viên", "hội viên", "thành viên", "cán bộ", "công chức", "viên chức", "biên chế",
    "đồng chí", "ủy viên", "đại biểu", "cử tri", "công dân", "học sinh", "sinh viên", "học viên", "thí sinh",
    "giáo viên", "nhà giáo", "trẻ", "trẻ em", "cháu", "em", "bác sĩ", "y sĩ", "dược sĩ", "điều dưỡng",
    "nhân viên", "chiến sĩ", "tân binh", "thanh niên", "đối tượng", "bị can", "bị cáo", "phạm nhân",
    "khách", "du khách", "lượt", "lượt khách", "bệnh nhân", "ca", "ca bệnh", "ca mắc", "trường hợp",
    "cá nhân", "gia đình", "người dân", "nghệ nhân", "doanh nhân", "nhà đầu tư", "tình nguyện viên",
    "hộ gia đình", "lượt người", "người lao động", "phóng viên", "kiểm sát viên", "thẩm phán", "cán bộ",
    "tổ viên", "xã viên", "hội đồng", "quần chúng",
    # places and administrative units
    "xã", "phường", "thị trấn", "huyện", "thị xã", "thành phố", "tỉnh", "quận", "ấp", "khóm", "thôn",
    "bản", "xóm", "tổ dân phố", "khu phố", "làng", "buôn", "tổ", "khu", "điểm", "địa bàn", "vùng",
    "khu công nghiệp", "cụm công nghiệp", "làng nghề", "chợ", "siêu thị", "trung tâm thương mại",
    "cửa hàng", "bến", "cảng", "bến xe", "khu du lịch", "điểm du lịch", "di tích", "di sản",
    # organisations
    "tổ chức", "tổ chức đảng", "tổ chức cơ sở đảng", "chi bộ", "đảng bộ", "cơ sở", "cơ quan", "đơn vị",
    "doanh nghiệp", "hợp tác xã", "tổ hợp tác", "trang trại", "gia trại", "câu lạc bộ", "nhóm", "đội",
    "trường", "trường học", "điểm trường", "lớp", "lớp học", "phòng", "phòng học", "phòng ban",
    "bệnh viện", "trạm", "trạm y tế", "cơ sở y tế", "giường", "giường bệnh", "ngân hàng", "chi nhánh",
    "ban", "ngành", "hội", "đoàn", "hiệp hội", "chi hội", "chi đoàn", "tổ chức phi chính phủ",
    # activities, documents, events
    "cuộc", "đợt", "buổi", "lớp", "hội nghị", "hội thảo", "kỳ họp", "phiên", "phiên tòa", "vụ", "vụ án",
    "vụ việc", "việc", "đơn", "thư", "đơn thư", "hồ sơ", "thủ tục", "thủ tục hành chính", "văn bản",
    "nghị quyết", "chỉ thị", "quyết định", "kế hoạch", "chương trình", "đề án", "dự án", "đề tài",
    "sáng kiến", "công trình", "hạng mục", "gói thầu", "hợp đồng", "mô hình", "phong trào", "giải",
    "huy chương", "giải thưởng", "bằng khen", "giấy khen", "cờ thi đua", "tác phẩm", "sản phẩm",
    "thương hiệu", "nhãn hiệu", "giấy chứng nhận", "giấy phép", "chứng chỉ", "tiêu chí", "chỉ tiêu",
    "nhiệm vụ", "giải pháp", "nội dung", "lĩnh vực", "khoản", "khoản thu", "tin", "bài", "tin bài",
    "chuyên mục", "phóng sự", "chuyên đề", "tiết", "suất", "phần quà", "phần", "suất học bổng",
    "thẻ", "thẻ bảo hiểm y tế", "tài khoản", "thuê bao", "ổ dịch", "lượt truy cập", "kiến nghị",
    "ý kiến", "sai phạm", "vi phạm", "tuyến", "tuyến đường", "cây cầu", "cầu", "cống", "đập", "kênh",
    "căn", "căn nhà", "căn hộ", "nhà", "ngôi nhà", "nhà ở", "nhà văn hóa", "nhà tình nghĩa",
    "nhà đại đoàn kết", "phương tiện", "xe", "chiếc", "tàu", "máy", "con", "cây", "bộ", "cuốn",
    "bản", "tờ", "dịch vụ", "tiểu dự án", "lô", "thửa", "giấy", "mẫu", "ngày công", "lượt xe",
    # weather events
    "cơn bão", "áp thấp nhiệt đới", "áp thấp", "trận lũ", "đợt rét",
)  # fmt: skip

#: Units a multiplier (nghìn, triệu, tỷ) can stand in front of.
MULTIPLIABLE: tuple[str, ...] = (
    "đồng", "USD", "EUR", "tấn", "ha", "người", "lượt", "lượt khách", "khách", "m3", "m2", "kWh", "con",
    "hộ", "lao động", "lít", "cây", "sản phẩm", "lượt người", "thẻ", "tin", "lượt truy cập", "thuê bao",
    "km", "tài khoản", "liều", "đô la",
)  # fmt: skip

_MULT = {"nghìn": "nghìn", "ngàn": "nghìn", "triệu": "triệu", "tỷ": "tỷ", "trăm": "trăm",
         "nghìn tỷ": "nghìn tỷ", "ngàn tỷ": "nghìn tỷ", "vạn": "vạn"}  # fmt: skip

#: Other spellings of a unit (abbreviations, variants) and the canonical unit they mean.
ALIASES: dict[str, str] = {
    "phần trăm": "%", "vnđ": "đồng", "vnd": "đồng", "đ": "đồng", "đô la": "USD", "đô la mỹ": "USD",
    "đô": "USD", "usd": "USD", "trđ": "triệu đồng", "tr.đ": "triệu đồng", "tr đồng": "triệu đồng",
    "tỷ đ": "tỷ đồng", "tỉ đồng": "tỷ đồng", "tỉ": "tỷ đồng", "tỷ": "tỷ đồng", "triệu": "triệu",
    "nghìn": "nghìn", "ngàn": "nghìn", "nghìn tỷ": "nghìn tỷ đồng", "hecta": "ha", "héc-ta": "ha",
    "hécta": "ha", "héc ta": "ha", "km²": "km2", "m²": "m2", "m³": "m3", "kw": "kW", "mw": "MW",
    "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "kv": "kV", "teu": "TEU", "eur": "EUR", "mét": "m",
    "htx": "hợp tác xã", "thtx": "tổ hợp tác", "tthc": "thủ tục hành chính", "dn": "doanh nghiệp",
    "lượt người": "lượt", "hộ gia đình": "hộ", "lđ": "lao động", "cbcc": "cán bộ, công chức",
    "cbccvc": "cán bộ, công chức, viên chức", "đv": "đảng viên", "tcđ": "tổ chức đảng",
    "tcd": "tổ chức đảng", "tccsđ": "tổ chức cơ sở đảng", "kcn": "khu công nghiệp",
    "ccn": "cụm công nghiệp", "bhyt": "thẻ bảo hiểm y tế", "ctxh": "hộ", "ocop": "sản phẩm",
    "giường bệnh/ vạn dân": "giường bệnh/vạn dân", "người lao động": "lao động",
}  # fmt: skip
ALIASES.pop("ctxh")
ALIASES.pop("ocop")

#: Units that may be written glued to the number ("1.200ha", "10.370USD", "120.000tấn",
#: "25km"), folded. Only measures whose letters after a digit mean nothing else: not "g"
#: ("5G"), "d" ("100d" is as often a code) or "n" ("H5N1").
GLUED: tuple[str, ...] = (
    "ha", "km2", "km", "m2", "m3", "m", "kg", "tan", "ta", "usd", "kwh", "mwh", "gwh", "kw", "mw",
    "kv", "teu", "ty dong", "trieu dong", "trieu", "ty", "dong", "vnd", "trd", "lit",
)  # fmt: skip

#: Denominators of compound units (``tấn/ha``, ``triệu đồng/người/năm``).
DENOMINATORS: tuple[str, ...] = (
    "người", "năm", "tháng", "ngày", "ha", "vạn dân", "nghìn dân", "km2", "km", "kg", "con", "hộ",
    "lít", "m3", "m2", "tấn", "lao động", "học sinh", "lớp", "xã", "dân", "giờ", "sào", "vụ", "lượt",
    "tạ", "ngày đêm", "trẻ", "đảng viên", "chi bộ", "ca", "hộ gia đình", "căn", "căn nhà", "dự án", "công trình",
)  # fmt: skip

# ------------------------------------------------------------------ pattern building

_PLAIN = re.compile(r"[a-z ]+")
# OCR tolerance for one folded letter (only inside lexicon words, after a number).
_CLASSES = {
    "a": "[a4@&3di]", "o": "[o06dei]", "e": "[ecd]{1,2}", "i": "[i1ly]", "y": r"[yi\]|l10]",
    "l": "[l1i]", "u": "(?:[uwaiy]|ir|tr|ti)",
}  # fmt: skip
_UO = "(?:[uwl]|ir|ur|ll)?[o06dgeil]{1,2}"
# Two-letter words ("ha", "hộ", "xã") only tolerate digits and symbols for letters.
_SHORT = {"a": "[a4@&3]", "o": "[o06]", "i": "[i1l]", "l": "[l1]"}


def _fold_key(s: str) -> str:
    f, _ = fold_fast(unicodedata.normalize("NFC", s).strip())
    return " ".join(f.split())


def _fuzzy_atoms(key: str) -> list[str]:
    classes = _CLASSES if len(key.replace(" ", "")) >= 3 else _SHORT
    out: list[str] = []
    i = 0
    while i < len(key):
        ch = key[i]
        if classes is _CLASSES and key.startswith("uo", i):
            out.append(_UO)
            i += 2
            continue
        if ch == " ":
            out.append(r"\s+")
        else:
            out.append(classes.get(ch, re.escape(ch)))
        i += 1
    return out


def _exact(key: str) -> str:
    return r"\s+".join(re.escape(part) for part in key.split(" "))


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789@&%"


def _compile(entries: dict[str, str]) -> tuple[dict[str, re.Pattern[str]], list[str]]:
    """Regexes of alternatives ``(?P<uN>...)``, one per first character, longest keys first."""
    keys = sorted(entries, key=lambda k: (-len(k), k))
    by_first: dict[str, list[str]] = {c: [] for c in _ALPHABET}
    for n, key in enumerate(keys):
        pattern = _exact(key)
        firsts = {key[0]} & set(_ALPHABET)
        if _PLAIN.fullmatch(key) and len(key.replace(" ", "")) >= 2:
            atoms = _fuzzy_atoms(key)
            pattern = f"(?:{pattern}|{''.join(atoms)})"
            first = re.compile(atoms[0])
            firsts |= {c for c in _ALPHABET if any(first.match(c + x) for x in "rio")}
        for c in firsts:
            by_first[c].append(f"(?P<u{n}>{pattern})")
    end = r"(?![^\W_])"
    regexes = {c: re.compile("(?:" + "|".join(alts) + ")" + end) for c, alts in by_first.items() if alts}
    return regexes, keys


def _entries() -> dict[str, str]:
    entries: dict[str, str] = {}
    for unit in (*UNITS, *COUNT_NOUNS):
        entries.setdefault(_fold_key(unit), unit)
    for alias, unit in ALIASES.items():
        entries[_fold_key(alias)] = unit
    for mult, mult_canon in _MULT.items():
        for base in MULTIPLIABLE:
            canon_base = entries.get(_fold_key(base), base)
            entries.setdefault(_fold_key(f"{mult} {base}"), f"{mult_canon} {canon_base}")
    return entries


_ENTRIES = _entries()
_UNIT_RE, _UNIT_KEYS = _compile(_ENTRIES)
_DENOM_ENTRIES = {_fold_key(d): d for d in DENOMINATORS}
_DENOM_RE, _DENOM_KEYS = _compile(_DENOM_ENTRIES)
_SLASH = re.compile(r"[ \t]*/[ \t]*")
_BLANK = re.compile(r"[ \t]*(?:\n[ \t]*)?")


def _dispatch(regexes: dict[str, re.Pattern[str]], folded: str, pos: int) -> re.Match[str] | None:
    b = _BLANK.match(folded, pos)
    start = b.end() if b else pos
    regex = regexes.get(folded[start : start + 1])
    return regex.match(folded, start) if regex is not None else None


# Clean spellings that fold like a unit but are other words ("bãi" is not "bài").
_FALSE_FRIENDS = frozenset(
    """bãi bái bại tín tô tố cá cà bàn bán bạn còn câu cấu cẩu lò lỗ lộ tân tần tận bà bá bả hà hạ hố hồ
    tỏ tơ cũ nằm nắm lăn tàn tán tạn kẻ xá xả mê mề chỉ đôi hè hẹ khâu đến đoạn""".split()  # noqa: SIM905
)


# Common words an OCR-tolerant match must not take for a unit ("trong" is not "trường").
_FUZZY_STOP = frozenset(
    """trong tong cong song mong long nong thi thu tu cua caa cau cac cho chi khi kia tai toi tren
    duoc dang dat dau doi dia dong don dung hon ngay nam nay nhu nhung tam tin ton voi vao lai lien""".split()  # noqa: SIM905
)


def is_false_friend(word: str) -> bool:
    """Whether ``word`` (as written, NFC) is a clean word that only folds like a unit."""
    return word.lower() in _FALSE_FRIENDS


def match_unit(folded: str, pos: int) -> tuple[int, int, str, bool] | None:
    """Match a unit in ``folded`` at ``pos`` (leading blanks and one line break allowed).

    Returns ``(start, end, canonical, exact)``: where the unit's text starts and
    ends, its canonical spelling (with any ``/denominator`` parts) and whether the
    base unit was spelled exactly (not only OCR-tolerantly), or ``None``.
    """
    m = _dispatch(_UNIT_RE, folded, pos)
    if m is None:
        return None
    name = m.lastgroup
    assert name is not None
    start, end = m.start(name), m.end(name)
    found = " ".join(folded[start:end].split())
    key = _UNIT_KEYS[int(name[1:])]
    exact = found in _ENTRIES
    if not exact and found in _FUZZY_STOP:
        return None
    canon = _ENTRIES.get(found, _ENTRIES[key])  # "tin" is "tin" even if "tấn" also fits
    while True:
        s = _SLASH.match(folded, end)
        if s is None:
            break
        d = _dispatch(_DENOM_RE, folded, s.end())
        if d is None or "\n" in folded[s.end() : d.start()]:
            break
        dname = d.lastgroup
        assert dname is not None
        dkey = _DENOM_KEYS[int(dname[1:])]
        if canon in ("triệu", "nghìn"):
            canon += " đồng"
        canon = f"{canon}/{_DENOM_ENTRIES[dkey]}"
        end = d.end(dname)
    return start, end, canon, exact


def canonical_unit(s: str) -> str:
    """The canonical spelling of a unit written any way (``ty dong``, ``HTX``, ``tấn/ha``).

    Unknown units come back NFC, lower-case, with single spaces.
    """
    text = unicodedata.normalize("NFC", s).strip()
    if not text:
        return ""
    folded, _ = fold_fast(text)
    folded = " ".join(folded.split())
    m = match_unit(folded, 0)
    if m is not None and m[1] == len(folded):
        return m[2]
    return " ".join(text.lower().split())


@lru_cache(maxsize=4096)
def is_known_unit(s: str) -> bool:
    """Whether ``s`` is a unit or a noun of count of the tables above (not a word a figure was
    merely followed by; the units a report uses are few: cached)."""
    folded, _ = fold_fast(unicodedata.normalize("NFC", s).strip())
    folded = " ".join(folded.split())
    m = match_unit(folded, 0) if folded else None
    return m is not None and m[1] == len(folded)
