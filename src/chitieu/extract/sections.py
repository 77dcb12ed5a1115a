"""Document structure: headings, page numbers, paragraphs and the context of each line.

Provincial reports are organised by headings (``A.`` parts, ``I.`` roman
headings, ``1.`` items, ``a)`` sub-items) and ``-`` bullets. A heading that names
a year sets the ``period`` of its part; one that announces targets (``CÁC CHỈ
TIÊU CHỦ YẾU``, ``PHƯƠNG HƯỚNG``, ``KẾ HOẠCH NĂM ...``) makes the part a target
list, one that announces results (``KẾT QUẢ``, ``TÌNH HÌNH``) a results part.
Sub-headings inherit what they do not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chitieu.model import Context, Document, Line
from chitieu.text.normalize import fold, strip_marks

__all__ = ["Paragraph", "classify", "paragraphs", "segment"]

_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3})"
_HEADING_RES: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(r"^\s*([A-HĐ])[.)]\s+(\S.*)$")),
    (1, re.compile(r"^\s*(" + _ROMAN + r")[.)]\s+(\S.*)$")),
    # roman numerals as OCR reads them: "I1-", "Il." (checked for a title in capitals)
    (1, re.compile(r"^\s*([IVX][IVX1l]{1,3})[.)\-]\s*(\S.*)$")),
    (2, re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,2})[.)]\s+(\S.*)$")),
    (3, re.compile(r"^\s*([a-zđ])[.)]\s+(\S.*)$")),
]
_BULLET_RE = re.compile(r"^\s*([-–—+•*●▪]|\u2022)\s*")
_PAGE_RE = re.compile(r"^\s*(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?\s*$", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\d.,/])(19[5-9]\d|20\d\d)(?![\d.,/]\d)")

# what a heading announces, matched on folded text
_TARGET_WORDS = re.compile(
    r"chi ti\S?u|m\S?c ti\S?u|phuong huong|ke ho\S{1,2}ch|nhi\S?m v\S,? gi\S{1,2}i ph\S?p|nhiem vu trong tam"
    r"|du toan|phan dau"
)
# a letter of these words may be an OCR symbol ("K¢T QUẢ")
_RESULT_WORDS = re.compile(
    r"k\S?t qu\S|tinh hinh|danh gia|han che|ton tai|thuc hien nhiem vu nam|uoc thuc hien"
)

LEVELS = 4  # part, roman, arabic, letter


@dataclass(frozen=True, slots=True)
class Marker:
    """What a line is: a heading of some level, a bullet, a caption, a page number, blank or text."""

    kind: str  # "heading", "bullet", "caption", "page", "blank", "text"
    level: int = -1
    label: str = ""
    width: int = 0  # characters taken by the marker at the start of the line


def classify(text: str) -> Marker:
    """Classify one line of text by its leading marker."""
    if not text.strip():
        return Marker("blank")
    if _PAGE_RE.match(text):
        return Marker("page")
    for level, rx in _HEADING_RES:
        m = rx.match(text)
        if m and _plausible_heading(level, m.group(1), m.group(2)):
            return Marker("heading", level, m.group(1), m.start(2))
    m = _BULLET_RE.match(text)
    if m:
        return Marker("bullet", width=m.end())
    if _is_caption(text):
        return Marker("caption")
    return Marker("text")


def _plausible_heading(level: int, label: str, title: str) -> bool:
    if level == 0 or (level == 1 and not re.fullmatch(_ROMAN, label)):
        # "A. KẾT QUẢ ..." parts (and OCR-damaged roman headings) are written in capitals
        letters = [c for c in title if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)
    if level == 2:
        return int(label.split(".")[0]) <= 40 and not title[:1].isdigit()
    if level == 3:
        return not title[:1].isdigit()
    return True


_FIGURE_DIGIT = re.compile(r"(?<![^\W\d_])\d+(?![^\W\d_])")
_PERIOD_WORDS = re.compile(r"\b\d{1,2}\s+(?:tháng|THÁNG)\b")


def _is_title(title: str) -> bool:
    """Whether a heading's text reads as a title (short, no figures besides years)."""
    stripped = _PERIOD_WORDS.sub("", _YEAR_RE.sub("", title))
    # a digit inside a word is an OCR letter ("GI0I PHÁP"), not a figure
    return len(title.split()) <= 16 and not _FIGURE_DIGIT.search(stripped)


_LOWER_RUN = re.compile(r"[a-z]{3}")


