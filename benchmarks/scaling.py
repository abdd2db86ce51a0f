"""Build time against input size: one long line, one long document, a corpus of ordinary documents.

    python -m benchmarks.scaling                          # every series, small sizes (about a minute)
    python -m benchmarks.scaling --series line --sizes 50000,100000,200000,400000,800000
    python -m benchmarks.scaling --series corpus --mb 5,10,25,50

Each point is a fresh `python -m graph build` process (so nothing is cached between points) into a
scratch folder, with the size limits lifted (EDUKG_MAX_LINE, EDUKG_MAX_CHARS) so that the time is the
build's own. It prints the size, the wall time, the time per unit of input (flat when the build is
linear in its input) and the peak memory of the build process. The inputs:

- line: a document of one line of N characters (the seed texts, their line breaks removed, repeated);
- document: a document of N characters with its line breaks (the seed texts repeated);
- corpus: `benchmarks.corpus` documents until the folder holds N MB (about 4.7 KB a document).
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
SEEDS = ROOT / "seeds"
DOC_BYTES = 4_700  # the mean size of a benchmarks.corpus document


def seed_text(lines: bool) -> str:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return text if lines else text.replace("\n", "")


def write_document(folder: Path, chars: int, lines: bool) -> None:
    body = seed_text(lines)
    text = (body * (chars // len(body) + 1))[:chars]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "long.txt").write_text("2021年无锡市教育工作要点\n" + text + "\n", encoding="utf-8")


def write_corpus(folder: Path, mb: float) -> int:
    from benchmarks.corpus import generate

    docs = max(1, round(mb * 1_000_000 / DOC_BYTES))
    generate(docs, folder, seed=0)
    return docs


def write_input(name: str, size: float, folder: Path) -> str:
    """Write the input of a series (`corpus`: SIZE MB of documents; `document` / `line`: one document of
    SIZE characters, in lines or on one line) into FOLDER; its label."""
    if name == "corpus":
        return f"{size:g} MB ({write_corpus(folder, size)} docs)"
    write_document(folder, int(size), lines=name == "document")
    return f"{int(size):,} chars"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def timed_build(seeds: Path, out: Path, html: bool) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system: what a busy machine does not inflate) and peak memory
    (MB) of one build in a child process."""
    env = {**os.environ, "EDUKG_MAX_LINE": "100000000", "EDUKG_MAX_CHARS": "100000000"}
    args = [sys.executable, "-m", "graph", "build", "--seeds", str(seeds), "--out", str(out)]
    if not html:
        args.append("--no-html")
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - t0
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            err.seek(0)
            raise SystemExit(f"build failed: {err.read().decode('utf-8', 'replace').strip()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def series(name: str, sizes: list[float], scratch: Path, html: bool) -> None:
    print(f"\n{name}: build time against input size ({'with' if html else 'without'} the HTML views)")
    print(f"{'size':>20} {'bytes':>12} {'wall s':>8} {'CPU s':>8} {'CPU s/MB':>9} {'peak MB':>8}")
    for size in sizes:
        seeds = scratch / f"{name}-{size}"
        label = write_input(name, size, seeds)
        nbytes = folder_bytes(seeds)
        wall, cpu, peak = timed_build(seeds, scratch / f"out-{name}-{size}", html)
        per_mb = cpu / (nbytes / 1e6)
        print(f"{label:>20} {nbytes:>12,} {wall:>8.1f} {cpu:>8.1f} {per_mb:>9.2f} {peak:>8.0f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scaling", description=__doc__.split("\n")[0])
    ap.add_argument("--series", choices=["line", "document", "corpus", "all"], default="all")
    ap.add_argument("--sizes", help="characters for line/document, comma-separated")
    ap.add_argument("--mb", default="1,2,4", help="corpus sizes in MB, comma-separated (default 1,2,4)")
    ap.add_argument("--no-html", dest="html", action="store_false", help="leave the HTML views out")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = ap.parse_args(argv)
    chars = [float(s) for s in (args.sizes or "25000,50000,100000,200000").split(",")]
    mbs = [float(s) for s in args.mb.split(",")]
    with tempfile.TemporaryDirectory(prefix="edukg-scaling-") as tmp:
        scratch = args.keep or Path(tmp)
        scratch.mkdir(parents=True, exist_ok=True)
        for name in ("line", "document", "corpus"):
            if args.series in (name, "all"):
                series(name, mbs if name == "corpus" else chars, scratch, args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
