"""Benchmarks of build, load, queries and views on synthetic corpora, rdflib and Oxigraph side by side.

    python -m benchmarks.run                       # 10, 100 and 1,000 documents
    python -m benchmarks.run --sizes 10,100        # a quick subset
    python -m benchmarks.run --seeds               # also the seed documents

For each size it writes a corpus (benchmarks.corpus, fixed seed), builds it in a fresh process (so
peak memory is the build's own: ru_maxrss), with 1 and with 2 extraction workers, then measures the
load of the built graph, the median latency of every named query (graph.sparql.named_queries()) and of
a few join-heavy benchmark queries, and the overview view (graph.views.site.overview_html), for the rdflib
memory store and for Oxigraph (the persistent store the build wrote, opened read-only).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Join-heavy queries that only a benchmark asks (not planner queries): provenance joins over mentions.
BENCH_QUERIES = {
    "bench:mentions-by-type": """SELECT ?type (COUNT(?m) AS ?n) WHERE {
  ?m a ek:Mention ; ek:evidenceFor ?e ; prov:wasDerivedFrom ?d .
  ?e a ?type . ?d dcterms:identifier ?id .
} GROUP BY ?type ORDER BY DESC(?n) ?type""",
    "bench:plans-with-targets": """SELECT ?plan ?indicator (COUNT(DISTINCT ?t) AS ?n) WHERE {
  ?p a ek:ActionPlan ; rdfs:label ?plan ; ek:targets ?t .
  ?t ek:indicator/rdfs:label ?indicator .
  FILTER(lang(?plan) = "zh")
} GROUP BY ?plan ?indicator ORDER BY DESC(?n) ?plan ?indicator LIMIT 20""",
}
PARAM = re.compile(r"\$[A-Za-z_]\w*")


def needs_params(text: str) -> bool:
    """Whether a query has $variables a benchmark cannot bind (a `# param:` of a named query is
    optional: left unbound, the query answers for every value)."""
    return bool(PARAM.search(text))


def _timed(f: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    r = f()
    return time.perf_counter() - t, r


def median_latency(f: Callable[[], Any], repeat: int, budget: float = 10.0) -> tuple[float, int]:
    """The median of up to `repeat` runs after one warm-up run (fewer when a run is slow)."""
    first, _ = _timed(f)
    times = [first]
    while len(times) < repeat + 1 and sum(times) < budget:
        times.append(_timed(f)[0])
    runs = times[1:] or times
    return statistics.median(runs), len(runs)


def build_in_subprocess(seeds: Path, out: Path, workers: int, html: bool = True) -> dict[str, Any]:
    """`edukg build` as a user runs it, in a fresh process: its wall and CPU time and peak memory
    (benchmarks.scale.run_measured), and the triples its store holds."""
    from benchmarks.scale import run_measured, triples_of

    cmd = [sys.executable, "-m", "graph", "build", "--seeds", str(seeds), "--out", str(out)]
    cmd += ["--workers", str(workers)] + ([] if html else ["--no-html"])
    data: dict[str, Any] = dict(run_measured(cmd))
    data["triples"] = triples_of(out)
    data["documents"] = sum(
        1 for p in seeds.iterdir() if p.suffix in (".txt", ".md", ".html", ".docx", ".pdf")
    )
    data["process_wall"] = data["wall"]
    return data


def chars_of(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.suffix == ".txt")


def bench_size(label: str, seeds: Path, work: Path, repeat: int, workers: tuple[int, ...]) -> list[str]:
    """Measure one corpus; the lines of its Markdown table."""
    from graph.sparql import named_queries, run_query
    from graph.store import load_graph, open_oxigraph
    from graph.views.site import overview_html

    docs = sum(1 for p in seeds.iterdir() if p.suffix == ".txt")
    chars = chars_of(seeds)
    out = work / f"out-{label}"
    builds = {(1, False): build_in_subprocess(seeds, work / f"out-{label}-nohtml", 1, html=False)}
    builds.update({(w, True): build_in_subprocess(seeds, out, w) for w in workers})
    b1 = builds[(1, False)]
    ttl = out / "edukg.ttl"
    rows = [
        f"### {label}: {docs} documents, {chars:,} characters, {b1['triples']:,} triples",
        "",
        "| measure | build, or rdflib (memory store) | Oxigraph (fast store) |",
        "|---|---:|---:|",
    ]
    for (w, html), b in builds.items():
        what = f"build, {w} worker{'s' if w > 1 else ''}" + ("" if html else ", --no-html")
        rows.append(
            f"| {what}: wall / CPU s; docs/s, chars/s (wall); peak MB | "
            f"{b['wall']:.2f} / {b['cpu']:.2f}; {docs / b['wall']:.1f}, {chars / b['wall']:,.0f}; "
            f"{b['peak_mb']:.0f} | (Turtle + Oxigraph store written) |"
        )
    t_rdf, g = _timed(lambda: load_graph(ttl))
    t_ox, ox = _timed(lambda: open_oxigraph(ttl))
    rows.append(
        f"| load the built graph (s) | {t_rdf:.3f} (parse Turtle) | {t_ox:.4f} "
        f"({'persistent store, read-only' if ox.persistent else 'in memory'}) |"
    )
    queries = {**named_queries(), **BENCH_QUERIES}
    skipped = []
    for name, text in queries.items():
        if needs_params(text):
            skipped.append(name)
            continue
        r_rdf = run_query(g, text)
        r_ox = run_query(ox, text)
        same = r_rdf.columns == r_ox.columns and sorted(r_rdf.rows) == sorted(r_ox.rows)
        m_rdf, n_rdf = median_latency(partial(run_query, g, text), repeat)
        m_ox, n_ox = median_latency(partial(run_query, ox, text), repeat)
        rows.append(
            f"| query `{name}` median ms ({len(r_rdf.rows)} rows{'' if same else ', ROWS DIFFER'}) | "
            f"{m_rdf * 1000:.1f} (n={n_rdf}) | {m_ox * 1000:.1f} (n={n_ox}), {m_rdf / m_ox:.0f}x |"
        )
    t_viz, html = _timed(lambda: overview_html(g))
    rows.append(f"| view `overview_html` (s, {len(html) // 1024:,} KiB) | {t_viz:.2f} | |")
    if skipped:
        rows.append(f"| skipped (need parameters) | {', '.join(skipped)} | |")
    return [*rows, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--sizes", default="10,100,1000", help="comma-separated corpus sizes (default 10,100,1000)"
    )
    ap.add_argument("--seeds", action="store_true", help="also benchmark the seed documents")
    ap.add_argument("--seed", type=int, default=0, help="corpus random seed (default 0)")
    ap.add_argument("--repeat", type=int, default=5, help="query runs for the median (default 5)")
    ap.add_argument("--workers", default="1,2", help="worker counts to build with (default 1,2)")
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and builds (default: temp)")
    args = ap.parse_args(argv)
    from benchmarks.corpus import generate

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workers = tuple(int(w) for w in args.workers.split(",") if w.strip())
    work = args.work or Path(tempfile.mkdtemp(prefix="edukg-bench-"))
    print(f"# EduKG benchmarks ({os.cpu_count()} cores, Python {sys.version.split()[0]}; work in {work})\n")
    if args.seeds:
        print("\n".join(bench_size("seeds", SEEDS, work, args.repeat, workers)), flush=True)
    for n in sizes:
        corpus = work / f"corpus-{n}"
        if not (corpus / "catalog.yaml").exists():
            generate(n, corpus, args.seed)
        print("\n".join(bench_size(f"{n} docs", corpus, work, args.repeat, workers)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
