"""CPU seconds of a whole in-process build's main thread, step by step, with what is outside the steps.

    python -m benchmarks.mainthread --seeds /tmp/c1000 [--store]

`benchmarks.mainproc` times the resolve, graph and Turtle phases alone, on extractions it already
holds; this runs `run_build` itself (workers, Turtle file, the store with --store) and charges the main
thread's CPU (time.thread_time) to the steps it calls: listing the inputs (the catalog), the first
document extracted in this process, each extraction resolved as it arrives, the corpus-wide resolve,
the graph, the Turtle written (rendered, encoded, written; with the store: each piece handed to it),
the store's early text statements. What is left of the main thread is the rest (the worker pool's
start and end, objects freed when a step's last reference goes); the other threads of the process are
the pool's result thread (unpickling each result) and, with --store, the store's loading threads.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import graph.inputs
import graph.outputs
import graph.pipeline
import graph.resolve
import graph.store

STEPS: dict[str, float] = {}


def _charged(owner: Any, name: str, step: str) -> None:
    """Charge the main thread's CPU in `owner.name` to `step` (calls from other threads are not timed).
    The wrapper keeps the function's module and name: the worker pool pickles it by them."""
    inner: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            return inner(*args, **kwargs)
        start = time.thread_time()
        try:
            return inner(*args, **kwargs)
        finally:
            STEPS[step] = STEPS.get(step, 0.0) + time.thread_time() - start

    STEPS.setdefault(step, 0.0)  # printed in the order wrapped
    timed.__module__, timed.__qualname__ = inner.__module__, inner.__qualname__
    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--store", action="store_true", help="build the store too")
    args = parser.parse_args()
    _charged(graph.inputs, "list_inputs", "list inputs (catalog)")
    _charged(graph.inputs, "_read_extract", "first document extracted here")
    _charged(graph.resolve.Resolver, "add", "resolve each document")
    _charged(graph.resolve.Resolver, "corpus", "resolve the corpus")
    _charged(graph.pipeline, "build_graph", "build the graph")
    if args.store:
        _charged(graph.pipeline._Early, "add", "early text statements")
    _charged(graph.outputs.Staging, "stream", "Turtle (rendered, written)")
    if args.store:
        _charged(graph.store.StoreLoader, "add", "  of which: pieces to the store")
    out = Path(tempfile.mkdtemp(prefix="edukg-mainthread-"))
    try:
        process, thread = time.process_time(), time.thread_time()
        graph.pipeline.run_build(args.seeds, out, html=False, store=args.store)
        process, thread = time.process_time() - process, time.thread_time() - thread
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"CPU seconds of the build's process ({'with' if args.store else 'without'} the store):")
    for step, seconds in STEPS.items():
        print(f"  {step:34s} {seconds:6.2f}")
    steps = sum(s for k, s in STEPS.items() if not k.startswith(" "))
    print(f"  {'rest of the main thread':34s} {thread - steps:6.2f}")
    print(f"  {'main thread':34s} {thread:6.2f}")
    print(f"  {'other threads':34s} {process - thread:6.2f}")


if __name__ == "__main__":
    main()
