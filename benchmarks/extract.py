"""Reading and extraction time against input size: the per-document cost of the first stages of a build.

    python -m benchmarks.extract                           # every series, small sizes (a few minutes)
    python -m benchmarks.extract --series corpus --mb 1,2,4,8
    python -m benchmarks.extract --series line --sizes 20000,40000,1000000

Each point is a fresh process (nothing cached between points) that reads a folder
(graph.pipeline.read_documents: decoding, normalising, catalog metadata) and extracts every document
(graph.extract.extract, one process) with the size limits lifted (EDUKG_MAX_LINE, EDUKG_MAX_CHARS,
EDUKG_MAX_MENTIONS). It prints the CPU seconds (user + system, what a busy machine does not inflate) of
each stage and the extraction's CPU seconds per MB, which is flat when extraction is linear in its input.
For a corpus it also prints the extraction's cost per MB of the first and of the last quarter of the
documents: equal when the cost of a document does not depend on what was extracted before it (the first
documents of a place also pay for its tables).

- corpus: `benchmarks.corpus` documents until the folder holds N MB (about 4.7 KB a document);
- document: one document of N characters with its line breaks (the seed texts repeated);
- line: one document of one line of N characters (the seed texts, their line breaks removed, repeated).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scaling import folder_bytes, write_input


def measure(folder: Path) -> dict[str, float]:
    """Read and extract a folder in this process: CPU seconds of each stage, and of each quarter."""
    from graph.extract import extract
    from graph.pipeline import read_documents

    t0 = time.process_time()
    docs = read_documents(folder)
    t1 = time.process_time()
    costs = []
    for doc in docs:
        s = time.process_time()
        extract(doc)
        costs.append((time.process_time() - s, len(doc.raw.encode("utf-8"))))
    t2 = time.process_time()
    quarter = max(1, len(costs) // 4)

    def per_mb(part: list[tuple[float, int]]) -> float:
        return sum(c for c, _ in part) / max(1e-9, sum(b for _, b in part) / 1e6)

    return {
        "docs": len(docs),
        "read": t1 - t0,
        "extract": t2 - t1,
        "first": per_mb(costs[:quarter]),
        "last": per_mb(costs[-quarter:]),
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def timed(folder: Path) -> dict[str, float]:
    big = "100000000"
    env = {**os.environ, "EDUKG_MAX_LINE": big, "EDUKG_MAX_CHARS": big, "EDUKG_MAX_MENTIONS": big}
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.extract", "--child", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"extraction failed: {out.stderr.strip()}")
    figures = json.loads(out.stdout)
    figures["wall"] = time.perf_counter() - t0
    return figures


def series(name: str, sizes: list[float], scratch: Path) -> None:
    print(f"\n{name}: reading and extraction CPU seconds against input size")
    head = f"{'size':>22} {'bytes':>12} {'read s':>7} {'extract s':>9} {'read+ext s/MB':>13} {'ext s/MB':>8}"
    print(
        head + (f" {'1st/4 s/MB':>10} {'last/4 s/MB':>11}" if name == "corpus" else "") + f" {'peak MB':>7}"
    )
    for size in sizes:
        seeds = scratch / f"{name}-{size:g}"
        label = write_input(name, size, seeds)
        mb = folder_bytes(seeds) / 1e6
        f = timed(seeds)
        row = (
            f"{label:>22} {int(mb * 1e6):>12,} {f['read']:>7.2f} {f['extract']:>9.2f} "
            f"{(f['read'] + f['extract']) / mb:>13.2f} {f['extract'] / mb:>8.2f}"
        )
        if name == "corpus":
            row += f" {f['first']:>10.2f} {f['last']:>11.2f}"
        print(row + f" {f['peak']:>7.0f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.extract", description=__doc__.split("\n")[0])
    ap.add_argument("--series", choices=["line", "document", "corpus", "all"], default="all")
    ap.add_argument("--sizes", help="characters for line/document, comma-separated")
    ap.add_argument("--mb", default="1,2,4", help="corpus sizes in MB, comma-separated (default 1,2,4)")
    ap.add_argument("--keep", type=Path, help="write the inputs in this folder and keep them")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    chars = [float(s) for s in (args.sizes or "20000,40000,200000,1000000").split(",")]
    mbs = [float(s) for s in args.mb.split(",")]
    with tempfile.TemporaryDirectory(prefix="edukg-extract-") as tmp:
        scratch = args.keep or Path(tmp)
        scratch.mkdir(parents=True, exist_ok=True)
        for name in ("line", "document", "corpus"):
            if args.series in (name, "all"):
                series(name, mbs if name == "corpus" else chars, scratch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
