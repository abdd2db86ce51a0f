"""The persistent store with and without its compaction: what a build pays for it, what a query gains.

    python -m benchmarks.compaction --graph /tmp/q600/edukg.ttl      # a built graph (~1M triples)

A build loads its Turtle into the store piece by piece (graph.store.StoreLoader: each piece bulk-loaded on
its own, as `edukg build` does) and then compacts it (graph.store.oxigraph.compact: RocksDB's compaction
into its last level, pyoxigraph's `Store.optimize`). This loads the graph's Turtle that way into two new
stores, compacts one, and prints the database files of each, the compaction's wall and CPU seconds, and
the median milliseconds of the heavy named queries (their first page, unbound, as `edukg query NAME`
runs them: run_page, 1,000 rows) on each, alternated, each run on the store opened again (a new process's
empty block cache); it stops if the two stores answer a query with different rows.

`--alternatives` adds the layouts a build could leave instead, to weigh the compaction's second against
them: larger pieces left loose (fewer, larger bulk loads: fewer files without a compaction), and the
compaction started while the last quarter of the pieces still loads (so that it overlaps the load; what
arrives after it starts stays in files of its own). Each row prints its load's wall and CPU seconds.
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


# name -> (megabytes of Turtle a piece, whether the compaction starts while the last quarter loads)
ALTERNATIVES = {"loose-16MB": (16, False), "loose-32MB": (32, False), "overlapped": (PIECE >> 20, True)}


def load_alternative(folder: Path, ttl: Path, mb: int, overlap: bool) -> tuple[float, float]:
    """Fill a store from the Turtle in pieces of `mb` megabytes on two threads, left loose or, `overlap`,
    compacted by a thread started once three quarters of the pieces are loaded; (wall, CPU) seconds."""
    import queue
    import resource
    import threading

    from pyoxigraph import RdfFormat, Store

    from benchmarks.store_load import pieces

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    parts = [p.encode("utf-8") for p in pieces(ttl.read_text(encoding="utf-8"), mb << 20)]
    store = Store(str(folder))
    t, c = time.perf_counter(), cpu()

    def fill(into: Any, batch: list[bytes]) -> None:
        todo: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        for part in batch:
            todo.put(part)

        def run() -> None:
            while True:
                try:
                    part = todo.get_nowait()
                except queue.Empty:
                    return
                into.bulk_load(part, format=RdfFormat.TURTLE, lenient=True)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()

    cut = len(parts) * 3 // 4 if overlap else len(parts)
    fill(store, parts[:cut])
    if overlap:
        compaction = threading.Thread(target=store.optimize)
        compaction.start()
        fill(store, parts[cut:])
        compaction.join()
    store.flush()
    del store
    return time.perf_counter() - t, cpu() - c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.compaction", description=__doc__.split("\n")[0])
    ap.add_argument("--graph", type=Path, required=True, help="a built edukg.ttl")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument(
        "--alternatives", action="store_true", help="also the layouts a build could leave instead"
    )
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
    if args.alternatives:
        for name, (mb, overlap) in ALTERNATIVES.items():
            dbs[name] = work / name
            wall, cpu = load_alternative(dbs[name], args.graph, mb, overlap)
            files = len(list(dbs[name].glob("*.sst")))
            print(f"{name}: {files} database files; load and compaction {wall:.2f} s wall, {cpu:.2f} s CPU")
    n = len(Store.read_only(str(dbs["loose"])))
    print(f"\n{args.graph}: {n:,} triples; median ms of {args.repeat} (first page, unbound, fresh open)\n")
    others = [k for k in dbs if k not in ("loose", "compacted")]
    print(
        "| query | rows | loose ms | compacted ms | loose / compacted |"
        + "".join(f" {k} ms |" for k in others)
        + "\n|---|---:|---:|---:|---:|"
        + "---:|" * len(others)
    )
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
        for k, rows_of in answers.items():
            if rows_of != answers["compacted"]:
                raise SystemExit(f"{name}: the {k} store answers other rows than the compacted one")
        rows = len(answers["compacted"])
        loose, tight = (statistics.median(times[k][1:]) for k in ("loose", "compacted"))
        more = "".join(f" {statistics.median(times[k][1:]):.1f} |" for k in others)
        print(f"| {name} | {rows:,} | {loose:.1f} | {tight:.1f} | {loose / tight:.1f}x |{more}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
