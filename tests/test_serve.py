"""`edukg serve`: a standard client against the endpoint, refusals, a 50-client burst, the time limit."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from graph.serve import EndpointServer, make_server, negotiate
from graph.sparql import get_named_query, run_named

PREFIXES = (
    "PREFIX ek: <https://w3id.org/edukg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
CAMPUSES = PREFIXES + "SELECT ?c ?l WHERE { ?c a ek:Campus ; rdfs:label ?l } ORDER BY ?c"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(built) -> Iterator[EndpointServer]:
    s = make_server(built / "edukg.ttl", port=0, timeout=2.0, workers=3, quiet=True)
    t = threading.Thread(target=s.serve_forever, daemon=True)
    t.start()
    yield s
    s.shutdown()
    s.close()


def client(server: EndpointServer, query: str, fmt: str = JSON) -> SPARQLWrapper:
    c = SPARQLWrapper(server.url + "/sparql")
    c.setQuery(query)
    c.setReturnFormat(fmt)
    return c


def test_sparqlwrapper_gets_the_local_answer(server, graph) -> None:
    local = {(str(c), str(lbl)) for c, lbl in graph.query(CAMPUSES)}
    for method in (None, POST, POSTDIRECTLY):
        c = client(server, CAMPUSES)
        if method == POSTDIRECTLY:
            c.setMethod(POST)
            c.setRequestMethod(POSTDIRECTLY)
        elif method:
            c.setMethod(method)
        data = c.queryAndConvert()
        rows = {(b["c"]["value"], b["l"]["value"]) for b in data["results"]["bindings"]}
        assert rows == local and len(rows) >= 5, method


def test_xml_csv_tsv_and_turtle_by_content_negotiation(server) -> None:
    doc = client(server, CAMPUSES, XML).queryAndConvert()
    assert len(doc.getElementsByTagName("result")) >= 5
    csv_text = client(server, CAMPUSES, CSV).queryAndConvert().decode()
    assert csv_text.splitlines()[0] == "c,l"
    tsv_text = client(server, CAMPUSES, TSV).queryAndConvert().decode()
    assert tsv_text.splitlines()[0] == "?c\t?l"
    assert tsv_text.splitlines()[1].startswith("<https://w3id.org/edukg/id/campus/")
    c = client(server, PREFIXES + "CONSTRUCT { ?c a ek:Campus } WHERE { ?c a ek:Campus }", TURTLE)
    g = Graph().parse(data=c.queryAndConvert().decode(), format="turtle")
    assert len(g) >= 5
    assert client(server, PREFIXES + "ASK { ?c a ek:Campus }").queryAndConvert()["boolean"] is True


def test_negotiation_rules() -> None:
    offered = {"application/sparql-results+json": "json", "text/csv": "csv"}
    assert negotiate(None, offered) == "application/sparql-results+json"
    assert negotiate("text/csv;q=0.9, application/sparql-results+json;q=0.5", offered) == "text/csv"
    assert negotiate("text/*", offered) == "text/csv"
    assert negotiate("image/png", offered) is None


def test_update_is_refused(server) -> None:
    c = client(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    c.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as err:
        c.query()
    assert err.value.code == 403
    assert b"updates are not allowed" in err.value.read()
    status, body = post(server, "/sparql", b"DELETE WHERE { ?s ?p ?o }", "application/sparql-query")
    assert status == 403 and "read-only" in body
    status, body = post(server, "/sparql", b"update=CLEAR+ALL", "application/x-www-form-urlencoded")
    assert status == 403
    assert client(server, PREFIXES + "ASK { ?c a ek:Campus }").queryAndConvert()["boolean"] is True


def test_service_and_from_are_refused(server) -> None:
    status, body = get(
        server,
        "/sparql?query=" + urllib.request.quote("SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"),
    )
    assert status == 400 and "SERVICE is refused" in body
    status, body = get(
        server, "/sparql?query=" + urllib.request.quote("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }")
    )
    assert status == 400 and "FROM" in body


def test_fifty_parallel_clients(server) -> None:
    def one(_: int) -> tuple[float, int]:
        t0 = time.perf_counter()
        data = client(server, CAMPUSES).queryAndConvert()
        return time.perf_counter() - t0, len(data["results"]["bindings"])

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(one, range(50)))
    counts = {n for _, n in results}
    assert len(results) == 50 and len(counts) == 1 and counts.pop() >= 5
    assert max(t for t, _ in results) < 30


def test_a_too_long_query_is_stopped_and_the_server_stays_up(server) -> None:
    t0 = time.perf_counter()
    with pytest.raises(urllib.error.HTTPError) as err:
        client(server, HEAVY).query()
    assert err.value.code == 503
    assert "query timed out: stopped after 2 s" in err.value.read().decode()
    assert time.perf_counter() - t0 < 10
    assert client(server, PREFIXES + "ASK { ?c a ek:Campus }").queryAndConvert()["boolean"] is True


def get(server: EndpointServer, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp.status, body


def post(server: EndpointServer, path: str, body: bytes, ctype: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.request("POST", path, body=body, headers={"Content-Type": ctype})
    resp = conn.getresponse()
    text = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp.status, text


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/assets/edukg.js/../../pyproject.toml",
        "/assets/yasgui/../../http.py",
        "/assets/yasgui/NOTES.md",
        "/templates/edukg.js",
        "/etc/passwd",
    ],
)
def test_no_files_outside_the_page_assets(server, path: str) -> None:
    status, _ = get(server, path)
    assert status == 404


def test_request_size_is_bounded(server) -> None:
    status, body = post(server, "/sparql", b"#" * (300 * 1024), "application/sparql-query")
    assert status == 413 and "request body over" in body
    status, _ = post(server, "/sparql", b"SELECT * {}", "text/plain")
    assert status == 415


def test_query_page_and_named_queries(server, graph) -> None:
    status, html = get(server, "/")
    assert status == 200 and '<script src="/assets/yasgui/yasgui.min.js"></script>' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from another origin
    status, js = get(server, "/assets/edukg.js")
    assert status == 200 and "innerHTML" not in js
    status, listing = get(server, "/queries")
    names = [q["name"] for q in json.loads(listing)]
    assert "campuses" in names and "targets" in names
    status, body = get(
        server, "/queries/plans-covering-year?year=2024", {"Accept": "application/sparql-results+json"}
    )
    assert status == 200
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == len(run_named(graph, "plans-covering-year", {"year": "2024"}).rows) > 0
    status, body = get(server, "/queries/targets?colour=red")
    assert status == 400 and "no parameter 'colour'" in body
    status, body = get(server, "/queries/nope")
    assert status == 404


def test_named_queries_are_paged_as_the_cli_pages_them(server, graph) -> None:
    """GET /queries/NAME answers run_page's rows: the first PAGE by default, limit/offset for others,
    limit=0 for every row; the rows are those of the whole query in its ORDER BY order."""
    from graph.sparql.pages import PAGE

    json_type = {"Accept": "application/sparql-results+json"}

    def rows(path: str) -> list[list[str]]:
        status, body = get(server, path, json_type)
        assert status == 200, body
        out = json.loads(body)
        names = out["head"]["vars"]
        return [[b.get(n, {}).get("value", "") for n in names] for b in out["results"]["bindings"]]

    every = run_named(graph, "provenance").terms or []
    values = [[t.value if t else "" for t in row] for row in every]
    assert len(values) > 40
    assert rows("/queries/provenance") == values[:PAGE]
    assert rows("/queries/provenance?limit=0") == values
    assert rows("/queries/provenance?limit=7&offset=30") == values[30:37]
    bound = run_named(graph, "provenance", {"entity": "江南大学"}).terms or []
    assert rows(
        "/queries/provenance?entity=江南大学&limit=2".replace(
            "江南大学", "%E6%B1%9F%E5%8D%97%E5%A4%A7%E5%AD%A6"
        )
    ) == [[t.value if t else "" for t in row] for row in bound[:2]]
    status, body = get(server, "/queries/provenance?limit=many")
    assert status == 400 and "limit" in body
    status, text = get(server, "/queries/provenance/text?limit=5&offset=10")
    assert status == 200 and text.rstrip().endswith("LIMIT 5 OFFSET 10")
    status, text = get(server, "/queries/provenance/text?limit=0")
    assert status == 200 and "LIMIT" not in text.split("ORDER BY")[-1]


def test_edukg_query_endpoint_against_serve(server, graph) -> None:
    from click.testing import CliRunner

    from graph.cli import main

    r = CliRunner().invoke(
        main, ["query", "campuses", "--endpoint", server.url + "/sparql", "--format", "tsv"]
    )
    assert r.exit_code == 0, r.output
    local = run_named(graph, "campuses")
    assert r.output.splitlines()[1:] == ["\t".join(row) for row in local.rows]
    assert get_named_query("campuses").params


def test_edukg_serve_subprocess(built) -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--graph", str(built / "edukg.ttl"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/sparql"), line
        c = SPARQLWrapper(f"http://127.0.0.1:{port}/sparql")
        c.setQuery(PREFIXES + "ASK { ?c a ek:Campus }")
        c.setReturnFormat(JSON)
        assert c.queryAndConvert()["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(10)


def test_head_has_no_body_and_foreign_host_is_refused(server) -> None:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.request("HEAD", "/")
    resp = conn.getresponse()
    assert resp.status == 200 and resp.read() == b""
    conn.close()
    status, body = get(server, "/sparql?query=ASK%7B%7D", {"Host": "attacker.example:7879"})
    assert status == 403 and "localhost" in body
    status, _ = get(server, "/sparql?query=ASK%7B%7D", {"Host": "localhost:7879"})
    assert status == 200


def test_malformed_query_names_the_line(server) -> None:
    status, body = post(server, "/sparql", b"SELECT ?x WHERE {\n  ?x a }", "application/sparql-query")
    assert status == 400 and body.startswith("malformed SPARQL: line 2")
