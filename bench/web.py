"""Web bench: the demo data, concurrent readers on loopback, dashboard and indicator pages, with and without imports.

Starts ``chitieu serve`` (``--workers``) on a free port with a fresh SQLite store holding the
demo province, signs each client in, then requests ``/`` and ``/chi-tieu/<id>`` in
turn for the duration. For each number of clients it runs twice: readers alone, then
readers while two reports (generated here, of ``--import-mb`` sizes) are imported at
once by two ``chitieu import`` commands started with the readers. Prints requests/s,
p50, p95 and the number of errors (non-200 answers, failed connections) of each run,
and each import's exit code, time and facts stored. Readers keep their connection open (HTTP/1.1
keep-alive, as a browser does); ``--close`` opens one per request. Each run also prints the CPU time per
request of the server's processes (from /proc) and of this load generator (both share the machine).

    python bench/web.py [--clients 20,50] [--seconds 30] [--import-mb 2.8,0.5 | --import-mb none] [--workers N] [--close]
    python bench/web.py --must-show
    python bench/web.py --extract   # every run, and the imports checked as --must-show checks them

Errors are counted apart: server errors (5xx), other non-200 answers, failed connections (a
reader whose connection fails opens a new one). After each run with imports, the facts
stored for each report are counted in the store and compared with what extraction of the
report yields (with ``--must-show`` extracted again once the readers stop, else as the
import printed it). ``--must-show`` runs the scenario of
issue #16 alone: 20 readers for 60 s while a 2.8 MB and a 0.5 MB report are imported at
once, and exits 1 unless there is no server error, no failed connection, and both
imports exit 0 with all their facts stored.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
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
from dataclasses import dataclass
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


class Errors:
    """What went wrong for the readers: server errors (5xx), other non-200 answers, failed connections."""

    def __init__(self) -> None:
        self.server: list[str] = []
        self.status: list[str] = []
        self.connection: list[str] = []

    def __len__(self) -> int:
        return len(self.server) + len(self.status) + len(self.connection)

    def text(self) -> str:
        first = (self.server + self.status + self.connection)[:3]
        return (f"5xx {len(self.server)}, other non-200 {len(self.status)}, failed connections {len(self.connection)}"
                + (f" (first: {first})" if first else ""))  # fmt: skip


async def _client(
    port: int,
    cookie: str,
    paths: list[str],
    going: Callable[[], bool],
    times: list[float],
    errors: Errors,
    close: bool = False,
) -> None:
    """One keep-alive connection sending GETs in turn (a new connection after a failed one; with
    ``close``, a new connection for every request, ``Connection: close``): a plain HTTP/1.1 client,
    light enough that the load generator does not take the CPU the server is measured on."""
    i = 0
    extra = "Connection: close\r\n" if close else ""
    while going():
        t0 = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError as err:
            errors.connection.append(f"connect: {type(err).__name__}")
            await asyncio.sleep(0.1)
            continue
        try:
            while going():
                path = paths[i % len(paths)]
                i += 1
                if not close:  # with close, the time counts the connection's opening
                    t0 = time.perf_counter()
                writer.write(
                    f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n{extra}\r\n".encode(
                        "ascii"
                    )
                )
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = re.search(rb"(?i)content-length:\s*(\d+)", head)
                if length is None:
                    errors.status.append(f"{path}: no content-length")
                    break
                await reader.readexactly(int(length.group(1)))
                if status >= 500:
                    errors.server.append(f"{path} {status}")
                elif status != 200:
                    errors.status.append(f"{path} {status}")
                else:
                    times.append(time.perf_counter() - t0)
                if close:
                    break
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as err:
            errors.connection.append(f"{type(err).__name__}")
        finally:
            writer.close()


async def _sign_all(port: int, clients: int) -> list[str]:
    return [await _sign_in(port) for _ in range(clients)]


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and every process under it (/proc)."""
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after the command's name, which may hold spaces
        parent[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    tree, todo = set(), [pid]
    while todo:
        p = todo.pop()
        tree.add(p)
        todo += [c for c, pp in parent.items() if pp == p and c not in tree]
    return sum(used.get(p, 0.0) for p in tree)


@dataclass
class _Cpu:
    """CPU seconds of the server's processes and of this load generator over one run."""

    server: float
    generator: float

    def text(self, requests: int) -> str:
        if not requests:
            return ""
        return (f"   CPU per request: server {self.server / requests * 1000:.2f} ms, "
                f"load generator {self.generator / requests * 1000:.2f} ms")  # fmt: skip


async def _run(
    port: int,
    cookies: list[str],
    seconds: float,
    busy: Callable[[], bool] = lambda: False,
    *,
    close: bool = False,
    server_pid: int | None = None,
) -> tuple[list[float], Errors, float, _Cpu]:
    """Readers for ``seconds``, and on while ``busy()`` (the imports run); with the CPU time the
    server (``server_pid`` and its workers) and this process used meanwhile."""
    times: list[float] = []
    errors = Errors()
    start = time.monotonic()
    end = start + seconds

    def going() -> bool:
        return time.monotonic() < end or busy()

    paths = ["/?don_vi=1&ky=2023", "/chi-tieu/7?don_vi=1"]
    server0 = _tree_cpu(server_pid) if server_pid else 0.0
    own0 = time.process_time()
    await asyncio.gather(*(_client(port, c, paths, going, times, errors, close) for c in cookies))
    own = time.process_time() - own0
    server = (_tree_cpu(server_pid) if server_pid else 0.0) - server0
    return times, errors, time.monotonic() - start, _Cpu(server, own)


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


@dataclass
class _Import:
    label: str
    path: Path
    proc: subprocess.Popen[bytes]
    started: float
    ended: float | None = None


def _start_imports(
    exe: Path, env: dict[str, str], folder: Path, sizes: list[float], seed: int
) -> list[_Import]:
    reports = []
    for k, mb in enumerate(sizes):  # written first: both imports start together
        reports.append((mb, folder / f"bao-cao-{seed}-{k}.txt"))
        _report(reports[-1][1], mb, seed * 10 + k)
    return [
        _Import(f"{mb:g} MB", path, subprocess.Popen([str(exe), "import", str(path), "--unit", "Tỉnh An Lạc"],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE), time.monotonic())
        for mb, path in reports
    ]  # fmt: skip


def _running(started: list[_Import]) -> Callable[[], bool]:
    def running() -> bool:
        for imp in started:
            if imp.ended is None and imp.proc.poll() is not None:
                imp.ended = time.monotonic()
        return any(imp.ended is None for imp in started)

    return running


def _stored_facts(url: str, path: Path) -> int | None:
    """Facts stored for the document of ``path``'s content (None: no such document)."""
    from sqlalchemy import func, select

    from chitieu.store import make_engine, session_scope
    from chitieu.store.tables import DocumentRow, FactRow

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    engine = make_engine(url)
    try:
        with session_scope(engine, write=False) as s:
            doc = s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == digest))
            if doc is None:
                return None
            return int(
                s.scalar(select(func.count()).select_from(FactRow).where(FactRow.document_id == doc)) or 0
            )
    finally:
        engine.dispose()


