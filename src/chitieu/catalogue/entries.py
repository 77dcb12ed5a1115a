"""Catalogue entries: the standard catalogue shipped as data, and a province's own entries by CSV.

The standard catalogue is ``data/indicators-v<N>.csv`` (``;``-separated, UTF-8, one entry a
line): ``code;name;domain;units;direction;aggregation;aliases`` where ``units`` and
``aliases`` are lists separated by ``|`` (the first unit is the preferred one). A
province's file has the same columns, separated by ``;`` or ``,`` (quoted as a
spreadsheet writes it). Every entry is checked (:func:`parse_entries`): a bad code,
domain, unit, direction or aggregation, or a code, name or alias already used by
another entry, is a :class:`~chitieu.errors.ValidationError` naming the file, the line
and the entry; nothing of a file with an error is used.

Each entry also answers to the diacritic-less spelling of its name and aliases
(:attr:`CatalogueEntry.keys`): a report typed without marks finds the same entry.
"""

from __future__ import annotations

import csv
import hashlib
import io
import marshal
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from chitieu.errors import ValidationError
from chitieu.text.normalize import canonical, fold
from chitieu.text.units import COUNT_NOUNS, UNITS

if TYPE_CHECKING:
    from chitieu.domain import Direction

__all__ = [
    "ABBREVIATIONS",
    "AGGREGATIONS",
    "CATALOGUE_VERSION",
    "COLUMNS",
    "CatalogueAggregation",
    "CatalogueEntry",
    "form_entry",
    "name_key",
    "parse_entries",
    "standard_catalogue",
    "valid_unit",
]

CATALOGUE_VERSION = 1
CatalogueAggregation = Literal["sum", "mean", "ratio", "last"]
AGGREGATIONS: tuple[CatalogueAggregation, ...] = ("sum", "mean", "ratio", "last")
COLUMNS = ("code", "name", "domain", "units", "direction", "aggregation", "aliases")

_CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]{1,31}")
_SCALES = ("nghìn ", "ngàn ", "triệu ", "tỷ ", "vạn ", "trăm ", "điểm ")
# nouns of count a catalogue entry may be measured in beyond those extraction reads
_EXTRA_NOUNS = frozenset(
    {
        "con", "liều", "căn", "căn nhà", "suất", "suất quà", "mã số", "văn bằng", "huy hiệu", "bậc",
        "cụm", "ấp, khóm", "nhóm nhiệm vụ", "khâu đột phá", "khoản thu", "thời gian", "nhà đầu tư",
        "người", "USD/người", "huy chương vàng", "huy chương bạc", "huy chương đồng",
    }
)  # fmt: skip
_ENTRIES_FORMAT = 1  # the layout of the compiled entries: bump it when CatalogueEntry changes


# abbreviations reports use for words of indicator names, written out in the key
ABBREVIATIONS = {
    "ntm": "nong thon moi", "bhyt": "bao hiem y te", "bhxh": "bao hiem xa hoi", "bhtn": "bao hiem that nghiep",
    "nsnn": "ngan sach nha nuoc", "nsdp": "ngan sach dia phuong", "htx": "hop tac xa",
    "tthc": "thu tuc hanh chinh", "dtts": "dan toc thieu so", "tngt": "tai nan giao thong",
    "sx": "san xuat", "cn": "cong nghiep", "tm": "thuong mai", "dv": "dich vu", "xd": "xay dung",
    "gcn": "giay chung nhan", "cnqsd": "chung nhan quyen su dung", "qsdd": "quyen su dung dat",
    "thads": "thi hanh an dan su", "ubkt": "uy ban kiem tra",
}  # fmt: skip
_ABBREVIATED = re.compile(r"\b(?:" + "|".join(ABBREVIATIONS) + r")\b")
# a key's words are its runs of a-z and 0-9: the pattern finds an abbreviation in a key just when
# one of those runs is one (a set lookup, much quicker than the search)
_ABBREVIATION_WORDS = frozenset(ABBREVIATIONS)
_MARKS = re.compile("[\u0300-\u036f]+")


_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz%")


def fold_char(c: str) -> str:
    """What one character is in a key: lower case, decomposed, marks dropped, ``đ`` as ``d``,
    anything but a-z, 0-9 and ``%`` a space (``Ộ`` → ``o``, ``,`` → `` ``, a mark alone → ``)."""
    bare = _MARKS.sub("", unicodedata.normalize("NFD", c.lower()).replace("đ", "d"))
    return "".join(x if x in _WORD_CHARS else " " for x in bare)


