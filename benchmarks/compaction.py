"""The persistent store with and without its compaction: what a build pays for it, what a query gains.

    python -m benchmarks.compaction --graph /tmp/q600/edukg.ttl      # a built graph (~1M triples)

A build loads its Turtle into the store piece by piece (graph.store.StoreLoader: each piece bulk-loaded on
its own, as `edukg build` does) and then compacts it (graph.store.oxigraph.compact: RocksDB's compaction
into its last level, pyoxigraph's `Store.optimize`). This loads the graph's Turtle that way into two new
stores, compacts one, and prints the database files of each, the compaction's wall and CPU seconds, and
the median milliseconds of the heavy named queries (their first page, unbound, as `edukg query NAME`
runs them: run_page, 1,000 rows) on each, alternated, each run on the store opened again (a new process's
empty block cache); it stops if the two stores answer a query with different rows.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from graph.pipeline import PIECE  # characters of Turtle per piece, as a build loads them

QUERIES = ("targets", "document-institution", "first-appearance", "provenance", "campuses")


def load(folder: Path, ttl: Path, compacted: bool) -> tuple[float, float]:
    """Fill a store from the Turtle piece by piece; (wall, CPU) seconds of its compaction (0 if not)."""
    import graph.store.oxigraph as ox
    from benchmarks.store_load import pieces
    from graph.store import StoreLoader

    text = ttl.read_text(encoding="utf-8")
    loader = StoreLoader(folder, text.partition("\n\n")[0])
    for piece in pieces(text, PIECE):
        loader.add(piece, head=False)  # each piece holds the prefix lines
    timed: list[float] = []
    real = ox.compact

    def compact(store: Any) -> None:
        t, c = time.perf_counter(), time.process_time()
        real(store)
        timed.extend((time.perf_counter() - t, time.process_time() - c))

    ox.compact = compact if compacted else (lambda store: None)
    try:
        loader.finish()
    finally:
        ox.compact = real
        loader.close()
    return (timed[0], timed[1]) if timed else (0.0, 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.compaction", description=__doc__.split("\n")[0])
    ap.add_argument("--graph", type=Path, required=True, help="a built edukg.ttl")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args(argv)
    from pyoxigraph import Store

    from graph.sparql import get_named_query
    from graph.sparql.engine import OxigraphEngine, forget_terms
    from graph.sparql.pages import PAGE, run_page

    work = args.work or Path(tempfile.mkdtemp(prefix="edukg-compaction-"))
    dbs: dict[str, Path] = {}
    for name, compacted in (("loose", False), ("compacted", True)):
        folder = work / name
        folder.mkdir(parents=True, exist_ok=True)
        wall, cpu = load(folder, args.graph, compacted)
        dbs[name] = folder / "db"
        files = len(list(dbs[name].glob("*.sst")))
        size = sum(f.stat().st_size for f in dbs[name].iterdir()) / 1e6
        extra = f"; compaction {wall:.2f} s wall, {cpu:.2f} s CPU" if compacted else ""
        print(f"{name}: {files} database files, {size:.0f} MB{extra}")
    n = len(Store.read_only(str(dbs["loose"])))
    print(f"\n{args.graph}: {n:,} triples; median ms of {args.repeat} (first page, unbound, fresh open)\n")
    print("| query | rows | loose ms | compacted ms | loose / compacted |\n|---|---:|---:|---:|---:|")
    for name in QUERIES:
        q = get_named_query(name)
        times: dict[str, list[float]] = {k: [] for k in dbs}
        answers: dict[str, list[Any]] = {}
        for _ in range(args.repeat + 1):
            for k, db in dbs.items():  # alternated: a load that comes and goes falls on both
                engine = OxigraphEngine(Store.read_only(str(db)), persistent=True)
                forget_terms()
                t = time.perf_counter()
                answers[k] = run_page(engine, q, {}, PAGE).rows
                times[k].append((time.perf_counter() - t) * 1000)
        if answers["loose"] != answers["compacted"]:
            raise SystemExit(f"{name}: the compacted store answers other rows than the loose one")
        rows = len(answers["compacted"])
        loose, tight = (statistics.median(times[k][1:]) for k in ("loose", "compacted"))
        print(f"| {name} | {rows:,} | {loose:.1f} | {tight:.1f} | {loose / tight:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
