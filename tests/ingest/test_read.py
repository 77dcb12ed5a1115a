"""Reading input files: streaming blocks and clear errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.errors import EncodingProblem, FileNotFound, InputError, InputTooLarge, UnsupportedFormat
from chitieu.ingest.read import blocks_from_lines, read_blocks, read_lines

MAX = 10_000_000

# "Tổng giá trị đạt" in Windows-1258 (base letters with combining tone marks)
CP1258_SAMPLE = b"T\xf4\xd2ng gi\xe1 tri\xf2 \xf0a\xf2t"


def _lines(path: Path) -> list[tuple[int, str]]:
    return list(read_lines(path, max_bytes=MAX))


def test_read_lines_keeps_numbering_and_strips_newlines(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("Dòng một\r\nDòng hai\n\nDòng bốn".encode())
    assert _lines(p) == [(1, "Dòng một"), (2, "Dòng hai"), (3, ""), (4, "Dòng bốn")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\ufeffTỉnh ủy".encode(), "Tỉnh ủy"),
        ("Tỉnh ủy".encode("utf-16"), "Tỉnh ủy"),
    ],
)
def test_read_lines_understands_byte_order_marks(tmp_path: Path, data: bytes, expected: str) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(data)
    assert _lines(p) == [(1, expected)]


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda d: d / "missing.txt", FileNotFound, "không tìm thấy"),
        (lambda d: d, InputError, "thư mục"),
        (lambda d: _write(d / "empty.txt", b""), InputError, "rỗng"),
        (lambda d: _write(d / "bin.txt", bytes(range(256)) * 10), UnsupportedFormat, "nhị phân"),
        (lambda d: _write(d / "r.docx", b"PK\x03\x04"), UnsupportedFormat, ".docx"),
        (
            lambda d: _write(d / "old.txt", "Nghò quyeát Tænh uûy naêm 2019".encode("latin-1")),
            EncodingProblem,
            "UTF-8",
        ),
        (lambda d: _write(d / "cp.txt", CP1258_SAMPLE), EncodingProblem, "bảng mã cũ"),
    ],
)
def test_read_lines_rejects_bad_input_with_a_clear_message(
    tmp_path: Path, make: object, error: type[Exception], words: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(error) as info:
        _lines(path)
    message = str(info.value)
    assert str(path) in message
    assert words in message


def test_read_lines_refuses_files_over_the_limit(tmp_path: Path) -> None:
    p = _write(tmp_path / "big.txt", b"x" * 2000)
    with pytest.raises(InputTooLarge, match="quá lớn"):
        list(read_lines(p, max_bytes=1000))


def test_read_lines_names_the_line_of_an_encoding_error_past_the_sniffed_head(tmp_path: Path) -> None:
    head = ("Dòng hợp lệ\n" * 8000).encode()
    p = _write(tmp_path / "late.txt", head + CP1258_SAMPLE + b"\n")
    with pytest.raises(EncodingProblem) as info:
        _lines(p)
    assert info.value.line == 8001


def test_blocks_cut_at_paragraph_breaks_and_cover_every_line() -> None:
    lines = [(i, "- gạch đầu dòng" if i % 7 == 0 else "chữ") for i in range(1, 101)]
    blocks = list(blocks_from_lines("x", lines, block_lines=10))
    numbers = [ln.number for b in blocks for ln in b.lines]
    assert numbers == list(range(1, 101))
    for b in blocks[1:]:
        assert b.lines[0].text.startswith("-")
    assert all(len(b.lines) <= 20 for b in blocks)


def test_read_blocks_streams_a_large_file(tmp_path: Path) -> None:
    p = tmp_path / "large.txt"
    with p.open("w", encoding="utf-8") as f:
        for i in range(50_000):
            f.write(f"- Dòng {i} đạt 1.234 tỷ đồng.\n")
    gen = read_blocks(p, max_bytes=MAX, block_lines=1000)
    first = next(gen)
    assert len(first.lines) == 1000
    assert sum(len(b.lines) for b in gen) == 49_000


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
