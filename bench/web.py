"""Web bench: the demo data, concurrent readers on loopback, dashboard and indicator pages, with and without imports.

Starts ``uvicorn`` (one process) on a free port with a fresh SQLite store holding the
demo province, signs each client in, then requests ``/`` and ``/chi-tieu/<id>`` in
turn for the duration. For each number of clients it runs twice: readers alone, then
readers while two reports (generated here, of ``--import-mb`` sizes) are imported at
once by two ``chitieu import`` commands started with the readers. Prints requests/s,
p50, p95 and the number of errors (non-200 answers, failed connections) of each run,
and each import's exit code, time and facts stored.

    python bench/web.py [--clients 20,50] [--seconds 30] [--import-mb 2.8,0.5 | --import-mb none]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, list[tuple[str, str]], bytes]:
    """One HTTP/1.1 request on a fresh connection: status, headers, body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [
            f"{method} {path} HTTP/1.1",
            "Host: 127.0.0.1",
            "Connection: close",
            f"Content-Length: {len(body)}",
        ]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        raw = await reader.read()
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    first, *rest = head.decode("latin-1").split("\r\n")
    pairs = [(k.strip().lower(), v.strip()) for k, _, v in (h.partition(":") for h in rest)]
    return int(first.split(" ", 2)[1]), pairs, content


