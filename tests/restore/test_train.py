"""Training: what the counts take from each source, and the domain lexicon's file."""

from __future__ import annotations

import pytest

from chitieu.restore import Restorer
from chitieu.restore.model import BITS
from chitieu.restore.train import Source, _count, interpolate, lexicon_terms
from chitieu.text.normalize import nfc

IDS = {"<s>": 0, "<p>": 1, "<n>": 2, "<unk>": 3, "a": 4, "b": 5, "c": 6}


def _tri(x: int, y: int, z: int) -> int:
    return (x << 2 * BITS) | (y << BITS) | z


@pytest.mark.parametrize(
    ("padded", "bigrams", "trigrams"),
    [
        # a line: its edges count (start and end of line around it)
        (True, {(0, 4), (4, 5), (5, 6), (6, 0)}, {(0, 0, 4), (0, 4, 5), (4, 5, 6), (5, 6, 0)}),
        # a lexicon term: only what is inside it
        (False, {(4, 5), (5, 6)}, {(4, 5, 6)}),
    ],
)
def test_count_source_edges_only_when_padded(
    padded: bool, bigrams: set[tuple[int, int]], trigrams: set[tuple[int, int, int]]
) -> None:
    uni, bi, tri = _count([Source([["a", "b", "c"]], 3, padded)], IDS)
    assert dict(uni) == {4: 3, 5: 3, 6: 3}
    assert dict(bi) == {(x << BITS) | y: 3 for x, y in bigrams}
    assert dict(tri) == {_tri(*t): 3 for t in trigrams}


def test_interpolate_keeps_a_bigram_for_every_trigram() -> None:
    uni, bi, tri = _count(
        [Source([["a", "b", "c"], ["b", "a"]], 1), Source([["c", "a", "b"]], 5, False)], IDS
    )
    unigram, bigram, trigram = interpolate(len(IDS), uni, bi, tri)
    assert len(unigram) == len(IDS)
    assert all(k & ((1 << 2 * BITS) - 1) in bigram for k in trigram)
    # the weighted term makes "a" after "c" likelier than after "b" (seen once each way)
    assert bigram[(6 << BITS) | 4] > bigram[(5 << BITS) | 4]
    assert all(s < 0 for s in trigram.values())


def test_lexicon_terms_are_hundreds_of_distinct_known_terms() -> None:
    terms = lexicon_terms()
    assert len(terms) >= 300
    assert len({tuple(t) for t in terms}) == len(terms)
    vocab = set(Restorer.shared().lm.vocab)
    for term in terms:
        assert len([w for w in term if w != "<p>"]) >= 1
        assert all(w == nfc(w) and w in vocab for w in term), term


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("Phan dau hoan thanh cac chi tieu ke hoach", "Phấn đấu hoàn thành các chỉ tiêu kế hoạch"),
        ("mot so du an chua dat tien do giai ngan", "một số dự án chưa đạt tiến độ giải ngân"),
        ("chi tra tro cap xa hoi hang thang", "chi trả trợ cấp xã hội hằng tháng"),
        ("ty le ho ngheo theo chuan ngheo da chieu", "tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều"),
        ("hoan thanh chi tieu giao quan", "hoàn thành chỉ tiêu giao quân"),
    ],
)
def test_restorer_restores_lexicon_terms_in_context(typed: str, clean: str) -> None:
    assert Restorer.shared().restore_text(typed) == clean
