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

from graph.serve.answer import answer, negotiate
from graph.serve.http import EndpointServer, Handler, make_server, serve
from graph.serve.workers import WorkerPool

__all__ = ["EndpointServer", "Handler", "WorkerPool", "answer", "make_server", "negotiate", "serve"]
