"""Figures in Vietnamese text: numbers, ranges, ratios, qualifiers and units.

Vietnamese writes ``28.157`` for 28157 and ``14,85`` for 14.85. :func:`parse_number`
reads one such number strictly, :func:`format_number` writes one, and
:func:`find_quantities` finds every figure stated in a block of text (clean,
without diacritics, or OCR-damaged), leaving out what only looks like one: dates,
years, terms (``2020 - 2025``), document numbers (``09/2019/NĐ-CP``), codes
(``H5N1``, ``COVID-19``), ordinals (``lần thứ 2``) and numbers inside names
(``Quốc lộ 53``, ``Chương trình 135``).

Conventions:

* a dot groups thousands and must be followed by exactly three digits; a comma is
  the decimal mark. ``1.23`` and English ``1,234.5`` are not Vietnamese numbers
  (:func:`parse_number` returns ``None``); in running text a ``d.d`` number is
  read as an English decimal only when a unit or ``%`` follows (``2.5%``).
* a :class:`~chitieu.model.Quantity`'s ``span`` starts at the number (its sign
  included; a qualifier in front such as ``trên`` or ``từ`` is not) and ends after
  the last of: the number(s), the unit, a qualifier behind (``trở lên``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from chitieu.model import Op, Quantity, Span
from chitieu.text.numwords import find_number_words
from chitieu.text.units import GLUED, fold_fast, is_false_friend, match_unit

__all__ = ["find_quantities", "format_number", "parse_number"]

_VN_NUMBER = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?")
_EN_DECIMAL = re.compile(r"[0-9]+\.[0-9]{1,2}|[0-9]+\.[0-9]{4,}")


def parse_number(s: str) -> float | None:
    """A Vietnamese-formatted number (``1.234,5`` -> 1234.5), or ``None`` if it is not one.

    Strict: dots group thousands in threes (``1.23.4`` and ``1.23`` are rejected),
    the comma is the only decimal mark (so English ``1,234.5`` is rejected and
    ``1,234`` is 1.234). A leading ``+`` or ``-`` is allowed.
    """
    s = s.strip()
    sign = 1.0
    if s[:1] in "+-" and len(s) > 1:
        sign = -1.0 if s[0] == "-" else 1.0
        s = s[1:]
    if not _VN_NUMBER.fullmatch(s):
        return None
    return sign * float(s.replace(".", "").replace(",", "."))


def format_number(x: float, decimals: int | None = None) -> str:
    """Write ``x`` the Vietnamese way: ``28157`` -> ``28.157``, ``-2.62`` -> ``-2,62``.

    ``decimals=None`` writes as many decimals as the number has (none for whole
    numbers); an integer gives a fixed number of decimals, rounded.
    """
    if decimals is None:
        text = f"{int(x):d}" if float(x).is_integer() else format(Decimal(repr(float(x))), "f")
    else:
        text = f"{x:.{decimals}f}"
    neg = text.startswith("-")
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    out = ".".join(reversed(groups))
    if frac:
        out += "," + frac
    if neg and any(c not in "0.," for c in out):
        out = "-" + out
    return out


# ------------------------------------------------------------------ the core scanner

_NUM = r"[0-9]++(?:[.,][0-9]++)*+"
# the end of a number: not inside a word, unless a unit is glued to it ("1.200ha", "25km")
_END = r"(?:(?!\w)|(?=(?:" + "|".join(g.replace(" ", r"\s") for g in GLUED) + r")(?![\w])))"
_CORE = re.compile(
    rf"(?<![\w.,%@&])(?P<sign>[+\-](?=[0-9]))?(?P<n1>{_NUM}){_END}"
    r"(?:[ \t]*(?P<p1>%))?"
    rf"(?:(?P<rsep>[ \t]*-[ \t]*\n?[ \t]*|\s*~\s*|\s+(?:den|toi)\s+)(?P<n2>{_NUM}){_END}(?:[ \t]*(?P<p2>%))?"
    rf"|[ \t]*/[ \t]*(?P<den>{_NUM})(?!\w))?"
)
_PER_YEAR = re.compile(r"[ \t]*/[ \t]*nam(?!\w)")
_REST_OF_TOKEN = re.compile(r"[\w/.,:\-]*")
_TRAIL_QUAL = re.compile(
    r"[ \t]*\n?[ \t]*(?:m[o06][i1]\s+)?(?:(?P<ge>tr[o06d]\s*[l1i|][e8]n)|(?P<le>tr[o06d]\s*xu[o06]ng))(?!\w)"
)  # "trở lên", "trở xuống", also after "mới" ("190 đảng viên mới trở lên")
_LATE_TRAIL_QUAL = re.compile(r"[^\d,;.:()]{1,80}?\btro\s+(?:(?P<ge>len)|xuong)\b")
_FALLBACK = re.compile(r"[ \t]*(?:\n[ \t]*)?(?P<w1>[a-z]{2,7})(?!\w)(?:[ \t]+(?P<w2>[a-z]{2,7})(?!\w))?")
_PUNCT = "()[]{}\"'“”‘’,;:.!?…*-–/"

# Words right in front of a number that qualify it: folded words -> (op, clean word).
_QUALIFIERS: dict[str, tuple[Op, str]] = {
    "tren": (">", "trên"), "duoi": ("<", "dưới"), "it nhat": (">=", "ít nhất"),
    "toi thieu": (">=", "tối thiểu"), "khong qua": ("<=", "không quá"), "toi da": ("<=", "tối đa"),
    "khong vuot qua": ("<=", "không vượt quá"), "chua den": ("<", "chưa đến"), "chua toi": ("<", "chưa tới"),
    "khong duoi": (">=", "không dưới"), "khong it hon": (">=", "không ít hơn"),
    "khong thap hon": (">=", "không thấp hơn"), "khong cao hon": ("<=", "không cao hơn"),
    "khong nho hon": (">=", "không nhỏ hơn"), "khong lon hon": ("<=", "không lớn hơn"),
    "khoang": ("=", "khoảng"), "gan": ("=", "gần"), "hon": ("=", "hơn"), "tren duoi": ("=", "trên dưới"),
    "xap xi": ("=", "xấp xỉ"), "tu": ("=", "từ"), "ngot": ("=", "ngót"), "chi": ("=", "chỉ"),
}  # fmt: skip

# Words after which a number is part of a name or a document reference.
_NAME_WORDS = frozenset(
    """nghi dinh|nghi quyet|chi thi|quyet dinh|ket luan|luat|thong tu|cong van|quy dinh|thong bao|
    chuong trinh|de an|quoc lo|tinh lo|duong tinh|huong lo|duong huyen|duong|to|khoa|dieu|khoan|muc|
    phu luc|bieu|bieu mau|trang|hinh|iso|1so|lso|tcvn|qcvn|trung uong|tw|hoi nghi|tieu doan|trung doan|
    su doan|lu doan|quan khu|nqtw|chi tieu|muc do|mui|vung|ap|khom|thon|xom|lo|hem|ngo|kiet|lop|khoi|dot|ky hop|khu vuc|cap|
    so|ban chi dao|nhom|phuong an|ke hoach so|to trinh|bao cao|cong dien|huong dan|mau|phan|chuong|
    tieu chuan|quy chuan|phien ban|version|cong nghiep|cmcn|tuyen|kenh|cau|ma|ma so|bo luat|hang|
    thu|lan thu|tha|tht|thir|kho|phong|sb|phuong|khu pho|giai doan|loai""".replace("\n", "").split("|")
)
_NAME_WORDS = frozenset(w.strip() for w in _NAME_WORDS)
# Verbs that end in one of those words: "nâng cấp 9/14 hồ chứa" is no "cấp II".
_VERBS_OF_NAME_WORDS = frozenset(
    {"nang cap", "cung cap", "phan cap", "duoc cap", "da cap", "cap moi", "cap phat"}
)
# A number in a list that goes on from a name's number ("Quốc lộ 53, 60", "đường tỉnh 911, 912 và 915").
_NAME_LIST = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted((re.escape(w) for w in _NAME_WORDS if w), key=len, reverse=True)) + r")"
    r"\s+\d[\w.]*(?:\s*(?:,|va)\s*\d[\w.]*)*\s*(?:,|va)\s*$"
)
_YEAR_NEXT = re.compile(r"\s*(?:19|20)\d\d\b")
# Words after which a number is a rank, whatever follows it ("Top 10 tỉnh", "đứng thứ 3 cả nước").
_RANK_WORDS = frozenset({"top", "xep thu", "dung thu", "xep hang", "thu hang", "hang thu", "vao top"})
# Words after which a bare number is a day, month or quarter.
_DATE_WORDS = frozenset(
    {"ngay", "thang", "quy", "mong", "sang", "chieu", "toi", "dem", "hom", "dip", "le", "tet"}
)
# Words after which a four-digit number is a year.
_YEAR_WORDS = frozenset(
    {"nam", "nim", "ndm", "naim", "giai doan", "nhiem ky", "ky", "nien khoa", "nien do", "den", "tu",
     "khoa", "truoc", "sau", "cuoi", "dau", "giua", "thang", "quy", "mua", "vu", "dot", "nam hoc",
     "tai khoa", "so voi", "voi", "so", "den het", "het", "trong", "tinh den", "va", "hoc"}
)  # fmt: skip
# Words that stop a fallback unit (verbs, prepositions, conjunctions, modifiers).
_STOP = frozenset(
    """dat|tang|giam|cua|va|trong|so|voi|duoc|la|co|da|dang|se|cho|tai|tu|den|nam|thang|ngay|nay|do|
    nhu|theo|ve|o|thi|nhung|hoac|hay|hon|tren|duoi|khoang|gan|con|moi|cu|lon|nho|cao|thap|bang|vuot|
    chiem|gom|thuoc|nhat|cac|nhieu|it|mot|hai|ba|bon|sau|bay|tam|chin|muoi|tram|nghin|ngan|trieu|ty|
    trieu|lan|chua|khong|deu|cung|van|nua|roi|xong|len|xuong|ra|vao|qua|lai|tiep|them|tong|rieng|
    chung|toan|bo|gia|tri|ke|hoach|nghi|quyet|du|toan|ky|truoc|sau|cuoi|dau|khi|neu|vi|nen|ma|de|
    thuc|hien|tren|dia|ban|tinh|huyen|xa|ty|le|trieu|dong|phan|tram|cap|sx""".replace("\n", "").split("|")
)
_STOP = frozenset(w.strip() for w in _STOP) - {""}
_PERIOD_AFTER_MONTHS = re.compile(
    r"\s+(?:(?:dau|cuoi)\s+nam|nam\s+(?:nay|truoc|(?:19|20)\d\d)|(?:19|20)\d\d)\b"
)
_OCR_TY_LE = frozenset({"1", "10", "16", "18"})  # "tỷ lệ" scanned as "ty 18", "ti 16"


def _words_before(folded: str, start: int) -> list[str]:
    """Up to four words directly in front of ``start`` (no punctuation in between)."""
    if start == 0 or not folded[start - 1].isspace():
        return []
    lo = max(0, start - 48)
    toks = folded[lo:start].split()
    if lo > 0 and toks and not folded[lo - 1].isspace() and not folded[lo].isspace():
        toks = toks[1:]  # the first one is cut
    words: list[str] = []
    for tok in reversed(toks[-4:]):
        if tok[-1] in _PUNCT:
            break
        core = tok.lstrip(_PUNCT)
        if not core.isalpha():
            break
        words.append(core)
        if core != tok:
            break
    words.reverse()
    return words


def _keys(words: list[str]) -> tuple[str, ...]:
    """The last three, two and one of ``words`` joined: the keys a number's words are looked up
    by in each table (joined once per number, not once per table)."""
    n = len(words)
    if n >= 3:
        return (" ".join(words[-3:]), f"{words[-2]} {words[-1]}", words[-1])
    if n == 2:
        return (f"{words[0]} {words[1]}", words[1])
    return (words[0],) if n else ()


def _lookup(keys: tuple[str, ...], table: frozenset[str] | dict[str, tuple[Op, str]]) -> str | None:
    for key in keys:
        if key in table:
            return key
    return None


def _is_year(text: str, value: float) -> bool:
    return len(text) == 4 and text.isdigit() and 1900 <= value <= 2100


def find_quantities(text: str, *, trust_marks: bool = False) -> list[Quantity]:
    """Every figure stated in ``text`` (a paragraph; may hold line breaks), in order."""
    folded, offsets = fold_fast(text)
    out: list[Quantity] = []
    pos = 0
    n = len(folded)
    while pos < n:
        m = _CORE.search(folded, pos)
        if m is None:
            break
        q, pos = _read(text, folded, m, trust_marks)
        if q is not None:
            out.append(q)
    out.extend(find_number_words(text, folded))
    if len(out) > 1:
        out.sort(key=lambda q: q.span.start)
        out = _join_ranges(folded, out)
    if offsets is not None:
        out = [_remap(q, offsets, len(text)) for q in out]
    return out


_RANGE_JOIN = re.compile(r"\s*(?:den|toi|-)\s*$")


def _join_ranges(folded: str, qs: list[Quantity]) -> list[Quantity]:
    """ "từ 80,4 triệu đồng đến 80,8 triệu đồng": one range, its unit written twice."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.op == "="
            and q.op == "="
            and prev.value is not None
            and q.value is not None
            and prev.of is None
            and q.of is None
            and prev.unit
            and prev.unit == q.unit
            and prev.value < q.value
            and _RANGE_JOIN.fullmatch(folded, prev.span.end, q.span.start)
            and prev.qualifier in ("từ", "")
        ):
            out[-1] = replace(
                q, span=Span(prev.span.start, q.span.end), op="between", value=None, low=prev.value,
                high=q.value, qualifier=prev.qualifier, sign=0,
            )  # fmt: skip
            continue
        out.append(q)
    return out


