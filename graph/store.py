"""Load a built graph: rdflib in memory by default, read-only; the format comes from the file suffix."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from graph.errors import GraphLoadError

DEFAULT_GRAPH = Path("output") / "edukg.ttl"
FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nq": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
}


def load_graph(path: Path | None = None) -> Graph:
    """The union graph of a Turtle, N-Triples, TriG or JSON-LD file."""
    path = Path(path) if path else DEFAULT_GRAPH
    if not path.exists():
        hint = "run `edukg build` first" if path == DEFAULT_GRAPH else "check the path given to --graph"
        raise GraphLoadError(f"{path}: no graph file there; {hint}")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{path}: unknown graph format {path.suffix!r}; use .ttl, .nt, .trig or .jsonld")
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(path, format=fmt)
            g = Graph()
            for ctx in ds.graphs():
                for t in ctx:
                    g.add(t)
            for t in ds.default_graph if hasattr(ds, "default_graph") else ():
                g.add(t)
            return g
        g = Graph()
        g.parse(path, format=fmt)
        return g
    except Exception as exc:  # rdflib raises many parser-specific types
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphLoadError(
            f"{path}: cannot parse as {fmt} ({msg[:200]}); fix the file or rebuild it"
        ) from None


__all__ = ["DEFAULT_GRAPH", "Dataset", "load_graph"]
