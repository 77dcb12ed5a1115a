"""The check of the merger table against the package's commune codes."""

from __future__ import annotations

from typing import Any

from chitieu.geo.build_units import MERGERS, check_mergers


def _fake_packages(move: dict[int, int] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Old and new package data where each new province keeps 10 communes of each old part."""
    move = move or {}
    old: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    for new_code, parts in MERGERS.items():
        wards = []
        for part in parts:
            codes = [part * 1000 + i for i in range(10)]
            old.append(
                {"code": part, "name": f"P{part}", "districts": [{"wards": [{"code": c} for c in codes]}]}
            )
            wards += codes
        new.append(
            {
                "code": move.get(new_code, new_code),
                "name": f"N{new_code}",
                "wards": [{"code": w} for w in wards],
            }
        )
    return old, new


def test_build_units_check_mergers_agrees() -> None:
    assert check_mergers(*_fake_packages()) == []


def test_build_units_check_mergers_finds_wrong_parts() -> None:
    old, new = _fake_packages()
    # move Hà Giang's communes (code 2) into the new Lào Cai (15) instead of Tuyên Quang (8)
    tq = next(p for p in new if p["code"] == 8)
    lc = next(p for p in new if p["code"] == 15)
    hg = [w for w in tq["wards"] if w["code"] // 1000 == 2]
    tq["wards"] = [w for w in tq["wards"] if w not in hg]
    lc["wards"] += hg
    problems = check_mergers(old, new)
    assert len(problems) == 2 and any("N8" in p for p in problems) and any("N15" in p for p in problems)


def test_build_units_check_mergers_finds_missing_province() -> None:
    problems = check_mergers(*_fake_packages({96: 97}))
    assert problems and "differ" in problems[0]
