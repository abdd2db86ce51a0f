"""Named queries at scale: every named query, parameters bound and unbound (first page), on each engine,
side by side with rdflib's memory store in the same run.

    python -m benchmarks.queries --graph output/edukg.ttl          # a built graph
    python -m benchmarks.queries --docs 500                        # build a generated corpus first

Each case runs what `edukg query NAME [--param …]` runs: the named query through
graph.sparql.pages.run_page with the CLI's default --limit (1000 rows, in ORDER BY order; a query
with a page key runs slice by slice). Engines: `default` is what `edukg query` opens
(graph.sparql.connect.open_engine: in-memory Oxigraph for a small graph file, else the persistent
store the build wrote), timed as close to a new process as it gets: measured first, before this process
loads the graph in memory and into rdflib, each run on the store opened again (its block cache empty;
the file cache warm) and with nothing kept from the run before (the open's own time is printed apart);
`serve` what `edukg serve`'s workers and the Python API hold (the long-running
choice of graph.store.choice for 4 workers: in memory up to 3M triples, else the persistent store),
`resident` what `edukg query` gets while an `edukg serve` of the same file runs (graph.sparql.resident:
the query sent by name to an `edukg serve` process started here, 4 workers (each answers once before the timing: a
forked worker's first query touches the pages of the graph it shares), its answer cache off so that
repeats are computed again; a file of 2 MB or less is still answered by `default`), `persistent` that read-only store, `memory` the Turtle loaded into an in-memory Oxigraph store (the
one `serve` shares when it holds the graph in memory), `rdflib` rdflib's memory store (the library a
user would reach for first); --engines picks some, and the ratios are rdflib's time over the CLI's,
over the CLI's with a server running, and over serve's. Each figure is the median of up to --repeat runs after a warm-up; an rdflib run
longer than --timeout seconds is stopped (SIGALRM) and shown as `>T`. Last, `edukg --help` and a cold
`edukg query` (new processes, wall time) are timed, with the server running and without.
"""

from __future__ import annotations

import argparse
import atexit
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.scale import corpus as make_corpus

ROOT = Path(__file__).resolve().parent.parent

# The column of a query's own rows that holds each parameter's value: a bound case takes its values from
# one row of the query's unbound first page, so that it selects at least that row.
COLUMNS = {
    "place": ("jurisdiction",),
    "year": ("firstYear", "targetYear", "startYear"),
    "sector": ("sectorLabel",),
}


SERVE_WORKERS = 4  # edukg serve's default


class Timeout(BaseException):  # not an Exception: the engines turn those into QueryError
    pass


def _alarm(_sig: int, _frame: Any) -> None:
    raise Timeout


def median_ms(
    f: Callable[[], Any],
    repeat: int,
    timeout: float | None = None,
    setup: Callable[[], None] | None = None,
) -> tuple[float | None, Any]:
    """Median milliseconds of up to `repeat` runs after one warm-up (fewer when slow); None on timeout.
    `setup` runs before each run, untimed."""
    times: list[float] = []
    result = None
    for i in range(repeat + 1):
        if setup is not None:
            setup()
        if timeout:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        t = time.perf_counter()
        try:
            result = f()
        except Timeout:
            return None, None
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - t)
        if i >= 1 and sum(times) > 5:
            break
    runs = times[1:] or times
    return statistics.median(runs) * 1000, result


