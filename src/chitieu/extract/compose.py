"""Names composed from a figure's neighbourhood, where the words before it name nothing.

:func:`chitieu.extract.figure.figure_fact` names a figure by the words in front of it or by the
indicator before it. Some figures say what they count only around them, in shapes reports use all the
time; this module names those. Some names hold for the figures after it too (a total, a
sum, an area: :data:`_RULES` says which); the items of a bracket or of a list of shares
name that one figure only. The shapes:

- a count of a whole: "có 22/53 dự án đưa vào hoạt động" -> "Số dự án đưa vào hoạt động";
- the items of a bracket after a count: "kỷ luật 104 đảng viên (khiển trách 59, cảnh cáo 28)"
  -> "Số đảng viên bị khiển trách";
- a count per ten thousand people: "22,26 giường bệnh/vạn dân" -> "Số giường bệnh trên vạn dân";
- shares of nouns that share one predicate: "79,4% hộ và 60% ấp đạt chuẩn" -> "Tỷ lệ hộ đạt
  chuẩn …", "Tỷ lệ ấp đạt chuẩn …";
- a share of a plan's named part: "Hoàn thành 100% chỉ tiêu tuyển quân" -> "Chỉ tiêu tuyển quân";
- a sum or an area after a verb: "thu hồi 1,8 tỷ đồng" -> "Số tiền thu hồi", "chuyển đổi
  2.371 ha đất trồng lúa" -> "Diện tích đất trồng lúa được chuyển đổi";
- a count after verbs only: "Sắp xếp giảm 60 ấp, khóm" -> "Số ấp, khóm".

The words each shape depends on (verbs of money, verbs whose object is punished, the noun of
each unit of measure, the words that open a predicate) are data in ``lexicon/names.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from chitieu.extract.indicators import capital, fold, lower_first, names_nothing, only_verbs, trim_name
from chitieu.extract.lexicon import PhraseClass, lexicon, phrase_class
from chitieu.extract.roles import find_triggers, is_measure_unit
from chitieu.model import Quantity
from chitieu.text.numbers import find_quantities
from chitieu.text.units import is_known_unit

__all__ = ["Neighbourhood", "compose", "settle"]

_DATA = lexicon("names")["compose"]
_MONEY_VERBS = phrase_class("names", "compose", "money_verbs")
_PUNISHED = phrase_class("names", "compose", "punished")
_PREDICATE = phrase_class("names", "compose", "predicate")
_MEASURES: dict[str, str] = dict(_DATA["measures"])
_ACTIVITIES = phrase_class("names", "compose", "activities")
_EVENTS = phrase_class("names", "words", "events")
_VERBS = phrase_class("names", "verbs", "reporting")
_TOTAL_HEAD = re.compile(r"^\s*(?:nang\s+)?tong\s+so(?:\s+[a-z]+){0,3}?(?:\s+len)?(?:\s+la)?\s*$")
_RATE_HEAD = re.compile(r"^\s*(?:dat|chiem|bang)?\s*ty\s+le\s*$")
_OBJECT_HEAD = re.compile(r"^\s*(?:tai|doi voi|o|tren)\s*$")
_FUND_VERBS = phrase_class("names", "compose", "fund_verbs").rx
_FUNDS = phrase_class("names", "compose", "funds")
_PLAN_OF = re.compile(r"^k[ếe]\s+ho[ạa]ch\s+(?=v[ốo]n|đ[ầa]u)", re.IGNORECASE)
_FUND_TAIL = re.compile(r"\s+(?:được\s+giao|được\s+phân\s+bổ|của\s+.*)$", re.IGNORECASE)
_PREV_BREAK = re.compile(r"[,;:()\d]")
_RATE_HEADS = phrase_class("names", "compose", "rate_heads")
_RATE_WORDS = phrase_class("names", "compose", "rate_words").rx
_MEASURE_HEADS = phrase_class("names", "words", "heads")
_BARE_MEASURES = frozenset({"dien tich", "san luong", "nang suat", "gia tri", "kim ngach"})
_QUALIFIERS = re.compile(r"^(?:bình\s+quân|trung\s+bình|chung|cả\s+năm)\b\s*", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_HERD = re.compile(
    r"\b(?:tong\s+)?dan\s+([a-z]+(?:\s+(?:sua|thit|nai|de|cac loai))?)\s*(?:co\s+|dat\s+|uoc\s+dat\s+|la\s+)?$"
)
_EXPANSIONS: dict[str, str] = dict(_DATA["expansions"])
_GROWTH_OF: dict[str, str] = dict(_DATA["growth"])
_EMPTY_VERBS = frozenset(
    {"thuc hien", "uoc thuc hien", "hoan thanh", "dat duoc", "thuc hien duoc", "uoc dat"}
)
_KEPT_AT = re.compile(r"\s+(?:duoc duy tri|duoc giu vung|duy tri|giu vung|giu muc|o muc)\s*$")
_BREAK = re.compile(r"[,;.()\[\]:\d]")  # one class: skipped to at once
_HARD_BREAK = re.compile(r"[;.()\[\]:\d]")
_OPEN_HEAD = re.compile(r"^[\s,]*(?:(?:co|trong do|trong do co|va|voi|gom|bao gom|con)\b[\s,:]*)*$")
_MONEY = re.compile(r"(?:^|\s)(?:đồng|usd)$", re.IGNORECASE)
_AND_END = re.compile(r"\s*(?:,|\bva)\s*$")
_AND_HEAD = re.compile(r"^\s*(?:[a-z]+\s+){0,3}(?:,|va)\s*$")  # "… 79,4% hộ và 60% ấp": the second share
_STOP = re.compile(r"\s(?:va|de|nham|cho|tai|o|voi|gop phan|dua|nang)\b")


@dataclass(slots=True)
class Neighbourhood:
    """Where a figure sits: its sentence ``[s_start, s_end)``, its part's start and the
    figure before it in the sentence."""

    text: str
    folded: str
    s_start: int
    s_end: int
    p_start: int
    prev: Quantity | None
    previous: str = ""  # the indicator of the sentence's figures before this one
    fallback: str = ""  # the paragraph's last indicator
    unit: str = ""  # the figure's unit as the fact states it ("giường bệnh/vạn dân" for "45,7 giường")


def compose(name: str, q: Quantity, at: Neighbourhood, role: str = "actual") -> tuple[str, bool]:
    """A better name than ``name`` for the figure ``q`` if its neighbourhood has one, else ``name``;
    and whether the figures after it go on with that name (a total, a sum, an area do; the
    items of a bracket or a list of shares do not)."""
    for rule, sticky in _rules_for(q.unit, at.unit or q.unit, q.of is not None):
        better = rule(name, q, at)
        if better:
            return capital(" ".join(better.split()).replace(" ,", ",")), sticky
    name = _unplaced(name.rstrip(" /-–,;:") or name)
    if q.unit == "%" and role in ("actual", "target") and fold(name) in _GROWTH_OF:
        # "(kế hoạch cả năm tăng 7,5%)" of GRDP: the target is a growth rate
        return _GROWTH_OF[fold(name)], False
    expanded = _EXPANSIONS.get(fold(name))
    return (expanded, True) if expanded else (name, False)


def _measure_of_previous(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Ngô 31 ha, …; sản lượng 117,6 tấn": the harvest of the crop named before
    f = fold(name)
    prev = at.previous or at.fallback
    if f not in _BARE_MEASURES or not prev or fold(prev) == f:
        return ""
    m = _MEASURE_HEADS.match(fold(prev))
    if m is None or fold(prev)[: m.end()] not in _BARE_MEASURES:
        return ""
    rest = _QUALIFIERS.sub("", prev[m.end() :].strip())
    return f"{name} {rest}" if rest else ""


@lru_cache(maxsize=1 << 14)
def _unplaced(name: str) -> str:
    """``name`` without the place it opens with ("Bắc Giang tăng trưởng" -> "Tăng trưởng",
    "Hải Minh thu ngân sách" -> "Thu ngân sách"): a fact's unit is a field of its own."""
    words = name.split()
    n = 0
    while n < len(words) and n < 3 and words[n][:1].isupper() and not words[n].isupper():
        n += 1
    if n < 2 or n == len(words) or (words[n][:1].isupper() and not words[n].isupper()):
        return name
    rest = " ".join(words[n:])
    f = fold(rest)
    if _RATE_HEADS.match(f) is None and _MEASURE_HEADS.match(f) is None:
        return name
    return capital(rest)


