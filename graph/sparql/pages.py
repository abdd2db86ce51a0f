"""A named query's page: rows `offset` to `offset + limit` in its ORDER BY order, read slice by slice
from the values of its page key when the engine gains by it (graph.sparql.library holds the queries)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from graph.sparql.engine import as_engine, run_query
from graph.sparql.params import with_rows
from graph.sparql.results import XSD_STRING, Result, Term, select_result

RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD = "http://www.w3.org/2001/XMLSchema#"
PAGE = 1000  # rows of a named query by default: unbound, some run to hundreds of thousands at scale
_LIMIT = re.compile(r"\bLIMIT\s+\d+\s*(OFFSET\s+\d+\s*)?$", re.I)
_OWN_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.I)
FIRST_KEYS = 2  # values of the page key in the first slice; later slices are sized from the rows seen
# at most this many per slice: Oxigraph (0.5) plans a VALUES block of 10 or more rows differently, and a
# slice of 10 places took 27 s where 8 took 0.4 s (targets, year bound, 1M triples)
MAX_KEYS = 8
_STRINGS = (None, XSD_STRING, RDF_LANG_STRING)
_NUMBERS = {XSD + t for t in ("integer", "decimal", "int", "long", "short", "nonNegativeInteger")}


class PagedQuery(Protocol):
    """What run_page reads of a named query (graph.sparql.library.NamedQuery)."""

    @property
    def text(self) -> str: ...
    @property
    def page(self) -> tuple[str, str] | None: ...
    @property
    def whole(self) -> tuple[str, ...]: ...
    @property
    def first_keys(self) -> int | None: ...
    @property
    def max_keys(self) -> int | None: ...
    @property
    def slice_text(self) -> str | None: ...
    def text_for(
        self, bindings: Mapping[str, Any], default: str | None = None, *, persistent: bool = False
    ) -> str: ...


def paged(text: str, limit: int | None, offset: int = 0) -> str:
    """A SELECT query with `LIMIT limit OFFSET offset` appended (after its ORDER BY, so pages are
    stable); `limit` None or 0 is every row (from `offset`); unchanged when the query ends with a
    LIMIT and an OFFSET of its own. A query that ends with `LIMIT N` of its own (most-connected) gets the page of
    its N rows: `LIMIT min(N - offset, limit) OFFSET offset`."""
    body = text.rstrip()
    m = _OWN_LIMIT.search(body)
    tail = f" OFFSET {int(offset)}" if offset else ""
    if not limit and offset and m is None and not _LIMIT.search(body):
        return body + f"\n{tail.strip()}\n"  # every row from `offset`
    if not limit or (m is None and _LIMIT.search(body)):
        return text
    if m is not None:
        return body[: m.start()] + f"LIMIT {max(min(int(m.group(1)) - offset, int(limit)), 0)}{tail}\n"
    return body + f"\nLIMIT {int(limit)}{tail}\n"


def own_limit(text: str) -> int | None:
    """The LIMIT a query's text ends with (most-connected: its 20 rows), None without one."""
    m = _OWN_LIMIT.search(text.rstrip())
    return int(m.group(1)) if m else None


def descending_key(text: str, key: str) -> bool:
    """Whether the query's last ORDER BY (the outer query's) sorts first by DESC(?key)."""
    orders = re.findall(r"ORDER\s+BY\s+(DESC\s*\(\s*)?\?(\w+)", text, re.I)
    return bool(orders) and orders[-1][1] == key and bool(orders[-1][0])


