"""Files written whole or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from chitieu.atomic import atomic_text, write_atomic


def test_write_atomic_writes_the_pieces_in_order(tmp_path: Path) -> None:
    target = tmp_path / "cache.bin"
    write_atomic(target, [b"ab", memoryview(b"cd"), b""])
    assert target.read_bytes() == b"abcd"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.bin"]


def test_write_atomic_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "cache.bin"
    target.write_bytes(b"old")

    def pieces() -> Iterator[bytes]:
        yield b"new"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, pieces())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.bin"]


@pytest.mark.parametrize("fail", [False, True])
def test_atomic_text_replaces_only_on_success(tmp_path: Path, fail: bool) -> None:
    target = tmp_path / "facts.jsonl"
    target.write_text("cũ\n", encoding="utf-8")
    with pytest.raises(ValueError) if fail else contextlib.nullcontext(), atomic_text(target) as f:
        f.write("mới\r\n")
        if fail:
            raise ValueError("dừng")
    assert target.read_bytes() == ("cũ\n" if fail else "mới\r\n").encode()
    assert [p.name for p in tmp_path.iterdir()] == ["facts.jsonl"]