@lru_cache(maxsize=1 << 14)
def settle(name: str, unit: str, role: str, before: str = "") -> str:
    """The name an indicator keeps for the figures after it: a level in per cent of a thing is its
    rate ("nợ xấu … dưới 2%" -> "Tỷ lệ nợ xấu"), an area or a harvest of a crop is named so ("Ngô
    31 ha" -> "Diện tích ngô"). A function of its words (asked of every figure): cached."""
    if not name or role not in ("actual", "target"):
        return name
    if unit == "%":
        if fold(before).startswith("ty trong ") and fold(name) != fold(before):
            # "…chiếm 12,1%; Công nghiệp - xây dựng 42,3%; Thuế sản phẩm 10%": shares in a row
            return _share_in_series(name)
        return _rate_name(name)
    measure = _MEASURES.get(unit, "")
    f = fold(name)
    if measure and _MEASURE_HEADS.match(f) is None and not _VERBS.search(f) and len(name.split()) <= 4:
        return f"{measure} {lower_first(name)}"
    return name


def _rate_name(name: str) -> str:
    # "nợ xấu được duy trì dưới 2%": a level in per cent of a thing is its rate ("Tỷ lệ nợ xấu")
    f = fold(name)
    if not any(c.isalpha() for c in name) or names_nothing(name):
        return name
    if _RATE_HEADS.match(f) is not None or _RATE_WORDS.search(f) is not None or len(name.split()) > 6:
        return name
    kept = _KEPT_AT.search(f)
    if kept is not None:
        name = name[: kept.start()].rstrip()
    return f"Tỷ lệ {lower_first(name)}" if name else name


