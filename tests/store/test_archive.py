"""Importing an archive: collecting files, outcomes, failures, parallel workers, resuming a killed run."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError

from chitieu.store import session_scope
from chitieu.store.archive import collect, import_archive, write_failures
from chitieu.store.engine import make_engine
from chitieu.store.tables import DocumentRow, FactRow

REPO = Path(__file__).resolve().parents[2]
_PLACES = ("Xã Tân Hòa", "Phường Bình Minh", "Xã Đông Sơn", "Thị trấn Phú Lộc", "Xã An Thạnh")
_TEMPLATE = """BÁO CÁO
Tình hình thực hiện nhiệm vụ năm {year} của {place} (số {n})

1. Thu ngân sách nhà nước trên địa bàn năm {year} đạt {revenue} tỷ đồng, bằng {pct} dự toán.
2. Tổng sản lượng lương thực năm {year} đạt {grain} tấn.
3. Chỉ tiêu năm {next}: tỷ lệ hộ nghèo giảm còn dưới {poor}%.
"""


def _report(n: int) -> str:
    """A small report of its own: every ``n`` gives different content."""
    year = 2015 + n % 9
    return _TEMPLATE.format(
        year=year, next=year + 1, place=_PLACES[n % len(_PLACES)], n=n,
        revenue=f"{100 + n},{n % 10}", pct=f"{95 + n % 12},{n % 7}%", grain=f"{12 + n % 30}.{n:03d}",
        poor=f"{2 + n % 4}",
    )  # fmt: skip


def _write_reports(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        sub = folder / f"nam-{2015 + n % 9}"
        sub.mkdir(parents=True, exist_ok=True)
        paths.append(sub / f"bao-cao-{n:03d}.txt")
        paths[-1].write_text(_report(n), encoding="utf-8")
    return paths


def test_collect_folders_globs_and_files(tmp_path: Path) -> None:
    paths = _write_reports(tmp_path / "kho", 4)
    (tmp_path / "kho" / ".an").write_text("x", encoding="utf-8")
    (tmp_path / "kho" / ".git").mkdir()
    (tmp_path / "kho" / ".git" / "config").write_text("x", encoding="utf-8")
    pattern = str(tmp_path / "kho" / "nam-2015" / "*.txt")
    got = collect([tmp_path / "kho", pattern, paths[1], tmp_path / "thieu.txt"])
    assert got == sorted([*paths, tmp_path / "thieu.txt"])  # each once; hidden names left out


@pytest.mark.parametrize(("workers", "dask"), [(1, None), (2, None), (1, "local")])
def test_import_archive_outcomes_and_failures(
    engine: Engine, tmp_path: Path, workers: int, dask: str | None
) -> None:
    good = _write_reports(tmp_path / "kho", 3)
    copy = tmp_path / "kho" / "ban-sao.txt"
    copy.write_bytes(good[0].read_bytes())
    empty = tmp_path / "kho" / "rong.txt"
    empty.write_bytes(b"")
    paths = collect([tmp_path / "kho", tmp_path / "thieu.txt"])
    seen: list[str] = []
    out = import_archive(
        engine, paths, unit_name="Huyện A", workers=workers, dask=dask,
        on_outcome=lambda o: seen.append(o.path.name),
    )  # fmt: skip
    status = {o.path.name: o.status for o in out}
    assert status == {
        "ban-sao.txt": "imported", "bao-cao-000.txt": "skipped", "bao-cao-001.txt": "imported",
        "bao-cao-002.txt": "imported", "rong.txt": "failed", "thieu.txt": "failed",
    }  # fmt: skip
    assert sorted(seen) == sorted(status)
    assert all(o.facts > 0 and o.observations > 0 for o in out if o.status == "imported")
    assert write_failures(out, tmp_path / "loi.csv") == 2
    with (tmp_path / "loi.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [Path(r["file"]).name for r in rows] == ["rong.txt", "thieu.txt"]
    assert "tệp rỗng" in rows[0]["message"] and "không tìm thấy" in rows[1]["message"]
    again = import_archive(engine, paths, unit_name="Huyện A", workers=workers, dask=dask)
    assert [o.status for o in again] == ["skipped", "skipped", "skipped", "skipped", "failed", "failed"]


def _documents(url: str) -> tuple[int, int, int]:
    """Documents, distinct names, facts (0s while the store is not created yet)."""
    eng = make_engine(url)
    try:
        with session_scope(eng, write=False) as s:
            docs = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
            names = s.scalar(select(func.count(func.distinct(DocumentRow.name)))) or 0
            facts = s.scalar(select(func.count()).select_from(FactRow)) or 0
        return docs, names, facts
    except OperationalError:  # the run has not created the tables yet
        return 0, 0, 0
    finally:
        eng.dispose()


@pytest.mark.parametrize("dask", [[], ["--dask", "local"]], ids=["processes", "dask-local"])
def test_import_archive_killed_then_resumed_stores_each_once(tmp_path: Path, dask: list[str]) -> None:
    """200 reports, 2 workers (local processes, or a Dask LocalCluster of 2 processes)."""
    paths = _write_reports(tmp_path / "kho", 200)
    url = f"sqlite:///{tmp_path / 'kho.db'}"
    # at full priority: on a shared machine a niced import could take long to reach midway
    env = {
        **os.environ,
        "CHITIEU_DATABASE_URL": url,
        "PYTHONPATH": str(REPO / "src"),
        "CHITIEU_IMPORT_NICE": "0",
    }
    cmd = [
        sys.executable,
        "-c",
        "from chitieu.cli import main; main()",
        "import",
        str(tmp_path / "kho"),
        "--unit",
        "Huyện A",
        "--workers",
        "2",
        *dask,
    ]
    log = (tmp_path / "err.txt").open("w")
    run = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 120
    while _documents(url)[0] < 20 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, (tmp_path / "err.txt").read_text()
    os.killpg(run.pid, signal.SIGKILL)  # the command and its workers, with no chance to clean up
    run.wait(30)
    log.close()
    killed_at = _documents(url)[0]
    assert 0 < killed_at < 200, f"not killed midway ({killed_at} stored)"
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr and "WARNING" not in again.stderr, again.stderr
    assert f"200 tệp: {200 - killed_at} đã nạp, {killed_at} bỏ qua (đã có), 0 lỗi." in again.stdout
    docs, names, facts = _documents(url)
    assert (docs, names) == (200, 200)  # every report exactly once
    eng = make_engine(url)
    with session_scope(eng, write=False) as s:
        per_doc = sorted(
            set(s.scalars(select(func.count()).select_from(FactRow).group_by(FactRow.document_id)))
        )
        stored = set(s.scalars(select(DocumentRow.name)))
    eng.dispose()
    assert stored == {p.name for p in paths}
    assert per_doc == [4] and facts == 800  # no document half-written by the killed run
