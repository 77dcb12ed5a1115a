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
from functools import lru_cache

from chitieu.extract.lexicon import phrase_class
from chitieu.extract.roles import is_measure_unit
from chitieu.text.normalize import fold as _fold

__all__ = ["indicator_name", "list_item_name"]

MAX_WORDS = 14


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Folding of the short strings names are made of (words repeat: cached)."""
    return _fold(text)


# words trimmed from the start and the end of a name, as spelt with marks
_LEAD_WORDS = """và|hoặc|nâng|nâng tổng số lên|còn|riêng|nhưng|trong đó|trong năm|đến nay|đến cuối năm|cuối năm|cả năm|lũy kế|toàn tỉnh
|toàn huyện|đã|được|có|với|từ|tổng cộng|nhìn chung|theo đó|ngoài ra|đồng thời|tuy nhiên|cụ thể|bao gồm|gồm
|là|về|tại|ở|đạt|ước|ước tính|ước đạt|khoảng|gần|hơn|trên|dưới|mức|chung|so với|đó|này|hiện|hiện nay
|tính đến nay|đến|trong|đạt được|sau|trước|các|những"""
_TRAIL_WORDS = """ước|ước tính|ước đạt|đạt|đạt được|là|khoảng|gần|hơn|trên|dưới|từ|có|được|bằng|chiếm|trong năm
|cả năm|đến cuối năm|cuối năm|đến nay|mức|lên|toàn tỉnh|cả tỉnh|với|chỉ|của|và|tăng|giảm|tăng thêm|giảm còn
|còn|vượt|gấp|so|so với|cho|thì|đã|đạt và vượt|hoàn thành|ở|tại|trong|đến|hiện|hiện có|với tổng|tổng"""


def _phrases(words: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    marked = frozenset(w.strip() for w in words.replace("\n", "").split("|"))
    folded = frozenset(fold(w) for w in marked)
    edges = frozenset(fold(w.split()[0]) for w in marked) | frozenset(fold(w.split()[-1]) for w in marked)
    return marked, folded, edges | {"nam"}


_LEAD = _phrases(_LEAD_WORDS)
_TRAIL = _phrases(_TRAIL_WORDS)
_YEAR = re.compile(r"(?:19|20)\d\d$")


def _strip_words(
    words: list[str], table: tuple[frozenset[str], frozenset[str], frozenset[str]], *, from_end: bool
) -> list[str]:
    """Drop words of ``table`` (and "năm 2023") from one end of ``words``.

    A word written with marks must match a marked entry ("tỉnh" is not "tính");
    unmarked words match by their fold (text typed without diacritics).
    """
    marked, folded, edges = table
    while words:
        edge = (words[-1] if from_end else words[0]).strip(",.;:()")
        if fold(edge) not in edges and not _YEAR.match(edge):
            return words
        for n in (3, 2, 1):
            if len(words) < n:
                continue
            cand = words[-n:] if from_end else words[:n]
            last = cand[-1].strip(",.;:()")
            year = (n == 2 and fold(cand[0]) == "nam" and bool(_YEAR.match(last))) or (
                n == 1 and bool(_YEAR.match(last))
            )
            joined = " ".join(cand).lower().strip(",.;:()")
            if year or joined in marked or (joined.isascii() and fold(joined) in folded):
                words = words[:-n] if from_end else words[n:]
                break
        else:
            return words
    return words


def _trim(phrase: str) -> str:
    """Trim connectives and reporting words from both ends of ``phrase``."""
    phrase = " ".join(phrase.replace("\n", " ").split()).strip(" ,.;:-–()")
    words = [w for w in phrase.split() if w.strip(",.;:-–()")]
    words = _strip_words(words, _LEAD, from_end=False)
    words = _strip_words(words, _TRAIL, from_end=True)
    return " ".join(words).strip(" ,.;:-–()")


_VERB = re.compile(
    r"\b(?:ket nap|dao tao|boi duong|giai quyet|tiep nhan|kiem tra|giam sat|xu ly|thanh lap|phat trien"
    r"|to chuc|xay dung|ho tro|tuyen sinh|cap|kham|dieu tri|tiep xuc|thu hoi|thi hanh|sap xep|xet xu"
    r"|thu ly|phat hien|bat|khoi to|tuyen|giao|trao|ban hanh|trien khai|hoan thanh|thuc hien|giai ngan"
    r"|chuyen doi|trong|nuoi|tao viec lam|dua|mo|khoi cong|dau tu|cap moi|dang ky|cong nhan|xoa|sua chua"
    r"|nang cap|lam moi|van dong|quyen gop|tham gia|huy dong|cat giam|tinh gian|giam|tang|tang them)\b"
)


def _last_words(phrase: str, n: int) -> str:
    # keep the end of a long lead-in: the name sits right before the figure
    for sep in (";", ":", ","):
        if len(phrase.split()) > n and sep in phrase:
            phrase = phrase.rsplit(sep, 1)[1]
    words = phrase.split()
    return " ".join(words[-n:])


def _capital(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] if phrase else phrase


_MULTIPLIER = re.compile(r"^(?:nghìn|ngàn|triệu|tỷ|vạn)\s+")


def _last_verb(folded: str) -> int:
    """Offset of the last reporting verb in a folded phrase (same offsets as the phrase)."""
    starts = [m.start() for m in _VERB.finditer(folded)]
    return starts[-1] if starts else 0


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
    verb = _VERB.search(f)
    verb_only = not phrase or (verb is not None and verb.start() == 0) or f in ("co", "dat", "chiem", "la")
    if unit == "%":
        if trigger == "share" and phrase and not f.startswith(("ty trong", "ty le")):
            return _capital("Tỷ trọng " + _lower_first(phrase))
        if verb_only and _tail_words(tail):
            return _capital("Tỷ lệ " + _tail_words(tail))
    elif unit in ("ha", "nghìn ha") and verb_only and phrase and _tail_words(tail):
        return _capital(f"Diện tích {_tail_words(tail)} {_lower_first(phrase)}")
    elif unit and not is_measure_unit(unit):
        noun = _MULTIPLIER.sub("", unit)
        if fold(noun) in f:
            return _capital(phrase)
        rest = _tail_words(tail, 5)
        if verb is None and len(phrase.split()) > 3:
            return _capital(phrase)  # a noun phrase naming the count: "Tổng đàn gia súc"
        if verb is not None and verb.start() > 0:
            phrase = phrase[_last_verb(f) :]  # "Cấp ủy các cấp kiểm tra" -> "kiểm tra"
        name = f"Số {noun} {rest} {_lower_first(phrase)}" if rest else f"Số {noun} {_lower_first(phrase)}"
        return _capital(" ".join(name.split()))
    if not phrase and unit:
        return _capital(unit)
    return _capital(phrase)


_ANNOUNCES = phrase_class("structure", "parts", "targets").rx
_RESULTS = phrase_class("structure", "parts", "results").rx
_SENTENCE_LIKE = re.compile(r"\b(?:tang|giam|dat|co|la|gom|bao gom|nhu sau|cu the)\b")


def list_item_name(parent: str, item: str) -> str:
    """The name of one item of a list after a colon: the parent's name with the item's."""
    item = _trim(item)
    if not item:
        return parent
    fparent = fold(parent)
    if _SENTENCE_LIKE.search(fparent) or _ANNOUNCES.search(fparent) or _RESULTS.search(fparent):
        # "Một số sản phẩm tăng khá: điện ...", "Các chỉ tiêu chủ yếu: ..." name no indicator of their own
        return _capital(item)
    base = parent
    if fold(base).startswith("tong "):
        base = base[5:]
    base = base[:1].upper() + base[1:]
    if not base:
        return _capital(item)
    return f"{base} {item[:1].lower() + item[1:] if not item[:2].isupper() else item}"
