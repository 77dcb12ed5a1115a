"""The briefing: results of the year by domain, the year's targets, next year's targets.

Library use (the CLI and the web app's Báo cáo page call exactly this)::

    from chitieu.report import build_report, render
    report = build_report(engine, plan="Nghị quyết năm 2024", year=2023, unit="Tỉnh An Lạc")
    render(report, "docx", Path("bao-cao.docx"))              # or "pdf", "html"; or a binary stream
    render(report, "docx", buf, template=Path("mau-tinh.docx"))  # a province's own template

:func:`build_report` reads the store into a :class:`~chitieu.report.model.Report`
(frozen dataclasses, every number already written the Vietnamese way);
:func:`render` writes it as Word (docxtpl template, default in the Decree 30/2020/NĐ-CP
format), HTML (Jinja2 template) or PDF (the HTML typeset by WeasyPrint).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from chitieu.errors import ConfigError
from chitieu.report.model import (
    Chart,
    DomainSection,
    Figure,
    Paragraph,
    Report,
    Sentence,
    Series,
    TargetRow,
    TextSection,
)

__all__ = [
    "FORMATS",
    "Chart",
    "DomainSection",
    "Figure",
    "Format",
    "Paragraph",
    "Report",
    "Sentence",
    "Series",
    "TargetRow",
    "TextSection",
    "build_report",
    "build_report_in",
    "render",
    "render_bytes",
]

if TYPE_CHECKING:
    from chitieu.report.build import build_report, build_report_in


def __getattr__(name: str) -> Any:
    # the store and the phrasing are imported on first use, not by every `chitieu` command
    if name in ("build_report", "build_report_in"):
        from chitieu.report import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Format = Literal["docx", "pdf", "html"]
FORMATS: tuple[Format, ...] = ("docx", "pdf", "html")
MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def render(report: Report, fmt: str, out: Path | IO[bytes], template: Path | None = None) -> None:
    """Write ``report`` as ``fmt`` (docx, pdf, html) to a path or a binary stream.

    ``template``: a .docx (docxtpl) template for docx, a Jinja2 HTML template for html
    and pdf; default: the built-in ones.
    """
    if fmt == "docx":
        from chitieu.report.word import render_docx

        render_docx(report, out, template)
    elif fmt == "pdf":
        from chitieu.report.pdf import render_pdf

        render_pdf(report, out, template)
    elif fmt == "html":
        from chitieu.report.templating import fill_html

        data = fill_html(report, template).encode("utf-8")
        if isinstance(out, Path):
            out.write_bytes(data)
        else:
            out.write(data)
    else:
        raise ConfigError(
            f"Định dạng báo cáo không hỗ trợ: {fmt!r} (chọn docx, pdf hoặc html).",
            f"Unsupported report format: {fmt!r} (choose docx, pdf or html).",
        )


def render_bytes(report: Report, fmt: str, template: Path | None = None) -> bytes:
    """:func:`render` into memory (for a web response; media type in :data:`MEDIA_TYPES`)."""
    import io

    buf = io.BytesIO()
    render(report, fmt, buf, template)
    return buf.getvalue()
