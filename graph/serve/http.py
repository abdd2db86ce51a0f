"""HTTP: the request handler, the server with its connection limit and DNS-rebinding guard, and `serve`."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from rdflib import Graph

from graph.core.errors import EduKGError, QueryError
from graph.serve.answer import (
    ASSETS,
    LOOPBACK_NAMES,
    MAX_BODY,
    MAX_CONNECTIONS,
    Answer,
    error_answer,
)
from graph.serve.workers import WorkerPool


@dataclass
class _Page:
    assets: dict[str, tuple[bytes, str]]
    queries_json: bytes


def _page() -> _Page:
    from graph.sparql.library import load_named_queries
    from graph.sparql.params import PARAM_TYPES

    folder = resources.files("graph.serve") / "templates"
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
            return self._answer(
                error_answer(403, "this endpoint answers only requests addressed to localhost")
            )
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
        return self._answer(error_answer(404, f"not found: {path}; the endpoint is /sparql, the page is /"))

    def do_POST(self) -> None:
        if not self._host_allowed():
            self.close_connection = True
            return self._answer(
                error_answer(403, "this endpoint answers only requests addressed to localhost")
            )
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/sparql", "/query", "/update"):
            return self._answer(error_answer(404, f"not found: {url.path}; POST queries to /sparql"))
        if self.headers.get("Transfer-Encoding"):
            return self._answer(error_answer(411, "send a Content-Length; chunked requests are not accepted"))
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._answer(error_answer(411, "send a Content-Length header"))
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            return self._answer(
                error_answer(413, f"request body over {MAX_BODY} bytes; send a shorter query")
            )
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if url.path == "/update" or ctype == "application/sparql-update":
            return self._answer(error_answer(403, "updates are not allowed: this endpoint is read-only"))
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-query":
            if "query" in params:
                return self._answer(
                    error_answer(400, "give the query either in the body or in the URL, not both")
                )
            params["query"] = [body.decode("utf-8", "replace")]
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        else:
            return self._answer(
                error_answer(415, "send application/sparql-query or application/x-www-form-urlencoded")
            )
        self._protocol(params, "POST")

    def _refuse_write(self) -> None:
        self._answer(
            error_answer(403, "this endpoint is read-only: use `edukg push` against a SPARQL server")
        )

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def _protocol(self, params: dict[str, list[str]], method: str) -> None:
        if "update" in params:
            return self._answer(error_answer(403, "updates are not allowed: this endpoint is read-only"))
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return self._answer(error_answer(400, "give exactly one `query` parameter"))
        self._answer(self.server.pool.run(queries[0], None, self.headers.get("Accept")))

    def _named(self, name: str, query_string: str) -> None:
        from graph.sparql.library import get_named_query

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
            return self._answer(error_answer(status, str(exc)))
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
