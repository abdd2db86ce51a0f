"""Any SPARQL 1.1 server over HTTP: push the graph (Graph Store Protocol), run queries (SPARQL Protocol).

Only the standard library is used (urllib), so pushing to Oxigraph server, Apache Jena Fuseki,
Virtuoso, GraphDB or Amazon Neptune needs nothing beyond EduKG itself. Parameters of named queries
are bound with a VALUES block of terms serialised by `graph.sparql.sparql_term`.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.core.errors import EduKGError
from graph.sparql.engine import Bindings, Engine, rdflib_term
from graph.sparql.guard import prologue, refuse_update
from graph.sparql.params import with_values
from graph.sparql.results import Result, Term, ask_result, graph_result, select_result

RESULTS_JSON = "application/sparql-results+json"
ACCEPT = f"{RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"


class RemoteError(EduKGError):
    """A SPARQL server cannot be reached or refused a request."""


@dataclass(frozen=True)
class PushResult:
    url: str
    method: str
    status: int
    triples: int
    seconds: float


def http_request(
    url: str,
    data: bytes | None,
    headers: Mapping[str, str],
    method: str,
    timeout: float,
) -> tuple[int, str, bytes]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(
            f"{url}: not an http(s) URL; give the server's address, e.g. http://127.0.0.1:7878/query"
        )
    opener = urllib.request.build_opener()
    if parts.username is not None:  # http://user:password@host/…: answer Basic or Digest challenges
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(
            None, url, urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
        )
        opener = urllib.request.build_opener(
            urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)
        )
    req = urllib.request.Request(url, data=data, headers=dict(headers), method=method)
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        detail = body[0][:200] if body else exc.reason
        raise RemoteError(
            f"{url}: HTTP {exc.code} {detail}; check the endpoint URL and the server log"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"{url}: cannot connect ({reason}); is the SPARQL server running there?") from None


def gsp_url(endpoint: str, graph_iri: str | None, graph_param: str = "graph") -> str:
    """The Graph Store Protocol URL of a named graph (`?graph=IRI`) or of the default graph (`?default`)."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph_iri:
        return f"{endpoint}{sep}{urllib.parse.quote(graph_param)}={urllib.parse.quote(graph_iri, safe='')}"
    return f"{endpoint}{sep}default"


def push(
    g: Any,
    endpoint: str,
    graph_iri: str | None = None,
    *,
    replace: bool = True,
    graph_param: str = "graph",
    headers: Mapping[str, str] | None = None,
    timeout: float = 120.0,
) -> PushResult:
    """Load the graph into a SPARQL server with the Graph Store Protocol: PUT (replace) or POST (add)
    Turtle to `endpoint?graph=IRI` or `endpoint?default`."""
    url = gsp_url(endpoint, graph_iri, graph_param)
    body = g.serialize(format="turtle").encode("utf-8")
    hdrs = {"Content-Type": "text/turtle; charset=utf-8", **(headers or {})}
    method = "PUT" if replace else "POST"
    t0 = time.perf_counter()
    status, _, _ = http_request(url, body, hdrs, method, timeout)
    return PushResult(redact(url), method, status, len(g), time.perf_counter() - t0)


def redact(url: str) -> str:
    """The URL without user:password@, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class RemoteEngine(Engine):
    """A SPARQL 1.1 endpoint over HTTP: parameters go in a VALUES block, EduKG's prefixes are
    predeclared as for local queries; SERVICE is refused unless allow_remote (the server would follow it)."""

    local = False
    slices = True  # the endpoint's graph may be large: named queries page slice by slice

    def __init__(
        self,
        endpoint: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 60.0,
        allow_remote: bool = False,
    ) -> None:
        self.endpoint = endpoint
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.allow_remote = allow_remote

    def run(self, sparql: str, bindings: Bindings | None = None, *, timeout: float | None = None) -> Result:
        if timeout is not None:
            self.timeout = timeout  # the HTTP client's own time limit
        return super().run(sparql, bindings)

    def execute(self, sparql: str, bindings: Bindings) -> Result:
        refuse_update(sparql)
        text = prologue() + with_values(sparql, bindings)
        data = urllib.parse.urlencode({"query": text}).encode("utf-8")
        hdrs = {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": ACCEPT,
            **self.headers,
        }
        _, ctype, body = http_request(self.endpoint, data, hdrs, "POST", self.timeout)
        return parse_response(ctype, body)


def remote_query(
    endpoint: str,
    sparql: str,
    bindings: Bindings | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> Result:
    """Run a read-only query on a SPARQL endpoint (see RemoteEngine)."""
    return RemoteEngine(endpoint, headers=headers, timeout=timeout).run(sparql, bindings)


def remote_named(endpoint: str, name: str, params: Mapping[str, str] | None = None, **kwargs: Any) -> Result:
    """A named planner query on a remote endpoint, with the same parameter binding as locally."""
    from graph.sparql.library import get_named_query

    q = get_named_query(name)
    return remote_query(endpoint, q.text, q.bindings(params), **kwargs)


def parse_response(ctype: str, body: bytes) -> Result:
    """SPARQL JSON results (SELECT, ASK) or an RDF graph (CONSTRUCT, DESCRIBE) as a Result."""
    media = ctype.split(";")[0].strip().lower()
    if media in (RESULTS_JSON, "application/json"):
        data = json.loads(body.decode("utf-8"))
        if "boolean" in data:
            return ask_result(bool(data["boolean"]))
        columns = list(data["head"].get("vars", []))
        return select_result(
            columns, [[_term(b[c]) if c in b else None for c in columns] for b in data["results"]["bindings"]]
        )
    fmt = {"application/n-triples": "nt", "text/turtle": "turtle", "text/plain": "nt"}.get(media)
    if fmt is None:
        raise RemoteError(
            f"the endpoint answered with {ctype or 'no content type'}; expected SPARQL JSON results"
        )
    from rdflib import Graph

    cg = Graph()
    cg.parse(data=body.decode("utf-8"), format=fmt)
    return graph_result([[rdflib_term(x) for x in t] for t in cg])


def _term(b: Mapping[str, str]) -> Term:
    kind = b["type"]
    if kind in ("uri", "bnode"):
        return Term(kind, b["value"])
    lang = b.get("xml:lang")
    return Term("literal", b["value"], lang, None if lang else b.get("datatype"))