class _FoldTable(dict[int, str]):
    """:func:`fold_char` of each character met, for :meth:`str.translate` (filled as text comes)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The matching key of a name: folded (no marks, lower case), words only, single spaces,
    abbreviations written out (``NTM`` as ``nông thôn mới``)."""
    # what :func:`~chitieu.text.normalize.fold` gives, letters apart from a-z being no word
    # anyway; character by character (what a character folds to does not depend on its
    # neighbours once everything but a-z, 0-9 and % is a space), about twice as fast as
    # folding the whole text
    key = " ".join(text.translate(_FOLD).split())
    if not _ABBREVIATION_WORDS.isdisjoint(key.replace("%", " ").split()):
        key = _ABBREVIATED.sub(lambda m: ABBREVIATIONS[m[0]], key)
    return key


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """The folded units and nouns of count a catalogue entry may be measured in (read when a
    catalogue is checked, not on every import)."""
    return frozenset(fold(u) for u in (*UNITS, *COUNT_NOUNS, *_EXTRA_NOUNS))


def valid_unit(unit: str) -> bool:
    """A unit of measure a catalogue entry can use: ``%``, ``điểm %``, a known unit or noun of
    count, with a scale (``triệu đồng``, ``nghìn tấn``), or a ratio of such (``bác sĩ/vạn dân``)."""
    if unit in ("%", "điểm %"):
        return True
    known = _known()
    for part in unit.split("/"):
        part = part.strip()
        if fold(part) in known:
            continue
        for scale in _SCALES:
            if part.startswith(scale) and len(part) > len(scale):
                part = part[len(scale) :]
                break
        if fold(part) not in known:
            return False
    return bool(unit.strip())


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One indicator of the catalogue: its stable code and how it is measured and named."""

    code: str
    name: str
    domain: str
    units: tuple[str, ...]
    direction: Direction = "up"
    aggregation: CatalogueAggregation = "sum"
    aliases: tuple[str, ...] = ()
    standard: bool = True  # shipped with chitieu (False: a province's own entry)

    @property
    def unit(self) -> str:
        """The preferred unit (the first)."""
        return self.units[0] if self.units else ""

    @property
    def keys(self) -> tuple[str, ...]:
        """The matching keys of the name and every alias (diacritic-less, deduplicated)."""
        return tuple(dict.fromkeys(k for k in map(name_key, (self.name, *self.aliases)) if k))

    @property
    def store_aggregation(self) -> str:
        """The store's aggregation: a ratio is combined as a mean, ``last`` as ``latest``."""
        return {"ratio": "mean", "last": "latest"}.get(self.aggregation, self.aggregation)


def _fail(path: str, line: int, what: str, message: str, message_en: str) -> ValidationError:
    if line <= 0:  # a form, not a file
        return ValidationError(f"Chỉ tiêu {what}: {message}", f"Indicator {what}: {message_en}")
    return ValidationError(
        f"{path}, dòng {line} ({what}): {message}", f"{path}, line {line} ({what}): {message_en}"
    )


def _entry(path: str, line: int, row: dict[str, str], standard: bool) -> CatalogueEntry:
    from chitieu.domain import DIRECTIONS, DOMAINS  # only a catalogue being read needs them

    code = (row.get("code") or "").strip().upper()
    name = canonical(row.get("name") or "").strip()
    what = code or name or "?"
    if not _CODE.fullmatch(code):
        raise _fail(path, line, what, f"mã {code!r} không hợp lệ (chữ in hoa, số, '-').",
                    f"bad code {code!r} (capitals, digits, '-').")  # fmt: skip
    if not name:
        raise _fail(path, line, what, "thiếu tên chỉ tiêu.", "the name is missing.")
    domain = canonical(row.get("domain") or "").strip().lower()
    if domain not in DOMAINS:
        raise _fail(path, line, what, f"lĩnh vực {domain!r} không có trong: {', '.join(DOMAINS)}.",
                    f"domain {domain!r} is not one of: {', '.join(DOMAINS)}.")  # fmt: skip
    units = tuple(u.strip() for u in canonical(row.get("units") or "").split("|") if u.strip())
    bad = [u for u in units if not valid_unit(u)]
    if not units or bad:
        shown = ", ".join(bad) or "(trống)"
        raise _fail(path, line, what, f"đơn vị tính không hợp lệ: {shown}.", f"bad unit: {shown}.")
    direction = (row.get("direction") or "up").strip().lower()
    if direction not in DIRECTIONS:
        raise _fail(path, line, what, f"chiều {direction!r} phải là up, down hoặc range.",
                    f"direction {direction!r} must be up, down or range.")  # fmt: skip
    aggregation = (row.get("aggregation") or "sum").strip().lower()
    if aggregation not in AGGREGATIONS:
        raise _fail(path, line, what, f"cách cộng dồn {aggregation!r} phải là sum, mean, ratio hoặc last.",
                    f"aggregation {aggregation!r} must be sum, mean, ratio or last.")  # fmt: skip
    aliases = tuple(a.strip() for a in canonical(row.get("aliases") or "").split("|") if a.strip())
    return CatalogueEntry(code, name, domain, units, direction, aggregation, aliases, standard)


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        if not header:
            header = [h.strip().lower().lstrip("\ufeff") for h in fields]
            continue
        rows.append((reader.line_num, dict(zip(header, fields, strict=False))))
    return header, rows


