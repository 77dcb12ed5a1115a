"""Concurrency of the store: WAL and the busy timeout on SQLite, imports at once, readers never blocked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from chitieu.model import Fact
from chitieu.store import repo, session_scope
from chitieu.store.engine import is_locked, make_engine, retrying
from chitieu.store.importer import ImportReport, import_file
from chitieu.store.tables import DocumentRow, FactRow, IndicatorRow, UnitRow

FACTS_A = [
    Fact(3, "Thu nội địa", "actual", "=", 5100, unit="tỷ đồng", period=2020),
    Fact(4, "Thu nội địa", "target", "=", 5000, unit="tỷ đồng", period=2020),
    Fact(5, "Số doanh nghiệp thành lập mới", "actual", "=", 640, unit="doanh nghiệp", period=2020),
]
FACTS_B = [
    Fact(7, "Thu nội địa", "actual", "=", 4700, unit="tỷ đồng", period=2021),
    Fact(8, "Tỷ lệ hộ nghèo", "actual", "=", 2.1, unit="%", period=2021),
]


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def busy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from chitieu.settings import get_settings

    get_settings.cache_clear()
    yield
    monkeypatch.delenv("CHITIEU_BUSY_TIMEOUT", raising=False)
    get_settings.cache_clear()


def _with_timeout(engine: Engine, seconds: float, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """An engine on the same store whose SQLite writers wait ``seconds`` for a lock."""
    from chitieu.settings import get_settings

    monkeypatch.setenv("CHITIEU_BUSY_TIMEOUT", str(seconds))
    get_settings.cache_clear()
    return engine if engine.dialect.name != "sqlite" else make_engine(_url(engine))


def _count(engine: Engine, table: type[DocumentRow | FactRow | IndicatorRow | UnitRow]) -> int:
    with session_scope(engine, write=False) as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


@pytest.mark.parametrize(("timeout", "busy_ms"), [(30.0, 30000), (0.25, 250)])
def test_engine_sqlite_pragmas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, busy: None, timeout: float, busy_ms: int
) -> None:
    monkeypatch.setenv("CHITIEU_BUSY_TIMEOUT", str(timeout))
    eng = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    with eng.connect() as conn:
        pragmas = [
            conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        ]
    eng.dispose()
    assert pragmas == ["wal", 1, busy_ms, 1]  # synchronous 1 is NORMAL


def test_engine_reader_not_blocked_by_open_write(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, busy: None
) -> None:
    eng = _with_timeout(engine, 10.0, monkeypatch)
    with session_scope(eng, actor="t") as writer:
        repo.add_unit(writer, "Tỉnh Đang Ghi")
        writer.flush()  # the write transaction is open, holding the lock
        started = time.monotonic()
        with session_scope(eng, write=False) as reader:
            seen = reader.scalar(select(func.count()).select_from(UnitRow))
        elapsed = time.monotonic() - started
    assert seen == 0  # the reader sees the last committed state
    assert elapsed < 2.0  # and did not wait for the writer
    assert _count(eng, UnitRow) == 1


def _slow(hold: threading.Event, seconds: float) -> Callable[[int, int], None]:
    def progress(_done: int, _total: int) -> None:
        hold.set()  # inside the write transaction: the other import starts now
        time.sleep(seconds)

    return progress


@pytest.mark.parametrize("timeout", [30.0, 0.1])  # waits for the lock; gives up at once and reruns
def test_import_two_at_once_both_land(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, busy: None, timeout: float
) -> None:
    eng = _with_timeout(engine, timeout, monkeypatch)
    files = []
    for name in ("a.txt", "b.txt"):
        files.append(tmp_path / name)
        files[-1].write_text(f"Báo cáo {name}\n", encoding="utf-8")
    hold = threading.Event()
    results: dict[str, ImportReport] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            results["a"] = import_file(
                eng, files[0], unit_name="Tỉnh A", facts=FACTS_A, progress=_slow(hold, 0.6)
            )
        except BaseException as err:
            errors.append(err)

    def second() -> None:
        hold.wait(5)
        try:
            results["b"] = import_file(eng, files[1], unit_name="Tỉnh A", facts=FACTS_B)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert {k: (r.already_imported, r.facts) for k, r in results.items()} == {
        "a": (False, 3),
        "b": (False, 2),
    }
    assert (_count(eng, DocumentRow), _count(eng, FactRow), _count(eng, UnitRow)) == (2, 5, 1)
    with session_scope(eng, write=False) as s:
        names = sorted(s.scalars(select(IndicatorRow.name)))
    assert names == ["Số doanh nghiệp thành lập mới", "Thu nội địa", "Tỷ lệ hộ nghèo"]  # none twice


def test_import_same_file_at_once_stored_once(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Báo cáo\n", encoding="utf-8")
    results: list[ImportReport] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(import_file(engine, path, unit_name="Tỉnh A", facts=FACTS_A))
        )
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(r.already_imported for r in results) == [False, True, True]
    assert (_count(engine, DocumentRow), _count(engine, FactRow)) == (1, 3)


@pytest.mark.parametrize("fail_at", [25, 59])  # after the first batch of facts; at the last one
def test_import_failing_midway_writes_nothing(engine: Engine, tmp_path: Path, fail_at: int) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Báo cáo\n", encoding="utf-8")
    facts = [Fact(i, f"Chỉ tiêu số {i}", "actual", "=", i, unit="tỷ đồng", period=2020) for i in range(1, 60)]

    def progress(done: int, _total: int) -> None:
        if done >= fail_at:
            raise RuntimeError("hỏng giữa chừng")

    with pytest.raises(RuntimeError):
        import_file(engine, path, unit_name="Tỉnh A", facts=facts, progress=progress)
    assert [_count(engine, t) for t in (DocumentRow, FactRow, IndicatorRow, UnitRow)] == [0, 0, 0, 0]
    with session_scope(engine, write=False) as s:
        assert s.execute(text("SELECT count(*) FROM audit_log")).scalar() == 0


@pytest.mark.parametrize("second_writes", [True, False])
def test_engine_write_session_takes_the_lock_at_begin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, busy: None, second_writes: bool
) -> None:
    monkeypatch.setenv("CHITIEU_BUSY_TIMEOUT", "0.2")
    eng = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    with eng.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    with session_scope(eng) as first:
        first.execute(text("SELECT count(*) FROM t"))  # only read so far, yet the write lock is held
        if second_writes:
            with pytest.raises(OperationalError) as caught, session_scope(eng) as second:
                second.execute(text("SELECT count(*) FROM t"))
            assert is_locked(caught.value)
        else:
            with session_scope(eng, write=False) as reader:
                assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0
    eng.dispose()


def test_engine_retrying_reruns_while_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, busy: None
) -> None:
    monkeypatch.setenv("CHITIEU_BUSY_TIMEOUT", "0.05")
    eng = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    with eng.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    held = threading.Event()

    def hold() -> None:  # another writer, letting go after a while
        with session_scope(eng) as other:
            other.execute(text("SELECT count(*) FROM t"))
            held.set()
            time.sleep(0.3)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    runs: list[int] = []

    def work(session: Session) -> int:
        runs.append(1)
        session.execute(text("INSERT INTO t VALUES (1)"))
        return len(runs)

    assert retrying(eng, work) > 1  # locked at first, then run again and committed
    holder.join(5)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
    eng.dispose()
