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
import math
from array import array
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from chitieu.text.normalize import fold

try:
    from chitieu.restore import _native

    NATIVE = True
except ImportError:  # not built: the Python walk below does the work
    NATIVE = False

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
    ("li", "u"): 1.1,  # "ù", "ú" drawn as "li" ("cling" for "cùng")
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

_SEARCH_CACHE = 100_000  # forms whose search results are kept
_PAIR_PRINTED = frozenset(printed for printed, _ in PAIR_COSTS)
DEFAULT_SUB = 2.5
DEFAULT_DEL = 2.0
CHEAP_DEL = 1.0  # digits and OCR symbols
DEFAULT_INS = 2.5
VOWEL_INS = 2.0
_CHEAP_DEL_CHARS = frozenset("0123456789" + "@€¢¥ﬁ&")
_VOWELS = frozenset("aeiouy")


def _insertion(letter: str) -> float:
    """The cost of a letter of the syllable that the printed token lacks."""
    return VOWEL_INS if letter in _VOWELS else DEFAULT_INS


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
        letters: set[str] = set()
        self.longest = 0  # letters in the longest key
        for key in keys:
            letters.update(key)
            self.longest = max(self.longest, len(key))
            node = self.root
            for ch in key:
                nxt = node.children.get(ch)
                if nxt is None:
                    nxt = node.children[ch] = _Node()
                node = nxt
            node.key = key
        self.letters = frozenset(letters)
        self._columns: dict[str, dict[str, float]] = {}
        self._found: dict[str, tuple[float, dict[str, float]]] = {}
        self._flat = _Flat(self) if NATIVE else None

    def search(self, form: str, bound: float) -> dict[str, float]:
        """Keys within edit cost ``bound`` of ``form`` (an :func:`ocr_form`), with their costs.

        Results are cached per form; a search within a smaller bound than one already
        made filters the earlier result.
        """
        got = self._found.get(form)
        if got is not None and got[0] >= bound:
            return {key: cost for key, cost in got[1].items() if cost <= bound}
        found = self._search(form, bound)
        if len(self._found) >= _SEARCH_CACHE:
            self._found.clear()
        self._found[form] = (bound, found)
        return dict(found)

    def forget(self) -> None:
        """Empty the cache of searches made."""
        self._found.clear()

    def _search(self, form: str, bound: float) -> dict[str, float]:
        n = len(form)
        if n - 2 * self.longest > bound / CHEAP_DEL:
            # a key takes at most two printed characters a letter; each one more costs a
            # deletion: no key is within the bound (an OCR run-on, a URL)
            return {key: cost for key, cost in WORD_COSTS.get(form, ()) if cost <= bound}
        dels = [CHEAP_DEL if c in _CHEAP_DEL_CHARS else DEFAULT_DEL for c in form]
        if self._flat is not None and n:
            found = self._flat.walk(form, dels, bound)
        else:
            first = [0.0] * (n + 1)
            for j in range(1, n + 1):
                first[j] = first[j - 1] + dels[j - 1]
            walk = _unrolled(n) if 0 < n <= UNROLL_MAX else self._walk
            found = walk(self.root, self._costs(form), tuple(dels), bound, tuple(first))
        for key, cost in WORD_COSTS.get(form, ()):
            if cost <= bound and cost < found.get(key, bound + 1.0):
                found[key] = cost
        return found

    @staticmethod
    def _walk(
        root: _Node, costs: _Costs, dels: tuple[float, ...], bound: float, first: _Row
    ) -> dict[str, float]:
        """The search for any length: one row of the edit table per trie node, depth first."""
        n = len(dels)
        found: dict[str, float] = {}
        stack: list[tuple[_Node, _Row]] = [(root, first)]
        while stack:
            node, prev = stack.pop()
            for ch, child in node.children.items():
                subs, pairs, ins = costs[ch]
                cost = prev[0] + ins
                row = [cost]
                best = cost
                for j in range(1, n + 1):
                    cost = prev[j - 1] + subs[j - 1]
                    alt = prev[j] + ins
                    if alt < cost:
                        cost = alt
                    alt = row[j - 1] + dels[j - 1]
                    if alt < cost:
                        cost = alt
                    pc = pairs[j]
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
                    stack.append((child, tuple(row)))
        return found

    def _costs(self, form: str) -> _Costs:
        """Per trie letter: substitution costs against each printed character, pair costs, insertion."""
        n = len(form)
        columns = [self._column(t) for t in form]
        spots = [(j, form[j - 2 : j]) for j in range(2, n + 1) if form[j - 2 : j] in _PAIR_PRINTED]
        no_pairs: tuple[float | None, ...] = (None,) * (n + 1)
        table: _Costs = {}
        for ch in self.letters:
            pairs = no_pairs
            if spots:
                found: list[float | None] = [None] * (n + 1)
                for j, printed in spots:
                    found[j] = PAIR_COSTS.get((printed, ch))
                pairs = tuple(found)
            table[ch] = (
                tuple([col[ch] for col in columns]),
                pairs,
                _insertion(ch),
            )
        return table

    def _column(self, printed: str) -> dict[str, float]:
        """The cost of reading ``printed`` as each trie letter (cached per character)."""
        got = self._columns.get(printed)
        if got is None:
            got = {
                ch: 0.0 if ch == printed else SUB_COSTS.get((printed, ch), DEFAULT_SUB) for ch in self.letters
            }
            self._columns[printed] = got
        return got


