"""CPU seconds of the build's main process outside the workers and the store, phase by phase.

    python -m benchmarks.mainproc --seeds /tmp/c1000 [--repeat 3]

The documents are read and extracted once (worker processes, as a build with the store does: each
extraction comes with what its worker worked out ahead, graph.inputs.Ahead); then, `--repeat` times in
this process, as `run_build` does them: each extraction resolved as it arrives (Resolver.add), the
corpus-wide resolve (Resolver.corpus), the graph (build_graph), the Turtle (render.statements through
turtle_texts, encoded as the file is) and, for a build with the store, each document's text statements
(graph.inputs.early_text: the worker's, made in this process only without one). Each phase's least
CPU time of the runs is printed (the machine may be shared: CPU, not wall). The cyclic garbage collector
is off, as in a build (graph.pipeline._bulk); each run is in a process forked after the extraction, so
that no run finds the caches (the registry's per home, names') that another filled.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.inputs import early_text, read_and_extract
from graph.rdf import render
from graph.rdf.triples import build_graph
from graph.rdf.turtle import turtle_texts
from graph.resolve import Resolver


def _run(extractions: list[Any]) -> dict[str, float]:
    times: dict[str, float] = {}

    def timed(name: str, work: Callable[[], Any]) -> Any:
        start = time.process_time()
        out = work()
        times[name] = time.process_time() - start
        return out

    resolver = Resolver()
    timed("resolve.add", lambda: [resolver.add(x) for x in extractions])
    corpus = timed("resolve.corpus", resolver.corpus)
    built = timed("build_graph", lambda: build_graph(corpus))
    counts: dict[str, int] = {}
    timed("turtle", lambda: sum(len(p.encode()) for p in turtle_texts(render.statements(built), counts)))
    timed("text_statements", lambda: [early_text(x) for x in extractions])
    times["total"] = sum(times.values())
    return times


def _send(conn: Any, extractions: list[Any]) -> None:
    conn.send(_run(extractions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    extractions = read_and_extract(args.seeds, texts=True)
    gc.disable()
    best: dict[str, float] = {}
    ctx = mp.get_context("fork")
    for _ in range(args.repeat):  # each run in a process forked now: its caches as cold as a build's
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_send, args=(send, extractions))
        child.start()
        times = receive.recv()
        child.join()
        for name, seconds in times.items():
            best[name] = min(best.get(name, seconds), seconds)
    print(f"{len(extractions)} documents; CPU seconds (least of {args.repeat} runs):")
    for name, seconds in best.items():
        print(f"  {name:16s} {seconds:6.2f}")


if __name__ == "__main__":
    main()
