"""What the HTML views of one `edukg build` cost, phase by phase, as the build's views process draws them.

    python -m benchmarks.views --seeds /tmp/c1000              # any folder
    python -m benchmarks.views --docs 300 --docs 1000          # generated corpora (benchmarks.corpus)

The corpus is read, extracted and resolved once (as `edukg build` does, not timed); then the views are
drawn `--runs` times in this process with the collector off, as the build's forked views process draws
them (graph.pipeline._draw_views: the index made from the build's statements, the projection, the cards,
the page's JSON, the layout, the trend pages, the index page). Prints CPU seconds per phase and per
document, and the peak memory of the process. On a shared machine compare CPU seconds, not wall.
"""

from __future__ import annotations

import argparse
import functools
import gc
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.scale import corpus

PHASES = (  # (module, function): timed where the views call them
    ("graph.views.index", "Indexed.from_statements"),
    ("graph.views.site", "to_networkx"),
    ("graph.views.page", "Packer.card"),
    ("graph.views.page", "Packer.quote_table"),
    ("graph.views.page", "json.dumps"),
    ("graph.views.page", "positions"),
    ("graph.views.site", "trend_pages"),
    ("graph.views.site", "index_page"),
)


def _patch(times: dict[str, float]) -> Callable[[], None]:
    """Wrap each phase's function to add its CPU time to `times`; returns what undoes it."""
    import importlib

    undo: list[Callable[[], None]] = []
    for modname, dotted in PHASES:
        owner: Any = importlib.import_module(modname)
        *path, name = dotted.split(".")
        for part in path:
            owner = getattr(owner, part)
        raw = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        f = raw.__func__ if isinstance(raw, classmethod) else raw

        def timed(*args: Any, _f: Any = f, _key: str = dotted, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                return _f(*args, **kwargs)
            finally:
                times[_key] = times.get(_key, 0.0) + time.process_time() - t

        wrapped: Any = classmethod(functools.wraps(f)(timed)) if isinstance(raw, classmethod) else timed
        setattr(owner, name, wrapped)
        undo.append(functools.partial(setattr, owner, name, raw))

    def restore() -> None:
        for u in undo:
            u()

    return restore


def measure(seeds: Path, runs: int) -> tuple[int, list[tuple[float, float, dict[str, float]]]]:
    """Documents, and per run: (CPU, wall, CPU by phase) of drawing the views of a folder's build."""
    import graph.pipeline as pipeline
    from graph.rdf.triples import build_graph

    built_corpus = pipeline.corpus_from(seeds)
    raws = {d.meta.id: d.raw for d in built_corpus.documents}
    built = build_graph(built_corpus)
    del built_corpus
    out: list[tuple[float, float, dict[str, float]]] = []
    for _ in range(runs):
        times: dict[str, float] = {}
        undo = _patch(times)
        gc.collect()
        gc.disable()  # as in the build (graph.pipeline._bulk), whose views process inherits it
        try:
            c, w = time.process_time(), time.perf_counter()
            pipeline._draw_views(built, Path(tempfile.gettempdir()) / "edukg-views-bench", raws)
            out.append((time.process_time() - c, time.perf_counter() - w, times))
        finally:
            gc.enable()
            undo()
    return len(raws), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.views", description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=Path, action="append", default=[], help="a folder to build")
    ap.add_argument("--docs", type=int, action="append", default=[], help="a generated corpus of this size")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "edukg-views")
    args = ap.parse_args(argv)
    folders = list(args.seeds) + [corpus(n, args.work, args.seed) for n in args.docs]
    if not folders:
        folders = [corpus(1000, args.work, args.seed)]
    names = [d.split(".")[-1] for _, d in PHASES]
    print("docs  run  views CPU  wall   per doc ms  " + "  ".join(names))
    for folder in folders:
        n, runs = measure(folder, args.runs)
        for i, (cpu, wall, times) in enumerate(runs, 1):
            phases = "  ".join(
                f"{times.get(d, 0.0):{len(name)}.2f}" for (_, d), name in zip(PHASES, names, strict=True)
            )
            print(f"{n:5d}  {i:3d}  {cpu:9.2f}  {wall:5.2f}  {1000 * cpu / n:10.2f}  {phases}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak memory of this process: {peak} MB (the corpus, the build's graph and the views)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
