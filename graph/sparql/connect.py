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
) -> Engine:
    """The engine a read command uses: `endpoint` when given, else the graph file through the store
    named by `backend` (default Oxigraph: the persistent store beside the file, read-only)."""
    if endpoint:
        return RemoteEngine(endpoint, allow_remote=allow_remote)
    from graph.store import OxigraphGraph, open_store

    g = open_store(graph_file, backend, allow_remote=allow_remote)
    if isinstance(g, OxigraphGraph):
        return OxigraphEngine(g.store, allow_remote=allow_remote, persistent=g.persistent)
    return RdflibEngine(g, allow_remote=allow_remote)
