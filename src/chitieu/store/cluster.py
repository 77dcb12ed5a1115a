"""Extracting an archive's files on a Dask cluster (``chitieu import --dask SCHEDULER``).

:func:`run_on_dask` sends one task per file (OCR, restoration, extraction: whatever the
task function does) to a Dask ``distributed`` cluster and hands each result back, in
the calling process, as soon as it is ready; the caller stays the only writer of the
store. At most ``window`` files are out at once, so a large archive never piles up its
facts in memory. ``SCHEDULER`` is a scheduler's address (``tcp://host:8786``), whose
workers must have chitieu installed, or ``local``: a ``LocalCluster`` of ``workers``
processes started here (threads of this process when ``workers`` is 1) and stopped at
the end.

Dask is optional (``pip install 'chitieu[dask]'``); without it, or when the scheduler
cannot be reached or has no worker, a :class:`~chitieu.errors.ConfigError` says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from chitieu.errors import ConfigError

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["CONNECT_TIMEOUT", "LOCAL", "WORKER_WAIT", "run_on_dask"]

T = TypeVar("T")
LOCAL = "local"
CONNECT_TIMEOUT = 10.0  # seconds to reach a remote scheduler
WORKER_WAIT = 60.0  # seconds to wait for its first worker
# a worker of a small machine keeps its results in memory (they go back at once): no
# spilling to disk, no pausing at a memory target
_CONFIG: dict[str, Any] = {
    "distributed.worker.memory.target": False,
    "distributed.worker.memory.spill": False,
}


def _modules() -> tuple[Any, Any, Any]:
    try:
        import dask
        import distributed
    except ImportError as err:
        raise ConfigError(
            "Tùy chọn --dask cần Dask, nhưng Dask chưa được cài đặt.",
            "--dask needs Dask, which is not installed.",
            hint="Cài bằng: pip install 'chitieu[dask]'.",
        ) from err
    return dask, distributed, distributed.LocalCluster


async def _probe(distributed: Any, address: str) -> None:
    comm = await distributed.comm.connect(address, timeout=CONNECT_TIMEOUT)
    await comm.close()


@contextlib.contextmanager
def _client(scheduler: str, workers: int) -> Iterator[Client]:
    dask, distributed, local_cluster = _modules()
    with dask.config.set(_CONFIG):
        if scheduler == LOCAL:
            with (
                local_cluster(
                    n_workers=max(workers, 1),
                    threads_per_worker=1,
                    processes=workers > 1,
                    dashboard_address=":0",  # no fixed port to collide on
                    scheduler_port=0,
                    silence_logs=logging.ERROR,  # the cluster's own log: errors only
                ) as cluster,
                distributed.Client(cluster, set_as_default=False) as client,
            ):
                yield client
            return
        try:
            # reached once without a client first: a client that fails to start lingers and
            # prints a traceback when it is collected
            asyncio.run(_probe(distributed, scheduler))
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise ConfigError(
                f"Không kết nối được bộ lập lịch Dask “{scheduler}”: {err}.",
                f"Cannot reach the Dask scheduler {scheduler!r}: {err}.",
                hint="Kiểm tra địa chỉ (ví dụ tcp://may-chu:8786) hoặc dùng --dask local.",
            ) from err
        with client:
            try:
                client.wait_for_workers(1, timeout=WORKER_WAIT)
            except TimeoutError as err:
                raise ConfigError(
                    f"Bộ lập lịch Dask “{scheduler}” không có worker nào sau {WORKER_WAIT:g} giây.",
                    f"The Dask scheduler {scheduler!r} has no worker after {WORKER_WAIT:g} s.",
                ) from err
            yield client


def run_on_dask(
    scheduler: str,
    task: Callable[[Path], T],
    paths: Sequence[Path],
    on_result: Callable[[Path, T | BaseException], None],
    *,
    workers: int = 1,
    window: int = 8,
) -> None:
    """``task(path)`` for every path on the cluster ``scheduler``; ``on_result(path, result)`` here,
    in the order they finish (the exception instead, if the task failed or its worker died)."""
    if not paths:
        return
    _, distributed, _ = _modules()
    with _client(scheduler, workers) as client:
        queue = iter(paths)
        of: dict[Any, Path] = {}  # by task key

        def submit() -> Any:
            path = next(queue, None)
            if path is None:
                return None
            future = client.submit(task, path, pure=False)  # a key of its own: a file twice runs twice
            of[future.key] = path
            return future

        first = [f for f in (submit() for _ in range(window)) if f is not None]
        running = distributed.as_completed(first, loop=client.loop)
        for future in running:
            path = of.pop(future.key)
            try:
                result: T | BaseException = future.result()
            except Exception as err:  # the task raised, or its worker was lost
                result = err
            future.release()
            on_result(path, result)
            more = submit()
            if more is not None:
                running.add(more)
