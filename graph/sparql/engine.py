"""One query interface, three engines: the Oxigraph store, an rdflib graph in memory, a remote endpoint.

Every engine checks a query the same way first (`graph.sparql.guard.check_query`: empty, too long,
nested too deep, an update, SERVICE, FROM), predeclares EduKG's prefixes, binds parameters as RDF
terms, raises `QueryError` with one line on any failure and answers a `graph.sparql.results.Result`.
`Engine.run(..., timeout=…)` stops waiting after that many seconds (the CLI's --timeout).
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import cache
from typing import Any

from graph.core.errors import EduKGError, QueryError
from graph.core.iris import PREFIXES
from graph.sparql.guard import check_query, prologue, refuse_update, strip_comments
from graph.sparql.results import Result, Term, ask_result, graph_result, select_result

Bindings = Mapping[str, Any]  # variable name -> term (graph.sparql.results.Term, or an rdflib term)


class Engine(ABC):
    """Runs read-only SPARQL; subclasses implement `execute` on an already checked query."""

    allow_remote: bool = False
    local: bool = True
    # run a named query's page slice by slice (graph.sparql.pages.run_page): worth it on a large
    # graph (the persistent store, a remote endpoint, a store in memory of SLICE_MIN_TRIPLES or more);
    # a small graph in memory answers the whole query faster
    slices: bool = False
    # a store on disk: named queries with a `# persistent:` text answer it (graph.sparql.library)
    persistent: bool = False
    # queries may run in several threads at once, outside the GIL: a page's slices run together
    concurrent: bool = False

    def run(self, sparql: str, bindings: Bindings | None = None, *, timeout: float | None = None) -> Result:
        check_query(sparql, allow_remote=self.allow_remote, local=self.local)
        if timeout is None:
            return self.execute(sparql, dict(bindings or {}))
        return with_deadline(lambda: self.execute(sparql, dict(bindings or {})), timeout)

    @abstractmethod
    def execute(self, sparql: str, bindings: Bindings) -> Result: ...

    def column(self, sparql: str) -> list[Term | None]:
        """The first column of a SELECT query's rows, as terms (no display text)."""
        return [row[0] if row else None for row in self.run(sparql).terms or []]

    def __len__(self) -> int:
        return 0


def with_deadline(job: Any, timeout: float, said: float | None = None) -> Result:
    """Run job() in a daemon thread and stop waiting after `timeout` seconds (the engines cannot be
    interrupted; a process that gives up exits and takes the thread with it). `said`: the time limit the
    user gave, when part of it has been spent already (the message names it)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = job()
        except BaseException as exc:
            # drop the frames here: Oxigraph's result objects must not be freed in another thread
            exc.__traceback__ = exc.__context__ = exc.__cause__ = None
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True, name="edukg-query")
    t.start()
    t.join(max(timeout, 0.0))
    if t.is_alive():
        raise timed_out(said if said is not None else timeout)
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return]


def timed_out(timeout: float) -> QueryError:
    return QueryError(
        f"query timed out: stopped waiting after {timeout:g} s; add LIMIT, narrow the pattern, "
        "or give a longer --timeout"
    )


# ---------------------------------------------------------------- Oxigraph


def ox_term(t: Any) -> Term | None:
    if t is None:
        return None
    return _ox_convert(t)


@cache
def _ox_classes() -> tuple[Any, Any, Any]:
    from pyoxigraph import BlankNode, Literal, NamedNode

    return NamedNode, BlankNode, Literal


def _ox_convert(t: Any) -> Term:
    named, blank, literal = _ox_classes()
    cls = type(t)
    if cls is named:
        return Term("uri", t.value)
    if cls is literal:
        return Term("literal", t.value, t.language, t.datatype.value)
    if cls is blank:
        return Term("bnode", t.value)
    return Term("literal", str(t))


# Terms already converted, by their N-Triples text (Oxigraph's str()): a page repeats its documents,
# entities and labels, and a process that lasts (serve, a notebook) asks for the same ones again;
# reading a term's parts and making a Term costs more than the query on a small page (campuses at
# 1.09M triples in memory: 5.0 -> 3.3 ms). Emptied when it reaches _TERMS_MAX.
_TERMS: dict[str, Term] = {}
_TERMS_MAX = 200_000


def forget_terms() -> None:
    """Empty the converted terms (a benchmark timing a query as a new process runs it)."""
    _TERMS.clear()


def ox_rows(solutions: Any) -> list[list[Term | None]]:
    """The rows of Oxigraph's solutions as terms (a value or None per variable), each converted once."""
    seen = _TERMS
    out: list[list[Term | None]] = []
    for sol in solutions:
        if len(seen) > _TERMS_MAX:  # checked row by row: one large answer does not keep its terms
            seen.clear()
        row: list[Term | None] = []
        for t in sol:
            if t is None:
                row.append(None)
                continue
            key = str(t)
            term = seen.get(key)
            if term is None:
                term = seen[key] = _ox_convert(t)
            row.append(term)
        out.append(row)
    return out


