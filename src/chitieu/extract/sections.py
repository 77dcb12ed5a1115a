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
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from chitieu.extract.lexicon import phrase_class
from chitieu.extract.periods import find_periods, part_period
from chitieu.extract.structure import document_context
from chitieu.extract.tables import SEPARATOR
from chitieu.model import Context, Document, Line
from chitieu.text.normalize import fold, strip_marks

__all__ = ["Paragraph", "blank_lines", "classify", "paragraphs", "segment"]

_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3})"
_HEADING_RES: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(r"^\s*([A-HĐ])[.)]\s+(\S.*)$")),
    (1, re.compile(r"^\s*(" + _ROMAN + r")[.)]\s+(\S.*)$")),
    # roman numerals as OCR reads them: "I1-", "Il." (checked for a title in capitals)
    (1, re.compile(r"^\s*([IVX][IVX1l]{1,3})[.)\-]\s*(\S.*)$")),
    (2, re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,2})[.)]\s+(\S.*)$")),
    (3, re.compile(r"^\s*([a-zđ])[.)]\s+(\S.*)$")),
]
_BULLET_RE = re.compile(r"^\s*([-–—+•*●▪]|\u2022|\(\d{1,2}\)(?=\s))\s*")
_PAGE_RE = re.compile(r"^\s*(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?\s*$", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\d.,/])(19[5-9]\d|20\d\d)(?![\d.,/]\d)")

_TARGETS = phrase_class("structure", "parts", "targets")
_RESULTS = phrase_class("structure", "parts", "results")
_LIST_END = phrase_class("structure", "parts", "list_end")
_LIST_TARGETS = phrase_class("structure", "parts", "list_targets")
_NEXT_YEAR = phrase_class("structure", "parts", "next_year")

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
    if _LOWER_RUN.search(text) or _LOWER_RUN.search(strip_marks(text)):
        return False  # three lower-case letters in a row: running text, not a caption
    letters = [c for c in text if c.isalpha()]
    words = text.split()
    return len(words) >= 3 and len(letters) >= 10 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _announce(title: str, ctx: Context, *, title_block: bool = False) -> Context:
    """The context a heading or caption ``title`` sets, starting from its parent's ``ctx``."""
    f = fold(title)
    results = _RESULTS.search(f) is not None
    targets = _TARGETS.search(f) is not None and not results
    mentions = [p for p in find_periods(f) if p.governs]
    period, kind, number = ctx.period, ctx.period_kind, ctx.period_number
    if mentions:
        # "kết quả năm 2024, phương hướng năm 2025": results take the first, targets the last
        p = mentions[-1] if (targets and not title_block) else mentions[0]
        period = p.year if p.year is not None else period
        kind, number = p.kind, p.number
    elif targets and ctx.period is not None and _NEXT_YEAR.search(f):
        period, kind, number = ctx.period + 1, "year", None
    if title_block:
        if ctx.period_kind is not None:
            kind, number = ctx.period_kind, ctx.period_number
        kind, number = part_period(kind, number)
        return replace(ctx, period=ctx.period or period, period_kind=kind, period_number=number)
    if targets and kind in ("9m", "half", "ytd", "month", "quarter"):
        kind, number = "year", None  # "nhiệm vụ 3 tháng cuối năm": the year's targets
    kind, number = part_period(kind, number, context=(ctx.period_kind, ctx.period_number))
    return replace(
        ctx,
        period=period,
        period_kind=kind,
        period_number=number,
        targets=targets or (ctx.targets and not results),
    )


def _announces_list(text: str) -> bool:
    """A line of running text that opens a list of targets ("Nghị quyết đề ra 18 chỉ tiêu gồm:")."""
    if not text.rstrip().endswith(":"):
        return False
    f = fold(text).rstrip()
    return _LIST_TARGETS.search(f) is not None and _RESULTS.search(f) is None


