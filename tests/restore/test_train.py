"""Training: what the counts take from each source, and the domain lexicon's file."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.restore import Restorer
from chitieu.restore.model import BITS
from chitieu.restore.noise import damage
from chitieu.restore.train import Source, _count, catalogue_terms, interpolate, lexicon_terms
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


@pytest.mark.parametrize(
    ("rows", "terms"),
    [
        # the name, then each alias; the same term twice (casing apart) counted once
        (
            ["CT-1;Tỷ lệ hộ nghèo;xã hội;%;down;ratio;tỷ lệ hộ nghèo|hộ nghèo giảm"],
            [["tỷ", "lệ", "hộ", "nghèo"], ["hộ", "nghèo", "giảm"]],
        ),
        # a comma is the model's <p>; a row without aliases gives its name alone
        (
            ["CT-2;Thu ngân sách, nội địa;kinh tế;tỷ đồng;up;sum;", "CT-3;Số xã;xã hội;xã;up;sum;Số xã"],
            [["thu", "ngân", "sách", "<p>", "nội", "địa"], ["số", "xã"]],
        ),
    ],
)
def test_catalogue_terms_reads_names_and_aliases_once(
    tmp_path: Path, rows: list[str], terms: list[list[str]]
) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(
        "code;name;domain;units;direction;aggregation;aliases\n" + "\n".join(rows) + "\n", "utf-8"
    )
    assert catalogue_terms(path) == terms


def test_catalogue_terms_of_the_shipped_catalogue_are_distinct() -> None:
    terms = catalogue_terms()
    assert len(terms) >= 500
    assert len({tuple(t) for t in terms}) == len(terms)


@pytest.mark.parametrize(
    ("clean", "seed"),
    [
        # terms of the lexicon read through OCR damage, where the legal corpus alone misreads them
        ("Xử lý dứt điểm các ổ dịch, tiêu hủy toàn bộ số heo bệnh theo quy định.", 4),
        ("Chú trọng kiểm tra, đôn đốc giải quyết các vụ việc tồn đọng, kéo dài.", 3),
        ("Tiếp tục xây dựng, chỉnh đốn Đảng, kiên quyết đấu tranh với tham nhũng vặt.", 1),
        ("Đầu tư nâng cấp quốc lộ, chuyển đổi mô hình quản lý chợ nông thôn.", 1),
    ],
)
def test_restorer_restores_lexicon_terms_through_ocr_damage(clean: str, seed: int) -> None:
    damaged = damage(clean, seed=seed)
    assert damaged != clean
    assert Restorer.shared().restore_text(damaged) == clean
