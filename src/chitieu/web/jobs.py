"""Background work for uploads: extraction runs in a thread, the page polls its progress."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Job", "Jobs"]


@dataclass
class Job:
    """The state of one upload being processed."""

    id: str
    name: str
    owner: int
    state: str = "running"  # running, done, failed
    lines: int = 0
    facts: int = 0
    pages_done: int = 0
    pages_total: int = 0
    document_id: int | None = None
    already: bool = False
    error: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def percent(self) -> int | None:
        if self.pages_total:
            return min(100, int(100 * self.pages_done / self.pages_total))
        return None


class Jobs:
    """The jobs of this process (forgotten after an hour)."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, name: str, owner: int, work: Callable[[Job], None]) -> Job:
        job = Job(secrets.token_urlsafe(12), name, owner)
        with self._lock:
            now = time.monotonic()
            for k in [k for k, j in self._jobs.items() if now - j.started > 3600]:
                del self._jobs[k]
            self._jobs[job.id] = job
        thread = threading.Thread(target=self._run, args=(job, work), name=f"upload-{job.id}", daemon=True)
        thread.start()
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[Job], None]) -> None:
        from chitieu.errors import ChitieuError

        try:
            work(job)
            job.state = "done"
        except ChitieuError as err:
            job.error, job.state = str(err), "failed"
        except Exception as err:  # a bug of ours: say so in the page, do not lose the thread silently
            job.error, job.state = f"Lỗi nội bộ khi xử lý tài liệu: {type(err).__name__}: {err}", "failed"

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until the job ends (for tests and scripts)."""
        end = time.monotonic() + timeout
        job = self.get(job_id)
        while job is not None and job.state == "running" and time.monotonic() < end:
            time.sleep(0.02)
        return job
