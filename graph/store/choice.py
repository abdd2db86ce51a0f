"""Which store answers a graph's queries: Oxigraph in memory, the persistent Oxigraph store, or rdflib.

`--store` (or $EDUKG_STORE) names one: ``memory`` (the graph file loaded into an in-memory Oxigraph
store), ``persistent`` (the store `edukg build` wrote beside the file, read-only; a file without a fresh
store is loaded into memory instead), ``rdflib``, or ``oxigraph`` (the default: the Oxigraph store
that is fastest for the graph and the process, chosen here):

- a one-shot command (`edukg query`, `edukg show`) opens the persistent store for a file over
  `graph.store.oxigraph.MEMORY_MAX_BYTES` (2 MB, ~25k triples; smaller files are loaded, in ~0.1 s):
  the store opens in ~20 ms at any size, where loading the file costs ~2.9 s per million triples,
  more than any named query takes on the store;
- a long-running process (`edukg serve`'s workers, the Python API in a notebook) loads the file into
  memory once and answers every later query from it, when the graph has at most LASTING_MAX_TRIPLES
  triples and `copies` in-memory stores of it fit in half the memory available; else it opens the
  persistent store. Measured at 1.07M triples (benchmarks.queries, README "At scale"): in memory the
  named queries run 1.8-7x faster than on the store, all but count-by-class (75 vs 52 ms): bound,
  targets 87 -> 18 ms, initiatives-for-goal 115 -> 22 ms; first pages read slice by slice, targets
  163 -> 49 ms, goals-of-initiative 328 -> 88 ms. What the ceiling bounds is the load (2.9-4.3 s per
  million triples when the process starts) and the memory (~370 MB per million triples per copy;
  `edukg serve`'s workers, forked from the process that loaded it, each copy what their queries touch).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from graph.core.errors import GraphLoadError
from graph.store.files import STAMP, STORE_DIR

STORES = ("oxigraph", "memory", "persistent", "rdflib")
DEFAULT_STORE = "oxigraph"
# A long-running process holds a graph of up to this many triples in memory (see the module's text).
LASTING_MAX_TRIPLES = 3_000_000
# Resident memory of an in-memory store per triple (measured: 1,067,590 triples, 365 MB), and Turtle
# bytes per triple (the same graph: 56.0 MB) to estimate a graph's size without a store's count.
MEMORY_BYTES_PER_TRIPLE = 400
FILE_BYTES_PER_TRIPLE = 50


def store_name(backend: str | None = None) -> str:
    """The store asked for: `backend`, else $EDUKG_STORE, else the default; an unknown name fails."""
    name = backend or os.environ.get("EDUKG_STORE") or DEFAULT_STORE
    if name not in STORES:
        raise GraphLoadError(f"unknown store {name!r}; use one of {', '.join(STORES)}")
    return name


def triple_count(path: Path) -> int:
    """The graph's triples as the persistent store's stamp records them, else estimated from the file's size."""
    size = path.stat().st_size
    try:
        stamp = json.loads((path.parent / STORE_DIR / STAMP).read_text(encoding="utf-8"))
        if stamp.get("size") == size and stamp.get("source") == path.name and int(stamp["triples"]) >= 0:
            return int(stamp["triples"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return size // FILE_BYTES_PER_TRIPLE


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux's MemAvailable), None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def memory_fits(triples: int, copies: int = 1) -> bool:
    """Whether `copies` in-memory stores of `triples` triples fit in half the available memory."""
    free = available_memory()
    return free is None or copies * triples * MEMORY_BYTES_PER_TRIPLE <= free // 2


def choose_store(path: Path, backend: str | None = None, *, lasting: bool = False, copies: int = 1) -> str:
    """The store named by `backend` (or $EDUKG_STORE); for the default in a long-running process
    (`lasting`, holding at most `copies` stores), ``memory`` or ``persistent`` by the graph's size. A
    one-shot command keeps ``oxigraph``: `open_oxigraph` chooses by the file's size."""
    name = store_name(backend)
    if name != DEFAULT_STORE or not lasting:
        return name
    triples = triple_count(path)
    return "memory" if triples <= LASTING_MAX_TRIPLES and memory_fits(triples, copies) else "persistent"


__all__ = [
    "LASTING_MAX_TRIPLES",
    "STORES",
    "available_memory",
    "choose_store",
    "memory_fits",
    "store_name",
    "triple_count",
]