_OX_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}

# A store in memory reads a named query's page slice by slice from this many triples (the persistent
# store at any size). Measured with run_page's first page of every named query, whole against sliced
# (median ms, README "At scale"): at 17k and 47k triples whole wins (provenance 24 vs 75 ms on the
# seeds), at 117k they are even, at 280k slices win the heavy pages (provenance 492 vs 92, targets
# 147 vs 56), at 1.07M by 5-47x (provenance 6.6 s vs 138 ms, institutions-by-document 2.4 s vs 65 ms).
SLICE_MIN_TRIPLES = 200_000


class OxigraphEngine(Engine):
    """A pyoxigraph Store (persistent read-only, or in memory); the GIL is released while it runs."""

    concurrent = (
        True  # measured: two slices of targets on the store at 1.09M, 157 ms one after the other, 84 at once
    )

    def __init__(
        self, store: Any, *, allow_remote: bool = False, persistent: bool = False, slices: bool | None = None
    ) -> None:
        self.store = store
        self.allow_remote = allow_remote
        self.persistent = persistent
        self._slices = slices
        # page keys listed on this store, by listing (graph.sparql.pages): the store does not change
        # while an engine reads it, and a lasting process pages through the same queries again
        self.keys: dict[tuple[str, str, bool], list[Term]] = {}

    @property  # type: ignore[override]
    def slices(self) -> bool:
        """Slice pages: always on the persistent store, from SLICE_MIN_TRIPLES on a store in memory
        (counted once, when a page first asks: ~0.1 s per million triples)."""
        if self._slices is None:
            self._slices = self.persistent or len(self.store) >= SLICE_MIN_TRIPLES
        return self._slices

    @slices.setter
    def slices(self, value: bool) -> None:
        self._slices = value

    def __len__(self) -> int:
        return len(self.store)

    def column(self, sparql: str) -> list[Term | None]:
        check_query(sparql, allow_remote=self.allow_remote, local=self.local)
        try:
            return [ox_term(sol[0]) for sol in self.store.query(sparql, prefixes=_OX_PREFIXES)]
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {_first_line(exc)[:160]}; fix the query") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {_first_line(exc)[:160]}") from None

    def execute(self, sparql: str, bindings: Bindings) -> Result:
        from pyoxigraph import QueryBoolean, QuerySolutions

        if bindings:
            from graph.sparql.params import with_values

            # a VALUES block binds variables whether or not the query projects them (as initBindings
            # does); Oxigraph's substitutions only take projected ones
            sparql = with_values(sparql, bindings)
        try:
            res = self.store.query(sparql, prefixes=_OX_PREFIXES)
            if isinstance(res, QueryBoolean):
                return ask_result(bool(res))
            if isinstance(res, QuerySolutions):
                columns = [v.value for v in res.variables]
                return select_result(columns, ox_rows(res))
            return graph_result([[ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)] for t in res])
        except SyntaxError as exc:
            msg = _first_line(exc)
            m = re.match(r"error at (\d+):(\d+): (.*)", msg)
            where = f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}" if m else msg
            raise QueryError(f"malformed SPARQL: {where[:160]}; fix the query") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {_first_line(exc)[:160]}") from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# ---------------------------------------------------------------- rdflib