def _ends_list(lines: tuple[Line, ...], markers: tuple[Marker, ...], i: int) -> bool:
    """Whether the block starting at line ``i`` no longer belongs to an announced list."""
    f = fold(lines[i].text)
    if _LIST_END.match(f) or _RESULTS.match(f):
        return True
    if markers[i].kind == "bullet":
        return False
    block = [i]
    j = i + 1
    while j < len(lines) and markers[j].kind in ("text",) and lines[j].text.strip():
        block.append(j)
        j += 1
    text = " ".join(lines[k].text for k in block)
    # list items are short and state a figure
    return len(block) > 3 or not any(c.isdigit() for c in text)


def segment(doc: Document) -> Document:
    """Fill ``doc.contexts``: the section, period and target flag of every line."""
    ctx = doc.context
    if doc.lines and doc.lines[0].number == 1 and not ctx.section:
        ctx = document_context(doc.lines, doc.context)
    base = Context(
        period=ctx.period, period_kind=ctx.period_kind, period_number=ctx.period_number, targets=ctx.targets
    )
    # contexts of the open headings, by level, so a new heading starts from its parent's
    stack: list[tuple[int, str, Context]] = _stack_from(ctx)
    contexts: list[Context] = []
    seen_heading = bool(ctx.section)
    markers = tuple(classify(line.text) for line in doc.lines)
    alone = _standalone_lines(doc.lines)
    before_list: Context | None = None  # the context an announced list interrupts
    for i, (line, marker) in enumerate(zip(doc.lines, markers, strict=True)):
        starts_block = (
            marker.kind != "text" or i == 0 or not doc.lines[i - 1].text.strip() or alone[i] or alone[i - 1]
        )
        in_list = marker.kind not in ("blank", "page", "heading") and starts_block
        if before_list is not None and in_list and _ends_list(doc.lines, markers, i):
            ctx = before_list
            if stack:
                stack[-1] = (stack[-1][0], stack[-1][1], ctx)
            before_list = None
        if marker.kind == "heading":
            seen_heading = True
            before_list = None
            while stack and stack[-1][0] >= marker.level:
                stack.pop()
            parent = stack[-1][2] if stack else base
            label = _clean_label(marker.level, marker.label)
            section = ".".join([lb for _, lb, _ in stack] + [label])
            title = line.text[marker.width :]
            # a numbered item that states figures ("20. Có 100% tổ chức ...") is no title
            new = _announce(title, parent) if _is_title(title) else parent
            new = replace(new, section=section)
            stack.append((marker.level, label, new))
            ctx = new
        elif SEPARATOR not in line.text and (
            marker.kind == "caption"
            or (marker.kind == "text" and starts_block and _standalone_title(doc.lines, i))
        ):
            # a table's header row ("Chỉ tiêu | ĐVT | Năm 2024") is read by its columns, not as a title
            ctx = _announce(
                line.text, ctx, title_block=not seen_heading and marker.kind == "caption" and i < 20
            )
            if stack:
                level, label, _ = stack[-1]
                stack[-1] = (level, label, ctx)
        contexts.append(ctx)
        if marker.kind in ("text", "bullet") and SEPARATOR not in line.text and _announces_list(line.text):
            if not ctx.targets:
                before_list = ctx
            ctx = _announce(line.text, ctx)
            if stack:
                stack[-1] = (stack[-1][0], stack[-1][1], ctx)
    enacted = _enacting_line(doc.lines) if base.targets else None
    if enacted is not None:
        # the grounds of a resolution, before "QUYẾT NGHỊ:", report; they set no targets
        contexts[:enacted] = [replace(c, targets=False) for c in contexts[:enacted]]
    return doc.replace(contexts=tuple(contexts), meta={**doc.meta, "markers": markers, "alone": alone})


_ENACTING_SEARCH = 80  # lines of a resolution's start searched for its enacting line


def _enacting_line(lines: tuple[Line, ...]) -> int | None:
    """The index of the line that enacts a resolution ("QUYẾT NGHỊ:"), if it has one."""
    enacting = phrase_class("structure", "parts", "enacting")
    for i, ln in enumerate(lines[:_ENACTING_SEARCH]):
        f = fold(ln.text).strip(" :.*-\t")
        if f and len(f) <= 16 and enacting.rx.fullmatch(f):
            return i
    return None