def run_page(
    g: Any, q: PagedQuery, bindings: Mapping[str, Term], limit: int | None, offset: int = 0
) -> Result:
    """Rows `offset` to `offset + limit` of a named query in its ORDER BY order (every row when
    `limit` is None or 0; a query that ends with a LIMIT of its own has at most that many rows, and
    the page is taken from them).

    A query whose header names a page key (`# page: ?KEY SELECT …`: the first ORDER BY variable, in
    either direction, and a query that lists its values) is run slice by slice: the key's values are
    read first, then the query with `VALUES ?KEY { … }` for a few values at a time (`# slice: N` in the
    first slice, FIRST_KEYS by default; `# slice: N MAX`: at most MAX in any), until the page is
    full. Each slice sorts after the one before, so the rows are exactly those of the whole query
    with LIMIT and OFFSET, but a first page costs a few slices, not the whole graph. On an engine whose
    queries run outside the GIL (Oxigraph: `Engine.concurrent`), the slices after the first run several
    at once, one per core (at most SLICE_THREADS), sized from the first so that together they hold the
    rows the page still needs. A parameter that
    binds the key or one named in `# whole: NAME …` (selective enough), no limit, or an engine that
    holds the graph in memory (`Engine.slices` false) runs the query whole. `# slices: NAME.slice.rq`
    names a second text, planned from the key, that the slices run (and a bound key, on a slicing
    engine, unless a `# whole:` parameter is bound too); it gives the whole query's rows for those keys.
    `# bound: PARAM NAME.PARAM.rq` names a text that answers instead when PARAM is bound (the same rows).
    """
    engine = as_engine(g)
    cap = own_limit(q.text)
    if cap is not None:  # the query's own rows are the first `cap`: the page is cut from them
        limit = max((cap if not limit else min(cap, offset + limit)) - offset, 0)
        if not limit:  # past the query's own rows: none, with its columns (no key value: no work)
            text = with_rows(q.slice_text or q.text, q.page[0], []) if q.page else paged(q.text, 1, cap)
            return select_result(run_query(engine, text, bindings).columns, [])
    if not limit or q.page is None or not engine.slices or {q.page[0], *q.whole} & set(bindings):
        # a bound key is one slice: the slice text answers it (unless a `# whole:` parameter is bound)
        one_key = engine.slices and q.page and q.page[0] in bindings and not set(q.whole) & set(bindings)
        text = q.text_for(bindings, q.slice_text if one_key else None, persistent=engine.persistent)
        return run_query(engine, paged(text, limit, offset), bindings)
    key, listing = q.page
    values = _listed(engine, key, listing, descending_key(q.text, key))
    text = q.text_for(bindings, q.slice_text, persistent=engine.persistent)
    need, most, threads = offset + limit, q.max_keys or MAX_KEYS, slice_threads(engine)
    got: list[list[Term | None]] = []
    columns: list[str] = []
    start, size, per_key = 0, q.first_keys or FIRST_KEYS, 0.0
    while start < len(values):
        if per_key and threads > 1:  # the keys the page still needs, in chunks that run at once
            wanted = int((need - len(got)) / per_key) + 1
            size = min(most, max(1, -(-wanted // threads)))
        chunks = _chunks(values, start, size, 1 if not per_key else threads)
        results = _run_all(
            engine, [paged(with_rows(text, key, c), need - len(got)) for c in chunks], bindings
        )
        rows = 0
        for res in results:
            columns = res.columns
            got.extend(res.terms or [])
            rows += len(res.rows)
        keys = sum(len(c) for c in chunks)
        start += keys
        if len(got) >= need:
            break
        per_key = max(rows, 1) / max(keys, 1)
        if threads == 1:
            size = min(most, max(size, int((need - len(got)) / per_key) + 1))
    if not columns:  # no key value at all: the query's columns, no rows
        columns = run_query(engine, with_rows(text, key, []), bindings).columns
    return select_result(columns, got[offset:need])


SLICE_THREADS = 4  # at most this many slices of a page run at once (Engine.concurrent)


def slice_threads(engine: Any) -> int:
    """How many slices of a page run at once: one per core (at most SLICE_THREADS) on an engine
    whose queries run outside the GIL (Oxigraph), else one."""
    if not getattr(engine, "concurrent", False):
        return 1
    return max(1, min(SLICE_THREADS, os.cpu_count() or 1))


def _chunks(values: list[Term], start: int, size: int, count: int) -> list[list[Term]]:
    """Up to `count` consecutive chunks of about `size` key values from `start`; values with the same
    text sort together, so they stay in one chunk."""
    out: list[list[Term]] = []
    while len(out) < count and start < len(values):
        end = min(start + size, len(values))
        while 0 < end < len(values) and values[end].value == values[end - 1].value:
            end += 1
        out.append(values[start:end])
        start = end
    return out


def _run_all(engine: Any, texts: list[str], bindings: Mapping[str, Term]) -> list[Result]:
    """Each query's result, in order; all but the first in threads of their own, at once (Oxigraph
    releases the GIL while it evaluates). An error in any is raised, without its frames (an Oxigraph
    result must not be freed in another thread than its own)."""
    if len(texts) == 1:
        return [run_query(engine, texts[0], bindings)]
    box: list[Result | BaseException | None] = [None] * len(texts)

    def one(i: int) -> None:
        try:
            box[i] = run_query(engine, texts[i], bindings)
        except BaseException as exc:
            exc.__traceback__ = exc.__context__ = exc.__cause__ = None
            box[i] = exc

    started = [
        threading.Thread(target=one, args=(i,), daemon=True, name="edukg-slice") for i in range(1, len(texts))
    ]
    for t in started:
        t.start()
    one(0)
    for t in started:
        t.join()
    out: list[Result] = []
    for r in box:
        if isinstance(r, BaseException):
            raise r
        assert r is not None
        out.append(r)
    return out


def _listed(engine: Any, key: str, listing: str, descending: bool) -> list[Term]:
    """The page key's values, listed once per engine that keeps them (`keys`: Oxigraph's, whose store
    does not change under it), else every time."""
    kept: dict[tuple[str, str, bool], list[Term]] | None = getattr(engine, "keys", None)
    if kept is None:
        return key_values(engine, key, listing, descending=descending)
    values = kept.get((key, listing, descending))
    if values is None:
        values = kept[(key, listing, descending)] = key_values(engine, key, listing, descending=descending)
    return values


def _number(t: Term) -> Decimal:
    try:
        return Decimal(t.value)
    except InvalidOperation:
        raise ValueError(t.value) from None


def key_values(g: Any, key: str, listing: str, *, descending: bool = False) -> list[Term]:
    """The values of a page key in order (`descending`: largest first), each once.

    IRIs, or strings (with or without a language), are sorted here by their text, code point by code
    point (as SPARQL orders IRIs and strings; a query keyed by a string orders by its text): a store
    that must look every string up to compare it sorts ten thousand labels in seconds, Python in
    milliseconds. Numbers (xsd:integer, decimal) are sorted here by value. Other values are sorted by
    the engine (`ORDER BY ?KEY`)."""
    terms = [t for t in dict.fromkeys(as_engine(g).column(listing)) if t is not None]
    ordered: list[Term] | None = None
    if all(t.kind == "uri" for t in terms) or all(
        t.kind == "literal" and t.datatype in _STRINGS for t in terms
    ):
        ordered = sorted(terms, key=lambda t: (t.value, t.lang or ""))
    elif all(t.kind == "literal" and t.datatype in _NUMBERS for t in terms):
        try:
            ordered = sorted(terms, key=lambda t: (_number(t), t.value))
        except ValueError:  # a malformed number: the engine orders it
            ordered = None
    if ordered is None:
        column = as_engine(g).column(f"SELECT ?{key} WHERE {{ {{ {listing} }} }} ORDER BY ?{key}")
        ordered = [t for t in dict.fromkeys(column) if t is not None]
    return ordered[::-1] if descending else ordered


__all__ = [
    "FIRST_KEYS",
    "MAX_KEYS",
    "PAGE",
    "SLICE_THREADS",
    "descending_key",
    "key_values",
    "own_limit",
    "paged",
    "run_page",
    "slice_threads",
]
