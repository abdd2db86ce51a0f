"""What filling the persistent store costs, loaded the ways pyoxigraph allows: the graph of a build (its
Turtle) bulk-loaded into a new RocksDB store in pieces as the build gives them, in larger pieces, whole,
as N-Triples, and into memory for reference.

    python -m benchmarks.store_load --graph OUT/edukg.ttl

Each row runs in a fresh process (the build's allocator settings, graph.store.tune_allocator): the text
is split (at blank lines: whole statements) and, for N-Triples, converted before the clock starts;
then the pieces are bulk-loaded on two threads (as graph.pipeline's loader does), the store flushed,
compacted as a build compacts it (graph.store.oxigraph.compact; timed apart) and closed. CPU is the
process's (every thread, RocksDB's compactions included), peak memory its largest resident set. On a
shared machine compare CPU seconds, and run it twice.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROWS = {
    "turtle-4MB": ("turtle", 4),  # the build's pieces (graph.pipeline.PIECE characters)
    # the same with RocksDB's compaction threads in the idle class while loading, as a build does
    # (graph.store.compactions.IdleCompactions); without it they compact each new piece on the cores
    "turtle-4MB-idle": ("turtle", 4),
    "turtle-16MB": ("turtle", 16),
    "turtle-whole": ("turtle", 0),
    "ntriples-10MB": ("nt", 10),  # about as many triples a piece as Turtle's 4 MB
    "memory-whole": ("memory", 0),
}


def pieces(text: str, size: int) -> list[str]:
    """The statements of a Turtle text in pieces of about `size` characters (0: one piece), each a whole
    number of statements after the prefix lines."""
    head, _, body = text.partition("\n\n")
    if not size:
        return [text]
    out: list[str] = []
    start = 0
    while start < len(body):
        end = body.find("\n\n", start + size)
        end = len(body) if end < 0 else end
        out.append(f"{head}\n\n{body[start:end]}")
        start = end + 2
    return out


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load(row: str, graph: Path) -> dict[str, float]:
    """One row, in this process: seconds, CPU seconds, peak MB and the triples loaded."""
    from pyoxigraph import RdfFormat, Store, parse, serialize

    from graph.store import tune_allocator
    from graph.store.compactions import IdleCompactions
    from graph.store.oxigraph import compact

    tune_allocator()
    kind, mb = ROWS[row]
    datas = [p.encode("utf-8") for p in pieces(graph.read_text(encoding="utf-8"), mb << 20)]
    fmt = RdfFormat.TURTLE
    if kind == "nt":
        datas = [serialize(parse(d, format=RdfFormat.TURTLE), format=RdfFormat.N_TRIPLES) for d in datas]
        fmt = RdfFormat.N_TRIPLES
    folder = Path(tempfile.mkdtemp(prefix="edukg-store-load-"))
    try:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu0, t0 = usage.ru_utime + usage.ru_stime, time.perf_counter()
        store = Store() if kind == "memory" else Store(str(folder / "db"))
        idle = IdleCompactions() if row.endswith("-idle") else None

        def run(into: Store, mine: list[bytes]) -> None:
            for data in mine:
                into.bulk_load(data, format=fmt, lenient=True)

        threads = [threading.Thread(target=run, args=(store, datas[k::2])) for k in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        t1, cpu1 = time.perf_counter(), _cpu()
        if kind != "memory":
            store.flush()
            if idle is not None:
                idle.normal()
            compact(store)
        triples = len(store)
        del store
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "seconds": time.perf_counter() - t0,
            "cpu": usage.ru_utime + usage.ru_stime - cpu0,
            "load_s": t1 - t0,
            "load_cpu": cpu1 - cpu0,
            "peak_mb": usage.ru_maxrss / 1024,
            "triples": triples,
            "loads": len(datas),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.store_load", description=__doc__.split("\n")[0])
    ap.add_argument("--graph", type=Path, required=True, help="a Turtle file written by edukg build")
    ap.add_argument("--rows", default=",".join(ROWS), help=f"some of {', '.join(ROWS)}")
    ap.add_argument("--row", help=argparse.SUPPRESS)  # one row, in a child process
    args = ap.parse_args(argv)
    if args.row:
        print(json.dumps(load(args.row, args.graph)))
        return 0
    size = args.graph.stat().st_size
    print(f"{args.graph}: {size / 1e6:.1f} MB of Turtle; load average {os.getloadavg()[0]:.2f} at the start")
    print(f"{'':<15} {'':>6} {'load':>17} {'load + compaction':>17}")
    print(
        f"{'row':<15} {'loads':>6} {'wall s':>8} {'CPU s':>8} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'triples':>10}"
    )
    for row in args.rows.split(","):
        cmd = [sys.executable, "-m", "benchmarks.store_load", "--graph", str(args.graph), "--row", row]
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        print(
            f"{row:<15} {r['loads']:>6} {r['load_s']:8.2f} {r['load_cpu']:8.2f} {r['seconds']:8.2f} {r['cpu']:8.2f}"
            f" {r['peak_mb']:8.0f} {r['triples']:>10}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