def rdflib_term(t: Any) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, URIRef):
        return Term("uri", str(t))
    if isinstance(t, BNode):
        return Term("bnode", str(t))
    if isinstance(t, Literal):
        return Term("literal", str(t), t.language, str(t.datatype) if t.datatype else None)
    return Term("literal", str(t))


class RdflibEngine(Engine):
    """An rdflib Graph in memory (files given with --graph, `--store rdflib`)."""

    def __init__(self, graph: Any, *, allow_remote: bool = False) -> None:
        self.graph = graph
        self.allow_remote = allow_remote

    def __len__(self) -> int:
        return len(self.graph)

    def execute(self, sparql: str, bindings: Bindings) -> Result:
        from graph.sparql.params import rdflib_bindings

        text = prologue() + sparql
        try:
            res = self.graph.query(text, initBindings=rdflib_bindings(bindings))
            if res.type == "ASK":
                return ask_result(bool(res.askAnswer))
            if res.type in ("CONSTRUCT", "DESCRIBE"):
                return graph_result([[rdflib_term(x) for x in t] for t in res.graph])
            columns = [str(v) for v in res.vars or []]
            return select_result(columns, [[rdflib_term(row[i]) for i in range(len(columns))] for row in res])
        except EduKGError:
            raise
        except Exception as exc:  # pyparsing and rdflib raise several types
            if _is_update(text):
                refuse_update("INSERT")
            problem = evaluation_problem(exc)
            if problem:
                raise QueryError(problem) from None
            raise QueryError(
                f"malformed SPARQL: {error_position(exc, len(prologue().splitlines()))}; fix the query"
            ) from None


def evaluation_problem(exc: BaseException) -> str | None:
    """One line for a query that parsed but failed while it ran (GRAPH on one graph, a SERVICE call)."""
    why = " ".join(str(exc).split())[:160] or type(exc).__name__
    if "requiring a dataset" in why:
        return (
            "GRAPH needs named graphs, which the rdflib store does not keep (it holds their union); "
            "drop GRAPH from the query or use --store oxigraph"
        )
    if isinstance(exc, OSError) or type(exc).__name__ in ("URLError", "HTTPError"):
        return f"a SERVICE call failed ({why}); check the endpoint named in the query"
    return None


def _is_update(text: str) -> bool:
    """Does the text parse as a SPARQL Update with at least one operation?"""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return bool(getattr(parseUpdate(text), "request", None))
    except Exception:
        return False


def error_position(exc: Exception, offset: int) -> str:
    msg = str(exc).replace("\n", " ")
    m = re.search(r"line:(\d+), col:(\d+)", msg)
    if m:
        return (
            f"line {int(m.group(1)) - offset}, column {m.group(2)}: {msg.split('(at char')[0].strip()[:120]}"
        )
    return msg[:160]


def as_engine(g: Any) -> Engine:
    """An Engine for an engine, an rdflib Graph or a store handle from `graph.store.open_store`."""
    if isinstance(g, Engine):
        return g
    store = getattr(g, "store", None)
    if store is not None and type(g).__name__ == "OxigraphGraph":
        engine = getattr(g, "_engine", None)
        if engine is None:  # one per store handle: a store in memory counts its triples once (slices)
            engine = OxigraphEngine(store, persistent=bool(getattr(g, "persistent", False)))
            g._engine = engine
        return engine  # type: ignore[no-any-return]
    return RdflibEngine(g)


def run_query(
    g: Any, sparql: str, bindings: Bindings | None = None, *, timeout: float | None = None
) -> Result:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query on an engine or a graph; the common prefixes
    are predeclared."""
    return as_engine(g).run(sparql, bindings, timeout=timeout)


__all__ = [
    "SLICE_MIN_TRIPLES",
    "Engine",
    "OxigraphEngine",
    "RdflibEngine",
    "as_engine",
    "error_position",
    "prologue",
    "refuse_update",
    "run_query",
    "strip_comments",
    "with_deadline",
]