def _check_imports(started: list[_Import], url: str, extract: bool) -> tuple[list[str], bool]:
    """Each import's exit code, time, and facts stored against what extraction of its file yields:
    extracted again here once the readers have stopped (``extract``), else as the import itself
    printed it; whether all are right."""
    from chitieu.ingest import extract_path

    lines, ok = [], True
    for imp in started:
        stdout, stderr = imp.proc.communicate(timeout=3600)
        took = (imp.ended or time.monotonic()) - imp.started
        stored = _stored_facts(url, imp.path)
        if extract:
            extracted: int | None = len(extract_path(imp.path))
        else:
            printed = re.search(r"(\d+) dữ kiện", stdout.decode())
            extracted = int(printed.group(1)) if printed else None
        right = imp.proc.returncode == 0 and stored is not None and stored == extracted
        ok = ok and right
        lines.append(f"import {imp.label}: exit {imp.proc.returncode}, {took:.0f} s, {stored} facts stored, "
                     f"{extracted} {'extracted' if extract else 'found by the import'}: {'ok' if right else 'WRONG'}"
                     + (f" ({stderr.decode().strip()[:300]})" if imp.proc.returncode else ""))  # fmt: skip
    return lines, ok


def _print(label: str, times: list[float], errors: Errors, elapsed: float, cpu: _Cpu) -> None:
    if not times:
        print(f"{label}: no successful request; {errors.text()}")
        return
    q = statistics.quantiles(times, n=100)
    print(f"{label}: {elapsed:.0f} s, requests/s {len(times) / elapsed:.1f}   p50 {q[49] * 1000:.1f} ms   "
          f"p95 {q[94] * 1000:.1f} ms   {errors.text()}{cpu.text(len(times))}")  # fmt: skip


