"""Where one `edukg build --no-html` spends its time: each phase's start, wall and CPU seconds.

    python -m benchmarks.phases --docs 1000              # a generated corpus (benchmarks.corpus, fixed seed)
    python -m benchmarks.phases --seeds /tmp/c1000       # any folder

The build runs in this process (graph.pipeline.run_build, as `edukg build` runs it, its allocator tuned
as the command tunes it) with its phases timed: read_and_extract (read and extract in worker processes,
each document resolved as it arrives and its text statements rendered), resolve_corpus (the
corpus-wide resolve, while the store loads the text statements on its own threads), build_graph, and the
Turtle written while the store loads the rest of it (the writer here, the store's bulk loads on two
threads of their own), and within it the store's compaction (graph.store.oxigraph.compact, after the last
load: RocksDB's compaction into its last level, on one core). `--no-compact` builds a second time without
the compaction, to show what it costs (the store it leaves answers the heavy named queries 2-3x slower:
benchmarks.compaction). CPU is this process's (all its threads) and, for read_and_extract, the worker
processes' too. It prints the busy cores of each phase (CPU / wall): on 2 cores, a phase at 1.0 leaves
one idle. On a shared machine compare CPU seconds, not wall.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.scale import corpus

PHASES = ("read_and_extract", "_resolve_corpus", "build_graph", "_write_with_store")


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def timed_build(
    seeds: Path, out: Path, compacted: bool = True
) -> tuple[list[tuple[str, float, float, float]], float, float]:
    """Build once; (phase, start, wall, CPU) of each phase, the whole wall and the whole CPU. Without
    `compacted`, the store is left as its bulk loads made it."""
    import graph.pipeline as pipeline
    import graph.store.oxigraph as ox
    from graph.store import tune_allocator

    tune_allocator()  # as `edukg build` does

    rows: list[tuple[str, float, float, float]] = []
    t0 = time.perf_counter()
    saved: dict[str, Callable[..., Any]] = {}

    def wrap(name: str) -> None:
        f = saved[name] = getattr(pipeline, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t, (own, kids) = time.perf_counter(), _cpu()
            result = f(*args, **kwargs)
            own2, kids2 = _cpu()
            rows.append((name, t - t0, time.perf_counter() - t, own2 - own + kids2 - kids))
            return result

        setattr(pipeline, name, timed)

    for name in PHASES:
        wrap(name)
    real_compact = ox.compact

    def compact(store: Any) -> None:  # the store's compaction: its own row, inside write_with_store
        t, (own, kids) = time.perf_counter(), _cpu()
        if compacted:
            real_compact(store)
        own2, kids2 = _cpu()
        rows.append(("  compact", t - t0, time.perf_counter() - t, own2 - own + kids2 - kids))

    ox.compact = compact
    try:
        pipeline.run_build(seeds, out, html=False)
    finally:
        for name, f in saved.items():
            setattr(pipeline, name, f)
        ox.compact = real_compact
    own, kids = _cpu()
    return rows, time.perf_counter() - t0, own + kids


def _in_child(
    seeds: Path, out: Path, compacted: bool
) -> tuple[list[tuple[str, float, float, float]], float, float]:
    """`timed_build` in a forked process of its own: each build starts with no CPU counted and no pool or
    allocator state left by the one before."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    here, there = ctx.Pipe(duplex=False)

    def run() -> None:
        there.send(timed_build(seeds, out, compacted))

    child = ctx.Process(target=run)
    child.start()
    there.close()  # the child's end: a child that dies without sending closes the pipe, and recv() stops
    try:
        result = here.recv()
    except EOFError:
        child.join()
        raise SystemExit(
            f"benchmarks.phases: the build of {seeds} failed (exit code {child.exitcode})"
        ) from None
    child.join()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.phases", description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="size of the generated corpus")
    ap.add_argument("--seeds", type=Path, help="a folder to build instead of a generated corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "edukg-phases")
    ap.add_argument(
        "--no-compact", action="store_true", help="build a second time without the store's compaction"
    )
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    seeds = args.seeds or corpus(args.docs, args.work, args.seed)
    out = args.work / "out"
    shutil.rmtree(out, ignore_errors=True)
    for compacted in (True, False) if args.no_compact else (True,):
        shutil.rmtree(out, ignore_errors=True)
        load = os.getloadavg()[0]
        rows, wall, cpu = _in_child(seeds, out, compacted)
        kind = "" if compacted else ", the store not compacted"
        print(f"{seeds}: load average {load:.2f} at the start{kind}")
        print(f"{'phase':<20} {'start s':>8} {'wall s':>8} {'CPU s':>8} {'cores':>6}")
        for name, start, w, c in sorted(rows, key=lambda r: r[1]):
            if compacted or name.strip() != "compact":
                cores = c / w if w else 0
                print(f"{name.strip('_'):<20} {start:8.2f} {w:8.2f} {c:8.2f} {cores:6.2f}")
        print(f"{'build':<20} {0:8.2f} {wall:8.2f} {cpu:8.2f} {cpu / wall:6.2f}\n")
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
