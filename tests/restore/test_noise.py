"""The noise model: deterministic, keeps lines and numbers, damages words."""

from __future__ import annotations

import pytest

from chitieu.restore.noise import damage, strip

TEXT = "Năm 2023 tỉnh đạt 1.234,5 tỷ đồng;\nĐảng bộ lãnh đạo, chỉ đạo của Tỉnh ủy.\n\nxã hội phát triển"


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_damage_keeps_lines_and_digits(seed: int) -> None:
    out = damage(TEXT, seed=seed)
    assert out.count("\n") == TEXT.count("\n")
    assert "1.234,5" in out and "2023" in out


def test_damage_is_deterministic_and_seeded() -> None:
    assert damage(TEXT, seed=5) == damage(TEXT, seed=5)
    assert damage(TEXT, seed=5) != damage(TEXT, seed=6)


@pytest.mark.parametrize(("rate", "changed"), [(0.0, False), (1.0, True)])
def test_damage_rate_scales_damage(rate: float, changed: bool) -> None:
    assert (damage(TEXT, seed=1, rate=rate) != TEXT) is changed


@pytest.mark.parametrize(("text", "out"), [("Đảng ỦY", "Dang UY"), ("xã hội 2,5%", "xa hoi 2,5%"), ("", "")])
def test_strip_removes_marks_keeps_case(text: str, out: str) -> None:
    assert strip(text) == out
