"""Text files through :func:`read_document`: Unicode delegated, legacy encodings converted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from reader_helpers import fact_keys, facts_of, read_all
from reader_samples import report_lines

from chitieu.errors import EncodingProblem
from chitieu.ingest.readers.legacy import encode_cp1258, encode_tcvn3, encode_vni
from chitieu.ingest.readers.text import text_encoding

ENCODERS = {"tcvn3": encode_tcvn3, "vni": encode_vni, "cp1258": encode_cp1258}


def _write(tmp_path: Path, codec: str, newline: bytes = b"\n") -> Path:
    path = tmp_path / f"report-{codec}.txt"
    path.write_bytes(newline.join(ENCODERS[codec](line) for line in report_lines()) + newline)
    return path


@pytest.mark.parametrize("codec", ["tcvn3", "vni", "cp1258"])
def test_read_document_converts_legacy_text_line_for_line(tmp_path: Path, codec: str) -> None:
    blocks = read_all(_write(tmp_path, codec, b"\r\n"))
    lines = [ln for b in blocks for ln in b.lines]
    assert [ln.text for ln in lines] == report_lines()
    assert [ln.number for ln in lines] == list(range(1, len(report_lines()) + 1))
    assert blocks[0].meta["encoding"] == codec


@pytest.mark.parametrize("codec", ["tcvn3", "vni", "cp1258"])
def test_read_document_legacy_text_gives_the_facts_of_the_clean_text(
    tmp_path: Path, codec: str, clean_facts: Counter[tuple[object, ...]]
) -> None:
    assert fact_keys(facts_of(read_all(_write(tmp_path, codec)))) == clean_facts


def test_read_document_keeps_utf8_text_as_read_py_reads_it(clean_txt: Path) -> None:
    blocks = read_all(clean_txt)
    assert [ln.text for b in blocks for ln in b.lines] == report_lines()
    assert blocks[0].meta["encoding"] == "utf-8"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Tỉnh ủy".encode(), "utf-8"),
        ("\ufeffTỉnh ủy".encode(), "utf-8-sig"),
        ("Tỉnh ủy".encode("utf-16"), "utf-16"),
        (encode_tcvn3("Báo cáo của Tỉnh ủy về kết quả"), "tcvn3"),
        (encode_vni("Báo cáo của Tỉnh ủy về kết quả"), "vni"),
        (encode_cp1258("Báo cáo của Tỉnh ủy về kết quả"), "cp1258"),
    ],
)
def test_text_encoding_detects_unicode_and_legacy(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    assert text_encoding(path) == expected


def test_read_document_still_refuses_unknown_8bit_text(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_bytes("Très bien, café crème à la française".encode("latin-1"))
    with pytest.raises(EncodingProblem):
        read_all(path)


def test_read_document_streams_legacy_text_in_blocks(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    line = encode_tcvn3("Tỷ lệ hộ nghèo giảm còn 2,1%.")
    path.write_bytes(b"\n".join([line] * 50))
    blocks = read_all(path, block_lines=10)
    assert [len(b.lines) for b in blocks] == [20, 20, 10]  # no blank line: cut at twice block_lines
    assert sum(len(b.lines) for b in blocks) == 50
