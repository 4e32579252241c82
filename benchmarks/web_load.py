"""Load on `kxdt serve` over loopback: search pages over a 5,000-issue archive.

    python benchmarks/web_load.py [--issues N] [--requests N] [--concurrency N] [--workers N] [--keep DIR]

Builds the archive (the generated issues of search_speed.py), starts `kxdt serve` in a
subprocess on a free loopback port, and sends the search requests `--concurrency` at a time
from threads (http.client, one kept-alive connection each). Interleaved with them, in rounds of
the same size, the same server's static stylesheet: the floor of HTTP, uvicorn and Starlette
under the same load, without the archive. Queries are 1–4 character words, names and word
pairs; some with a year or column filter, some asking for a later page; some as the
search-as-you-type fragment. Every answer is checked (status 200, a result list) and a sample
against `Archive.search` in this process. Prints errors, medians, p95, requests per second, and
the server's CPU time per request (from /proc: its own cost, however busy the machine is).
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from search_speed import COLUMNS, GIVEN, SURNAMES, WORDS, build_archive, make_issue, workspace

from kxdt.archive import Archive, SearchFilters

ROUNDS = 10  # search and static rounds alternate this many times
CHECKED = 100  # search answers compared with Archive.search in this process
_FOUND_RE = re.compile(r"找到 <strong>(\d+)</strong>( 多)? 篇文章")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def queries(count: int, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """(query, extra parameters): the searches an office makes, most of them plain."""
    out = []
    for _ in range(count):
        shape = rng.random()
        if shape < 0.2:
            q = rng.choice(WORDS)[:1]
        elif shape < 0.6:
            q = rng.choice([w for w in WORDS if len(w) == 2])
        elif shape < 0.75:
            q = rng.choice(SURNAMES) + rng.choice(GIVEN)
        elif shape < 0.9:
            q = rng.choice(WORDS) + rng.choice(WORDS)
        else:
            q = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
        extra: dict[str, str] = {}
        pick = rng.random()
        if pick < 0.15:
            extra["year"] = str(rng.randint(2000, 2099))
        elif pick < 0.25:
            extra["column"] = rng.choice(COLUMNS)
        elif pick < 0.35:
            extra["page"] = str(rng.randint(2, 3))
        if rng.random() < 0.3:
            extra["fragment"] = "1"  # what typing in the search box fetches
        out.append((q, extra))
    return out


def run_batch(port: int, paths: list[str], concurrency: int) -> tuple[list[float], list[str], list[tuple[str, str]], float]:
    """Send the paths `concurrency` at a time; (latencies in ms, errors, (path, body) of answers, seconds)."""
    work: queue.Queue[str] = queue.Queue()
    for path in paths:
        work.put(path)
    latencies: list[float] = []
    errors: list[str] = []
    bodies: list[tuple[str, str]] = []
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            try:
                path = work.get_nowait()
            except queue.Empty:
                break
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read().decode("utf-8")
                elapsed = (time.perf_counter() - start) * 1000
                ok = response.status == 200 and ("/static/" in path or 'id="results"' in body)
            except (OSError, http.client.HTTPException) as err:
                elapsed, ok, body = (time.perf_counter() - start) * 1000, False, repr(err)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                latencies.append(elapsed)
                if ok:
                    bodies.append((path, body))
                else:
                    errors.append(f"{path}: {body[:200]}")
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, bodies, time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of a process and its children still running (Linux's /proc):
    the server's own cost, whatever else the machine is doing."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else None


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "kxdt", "serve", "--db", str(db), "--port", str(port),
                             "--workers", str(workers)],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stderr is not None
    for line in proc.stderr:
        if "Ctrl+C" in line:
            return proc
    raise SystemExit("kxdt serve did not start: " + (proc.stderr.read() if proc.stderr else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="kxdt serve --workers")
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    args = parser.parse_args()
    rng = random.Random(20240)
    work = workspace(args.keep, "kxdt-web-")
    db = work / "archive.sqlite3"
    if not db.exists():
        issues = [make_issue(k, random.Random(k)) for k in range(args.issues)]
        seconds = build_archive(db, issues)
        with Archive(db) as archive:
            archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"archive: {args.issues} issues built in {seconds:.1f} s")
    wanted = queries(args.requests, rng)
    search_paths = ["/search?" + urlencode({"q": q, **extra}) for q, extra in wanted]
    per_round = max(1, len(search_paths) // ROUNDS)
    port = free_port()
    server = start_server(db, port, args.workers)
    try:
        run_batch(port, ["/search?q=%E7%A7%91%E5%8D%8F", "/static/kxdt.css"] * 20, args.concurrency)  # warm up
        search_cpu = static_cpu = 0.0
        search_ms: list[float] = []
        static_ms: list[float] = []
        errors: list[str] = []
        answers: list[tuple[str, str]] = []
        search_seconds = static_seconds = 0.0
        for k in range(0, len(search_paths), per_round):
            batch = search_paths[k:k + per_round]
            before = cpu_seconds(server.pid) or 0.0
            latencies, failed, bodies, seconds = run_batch(port, batch, args.concurrency)
            middle = cpu_seconds(server.pid) or 0.0
            search_ms += latencies
            errors += failed
            answers += bodies
            search_seconds += seconds
            latencies, failed, _, seconds = run_batch(port, ["/static/kxdt.css"] * len(batch), args.concurrency)
            static_cpu += (cpu_seconds(server.pid) or 0.0) - middle
            search_cpu += middle - before
            static_ms += latencies
            errors += failed
            static_seconds += seconds
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)
    wrong = check_answers(db, answers[:CHECKED])
    load = os.getloadavg()[0]
    print(f"{len(search_ms)} search requests and {len(static_ms)} static ones, {args.concurrency} at a time, "
          f"{args.workers} worker(s), load average {load:.1f} on {os.cpu_count()} cores, "
          f"over {args.issues} issues; errors: {len(errors)}; answers checked against Archive.search: "
          f"{min(CHECKED, len(answers))}, wrong: {wrong}")
    for line in errors[:5]:
        print("  error:", line)
    print("uvicorn's fast parts installed: " + ", ".join(f"{m} {'yes' if installed(m) else 'no'}" for m in ("uvloop", "httptools")))
    print(f"{'':24} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8} {'req/s':>8} {'CPU ms/req':>11}")
    for label, values, seconds, cpu in (("search (kxdt serve)", search_ms, search_seconds, search_cpu),
                                        ("static file (floor)", static_ms, static_seconds, static_cpu)):
        print(f"{label:24} {statistics.median(values):7.1f}  {percentile(values, 0.95):7.1f}  "
              f"{percentile(values, 0.99):7.1f}  {max(values):7.1f}  {len(values) / seconds:7.0f}  "
              f"{cpu * 1000 / len(values):10.1f}")
    print(f"search p50 / floor p50: {statistics.median(search_ms) / statistics.median(static_ms):.1f}x")


def installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def check_answers(db: Path, answers: list[tuple[str, str]]) -> int:
    """How many pages announce a different count than the archive gives for the same search."""
    from urllib.parse import parse_qs, urlsplit

    wrong = 0
    with Archive(db, readonly=True) as archive:
        for path, body in answers:
            params = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
            filters = SearchFilters(year=int(params["year"]) if "year" in params else None, column=params.get("column"))
            page = int(params.get("page", "1"))
            result = archive.search(params["q"], filters, limit=20, offset=(page - 1) * 20)
            found = _FOUND_RE.search(body)
            shown = int(found.group(1)) if found else 0
            floor = bool(found and found.group(2))  # counted only as far as the pages go
            wrong += not (result.matched > shown if floor else shown == (result.matched if result.hits else 0))
    return wrong


if __name__ == "__main__":
    main()
