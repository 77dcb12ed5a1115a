"""Naming what a figure measures: a short, clean noun phrase.

The words in front of a figure carry its name ("Tổng giá trị sản xuất ngành
nông nghiệp đạt ..."), wrapped in words that are not part of it: connectives
("và", "trong đó"), time ("năm 2019", "đến nay"), place ("toàn tỉnh"), verbs of
reporting ("ước đạt", "là"). Those are trimmed off both ends. When the words
before a count are a verb ("Kết nạp 1.540 đảng viên"), the name is built from
the counted noun: "Số đảng viên kết nạp".
"""

from __future__ import annotations

import re

from chitieu.extract.roles import is_measure_unit
from chitieu.text.normalize import fold

__all__ = ["indicator_name", "list_item_name"]

MAX_WORDS = 14

# folded words trimmed from the start of a name, longest first within the alternation
_LEAD = re.compile(
    r"^(?:(?:va|hoac|con|rieng|nhung|trong do|trong nam(?: 20\d\d)?|nam 20\d\d|den nay|den cuoi nam"
    r"|cuoi nam|ca nam|luy ke|toan tinh|toan huyen|tinh|huyen|da|duoc|co|voi|tu|so|tong cong|nhin chung"
    r"|theo do|ngoai ra|dong thoi|tuy nhien|cu the|bao gom|gom|la|ve|tai|o|dat|uoc|uoc tinh|khoang"
    r"|gan|hon|tren|duoi|muc|chung)\b[\s,:;\-–.]*)+"
)
_TRAIL = re.compile(
    r"(?:[\s,:;\-–(]+|\b(?:uoc(?: tinh)?|dat(?: duoc)?|la|khoang|gan|hon|tren|duoi|tu|co|duoc|bang|chiem"
    r"|nam 20\d\d|trong nam|ca nam|den cuoi nam|cuoi nam|den nay|muc|len|toan tinh|ca tinh|voi|chi|cua|va"
    r"|tang|giam|tang them|giam con|con|vuot|gap|so|cho|the)\b)+$"
)
_VERB_START = re.compile(
    r"^(?:ket nap|dao tao|boi duong|giai quyet|tiep nhan|kiem tra|giam sat|xu ly|thanh lap|phat trien"
    r"|to chuc|xay dung|ho tro|tuyen sinh|cap|kham|dieu tri|tiep xuc|thu hoi|thi hanh|sap xep|xet xu"
    r"|thu ly|phat hien|bat|khoi to|tuyen|giao|trao|ban hanh|trien khai|hoan thanh|thuc hien|giai ngan"
    r"|chuyen doi|trong|nuoi|tao viec lam|dua|mo|khoi cong|dau tu|cap moi|dang ky|cong nhan|xoa|sua chua"
    r"|nang cap|lam moi|van dong|quyen gop|tham gia|huy dong|cat giam|tinh gian|giam|tang|tang them)\b"
)


def _trim(phrase: str) -> str:
    """Trim connectives and reporting words from both ends of ``phrase``."""
    phrase = " ".join(phrase.replace("\n", " ").split())
    for _ in range(3):
        f = fold(phrase)
        m = _LEAD.match(f)
        if m and m.end():
            phrase = phrase[m.end() :]
            f = f[m.end() :]
        m = _TRAIL.search(f)
        if m and m.start() < len(f):
            phrase = phrase[: m.start()]
        phrase = phrase.strip(" ,.;:-–()")
    return phrase


def _last_words(phrase: str, n: int) -> str:
    # keep the end of a long lead-in: the name sits right before the figure
    for sep in (";", ":", ","):
        if len(phrase.split()) > n and sep in phrase:
            phrase = phrase.rsplit(sep, 1)[1]
    words = phrase.split()
    return " ".join(words[-n:])


def _capital(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] if phrase else phrase


def _lower_first(phrase: str) -> str:
    """Lower-case the first letter of a phrase that goes inside a name, unless a proper noun."""
    words = phrase.split()
    if not words or words[0][:2].isupper():
        return phrase  # an abbreviation: "GRDP", "HĐND"
    if len(words) > 1 and words[1][:1].isupper():
        return phrase  # a name: "Ban Bí thư", "Hội Nông dân"
    return phrase[:1].lower() + phrase[1:]


def _tail_words(tail: str, n: int = 7) -> str:
    tail = _trim(tail)
    return " ".join(tail.split()[:n])


def indicator_name(head: str, unit: str = "", *, tail: str = "", trigger: str | None = None) -> str:
    """The indicator a figure measures.

    ``head`` is the part's words before the figure (or its trigger word), ``tail``
    the words after the figure and its unit, ``trigger`` the kind of the trigger
    word before the figure (see :mod:`chitieu.extract.roles`).
    """
    phrase = _trim(_last_words(_trim(head), MAX_WORDS))
    f = fold(phrase)
    verb_only = not phrase or bool(_VERB_START.match(f)) or f in ("co", "dat", "chiem", "la")
    if unit == "%":
        if trigger == "share" and phrase and not f.startswith(("ty trong", "ty le")):
            return _capital("Tỷ trọng " + _lower_first(phrase))
        if verb_only and _tail_words(tail):
            return _capital("Tỷ lệ " + _tail_words(tail))
    elif unit in ("ha", "nghìn ha") and verb_only and phrase and _tail_words(tail):
        return _capital(f"Diện tích {_tail_words(tail)} {_lower_first(phrase)}")
    elif unit and not is_measure_unit(unit) and fold(unit) not in f:
        rest = _tail_words(tail, 5)
        if verb_only and rest:
            return _capital(f"Số {unit} {rest}")
        if verb_only or len(phrase.split()) <= 8:
            return _capital(f"Số {unit} {_lower_first(phrase)}".strip())
    if not phrase and unit:
        return _capital(unit)
    return _capital(phrase)


def list_item_name(parent: str, item: str) -> str:
    """The name of one item of a list after a colon: the parent's name with the item's."""
    item = _trim(item)
    if not item:
        return parent
    base = parent
    if fold(base).startswith("tong "):
        base = base[5:]
    base = base[:1].upper() + base[1:]
    if not base:
        return _capital(item)
    return f"{base} {item[:1].lower() + item[1:] if not item[:2].isupper() else item}"
