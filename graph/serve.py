"""A read-only SPARQL 1.1 Protocol endpoint and an offline query page, on the standard library.

    GET  /sparql?query=…                       (also /query)
    POST /sparql  application/sparql-query     the query as the body
    POST /sparql  application/x-www-form-urlencoded  query=…
    GET  /queries                              the named planner queries (JSON)
    GET  /queries/NAME?param=value             run a named query, parameters bound as RDF terms
    GET  /  /sparql.js  /sparql.css            the query page (no CDN, no inline script)

Results by content negotiation: SPARQL JSON (default), XML, CSV, TSV; CONSTRUCT and DESCRIBE as
Turtle (or N-Triples, JSON-LD, RDF/XML). Updates, SERVICE and FROM are refused.

Queries run in a small pool of worker processes, each holding its own copy of the graph; a query
that outlives the time limit is stopped by killing its worker, which is replaced in the background.
Requests are bounded in size, concurrent connections in number, and only the page's own three assets
are served (no path ever reaches the file system).
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result as RDFResult
from rdflib.term import Identifier, Node, Variable

from graph.errors import EduKGError, QueryError
from graph.namespaces import PREFIXES

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


def _error(status: int, message: str) -> Answer:
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

    from graph.query import _position, _prologue, refuse_update

    try:
        refuse_update(text)
    except QueryError as exc:
        return _error(403, str(exc))
    full = _prologue() + text
    try:
        prepared = prepareQuery(full)
    except Exception as exc:  # rdflib and pyparsing raise several types
        try:
            parseUpdate(full)
        except Exception:
            return _error(400, f"malformed SPARQL: {_position(exc, len(_prologue().splitlines()))}")
        return _error(403, "updates are not allowed: this endpoint is read-only")
    if prepared.algebra.get("datasetClause"):
        return _error(400, "FROM and FROM NAMED are not supported: the endpoint serves one graph")
    if _forbidden_parts(prepared.algebra):
        return _error(400, "SERVICE is not supported: the endpoint makes no outgoing requests")
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
        return _error(406, "no acceptable result format; accept one of: " + ", ".join(offered))
    try:
        res = g.query(prepared, initBindings=dict(bindings or {}))
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            assert res.graph is not None
            if len(res.graph) > MAX_ROWS:
                return _error(413, f"more than {MAX_ROWS} triples; narrow the query")
            for prefix, ns in PREFIXES.items():
                res.graph.bind(prefix, str(ns), override=True)
            body = res.graph.serialize(format=offered[media], encoding="utf-8")
            return 200, f"{media}; charset=utf-8", body
        if res.type == "SELECT":
            rows: list[dict[Variable, Identifier]] = []
            for i, row in enumerate(res):
                if i >= MAX_ROWS:
                    return _error(413, f"more than {MAX_ROWS} rows; add LIMIT or narrow the query")
                rows.append({Variable(k): v for k, v in row.asdict().items()})  # type: ignore[union-attr]
            capped = RDFResult("SELECT")
            capped.vars = res.vars
            capped.bindings = rows  # type: ignore[assignment]
            res = capped
        fmt = offered[media]
        body = _tsv(res) if fmt == "tsv" else res.serialize(format=fmt, encoding="utf-8")  # type: ignore[assignment]
        return 200, f"{media}; charset=utf-8", body or b""
    except Exception as exc:
        return _error(
            400, f"query failed: {str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__}"
        )


def _block_network(event: str, args: tuple[Any, ...]) -> None:
    if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "subprocess.Popen", "os.system"):
        raise PermissionError(f"{event} is not allowed while answering SPARQL queries")


def _worker_main(fd: int) -> None:  # pragma: no cover - runs in a child process
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


# ---------------------------------------------------------------- the worker pool


class _Worker:
    """A child Python process (not multiprocessing: it never re-imports the caller's __main__) that
    talks over a socketpair wrapped as a multiprocessing Connection."""

    def __init__(self, data: bytes) -> None:
        parent, child = socket.socketpair()
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER_ENTRY, str(child.fileno())],
            pass_fds=(child.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.conn = Connection(parent.detach())
        self.conn.send_bytes(data)

    def wait_ready(self, timeout: float) -> bool:
        try:
            return bool(self.conn.poll(timeout)) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(5)
        self.conn.close()


WORKER_ENTRY = "import sys; from graph.serve import _worker_main; _worker_main(int(sys.argv[1]))"


class WorkerPool:
    """Processes that hold the graph and answer queries; a query past the time limit kills its worker."""

    def __init__(self, data: bytes, size: int = 2, timeout: float = 10.0) -> None:
        self._data = data
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.closed = False
        self.stopped = 0
        started = [self._start() for _ in range(size)]
        for w in started:
            if not w.wait_ready(120):
                self.close()
                raise EduKGError("the SPARQL worker processes did not start; run with --debug")
            self._idle.put(w)

    def _start(self) -> _Worker:
        w = _Worker(self._data)
        with self._lock:
            self._all.add(w)
        return w

    def _retire(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        w.kill()
        if not self.closed:
            threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        w = self._start()
        if w.wait_ready(120) and not self.closed:
            self._idle.put(w)
        else:
            with self._lock:
                self._all.discard(w)
            w.kill()

    def run(self, text: str, bindings: Mapping[str, Identifier] | None, accept: str | None) -> Answer:
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return _error(503, f"server busy: no query worker free within {self.timeout:g} s; try again")
        try:
            w.conn.send((text, dict(bindings or {}), accept))
            if w.conn.poll(self.timeout):
                out = w.conn.recv()
                self._idle.put(w)
                return out  # type: ignore[no-any-return]
        except (EOFError, OSError):
            self._retire(w)
            return _error(500, "the query worker stopped unexpectedly; try again")
        self.stopped += 1
        self._retire(w)
        return _error(
            503,
            f"query timed out: stopped after {self.timeout:g} s (the time limit); add LIMIT or narrow the pattern",
        )

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


# ---------------------------------------------------------------- HTTP


@dataclass
class _Page:
    assets: dict[str, tuple[bytes, str]]
    queries_json: bytes


def _page() -> _Page:
    from graph.query import PARAM_TYPES, load_named_queries

    folder = resources.files("graph") / "templates"
    assets = {path: ((folder / name).read_bytes(), ctype) for path, (name, ctype) in ASSETS.items()}
    listing = [
        {
            "name": q.name,
            "title_zh": q.title_zh,
            "title_en": q.title_en,
            "answers": q.answers,
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "doc": p.doc,
                    "type_doc": PARAM_TYPES[p.type][1],
                }
                for p in q.params
            ],
            "text": q.text,
        }
        for q in load_named_queries().values()
    ]
    return _Page(assets, json.dumps(listing, ensure_ascii=False, indent=1).encode("utf-8"))


class Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    server_version = "EduKG-SPARQL/0.1"
    timeout = 30  # seconds a client may take to send its request

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, ctype: str, body: bytes, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head and self.command != "HEAD":
            self.wfile.write(body)

    def _answer(self, a: Answer) -> None:
        self._send(*a)

    # GET and HEAD
    def do_GET(self) -> None:
        self._get(head=False)

    def do_HEAD(self) -> None:
        self._get(head=True)

    def _host_allowed(self) -> bool:
        """On a loopback address, only loopback Host headers (defeats DNS rebinding from web pages)."""
        if not self.server.loopback:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        return name in LOOPBACK_NAMES

    def _get(self, head: bool) -> None:
        if not self._host_allowed():
            return self._answer(_error(403, "this endpoint answers only requests addressed to localhost"))
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        if path in self.server.page.assets:
            body, ctype = self.server.page.assets[path]
            return self._send(200, ctype, body, head)
        if path == "/queries":
            return self._send(200, "application/json; charset=utf-8", self.server.page.queries_json, head)
        if path.startswith("/queries/"):
            return self._named(path[len("/queries/") :], url.query)
        if path in ("/sparql", "/query"):
            return self._protocol(urllib.parse.parse_qs(url.query, keep_blank_values=True), "GET")
        return self._answer(_error(404, f"not found: {path}; the endpoint is /sparql, the page is /"))

    def do_POST(self) -> None:
        if not self._host_allowed():
            self.close_connection = True
            return self._answer(_error(403, "this endpoint answers only requests addressed to localhost"))
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/sparql", "/query", "/update"):
            return self._answer(_error(404, f"not found: {url.path}; POST queries to /sparql"))
        if self.headers.get("Transfer-Encoding"):
            return self._answer(_error(411, "send a Content-Length; chunked requests are not accepted"))
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._answer(_error(411, "send a Content-Length header"))
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            return self._answer(_error(413, f"request body over {MAX_BODY} bytes; send a shorter query"))
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if url.path == "/update" or ctype == "application/sparql-update":
            return self._answer(_error(403, "updates are not allowed: this endpoint is read-only"))
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-query":
            if "query" in params:
                return self._answer(_error(400, "give the query either in the body or in the URL, not both"))
            params["query"] = [body.decode("utf-8", "replace")]
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        else:
            return self._answer(
                _error(415, "send application/sparql-query or application/x-www-form-urlencoded")
            )
        self._protocol(params, "POST")

    def _refuse_write(self) -> None:
        self._answer(_error(403, "this endpoint is read-only: use `edukg push` against a SPARQL server"))

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def _protocol(self, params: dict[str, list[str]], method: str) -> None:
        if "update" in params:
            return self._answer(_error(403, "updates are not allowed: this endpoint is read-only"))
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return self._answer(_error(400, "give exactly one `query` parameter"))
        self._answer(self.server.pool.run(queries[0], None, self.headers.get("Accept")))

    def _named(self, name: str, query_string: str) -> None:
        from graph.query import get_named_query

        values = {
            k: v[-1]
            for k, v in urllib.parse.parse_qs(query_string, keep_blank_values=True).items()
            if k not in ("format", "output") and v[-1] != ""
        }
        try:
            nq = get_named_query(urllib.parse.unquote(name))
            bindings = nq.bindings(values)
        except QueryError as exc:
            status = 404 if "unknown query" in str(exc) else 400
            return self._answer(_error(status, str(exc)))
        self._answer(self.server.pool.run(nq.text, bindings, self.headers.get("Accept")))


class EndpointServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer with a bounded number of connections and a query worker pool."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        pool: WorkerPool,
        page: _Page,
        max_connections: int = MAX_CONNECTIONS,
        quiet: bool = False,
    ) -> None:
        self.pool = pool
        self.page = page
        self.quiet = quiet
        self.loopback = address[0] in LOOPBACK_NAMES
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(timeout=5):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            finally:
                self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def close(self) -> None:
        self.server_close()
        self.pool.close()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"


def make_server(
    g: Graph,
    host: str = "127.0.0.1",
    port: int = 7879,
    *,
    timeout: float = 10.0,
    workers: int = 2,
    quiet: bool = False,
) -> EndpointServer:
    """Start the worker processes and bind the HTTP server (call serve_forever, then close)."""
    t0 = time.perf_counter()
    data = g.serialize(format="nt", encoding="utf-8")
    pool = WorkerPool(data, size=workers, timeout=timeout)
    try:
        server = EndpointServer((host, port), pool, _page(), quiet=quiet)
    except OSError as exc:
        pool.close()
        raise EduKGError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None
    server.started_in = time.perf_counter() - t0  # type: ignore[attr-defined]
    return server


def serve(
    g: Graph,
    host: str = "127.0.0.1",
    port: int = 7879,
    *,
    timeout: float = 10.0,
    workers: int = 2,
    quiet: bool = False,
    ready: Callable[[EndpointServer], None] | None = None,
) -> None:
    """Serve the graph until interrupted (the library function behind `edukg serve`); `ready` is
    called with the bound server before requests are answered."""
    server = make_server(g, host, port, timeout=timeout, workers=workers, quiet=quiet)
    try:
        if ready:
            ready(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
