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


async def _sign_in(base: str) -> str:
    """Sign the demo reader in (with httpx); returns the session cookie header."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        page = await c.get("/dang-nhap")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        r = await c.post(
            "/dang-nhap", data={"username": "xem", "password": "anlac-xem-only", "csrf_token": token.group(1)}
        )
        if r.status_code != 303:
            raise SystemExit(f"login failed: {r.status_code}")
        return "; ".join(f"{k}={v}" for k, v in c.cookies.items())


async def _client(port: int, paths: list[str], end: float, times: list[float], errors: list[str]) -> None:
    """One keep-alive connection sending GETs in turn: a plain HTTP/1.1 client, light enough
    that the load generator does not take the CPU the server is measured on."""
    cookie = await _sign_in(f"http://127.0.0.1:{port}")
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = 0
    try:
        while time.monotonic() < end:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\r\n".encode("ascii")
            )
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = re.search(rb"(?i)content-length:\s*(\d+)", head)
            if length is None:
                errors.append(f"{path}: no content-length")
                return
            await reader.readexactly(int(length.group(1)))
            if status != 200:
                errors.append(f"{path} {status}")
                continue
            times.append(time.perf_counter() - t0)
    except (OSError, asyncio.IncompleteReadError) as err:
        errors.append(f"{type(err).__name__}")
    finally:
        writer.close()


async def _run(port: int, clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    start = time.monotonic()
    end = start + seconds
    paths = ["/?don_vi=1&ky=2023", "/chi-tieu/7?don_vi=1"]
    await asyncio.gather(*(_client(port, paths, end, times, errors) for _ in range(clients)))
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
            times, errors, elapsed = asyncio.run(_run(port, args.clients, args.seconds))
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
