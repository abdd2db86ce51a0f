"""Answering one request in a worker process: a query (content negotiation, result formats, refusals)
or an entity card, from the Oxigraph store opened read-only or the graph held in memory."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.core.errors import EduKGError, QueryError
from graph.sparql.engine import Engine, OxigraphEngine
from graph.sparql.guard import check_query
from graph.sparql.results import RESULT_FORMATS, Result

MAX_BODY = 256 * 1024
MAX_ROWS = 100_000
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "rdfxml",
}
Answer = tuple[int, str, bytes]


def negotiate(accept: str | None, offered: Mapping[str, str]) -> str | None:
    """The media type to answer with: the client's most preferred one that is offered, the first
    offered for */* or no Accept header, None when nothing acceptable is offered."""
    default = next(iter(offered))
    if not accept or not accept.strip():
        return default
    prefs: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            prefs.append((-q, i, media))
    for _, _, media in sorted(prefs):
        if media in offered:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            for m in offered:
                if m.startswith(major):
                    return m
    return None


def error_answer(status: int, message: str) -> Answer:
    return status, "text/plain; charset=utf-8", (message.strip() + "\n").encode("utf-8")


def _status(exc: QueryError) -> int:
    return 403 if str(exc).startswith("updates are not allowed") else 400


def answer(engine: Engine, text: str, accept: str | None) -> Answer:
    """Evaluate one query and serialise the result for the Accept header: (status, type, body)."""
    try:
        form = check_query(text).form
    except QueryError as exc:
        return error_answer(_status(exc), str(exc))
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES
    media = negotiate(accept, offered)
    if media is None:
        return error_answer(406, "no acceptable result format; accept one of: " + ", ".join(offered))
    try:
        result = engine.run(text)
    except QueryError as exc:
        return error_answer(_status(exc), str(exc))
    return formatted(result, media, offered)


def formatted(result: Result, media: str, offered: Mapping[str, str]) -> Answer:
    """A result serialised as `media` (one of `offered`), or 413 past MAX_ROWS."""
    if len(result.rows) > MAX_ROWS:
        what = "triples" if result.kind == "graph" else "rows"
        return error_answer(413, f"more than {MAX_ROWS} {what}; add LIMIT or narrow the query")
    if result.kind == "graph" and media not in GRAPH_TYPES:  # a form the token scan did not see
        media = "application/n-triples"
    elif result.kind != "graph" and media not in SELECT_TYPES:
        media = "application/sparql-results+json"
    return 200, f"{media}; charset=utf-8", RESULT_FORMATS[offered.get(media, "nt")](result)


def named_answer(engine: Engine, job: str, accept: str | None) -> Answer:
    """A named query's page (graph.sparql.pages.run_page, as `edukg query NAME` runs it): `job` is
    JSON {"name", "values", "limit", "offset"}; limit 0 or null is every row."""
    from graph.sparql.library import get_named_query
    from graph.sparql.pages import run_page

    media = negotiate(accept, SELECT_TYPES)
    if media is None:
        return error_answer(406, "no acceptable result format; accept one of: " + ", ".join(SELECT_TYPES))
    try:
        spec = json.loads(job)
        q = get_named_query(spec["name"])
        result = run_page(
            engine, q, q.bindings(spec.get("values") or {}), spec.get("limit"), spec.get("offset") or 0
        )
    except QueryError as exc:
        return error_answer(404 if "unknown query" in str(exc) else _status(exc), str(exc))
    return formatted(result, media, SELECT_TYPES)


def card_answer(engine: Engine, iri: str, accept: str | None) -> Answer:
    """An entity's card as an HTML page (or JSON), the same content as `edukg show`."""
    from graph.serve.page import card_page
    from graph.views.card import EntityNotFound, card_json
    from graph.views.entity import entity_card

    media = negotiate(accept, {"text/html": "html", "application/json": "json"})
    if media is None:
        return error_answer(406, "the card is served as text/html or application/json")
    try:
        c = entity_card(engine, f"<{iri}>")
    except EntityNotFound:
        return error_answer(404, f"no entity {iri} in this graph")
    except EduKGError as exc:
        return error_answer(400, str(exc))
    if media == "application/json":
        return 200, "application/json; charset=utf-8", card_json(c).encode("utf-8")
    return 200, "text/html; charset=utf-8", card_page(c).encode("utf-8")


def _block_network(event: str, args: tuple[Any, ...]) -> None:
    if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "subprocess.Popen", "os.system"):
        raise PermissionError(f"{event} is not allowed while answering SPARQL queries")


def open_engine_at(source: str) -> Engine:
    """The store's database folder opened read-only, or a graph file loaded into memory."""
    from pyoxigraph import Store

    path = Path(source)
    if path.is_dir():
        # persistent: named queries with a page key are read a slice at a time (run_page)
        return OxigraphEngine(Store.read_only(str(path)), persistent=True)
    from graph.store.oxigraph import in_memory

    return OxigraphEngine(in_memory(path).store)


def ready_engine(source: str) -> Engine:  # pragma: no cover - runs in a child process
    """The engine opened and warmed up: a query, the formats, the card page, the page-slicing choice
    (a store in memory counts its triples once, here, not in each worker forked from it)."""
    engine = open_engine_at(source)
    answer(engine, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", None)
    card_answer(engine, "urn:edukg:warm-up", "text/html")
    _ = engine.slices
    return engine


def serve_jobs(conn: Connection, engine: Engine) -> None:  # pragma: no cover - runs in a child process
    """Answer jobs from `conn` until it closes, with network and subprocess calls refused."""
    sys.addaudithook(_block_network)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        kind, arg, accept = job
        try:
            run = {"query": answer, "named": named_answer}.get(kind, card_answer)
            out = run(engine, arg, accept)
        except Exception as exc:  # never let one request end the worker
            out = error_answer(500, f"the query failed: {type(exc).__name__}: {str(exc)[:200]}")
        conn.send(out)


def worker_main(fd: int, source: str) -> None:  # pragma: no cover - runs in a child process
    conn = Connection(fd)
    serve_jobs(conn, ready_engine(source))
