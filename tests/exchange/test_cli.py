"""``chitieu import-data``: counts on success, every bad line and exit code 2 on error, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from chitieu.cli import app
from chitieu.store import open_store, repo, session_scope
from chitieu.store.tables import ObservationRow

DATA = Path(__file__).parent.parent / "data" / "exchange"


@pytest.fixture
def store(data_dir: Path) -> None:
    engine = open_store()
    with session_scope(engine, actor="test") as s:
        repo.add_unit(s, "Tỉnh Trà Vinh", level="tỉnh", code="84")
        repo.add_unit(s, "Tỉnh Bến Tre", level="tỉnh", code="83")
        repo.add_indicator(s, "Thu nội địa", unit="tỷ đồng", code="TC01")
        repo.add_indicator(s, "Tỷ lệ hộ nghèo", unit="%", code="XH02", direction="down", aggregation="mean")
    engine.dispose()


def _observations() -> int:
    engine = open_store()
    with session_scope(engine, write=False) as s:
        n = s.scalar(select(func.count()).select_from(ObservationRow)) or 0
    engine.dispose()
    return n


@pytest.mark.parametrize(
    ("args", "output", "written"),
    [(["dataValueSets.json", "--format", "dhis2"], "5 mới, 0 cập nhật, 0 không đổi, bỏ qua 1 dòng phân tổ", 5),
     (["indicator_TC01.csv", "-f", "opensdg"], "3 mới", 2),
     (["sdmx10.csv", "sdmx20.csv", "-f", "sdmx"], "sdmx20.csv: đã nhập 3 số liệu: 3 mới", 7),
     (["dhis2_uids.json", "-f", "dhis2", "--mapping", str(DATA / "mapping.csv")], "2 mới", 2),
     (["sdmx10.csv", "-f", "sdmx", "--dry-run"], "chạy thử, chưa ghi gì", 0)],
)  # fmt: skip
def test_import_data_cmd_writes_and_counts(store: None, args: list[str], output: str, written: int) -> None:
    argv = [str(DATA / a) if a.endswith((".json", ".csv")) and "/" not in a else a for a in args]
    result = CliRunner().invoke(app, ["import-data", *argv, "--user", "an"])
    assert result.exit_code == 0, result.output
    assert output in result.output
    assert _observations() == written


@pytest.mark.parametrize(
    ("name", "text", "fmt", "messages"),
    [("indicator_TC01.csv", "Year,GeoCode,Value\n2021,84,1\n2022,84,abc\n20,99,1\n", "opensdg",
      ["dòng 3, trường Value: “abc” không phải số", "dòng 4, trường Year", "dòng 4, trường GeoCode: không có đơn vị “99”"]),
     ("d.json", '{"dataValues": [{"dataElement": "TC01", "orgUnit": "84", "period": "2021M1", "value": "1"}]}', "dhis2",
      ["bản ghi 1, trường period: kỳ “2021M1” không hợp lệ"]),
     ("d.json", '{"dataValues": [', "dhis2", ["JSON sai cú pháp"])],
)  # fmt: skip
def test_import_data_cmd_lists_errors_and_exits_2(
    store: None, tmp_path: Path, name: str, text: str, fmt: str, messages: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["import-data", str(path), "--format", fmt])
    assert result.exit_code == 2
    for message in messages:
        assert message in result.output
    assert "Traceback" not in result.output
    assert _observations() == 0


def test_import_data_cmd_missing_file_and_bad_format(
    store: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "chitieu.cli._lang", []
    )  # --lang stays for the process: not for the tests after this one
    missing = CliRunner().invoke(
        app, ["--lang", "en", "import-data", str(tmp_path / "no.json"), "-f", "dhis2"]
    )
    assert missing.exit_code == 2 and "file not found" in missing.output
    bad = CliRunner().invoke(app, ["import-data", str(DATA / "sdmx10.csv"), "-f", "xml"])
    assert bad.exit_code == 2 and "xml" in bad.output
