"""Load or open a built graph, read-only: rdflib in memory, or Oxigraph (the fast store).

`load_graph(path)` gives an rdflib Graph (the model the other modules work on). `open_store(path)` gives
what `graph.query.run_query` needs, from the store named by `backend`:

- ``oxigraph`` (default): the persistent Oxigraph store that `edukg build` writes beside the Turtle
  (``OUT/store/``), opened read-only so querying never changes ``output/``; when it is missing or
  older than the Turtle, the Turtle is bulk-loaded into an in-memory Oxigraph store instead (still
  ~15x faster than rdflib's parser) and nothing is written.
- ``rdflib``: the Turtle parsed into an rdflib Graph, as `load_graph`.

The format of a graph file comes from its suffix.
"""

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

from graph.errors import GraphLoadError, QueryError

if TYPE_CHECKING:  # rdflib and pyoxigraph are imported when used: `edukg --help` stays cheap
    from rdflib import Graph
    from rdflib.term import Node

    from graph.query import Result

DEFAULT_GRAPH = Path("output") / "edukg.ttl"
STORE_DIR = "store"
STAMP = "stamp.json"
STORE_FORMAT = "edukg-oxigraph/1"
BACKENDS = ("oxigraph", "rdflib")
DEFAULT_BACKEND = "oxigraph"
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
QUAD_FORMATS = ("trig", "nquads")


def _checked(path: Path | None) -> tuple[Path, str]:
    path = Path(path) if path else DEFAULT_GRAPH
    if not path.exists():
        hint = "run `edukg build` first" if path == DEFAULT_GRAPH else "check the path given to --graph"
        raise GraphLoadError(f"{path}: no graph file there; {hint}")
    if path.is_dir():
        raise GraphLoadError(f"{path}: is a folder; give the graph file, such as {path / 'edukg.ttl'}")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{path}: unknown graph format {path.suffix!r}; use .ttl, .nt, .trig or .jsonld")
    return path, fmt


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def load_graph(path: Path | None = None) -> Graph:
    """The union graph of a Turtle, N-Triples, TriG or JSON-LD file."""
    from rdflib import Dataset, Graph

    path, fmt = _checked(path)
    try:
        if fmt in QUAD_FORMATS:
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
    except Exception as exc:  # rdflib raises many parser-specific types
        where, why = _problem(exc)
        raise GraphLoadError(
            f"{path}{where}: cannot parse as {fmt} ({why}); fix the file or rebuild it"
        ) from None
    if len(g) == 0:
        raise GraphLoadError(f"{path}: the graph holds no triples; rebuild it with `edukg build`")
    return g


def _problem(exc: Exception) -> tuple[str, str]:
    """(":LINE" or "", the reason) of a parser error, on one line."""
    text = str(exc).strip()
    line = re.search(r"at line (\d+)", text)
    why = re.search(r"Bad syntax \((.*?)\) at \^", text, re.S) or re.search(
        r"Parser error at line \d+[^:]*: (.*?)(?: \([^()]*line \d+\))?$", text.splitlines()[0] if text else ""
    )
    if isinstance(exc, UnicodeDecodeError):
        return "", "not UTF-8 text; is it a graph file?"
    if isinstance(exc, IndexError | EOFError):
        return "", "the file ends inside a statement"
    reason = why.group(1) if why else (text.splitlines()[0] if text else type(exc).__name__)
    return (f":{line.group(1)}" if line else ""), " ".join(reason.split())[:160]


# --------------------------------------------------------------------------------------------------
# A frozen in-memory store: an rdflib Graph of a build's triples, indexed in one pass


def frozen_graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """A read-only rdflib Graph over distinct triples, ~4x cheaper to build than rdflib's Memory store
    (which keeps per-context bookkeeping for every triple) and faster to look up. Pattern results come
    in insertion order, as Memory gives them."""
    from rdflib import Graph

    return Graph(store=_frozen_store_class()(triples))


