"""Running the endpoint until interrupted, announced to `edukg query` of the same graph file."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.serve.http import EndpointServer, make_server
from graph.sparql.resident import announce, withdraw


def loopback_url(server: EndpointServer) -> str:
    """The server's address as a local client reaches it (a wildcard host is reached on loopback)."""
    host, port = server.server_address[:2]
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    graph_file: Path | None = None,
    *,
    ready: Callable[[EndpointServer], None] | None = None,
    announce_it: bool = True,
    **options: Any,
) -> None:
    """Serve the graph until interrupted (the library function behind `edukg serve`); `options` are
    make_server's (host, port, timeout, workers, quiet, cache_mb, store). `announce_it`: record it for
    `edukg query` of the same graph file (graph.sparql.resident), withdrawn on exit."""
    server = make_server(graph_file, **options)
    if threading.current_thread() is threading.main_thread():  # SIGTERM stops as Ctrl-C does: cleanly
        signal.signal(signal.SIGTERM, _interrupt)
    record = None
    try:
        if announce_it and server.graph is not None:  # `edukg query` of this file asks this server
            record = announce(server.graph, server.graph_seen, loopback_url(server), server.token)
        if ready:
            ready(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        withdraw(record, server.token)
        server.close()


__all__ = ["loopback_url", "serve"]