class _Flat:
    """The trie as arrays for the C walk: per node its children's span and its key; per
    edge its letter (an index into the sorted letters) and its node. Node 0 is the root.
    Costs come from the trie's own tables, as arrays of doubles in the letters' order."""

    def __init__(self, trie: KeyTrie) -> None:
        self.trie = trie
        self.letters = sorted(trie.letters)
        index = {ch: i for i, ch in enumerate(self.letters)}
        nodes = [trie.root]
        keys: list[str] = []
        start, count, key_of = array("i"), array("i"), array("i")
        edge_letter, edge_node = array("i"), array("i")
        at = 0
        while at < len(nodes):  # breadth first: a node's children get consecutive edges
            node = nodes[at]
            at += 1
            start.append(len(edge_letter))
            count.append(len(node.children))
            if node.key is None:
                key_of.append(-1)
            else:
                key_of.append(len(keys))
                keys.append(node.key)
            for ch, child in node.children.items():
                edge_letter.append(index[ch])
                edge_node.append(len(nodes))
                nodes.append(child)
        self.arrays = (start, count, edge_letter, edge_node, key_of)
        self.keys = tuple(keys)
        self.depth = max(1, trie.longest)  # every leaf ends a key: the trie is as deep as the longest
        self.ins = array("d", [_insertion(ch) for ch in self.letters])
        self._columns: dict[str, bytes] = {}
        self._pairs: dict[str, bytes] = {}
        self._no_pair = array("d", [math.nan] * len(self.letters)).tobytes()

    def walk(self, form: str, dels: list[float], bound: float) -> dict[str, float]:
        subs = b"".join([self._column(t) for t in form])
        pairs = None
        if any(form[j - 2 : j] in _PAIR_PRINTED for j in range(2, len(form) + 1)):
            pairs = b"".join(
                [self._no_pair, self._no_pair]
                + [self._pair(form[j - 2 : j]) for j in range(2, len(form) + 1)]
            )
        start, count, edge_letter, edge_node, key_of = self.arrays
        return _native.walk(
            start,
            count,
            edge_letter,
            edge_node,
            key_of,
            self.keys,
            self.depth,
            subs,
            pairs,
            self.ins,
            array("d", dels),
            bound,
        )

    def _column(self, printed: str) -> bytes:
        got = self._columns.get(printed)
        if got is None:
            column = self.trie._column(printed)
            got = self._columns[printed] = array("d", [column[ch] for ch in self.letters]).tobytes()
        return got

    def _pair(self, printed: str) -> bytes:
        got = self._pairs.get(printed)
        if got is None:
            costs = [PAIR_COSTS.get((printed, ch)) for ch in self.letters]
            got = self._pairs[printed] = array("d", [math.nan if c is None else c for c in costs]).tobytes()
        return got


# rows of the edit table, and per trie letter (substitution costs, pair costs, insertion cost)
_Row = tuple[float, ...]
_Costs = dict[str, tuple[tuple[float, ...], tuple[float | None, ...], float]]
_Walk = Callable[[_Node, _Costs, tuple[float, ...], float, _Row], dict[str, float]]
UNROLL_MAX = 10  # forms up to this length get a search with the row loop unrolled


@cache
def _unrolled(n: int) -> _Walk:
    """``KeyTrie._walk`` for forms of length ``n``, its inner loop written out (about 3x faster).

    The row of ``n + 1`` costs lives in local variables instead of a list; the
    recurrence is the same, line for line (tests compare the two on random forms).
    """
    cols = range(1, n + 1)
    p = ", ".join(f"p{j}" for j in range(n + 1))
    r = ", ".join(f"r{j}" for j in range(n + 1))
    code = [
        "def walk(root, costs, dels, bound, first):",
        "    found = {}",
        "    stack = [(root, first)]",
        "    pop = stack.pop",
        "    push = stack.append",
        f"    {', '.join(f'd{j}' for j in cols)}, = dels",
        "    while stack:",
        "        node, prev = pop()",
        f"        {p}, = prev",
        "        for ch, child in node.children.items():",
        "            subs, pairs, ins = costs[ch]",
        f"            {', '.join(f's{j}' for j in cols)}, = subs",
        "            r0 = p0 + ins",
        "            best = r0",
    ]
    for j in cols:
        code += [
            f"            r{j} = p{j - 1} + s{j}",
            f"            t = p{j} + ins",
            f"            if t < r{j}: r{j} = t",
            f"            t = r{j - 1} + d{j}",
            f"            if t < r{j}: r{j} = t",
        ]
        if j >= 2:
            code += [
                f"            q = pairs[{j}]",
                f"            if q is not None and p{j - 2} + q < r{j}: r{j} = p{j - 2} + q",
            ]
        code.append(f"            if r{j} < best: best = r{j}")
    code += [
        "            if best > bound: continue",
        f"            if child.key is not None and r{n} <= bound: found[child.key] = r{n}",
        f"            if child.children: push((child, ({r},)))",
        "    return found",
    ]
    namespace: dict[str, Any] = {}
    exec("\n".join(code), namespace)  # generated from the fixed template above, no outside input
    walk: _Walk = namespace["walk"]
    return walk
