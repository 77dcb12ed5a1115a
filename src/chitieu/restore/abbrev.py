"""Vietnamese abbreviations as OCR prints them, and their proper spelling.

OCR engines that do not know ``Đ`` print it as ``D``, ``P`` or ``B``; an abbreviation
cannot be repaired from context like a syllable, so the usual ones are listed here.
Abbreviations without ``Đ`` (``UBND``, ``GRDP``, ``KT-XH``) need no entry: capitals
are kept as printed.
"""

from __future__ import annotations

__all__ = ["ABBREVIATIONS", "ROMAN"]

import re

_PROPER = (
    "HĐND",
    "ĐBSCL",
    "ĐBQH",
    "BĐKH",
    "BCĐ",
    "HĐH",
    "ĐVT",
    "HĐQT",
    "ĐTM",
    "ĐCSVN",
    "ĐH",
    "ĐHĐCĐ",
    "ĐKKD",
    "ĐTNĐ",
    "GDĐT",
    "HĐTĐKT",
    "TĐKT",
    "ĐBND",
    "QĐ",
    "NĐ",
    "NĐ-CP",
    "QĐ-UBND",
    "ĐU",
    "ĐTĐ",
    "CNH-HĐH",
    "KCN-ĐT",
    "ĐVHC",
    "TTĐT",
    "HĐKT",
    "ĐGNL",
)


def _misreadings(proper: str) -> set[str]:
    """``proper`` with each ``Đ`` read as ``D``, ``P`` or ``B`` (all combinations)."""
    out = {""}
    for ch in proper:
        options = ("D", "P", "B") if ch == "Đ" else (ch,)
        out = {prefix + o for prefix in out for o in options}
    out.discard(proper)
    return out


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for proper in _PROPER:
        for wrong in _misreadings(proper):
            table.setdefault(wrong, proper)
    # "Đoàn ĐBQH" printed with the Đ doubled into "BD"
    table["BDBQH"] = "ĐBQH"
    table["PDBQH"] = "ĐBQH"
    # entries that are real words or common abbreviations in their own right
    for real in ("DH", "PH", "BH", "QD", "ND", "DU", "PU", "BU", "BCD", "BDT", "DTM", "DVT", "NB", "QB"):
        table.pop(real, None)
    table["BCD"] = "BCĐ"
    table["DVT"] = "ĐVT"
    table["QD"] = "QĐ"
    table["ND"] = "NĐ"
    return table


ABBREVIATIONS: dict[str, str] = _table()
ROMAN = re.compile(r"[IVXLCDM]+")
