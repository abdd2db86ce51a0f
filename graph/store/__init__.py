"""Load or open a built graph, read-only: rdflib in memory, or Oxigraph (the fast store).

`load_graph(path)` gives an rdflib Graph (the model the other modules work on). `open_store(path)` gives
what `graph.sparql.run_query` needs, from the store named by `backend`:

- ``oxigraph`` (default): a graph file under 2 MB loaded into an in-memory Oxigraph store; a larger
  one's persistent Oxigraph store that `edukg build` writes beside the Turtle (``OUT/store/``), opened
  read-only so querying never changes ``output/``; when it is missing or older than the Turtle, the
  Turtle is bulk-loaded into an in-memory Oxigraph store instead (still ~15x faster than rdflib's
  parser) and nothing is written.
- ``memory`` / ``persistent``: that Oxigraph store whatever the graph's size; a long-running process
  (`open_store(..., lasting=True)`: `edukg serve`, the Python API) holds a graph of up to 3M triples in
  memory by default (graph.store.choice says which store, and why).
- ``rdflib``: the Turtle parsed into an rdflib Graph, as `load_graph`.

The format of a graph file comes from its suffix.
"""

from __future__ import annotations

from graph.store.files import DEFAULT_GRAPH, load_graph, tune_allocator
from graph.store.frozen import frozen_graph
from graph.store.oxigraph import (
    OxigraphGraph,
    StoreLoader,
    ensure_store,
    fill_store,
    open_oxigraph,
    open_store,
    store_dir,
    store_is_fresh,
    triples_of,
    write_store,
)

__all__ = [
    "DEFAULT_GRAPH",
    "OxigraphGraph",
    "StoreLoader",
    "ensure_store",
    "fill_store",
    "frozen_graph",
    "load_graph",
    "open_oxigraph",
    "open_store",
    "store_dir",
    "store_is_fresh",
    "triples_of",
    "tune_allocator",
    "write_store",
]