def parse_entries(
    text: str, *, path: str = "<csv>", standard: bool = False, existing: tuple[CatalogueEntry, ...] = ()
) -> tuple[CatalogueEntry, ...]:
    """The entries of a CSV text, checked against each other and against ``existing``.

    Raises :class:`ValidationError` at the first bad line; returns all entries or none.
    """
    header, rows = _rows(text)
    missing = [c for c in ("code", "name", "domain", "units") if c not in header]
    if missing:
        raise ValidationError(
            f"{path}: thiếu cột {', '.join(missing)} (cần: {';'.join(COLUMNS)}).",
            f"{path}: missing column(s) {', '.join(missing)} (expected: {';'.join(COLUMNS)}).",
        )
    codes = {e.code: "đã có trong danh mục" for e in existing}
    owners = {k: e.code for e in existing for k in e.keys}
    out: list[CatalogueEntry] = []
    for line, row in rows:
        entry = _entry(path, line, row, standard)
        if entry.code in codes:
            raise _fail(path, line, entry.code, f"mã {entry.code} trùng ({codes[entry.code]}).",
                        f"duplicate code {entry.code}.")  # fmt: skip
        codes[entry.code] = f"dòng {line}"
        for k in entry.keys:
            if owners.get(k, entry.code) != entry.code:
                raise _fail(path, line, entry.code, f"tên hoặc tên gọi khác {k!r} đã thuộc chỉ tiêu {owners[k]}.",
                            f"name or alias {k!r} already belongs to {owners[k]}.")  # fmt: skip
            owners[k] = entry.code
        out.append(entry)
    return tuple(out)


def form_entry(fields: dict[str, str], *, existing: tuple[CatalogueEntry, ...] = ()) -> CatalogueEntry:
    """One province entry from a form's fields (the CSV's columns), checked like a CSV line."""
    entry = _entry("", 0, fields, False)
    for e in existing:
        if e.code == entry.code:
            raise _fail("", 0, entry.code, f"mã {entry.code} trùng (đã có trong danh mục).",
                        f"duplicate code {entry.code}.")  # fmt: skip
        shared = set(e.keys) & set(entry.keys)
        if shared:
            k = sorted(shared)[0]
            raise _fail("", 0, entry.code, f"tên hoặc tên gọi khác {k!r} đã thuộc chỉ tiêu {e.code}.",
                        f"name or alias {k!r} already belongs to {e.code}.")  # fmt: skip
    return entry


@lru_cache(maxsize=1)
def standard_catalogue() -> tuple[CatalogueEntry, ...]:
    """The catalogue shipped with chitieu (read and checked once, then kept compiled:
    :mod:`chitieu.catalogue.compiled`)."""
    from chitieu.catalogue.compiled import read_artefact, write_artefact

    name = f"indicators-v{CATALOGUE_VERSION}.csv"
    raw = resources.files("chitieu.catalogue").joinpath("data", name).read_bytes()
    digest = hashlib.sha256(b"entries-%d\n" % _ENTRIES_FORMAT + raw).hexdigest()[:32]
    blob = read_artefact("entries", digest)
    if blob is not None:
        try:
            return tuple(CatalogueEntry(*fields) for fields in marshal.loads(blob))
        except (ValueError, TypeError, EOFError):
            pass  # a damaged file: parsed anew and written over
    entries = parse_entries(raw.decode("utf-8"), path=name, standard=True)
    fields = tuple((e.code, e.name, e.domain, e.units, e.direction, e.aggregation, e.aliases, e.standard)
                   for e in entries)  # fmt: skip
    write_artefact("entries", digest, marshal.dumps(fields))
    return entries