def _cookies(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return dict(v.split(";", 1)[0].split("=", 1) for k, v in pairs if k == "set-cookie")


async def _sign_in(port: int) -> str:
    """Sign the demo reader in; returns the session cookie header."""
    from urllib.parse import urlencode

    _, pairs, page = await _request(port, "GET", "/dang-nhap")
    cookies = _cookies(pairs)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    assert token
    form = urlencode({"username": "xem", "password": "anlac-xem-only", "csrf_token": token.group(1).decode()})
    status, pairs, _ = await _request(port, "POST", "/dang-nhap", {
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Content-Type": "application/x-www-form-urlencoded",
    }, form.encode())  # fmt: skip
    if status != 303:
        raise SystemExit(f"login failed: {status}")
    cookies.update(_cookies(pairs))
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


async def _client(
    port: int, cookie: str, paths: list[str], going: Callable[[], bool], times: list[float], errors: list[str]
) -> None:
    """One keep-alive connection sending GETs in turn: a plain HTTP/1.1 client, light enough
    that the load generator does not take the CPU the server is measured on."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = 0
    try:
        while going():
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


async def _sign_all(port: int, clients: int) -> list[str]:
    return [await _sign_in(port) for _ in range(clients)]


async def _run(
    port: int, cookies: list[str], seconds: float, busy: Callable[[], bool] = lambda: False
) -> tuple[list[float], list[str], float]:
    """Readers for ``seconds``, and on while ``busy()`` (the imports run)."""
    times: list[float] = []
    errors: list[str] = []
    start = time.monotonic()
    end = start + seconds

    def going() -> bool:
        return time.monotonic() < end or busy()

    paths = ["/?don_vi=1&ky=2023", "/chi-tieu/7?don_vi=1"]
    await asyncio.gather(*(_client(port, c, paths, going, times, errors) for c in cookies))
    return times, errors, time.monotonic() - start


_NAMES = (
    ("Thu ngân sách nhà nước trên địa bàn", "tỷ đồng"), ("Tổng sản lượng lương thực", "tấn"),
    ("Giá trị sản xuất công nghiệp", "tỷ đồng"), ("Tổng mức bán lẻ hàng hóa", "tỷ đồng"),
    ("Kim ngạch xuất khẩu", "triệu USD"), ("Số doanh nghiệp thành lập mới", "doanh nghiệp"),
    ("Diện tích gieo trồng lúa", "ha"), ("Sản lượng thủy sản", "tấn"),
)  # fmt: skip


def _report(path: Path, megabytes: float, seed: int) -> None:
    """A report of about ``megabytes`` of figures of its own (a different text for every seed)."""
    rnd = random.Random(seed)
    lines = ["BÁO CÁO", f"Tình hình kinh tế - xã hội năm 2023 (bản {seed})", ""]
    size, i = 0, 0
    while size < megabytes * 1e6:
        i += 1
        name, unit = _NAMES[rnd.randrange(len(_NAMES))]
        lines.append(
            f"{i}. {name} của xã số {i % 200} năm 2023 đạt {rnd.randint(10, 9000)}.{rnd.randint(100, 999)} {unit}, "
            f"bằng {rnd.randint(80, 130)},{rnd.randint(0, 9)}% kế hoạch, tăng {rnd.randint(1, 20)},{rnd.randint(0, 9)}% "
            "so với cùng kỳ."
        )
        size += len(lines[-1].encode()) + 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _start_imports(
    exe: Path, env: dict[str, str], folder: Path, sizes: list[float], seed: int
) -> list[tuple[str, subprocess.Popen[bytes], float]]:
    started = []
    for k, mb in enumerate(sizes):
        path = folder / f"bao-cao-{seed}-{k}.txt"
        _report(path, mb, seed * 10 + k)
        proc = subprocess.Popen([str(exe), "import", str(path), "--unit", "Tỉnh An Lạc"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        started.append((f"{mb:g} MB", proc, time.monotonic()))
    return started


_ENDED: dict[int, float] = {}  # import process id -> when it was seen ended


def _running(started: list[tuple[str, subprocess.Popen[bytes], float]]) -> Callable[[], bool]:
    def running() -> bool:
        for _, p, _ in started:
            if p.poll() is not None:
                _ENDED.setdefault(p.pid, time.monotonic())
        return any(p.poll() is None for _, p, _ in started)

    return running


def _wait_imports(started: list[tuple[str, subprocess.Popen[bytes], float]]) -> list[str]:
    out = []
    for label, proc, t0 in started:
        stdout, stderr = proc.communicate(timeout=1800)
        facts = re.search(r"(\d+) dữ kiện", stdout.decode())
        took = _ENDED.get(proc.pid, time.monotonic()) - t0
        out.append(f"import {label}: exit {proc.returncode}, {took:.0f} s, "
                   f"{facts.group(1) if facts else '?'} facts" + (f" ({stderr.decode().strip()[:200]})" if proc.returncode else ""))  # fmt: skip
    return out


def _print(label: str, times: list[float], errors: list[str], elapsed: float) -> None:
    if not times:
        print(f"{label}: no successful request; errors: {errors[:5]}")
        return
    q = statistics.quantiles(times, n=100)
    print(f"{label}: requests/s {len(times) / elapsed:.1f}   p50 {q[49] * 1000:.1f} ms   p95 {q[94] * 1000:.1f} ms   "
          f"errors {len(errors)}" + (f"   first errors: {errors[:5]}" if errors else ""))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", default="20,50", help="numbers of concurrent readers, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--import-mb", default="2.8,0.5", help="sizes of the reports imported at once, or none"
    )
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    sizes = [] if args.import_mb == "none" else [float(x) for x in args.import_mb.split(",")]
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
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
            print(f"web: dashboard + indicator page, {args.seconds:g} s per run, one server process")
            for n, clients in enumerate(counts):
                cookies = asyncio.run(_sign_all(port, clients))  # before the clock starts
                times, errors, elapsed = asyncio.run(_run(port, cookies, args.seconds))
                _print(f"  {clients} readers", times, errors, elapsed)
                if not sizes:
                    continue
                started = _start_imports(exe, env, Path(tmp), sizes, n)
                times, errors, elapsed = asyncio.run(_run(port, cookies, args.seconds, _running(started)))
                _print(
                    f"  {clients} readers + imports of {' and '.join(s for s, _, _ in started)}",
                    times,
                    errors,
                    elapsed,
                )
                for line in _wait_imports(started):
                    print(f"    {line}")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
