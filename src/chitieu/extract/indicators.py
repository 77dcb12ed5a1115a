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

from chitieu.extract.lexicon import lexicon, phrase_class
from chitieu.extract.periods import find_periods
from chitieu.extract.roles import is_measure_unit
from chitieu.text.normalize import fold as _fold

__all__ = [
    "balanced",
    "capital",
    "child_name",
    "indicator_name",
    "is_fragment",
    "joined_before",
    "list_item_name",
    "lower_first",
    "names_nothing",
    "names_shares",
    "only_verbs",
    "sentence_subject",
    "trim_name",
]

MAX_WORDS = 14


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Folding of the short strings names are made of (words repeat: cached)."""
    return _fold(text)


def _phrases(key: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    marked = frozenset(w.strip() for w in lexicon("names")["edges"][key])
    folded = frozenset(fold(w) for w in marked)
    edges = frozenset(fold(w.split()[0]) for w in marked) | frozenset(fold(w.split()[-1]) for w in marked)
    return marked, folded, edges | {"nam"}


_KEEP = phrase_class("names", "edges", "keep")
_ONE_WORD = frozenset(lexicon("names")["words"]["indicators"])
_LEAD = _phrases("lead")
_TRAIL = _phrases("trail")
_YEAR = re.compile(r"(?:19|20)\d\d$")
_MONTHS_END = re.compile(r"\s+\d{1,2}\s+th[áa]ng(?:\s+(?:đầu|cuối|dau|cuoi)\s+n[ăa]m)?$", re.IGNORECASE)
_MAY_NAME_PERIOD = re.compile(r"\d|[Qq][Uu][YyÝýỶỷ]")


def trim_name(phrase: str) -> str:
    """``phrase`` without the connectives, periods and reporting words at its ends."""
    return _trim(phrase)


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
        phrase = next(
            (
                n
                for n in (3, 2)
                if len(words) > n
                and " ".join(words[-n:] if from_end else words[:n]).lower().strip(",.;:()") in marked
                and not (from_end and _splits_kept(words, n))
            ),
            0,
        )
        if phrase:
            # a phrase of the table as written ("ước thực hiện") goes before the words kept below
            words = words[:-phrase] if from_end else words[phrase:]
            continue
        end = fold(" ".join(words[-3:] if from_end else words[:3])).strip(",.;:()")
        if _KEEP.match(end) if not from_end else _KEEP.ends(end, 0, len(end)):
            return words  # "đạt chuẩn …", "… trở lên" belong to the name
        for n in (3, 2, 1):
            if len(words) < n:
                continue
            cand = words[-n:] if from_end else words[:n]
            last = cand[-1].strip(",.;:()")
            year = (n == 2 and fold(cand[0]) == "nam" and bool(_YEAR.match(last))) or (
                n == 1 and bool(_YEAR.match(last))
            )
            joined = " ".join(cand).lower().strip(",.;:()")
            if (year or joined in marked or (joined.isascii() and fold(joined) in folded)) and not (
                from_end and _splits_kept(words, n)
            ):
                words = words[:-n] if from_end else words[n:]
                break
        else:
            return words
    return words


def _splits_kept(words: list[str], n: int) -> bool:
    """Whether cutting the last ``n`` words would cut a phrase kept in names in two ("thực hiện
    có": "hiện có" is a trailing phrase, "thực hiện" is kept)."""
    head = fold(" ".join(words[-(n + 2) : -n])).strip(",.;:()")
    tail = fold(" ".join(words[-n:])).strip(",.;:()")
    both = f"{head} {tail}"
    return any(m.start() < len(head) < m.end() for m in _KEEP.rx.finditer(both))


def _drop_periods(phrase: str) -> str:
    """``phrase`` without the periods it names ("Kim ngạch xuất khẩu 9 tháng"): a fact's period
    is a field of its own, and one indicator keeps one name across periods."""
    if not _MAY_NAME_PERIOD.search(phrase):
        return phrase  # every period expression holds a digit or "quý"
    folded = fold(phrase)
    if len(folded) != len(phrase):
        return phrase
    for p in reversed(find_periods(folded)):
        if p.governs or p.kind == "date":  # "giải ngân đến ngày 31/3/2025": a date is no name either
            phrase = phrase[: p.start] + " " + phrase[p.end :]
    return phrase


_LIST_MARK = re.compile(r"^(?:[a-zđ]|\d{1,2}|[IVX]{1,4})[.)]\s*(?=\S|$)")


@lru_cache(maxsize=1 << 14)
def _trim(phrase: str) -> str:
    """Trim connectives and reporting words from both ends of ``phrase`` (a figure's words are
    trimmed several times over while it is named: cached)."""
    phrase = " ".join(_drop_periods(phrase.replace("\n", " ")).split())
    phrase = _LIST_MARK.sub("", phrase).strip(" ,.;:-–()")  # "a) 8 chỉ tiêu kinh tế": the list's mark
    phrase = _MONTHS_END.sub("", phrase)  # "Thu ngân sách 6 tháng": the period is a field of its own
    # a lone hyphen joins compound sectors ("công nghiệp - xây dựng") and stays
    words = [w for w in phrase.split() if w.strip(",.;:-–()") or w in ("-", "–")]
    words = _strip_words(words, _LEAD, from_end=False)
    words = _strip_words(words, _TRAIL, from_end=True)
    return " ".join(words).strip(" ,.;:-–()")


_VERB = phrase_class("names", "verbs", "reporting").rx
_PASSIVE = phrase_class("names", "verbs", "passive")
_PUNISHED = phrase_class("names", "compose", "punished")
_SUBJECTS = phrase_class("names", "words", "subjects")
_INNER_RATE = re.compile(r"(?<!so)\s(?:voi|co|la|dat|va|chiem|nhung)\s+((?:ty trong|ty le|toc do)\s)")
_QUANTITY_HEADS = re.compile(r"(?:tong\s+)?(?:so\s+luong|luong|luot|tong so|so luot)\s")
_CAUSED = re.compile(r"^làm\s+(?=chết|bị\s+thương|mất\s+tích|hư\s+hỏng|thiệt\s+hại)", re.IGNORECASE)
_DEAR = re.compile(r"^(?:các\s+)?đồng\s+chí\s+", re.IGNORECASE)  # "đồng chí Chủ tịch" -> "Chủ tịch"
# nouns that count occurrences of an activity ("Thanh tra hành chính 41 cuộc" -> "Số cuộc thanh tra …")
_EVENTS = phrase_class("names", "words", "events")


_NOTHING = phrase_class("names", "words", "nothing")
_HEADS = phrase_class("names", "words", "heads")
_SUBJECT_ENDS = phrase_class("names", "words", "subject_ends")
_SUBJECT_BREAK = re.compile(r"[,;:.]")


def sentence_subject(sentence: str) -> str:
    """The indicator a sentence opens with, before its first verb or comma, or ``""``: only a
    noun phrase with the head of an indicator name ("Chỉ số sản xuất công nghiệp (IIP) tăng
    khá cao, …" -> "Chỉ số sản xuất công nghiệp (IIP)")."""
    f = fold(sentence)
    cut = _SUBJECT_BREAK.search(f)
    end = cut.start() if cut else len(f)
    verb = _SUBJECT_ENDS.search(f, 0, end)
    if verb is None or verb.start() == 0:
        return ""
    phrase = _trim(sentence[: verb.start()])
    if len(phrase.split()) < 2 or _HEADS.match(fold(phrase)) is None:
        return ""
    return capital(balanced(phrase))


@lru_cache(maxsize=1 << 14)
def names_nothing(name: str) -> bool:
    """Whether ``name`` as a whole is a period, a base or a qualifier ("6 tháng", "cùng kỳ",
    "ít nhất"): words that name no indicator."""
    f = fold(name).strip(" ,.;:()")
    m = _NOTHING.match(f)
    return m is not None and m.end() == len(f)


def _last_words(phrase: str, n: int) -> str:
    # keep the end of a long lead-in: the name sits right before the figure; a full name
    # ("Tỷ lệ diện tích … so với diện tích vùng biển quốc gia") is kept whole
    if (
        len(phrase.split()) <= 2 * n
        and _HEADS.match(fold(phrase)) is not None
        and not any(sep in phrase for sep in ";:")
    ):
        return phrase
    for sep in (";", ":", ","):
        if len(phrase.split()) > n and sep in phrase:
            phrase = phrase.rsplit(sep, 1)[1]
    words = phrase.split()
    return " ".join(words[-n:])


@lru_cache(maxsize=1 << 14)
def only_verbs(head: str) -> bool:
    """Whether the words before a figure, trimmed, are verbs only ("đóng góp", "giải ngân được";
    asked of a figure's words and names several times: cached)."""
    words = fold(_trim(head))
    return bool(words) and _VERB.sub("", words).strip(" ,") == ""


def balanced(name: str) -> str:
    """``name`` with its brackets closed ("Tốc độ tăng trưởng kinh tế (GRDP" gets its ")")."""
    opened = name.count("(") - name.count(")")
    if opened > 0:
        return name.rstrip(" ,;:") + ")" * opened
    if opened < 0:
        return name.replace(")", "", -opened).strip()
    return name


def is_fragment(name: str) -> bool:
    """One word that is no indicator: a cut-off verb or preposition ("Đối", "Phát", "Chứng").

    An abbreviation ("GRDP", "FDI") or a word the lexicon knows as an indicator ("Dân số" is two
    words already) is a name."""
    words = name.split()
    if len(words) != 1:
        return False
    word = words[0].strip(",.;:()")
    return not (len(word) > 1 and word.isupper()) and fold(word) not in _ONE_WORD


def capital(phrase: str) -> str:
    """``phrase`` with its first letter in capitals."""
    return phrase[:1].upper() + phrase[1:] if phrase else phrase


_MULTIPLIER = re.compile(r"^(?:nghìn|ngàn|triệu|tỷ|vạn)\s+")


def _last_verb(folded: str) -> int:
    """Offset of the last reporting verb in a folded phrase (same offsets as the phrase)."""
    starts = [m.start() for m in _VERB.finditer(folded)]
    return starts[-1] if starts else 0


def lower_first(phrase: str) -> str:
    """Lower-case the first letter of a phrase that goes inside a name, unless a proper noun."""
    words = phrase.split()
    if not words or words[0][:2].isupper():
        return phrase  # an abbreviation: "GRDP", "HĐND"
    if len(words) > 1 and words[1][:1].isupper():
        return phrase  # a name: "Ban Bí thư", "Hội Nông dân"
    return phrase[:1].lower() + phrase[1:]


# spelt with marks where the fold is another word too ("để", not "đề": "vấn đề")
_TAIL_STOP = re.compile(r"\s(?:với|voi|để|nhằm|nham|góp phần|gop phan)\s")


def _tail_words(tail: str, n: int = 12) -> str:
    # the words after a figure up to a new complement ("149 doanh nghiệp với tổng số vốn …")
    stop = _TAIL_STOP.search(tail.lower(), 1)
    tail = _trim(tail[: stop.start()] if stop else tail)
    return " ".join(tail.split()[:n])


@lru_cache(maxsize=1 << 14)
def indicator_name(head: str, unit: str = "", *, tail: str = "", trigger: str | None = None) -> str:
    """The indicator a figure measures.

    ``head`` is the part's words before the figure (or its trigger word), ``tail``
    the words after the figure and its unit, ``trigger`` the kind of the trigger
    word before the figure (see :mod:`chitieu.extract.roles`). A function of its
    words alone, asked again wherever a report repeats them: cached.
    """
    phrase = _trim(_last_words(_trim(head), MAX_WORDS))
    f = fold(phrase)
    verb = _VERB.search(f)
    verb_only = not phrase or (verb is not None and verb.start() == 0) or f in ("co", "dat", "chiem", "la")
    if unit == "%":
        inner = max((m for m in _INNER_RATE.finditer(f)), key=lambda m: m.start(), default=None)
        if inner is not None and len(f) == len(phrase):
            # "cơ cấu kinh tế chuyển dịch đúng hướng với tỷ trọng công nghiệp - xây dựng … chiếm
            # 78,31%": the rate named inside the clause is the figure's
            phrase = phrase[inner.start(1) :]
            return capital(phrase)
        if trigger == "share" and phrase and not f.startswith(("ty trong", "ty le")):
            return capital("Tỷ trọng " + lower_first(phrase))
        if verb_only and _tail_words(tail):
            return capital("Tỷ lệ " + _tail_words(tail))
    elif unit in ("ha", "nghìn ha") and verb_only and phrase and _tail_words(tail):
        return capital(f"Diện tích {_tail_words(tail)} {lower_first(phrase)}")
    elif unit and not is_measure_unit(unit):
        noun = _MULTIPLIER.sub("", unit)
        if fold(noun) in f:
            return capital(phrase)
        rest = _tail_words(tail, 8)
        if verb is None and len(phrase.split()) > 1 and _QUANTITY_HEADS.match(f) is not None:
            return capital(phrase)  # "Lượng khách du lịch … 8,43 triệu lượt": the name says what is counted
        if verb is None and len(phrase.split()) > 3 and _EVENTS.match(fold(noun)) is None and _HEADS.match(f):
            return capital(phrase)  # a noun phrase naming the count: "Tổng đàn gia súc"
        by = ""
        if verb is not None and verb.start() > 0:
            cut = _last_verb(f)
            if _SUBJECTS.match(f) is not None and not _VERB.search(f, 0, cut) and not rest:
                # "Bí thư, các Phó Bí thư Tỉnh ủy tiếp 19 cuộc": who did it goes after the verb
                # where the verb alone says too little
                by = " của " + _DEAR.sub("", phrase[:cut].strip(" ,"))
            phrase = phrase[cut:]  # "Cấp ủy các cấp kiểm tra" -> "kiểm tra"
        phrase = _CAUSED.sub("", phrase)  # "làm chết 6 người": the people who died
        bare = len(phrase.split()) == 1
        if _PASSIVE.match(fold(phrase)) is not None:
            # "Kiểm tra 120 tổ chức đảng": the object counted; "xử phạt 493 trường hợp": punished
            voice = "bị " if _PUNISHED.match(fold(phrase)) is not None else "được "
            phrase = voice + lower_first(phrase)
        if by and bare:
            phrase += by
        if rest and tail.lstrip().startswith(","):
            rest = ", " + rest  # "14 đề tài, dự án": the nouns counted together
        name = f"Số {noun} {rest} {lower_first(phrase)}" if rest else f"Số {noun} {lower_first(phrase)}"
        return capital(" ".join(name.split()).replace(" ,", ","))
    if not phrase and unit and not is_measure_unit(unit):
        return capital(unit)  # a measure alone ("%", "tỷ đồng") names nothing
    return capital(phrase)


_ANNOUNCES = phrase_class("structure", "parts", "targets").rx
_RESULTS = phrase_class("structure", "parts", "results").rx
_SENTENCE_LIKE = re.compile(r"\b(?:tang|giam|dat|co|la|gom|bao gom|nhu sau|cu the)\b")


_JOINED = phrase_class("names", "comma", "joined")
_SHARES_OF = phrase_class("names", "shares", "structure")
_RELATION = re.compile(r"\s(?:thong qua|duoc|cua|tren|trong|tai|cho|da|dat|so voi)\s")
_FULL_NAME = ("ty le ", "ty trong ", "so ", "tong so ", "toc do ")


def joined_before(folded: str, start: int, comma: int) -> bool:
    """Whether the comma at ``comma`` goes on with a name ("xã, phường", "nông, lâm nghiệp")."""
    return _JOINED.ends(folded, max(0, start), comma)


def names_shares(parent: str) -> bool:
    """Whether a list head names a whole whose items are its shares ("Cơ cấu kinh tế")."""
    return _SHARES_OF.search(fold(parent)) is not None


def child_name(parent: str, child: str) -> str:
    """The name of a part of ``parent`` given after "trong đó": the parent's name with its last
    noun replaced ("Tỷ lệ dân số … được cung cấp nước hợp vệ sinh" + "nước sạch" -> "Tỷ lệ dân
    số … được cung cấp nước sạch"); "" when the child shares no word to hang it on."""
    child = _trim(child)
    words = child.split()
    if not words or not parent:
        return ""
    first = fold(words[0])
    pwords = parent.split()
    at = max((i for i, w in enumerate(pwords) if i > 0 and fold(w.strip(",.;:()")) == first), default=-1)
    if at < 0 and fold(pwords[0]) == first:
        # "Hàng hóa thông qua cảng biển" + "hàng container": the child takes the parent's noun's
        # place before what relates it ("thông qua cảng biển")
        rel = _RELATION.search(fold(parent))
        return f"{child[:1].upper()}{child[1:]} {parent[rel.start() :].strip()}" if rel else ""
    if at < 0:
        head = _HEADS.match(fold(parent).removeprefix("tong "))
        if head is None or fold(parent).removeprefix("tong ")[: head.end()] in ("so", "tong", "tong so"):
            return ""
        # "Tổng diện tích gieo trồng … , trong đó vụ Đông Xuân đạt …": the measure of the part
        start = len(parent) - len(fold(parent).removeprefix("tong "))
        return f"{capital(parent[start : start + head.end()])} {lower_first(child)}"
    return " ".join([*pwords[:at], *words])


def list_item_name(parent: str, item: str, unit: str = "") -> str:
    """The name of one item of a list after a colon: the parent's name with the item's."""
    item = _trim(item)
    if not item:
        return parent
    fparent = fold(parent)
    whole = _SHARES_OF.search(fparent)
    if whole is not None and unit == "%" and not fold(item).startswith(("ty trong", "ty le")):
        # "Cơ cấu kinh tế: nông, lâm nghiệp và thủy sản 21%": each item is a share of the economy
        return f"Tỷ trọng {lower_first(item)} trong {lower_first(parent[whole.start() : whole.end()])}"
    if _SENTENCE_LIKE.search(fparent) or _ANNOUNCES.search(fparent) or _RESULTS.search(fparent):
        # "Một số sản phẩm tăng khá: điện ...", "Các chỉ tiêu chủ yếu: ..." name no indicator of their own
        return capital(item)
    fitem = fold(item)
    if (
        fitem.startswith(_FULL_NAME)
        or fitem.startswith(fparent.removeprefix("tong "))
        or (_HEADS.match(fitem) is not None and len(item.split()) > 2)
    ):
        # "…, trong đó: Tỷ lệ lao động qua đào tạo có văn bằng, chứng chỉ": the item is a name
        return capital(item)
    base = parent
    if fold(base).startswith("tong "):
        base = base[5:]
    base = base[:1].upper() + base[1:]
    if not base:
        return capital(item)
    return f"{base} {item[:1].lower() + item[1:] if not item[:2].isupper() else item}"
