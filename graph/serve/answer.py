"""Answering one query (in a worker process): content negotiation, result formats, refusals."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from multiprocessing.connection import Connection
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result as RDFResult
from rdflib.term import Identifier, Node, Variable

from graph.core.errors import QueryError
from graph.core.namespaces import PREFIXES

MAX_BODY = 256 * 1024
MAX_ROWS = 100_000
MAX_CONNECTIONS = 128
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
ASK_TYPES = {k: v for k, v in SELECT_TYPES.items() if v in ("json", "xml")}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
ASSETS = {
    "/": ("sparql.html", "text/html; charset=utf-8"),
    "/index.html": ("sparql.html", "text/html; charset=utf-8"),
    "/sparql.js": ("sparql.js", "text/javascript; charset=utf-8"),
    "/sparql.css": ("sparql.css", "text/css; charset=utf-8"),
}
Answer = tuple[int, str, bytes]


# ---------------------------------------------------------------- answering one query (in a worker)


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


def _tsv_term(t: Node | None) -> str:
    if t is None:
        return ""
    if isinstance(t, Literal):
        s = str(t)
        for a, b in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
            s = s.replace(a, b)
        if t.language:
            return f'"{s}"@{t.language}'
        if t.datatype:
            return f'"{s}"^^<{t.datatype}>'
        return f'"{s}"'
    if isinstance(t, URIRef):
        return f"<{t}>"
    return t.n3()


def _tsv(res: RDFResult) -> bytes:
    cols = [str(v) for v in res.vars or []]
    lines = ["\t".join(f"?{c}" for c in cols)]
    lines += ["\t".join(_tsv_term(row[i]) for i in range(len(cols))) for row in res]  # type: ignore[index]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _forbidden_parts(node: Any, seen: set[int] | None = None) -> str | None:
    """SERVICE anywhere in the algebra (the endpoint makes no outgoing requests)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    seen = seen if seen is not None else set()
    if id(node) in seen:
        return None
    seen.add(id(node))
    if isinstance(node, CompValue):
        if "Service" in node.name:
            return "SERVICE"
        children: Any = node.values()
    elif isinstance(node, list | tuple):
        children = node
    else:
        return None
    for child in children:
        found = _forbidden_parts(child, seen)
        if found:
            return found
    return None


def answer(g: Graph, text: str, bindings: Mapping[str, Identifier] | None, accept: str | None) -> Answer:
    """Evaluate one query and serialise the result for the Accept header: (status, type, body)."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    from graph.sparql.engine import error_position, prologue, refuse_update

    try:
        refuse_update(text)
    except QueryError as exc:
        return error_answer(403, str(exc))
    full = prologue() + text
    try:
        prepared = prepareQuery(full)
    except Exception as exc:  # rdflib and pyparsing raise several types
        try:
            parseUpdate(full)
        except Exception:
            return error_answer(400, f"malformed SPARQL: {error_position(exc, len(prologue().splitlines()))}")
        return error_answer(403, "updates are not allowed: this endpoint is read-only")
    if prepared.algebra.get("datasetClause"):
        return error_answer(400, "FROM and FROM NAMED are not supported: the endpoint serves one graph")
    if _forbidden_parts(prepared.algebra):
        return error_answer(400, "SERVICE is not supported: the endpoint makes no outgoing requests")
    kind = prepared.algebra.name
    offered = (
        GRAPH_TYPES
        if kind in ("ConstructQuery", "DescribeQuery")
        else ASK_TYPES
        if kind == "AskQuery"
        else SELECT_TYPES
    )
    media = negotiate(accept, offered)
    if media is None:
        return error_answer(406, "no acceptable result format; accept one of: " + ", ".join(offered))
    try:
        res = g.query(prepared, initBindings=dict(bindings or {}))
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            assert res.graph is not None
            if len(res.graph) > MAX_ROWS:
                return error_answer(413, f"more than {MAX_ROWS} triples; narrow the query")
            for prefix, ns in PREFIXES.items():
                res.graph.bind(prefix, str(ns), override=True)
            body = res.graph.serialize(format=offered[media], encoding="utf-8")
            return 200, f"{media}; charset=utf-8", body
        if res.type == "SELECT":
            rows: list[dict[Variable, Identifier]] = []
            for i, row in enumerate(res):
                if i >= MAX_ROWS:
                    return error_answer(413, f"more than {MAX_ROWS} rows; add LIMIT or narrow the query")
                rows.append({Variable(k): v for k, v in row.asdict().items()})  # type: ignore[union-attr]
            capped = RDFResult("SELECT")
            capped.vars = res.vars
            capped.bindings = rows  # type: ignore[assignment]
            res = capped
        fmt = offered[media]
        body = _tsv(res) if fmt == "tsv" else res.serialize(format=fmt, encoding="utf-8")  # type: ignore[assignment]
        return 200, f"{media}; charset=utf-8", body or b""
    except Exception as exc:
        return error_answer(
            400, f"query failed: {str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__}"
        )


def _block_network(event: str, args: tuple[Any, ...]) -> None:
    if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "subprocess.Popen", "os.system"):
        raise PermissionError(f"{event} is not allowed while answering SPARQL queries")


def worker_main(fd: int) -> None:  # pragma: no cover - runs in a child process
    conn = Connection(fd)
    g = Graph()
    g.parse(data=conn.recv_bytes().decode("utf-8"), format="nt")
    from rdflib.plugins.sparql import prepareQuery

    # warm up the parser and the result serialisers before the audit hook is in place
    answer(g, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", None, "application/sparql-results+json")
    prepareQuery("ASK {}")
    sys.addaudithook(_block_network)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        text, bindings, accept = job
        conn.send(answer(g, text, bindings, accept))
