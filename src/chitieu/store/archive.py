"""Importing a whole archive: many files, extracted in parallel, stored by one writer, resumable.

:func:`collect` turns the arguments of ``chitieu import`` (files, folders searched
recursively, glob patterns) into a sorted list of files. :func:`import_archive` imports
them: a file whose content (SHA-256) is already in the store is skipped without being
read further; the others are extracted by ``workers`` processes while this process,
the only writer, stores each file's facts in its own all-or-nothing transaction as soon
as they come. A run that is stopped (even killed) keeps every file it finished; run
again, it goes on with the rest. A file that fails (unreadable, unsupported) is
reported with its message and does not stop the others.

With ``dask`` (a scheduler's address, or ``local``) the files are extracted as tasks of a
Dask cluster instead of local processes (:mod:`chitieu.store.cluster`); the results come
back to this process, which stores them exactly as above.
"""

from __future__ import annotations

import csv
import glob
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from sqlalchemy import Engine, select

from chitieu.errors import ChitieuError
from chitieu.model import Fact
from chitieu.store.engine import session_scope
from chitieu.store.importer import import_file
from chitieu.store.tables import DocumentRow

__all__ = ["Outcome", "collect", "import_archive", "write_failures"]

T = TypeVar("T")
Status = Literal["imported", "skipped", "failed"]
_GLOB_CHARS = frozenset("*?[")
_LOOKUP_CHUNK = 500  # hashes looked up in the store per query
_WINDOW = 4  # files extracted ahead of the writer, per worker (bounds memory)


@dataclass(frozen=True)
class Outcome:
    """What became of one file of an archive."""

    path: Path
    status: Status
    message: str = ""
    message_en: str = ""
    document_id: int | None = None
    facts: int = 0
    observations: int = 0
    targets: int = 0


def _is_glob(arg: str) -> bool:
    return any(c in _GLOB_CHARS for c in arg)


def _files_under(folder: Path) -> Iterator[Path]:
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).parts
        if p.is_file() and not any(part.startswith(".") for part in rel):
            yield p


def collect(args: Sequence[str | Path]) -> list[Path]:
    """The files named by ``args``: files as given, folders searched recursively (hidden names left out),
    glob patterns expanded; each file once, in sorted order. A name that matches nothing is kept, so
    that its import reports it missing."""
    found: dict[Path, Path] = {}
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            paths: Iterable[Path] = _files_under(p)
        elif not p.exists() and _is_glob(str(arg)):
            paths = (Path(m) for m in glob.glob(str(arg), recursive=True))
            paths = [q for m in paths for q in ([m] if m.is_file() else _files_under(m))]
        else:
            paths = [p]
        for q in paths:
            found.setdefault(q.resolve(), q)
    return sorted(found.values())


def _digest(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None  # missing or unreadable: import_file says which
    return h.hexdigest()


def _stored(engine: Engine, digests: Sequence[str]) -> dict[str, int]:
    """The document id of each of ``digests`` already in the store."""
    out: dict[str, int] = {}
    with session_scope(engine, write=False) as session:
        for i in range(0, len(digests), _LOOKUP_CHUNK):
            chunk = list(digests[i : i + _LOOKUP_CHUNK])
            q = select(DocumentRow.sha256, DocumentRow.id).where(DocumentRow.sha256.in_(chunk))
            out.update({sha: doc_id for sha, doc_id in session.execute(q)})
    return out


# what a worker sends back: the facts, or the error's messages (an exception of ours may not
# survive pickling whole)
_Extracted = tuple[list[Fact], None, None] | tuple[None, str, str]


def _extract(path: Path) -> _Extracted:
    from chitieu.ingest import extract_path

    try:
        return extract_path(path), None, None
    except ChitieuError as err:
        return None, str(err), err.message_en


class _Inline(Executor):
    """Runs each task at once in this process (one worker: no process pool)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:
            future.set_exception(err)
        return future


def import_archive(
    engine: Engine,
    paths: Sequence[Path],
    *,
    unit_name: str,
    plan_title: str | None = None,
    actor: str | None = None,
    workers: int = 1,
    dask: str | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Import every file of ``paths`` (see the module's description); one outcome per file, in order."""
    report = on_outcome or (lambda _o: None)
    outcomes: dict[Path, Outcome] = {}

    def done(o: Outcome) -> None:
        outcomes[o.path] = o
        report(o)

    digests = {p: _digest(p) for p in paths}
    stored = _stored(engine, sorted({d for d in digests.values() if d}))
    todo: list[Path] = []
    first_of: dict[str, Path] = {}
    for p in paths:
        d = digests[p]
        if d is not None and d in stored:
            done(Outcome(p, "skipped", "đã nạp trước đây", "imported before", document_id=stored[d]))
        elif d is not None and d in first_of:
            done(
                Outcome(p, "skipped", f"trùng nội dung với {first_of[d].name}", f"same as {first_of[d].name}")
            )
        else:
            if d is not None:
                first_of[d] = p
            todo.append(p)
    if dask is not None:
        from chitieu.store.cluster import run_on_dask

        def store_one(path: Path, result: _Extracted | BaseException) -> None:
            if isinstance(result, BaseException):
                message = f"{type(result).__name__}: {result}"
                result = (
                    None,
                    f"{path}: không trích xuất được trên cụm Dask ({message}).",
                    f"{path}: {message}",
                )
            done(_store(engine, path, result, unit_name, plan_title, actor))

        run_on_dask(dask, _extract, todo, store_one, workers=workers, window=max(workers, 1) * _WINDOW)
        return [outcomes[p] for p in paths]
    pool: Executor = ProcessPoolExecutor(max_workers=workers) if workers > 1 else _Inline()
    try:
        _run(engine, pool, todo, max(workers, 1) * _WINDOW, unit_name, plan_title, actor, done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [outcomes[p] for p in paths]


def _run(
    engine: Engine, pool: Executor, todo: list[Path], window: int, unit_name: str, plan_title: str | None,
    actor: str | None, done: Callable[[Outcome], None],
) -> None:  # fmt: skip
    queue = iter(todo)
    pending: dict[Future[_Extracted], Path] = {}

    def refill() -> None:
        while len(pending) < window:
            p = next(queue, None)
            if p is None:
                return
            pending[pool.submit(_extract, p)] = p

    refill()
    while pending:
        finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in finished:
            path = pending.pop(future)
            done(_store(engine, path, future.result(), unit_name, plan_title, actor))
        refill()


def _store(
    engine: Engine,
    path: Path,
    extracted: _Extracted,
    unit_name: str,
    plan_title: str | None,
    actor: str | None,
) -> Outcome:
    facts, message, message_en = extracted
    if facts is None:
        return Outcome(path, "failed", message or "", message_en or "")
    try:
        rep = import_file(engine, path, unit_name=unit_name, plan_title=plan_title, actor=actor, facts=facts)
    except ChitieuError as err:
        return Outcome(path, "failed", str(err), err.message_en)
    if rep.already_imported:
        return Outcome(path, "skipped", "đã nạp trước đây", "imported before", document_id=rep.document_id)
    return Outcome(
        path, "imported", document_id=rep.document_id, facts=rep.facts, observations=rep.observations,
        targets=rep.targets,
    )  # fmt: skip


def write_failures(outcomes: Iterable[Outcome], path: Path) -> int:
    """The failed files of ``outcomes`` as a CSV (file, message, English message); how many there were."""
    failed = [o for o in outcomes if o.status == "failed"]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "message", "message_en"])
        w.writerows([str(o.path), o.message, o.message_en] for o in failed)
    return len(failed)