def _frozen_store_class() -> type:
    global _FROZEN
    if _FROZEN is None:
        from rdflib.store import Store

        class FrozenStore(Store):  # type: ignore[misc]
            context_aware = False
            formula_aware = False
            graph_aware = False
            transaction_aware = False

            def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
                super().__init__()
                spo: dict[Any, dict[Any, dict[Any, None]]] = {}
                pos: dict[Any, dict[Any, list[Any]]] = {}
                osp: dict[Any, dict[Any, list[Any]]] = {}
                n = 0
                for s, p, o in triples:
                    by_p = spo.get(s)
                    if by_p is None:
                        by_p = spo[s] = {}
                    objs: dict[Any, None] | None = by_p.get(p)
                    if objs is None:
                        objs = by_p[p] = {}
                    if o in objs:
                        continue
                    objs[o] = None
                    pos.setdefault(p, {}).setdefault(o, []).append(s)
                    osp.setdefault(o, {}).setdefault(s, []).append(p)
                    n += 1
                self._spo, self._pos, self._osp, self._n = spo, pos, osp, n
                self._prefixes: dict[str, Any] = {}
                self._namespaces: dict[Any, str] = {}

            def _match(self, s: Any, p: Any, o: Any) -> Iterable[tuple[Any, Any, Any]]:
                spo, pos, osp = self._spo, self._pos, self._osp
                if s is not None:
                    by_p = spo.get(s, {})
                    if p is not None:
                        objs = by_p.get(p, {})
                        if o is not None:
                            return [(s, p, o)] if o in objs else []
                        return [(s, p, x) for x in objs]
                    if o is not None:
                        return [(s, x, o) for x in osp.get(o, {}).get(s, ())]
                    return [(s, q, x) for q, objs in by_p.items() for x in objs]
                if p is not None:
                    by_o = pos.get(p, {})
                    if o is not None:
                        return [(x, p, o) for x in by_o.get(o, ())]
                    return [(x, p, y) for y, subs in by_o.items() for x in subs]
                if o is not None:
                    return [(x, q, o) for x, preds in osp.get(o, {}).items() for q in preds]
                return ((x, q, y) for x, by_p in spo.items() for q, objs in by_p.items() for y in objs)

            def triples(self, triple_pattern: Any, context: Any = None) -> Any:
                for t in self._match(*triple_pattern):
                    yield t, iter(())

            def __len__(self, context: Any = None) -> int:
                return self._n

            def add(self, *args: Any, **kwargs: Any) -> None:
                raise TypeError("this graph is read-only")

            addN = remove = add

            def contexts(self, triple: Any = None) -> Any:
                return iter(())

            def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
                if not override and (prefix in self._prefixes or namespace in self._namespaces):
                    return
                old = self._prefixes.get(prefix)
                if old is not None:
                    self._namespaces.pop(old, None)
                self._namespaces.pop(namespace, None)
                for k in [k for k, v in self._prefixes.items() if v == namespace]:
                    del self._prefixes[k]
                self._prefixes[prefix] = namespace
                self._namespaces[namespace] = prefix

            def namespace(self, prefix: str) -> Any:
                return self._prefixes.get(prefix)

            def prefix(self, namespace: Any) -> str | None:
                return self._namespaces.get(namespace)

            def namespaces(self) -> Any:
                return iter(list(self._prefixes.items()))

        _FROZEN = FrozenStore
    return _FROZEN


_FROZEN: type | None = None


# --------------------------------------------------------------------------------------------------
# Oxigraph


def store_dir(graph_path: Path) -> Path:
    """Where the persistent store of a graph file lives: a folder `store/` beside it."""
    return Path(graph_path).parent / STORE_DIR


def _stamp_of(graph_path: Path) -> dict[str, Any]:
    st = graph_path.stat()
    return {"format": STORE_FORMAT, "source": graph_path.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


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


def _load_into(store: Any, path: Path, fmt: str) -> None:
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
        where, why = _problem(exc)
        raise GraphLoadError(
            f"{path}{where}: cannot parse as {fmt} ({why}); fix the file or rebuild it"
        ) from None


def write_store(graph_path: Path) -> Path:
    """Build the persistent Oxigraph store of a graph file into `store/` beside it.

    The store is written into a temporary folder and swapped in, so a reader sees the old store, the
    new one, or none (and then reads the Turtle), never a half-written one.
    """
    from pyoxigraph import Store

    graph_path, fmt = _checked(graph_path)
    final = store_dir(graph_path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", dir=graph_path.parent))
    try:
        store = Store(str(tmp / "db"))
        _load_into(store, graph_path, fmt)
        store.flush()
        stamp = {**_stamp_of(graph_path), "triples": len(store)}
        del store  # closes the database before it is moved
        (tmp / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.old.", dir=graph_path.parent))
            os.replace(final, old / STORE_DIR)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


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

        from graph.namespaces import PREFIXES
        from graph.query import Result

        if bindings:
            from graph.query import with_values

            # a VALUES block binds variables whether or not the query projects them (as initBindings
            # does); Oxigraph's substitutions only take projected ones
            sparql = with_values(sparql, bindings)
        try:
            res = self.store.query(sparql, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
        except SyntaxError as exc:
            msg = _first_line(exc)
            m = re.match(r"error at (\d+):(\d+): (.*)", msg)
            where = f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}" if m else msg
            raise QueryError(f"malformed SPARQL: {where[:160]}; fix the query") from None
        except OSError as exc:
            raise QueryError(f"the query failed: {_first_line(exc)[:160]}") from None
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

    from graph.namespaces import PREFIXES

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

    path, fmt = _checked(path)
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
    "load_graph",
    "open_store",
    "store_is_fresh",
    "write_store",
]
