"""`edukg serve` holds under abuse: slow clients are cut off at the request deadline without holding
up others, a second Host header and oversized requests are refused, runaway queries do not starve
ordinary ones, a client that leaves is logged as one line; ASK answers in every results format; a
browser asking /sparql?query=… for HTML gets the query page; entity cards are served."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.serve import EndpointServer, make_server
from graph.views.card import render_card
from graph.views.entity import entity_card

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JIANGNAN = "https://w3id.org/edukg/id/university/jiangnan-university"


@pytest.fixture(scope="module")
def server(built) -> Iterator[EndpointServer]:
    s = make_server(built / "edukg.ttl", port=0, timeout=3.0, workers=4, quiet=False, cache_mb=0)
    s.request_deadline = 2.0
    t = threading.Thread(target=s.serve_forever, daemon=True)
    t.start()
    yield s
    s.shutdown()
    s.close()


def raw(server: EndpointServer, data: bytes, timeout: float = 10) -> tuple[int, str]:
    with socket.create_connection(server.server_address[:2], timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    text = b"".join(chunks).decode("utf-8", "replace")
    return int(text.split()[1]), text.split("\r\n\r\n", 1)[1]


def get(server: EndpointServer, path: str, accept: str | None = None) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.request("GET", path, headers={"Accept": accept} if accept else {})
    r = conn.getresponse()
    body = r.read().decode("utf-8", "replace")
    conn.close()
    return r.status, r.getheader("Content-Type") or "", body


def test_slow_clients_are_cut_off_and_do_not_stop_others(server) -> None:
    slow = []
    for _ in range(40):
        s = socket.create_connection(server.server_address[:2])
        s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\n")  # never finishes
        slow.append(s)
    t0 = time.perf_counter()
    status, _, body = get(server, "/queries/campuses", "application/sparql-results+json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) >= 5
    assert time.perf_counter() - t0 < 2
    for s in slow:
        s.settimeout(10)
        answer = s.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:40]
        s.close()
    assert time.perf_counter() - t0 < 8  # the deadline (2 s) cut them, not the client


def test_second_host_header_and_oversized_parts_are_refused(server) -> None:
    status, body = raw(server, b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n")
    assert status == 400 and "more than one Host header" in body
    status, body = raw(server, b"GET /sparql?query=" + b"A" * 20000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert status == 414 and "POST" in body
    many = b"".join(b"X-H%d: 1\r\n" % i for i in range(100))
    status, _ = raw(server, b"GET / HTTP/1.1\r\nHost: localhost\r\n" + many + b"\r\n")
    assert status == 431
    status, _ = raw(server, b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Length: 999999999\r\n\r\n")
    assert status == 413


def test_runaway_queries_do_not_starve_ordinary_ones(server) -> None:
    path = "/sparql?query=" + urllib.parse.quote(HEAVY)
    with ThreadPoolExecutor(max_workers=2) as pool:
        heavy = [pool.submit(get, server, path) for _ in range(2)]
        time.sleep(0.3)
        worst = 0.0
        for _ in range(10):
            t0 = time.perf_counter()
            status, _, _ = get(server, "/queries/campuses")
            worst = max(worst, time.perf_counter() - t0)
            assert status == 200
        answers = [f.result() for f in heavy]
    assert worst < 1.5, worst
    assert all(s == 503 and "query timed out: stopped after 3 s" in b for s, _, b in answers)


def test_deep_nesting_and_long_queries_are_refused_with_one_line(server) -> None:
    deep = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.request("POST", "/sparql", body=deep.encode(), headers={"Content-Type": "application/sparql-query"})
    r = conn.getresponse()
    body = r.read().decode()
    assert r.status == 400 and body.count("\n") == 1 and "nests brackets more than 64 levels" in body


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+json", '"boolean": true'),
        ("application/sparql-results+xml", "<boolean>true</boolean>"),
        ("text/csv", "true"),
        ("text/tab-separated-values", "true"),
    ],
)
def test_ask_answers_in_every_results_format(server, accept: str, expected: str) -> None:
    q = urllib.parse.quote("ASK { ?c a ek:Campus }")
    status, ctype, body = get(server, "/sparql?query=" + q, accept)
    assert status == 200 and ctype.startswith(accept) and expected in body.replace('":true', '": true')


def test_a_browser_asking_for_a_query_gets_the_page_with_it_loaded(server) -> None:
    q = "SELECT ?c WHERE { ?c a ek:Campus }"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, ctype, html = get(server, "/sparql?query=" + urllib.parse.quote(q), browser)
    assert status == 200 and ctype.startswith("text/html")
    initial = html.split('<script type="application/json" id="initial">')[1].split("</script>")[0]
    assert json.loads(initial) == {"query": q}
    hostile = 'SELECT * { ?s ?p "</script><script>alert(1)</script>" }'
    status, _, html = get(server, "/sparql?query=" + urllib.parse.quote(hostile), browser)
    assert status == 200 and "<script>alert" not in html and "alert(1)" in html  # data, not markup
    status, ctype, _ = get(server, "/sparql?query=" + urllib.parse.quote(q), "*/*")  # curl's default
    assert status == 200 and ctype.startswith("application/sparql-results+json")


def test_card_page_has_the_show_content(server, graph) -> None:
    status, ctype, html = get(server, "/card?iri=" + urllib.parse.quote(JIANGNAN))
    assert status == 200 and ctype.startswith("text/html")
    card = entity_card(graph, f"<{JIANGNAN}>")
    assert f'<code id="iri">&lt;{JIANGNAN}&gt;</code>' in html
    for lk in card.links:
        assert f'href="/card?iri={urllib.parse.quote(lk.iri, safe="/")}"' in html
    for q in card.quotes:
        assert q.quote in html
    assert render_card(card).count("\n  <- partOf") == html.count("← partOf")
    status, _, body = get(server, "/card?iri=" + urllib.parse.quote("https://w3id.org/edukg/id/none/x"))
    assert status == 404 and "no entity" in body


def test_a_client_that_leaves_is_logged_as_one_line(server, capfd) -> None:
    capfd.readouterr()
    s = socket.create_connection(server.server_address[:2])
    s.sendall(
        f"GET /sparql?query={urllib.parse.quote(HEAVY + ' #x')} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
    )
    time.sleep(0.3)
    s.close()
    time.sleep(0.5)
    err = capfd.readouterr().err
    lines = [ln for ln in err.splitlines() if "disconnected before the answer" in ln]
    assert len(lines) == 1 and "GET /sparql?query=" in lines[0]


@pytest.mark.parametrize(
    "form",
    [
        ["-G", "--data-urlencode", "query=SELECT ?c WHERE { ?c a ek:Campus }"],
        ["--data-urlencode", "query=SELECT ?c WHERE { ?c a ek:Campus }"],
        [
            "-H",
            "Content-Type: application/sparql-query",
            "--data-binary",
            "SELECT ?c WHERE { ?c a ek:Campus }",
        ],
    ],
    ids=["get", "post-form", "post-direct"],
)
def test_curl_with_each_protocol_form(server, graph, form: list[str]) -> None:
    import shutil
    import subprocess

    if shutil.which("curl") is None:
        pytest.skip("no curl")
    r = subprocess.run(
        ["curl", "-sS", "-H", "Accept: text/csv", *form, server.url + "/sparql"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    lines = r.stdout.splitlines()
    campuses = {
        str(c) for (c,) in graph.query("SELECT ?c WHERE { ?c a <https://w3id.org/edukg/ontology#Campus> }")
    }
    assert lines[0] == "c" and set(lines[1:]) == campuses and len(campuses) >= 5
