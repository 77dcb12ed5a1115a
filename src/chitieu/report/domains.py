"""Which domain a figure belongs to, and which source paragraph it came from.

The catalogue's ``domain`` decides when it is set. Otherwise the heading the figure
stood under in its source document (``2. Lĩnh vực kinh tế``, ``5. Quốc phòng - an
ninh``) decides, and failing that, words of the indicator's name. Matching is on
folded text (no diacritics), so OCR text without marks is read too.
"""

from __future__ import annotations

from dataclasses import dataclass

from chitieu.domain import DOMAINS
from chitieu.extract.sections import classify
from chitieu.text.normalize import fold

__all__ = ["OTHER", "TITLES", "DocumentOutline", "domain_of", "domain_of_text"]

OTHER = "khác"

TITLES: dict[str, str] = {
    "kinh tế": "Lĩnh vực kinh tế",
    "xã hội": "Lĩnh vực văn hóa - xã hội",
    "môi trường": "Tài nguyên và môi trường",
    "quốc phòng - an ninh": "Quốc phòng - an ninh",
    "xây dựng hệ thống chính trị": "Xây dựng Đảng và hệ thống chính trị",
    OTHER: "Các chỉ tiêu khác",
}

# Words (folded) that name a domain in a heading: the earliest one found decides.
_HEADING_WORDS: tuple[tuple[str, str], ...] = (
    ("he thong chinh tri", "xây dựng hệ thống chính trị"),
    ("xay dung dang", "xây dựng hệ thống chính trị"),
    ("cong tac dang", "xây dựng hệ thống chính trị"),
    ("quoc phong", "quốc phòng - an ninh"),
    ("an ninh", "quốc phòng - an ninh"),
    ("moi truong", "môi trường"),
    ("tai nguyen", "môi trường"),
    ("van hoa", "xã hội"),
    ("xa hoi", "xã hội"),
    ("giao duc", "xã hội"),
    ("y te", "xã hội"),
    ("kinh te", "kinh tế"),
)

# Words of an indicator's name, tried in this order.
_NAME_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "xây dựng hệ thống chính trị",
        ("dang vien", "to chuc dang", "co so dang", "doan vien", "hoi vien", "cu tri", "bien che", "can bo"),
    ),
    (
        "quốc phòng - an ninh",
        ("quoc phong", "an ninh", "trat tu", "toi pham", "hinh su", "tai nan", "nhap ngu", "khieu nai"),
    ),
    (
        "môi trường",
        ("moi truong", "chat thai", "nuoc sach", "nuoc hop ve sinh", "che phu rung", "rac thai"),
    ),
    (
        "xã hội",
        (
            "lao dong",
            "viec lam",
            "ho ngheo",
            "bao hiem",
            "hoc sinh",
            "truong",
            "benh",
            "bac si",
            "that nghiep",
            "gia dinh van hoa",
            "di tich",
            "suy dinh duong",
            "dan so",
            "y te",
            "giao duc",
        ),
    ),
    (
        "kinh tế",
        (
            "grdp",
            "san xuat",
            "nong nghiep",
            "cong nghiep",
            "xuat khau",
            "nhap khau",
            "ngan sach",
            "dau tu",
            "doanh nghiep",
            "du lich",
            "nong thon moi",
            "thu noi dia",
            "ban le",
            "khu vuc",
            "thuy san",
            "lua",
            "hop tac xa",
            "von",
            "du no",
            "thu nhap",
            "tang truong",
            "dien tich",
            "san luong",
        ),
    ),
)


def domain_of_text(text: str) -> str | None:
    """The domain a heading names (the earliest domain word in it), or ``None``."""
    f = fold(text)
    best: tuple[int, str] | None = None
    for word, domain in _HEADING_WORDS:
        at = f.find(word)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, domain)
    return best[1] if best else None


def domain_of(name: str, catalogue_domain: str | None, heading_domain: str | None) -> str:
    """The domain of an indicator: the catalogue's, the heading's, else guessed from its name."""
    if catalogue_domain:
        d = domain_of_text(catalogue_domain) if catalogue_domain not in DOMAINS else catalogue_domain
        if d:
            return d
    if heading_domain:
        return heading_domain
    f = fold(name)
    for domain, words in _NAME_WORDS:
        if any(w in f for w in words):
            return domain
    return OTHER


@dataclass(frozen=True, slots=True)
class DocumentOutline:
    """For each line of a source text: the domain of the headings above it and its paragraph's first line."""

    domains: tuple[str | None, ...]
    paragraphs: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> DocumentOutline:
        domains: list[str | None] = []
        paragraphs: list[int] = []
        open_headings: list[tuple[int, str | None]] = []  # (level, domain)
        start = 1
        for number, line in enumerate(text.splitlines(), 1):
            marker = classify(line)
            if marker.kind == "heading":
                while open_headings and open_headings[-1][0] >= marker.level:
                    open_headings.pop()
                open_headings.append((marker.level, domain_of_text(line[marker.width :])))
                start = number
            elif marker.kind == "bullet":
                start = number
            domain = next((d for _, d in reversed(open_headings) if d), None)
            domains.append(domain)
            paragraphs.append(start)
        return cls(tuple(domains), tuple(paragraphs))

    def at(self, line: int | None) -> tuple[str | None, int | None]:
        """The heading domain and paragraph start of 1-based ``line`` (``None`` when unknown)."""
        if line is None or not 1 <= line <= len(self.domains):
            return None, None
        return self.domains[line - 1], self.paragraphs[line - 1]