def _is_caption(text: str) -> bool:
    if _LOWER_RUN.search(strip_marks(text)):
        return False  # three lower-case letters in a row: running text, not a caption
    letters = [c for c in text if c.isalpha()]
    words = text.split()
    return len(words) >= 3 and len(letters) >= 10 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _announce(title: str, ctx: Context, *, title_block: bool = False) -> Context:
    """The context a heading or caption ``title`` sets, starting from its parent's ``ctx``."""
    f = fold(title)
    years = [int(y) for y in _YEAR_RE.findall(f)]
    results = bool(_RESULT_WORDS.search(f))
    targets = bool(_TARGET_WORDS.search(f)) and not results
    period = ctx.period
    if years:
        period = years[0] if (title_block or not targets) else years[-1]
    if title_block:
        return Context(section=ctx.section, period=ctx.period or period, targets=False)
    if results:
        return Context(section=ctx.section, period=period, targets=False)
    if targets:
        return Context(section=ctx.section, period=period, targets=True)
    return Context(section=ctx.section, period=period, targets=ctx.targets)


def segment(doc: Document) -> Document:
    """Fill ``doc.contexts``: the section, period and target flag of every line."""
    ctx = doc.context
    # contexts of the open headings, by level, so a new heading starts from its parent's
    stack: list[tuple[int, str, Context]] = _stack_from(ctx)
    contexts: list[Context] = []
    seen_heading = bool(ctx.section)
    markers = tuple(classify(line.text) for line in doc.lines)
    for line, marker in zip(doc.lines, markers, strict=True):
        if marker.kind == "heading":
            seen_heading = True
            while stack and stack[-1][0] >= marker.level:
                stack.pop()
            parent = stack[-1][2] if stack else Context(period=ctx.period)
            label = _clean_label(marker.level, marker.label)
            section = ".".join([lb for _, lb, _ in stack] + [label])
            title = line.text[marker.width :]
            # a numbered item that states figures ("20. Có 100% tổ chức ...") is no title
            new = _announce(title, parent) if _is_title(title) else parent
            new = Context(section=section, period=new.period, targets=new.targets)
            stack.append((marker.level, label, new))
            ctx = new
        elif marker.kind == "caption":
            ctx = _announce(line.text, ctx, title_block=not seen_heading)
            if stack:
                level, label, _ = stack[-1]
                stack[-1] = (level, label, ctx)
        contexts.append(ctx)
    return doc.replace(contexts=tuple(contexts), meta={**doc.meta, "markers": markers})


def _clean_label(level: int, label: str) -> str:
    if level == 1:
        return label.replace("1", "I").replace("l", "I")
    return label


def _stack_from(ctx: Context) -> list[tuple[int, str, Context]]:
    """Rebuild the open-heading stack from a carried context (for the next block of a file)."""
    if not ctx.section:
        return []
    labels = ctx.section.split(".")
    return [(i, label, ctx) for i, label in enumerate(labels)]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Consecutive lines read as one text.

    ``text`` joins the lines with "\\n" (heading and bullet markers blanked out
    with spaces, so offsets stay put); ``starts[i]`` is the offset in ``text``
    where ``lines[i]`` begins.
    """

    lines: tuple[Line, ...]
    starts: tuple[int, ...]
    text: str
    context: Context

    def line_at(self, offset: int) -> Line:
        """The line holding character ``offset`` of :attr:`text`."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.lines[lo]


_END_PUNCT = tuple(".:;!?")


def paragraphs(doc: Document) -> list[Paragraph]:
    """Group the lines of a segmented document into paragraphs.

    A paragraph starts at a heading, bullet or caption, and after a blank line
    that follows a finished sentence; page numbers and blank lines inside a
    paragraph (a page break in mid-sentence) are skipped.
    """
    contexts = doc.contexts or tuple(doc.context for _ in doc.lines)
    out: list[Paragraph] = []
    cur: list[tuple[Line, str]] = []
    cur_ctx = doc.context
    blank_after_end = False

    def flush() -> None:
        if cur:
            starts, parts, pos = [], [], 0
            for _, text in cur:
                starts.append(pos)
                parts.append(text)
                pos += len(text) + 1
            out.append(Paragraph(tuple(ln for ln, _ in cur), tuple(starts), "\n".join(parts), cur_ctx))
            cur.clear()

    markers = doc.meta.get("markers") or tuple(classify(line.text) for line in doc.lines)
    for i, line in enumerate(doc.lines):
        marker = markers[i]
        if marker.kind == "page" and _isolated(doc.lines, i):
            continue
        if marker.kind == "blank":
            if cur and cur[-1][1].rstrip().endswith(_END_PUNCT):
                blank_after_end = True
            continue
        text = line.text
        if marker.kind in ("heading", "bullet") and marker.width:
            text = " " * marker.width + text[marker.width :]
        if marker.kind in ("heading", "bullet", "caption") or blank_after_end or (out == [] and not cur):
            flush()
            cur_ctx = contexts[i]
        blank_after_end = False
        cur.append((line, text))
    flush()
    return out


def _isolated(lines: tuple[Line, ...], i: int) -> bool:
    before = i == 0 or not lines[i - 1].text.strip()
    after = i == len(lines) - 1 or not lines[i + 1].text.strip()
    return before and after
