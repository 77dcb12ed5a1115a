"""The OCR channel: which clean syllables a printed token may stand for, and at what cost.

Costs are edit costs between the token, written without marks (``dugc``), and the
folded spelling of a syllable (``duoc``), with cheap substitutions for the confusions
OCR engines make on Vietnamese (``1``/``l``, ``6``/``ô``, ``@``/``ủ``, ``w``/``ư``,
``ir``/``ư``, ``rn``/``m`` …). The search walks a trie of the folded spellings of all
known syllables, keeping only paths under a cost bound, so it is exhaustive within
the bound and fast enough to run on every damaged token (results are cached).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from chitieu.text.normalize import fold

__all__ = ["CAP_D", "PAIR_COSTS", "SUB_COSTS", "WORD_COSTS", "KeyTrie", "ocr_form"]

# Marker for a capital P or B at the start of a word: OCR's usual reading of "Đ".
CAP_D = "ƥ"

# (printed character, clean folded letter) -> cost; equal letters cost nothing.
SUB_COSTS: dict[tuple[str, str], float] = {
    ("1", "l"): 0.3,
    ("1", "i"): 0.6,
    ("1", "t"): 1.2,
    ("l", "i"): 1.2,
    ("i", "l"): 1.2,
    ("6", "o"): 0.3,
    ("0", "o"): 0.5,
    ("3", "a"): 0.5,
    ("4", "a"): 0.6,
    ("8", "e"): 0.6,
    ("@", "u"): 0.3,
    ("€", "e"): 0.3,
    ("¢", "e"): 0.3,
    ("&", "o"): 0.5,
    ("¥", "y"): 0.3,
    ("ﬁ", "a"): 1.0,
    (CAP_D, "d"): 0.4,
    (CAP_D, "p"): 0.0,
    ("w", "u"): 0.5,
    ("y", "u"): 1.0,
    ("t", "u"): 1.0,
    ("i", "u"): 1.2,
    ("i", "a"): 1.0,
    ("d", "a"): 1.0,
    ("d", "o"): 1.0,
    ("b", "o"): 1.2,
    ("g", "o"): 1.0,
    ("e", "o"): 1.0,
    ("e", "a"): 1.0,
    ("e", "c"): 1.2,
    ("a", "u"): 1.5,
    ("y", "o"): 1.5,
    ("m", "n"): 1.5,
    ("b", "d"): 1.2,
    ("q", "o"): 1.0,
    ("o", "u"): 1.5,
    ("v", "y"): 1.5,
    ("c", "e"): 1.5,
    ("a", "o"): 1.5,
    ("o", "a"): 1.5,
    ("u", "o"): 1.5,
    ("n", "u"): 1.8,
    ("g", "u"): 1.2,
    ("c", "o"): 1.5,
    ("e", "u"): 1.8,
    ("h", "b"): 1.8,
    ("n", "m"): 1.5,
    ("s", "x"): 1.8,
}
# (two printed characters, one clean letter) -> cost.
PAIR_COSTS: dict[tuple[str, str], float] = {
    ("ir", "u"): 0.6,
    ("tr", "u"): 1.0,
    ("it", "u"): 1.0,
    ("ii", "u"): 0.6,
    ("ti", "u"): 1.0,
    ("ur", "u"): 0.8,
    ("yu", "u"): 0.8,
    ("uw", "u"): 0.6,
    ("rn", "m"): 0.6,
    ("ai", "a"): 1.0,
    ("id", "a"): 1.0,
    ("o6", "o"): 0.4,
    ("oe", "o"): 1.0,
    ("cl", "d"): 1.0,
    ("fi", "a"): 1.0,
    ("€e", "e"): 0.3,
    ("¢e", "e"): 0.3,
    ("eb", "o"): 1.2,
    ("in", "m"): 1.2,
    ("iu", "u"): 1.0,
}
# whole printed words -> (clean folded spelling, cost): OCR's usual readings of "ủy"
WORD_COSTS: dict[str, tuple[tuple[str, float], ...]] = {
    "ty": (("uy", 0.5),),
    "tiy": (("uy", 0.5),),
    "ay": (("uy", 0.6),),
    "gy": (("uy", 0.5),),
    # "tỷ" as an engine without Vietnamese prints it ("tl đồng", "t0 lệ", "t] dong")
    "tl": (("ty", 0.8),),
    "t0": (("ty", 0.8),),
    "t]": (("ty", 0.6),),
    "t|": (("ty", 0.6),),
    "tj": (("ty", 0.8),),
}


def _merge_learned() -> None:
    """Add the confusions learned from synthetic OCR (``data/ocr_channel.json``) to the tables.

    The file holds costs estimated by ``python -m chitieu.restore.ocrsim`` from lines
    of the public-domain legal corpus rendered to images and read back by Tesseract's
    English model (an OCR engine that does not know Vietnamese). A learned cost only
    ever lowers a hand-set one.
    """
    path = Path(__file__).resolve().parent / "data" / "ocr_channel.json"
    try:
        learned = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for key, cost in learned.get("sub", {}).items():
        if len(key) == 2:
            pair = (key[0], key[1])
            SUB_COSTS[pair] = min(SUB_COSTS.get(pair, 99.0), float(cost))
    for key, cost in learned.get("pair", {}).items():
        printed, _, clean = key.partition(">")
        if len(printed) == 2 and len(clean) == 1:
            PAIR_COSTS[(printed, clean)] = min(PAIR_COSTS.get((printed, clean), 99.0), float(cost))


_merge_learned()

DEFAULT_SUB = 2.5
DEFAULT_DEL = 2.0
CHEAP_DEL = 1.0  # digits and OCR symbols
DEFAULT_INS = 2.5
VOWEL_INS = 2.0
_CHEAP_DEL_CHARS = frozenset("0123456789" + "@€¢¥ﬁ&")
_VOWELS = frozenset("aeiouy")


def ocr_form(token: str) -> str:
    """The token as the channel compares it: lower case, no marks, initial ``P``/``B`` marked."""
    head = CAP_D if token[:1] == "P" and len(token) > 1 else ""
    body = token[1:] if head else token
    return head + fold(body)


class _Node:
    __slots__ = ("children", "key")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.key: str | None = None


class KeyTrie:
    """A trie of folded syllable spellings with a bounded weighted edit-distance search."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.root = _Node()
        for key in keys:
            node = self.root
            for ch in key:
                nxt = node.children.get(ch)
                if nxt is None:
                    nxt = node.children[ch] = _Node()
                node = nxt
            node.key = key

    def search(self, form: str, bound: float) -> dict[str, float]:
        """Keys within edit cost ``bound`` of ``form`` (an :func:`ocr_form`), with their costs."""
        n = len(form)
        dels = [CHEAP_DEL if c in _CHEAP_DEL_CHARS else DEFAULT_DEL for c in form]
        first = [0.0] * (n + 1)
        for j in range(1, n + 1):
            first[j] = first[j - 1] + dels[j - 1]
        pairs = [form[j - 2 : j] for j in range(n + 1)]
        found: dict[str, float] = {}
        stack: list[tuple[_Node, list[float]]] = [(self.root, first)]
        sub_get = SUB_COSTS.get
        pair_get = PAIR_COSTS.get
        while stack:
            node, prev = stack.pop()
            for ch, child in node.children.items():
                ins = VOWEL_INS if ch in _VOWELS else DEFAULT_INS
                row = [prev[0] + ins]
                best = row[0]
                for j in range(1, n + 1):
                    t = form[j - 1]
                    sub = 0.0 if t == ch else sub_get((t, ch), DEFAULT_SUB)
                    cost = prev[j - 1] + sub
                    alt = prev[j] + ins
                    if alt < cost:
                        cost = alt
                    alt = row[j - 1] + dels[j - 1]
                    if alt < cost:
                        cost = alt
                    if j >= 2:
                        pc = pair_get((pairs[j], ch))
                        if pc is not None and prev[j - 2] + pc < cost:
                            cost = prev[j - 2] + pc
                    row.append(cost)
                    if cost < best:
                        best = cost
                if best > bound:
                    continue
                if child.key is not None and row[n] <= bound:
                    found[child.key] = row[n]
                if child.children:
                    stack.append((child, row))
        for key, cost in WORD_COSTS.get(form, ()):
            if cost <= bound and cost < found.get(key, bound + 1.0):
                found[key] = cost
        return found