def _remap(q: Quantity, offsets: list[int], length: int) -> Quantity:
    def at(i: int) -> int:
        return offsets[i] if i < len(offsets) else length

    span = Span(at(q.span.start), at(q.span.end - 1) + 1)
    us = None if q.unit_span is None else Span(at(q.unit_span.start), at(q.unit_span.end - 1) + 1)
    return replace(q, span=span, unit_span=us)


def _skip(folded: str, end: int) -> int:
    m = _REST_OF_TOKEN.match(folded, end)
    return max(m.end() if m else end, end + 1)


def _read(text: str, folded: str, m: re.Match[str], trust_marks: bool = False) -> tuple[Quantity | None, int]:
    """Judge one core match: the quantity it states (or ``None``) and where to go on."""
    n1s, n2s, dens = m.group("n1"), m.group("n2"), m.group("den")
    start, end = m.start(), m.end()
    after = folded[end : end + 2]
    # document numbers, codes, dates and times glued to the number
    percent_pair = after[:1] == "/" and bool(m.group("p1") or m.group("p2"))
    if after[:1] in "/-:" and after[1:2].isalnum() and not percent_pair:
        return None, _skip(folded, end)
    if start and folded[start - 1] == "-" and start >= 2 and folded[start - 2].isalpha():
        return None, _skip(folded, end)  # COVID-19
    v1 = parse_number(n1s)
    english = False
    if v1 is None and _EN_DECIMAL.fullmatch(n1s) and not n2s and not dens:
        v1, english = float(n1s), True
    if v1 is None or (len(n1s) >= 3 and n1s[0] == "0" and n1s[1].isdigit()):
        return None, _skip(folded, end)  # not a Vietnamese number, or a phone number
    v2 = parse_number(n2s) if n2s else None
    vden = parse_number(dens) if dens else None
    if (n2s and v2 is None) or (dens and vden is None):
        return None, _skip(folded, end)
    words = _words_before(folded, start)
    keys = _keys(words)
    pct = bool(m.group("p1") or m.group("p2"))
    # a line holding only a number (page number), or "1." opening the text
    line_start = folded.rfind("\n", 0, start) + 1
    before_on_line = folded[line_start:start].strip()
    if not before_on_line and not n2s and not dens and not pct:
        line_end = folded.find("\n", end)
        rest = folded[end : line_end if line_end >= 0 else len(folded)].strip()
        if not rest or (rest[:1] in ".)" and (len(rest) == 1 or rest[1:2].isspace())):
            return None, end
    # ranges: both ends must make sense, else read the first number alone
    if n2s and v2 is not None:
        if _is_year(n1s, v1) and _is_year(n2s, v2):
            return None, end  # a term: 2020 - 2025
        bad = v2 < v1 or (m.group("rsep").strip() in ("den", "toi") and _is_year(n2s, v2))
        if bad:
            end = m.end("p1") if m.group("p1") else m.end("n1")
            n2s, v2 = None, None
            pct = bool(m.group("p1"))
    if dens and m.group("p1"):  # "99,9%/98,5%": two figures
        end, dens, vden = m.end("p1"), None, None
    # dates in x/y form
    if dens and vden is not None:
        day_month = v1 <= 31 and 1 <= vden <= 12 and v1.is_integer() and vden.is_integer()
        if _is_year(dens, vden) or (words and words[-1] in _DATE_WORDS and day_month):
            return None, end
    # unit
    unit, unit_span, exact = "", None, False
    ustart = end
    if pct:
        unit = "%"
        p = m.group("p2") if n2s and m.group("p2") else m.group("p1")
        pend = m.end("p2") if n2s and m.group("p2") else m.end("p1")
        if p:
            unit_span = Span(pend - 1, pend)
            per = _PER_YEAR.match(folded, pend)
            if per is not None and pend == m.end():
                # "tăng bình quân 14,6%/năm": a yearly rate, the unit as written
                unit, end, unit_span = "%/năm", per.end(), Span(pend - 1, per.end())
    else:
        u = match_unit(folded, end)
        if u is not None and _unmarked_in_marked_text(text, u[0], u[1], u[2], trust_marks):
            u = None  # "cho" in marked text is not "chợ", "den" is not "đơn"
        if u is not None and not is_false_friend(text[u[0] : u[1]]):
            ustart, end, unit, exact = u
            if not exact and words and (words[-1] in _DATE_WORDS or words[-1] in _YEAR_WORDS):
                unit, end = "", m.end()
            unit_span = Span(ustart, end) if unit else None
    if english and not unit:
        return None, _skip(folded, m.end())
    if not pct and _RATING.match(folded, m.end()):
        return None, end  # a rating or a width, not a count: "OCOP 3 sao", "tăng trưởng 2 con số"
    integer = v1.is_integer() and "," not in n1s
    if not pct and _lookup(keys, _RANK_WORDS) is not None:
        return None, end  # a rank, not a quantity
    name_key = None if _lookup(keys, _VERBS_OF_NAME_WORDS) else _lookup(keys, _NAME_WORDS)
    if name_key is not None and not unit:
        return None, end
    if (
        name_key in ("thu", "lan thu", "tha", "tht", "thir")
        and integer
        and v1 < 100
        and unit != "%"
        and _written_as(text, start, ("thứ", "thu"))
    ):
        return None, end  # ordinal: "thứ 2", "lần thứ 3 ..." (not "nghiệm thu 13 đề tài")
    if unit == "tháng" and integer and v1 <= 31 and not n2s and _MONTH_AFTER.match(folded, end):
        return None, end  # a day of a month: "ngày 30 tháng 4", "đường 30 Tháng 4."
    if unit == "năm" and integer and _AWARD_BEFORE.search(folded, max(0, start - 200), start):
        return None, end  # an award's name: "Huy hiệu 30 năm, 40 năm ... tuổi Đảng"
    date_unit = not unit or unit in ("tháng", "năm")
    if words and words[-1] in _DATE_WORDS and integer and v1 <= 31 and date_unit and not dens:
        return None, end
    if words and words[-1] in ("thang", "quy") and integer and v1 <= 12 and not pct and not dens and not n2s:
        return None, end  # a month or a quarter, whatever noun follows: "đến hết tháng 9 giải ngân …"
    if words and words[-1] in ("ty", "ti") and n1s in _OCR_TY_LE and unit != "%":
        return None, end
    if not pct and not dens and _is_year(n1s, v1):
        year_key = _lookup(keys, _YEAR_WORDS)
        if year_key is not None or not exact:
            return None, end
    if not unit and integer and not dens and not n2s and _NAME_LIST.search(folded, max(0, start - 80), start):
        return None, end  # the next number of a name: "Quốc lộ 53, 60"
    if unit == "năm" and integer and not n2s and _YEAR_NEXT.match(folded, end):
        return None, end  # "kế hoạch 5 năm 2021 - 2025": the span names a period, it measures nothing
    if not unit and integer and not dens and not n2s and _after_proper_name(text, start):
        return None, end  # a number that is part of a name: "Khu công nghiệp Nam Xuyên 2"
    # fallback: an unknown noun after a bare count
    if not unit and (integer or dens):
        unit, unit_span, end = _fallback_unit(text, folded, end, unit_span)
    # qualifiers
    op: Op = "="
    qualifier = ""
    qkey = _lookup(keys, _QUALIFIERS)
    if qkey is not None:
        op, qualifier = _QUALIFIERS[qkey]
    symbol = _SYMBOL_BEFORE.search(folded, max(0, start - 3), start)
    if symbol is not None:  # "> 2.300", "≥ 95%" (a table's cell)
        qualifier = symbol.group(1)
        op = _SYMBOLS[qualifier]
    t = _TRAIL_QUAL.match(folded, end)
    if t is not None:
        end = t.end()
        op, qualifier = (">=", "trở lên") if t.group("ge") else ("<=", "trở xuống")
    elif qkey == "tu" and not n2s:
        far = _LATE_TRAIL_QUAL.match(folded, end)
        if far is not None:
            # "từ 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên": the bound closes later
            op, qualifier = (">=", "trở lên") if far.group("ge") else ("<=", "trở xuống")
    if (
        unit == "tháng"
        and integer
        and 1 <= v1 <= 12
        and not n2s
        and (not _after_trigger(words) or _PERIOD_AFTER_MONTHS.match(folded, end))
    ):
        return None, end  # a reporting period: "9 tháng", "6 tháng đầu năm", "mức tăng 9 tháng năm 2023"
    if unit == "tuổi" and (qualifier or n2s or op != "="):
        return None, end  # an age band naming a group: "trẻ em dưới 5 tuổi"
    if _AFTER_NOT_FIGURE.match(folded, end):
        return None, end  # "01 trong những tỉnh ...": an idiom, not a count
    sign = 0
    if m.group("sign") and before_on_line:
        sign = -1 if m.group("sign") == "-" else 1
    span = Span(start if sign else m.start("n1"), end)
    if n2s and v2 is not None:
        q = Quantity(span, "between", None, low=v1, high=v2, unit=unit, unit_span=unit_span,
                     sign=sign, qualifier=qualifier)  # fmt: skip
    else:
        q = Quantity(span, op, v1, of=vden, unit=unit, unit_span=unit_span, sign=sign, qualifier=qualifier)
    return q, end


