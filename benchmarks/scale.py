"""Build time and memory at scale: `edukg build` as a user runs it, on generated corpora.

    python -m benchmarks.scale                              # 100, 1,000 and 10,000 documents
    python -m benchmarks.scale --sizes 100,1000 --views no  # a quick subset, without the HTML views

Each corpus comes from `python -m benchmarks.corpus --docs N` (fixed seed) and is built by
`python -m graph build --seeds CORPUS --out OUT [--no-html]` in a fresh process; wall time, CPU time
(user + system, with the build's own child processes) and peak memory (the largest resident set of the
build or of any of its children: wait4's ru_maxrss) are those of that process, as `/usr/bin/time -v`
reports them. The load average is printed beside each row: on a shared machine, compare CPU seconds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_measured(cmd: list[str], cwd: Path | None = None, max_mb: float = 0) -> dict[str, float]:
    """Run a command; its wall and CPU seconds and peak resident memory (MB). With `max_mb`, the
    command is stopped when its resident memory passes that (then "stopped" is its MB)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stopped = 0.0
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        rss = _rss_mb(p.pid)
        if max_mb and rss > max_mb and not stopped:
            stopped = rss
            p.kill()
        time.sleep(0.2)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code != 0 and not stopped:
        raise RuntimeError(f"{' '.join(cmd)} failed ({code})")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "stopped": stopped,
    }


def corpus(docs: int, work: Path, seed: int) -> Path:
    folder = work / f"corpus-{docs}"
    if not (folder / "catalog.yaml").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.corpus",
                "--docs",
                str(docs),
                "--out",
                str(folder),
                "--seed",
                str(seed),
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return folder


def triples_of(out: Path) -> int:
    import json

    try:
        return int(json.loads((out / "store" / "stamp.json").read_text())["triples"])
    except (OSError, ValueError, KeyError):
        return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes")
    ap.add_argument("--views", choices=["both", "yes", "no"], default="both", help="build with HTML views?")
    ap.add_argument("--views-max", type=int, default=1000, help="largest size built with views")
    ap.add_argument("--workers", type=int, default=None, help="edukg build --workers (default: its own)")
    ap.add_argument("--max-mb", type=float, default=0, help="stop a build whose memory passes this (MB)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and builds (default: temp)")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="edukg-scale-"))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    modes = {"both": [False, True], "yes": [True], "no": [False]}[args.views]
    workers = args.workers if args.workers is not None else "default (one per core)"
    print(
        f"# edukg build at scale ({os.cpu_count()} cores, Python {sys.version.split()[0]}, --workers {workers})\n"
    )
    print(
        "| documents | views | triples | wall s | CPU s | CPU ms / document | peak MB | MB / document | load avg |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        seeds = corpus(n, work, args.seed)
        for views in modes:
            if views and n > args.views_max:
                continue
            out = work / f"out-{n}-{'views' if views else 'noviews'}"
            cmd = [sys.executable, "-m", "graph", "build", "--seeds", str(seeds), "--out", str(out)]
            cmd += ([] if args.workers is None else ["--workers", str(args.workers)]) + (
                [] if views else ["--no-html"]
            )
            load = os.getloadavg()[0]
            m = run_measured(cmd, max_mb=args.max_mb)
            print(
                f"| {n:,} | {'yes' if views else 'no'} | {triples_of(out):,} | {m['wall']:.1f} | {m['cpu']:.1f} | "
                f"{m['cpu'] * 1000 / n:.1f} | {m['peak_mb']:,.0f} | {m['peak_mb'] / n:.2f} | {load:.1f} |"
                + (f" stopped at {m['stopped']:,.0f} MB (--max-mb)" if m["stopped"] else ""),
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
