"""A read-only SPARQL 1.1 Protocol endpoint on the Oxigraph store, with a query page built on Yasgui.

    GET  /sparql?query=…                       (also /query; a browser asking for HTML gets the page)
    POST /sparql  application/sparql-query     the query as the body
    POST /sparql  application/x-www-form-urlencoded  query=…
    GET  /queries                              the named planner queries (JSON)
    GET  /queries/NAME?param=value             run a named query, parameters bound as RDF terms: its
                                               first 1,000 rows (limit=N, limit=0 every row, offset=M)
    GET  /queries/NAME/text?param=value        that page's text, parameters bound (for the page)
    GET  /card?iri=IRI                         an entity's card (HTML, or JSON), as `edukg show`
    GET  /  /assets/…                          the query page (Yasgui bundled: no CDN, no inline script)

Results by content negotiation: SPARQL JSON (default), XML, CSV, TSV (ASK too); CONSTRUCT and
DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML. Updates, SERVICE and FROM are refused.

The parts: http (asyncio front: bounded requests under one deadline, routes, DNS-rebinding guard),
workers (processes that open the store read-only; a query past the time limit is stopped by killing
its worker), answer (one request in a worker), page (the query and card pages, Jinja2 templates).
"""

from __future__ import annotations

from graph.serve.answer import answer, negotiate
from graph.serve.http import EndpointServer, make_server
from graph.serve.run import serve
from graph.serve.workers import WorkerPool

__all__ = ["EndpointServer", "WorkerPool", "answer", "make_server", "negotiate", "serve"]
