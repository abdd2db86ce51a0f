"""Choosing the engine for a command: a remote endpoint, the Oxigraph store, or rdflib in memory."""

from __future__ import annotations

from pathlib import Path

from graph.sparql.engine import Engine, OxigraphEngine, RdflibEngine
from graph.sparql.remote import RemoteEngine


def open_engine(
    graph_file: Path | None = None,
    backend: str | None = None,
    *,
    endpoint: str | None = None,
    allow_remote: bool = False,
    lasting: bool = False,
) -> Engine:
    """The engine a read command uses: `endpoint` when given, else the graph file through the store
    named by `backend` or $EDUKG_STORE (default Oxigraph: the persistent store beside a file over 2 MB,
    read-only; for a long-running process, `lasting`, the file in memory up to 3M triples:
    graph.store.choice)."""
    if endpoint:
        return RemoteEngine(endpoint, allow_remote=allow_remote)
    from graph.store import OxigraphGraph, open_store

    g = open_store(graph_file, backend, allow_remote=allow_remote, lasting=lasting)
    if isinstance(g, OxigraphGraph):
        return OxigraphEngine(g.store, allow_remote=allow_remote, persistent=g.persistent)
    return RdflibEngine(g, allow_remote=allow_remote)


_KEPT: dict[tuple[str, ...], Engine] = {}


def kept_engine(graph_file: Path, backend: str | None = None) -> Engine:
    """The engine of a long-running process (a notebook calling graph.query): opened once per graph
    file and store, and opened again when the file changes (its size or modification time); the last
    two are kept."""
    from graph.store.choice import store_name
    from graph.store.files import checked_path

    path, _ = checked_path(graph_file)
    st = path.stat()
    key = (str(path.resolve()), str(st.st_size), str(st.st_mtime_ns), store_name(backend))
    engine = _KEPT.get(key)
    if engine is None:
        engine = open_engine(path, backend, lasting=True)
        while len(_KEPT) >= 2:
            del _KEPT[next(iter(_KEPT))]
        _KEPT[key] = engine
    return engine
