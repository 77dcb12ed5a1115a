"""The command line: formats, output files and errors mapped to messages and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chitieu.cli import app

REPORT = """A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023
- Giá trị sản xuất nông nghiệp đạt 1.234,5 tỷ đồng, vượt 2,5% kế hoạch.
B. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024
- Tỷ lệ hộ nghèo dưới 2%.
"""

runner = CliRunner()

# "Tổng giá trị đạt" in Windows-1258 (base letters with combining tone marks)
CP1258_SAMPLE = b"T\xf4\xd2ng gi\xe1 tri\xf2 \xf0a\xf2t"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    p = tmp_path / "bao-cao.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


def test_extract_writes_contract_jsonl(report: Path) -> None:
    result = runner.invoke(app, ["extract", str(report)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["line"], r["role"], r["value"], r["unit"], r["period"]) for r in records] == [
        (2, "actual", 1234.5, "tỷ đồng", 2023),
        (2, "excess", 2.5, "%", 2023),
        (4, "target", 2, "%", 2024),
    ]
    assert records[2]["op"] == "<"
    assert all(r["source"] == str(report) for r in records)


def test_extract_writes_csv_with_a_header(report: Path) -> None:
    result = runner.invoke(app, ["extract", str(report), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    assert rows[0]["indicator"] == "Giá trị sản xuất nông nghiệp"
    assert rows[2]["op"] == "<"


QUARTERLY = """BÁO CÁO
Tình hình kinh tế - xã hội quý III năm 2024

I. KẾT QUẢ THỰC HIỆN
Thu ngân sách nhà nước quý III đạt 450 tỷ đồng; lũy kế 9 tháng đạt 1.300 tỷ đồng.
Riêng tháng 9, thu ngân sách nhà nước đạt 160 tỷ đồng; tính đến hết tháng 8 đạt 1.140 tỷ đồng.
"""


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_extract_writes_the_period_kind_and_number(tmp_path: Path, fmt: str) -> None:
    p = tmp_path / "quy-3.txt"
    p.write_text(QUARTERLY, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(p), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
    got = [(str(r["value"]), str(r["period"]), r["period_kind"], str(r["period_number"] or "")) for r in rows]
    assert got == [
        ("450", "2024", "quarter", "3"), ("1300", "2024", "9m", ""),
        ("160", "2024", "month", "9"), ("1140", "2024", "ytd", "8"),
    ]  # fmt: skip


def test_extract_table_is_vietnamese_with_vietnamese_numbers(report: Path) -> None:
    result = runner.invoke(app, ["extract", str(report), "--format", "table"])
    assert result.exit_code == 0
    assert "1.234,5" in result.stdout
    assert "dưới 2" in result.stdout
    assert "3 dữ kiện" in result.stdout


def test_extract_out_writes_the_file(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "facts.jsonl"
    result = runner.invoke(app, ["extract", str(report), "--out", str(out)])
    assert result.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert not list(tmp_path.glob(".facts.jsonl.*"))


def test_extract_bad_input_leaves_no_partial_output(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "facts.jsonl"
    result = runner.invoke(app, ["extract", str(report), str(tmp_path / "missing.txt"), "--out", str(out)])
    assert result.exit_code == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [report]


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("missing.txt", None, 2, "không tìm thấy tệp"),
        ("empty.txt", b"", 2, "tệp rỗng"),
        ("binary.txt", bytes(range(256)) * 4, 2, "tệp nhị phân"),
        ("latin1.txt", "Le français est très élégant, déjà vu.".encode("latin-1"), 2, "UTF-8"),
    ],
)
def test_extract_bad_input_gives_a_message_and_exit_code(
    tmp_path: Path, name: str, data: bytes | None, code: int, words: str
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == code
    assert words in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_extract_a_directory_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 2
    assert "thư mục" in result.stderr


def test_extract_messages_in_english(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "file not found" in result.stderr


def test_extract_reads_legacy_vietnamese_encodings(tmp_path: Path) -> None:
    path = tmp_path / "cu.txt"
    path.write_bytes(CP1258_SAMPLE + b" 1.234 ty\xd2 \xf0\xf4\xccng\n")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["value"], record["unit"]) == (1234, "tỷ đồng")


def test_cli_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("chitieu ")


def test_cli_starts_without_the_web_store_and_report_libraries() -> None:
    # `chitieu restore` and `chitieu extract` must not pay for FastAPI, SQLAlchemy or
    # matplotlib at every start: the commands of those parts import them when run
    heavy = ["fastapi", "sqlalchemy", "alembic", "matplotlib", "weasyprint", "docxtpl"]
    code = f"import sys, chitieu.cli; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "option"),
    [(["assess", "--format", "foo"], "--format"), (["extract", "x.txt", "--format", "xml"], "--format")],
)
def test_cli_bad_option_value_is_a_usage_error_not_an_internal_one(args: list[str], option: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert option in result.output and "Lỗi nội bộ" not in result.output