def _counted(unit: str) -> bool:
    return bool(unit) and not is_measure_unit(unit)


def _head(q: Quantity, at: Neighbourhood) -> str:
    return at.folded[at.p_start : q.start]


def _until(at: Neighbourhood, pos: int, rx: re.Pattern[str] = _BREAK) -> int:
    m = rx.search(at.folded, pos, at.s_end)
    return m.start() if m else at.s_end


_PERIOD_END = re.compile(r"\s+(?:nam|thang|quy|giai doan|ky)\s*$")


def _words(at: Neighbourhood, start: int, end: int) -> str:
    """The words of ``text[start:end]`` without a period word cut from its number ("… năm")."""
    m = _PERIOD_END.search(at.folded, start, end)
    return " ".join(at.text[start : m.start() if m else end].split()).strip(" ,;:-–")


def _count_of_whole(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "có 22/53 dự án đưa vào hoạt động": the count of those of a whole that do something
    if q.of is None or not _counted(q.unit) or not _OPEN_HEAD.match(_head(q, at)):
        return ""
    predicate = _words(at, q.end, _until(at, q.end))
    if not trim_name(predicate) or names_nothing(predicate) or fold(predicate) in fold(name):
        return ""
    return f"Số {q.unit} {predicate}"


def _bracket_item(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Thi hành kỷ luật 104 đảng viên (khiển trách 59, cảnh cáo 28, …)": each item is a count of
    # the noun before the bracket
    if q.unit:
        return ""
    opened = at.folded.rfind("(", at.s_start, q.start)
    if opened < 0 or ")" in at.folded[opened : q.start]:
        return ""
    parents = [p for p in find_quantities(at.text[at.s_start : opened]) if _counted(p.unit)]
    if not parents or at.text[at.s_start + parents[-1].end : opened].strip():
        return ""
    item = trim_name(at.text[at.p_start : q.start])
    if not item or names_nothing(item) or _DIGIT.search(item):
        return ""
    voice = "bị " if _PUNISHED.match(fold(item)) is not None else ""
    return f"Số {parents[-1].unit} {voice}{lower_first(item)}"


def _per_capita(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "…, 22,26 giường bệnh/vạn dân": what is counted per ten thousand people names it
    unit = at.unit or q.unit
    if not unit.endswith("/vạn dân"):
        return ""
    noun = unit.removesuffix("/vạn dân").strip()
    f = fold(name)
    if not noun or (fold(noun) in f and f.endswith(" dan")):
        return ""  # "Số bác sĩ trên 10.000 dân" names it already
    return f"Số {noun} trên vạn dân"


def _predicate_at(at: Neighbourhood, pos: int) -> int:
    """Where the predicate after the noun of a share at ``pos`` begins ("đạt chuẩn …"), or -1."""
    m = _PREDICATE.rx.search(at.folded, pos, _until(at, pos))
    return m.start() if m else -1


def _shares_with_predicate(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Có 79,4% hộ và 60% ấp đạt chuẩn NTM": shares of nouns that share one predicate
    if q.unit != "%":
        return ""
    digit = _until(at, q.end, _HARD_BREAK)
    joined = _AND_END.search(at.folded, q.end, digit)
    if joined is not None and digit < at.s_end:
        # the first share of the pair: its predicate comes after the next share's noun
        after = find_quantities(at.text[digit : at.s_end])
        if not after or after[0].start != 0 or after[0].unit != "%":
            return ""
        noun, pred_at = at.text[q.end : joined.start()], _predicate_at(at, digit + after[0].end)
    elif at.prev is not None and at.prev.unit == "%" and _AND_HEAD.search(_head(q, at)):
        pred_at = _predicate_at(at, q.end)
        noun = at.text[q.end : pred_at] if pred_at > 0 else ""
    else:
        return ""
    noun = trim_name(noun)
    if pred_at < 0 or not noun or names_nothing(noun) or len(noun.split()) > 3:
        return ""
    predicate = trim_name(at.text[pred_at : _until(at, pred_at, _HARD_BREAK)])
    return f"Tỷ lệ {lower_first(noun)} {predicate}" if predicate else ""


def _share_of_counted(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "(85,03% đảng viên khắc phục xong)", "Có 95% hộ dân được dùng điện": the share of what is
    # counted right after the figure
    if q.unit != "%" or not _OPEN_HEAD.match(_head(q, at)) or fold(name).startswith(("ty le", "ty trong")):
        return ""
    tail = trim_name(_words(at, q.end, _until(at, q.end)))
    words = tail.split()
    if len(words) < 2 or len(words) > 12 or names_nothing(tail):
        return ""
    if not any(
        is_known_unit(" ".join(words[:n])) and not is_measure_unit(" ".join(words[:n])) for n in (1, 2, 3)
    ):
        return ""
    return f"Tỷ lệ {lower_first(tail)}"


def _share_in_series(name: str) -> str:
    if fold(name).startswith("ty ") or _RATE_WORDS.search(fold(name)) is not None or len(name.split()) > 6:
        return name
    return f"Tỷ trọng {lower_first(name)}"


def _rate_by_its_verb(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Tỷ lệ tăng dân số tự nhiên dưới 1,2%": the rate's head and the words after it, trigger and all
    if q.unit != "%" or fold(name) not in ("ty le", "toc do", "muc"):
        return ""
    head = at.folded.find(fold(name), at.p_start, q.start)
    if head < 0:
        return ""
    words = trim_name(at.text[head : q.start])
    return words if len(words.split()) > len(name.split()) else ""


def _plan_part(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Hoàn thành 100% chỉ tiêu tuyển và giao quân": the share of a named part of the plan
    if q.unit != "%" or at.p_start != at.s_start:
        return ""
    triggers = find_triggers(at.folded, at.p_start, q.start)
    if not triggers or at.folded[at.p_start : triggers[0].start].strip():
        return ""
    tail = trim_name(_words(at, q.end, _until(at, q.end)))
    f = fold(tail)
    if not f.startswith(("chi tieu ", "nhiem vu ")) or len(tail.split()) < 3:
        return ""
    return tail


def _whole(phrases: PhraseClass, folded: str) -> bool:
    m = phrases.match(folded)
    return m is not None and not folded[m.end() :].strip()


def _through(at: Neighbourhood, q: Quantity) -> str:
    """ " qua <activity>" where the sentence opens with a count of an activity ("Thanh tra hành
    chính 41 cuộc …, thu hồi 11,5 tỷ đồng": the sum was recovered through those inspections)."""
    found = find_quantities(at.text[at.s_start : q.start])
    if not found or _EVENTS.match(fold(found[0].unit)) is None:
        return ""
    activity = trim_name(at.text[at.s_start : at.s_start + found[0].start])
    if not _ACTIVITIES.match(fold(activity)) or len(activity.split()) > 8:
        return ""
    return f" qua {lower_first(activity)}"


def _object_of_activity(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Thanh tra hành chính 41 cuộc tại 72 đơn vị": what the activity was done to
    if not _counted(q.unit) or at.prev is None or not _OBJECT_HEAD.match(_head(q, at)):
        return ""
    through = _through(at, q)
    if not through or _EVENTS.match(fold(q.unit)) is not None:
        return ""
    end = _until(at, q.end)
    counted = " ".join(at.text[q.end - len(q.unit) : end].split()).rstrip(" ,")
    noun = counted if len(counted.split()) <= 5 else q.unit
    return f"Số {noun} được {through.removeprefix(' qua ')}"


def _total_of_previous(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Có thêm 08 xã đạt chuẩn nông thôn mới, nâng tổng số lên 96/118 xã": the total of the count
    # before; "…, đạt tỷ lệ 81,4%": its rate
    prev = fold(at.previous)
    head = _head(q, at)
    if q.unit and q.unit != "%" and _TOTAL_HEAD.match(head) and prev.startswith("so " + fold(q.unit) + " "):
        return "Tổng số " + at.previous[3:]
    if q.unit == "%" and _RATE_HEAD.match(head) and prev.startswith(("so ", "tong so ")):
        rest = at.previous[3:] if prev.startswith("so ") else at.previous[8:]
        return "Tỷ lệ " + rest
    return ""


def _money_of_previous(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "xử phạt hành chính 493 trường hợp với số tiền 3,9 tỷ đồng": the sum of what the count before
    # it did
    if not _MONEY.search(q.unit) or fold(name) != "so tien" or at.prev is None:
        return ""
    lo = at.s_start
    for m in _PREV_BREAK.finditer(at.folded, at.s_start, at.prev.start):
        lo = m.end()
    verb = trim_name(at.text[lo : at.prev.start])
    fverb = fold(verb)
    if not verb or len(verb.split()) > 5 or not (_VERBS.match(fverb) or _MONEY_VERBS.match(fverb)):
        return ""
    return f"Số tiền {lower_first(verb)}{_through(at, q)}"


def _area_by_verb(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Vụ Đông Xuân, toàn tỉnh gieo cấy 61.350 ha lúa": the area of what the verb did, named by
    # the verb, its object and the words before it
    measure = _MEASURES.get(q.unit, "")
    if not measure or _MEASURE_HEADS.match(fold(name).removeprefix("tong ")) is not None:
        return ""
    start = max(at.s_start, at.prev.end if at.prev is not None else at.s_start)
    verbs = list(_VERBS.rx.finditer(at.folded, start, q.start))
    if not verbs or at.folded[verbs[-1].end() : q.start].strip(" ,") not in ("", "duoc", "dat"):
        return ""
    verb = at.text[verbs[-1].start() : verbs[-1].end()]
    before = trim_name(at.text[start : verbs[-1].start()].replace(",", " "))
    if _DIGIT.search(before) or len(before.split()) > 6:
        before = ""
    obj = _object_after(at, q)
    if not before:
        return ""  # "chuyển đổi 2.371 ha đất trồng lúa": the verb and its object (below)
    return f"{measure} {obj} {lower_first(before)} {lower_first(verb)}"


def _object_after(at: Neighbourhood, q: Quantity) -> str:
    """What an amount is of, right after its unit ("2.371 ha đất trồng lúa kém hiệu quả và …"),
    up to a break or a word that goes on to something else ("và", "để", …)."""
    end = _until(at, q.end)
    stop = _STOP.search(at.folded, q.end, end)
    return trim_name(at.text[q.end : stop.start() if stop else end])


def _herd(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "Chăn nuôi duy trì ổn định, đàn bò 2.380 con": the herd
    if q.unit != "con":
        return ""
    m = _HERD.search(at.folded, at.p_start, q.start)
    return f"Tổng đàn {at.text[m.start(1) : m.end(1)]}" if m else ""


def _verb_of(name: str, q: Quantity, at: Neighbourhood) -> str:
    """The verb right before ``q`` ("thu hồi 1,8 tỷ đồng"), or the bare verb the figure inherits
    ("… 2.371 ha đất trồng lúa và 1.672 ha"); "" if the words before it are no verb."""
    start = max(at.p_start, at.prev.end if at.prev is not None else at.p_start)
    head = trim_name(at.text[start : q.start])
    if at.prev is not None and at.prev.unit == q.unit and _AND_END.search(at.folded, start, q.start):
        head = ""  # "chuyển đổi 2.371 ha đất trồng lúa và 1.672 ha …": the verb of the first
    verb = head or name
    if fold(verb) in _EMPTY_VERBS:
        return ""  # "…: thực hiện 79,05 triệu đồng" says nothing of what was done
    if head:
        return head if only_verbs(head) or _whole(_MONEY_VERBS, fold(head)) else ""
    return name if only_verbs(name) else ""


def _money_after_verb(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "thu hồi 1,8 tỷ đồng": the sum recovered; "Kế hoạch vốn đầu tư công … ; giải ngân 1.187 tỷ
    # đồng": the fund spent
    verb = _verb_of(name, q, at) if _MONEY.search(q.unit) else ""
    if not verb or not (_whole(_MONEY_VERBS, fold(verb)) or only_verbs(verb)):
        return ""
    fund = at.previous or at.fallback
    if _FUND_VERBS.search(fold(verb)) is not None:
        after = trim_name(at.text[q.end : _until(at, q.end)])
        if after and _FUNDS.match(fold(after)) is not None:
            return "Giải ngân " + lower_first(after)  # "giải ngân 2.736 tỷ đồng vốn đầu tư công"
        if _FUNDS.match(fold(fund)) is not None:
            return "Giải ngân " + lower_first(_FUND_TAIL.sub("", _PLAN_OF.sub("", fund)))
    return f"Số tiền {lower_first(verb)}{_through(at, q)}"


def _verb_object(name: str, q: Quantity, at: Neighbourhood) -> str:
    # "chuyển đổi 2.371 ha đất trồng lúa", "Sắp xếp giảm 60 ấp, khóm"
    measure = _MEASURES.get(q.unit, "")
    if not measure and not (_counted(q.unit) and only_verbs(name) and not name.startswith("Số ")):
        return ""  # the cheap tests first: finding the verb costs a trim of the part's words
    verb = _verb_of(name, q, at)
    if not verb:
        return ""
    if measure:
        obj = _object_after(at, q)
        return f"{measure} {obj} được {lower_first(verb)}" if obj else f"{measure} được {lower_first(verb)}"
    counted = at.text[q.end - len(q.unit) : _until(at, q.end, _HARD_BREAK)]
    return "Số " + (counted if len(counted.split()) <= 4 and "," in counted else q.unit)


Rule = Callable[[str, Quantity, "Neighbourhood"], str]

_RULES: tuple[tuple[Rule, bool], ...] = (
    (_count_of_whole, False),
    (_bracket_item, False),
    (_per_capita, True),
    (_shares_with_predicate, False),
    (_share_of_counted, False),
    (_plan_part, False),
    (_rate_by_its_verb, True),
    (_total_of_previous, True),
    (_object_of_activity, False),
    (_money_of_previous, True),
    (_measure_of_previous, True),
    (_area_by_verb, True),
    (_herd, True),
    (_money_after_verb, True),
    (_verb_object, False),
)

# What each rule asks of the figure's unit first (a rule whose test fails names nothing): the
# rules that can apply to a unit are chosen once per unit, not asked one by one per figure.
_NEEDS: dict[Rule, Callable[[str, str, bool], bool]] = {
    _count_of_whole: lambda unit, stated, of: of,
    _bracket_item: lambda unit, stated, of: not unit,
    _per_capita: lambda unit, stated, of: stated.endswith("/vạn dân"),
    _shares_with_predicate: lambda unit, stated, of: unit == "%",
    _share_of_counted: lambda unit, stated, of: unit == "%",
    _plan_part: lambda unit, stated, of: unit == "%",
    _rate_by_its_verb: lambda unit, stated, of: unit == "%",
    _total_of_previous: lambda unit, stated, of: bool(unit),
    _object_of_activity: lambda unit, stated, of: _counted(unit),
    _money_of_previous: lambda unit, stated, of: _MONEY.search(unit) is not None,
    _area_by_verb: lambda unit, stated, of: bool(_MEASURES.get(unit, "")),
    _measure_of_previous: lambda unit, stated, of: True,
    _herd: lambda unit, stated, of: unit == "con",
    _money_after_verb: lambda unit, stated, of: _MONEY.search(unit) is not None,
    _verb_object: lambda unit, stated, of: bool(_MEASURES.get(unit, "")) or _counted(unit),
}


@lru_cache(maxsize=1024)
def _rules_for(unit: str, stated: str, of: bool) -> tuple[tuple[Rule, bool], ...]:
    """The rules, in order, that can name a figure of ``unit`` (``stated``: its unit as the fact
    states it; ``of``: whether it is a count of a whole, "22/53")."""
    return tuple(rule for rule in _RULES if _NEEDS[rule[0]](unit, stated, of))
