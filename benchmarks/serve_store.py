"""`edukg serve` on each store: start time, memory, named queries, and how long a killed worker leaves
requests waiting.

    python -m benchmarks.serve_store --graph /path/edukg.ttl [--stores memory,persistent] [--workers 4]

For each store (graph.store.choice: `memory` holds the graph in one process the workers are forked
from; `persistent` has each worker open OUT/store/ read-only) the server is started in this process
(graph.serve.make_server, port 0, --timeout) and timed; every named query's first page is asked over HTTP
`--rounds` times (median ms, the slowest query named); the memory of the processes is summed (PSS:
pages shared copy-on-write are split between the processes that share them, so the sum is what the
machine holds) when the server has started and after those rounds; then a query that runs past the time limit (2 s) gets its worker
killed and replaced (--timeout, the server's limit): the seconds from the kill to a fresh worker ready
(WorkerPool.replaced), and an ordinary query's latency sent right at the kill.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def pss_mb(pid: int) -> float:
    """Proportional set size of a process in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def get(url: str, timeout: float = 60) -> tuple[int, float]:
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, (time.perf_counter() - t) * 1000


def one_store(ttl: Path, store: str, workers: int, rounds: int, timeout: float) -> None:
    from graph.serve import make_server
    from graph.sparql import load_named_queries

    t = time.perf_counter()
    server = make_server(ttl, port=0, workers=workers, timeout=timeout, quiet=True, cache_mb=0, store=store)
    started = time.perf_counter() - t
    pool = server.pool
    at_start = sum(pss_mb(p) for p in pool.workers() + ([pool.template] if pool.template else []))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = server.url
        times: dict[str, list[float]] = {}
        for _ in range(rounds):
            for name in load_named_queries():
                status, ms = get(f"{base}/queries/{name}")
                times.setdefault(name if status == 200 else f"{name} (HTTP {status})", []).append(ms)
        med = {n: statistics.median(v) for n, v in times.items()}
        slowest = max(med, key=med.__getitem__)
        pids = pool.workers() + ([pool.template] if pool.template else [])
        memory = sum(pss_mb(p) for p in pids)
        held = f", template {pss_mb(pool.template):.0f} MB" if pool.template else ""
        print(
            f"| {store} | {started:.2f} | {at_start:,.0f} | {memory:,.0f} ({len(pids)} processes{held}) | "
            f"{statistics.median(med.values()):.1f} | {slowest} {med[slowest]:.0f} |",
            end=" ",
            flush=True,
        )
        done = len(pool.replaced)
        query = urllib.parse.quote(RUNAWAY)
        killer = threading.Thread(target=get, args=(f"{base}/sparql?query={query}",))
        t0 = time.perf_counter()
        killer.start()
        time.sleep(pool.timeout)  # the runaway query reaches the time limit: its worker is killed
        meanwhile: list[tuple[int, float]] = []
        asker = threading.Thread(target=lambda: meanwhile.append(get(f"{base}/queries/renamings")))
        asker.start()
        while len(pool.replaced) == done and time.perf_counter() - t0 < 120:
            time.sleep(0.01)
        replaced = pool.replaced[-1] if len(pool.replaced) > done else float("nan")
        killer.join()
        asker.join()
        status, ordinary = meanwhile[0]
        print(f"{replaced * 1000:.0f} | {ordinary:.0f} ({status}) |", flush=True)
    finally:
        server.shutdown()
        server.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.serve_store", description=__doc__.split("\n")[0])
    ap.add_argument("--graph", type=Path, required=True, help="a built edukg.ttl (with its store/ beside it)")
    ap.add_argument("--stores", default="memory,persistent")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--timeout", type=float, default=10.0, help="the server's time limit (the runaway query's)"
    )
    args = ap.parse_args(argv)
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# edukg serve on {args.graph}: {args.workers} workers; load average {load}\n")
    print(
        "| store | start s | memory at start MB | memory after MB (PSS) | named queries median ms | slowest ms | "
        "worker replaced ms | a query meanwhile ms |"
    )
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    for store in args.stores.split(","):
        one_store(args.graph, store, args.workers, args.rounds, args.timeout)
    print(f"\nload average at the end: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