_SYMBOL_BEFORE = re.compile(r"(>=|<=|≥|≤|>|<)[ \t]*$")
_SYMBOLS: dict[str, Op] = {">": ">", "<": "<", ">=": ">=", "<=": "<=", "≥": ">=", "≤": "<="}

_MEASURING_WORDS = frozenset(
    {"dat", "tang", "giam", "ting", "gidm", "vuot", "la", "mat", "can", "ngan", "dai", "them", "con"}
)


def _after_trigger(words: list[str]) -> bool:
    """Whether the word before a number makes it a measure ("rút ngắn 3 tháng", "tăng 6 tháng")."""
    return bool(words) and (words[-1] in _MEASURING_WORDS or " ".join(words[-2:]) == "rut ngan")


_AFTER_NOT_FIGURE = re.compile(r"\s+trong\s+(?:so\s+)?(?:nhung|cac)\b")
_RATING = re.compile(r"\s*(?:sao|con\s+so)\b")
# after "N tháng": a month number that ends the phrase (not "6 tháng 1 lần")
_MONTH_AFTER = re.compile(r"\s+(?:0?[1-9]|1[0-2])(?=\s*(?:[.,;:)\]\n]|$|nam\b))")
# "Huy hiệu 30 năm, 40 năm và" right before the number: the names of Party badges
_AWARD_BEFORE = re.compile(r"huy hieu(?:\s+\d+\s+nam\s*(?:,|va)?)*\s*$")


