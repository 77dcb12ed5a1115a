"""Web bench, in one process: the CPU time of a kept page through the app's ASGI stack, without HTTP.

Builds the demo store (``chitieu demo --no-reports``) in a temporary folder, signs the demo
reader in, renders the dashboard and an indicator page once, then calls the ASGI app
directly ``--requests`` times for each page and prints the CPU microseconds per request
(``time.process_time``: robust on a shared machine), answered by the front layer
(:mod:`chitieu.web.front`) and, for comparison, with that layer passing every request on
to FastAPI (the path of before: session middleware, router, ``fast_page``). With
``--profile`` it prints the top of a cProfile of the front path.

    python bench/web_path.py [--requests 20000] [--profile]

The HTTP server's own share (uvicorn, httptools, the socket) is not in these figures:
``bench/web.py`` gives the whole, per request, from the server's CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PATHS = [("/", b"don_vi=1&ky=2023"), ("/chi-tieu/7", b"don_vi=1")]


def _scope(app: Any, path: str, query: bytes, cookie: str) -> dict[str, Any]:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "",
            "headers": [(b"host", b"127.0.0.1"), (b"cookie", cookie.encode())], "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8000), "app": app, "state": {}}  # fmt: skip


async def _call(app: Any, scope: dict[str, Any]) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(dict(scope), receive, send)
    return status


async def _many(app: Any, scopes: list[dict[str, Any]], n: int) -> float:
    """CPU seconds per request over ``n`` requests (the pages in turn)."""
    for s in scopes:  # warm
        assert await _call(app, s) == 200
    t0 = time.process_time()
    for i in range(n):
        await _call(app, scopes[i % len(scopes)])
    return (time.process_time() - t0) / n


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'web.db'}"
        os.environ.update(CHITIEU_DATA_DIR=tmp, CHITIEU_DATABASE_URL=url)
        exe = Path(sys.executable).with_name("chitieu")
        subprocess.run([str(exe), "demo", "--no-reports"], check=True, capture_output=True)
        from fastapi.testclient import TestClient

        from chitieu.web import create_app
        from chitieu.web.front import KeptPages

        app = create_app()
        with TestClient(app) as client:  # the lifespan keeps the data version fresh meanwhile
            page = client.get("/dang-nhap").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert token
            r = client.post("/dang-nhap", data={"username": "xem", "password": "anlac-xem-only",
                                                "csrf_token": token.group(1)}, follow_redirects=False)  # fmt: skip
            assert r.status_code == 303, r.text[:300]
            cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
            scopes = [_scope(app, p, q, cookie) for p, q in PATHS]
            for p, q in PATHS:
                assert client.get(f"{p}?{q.decode()}").status_code == 200
            loop = asyncio.new_event_loop()
            front = loop.run_until_complete(_many(app, scopes, args.requests))
            served = KeptPages.page
            KeptPages.page = lambda self, scope: None  # type: ignore[method-assign,assignment,return-value]
            try:
                full = loop.run_until_complete(_many(app, scopes, args.requests // 4))
            finally:
                KeptPages.page = served  # type: ignore[method-assign]
            print(f"web path: kept dashboard + indicator page, CPU per request in process, {os.cpu_count()} CPUs, "
                  f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
            print(f"  answered in front (front.py):   {front * 1e6:7.1f} µs")
            print(f"  through FastAPI (fast_page):    {full * 1e6:7.1f} µs")
            if args.profile:
                prof = cProfile.Profile()
                prof.enable()
                loop.run_until_complete(_many(app, scopes, args.requests))
                prof.disable()
                pstats.Stats(prof).sort_stats("tottime").print_stats(15)
            loop.close()


if __name__ == "__main__":
    main()
