"""Keeping what every page request checks fresh in the background: the data version and the users.

A cached page is served without the store while the data version and the signed-in user
were read less than a second (the user: a few seconds) ago (:func:`chitieu.web.render.fast_page`).
Without this module, the first requests after each expiry all went to the store for them
at once, in worker threads, and waited on each other: a burst of slow answers every
second under load. :func:`keep_fresh` reads them again before they expire, one reader in
one worker thread, every :data:`REFRESH_EVERY` seconds, for as long as the app runs
(:func:`lifespan`). When it cannot (the store is away), requests read them themselves as
before, and report the error if there is one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from chitieu.web.deps import VERSION_TTL, refresh_version

__all__ = ["REFRESH_EVERY", "keep_fresh", "lifespan"]

REFRESH_EVERY = VERSION_TTL / 4
_log = logging.getLogger(__name__)


def _refresh(app: FastAPI) -> None:
    refresh_version(app)
    app.state.users.refresh(app.state.engine)


async def keep_fresh(app: FastAPI, every: float = REFRESH_EVERY) -> None:
    """Refresh the data version and the users in use every ``every`` seconds, until cancelled."""
    while True:
        try:
            await run_in_threadpool(_refresh, app)
        except Exception as err:  # the requests read for themselves meanwhile
            _log.debug("refresh failed: %s", err)
        await asyncio.sleep(every)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run :func:`keep_fresh` while the app serves."""
    task = asyncio.create_task(keep_fresh(app))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
