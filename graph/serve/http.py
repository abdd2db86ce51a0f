"""HTTP on asyncio: bounded requests read under one deadline, routes, the DNS-rebinding guard, `serve`.

One event loop reads every connection, so a slow client costs a coroutine, not a thread or a slot:
the request line, headers and body must arrive within REQUEST_DEADLINE seconds and within their size
limits, or the connection is answered (408, 413, 414, 431) and closed. Queries and cards are answered
by the worker processes (graph.serve.workers); the loop only waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import socket
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from graph.core.errors import EduKGError, QueryError
from graph.serve.answer import LOOPBACK_NAMES, SELECT_TYPES, Answer, error_answer, negotiate
from graph.serve.cache import AnswerCache
from graph.serve.page import CSP, Assets, load_assets, query_page, with_prefixes
from graph.serve.request import MAX_CONNECTIONS, MAX_LINE, REQUEST_DEADLINE, Refused, Request, read_request
from graph.serve.workers import WorkerPool
from graph.sparql.resident import TOKEN_HEADER, identity

PAGE_TYPES = {**SELECT_TYPES, "text/html": "html"}


class EndpointServer:
    """The endpoint: an asyncio server in front of a WorkerPool. `serve_forever()` runs it (in any
    thread), `shutdown()` stops it from another thread, `close()` stops the workers."""

    def __init__(
        self,
        address: tuple[str, int],
        pool: WorkerPool,
        assets: Assets,
        quiet: bool = False,
        cache_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        self.pool = pool
        self.cache = AnswerCache(cache_bytes)
        self.assets = assets
        self.quiet = quiet
        self.loopback = address[0] in LOOPBACK_NAMES
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.socket = socket.create_server(address, family=family, backlog=1024, reuse_port=False)
        self.server_address = self.socket.getsockname()
        self.connections = 0
        self.refused_busy = 0
        self.request_deadline = REQUEST_DEADLINE
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stopped = threading.Event()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.store = "persistent"  # or "memory": the graph held by the process the workers fork from
        self.token = secrets.token_hex(16)  # announced with the graph (graph.sparql.resident)
        self.graph: Path | None = None  # the graph file it answers from
        self.graph_seen: dict[str, object] = {}  # that file's identity before it was loaded

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def log(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)

    # ------------------------------------------------------------ running

    def serve_forever(self) -> None:
        try:
            asyncio.run(self._main())
        finally:
            self._stopped.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, sock=self.socket, limit=MAX_LINE, backlog=1024)
        async with server:
            await self._stop.wait()

    def shutdown(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._stopped.wait(10)

    def close(self) -> None:
        self.pool.close()
        with contextlib.suppress(OSError):
            self.socket.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    # ------------------------------------------------------------ one connection

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername") or ("?", 0)
        who = f"{peer[0]}:{peer[1]}"
        self.connections += 1
        t0 = time.perf_counter()
        req: Request | None = None
        try:
            if self.connections > MAX_CONNECTIONS:
                self.refused_busy += 1
                out: Answer = error_answer(503, "server busy: too many connections; try again")
            else:
                try:
                    req = await asyncio.wait_for(read_request(reader), self.request_deadline)
                except TimeoutError:
                    limit = self.request_deadline
                    self.log(f"{who} sent no complete request within {limit:g} s: closed (408)")
                    out = error_answer(408, f"the request did not arrive within {limit:g} s")
                except Refused as exc:
                    out = error_answer(exc.status, str(exc))
                except (asyncio.IncompleteReadError, ConnectionError):
                    self.log(f"{who} disconnected while sending its request")
                    return
                else:
                    if req is None:
                        return
                    answered = await self._route_watching(req, reader)
                    if answered is None:
                        self.log(
                            f"{who} disconnected before the answer to {req.method} {req.target[:120]} was sent"
                        )
                        return
                    out = answered
            head = req is not None and req.method == "HEAD"
            await self._write(writer, out, head)
            if req is not None:
                ms = (time.perf_counter() - t0) * 1000
                self.log(f'{who} "{req.method} {req.target[:200]}" {out[0]} {len(out[2])} {ms:.0f}ms')
        except (ConnectionError, TimeoutError):
            what = f"{req.method} {req.target[:120]}" if req else "its request"
            self.log(f"{who} disconnected before the answer to {what} was sent")
        finally:
            self.connections -= 1
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)

    async def _route_watching(self, req: Request, reader: asyncio.StreamReader) -> Answer | None:
        """The answer, or None when the client closes the connection while it is being computed."""
        route = asyncio.ensure_future(self._route(req))
        closed = asyncio.ensure_future(reader.read(1))
        await asyncio.wait({route, closed}, return_when=asyncio.FIRST_COMPLETED)
        if not route.done() and closed.done() and (closed.exception() is not None or closed.result() == b""):
            return None  # the worker finishes the query anyway (and the answer is cached)
        closed.cancel()
        return await route

    async def _write(self, writer: asyncio.StreamWriter, a: Answer, head: bool) -> None:
        status, ctype, body = a
        reason = {
            200: "OK",
            400: "Bad Request",
            403: "Forbidden",
            404: "Not Found",
            406: "Not Acceptable",
            408: "Request Timeout",
            411: "Length Required",
            413: "Content Too Large",
            414: "URI Too Long",
            415: "Unsupported Media Type",
            431: "Request Header Fields Too Large",
            500: "Internal Server Error",
            503: "Service Unavailable",
        }.get(status, "")
        cache = "public, max-age=86400" if ctype.startswith(("text/javascript", "text/css")) else "no-store"
        lines = [
            f"HTTP/1.1 {status} {reason}",
            f"Content-Type: {ctype}",
            f"Content-Length: {len(body)}",
            "X-Content-Type-Options: nosniff",
            f"Content-Security-Policy: {CSP}",
            f"Cache-Control: {cache}",
            "Vary: Accept",
            "Connection: close",
            "Server: EduKG-SPARQL/0.2",
        ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if not head:
            writer.write(body)
        await asyncio.wait_for(writer.drain(), 60)

    # ------------------------------------------------------------ routes

    def _host_allowed(self, req: Request) -> bool:
        """On a loopback address, only loopback Host headers (defeats DNS rebinding from web pages)."""
        if not self.loopback:
            return True
        host = (req.hosts[0] if req.hosts else "").strip().lower()
        name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        return name in LOOPBACK_NAMES

    async def _ask(self, kind: str, arg: str, accept: str | None) -> Answer:
        async def compute() -> Answer:
            return await asyncio.wrap_future(self.pool.submit((kind, arg, accept)))

        return await self.cache.answer((kind, arg, accept or ""), compute)

    async def _route(self, req: Request) -> Answer:
        if not self._host_allowed(req):
            return error_answer(403, "this endpoint answers only requests addressed to localhost")
        token = req.headers.get(TOKEN_HEADER.lower())
        if token is not None and token != self.token:  # a CLI that read another server's record
            return error_answer(409, "this server does not hold the graph that was announced there")
        url = urllib.parse.urlsplit(req.target)
        path = url.path
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if req.method in ("PUT", "DELETE", "PATCH"):
            return error_answer(403, "this endpoint is read-only: use `edukg push` against a SPARQL server")
        if req.method == "POST":
            return await self._post(req, path, params)
        if req.method not in ("GET", "HEAD"):
            return error_answer(405, f"{req.method} is not supported; use GET or POST")
        if path in self.assets.files:
            body, ctype = self.assets.files[path]
            return 200, ctype, body
        if path in ("/", "/index.html"):
            return self._page(params)
        if path == "/queries":
            return 200, "application/json; charset=utf-8", self.assets.queries_json
        if path.startswith("/queries/"):
            return await self._named(urllib.parse.unquote(path[len("/queries/") :]), params, req.accept)
        if path == "/card":
            iris = params.get("iri", [])
            if len(iris) != 1 or not iris[0].strip():
                return error_answer(400, "give one entity: /card?iri=https://w3id.org/edukg/id/…")
            return await self._ask("card", iris[0].strip().strip("<>"), req.accept)
        if path in ("/sparql", "/query"):
            return await self._protocol(params, req.accept, browser_page=True)
        return error_answer(404, f"not found: {path}; the endpoint is /sparql, the page is /")

    def _page(self, params: dict[str, list[str]]) -> Answer:
        initial: dict[str, object] = {}
        if params.get("query"):
            initial["query"] = params["query"][-1]
        elif params.get("q"):
            initial = {"named": params["q"][-1], "values": {k: v[-1] for k, v in params.items() if k != "q"}}
        return 200, "text/html; charset=utf-8", query_page(initial).encode("utf-8")

    async def _post(self, req: Request, path: str, params: dict[str, list[str]]) -> Answer:
        if path not in ("/sparql", "/query", "/update"):
            return error_answer(404, f"not found: {path}; POST queries to /sparql")
        if "content-length" not in req.headers:
            return error_answer(411, "send a Content-Length header")
        ctype = req.headers.get("content-type", "").split(";")[0].strip().lower()
        if path == "/update" or ctype == "application/sparql-update":
            return error_answer(403, "updates are not allowed: this endpoint is read-only")
        if ctype == "application/sparql-query":
            if "query" in params:
                return error_answer(400, "give the query either in the body or in the URL, not both")
            params["query"] = [req.body.decode("utf-8", "replace")]
        elif ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(req.body.decode("utf-8", "replace"), keep_blank_values=True)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        else:
            return error_answer(415, "send application/sparql-query or application/x-www-form-urlencoded")
        return await self._protocol(params, req.accept, browser_page=False)

    async def _protocol(self, params: dict[str, list[str]], accept: str | None, browser_page: bool) -> Answer:
        if "update" in params:
            return error_answer(403, "updates are not allowed: this endpoint is read-only")
        queries = params.get("query", [])
        if browser_page and negotiate(accept, PAGE_TYPES) == "text/html":
            return self._page(params)  # a browser following a link to a query: the page, query loaded
        if len(queries) != 1 or not queries[0].strip():
            return error_answer(400, "give exactly one `query` parameter")
        return await self._ask("query", queries[0], accept)

    async def _named(self, name: str, params: dict[str, list[str]], accept: str | None) -> Answer:
        """A named query as `edukg query NAME` runs it: its first PAGE rows in ORDER BY order
        (`limit=N` for N rows, `limit=0` for every row, `offset=M` to skip M), read slice by slice
        when it has a page key (graph.sparql.pages.run_page); `/text` gives the text of that page."""
        from graph.sparql.library import get_named_query
        from graph.sparql.pages import PAGE, paged
        from graph.sparql.params import with_values

        as_text = name.endswith("/text")
        name = name.removesuffix("/text")
        paging = {"limit": str(PAGE), "offset": "0"}
        for key in paging:
            if key in params:
                paging[key] = params[key][-1].strip()
                if not paging[key].isdigit() or len(paging[key]) > 12:
                    return error_answer(
                        400, f"{key}={params[key][-1]!r}: give a whole number (limit=0: every row)"
                    )
        limit, offset = int(paging["limit"]), int(paging["offset"])
        skip = ("format", "output", "limit", "offset")
        values = {k: v[-1] for k, v in params.items() if k not in skip and v[-1] != ""}
        try:
            nq = get_named_query(name)
            text = with_values(nq.text, nq.bindings(values))
        except QueryError as exc:
            return error_answer(404 if "unknown query" in str(exc) else 400, str(exc))
        if as_text:  # the page's query with its parameters bound, for the page's editor
            page = paged(text, limit, offset)
            return 200, "application/sparql-query; charset=utf-8", with_prefixes(page).encode("utf-8")
        job = json.dumps({"name": name, "values": values, "limit": limit, "offset": offset}, sort_keys=True)
        return await self._ask("named", job, accept)


def make_server(
    graph_file: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 7879,
    *,
    timeout: float = 10.0,
    workers: int = 4,
    quiet: bool = False,
    cache_mb: int = 64,
    store: str | None = None,
) -> EndpointServer:
    """Start the worker processes and bind the server (call serve_forever, then close). The graph is
    held in memory by one process the workers are forked from when it is small enough to be faster
    there and fit (`store` ``oxigraph``, the default: up to 3M triples, graph.store.choice), or when
    `store` is ``memory``; else each worker opens the Oxigraph store read-only, and a graph file without
    a fresh store is loaded into a temporary store (output/ is never written)."""
    from graph.store import store_dir, store_is_fresh, write_store
    from graph.store.choice import choose_store
    from graph.store.files import check_no_fetch, checked_path

    t0 = time.perf_counter()
    path, fmt = checked_path(graph_file)
    seen = identity(path)  # the file as it is before loading: announced only if it is still so
    kind = choose_store(path, store, lasting=True, copies=workers + 1)
    if kind not in ("memory", "persistent"):
        raise EduKGError(f"edukg serve answers from Oxigraph, not {kind}; use --store memory or persistent")
    tmp: tempfile.TemporaryDirectory[str] | None = None
    if kind == "memory":
        check_no_fetch(path, fmt, False)  # a remote @context: the one-line refusal here, not in the template
        source = path.resolve()
    elif store_is_fresh(path):
        source = store_dir(path) / "db"
    else:
        tmp = tempfile.TemporaryDirectory(prefix="edukg-serve-")
        link = Path(tmp.name) / path.name
        link.symlink_to(path.resolve())
        source = write_store(link) / "db"
    pool = WorkerPool(str(source), size=workers, timeout=timeout, shared=kind == "memory")
    try:
        server = EndpointServer(
            (host, port), pool, load_assets(), quiet=quiet, cache_bytes=cache_mb * 1024 * 1024
        )
    except OSError as exc:
        pool.close()
        if tmp is not None:
            tmp.cleanup()
        raise EduKGError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None
    server._tmp = tmp
    server.store = kind
    server.graph = path
    server.graph_seen = seen
    server.started_in = time.perf_counter() - t0  # type: ignore[attr-defined]
    return server


__all__ = ["EndpointServer", "make_server"]