def _standalone_title(lines: tuple[Line, ...], i: int) -> bool:
    """A short line on its own that announces a part ("Một số chỉ tiêu chủ yếu năm 2025")."""
    text = lines[i].text.strip()
    if not text or text.endswith((".", ",", ";", ":")) or not _is_title(text) or len(text.split()) > 14:
        return False
    nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    if nxt and nxt[:1].islower():
        return False  # the line runs on into the next: running text
    f = fold(text)
    return (
        _TARGETS.match(f) is not None
        or _RESULTS.match(f) is not None
        or (f.startswith(("mot so ", "cac ")) and _TARGETS.search(f) is not None)
    )


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
        return self.lines[max(0, bisect_right(self.starts, offset) - 1)]


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
    title_before = False

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
    standalone = doc.meta.get("alone") or _standalone_lines(doc.lines)
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
        alone = marker.kind == "text" and standalone[i]
        if (
            marker.kind in ("heading", "bullet", "caption")
            or blank_after_end
            or title_before
            or alone
            or (out == [] and not cur)
        ):
            flush()
            cur_ctx = contexts[i]
        blank_after_end = False
        cur.append((line, text))
        # a heading that is a title alone ("1. Kinh tế") names no figure of the line after it
        title_before = alone or (
            marker.kind == "heading" and _title_alone(line.text[marker.width :], doc.lines, i)
        )
    flush()
    return out


def blank_lines(doc: Document, rows: Sequence[int]) -> Document:
    """``doc`` with the lines ``rows`` blanked (table rows, read by their columns apart), the
    marks :func:`segment` left kept: only the markers of the blanked lines and whether the lines
    around them stand alone are derived again (a line's mark depends on itself, the line before
    it and the three after), not those of every line."""
    lines = list(doc.lines)
    for i in rows:
        ln = lines[i]
        lines[i] = Line(ln.number, ln.raw, "", ln.page, ln.cell)
    blanked = tuple(lines)
    meta = {k: v for k, v in doc.meta.items() if k not in ("markers", "alone")}
    markers, alone = doc.meta.get("markers"), doc.meta.get("alone")
    if markers is not None and alone is not None and len(markers) == len(alone) == len(blanked):
        marks, lone = list(markers), list(alone)
        touched: set[int] = set()
        for i in rows:
            marks[i] = _BLANK
            touched.update(range(max(0, i - 3), min(len(blanked), i + 2)))
        for j in touched:
            lone[j] = _standalone_line(blanked, j)
        meta["markers"], meta["alone"] = tuple(marks), tuple(lone)
    return doc.replace(lines=blanked, meta=meta)


_BLANK = Marker("blank")


def _standalone_lines(lines: tuple[Line, ...]) -> tuple[bool, ...]:
    """For each line, whether it is a short line standing for a title (see :func:`_standalone_line`)."""
    return tuple(_standalone_line(lines, i) for i in range(len(lines)))


def _standalone_line(lines: tuple[Line, ...], i: int) -> bool:
    """A short line that stands for a title ("Phần thứ hai", "Kết quả thực hiện 6 tháng"): its own paragraph."""
    text = lines[i].text.strip()
    if len(text) > 64 or i + 1 >= len(lines):
        return False
    prev = lines[i - 1].text.rstrip() if i else ""
    if prev and not prev.endswith((".", ":", ";")) and not _standalone_prev(lines, i - 1):
        return False  # the end of a wrapped sentence
    return _title_alone(text, lines, i)


def _standalone_prev(lines: tuple[Line, ...], i: int) -> bool:
    """Whether line ``i``, which does not end a sentence, is a short title all the same."""
    text = lines[i].text.strip()
    return len(text) <= 64 and not text.endswith((",", "-")) and _is_title(text)


def _title_alone(title: str, lines: tuple[Line, ...], i: int) -> bool:
    title = title.strip()
    if not title or title.endswith((":", ",", "-")) or not _is_title(title) or len(title.split()) > 10:
        return False
    nxt = next((ln.text.strip() for ln in lines[i + 1 : i + 4] if ln.text.strip()), "")
    return nxt[:1].isupper()


def _isolated(lines: tuple[Line, ...], i: int) -> bool:
    before = i == 0 or not lines[i - 1].text.strip()
    after = i == len(lines) - 1 or not lines[i + 1].text.strip()
    return before and after
