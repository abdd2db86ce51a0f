"""`edukg serve` on each store (issue 19): the graph held in memory by one process that the workers are
forked from, or the persistent store opened by each worker; a killed worker is replaced either way."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.core.errors import EduKGError
from graph.serve import EndpointServer, make_server
from graph.store import choice

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def started(ttl: Path, store: str | None) -> EndpointServer:
    s = make_server(ttl, port=0, timeout=1.0, workers=2, quiet=True, cache_mb=0, store=store)
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s


@pytest.fixture(scope="module", params=["memory", "persistent"])
def server(request, built: Path) -> Iterator[EndpointServer]:
    s = started(built / "edukg.ttl", request.param)
    yield s
    s.shutdown()
    s.close()


def get(server: EndpointServer, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def test_the_workers_hold_the_store_asked_for(server: EndpointServer, request) -> None:
    pool = server.pool
    assert server.store == request.node.callspec.params["server"]
    if server.store == "memory":  # forked from the process that loaded the graph
        assert pool.template is not None
        assert {parent_of(p) for p in pool.workers()} == {pool.template}
    else:
        assert pool.template is None
        assert {parent_of(p) for p in pool.workers()} == {os.getpid()}


def test_named_queries_answer_the_same_on_each_store(server: EndpointServer, built: Path) -> None:
    from graph.sparql import run_named
    from graph.store import load_graph

    rdf = load_graph(built / "edukg.ttl")
    for name, params in (("provenance", ""), ("targets", "?year=2025"), ("campuses", "?limit=3&offset=2")):
        status, body = get(server, f"/queries/{name}{params}")
        assert status == 200, body
        rows = [
            [b[v]["value"] if v in b else "" for v in json.loads(body)["head"]["vars"]]
            for b in json.loads(body)["results"]["bindings"]
        ]
        values = dict(urllib.parse.parse_qsl(params.lstrip("?")))
        limit, offset = int(values.pop("limit", 1000)), int(values.pop("offset", 0))
        assert rows == run_named(rdf, name, values, limit, offset).rows, name


def test_a_killed_worker_is_replaced_and_answers(server: EndpointServer) -> None:
    pool = server.pool
    before, done = set(pool.workers()), len(pool.replaced)
    status, body = get(server, "/sparql?query=" + urllib.parse.quote(HEAVY))
    assert status == 503 and b"stopped after 1 s" in body
    for _ in range(600):  # the answer is sent first, then the worker is replaced
        if len(pool.replaced) > done:
            break
        time.sleep(0.05)
    assert len(pool.replaced) == done + 1 and set(pool.workers()) != before
    if server.store == "memory":
        assert {parent_of(p) for p in pool.workers()} == {pool.template}
    for _ in range(4):  # every worker answers, the new one included
        assert get(server, "/queries/renamings")[0] == 200


def test_a_stopped_template_is_started_again(built: Path) -> None:
    s = started(built / "edukg.ttl", "memory")
    try:
        old = s.pool.template
        assert old is not None
        os.kill(old, signal.SIGKILL)
        assert get(s, "/sparql?query=" + urllib.parse.quote(HEAVY))[0] == 503  # its worker is killed
        for _ in range(600):
            if s.pool.replaced:
                break
            time.sleep(0.05)
        assert s.pool.template not in (None, old)
        assert {parent_of(p) for p in s.pool.workers()} >= {s.pool.template}
        assert all(get(s, "/queries/campuses")[0] == 200 for _ in range(4))
    finally:
        s.shutdown()
        s.close()


def test_serve_chooses_by_size_and_refuses_rdflib(built: Path, monkeypatch) -> None:
    ttl = built / "edukg.ttl"
    monkeypatch.delenv("EDUKG_STORE", raising=False)
    monkeypatch.setattr(choice, "LASTING_MAX_TRIPLES", 10)
    s = make_server(ttl, port=0, workers=1, quiet=True)
    try:
        assert s.store == "persistent" and s.pool.template is None
    finally:
        s.close()
    monkeypatch.setenv("EDUKG_STORE", "rdflib")
    with pytest.raises(EduKGError, match="edukg serve answers from Oxigraph, not rdflib"):
        make_server(ttl, port=0, workers=1, quiet=True)


def test_a_graph_file_that_does_not_parse_is_one_line(tmp_path: Path, built: Path) -> None:
    ttl = tmp_path / "edukg.ttl"
    ttl.write_text((built / "edukg.ttl").read_text(encoding="utf-8") + "\n<broken\n", encoding="utf-8")
    for store in ("memory", "persistent"):
        with pytest.raises(
            EduKGError, match=r"edukg\.ttl: cannot parse as turtle .*line \d+.*fix the file"
        ) as err:
            make_server(ttl, port=0, workers=1, quiet=True, store=store)
        assert "\n" not in str(err.value)
