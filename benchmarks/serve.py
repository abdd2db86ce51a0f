"""`edukg serve` under load, on loopback, with the seeds graph (or --graph FILE):

1. 200 concurrent clients, each running named queries (several rounds): errors, p50, p99, max;
2. two runaway queries running while ordinary queries are asked: their latency;
3. 150 slow clients (one header line every few seconds) holding connections while a normal client
   asks: its latency, and when the slow ones are cut off.

    python -m benchmarks.serve [--graph output/edukg.ttl] [--clients 200] [--rounds 3]

The server runs as a subprocess (`edukg serve --quiet`), with its default workers and time limit.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NAMED = [
    "/queries/campuses",
    "/queries/count-by-class",
    "/queries/plans-covering-year?year=2024",
    "/queries/targets?year=2025",
    "/queries/institutions-by-document",
    "/queries/renamings",
    "/queries/most-connected",
    "/queries/first-appearance",
]
SERVE = [sys.executable, "-m", "graph", "serve", "--quiet"]
ACCEPT = {"Accept": "application/sparql-results+json"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(port: int, path: str, timeout: float = 60) -> tuple[int, float]:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=ACCEPT)
        resp = conn.getresponse()
        resp.read()
        return resp.status, time.perf_counter() - t0
    except OSError:
        return 0, time.perf_counter() - t0
    finally:
        conn.close()


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def burst(port: int, clients: int, rounds: int) -> None:
    barrier = threading.Barrier(clients)

    def client(i: int) -> list[tuple[int, float]]:
        out = []
        for r in range(rounds):
            if r == 0:
                barrier.wait()
            out.append(request(port, NAMED[(i + r) % len(NAMED)]))
        return out

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = [x for xs in pool.map(client, range(clients)) for x in xs]
    wall = time.perf_counter() - t0
    errors = sum(1 for s, _ in results if s != 200)
    lat = [t for _, t in results]
    print(
        f"1. {clients} concurrent clients x {rounds} named queries: {len(results)} requests in {wall:.2f} s, "
        f"{errors} errors, p50 {pct(lat, 50) * 1000:.0f} ms, p99 {pct(lat, 99) * 1000:.0f} ms, "
        f"max {max(lat) * 1000:.0f} ms"
    )


def runaways(port: int) -> None:
    path = "/sparql?query=" + urllib.parse.quote(RUNAWAY)
    heavy: list[tuple[int, float]] = []
    threads = [threading.Thread(target=lambda: heavy.append(request(port, path))) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    lat: list[float] = []
    statuses: list[int] = []
    t_end = time.perf_counter() + 5
    while time.perf_counter() < t_end:
        with ThreadPoolExecutor(max_workers=10) as pool:
            for s, t in pool.map(lambda i: request(port, NAMED[i % len(NAMED)]), range(10)):
                statuses.append(s)
                lat.append(t)
    for t in threads:
        t.join()
    print(
        f"2. with 2 runaway queries running: {len(lat)} ordinary queries (10 at a time) for 5 s, "
        f"{sum(s != 200 for s in statuses)} errors, p50 {pct(lat, 50) * 1000:.0f} ms, "
        f"p99 {pct(lat, 99) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms; runaways answered "
        f"{sorted(s for s, _ in heavy)} after {max(t for _, t in heavy):.1f} s"
    )


def slow_clients(port: int, n: int) -> None:
    socks: list[socket.socket] = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)
    stop = threading.Event()
    cut: list[float] = []
    t0 = time.perf_counter()

    def drip(s: socket.socket) -> None:
        """One more header line every 3 s, until the server answers or closes."""
        s.settimeout(3)
        while not stop.is_set():
            try:
                s.recv(1024)  # an answer (408) or the close
                cut.append(time.perf_counter() - t0)
                return
            except TimeoutError:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    cut.append(time.perf_counter() - t0)
                    return
            except OSError:
                cut.append(time.perf_counter() - t0)
                return

    drippers = [threading.Thread(target=drip, args=(s,), daemon=True) for s in socks]
    for d in drippers:
        d.start()
    time.sleep(1)
    normal = [request(port, NAMED[i % len(NAMED)], timeout=30) for i in range(5)]
    for d in drippers:
        d.join(30)
    stop.set()
    for s in socks:
        s.close()
    print(
        f"3. {n} slow clients holding connections: a normal client got {[s for s, _ in normal]} in "
        f"max {max(t for _, t in normal) * 1000:.0f} ms; the slow ones were cut off after "
        f"{min(cut):.1f}-{max(cut):.1f} s ({len(cut)} of {n})"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--graph", type=Path, default=None)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--slow", type=int, default=150)
    ap.add_argument("--cache-mb", type=int, default=64, help="the server's answer cache (0: none)")
    args = ap.parse_args()
    graph = args.graph
    tmp = None
    if graph is None:
        from graph.pipeline import run_build

        tmp = tempfile.TemporaryDirectory(prefix="edukg-bench-serve-")
        run_build(Path(__file__).resolve().parent.parent / "seeds", Path(tmp.name))
        graph = Path(tmp.name) / "edukg.ttl"
    port = free_port()
    proc = subprocess.Popen(
        [*SERVE, "--graph", str(graph), "--port", str(port), "--cache-mb", str(args.cache_mb)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        print(proc.stdout.readline().strip())  # type: ignore[union-attr]
        print(
            f"machine: {os.cpu_count()} cores; server: default workers and time limit, cache {args.cache_mb} MB"
        )
        request(port, NAMED[0])
        burst(port, args.clients, args.rounds)
        runaways(port)
        slow_clients(port, args.slow)
    finally:
        proc.terminate()
        proc.wait(10)
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
