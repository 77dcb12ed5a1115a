"""Filling templates (Word through docxtpl, HTML through Jinja2), with clear errors for bad ones.

Templates are rendered with :class:`jinja2.StrictUndefined`: a field that is not one
of :data:`chitieu.report.context.FIELDS` (or a misspelt attribute of one) stops the
rendering with a message naming it, instead of leaving a silent blank. A file that is
not a Word document, or a template with a syntax error, gets a message too.
"""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path
from typing import IO, Any

import jinja2
import jinja2.meta

from chitieu.errors import FileNotFound, UnsupportedFormat, ValidationError
from chitieu.report.context import FIELDS, context
from chitieu.report.model import Chart, Report

__all__ = ["fill_docx", "fill_html", "jinja_env"]


def jinja_env(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    return jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _unknown(name: str, names: set[str]) -> ValidationError:
    fields = ", ".join(FIELDS)
    listed = ", ".join(sorted(names))
    return ValidationError(
        f"{name}: mẫu báo cáo dùng trường không có: {listed}. Các trường dùng được: {fields}.",
        f"{name}: the report template uses unknown fields: {listed}. Known fields: {fields}.",
    )


def _template_error(name: str, err: Exception) -> ValidationError:
    if isinstance(err, jinja2.UndefinedError):
        return ValidationError(
            f"{name}: mẫu báo cáo dùng trường không có ({err.message}).",
            f"{name}: the report template uses an unknown field ({err.message}).",
            hint=f"Các trường dùng được: {', '.join(FIELDS)}.",
        )
    if isinstance(err, jinja2.TemplateSyntaxError):
        return ValidationError(
            f"{name}: mẫu báo cáo sai cú pháp ở dòng {err.lineno}: {err.message}.",
            f"{name}: syntax error in the report template at line {err.lineno}: {err.message}.",
        )
    return ValidationError(
        f"{name}: không điền được mẫu báo cáo: {err}.", f"{name}: cannot fill the report template: {err}."
    )


def fill_docx(report: Report, source: Path | IO[bytes], out: Path | IO[bytes], *, name: str) -> None:
    """Render the docxtpl template ``source`` with ``report`` into ``out``."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage  # type: ignore[import-untyped]

    if isinstance(source, Path):
        if not source.is_file():
            raise FileNotFound(str(source), "không tìm thấy tệp mẫu báo cáo.", "report template not found.")
        data: IO[bytes] = io.BytesIO(source.read_bytes())
    else:
        data = source
    try:
        tpl = DocxTemplate(data)
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise UnsupportedFormat(
            name, "tệp mẫu không phải tài liệu Word (.docx).", "the template is not a Word document (.docx)."
        ) from err
    env = jinja_env()
    try:
        unknown = tpl.get_undeclared_template_variables(env) - set(FIELDS)
    except jinja2.TemplateSyntaxError as err:
        raise _template_error(name, err) from err
    if unknown:
        raise _unknown(name, unknown)

    def image(_chart: Chart, png: bytes) -> Any:
        return InlineImage(tpl, io.BytesIO(png), width=Mm(150))

    try:
        tpl.render(context(report, image), env, autoescape=True)
    except jinja2.TemplateError as err:
        raise _template_error(name, err) from err
    tpl.save(out)


def _data_uri(_chart: Chart, png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def fill_html(report: Report, template: Path | None = None) -> str:
    """The report as an HTML page, from ``template`` (a Jinja2 file) or the default one."""
    if template is None:
        env = jinja_env(jinja2.PackageLoader("chitieu.report", "templates"))
        name = "report.html.j2"
    else:
        if not template.is_file():
            raise FileNotFound(str(template), "không tìm thấy tệp mẫu báo cáo.", "report template not found.")
        env = jinja_env(
            jinja2.ChoiceLoader(
                [
                    jinja2.FileSystemLoader(str(template.parent)),
                    jinja2.PackageLoader("chitieu.report", "templates"),
                ]
            )
        )
        name = template.name
    try:
        tpl = env.get_template(name)
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        unknown = jinja2.meta.find_undeclared_variables(env.parse(source)) - set(FIELDS)
    except jinja2.TemplateError as err:
        raise _template_error(str(template or name), err) from err
    except UnicodeDecodeError as err:
        raise UnsupportedFormat(
            str(template), "tệp mẫu không phải văn bản UTF-8.", "the template is not UTF-8 text."
        ) from err
    if unknown:
        raise _unknown(str(template or name), unknown)
    try:
        return tpl.render(context(report, _data_uri))
    except jinja2.TemplateError as err:
        raise _template_error(str(template or name), err) from err
