"""Oxigraph: the persistent store beside the Turtle, written atomically, opened read-only; an in-memory one when it is stale."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.core.errors import GraphLoadError
from graph.store.compactions import IdleCompactions

if TYPE_CHECKING:  # rdflib and pyoxigraph are imported when used: `edukg --help` stays cheap
    from rdflib import Graph
from graph.store.files import (
    DEFAULT_GRAPH,
    QUAD_FORMATS,
    STAMP,
    STORE_DIR,
    STORE_FORMAT,
    check_no_fetch,
    checked_path,
    load_graph,
    parse_problem,
)


def store_dir(graph_path: Path) -> Path:
    """Where the persistent store of a graph file lives: a folder `store/` beside it."""
    return Path(graph_path).parent / STORE_DIR


def stamp_of(graph_path: Path, source: str | None = None) -> dict[str, Any]:
    st = graph_path.stat()
    return {
        "format": STORE_FORMAT,
        "source": source or graph_path.name,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
    }


def store_is_fresh(graph_path: Path) -> bool:
    """Whether `store/` was built from this very file (same name, size and modification time)."""
    stamp = store_dir(graph_path) / STAMP
    try:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    want = stamp_of(graph_path)
    return all(saved.get(k) == v for k, v in want.items())


def _ox_format(fmt: str) -> Any:
    from pyoxigraph import RdfFormat

    return {
        "turtle": RdfFormat.TURTLE,
        "nt": RdfFormat.N_TRIPLES,
        "trig": RdfFormat.TRIG,
        "nquads": RdfFormat.N_QUADS,
        "json-ld": getattr(RdfFormat, "JSON_LD", None),
        "xml": RdfFormat.RDF_XML,
    }[fmt]


def _load_into(store: Any, path: Path, fmt: str, allow_remote: bool = False, writing: bool = False) -> None:
    """Bulk-load a graph file into an Oxigraph store; named graphs are merged into the default graph
    (the union, as `load_graph` gives)."""
    from pyoxigraph import DefaultGraph, Quad, parse

    check_no_fetch(path, fmt, allow_remote)
    ox_fmt = _ox_format(fmt)
    if ox_fmt is None:
        raise GraphLoadError(f"{path}: this pyoxigraph cannot read {fmt}; use Turtle or upgrade pyoxigraph")
    try:
        if fmt in QUAD_FORMATS or fmt == "json-ld":
            store.bulk_extend(
                Quad(q.subject, q.predicate, q.object, DefaultGraph())
                for q in parse(path=str(path), format=ox_fmt)
            )
        else:
            store.bulk_load(path=str(path), format=ox_fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        if writing and isinstance(exc, OSError) and not isinstance(exc, SyntaxError):
            raise  # writing a store: a full disk is a write error, not a file that cannot parse
        where, why = parse_problem(exc)
        raise GraphLoadError(
            f"{path}{where}: cannot parse as {fmt} ({why}); fix the file or rebuild it"
        ) from None


def fill_store(
    folder: Path,
    graph_path: Path,
    fmt: str = "turtle",
    source: str | None = None,
    loaded: StoreLoader | None = None,
) -> int:
    """Write the Oxigraph store of a graph file into an empty folder, with the stamp that ties it to the
    file (`source`: the name the file will have, when it is staged under another); the triple count.
    `loaded`: the store was already filled from the file's text as it was written (StoreLoader), so the
    file is not parsed again; it is finished here.

    The stamp is written last: a folder without one is never taken for a store of anything."""
    if loaded is not None:
        count = loaded.finish()
    else:
        from pyoxigraph import Store

        store = Store(str(folder / "db"))
        _load_into(store, graph_path, fmt, writing=True)
        store.flush()
        compact(store)
        count = len(store)
        del store  # closes the database before it is moved
    stamp = {**stamp_of(graph_path, source), "triples": count}
    (folder / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    return count


def compact(store: Any) -> None:
    """Compact a filled store's database (RocksDB's compaction into its last level). Each bulk-loaded
    piece is ingested as files of its own whose key ranges overlap, so without it a range scan merges
    some thirty files per index and every lookup of a query on the store on disk pays for that: at 1.09M
    triples, one-shot `targets` 0.58 -> 0.30 s, `document-institution` 0.66 -> 0.37 s. It costs about
    0.8 s of CPU per million triples, once per build (benchmarks.queries, benchmarks.scale)."""
    store.optimize()


class StoreLoader:
    """Fills a new persistent store from Turtle text as a build writes it: each piece (a whole number of
    statements, parseable with the prefix lines `head`) is bulk-loaded by one of `threads` threads, which
    pyoxigraph runs without the GIL, so the store loads while Python writes the next piece. RocksDB's
    bulk loader sorts and writes each piece on the thread that loads it: with one thread it is the
    slowest stage of a build and the second core waits; two load two pieces at once (the store holds the
    same triples whatever order the pieces are loaded in).

        loader = StoreLoader(folder, head, triples=n)
        for piece in pieces: loader.add(piece)
        fill_store(folder, turtle_file, loaded=loader)   # waits for the last piece, writes the stamp
    """

    def __init__(self, folder: Path, head: str, triples: int | None = None, threads: int = 2) -> None:
        import queue
        import threading

        from pyoxigraph import Store

        self.store: Any = Store(str(folder / "db"))
        self.compactions = IdleCompactions()  # set aside while the pieces load (graph.store.compactions)
        self.head = head
        self.triples = triples
        self.remove: list[str] = []
        self.error: BaseException | None = None
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=max(2, threads))
        self._threads = [
            threading.Thread(target=self._run, name=f"edukg-store-{i}", daemon=True)
            for i in range(max(1, threads))
        ]
        self._early: list[threading.Thread] = []
        for thread in self._threads:
            thread.start()

    def _run(self) -> None:
        while True:
            data = self._queue.get()
            if data is None:
                return
            self._load(data)

    def _load(self, data: bytes) -> None:
        from pyoxigraph import RdfFormat

        if self.error is None:
            try:
                # lenient: the build's own Turtle, whose IRIs are made of checked ids, slugs and digests,
                # is not validated again term by term (the same triples, a little less parsing)
                with self.compactions.loading():
                    self.store.bulk_load(data, format=RdfFormat.TURTLE, lenient=True)
            except BaseException as exc:  # told to the writer at its next piece or at the end
                self.error = exc

    def add(self, piece: str, head: bool = True) -> None:
        """Load a piece of Turtle (with the prefix lines put in front unless `head` is False)."""
        self._raise()
        self._queue.put(((self.head + "\n\n" + piece) if head else piece).encode("utf-8"))

    def preload(self, pieces: list[bytes]) -> None:
        """Load pieces of Turtle in UTF-8 (the prefix lines put in front of each) one after another on a
        thread of their own, without waiting: text a build already holds (graph.rdf.render.text_statements),
        loaded on one core while the build goes on on the other. The list is emptied as they load."""
        import threading

        self._raise()
        head = (self.head + "\n\n").encode("utf-8")

        def run() -> None:
            pieces.reverse()
            while pieces:
                self._load(head + pieces.pop())

        thread = threading.Thread(target=run, name="edukg-store-early", daemon=True)
        self._early.append(thread)
        thread.start()

    def _raise(self) -> None:
        exc = self.error
        if exc is None:
            return
        if isinstance(exc, OSError) and not isinstance(exc, SyntaxError):
            raise exc  # a full disk is a write error
        raise GraphLoadError(f"the store cannot load the graph ({str(exc).strip()[:160]}); report this")

    def _join(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads + self._early:
            thread.join()

    def close(self) -> None:
        """Stop the threads (after an error elsewhere: what they have not loaded is dropped)."""
        if any(thread.is_alive() for thread in self._threads + self._early):
            self.error = self.error or RuntimeError("stopped")
            self._join()
        self.compactions.normal()
        self.store = None

    def finish(self) -> int:
        """Wait for the last pieces; take out the triples of the statements `remove` (Turtle: what was
        loaded and turned out not to be in the graph); flush and close the store; the triple count."""
        self._join()
        self._raise()
        remove = self.remove
        if remove:
            prefixes = "\n".join(line.replace("@prefix", "PREFIX")[:-2] for line in self.head.splitlines())
            self.store.update(prefixes + "\nDELETE DATA {\n" + "\n".join(remove) + "\n}")
        self.store.flush()
        self.compactions.normal()  # the compaction runs on those threads: at the normal priority
        compact(self.store)
        count = self.triples if self.triples is not None else len(self.store)
        self.store = None  # closes the database before it is moved
        return count


def write_store(graph_path: Path) -> Path:
    """Build the persistent Oxigraph store of a graph file into `store/` beside it.

    The store is written into a temporary folder and swapped in, so a reader sees the old store, the
    new one, or none (and then reads the Turtle), never a half-written one. (`edukg build` stages it
    with the other outputs instead: graph.outputs.)
    """
    graph_path, fmt = checked_path(graph_path)
    final = store_dir(graph_path)
    tmp = Path(tempfile.mkdtemp(prefix=".edukg-tmp.", dir=graph_path.parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        fill_store(tmp, graph_path, fmt)
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=".edukg-tmp.", dir=graph_path.parent))
            os.replace(final, old / STORE_DIR)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ensure_store(graph_path: Path) -> Path:
    """The persistent store of a graph file, rebuilt when the file changed since it was written."""
    return store_dir(graph_path) if store_is_fresh(Path(graph_path)) else write_store(Path(graph_path))


@dataclass
class OxigraphGraph:
    """A read-only Oxigraph store of one graph (`graph.sparql.OxigraphEngine` queries it)."""

    store: Any
    source: Path
    persistent: bool

    def __len__(self) -> int:
        return len(self.store)

    @property
    def db(self) -> Path | None:
        """The folder of the persistent database (None for a store in memory)."""
        return store_dir(self.source) / "db" if self.persistent else None


def in_memory(path: Path | None = None, *, allow_remote: bool = False) -> OxigraphGraph:
    """The graph file bulk-loaded into an in-memory Oxigraph store."""
    from pyoxigraph import Store

    path, fmt = checked_path(path)
    store = Store()
    _load_into(store, path, fmt, allow_remote)
    return OxigraphGraph(store, path, False)


# Below this size of graph file (~25k triples) the file is loaded into memory even when a fresh store is
# beside it: the in-memory store answers the named queries 3-10x faster than the RocksDB one (seeds:
# targets 3.5 vs 52 ms, first-appearance 11 vs 93 ms) and loads in a few milliseconds; larger graphs
# open the persistent store, whose opening costs the same at any size (benchmarks.queries measures both).
MEMORY_MAX_BYTES = 2_000_000


def open_oxigraph(
    path: Path | None = None, memory_max_bytes: int | None = None, *, allow_remote: bool = False
) -> OxigraphGraph:
    """The graph in Oxigraph: a file of up to `memory_max_bytes` (default MEMORY_MAX_BYTES) in memory,
    else the persistent store read-only when fresh, else the file in memory."""
    from pyoxigraph import Store

    path, fmt = checked_path(path)
    small = MEMORY_MAX_BYTES if memory_max_bytes is None else memory_max_bytes
    if path.stat().st_size > small and store_is_fresh(path):
        try:
            return OxigraphGraph(Store.read_only(str(store_dir(path) / "db")), path, True)
        except OSError:
            pass  # a store being swapped or damaged: read the file instead
    store = Store()
    _load_into(store, path, fmt, allow_remote)
    return OxigraphGraph(store, path, False)


def open_store(
    path: Path | None = None, backend: str | None = None, *, allow_remote: bool = False, lasting: bool = False
) -> OxigraphGraph | Graph:
    """A read-only graph to query from the store named by `backend` or $EDUKG_STORE (graph.store.choice):
    Oxigraph (default: in memory or the persistent store, by the graph's size and, `lasting`, for a
    long-running process), Oxigraph ``memory`` or ``persistent``, or rdflib."""
    from graph.store.choice import choose_store, store_name

    backend = store_name(backend)
    if lasting and backend == "oxigraph":
        backend = choose_store(checked_path(path)[0], backend, lasting=True)
    if backend != "rdflib":
        try:
            import pyoxigraph  # noqa: F401
        except ImportError:
            backend = "rdflib"  # the fast store is optional: fall back to rdflib
    if backend == "memory":
        return in_memory(path, allow_remote=allow_remote)
    if backend == "persistent":
        return open_oxigraph(path, 0, allow_remote=allow_remote)
    if backend == "oxigraph":
        return open_oxigraph(path, allow_remote=allow_remote)
    return load_graph(path, allow_remote=allow_remote)


def triples_of(g: OxigraphGraph | Graph) -> Iterable[tuple[Any, Any, Any]]:
    """The triples of either kind of graph (for counts and checks)."""
    if isinstance(g, OxigraphGraph):
        return ((q.subject, q.predicate, q.object) for q in g.store)
    return iter(g)


__all__ = [
    "DEFAULT_GRAPH",
    "OxigraphGraph",
    "StoreLoader",
    "ensure_store",
    "fill_store",
    "load_graph",
    "open_store",
    "store_is_fresh",
    "write_store",
]
