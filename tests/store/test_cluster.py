"""Extraction on a Dask cluster: results back to the caller, failed tasks, a remote scheduler, clear errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster
from sqlalchemy import Engine
from typer.testing import CliRunner

from chitieu.errors import ConfigError
from chitieu.store import cluster
from chitieu.store.archive import collect, import_archive
from chitieu.store.cluster import run_on_dask


def _length(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    if text.startswith("hỏng"):
        raise RuntimeError(f"không đọc được {path.name}")
    return len(text)


def _files(folder: Path, texts: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"tep-{i}.txt" for i in range(len(texts))]
    for p, t in zip(paths, texts, strict=True):
        p.write_text(t, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A running cluster of one in-process worker, reached by its address like a remote one."""
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as c:
        yield c.scheduler_address


@pytest.mark.parametrize("window", [1, 3, 50])
def test_run_on_dask_every_result_and_error_once(tmp_path: Path, window: int) -> None:
    texts = ["một", "hỏng hết", "hai ba", "bốn năm sáu", "hỏng nữa", "bảy"]
    paths = _files(tmp_path, texts)
    got: dict[Path, int | BaseException] = {}

    def keep(path: Path, result: int | BaseException) -> None:
        assert path not in got
        got[path] = result

    run_on_dask("local", _length, paths, keep, window=window)
    assert set(got) == set(paths)
    for p, t in zip(paths, texts, strict=True):
        if t.startswith("hỏng"):
            assert isinstance(got[p], RuntimeError) and p.name in str(got[p])
        else:
            assert got[p] == len(t)


def test_run_on_dask_nothing_to_do_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "_client", None)  # would fail if a cluster were started
    run_on_dask("tcp://127.0.0.1:1", _length, [], lambda _p, _r: None)


def test_import_archive_on_remote_scheduler(engine: Engine, tmp_path: Path, scheduler: str) -> None:
    texts = [f"Năm 2021 thu ngân sách nhà nước trên địa bàn đạt {100 + i} tỷ đồng." for i in range(5)]
    paths = collect([*_files(tmp_path / "kho", texts), tmp_path / "thieu.txt"])
    out = import_archive(engine, paths, unit_name="Huyện B", workers=2, dask=scheduler)
    assert [o.status for o in out] == [*["imported"] * 5, "failed"]
    assert all(o.facts == 1 and o.observations == 1 for o in out[:5])
    assert "không tìm thấy" in out[5].message
    again = import_archive(engine, paths, unit_name="Huyện B", dask=scheduler)
    assert [o.status for o in again] == [*["skipped"] * 5, "failed"]


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("foo://may-chu:8786", "unknown address scheme"),
        ("khong-co-cong", "missing port"),
        ("tcp://127.0.0.1:1", "Timed out"),
    ],
)
def test_run_on_dask_unreachable_scheduler_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, address: str, says: str
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 0.5)
    with pytest.raises(ConfigError) as err:
        run_on_dask(address, _length, _files(tmp_path, ["một"]), lambda _p, _r: None)
    assert address in str(err.value) and says in str(err.value) and err.value.exit_code == 3


@pytest.mark.parametrize("missing", ["dask", "distributed"])
def test_import_cli_dask_not_installed(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    from chitieu.cli import app

    monkeypatch.setitem(sys.modules, missing, None)  # import fails as if not installed
    _files(tmp_path / "kho", ["Năm 2021 thu ngân sách đạt 5 tỷ đồng."])
    result = CliRunner().invoke(
        app, ["import", str(tmp_path / "kho"), "--unit", "Huyện C", "--dask", "local"]
    )
    assert result.exit_code == 3
    assert (
        "Lỗi:" in result.output
        and "Dask chưa được cài đặt" in result.output
        and "pip install 'chitieu[dask]'" in result.output
    )
    assert "Traceback" not in result.output


def test_import_archive_dask_lost_task_is_a_failed_file(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chitieu.store import archive

    real = archive._extract

    def extract(path: Path) -> object:
        if "hong" in path.name:
            raise MemoryError("worker ran out of memory")  # not one of ours: a lost task, say
        return real(path)

    monkeypatch.setattr(archive, "_extract", extract)
    kho = tmp_path / "kho"
    kho.mkdir()
    (kho / "a.txt").write_text(
        "Năm 2021 thu ngân sách nhà nước trên địa bàn đạt 7 tỷ đồng.", encoding="utf-8"
    )
    (kho / "hong.txt").write_text(
        "Năm 2021 thu ngân sách nhà nước trên địa bàn đạt 8 tỷ đồng.", encoding="utf-8"
    )
    out = import_archive(engine, collect([kho]), unit_name="Huyện D", dask="local")
    assert [(o.path.name, o.status) for o in out] == [("a.txt", "imported"), ("hong.txt", "failed")]
    assert "không trích xuất được trên cụm Dask" in out[1].message and "MemoryError" in out[1].message
    assert str(kho / "hong.txt") in out[1].message
