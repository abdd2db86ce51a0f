"""Oxigraph: the persistent store beside the Turtle, written atomically, opened read-only; an in-memory one when it is stale."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.core.errors import GraphLoadError, QueryError

if TYPE_CHECKING:  # rdflib and pyoxigraph are imported when used: `edukg --help` stays cheap
    from rdflib import Graph
    from rdflib.term import Node

    from graph.query.results import Result
from graph.store.files import (
    BACKENDS,
    DEFAULT_BACKEND,
    DEFAULT_GRAPH,
    QUAD_FORMATS,
    STAMP,
    STORE_DIR,
    STORE_FORMAT,
    checked_path,
    first_line,
    load_graph,
    parse_problem,
)


def store_dir(graph_path: Path) -> Path:
    """Where the persistent store of a graph file lives: a folder `store/` beside it."""
    return Path(graph_path).parent / STORE_DIR


def _stamp_of(graph_path: Path, source: str | None = None) -> dict[str, Any]:
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
    want = _stamp_of(graph_path)
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


def _load_into(store: Any, path: Path, fmt: str, writing: bool = False) -> None:
    """Bulk-load a graph file into an Oxigraph store; named graphs are merged into the default graph
    (the union, as `load_graph` gives)."""
    from pyoxigraph import DefaultGraph, Quad, parse

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


def fill_store(folder: Path, graph_path: Path, fmt: str = "turtle", source: str | None = None) -> int:
    """Write the Oxigraph store of a graph file into an empty folder, with the stamp that ties it to the
    file (`source`: the name the file will have, when it is staged under another); the triple count.

    The stamp is written last: a folder without one is never taken for a store of anything."""
    from pyoxigraph import Store

    store = Store(str(folder / "db"))
    _load_into(store, graph_path, fmt, writing=True)
    store.flush()
    count = len(store)
    del store  # closes the database before it is moved
    stamp = {**_stamp_of(graph_path, source), "triples": count}
    (folder / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    return count


def write_store(graph_path: Path) -> Path:
    """Build the persistent Oxigraph store of a graph file into `store/` beside it.

    The store is written into a temporary folder and swapped in, so a reader sees the old store, the
    new one, or none (and then reads the Turtle), never a half-written one. (`edukg build` stages it
    with the other outputs instead: graph.build.outputs.)
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
    """A read-only Oxigraph store of one graph, answering SPARQL as `graph.query.run_query` does."""

    store: Any
    source: Path
    persistent: bool
    _names: dict[str, str] = field(default_factory=dict, repr=False)
    _nsm: Any = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.store)

    def run(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """SELECT, ASK, CONSTRUCT or DESCRIBE with the common prefixes predeclared; the rows are
        formatted exactly as the rdflib path formats them."""
        from pyoxigraph import QueryBoolean, QuerySolutions

        from graph.core.namespaces import PREFIXES
        from graph.query.results import Result

        if bindings:
            from graph.query.params import with_values

            # a VALUES block binds variables whether or not the query projects them (as initBindings
            # does); Oxigraph's substitutions only take projected ones
            sparql = with_values(sparql, bindings)
        try:
            res = self.store.query(sparql, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
        except SyntaxError as exc:
            msg = first_line(exc)
            m = re.match(r"error at (\d+):(\d+): (.*)", msg)
            where = f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}" if m else msg
            raise QueryError(f"malformed SPARQL: {where[:160]}; fix the query") from None
        except OSError as exc:
            raise QueryError(f"the query failed: {first_line(exc)[:160]}; check the query") from None
        try:  # Oxigraph evaluates as the rows are read: a SERVICE call fails here
            if isinstance(res, QueryBoolean):
                return Result(["ask"], [[str(bool(res)).lower()]])
            if isinstance(res, QuerySolutions):
                columns = [v.value for v in res.variables]
                text = self.text
                return Result(columns, [[text(sol[c]) for c in columns] for sol in res])
            return Result(
                ["subject", "predicate", "object"],
                sorted([[self.text(t.subject), self.text(t.predicate), self.text(t.object)] for t in res]),
            )
        except OSError as exc:
            raise QueryError(
                f"a SERVICE call failed ({first_line(exc)[:160]}); check the endpoint named in the query"
            ) from None

    def text(self, term: Any) -> str:
        """A term as `graph.query` prints it: prefixed IRIs (entity IRIs in full), literal values."""
        from pyoxigraph import NamedNode

        if term is None:
            return ""
        if isinstance(term, NamedNode):
            iri = term.value
            if "/id/" in iri:
                return iri
            name = self._names.get(iri)
            if name is None:
                name = self._names[iri] = self._normalize(iri)
            return name
        return str(term.value)

    def _normalize(self, iri: str) -> str:
        from rdflib import URIRef

        if self._nsm is None:
            self._nsm = _namespace_manager()
        try:
            return self._nsm.normalizeUri(URIRef(iri))
        except Exception:
            return iri


def _namespace_manager() -> Any:
    """The prefixes a Graph loaded by `load_graph` knows: rdflib's defaults and those of our Turtle."""
    from rdflib import Graph

    from graph.core.namespaces import PREFIXES

    g = Graph()
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    g.parse(data=head, format="turtle")
    return g.namespace_manager


def _to_ox(term: Node) -> Any:
    from pyoxigraph import BlankNode, Literal, NamedNode
    from rdflib import BNode, URIRef
    from rdflib import Literal as RLiteral

    if isinstance(term, URIRef):
        return NamedNode(str(term))
    if isinstance(term, BNode):
        return BlankNode(str(term))
    if isinstance(term, RLiteral):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    return Literal(str(term))


def open_oxigraph(path: Path | None = None) -> OxigraphGraph:
    """The graph in Oxigraph: the persistent store read-only when fresh, else the file in memory."""
    from pyoxigraph import Store

    path, fmt = checked_path(path)
    if store_is_fresh(path):
        try:
            return OxigraphGraph(Store.read_only(str(store_dir(path) / "db")), path, True)
        except OSError:
            pass  # a store being swapped or damaged: read the file instead
    store = Store()
    _load_into(store, path, fmt)
    return OxigraphGraph(store, path, False)


def open_store(path: Path | None = None, backend: str | None = None) -> OxigraphGraph | Graph:
    """A read-only graph to query: Oxigraph (default; EDUKG_STORE=rdflib changes it) or rdflib."""
    backend = backend or os.environ.get("EDUKG_STORE") or DEFAULT_BACKEND
    if backend not in BACKENDS:
        raise GraphLoadError(f"unknown store {backend!r}; use one of {', '.join(BACKENDS)}")
    if backend == "oxigraph":
        try:
            import pyoxigraph  # noqa: F401
        except ImportError:
            backend = "rdflib"  # the fast store is optional: fall back to rdflib
    return open_oxigraph(path) if backend == "oxigraph" else load_graph(path)


def triples_of(g: OxigraphGraph | Graph) -> Iterable[tuple[Any, Any, Any]]:
    """The triples of either kind of graph (for counts and checks)."""
    if isinstance(g, OxigraphGraph):
        return ((q.subject, q.predicate, q.object) for q in g.store)
    return iter(g)


__all__ = [
    "BACKENDS",
    "DEFAULT_GRAPH",
    "OxigraphGraph",
    "ensure_store",
    "fill_store",
    "load_graph",
    "open_store",
    "store_is_fresh",
    "write_store",
]
