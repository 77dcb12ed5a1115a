"""Web bench: the demo data, 50 concurrent clients on loopback, dashboard and indicator pages, 30 s.

Starts ``uvicorn`` (one process) on a free port with a fresh SQLite store holding the
demo province, signs each client in, then requests ``/`` and ``/chi-tieu/<id>`` in
turn for the duration. Prints requests/s, p50, p95 and the number of errors.

    python bench/web.py [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _client(base: str, paths: list[str], end: float, times: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        page = await c.get("/dang-nhap")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        r = await c.post(
            "/dang-nhap", data={"username": "xem", "password": "anlac-xem-only", "csrf_token": token.group(1)}
        )
        if r.status_code != 303:
            errors.append(f"login {r.status_code}")
            return
        i = 0
        while time.monotonic() < end:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = await c.get(path)
                if r.status_code != 200:
                    errors.append(f"{path} {r.status_code}")
            except httpx.HTTPError as err:
                errors.append(f"{path} {type(err).__name__}")
                continue
            times.append(time.perf_counter() - t0)


async def _run(base: str, clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    start = time.monotonic()
    end = start + seconds
    paths = ["/?don_vi=1&ky=2023", "/chi-tieu/7?don_vi=1"]
    await asyncio.gather(*(_client(base, paths, end, times, errors) for _ in range(clients)))
    return times, errors, time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, CHITIEU_DATA_DIR=tmp)
        env.pop("CHITIEU_DATABASE_URL", None)
        exe = Path(sys.executable).with_name("chitieu")
        subprocess.run([str(exe), "demo", "--no-reports"], env=env, check=True, capture_output=True)
        subprocess.run(
            [str(exe), "demo"],
            env=env,
            check=True,
            capture_output=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        port = _free_port()
        server = subprocess.Popen(
            [str(exe), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    httpx.get(f"{base}/dang-nhap", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            times, errors, elapsed = asyncio.run(_run(base, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(10)
    if not times:
        print(f"no successful request; errors: {errors[:5]}")
        sys.exit(1)
    q = statistics.quantiles(times, n=100)
    print(f"web: {args.clients} clients, {elapsed:.1f} s, dashboard + indicator page")
    print(f"  requests/s {len(times) / elapsed:.1f}   p50 {q[49] * 1000:.1f} ms   p95 {q[94] * 1000:.1f} ms   "
          f"errors {len(errors)}")  # fmt: skip
    if errors:
        print(f"  first errors: {errors[:5]}")


if __name__ == "__main__":
    main()