# Words that are whole Vietnamese words without marks and fold like a unit with them.
_PLAIN_WORDS = frozenset(
    {"cho", "con", "do", "ban", "la", "ca", "di", "tu", "so", "sau", "the", "ma", "tai", "co"}
)


def _unmarked_in_marked_text(text: str, start: int, end: int, canonical: str, trust_marks: bool) -> bool:
    """A word without marks read as a unit that needs them ("cho" as "chợ"), in text with marks.

    Where the text's marks can be trusted (clean Vietnamese, not restored by a
    model) any such word is another word; otherwise only plain words that are
    whole Vietnamese words without marks are.
    """
    raw = text[start:end].strip()
    written = raw.lower()
    if not raw.islower() or not written.isascii() or canonical.isascii() or "/" in canonical:
        return False  # marked, an abbreviation ("HTX"), or a unit that needs no marks
    if not trust_marks and written not in _PLAIN_WORDS:
        return False
    around = text[max(0, start - 60) : end + 60]
    marked = sum(1 for c in around if ord(c) > 127 and c.isalpha())
    return marked >= 4


_NAME_WORD = re.compile(r"[A-ZĐÀ-Ỹ][^\W\d_]*")


def _after_proper_name(text: str, start: int) -> bool:
    """Whether the number follows two capitalised words in mid-sentence ("Nam Xuyên 2")."""
    head = text[max(0, start - 40) : start]
    words = head.split()
    if len(words) < 3 or head[-1:] not in (" ", "\t"):
        return False
    a, b, before = words[-2], words[-1], words[-3]
    if not (_NAME_WORD.fullmatch(a) and _NAME_WORD.fullmatch(b)) or a.isupper() or b.isupper():
        return False
    return not before.endswith((".", ":", ";", "!", "?")) and before[:1].isalpha()


def _written_as(text: str, start: int, spellings: tuple[str, ...]) -> bool:
    """Whether the word right before ``start`` in ``text`` is written as one of ``spellings``."""
    head = text[max(0, start - 24) : start].rstrip()
    word = head.split()[-1].lower() if head.split() else ""
    # an unmarked word counts only in unmarked text: "nghiệm thu 13" is not "thứ 13"
    return word in spellings and (not word.isascii() or head.isascii())


def _fallback_unit(text: str, folded: str, end: int, unit_span: Span | None) -> tuple[str, Span | None, int]:
    f = _FALLBACK.match(folded, end)
    if f is None:
        return "", unit_span, end
    w1, w2 = f.group("w1"), f.group("w2")
    s1 = f.start("w1")
    if w1 in _STOP or not text[s1].islower():
        return "", unit_span, end
    uend = f.end("w1")
    if w2 and w2 not in _STOP and text[f.start("w2")].islower():
        uend = f.end("w2")
    unit = " ".join(text[s1:uend].split()).lower()
    return unit, Span(s1, uend), uend
