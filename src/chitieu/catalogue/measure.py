"""Units of an indicator: converting between scales and telling which units fit an entry.

``tỷ đồng`` and ``triệu đồng`` measure the same thing at another scale (:func:`convert`
gives the factor); so do ``tạ/ha`` and ``tấn/ha``, ``nghìn tấn`` and ``triệu tấn``,
``lượt`` and ``triệu lượt``. A percentage and percentage points (``điểm %``) are the same
for a rate. :func:`unit_fit` says how well a fact's unit suits a catalogue entry, given
what the figure is (a level, or a growth, attainment or excess in ``%`` of that level).
"""

from __future__ import annotations

from functools import lru_cache

from chitieu.text.normalize import fold

__all__ = ["base_unit", "convert", "fit_bases", "unit_fit"]

_PREFIX = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9, "van": 1e4, "tram": 1e2}
# units that are themselves a multiple of another one
_MULTIPLES = {
    "ta": ("kg", 100.0), "tan": ("kg", 1000.0), "yen": ("kg", 10.0), "kg": ("kg", 1.0),
    "mwh": ("kwh", 1e3), "gwh": ("kwh", 1e6), "kwh": ("kwh", 1.0),
    "mw": ("kw", 1e3), "kw": ("kw", 1.0), "km": ("m", 1e3), "m": ("m", 1.0),
    "luot khach": ("luot", 1.0), "diem %": ("%", 1.0), "diem phan tram": ("%", 1.0),
}  # fmt: skip
_SAME_BASE = {"giuong": "giuong benh", "luot nguoi": "luot"}
_PER = frozenset({"nguoi", "nam"})
_RATE_ROLES = frozenset({"change", "attainment", "excess"})
_OF_PLAN = frozenset({"attainment", "excess"})
_MONEY = frozenset({"dong", "usd"})


def _part(part: str) -> tuple[str, float]:
    k = " ".join(fold(part).split())
    if k in _MULTIPLES:
        return _MULTIPLES[k]
    head, _, rest = k.partition(" ")
    if head in _PREFIX and rest and rest != "dan":
        base, factor = _part(rest)
        return base, factor * _PREFIX[head]
    return _SAME_BASE.get(k, k), 1.0


@lru_cache(maxsize=4096)
def base_unit(unit: str) -> tuple[str, float]:
    """The unit at scale one and the factor: ``triệu đồng`` → (``dong``, 1e6)."""
    if not unit.strip():
        return "", 1.0
    parts = [_part(p) for p in unit.split("/")]
    # "triệu đồng/người/năm" of a per-capita figure is the "triệu đồng" reports also write
    while len(parts) > 1 and parts[-1][0] in _PER:
        parts.pop()
    factor = parts[0][1]
    for _, f in parts[1:]:
        factor /= f
    return "/".join(p for p, _ in parts), factor


def convert(value: float, source: str, target: str) -> float | None:
    """``value`` in ``source`` expressed in ``target``; None when the two do not convert."""
    (a, fa), (b, fb) = base_unit(source), base_unit(target)
    if a != b:
        return None
    return value * fa / fb


def unit_fit(unit: str, units: tuple[str, ...], role: str = "actual", basis: str | None = None) -> float:
    """How well a fact in ``unit`` suits an entry measured in ``units``, in [0, 1].

    1 for the same or a convertible unit; a ``%`` that is a growth, attainment or excess of a
    level fits the level (0.95); a level in ``%`` for an entry that is not a rate hardly
    fits (0.3), nor a count or amount for a rate (0); another noun of count, 0.6.
    """
    bases = frozenset(base_unit(u)[0] for u in units)
    return fit_bases(base_unit(unit)[0] if unit else "", bases, role, basis)


def fit_bases(mine: str, bases: frozenset[str], role: str = "actual", basis: str | None = None) -> float:
    """:func:`unit_fit` on units already reduced by :func:`base_unit`."""
    if not bases or not mine:
        return 0.85
    if mine == "%" and role in _OF_PLAN and "%" in bases:
        return 0.95  # "đạt 105% kế hoạch" is the attainment of a level more often than a rate
    if mine in bases:
        return 1.0
    if mine == "%":
        return 0.95 if role in _RATE_ROLES or basis else 0.3
    if "%" in bases:
        return 0.0
    if mine == "lan":  # "gấp 1,2 lần": a ratio to another figure of the same indicator
        return 0.8
    if mine in _MONEY or bases & _MONEY:
        return 0.2 if not (mine in _MONEY and bases & _MONEY) else 0.5
    return 0.6
