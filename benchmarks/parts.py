"""CPU seconds of the Python parts of a build, of this code and of another checkout alternated.

    python -m benchmarks.parts --seeds /tmp/c1000                          # this code, 3 rounds
    python -m benchmarks.parts --seeds /tmp/c1000 --against /tmp/old-tree  # alternated with another tree

Each round is a fresh process per tree (nothing cached between rounds) that times, in CPU seconds (user +
system, what a busy machine inflates least): `extract`, every document read and extracted in this one
process, in folder order (what a build's worker processes do, the per-home tables made once per home
instead of once per worker and home); and `parent`, the build's own Python work: each document resolved
as it arrives and its text statements rendered, the corpus-wide resolve, the graph, and its statements
rendered for the Turtle writer (not the writing, nor the store's bulk load, which runs in pyoxigraph).
The trees alternate in each round, so a load that comes and goes falls on both; it prints each run and
the median of each tree.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import gc, sys, time
from pathlib import Path
from graph.inputs import _read_extract, list_inputs
from graph.rdf import render
from graph.rdf.render import text_statements
from graph.rdf.triples import build_graph
from graph.resolve import Resolver

gc.disable()  # as a build runs (graph.pipeline._bulk)
files, catalog, tolerant, _ = list_inputs(Path(sys.argv[1]), False, [])
cpu = time.process_time
t = cpu()
xs = [_read_extract((p, catalog.get(p.name), tolerant))[1] for p in files]
extract = cpu() - t
t = cpu()
resolver = Resolver()
early = {}
for x in xs:
    resolver.add(x)
    early[x.doc.meta.id] = text_statements(x.doc, x.mentions)[1]
built = build_graph(resolver.corpus())
built.early = early
sum(len(s[1]) for s in render.statements(built))
print(extract, cpu() - t)
"""


def run(tree: Path, seeds: Path) -> tuple[float, float]:
    """(extract, parent) CPU seconds of one fresh process running the code of `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(seeds)],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    extract, parent = out.stdout.split()
    return float(extract), float(parent)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.parts", description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=Path, required=True, help="the folder to read (a catalog.yaml is used)")
    ap.add_argument("--against", type=Path, help="another checkout's root, run alternately with this one")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    trees = [ROOT] + ([args.against.resolve()] if args.against else [])
    runs: dict[Path, list[tuple[float, float]]] = {t: [] for t in trees}
    print(f"{args.seeds}: load average {os.getloadavg()[0]:.2f} at the start")
    print(f"{'tree':<32} {'extract s':>10} {'parent s':>9} {'total s':>8}")
    for _ in range(args.rounds):
        for tree in trees:
            extract, parent = run(tree, args.seeds)
            runs[tree].append((extract, parent))
            print(f"{tree!s:<32} {extract:10.2f} {parent:9.2f} {extract + parent:8.2f}")
    for tree, rows in runs.items():
        e, p = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
        print(
            f"{'median ' + str(tree):<32} {e:10.2f} {p:9.2f} {statistics.median(sum(r) for r in rows):8.2f}"
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