def build(docs: int, work: Path, seed: int) -> Path:
    corpus, out = make_corpus(docs, work, seed), work / f"out-{docs}"
    if not (out / "edukg.ttl").exists():
        subprocess.run(
            [sys.executable, "-m", "graph", "build", "--seeds", str(corpus), "--out", str(out), "--no-html"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return out / "edukg.ttl"


def one_shot(engine: Any) -> None:
    """Forget what a lasting process keeps between queries (the page keys listed on an engine, the
    terms already converted), so that a query is timed as a new `edukg query` process runs it."""
    from graph.sparql.engine import forget_terms

    keys = getattr(engine, "keys", None)
    if isinstance(keys, dict):
        keys.clear()
    forget_terms()


def cli_column(ttl: Path, found: list[tuple[str, str, dict[str, str]]], repeat: int) -> dict[str, Any]:
    """The CLI column: each case as `edukg query` runs it, timed from after the open (printed apart), in
    this process but as close to a new one as it gets: each run on the store opened again (a new
    process's database starts with an empty block cache; the operating system's file cache stays warm, as
    it is for a planner's second query) and with nothing kept from a run before (one_shot); measured
    before this process loads the graph in memory and into rdflib: a process that holds those answers
    the same queries up to a third slower (allocator and caches), which `edukg query` never pays.
    Label -> (median ms, result)."""
    from graph.sparql import get_named_query
    from graph.sparql.connect import open_engine
    from graph.sparql.pages import PAGE, run_page

    box: list[Any] = [open_engine(ttl)]

    def setup() -> None:
        box[0] = open_engine(ttl)
        one_shot(box[0])

    out: dict[str, Any] = {}
    for label, name, values in found:
        q = get_named_query(name)
        b = q.bindings(values)

        def run(q: Any = q, b: Any = b) -> Any:
            return run_page(box[0], q, b, PAGE)

        out[label] = median_ms(run, repeat, setup=setup)
    return out


def cases(g: Any, only: set[str] | None = None) -> list[tuple[str, str, dict[str, str]]]:
    """(label, query name, parameter values): every query with its parameters bound, and unbound. The
    bound values come from a row in the middle of the query's unbound first page (on `g`) that has a
    value for every parameter and that the bound query returns."""
    from graph.sparql import load_named_queries
    from graph.sparql.pages import PAGE, run_page

    out: list[tuple[str, str, dict[str, str]]] = []
    for name, q in load_named_queries().items():
        if only and name not in only:
            continue
        if not q.params:
            out.append((name, name, {}))
            continue
        page = run_page(g, q, {}, PAGE)
        where = {
            p.name: next(c for c in (p.name, *COLUMNS.get(p.name, ())) if c in page.columns) for p in q.params
        }
        rows = [dict(zip(page.columns, r, strict=True)) for r in page.rows]
        rows = rows[len(rows) // 2 :] + rows[: len(rows) // 2]  # from the middle: not only the first key
        values: dict[str, str] = {}
        for row in rows[:50]:
            values = {p: row[c] for p, c in where.items()}
            if all(values.values()) and run_page(g, q, q.bindings(values), PAGE).rows:
                break
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        out.append((f"{name} ({shown})", name, values))
        out.append((f"{name} (unbound, first page)", name, {}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.queries", description=__doc__.split("\n")[0])
    ap.add_argument("--graph", type=Path, help="a built edukg.ttl (with its store/ beside it)")
    ap.add_argument("--docs", type=int, default=500, help="else: build this many generated documents")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds for one rdflib run")
    ap.add_argument("--no-rdflib", action="store_true", help="skip rdflib (its load takes minutes at 1M)")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument(
        "--engines",
        default="default,resident,serve,persistent,memory,rdflib",
        help="columns, comma-separated",
    )
    ap.add_argument("--queries", default="", help="only these named queries, comma-separated")
    args = ap.parse_args(argv)
    from graph.sparql import get_named_query
    from graph.sparql.connect import open_engine
    from graph.sparql.engine import OxigraphEngine
    from graph.sparql.pages import PAGE, run_page
    from graph.store import load_graph, open_oxigraph, open_store
    from graph.store.choice import choose_store
    from graph.store.oxigraph import in_memory

    work = args.work or Path(tempfile.mkdtemp(prefix="edukg-queries-"))
    ttl = args.graph or build(args.docs, work, args.seed)
    want = set(args.engines.split(","))
    t = time.perf_counter()
    default = open_engine(ttl)
    t_default = time.perf_counter() - t
    found = cases(default, set(filter(None, args.queries.split(","))))
    cli = cli_column(ttl, found, args.repeat)  # first: a process that holds no other copy of the graph
    persistent = open_oxigraph(ttl, memory_max_bytes=0)
    t = time.perf_counter()
    memory = in_memory(ttl)
    t_memory = time.perf_counter() - t
    rdf = None
    t_rdf = 0.0
    if not args.no_rdflib and "rdflib" in want:
        t = time.perf_counter()
        rdf = load_graph(ttl)
        t_rdf = time.perf_counter() - t
    serve_store = choose_store(
        ttl, lasting=True, copies=5
    )  # edukg serve's default: 4 workers and the template
    held = memory if serve_store == "memory" else persistent
    serve = OxigraphEngine(held.store, persistent=held.persistent)  # its own page-slicing choice
    engines: dict[str, Any] = {"default": default, "serve": serve, "persistent": persistent, "memory": memory}
    if rdf is not None:
        engines["rdflib"] = rdf
    server = None
    if "resident" in want:
        server = start_server(ttl, work)
        atexit.register(server.kill)  # the server does not outlive a run that fails
        engines["resident"] = ttl
    engines = {n: e for n, e in engines.items() if n in want or n == "default"}
    engines = {
        n: engines[n]
        for n in ("default", "resident", "serve", "persistent", "memory", "rdflib")
        if n in engines
    }
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# Named queries: {ttl} ({len(memory):,} triples; {os.cpu_count()} cores; load average {load})\n")
    print(
        f"Open: default ({'persistent' if getattr(open_store(ttl), 'persistent', False) else 'in memory'}) "
        f"{t_default:.3f} s, "
        f"serve {serve_store}, "
        f"persistent {'yes' if persistent.persistent else 'no (stale)'}, in-memory load {t_memory:.2f} s"
        + (f", rdflib parse {t_rdf:.1f} s" if rdf is not None else "")
        + "\n"
    )
    names = list(engines)
    base = [n for n in ("default", "resident", "serve") if n in names and "rdflib" in names]
    title = {"default": "CLI default", "resident": "CLI+serve default", "serve": "serve default"}
    print(
        "| query | rows | "
        + " | ".join(f"{title.get(n, n)} ms" for n in names)
        + "".join(f" | rdflib / {title[n].split()[0]}" for n in base)
        + " |"
    )
    print("|---|---:|" + "---:|" * (len(names) + len(base)))
    for label, name, values in found:
        q = get_named_query(name)
        bindings = q.bindings(values)
        cells, rows, ms = [], "", {}
        for n in names:
            g = engines[n]
            if n == "default":  # measured first (cli_column)
                m, res = cli[label]
            elif n == "resident":
                from graph.sparql.resident import resident_answer

                def run(q: Any = q, values: dict[str, str] = values, b: Any = bindings) -> Any:
                    got = resident_answer(ttl, q, values, PAGE, shipped=True, timeout=600)
                    return run_page(default, q, b, PAGE) if got is None else got  # as the CLI does

                for _ in range(SERVE_WORKERS):  # each worker answers once first: warm, as in use
                    run()
                m, res = median_ms(run, args.repeat)
            else:

                def run_on(g: Any = g, q: Any = q, b: Any = bindings) -> Any:
                    return run_page(g, q, b, PAGE)

                m, res = median_ms(run_on, args.repeat, args.timeout if n == "rdflib" else None)
            ms[n] = m
            count = "" if res is None else f" ({len(res.rows):,})"  # each engine's rows beside its time
            cells.append(f">{args.timeout:.0f}000" if m is None else f"{m:.1f}{count}")
            if res is not None and not rows:
                rows = f"{len(res.rows):,}"
        ratios = []
        for n in base:
            r, mine = ms["rdflib"], ms[n]
            if not mine:
                ratios.append("")
            else:
                ratios.append(f">{args.timeout * 1000 / mine:.0f}x" if r is None else f"{r / mine:.0f}x")
        print(f"| {label} | {rows} | " + " | ".join(cells + ratios) + " |", flush=True)
    cpu = time.process_time()
    print(f"\nload average at the end: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}; CPU {cpu:.1f} s")
    if server is not None:
        cold(ttl, args.repeat, " (cold, edukg serve running)")
        server.terminate()
        server.wait()
    cold(ttl, args.repeat)
    return 0


def start_server(ttl: Path, work: Path) -> Any:
    """`edukg serve` of the graph file as a user starts it: its own process (4 workers, answer cache
    off), announced in a runtime folder of this run's (where `resident_answer` here and the subprocesses
    of `cold` find it). Returns the process (stopped with .terminate())."""
    from graph.sparql.resident import find_resident

    os.environ["EDUKG_RUNTIME_DIR"] = str(work / "runtime")
    script = Path(sys.executable).parent / "edukg"
    exe = [str(script)] if script.exists() else [sys.executable, "-m", "graph"]
    cmd = [*exe, "serve", "--graph", str(ttl), "--port", "0", "--quiet", "--cache-mb", "0"]
    proc = subprocess.Popen([*cmd, "--workers", str(SERVE_WORKERS)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while find_resident(ttl) is None:
        if proc.poll() is not None:
            raise SystemExit(f"edukg serve stopped with exit code {proc.returncode} before it answered")
        if time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("edukg serve did not start within 10 minutes")
        time.sleep(0.05)
    return proc


def cold(ttl: Path, repeat: int, note: str = " (cold)") -> None:
    """`edukg --help` and a cold `edukg query` of a named query: new processes, median wall seconds."""
    script = Path(sys.executable).parent / "edukg"  # the console script a user runs
    exe = [str(script)] if script.exists() else [sys.executable, "-m", "graph"]
    for label, cmd in (
        ("edukg --help", [*exe, "--help"]),
        ("edukg query campuses" + note, [*exe, "query", "campuses", "--graph", str(ttl)]),
        (
            "edukg query plans-covering-year -p year=2024" + note,
            [*exe, "query", "plans-covering-year", "-p", "year=2024", "--graph", str(ttl)],
        ),
    ):
        times = []
        for _ in range(max(repeat, 3)):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
        print(f"{label}: {statistics.median(times):.3f} s (median of {len(times)})")


if __name__ == "__main__":
    sys.exit(main())