def _serve(
    exe: Path, env: dict[str, str], workers: int | None, log: Path
) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    cmd = [str(exe), "serve", "--port", str(port)] + ([] if workers is None else ["--workers", str(workers)])
    with log.open("wb") as err:  # the server's errors, shown if it answered 5xx
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", default="20,50", help="numbers of concurrent readers, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--import-mb", default="2.8,0.5", help="sizes of the reports imported at once, or none"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="chitieu serve --workers (default: its own)"
    )
    parser.add_argument("--close", action="store_true",
                        help="a new connection for every request (Connection: close) instead of keep-alive")  # fmt: skip
    parser.add_argument("--must-show", action="store_true",
                        help="only 20 readers for 60 s during imports of 2.8 and 0.5 MB; exit 1 unless all is right")  # fmt: skip
    parser.add_argument("--extract", action="store_true",
                        help="check stored facts against a new extraction of each report (as --must-show does)")  # fmt: skip
    args = parser.parse_args()
    if args.must_show:
        args.clients, args.seconds, args.import_mb = "20", 60.0, "2.8,0.5"
    counts = [int(c) for c in args.clients.split(",")]
    sizes = [] if args.import_mb == "none" else [float(x) for x in args.import_mb.split(",")]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'web.db'}"
        env = dict(os.environ, CHITIEU_DATA_DIR=tmp, CHITIEU_DATABASE_URL=url)
        exe = Path(sys.executable).with_name("chitieu")
        subprocess.run([str(exe), "demo", "--no-reports"], env=env, check=True, capture_output=True)
        subprocess.run(
            [str(exe), "demo"],
            env=env,
            check=True,
            capture_output=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        log = Path(tmp) / "server.log"
        server, port = _serve(exe, env, args.workers, log)
        try:
            print(f"web: dashboard + indicator page, {args.seconds:g} s per run (longer while imports run), "
                  f"chitieu serve --workers {args.workers or 'default'}, {os.cpu_count()} CPUs, "
                  f"{'a connection per request' if args.close else 'keep-alive'}, "
                  f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
            for n, clients in enumerate(counts):
                cookies = asyncio.run(_sign_all(port, clients))  # before the clock starts
                if not args.must_show:
                    times, errors, elapsed, cpu = asyncio.run(
                        _run(port, cookies, args.seconds, close=args.close, server_pid=server.pid)
                    )
                    _print(f"  {clients} readers", times, errors, elapsed, cpu)
                if not sizes:
                    continue
                started = _start_imports(exe, env, Path(tmp), sizes, n)
                times, errors, elapsed, cpu = asyncio.run(
                    _run(
                        port,
                        cookies,
                        args.seconds,
                        _running(started),
                        close=args.close,
                        server_pid=server.pid,
                    )
                )
                _print(
                    f"  {clients} readers + imports of {' and '.join(i.label for i in started)}",
                    times,
                    errors,
                    elapsed,
                    cpu,
                )
                lines, right = _check_imports(started, url, extract=args.must_show or args.extract)
                for line in lines:
                    print(f"    {line}")
                ok = ok and right and not errors.server and not errors.connection
                if errors.server:
                    print("    server log (end):\n" + log.read_text(errors="replace")[-3000:])
        finally:
            server.terminate()
            server.wait(10)
    if args.must_show:
        print("must-show: " + ("met" if ok else "NOT met")
              + " (0 server errors, 0 failed connections, both imports exit 0 with all their facts stored)")  # fmt: skip
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
