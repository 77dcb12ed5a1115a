"""Bad input: a template with an unknown field, a year or plan without data, unknown names."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from chitieu.errors import ChitieuError, UnsupportedFormat, ValidationError
from chitieu.report import build_report, render, render_bytes
from chitieu.store import repo
from chitieu.store.engine import session_scope

from .conftest import Imported, docx_text


def _docx_template(tmp_path: Path, *texts: str) -> Path:
    doc = docx.Document()
    for t in texts:
        doc.add_paragraph(t)
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize(
    ("texts", "named"),
    [
        (("{{ unit }}", "{{ ten_tinh }}"), "ten_tinh"),
        (("{%p for d in domains %}", "{{ d.tieu_de }}", "{%p endfor %}"), "tieu_de"),
        (("{{ year }", "{{ unit }}"), "cú pháp"),
    ],
)
def test_bad_input_docx_template_fields_are_named(
    example: Imported, tmp_path: Path, texts: tuple[str, ...], named: str
) -> None:
    report = build_report(example.engine, plan=example.plan, year=example.year)
    with pytest.raises(ValidationError) as err:
        render(report, "docx", io.BytesIO(), template=_docx_template(tmp_path, *texts))
    assert named in str(err.value)
    assert "mẫu báo cáo" in str(err.value)


def test_bad_input_html_template_unknown_field(example: Imported, tmp_path: Path) -> None:
    tpl = tmp_path / "mau.html"
    tpl.write_text("<p>{{ unit }} {{ so_lieu_la }}</p>", encoding="utf-8")
    report = build_report(example.engine, plan=example.plan, year=example.year)
    with pytest.raises(ValidationError, match="so_lieu_la"):
        render(report, "html", io.BytesIO(), template=tpl)


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_bad_input_template_not_a_word_file(example: Imported, tmp_path: Path, content: bytes) -> None:
    tpl = tmp_path / "mau.docx"
    tpl.write_bytes(content)
    report = build_report(example.engine, plan=example.plan, year=example.year)
    with pytest.raises(UnsupportedFormat, match="không phải tài liệu Word"):
        render(report, "docx", io.BytesIO(), template=tpl)


def test_bad_input_custom_template_is_filled(example: Imported, tmp_path: Path) -> None:
    tpl = _docx_template(tmp_path, "SỞ KẾ HOẠCH VÀ ĐẦU TƯ {{ place | upper }}", "{%p for t in next_targets %}",
                         "{{ t.number }}) {{ t.text }}", "{%p endfor %}")  # fmt: skip
    report = build_report(example.engine, plan=example.plan, year=example.year)
    paragraphs, _ = docx_text(render_bytes(report, "docx", template=tpl))
    assert paragraphs[0] == "SỞ KẾ HOẠCH VÀ ĐẦU TƯ AN LẠC"
    # 20th: linked to the catalogue, the two "Số xã thêm" targets (NTM nâng cao, NTM) no longer
    # share one indicator
    assert "20) Tỷ lệ thất nghiệp khu vực thành thị dưới 2,5%." in paragraphs


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_bad_input_year_without_data_says_so(example: Imported, fmt: str) -> None:
    report = build_report(example.engine, plan=example.plan, year=2015)
    assert not report.has_results and not report.targets and not report.next_targets
    data = render_bytes(report, fmt)
    text = "\n".join(docx_text(data)[0]) if fmt == "docx" else data.decode("utf-8")
    assert "Chưa có số liệu kết quả thực hiện năm 2015" in text
    assert "Các chỉ tiêu năm 2016: chưa có số liệu." in text


def test_bad_input_plan_without_targets(example: Imported) -> None:
    with session_scope(example.engine) as s:
        unit = repo.find_unit(s, example.unit)
        repo.get_or_create_plan(s, "Kế hoạch chưa giao chỉ tiêu", unit=unit)
    report = build_report(example.engine, plan="Kế hoạch chưa giao chỉ tiêu", year=example.year)
    assert report.targets == () and report.next_targets == ()
    assert report.has_results  # the year's results are still told
    assert any("chưa có chỉ tiêu năm 2023" in n for n in report.notes)
    paragraphs, rows = docx_text(render_bytes(report, "docx"))
    assert "Các chỉ tiêu năm 2023: chưa có số liệu." in paragraphs
    assert len(rows) == 1  # the title block only, no table of targets


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"plan": "Nghị quyết không có", "year": 2023}, "Không có nghị quyết/kế hoạch nào"),
        ({"plan": "Nghị quyết năm 2024", "year": 2023, "unit": "Tỉnh Không Có"}, "Không có đơn vị nào"),
        ({"plan": "Nghị quyết năm 2024", "year": 20233}, "Năm không hợp lệ"),
    ],
)
def test_bad_input_unknown_names_are_clear(
    example: Imported, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ChitieuError, match=message):
        build_report(example.engine, **kwargs)  # type: ignore[arg-type]


def test_bad_input_unknown_format(example: Imported) -> None:
    report = build_report(example.engine, plan=example.plan, year=example.year)
    with pytest.raises(ChitieuError, match="Định dạng báo cáo không hỗ trợ"):
        render(report, "odt", io.BytesIO())
