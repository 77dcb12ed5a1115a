"""The briefing as PDF: the HTML rendering typeset by WeasyPrint.

WeasyPrint rather than LibreOffice: it is a Python package (pip) over Pango, which
Debian has anyway; it converts in well under a second with no office suite to start, no
user profile to lock and nothing to time out; and it draws the very same content as the
HTML page, with the Decree 30 page layout written in CSS (``@page``). The fonts come
from fontconfig: Times New Roman where installed, else Liberation Serif or Tinos (the
same metrics), else DejaVu Serif, all of which carry Vietnamese. The price: a province's
own Word template shapes its .docx, not its PDF (convert that .docx with LibreOffice if
the PDF must look the same).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import IO

from chitieu.errors import ConfigError
from chitieu.report.model import Report

__all__ = ["html_to_pdf", "render_pdf"]


def html_to_pdf(html: str, out: Path | IO[bytes]) -> None:
    """Typeset ``html`` to PDF into ``out``."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as err:  # OSError: Pango missing
        raise ConfigError(
            "Không tạo được PDF: thiếu WeasyPrint hoặc thư viện Pango. Chạy scripts/install-report-tools.sh.",
            "Cannot make a PDF: WeasyPrint or the Pango library is missing. Run scripts/install-report-tools.sh.",
        ) from err
    # WeasyPrint reports unsupported CSS through logging; keep it quiet
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=None)
    if isinstance(out, Path):
        document.write_pdf(str(out))
    else:
        buf = io.BytesIO()
        document.write_pdf(buf)
        out.write(buf.getvalue())


def render_pdf(report: Report, out: Path | IO[bytes], template: Path | None = None) -> None:
    """The report as PDF (from the HTML template ``template``, default the built-in one)."""
    from chitieu.report.templating import fill_html

    html_to_pdf(fill_html(report, template), out)
