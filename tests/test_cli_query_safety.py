"""`edukg query` is safe by default: SERVICE and remote JSON-LD contexts are refused with one line and
no request leaves (a listener on a loopback port sees nothing); deep nesting is refused before any
parser; --timeout stops waiting; an id printed by `show` pastes into a DESCRIBE query."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, int]]:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    s.settimeout(0.5)
    yield s, s.getsockname()[1]
    s.close()


def nothing_arrived(s: socket.socket) -> bool:
    try:
        conn, _ = s.accept()
    except TimeoutError:
        return True
    conn.close()
    return False


def edukg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_service_is_refused_and_sends_nothing(built: Path, listener, store: str) -> None:
    s, port = listener
    q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    r = edukg("query", "--graph", str(built / "edukg.ttl"), "--store", store, "-e", q)
    assert r.returncode == 1
    assert r.stderr.startswith("Error: SERVICE is refused") and r.stderr.count("\n") == 1
    assert nothing_arrived(s)


def test_service_in_a_shared_rq_file_is_refused(built: Path, listener, tmp_path: Path) -> None:
    s, port = listener
    f = tmp_path / "shared.rq"
    f.write_text(
        f"# title: looks harmless\nSELECT * {{ ?x ?y ?z . service <http://127.0.0.1:{port}/> {{ ?x ?y ?z }} }}\n"
    )
    r = edukg("query", "--graph", str(built / "edukg.ttl"), str(f))
    assert r.returncode == 1 and "SERVICE is refused" in r.stderr and nothing_arrived(s)


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_remote_jsonld_context_is_refused_and_fetches_nothing(tmp_path: Path, listener, store: str) -> None:
    s, port = listener
    doc = {
        "@context": f"http://127.0.0.1:{port}/context.jsonld",
        "@id": "https://w3id.org/edukg/id/x",
        "label": "x",
    }
    f = tmp_path / "g.jsonld"
    f.write_text(json.dumps(doc))
    r = edukg("query", "--graph", str(f), "--store", store, "-e", "SELECT * { ?s ?p ?o }")
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert "would be fetched from the network" in r.stderr and "--allow-remote" in r.stderr
    assert nothing_arrived(s)


def test_a_query_nested_too_deep_is_one_line_not_a_crash(built: Path, tmp_path: Path) -> None:
    f = tmp_path / "deep.rq"
    f.write_text("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000)
    for store in ("oxigraph", "rdflib"):
        r = edukg("query", "--graph", str(built / "edukg.ttl"), "--store", store, str(f))
        assert r.returncode == 1, r.stderr
        assert (
            r.stderr
            == "Error: the query nests brackets more than 64 levels deep; simplify it (no query needs that)\n"
        )
    r = CliRunner().invoke(
        main, ["query", "--graph", str(built / "edukg.ttl"), "-e", "SELECT * { " + "# x\n" * 60000 + "}"]
    )
    assert r.exit_code == 1 and "over the limit of 100,000" in r.output


def test_brackets_inside_strings_and_iris_do_not_count(built: Path) -> None:
    q = 'SELECT ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, "' + "{" * 100 + '")) }'
    r = CliRunner().invoke(main, ["query", "--graph", str(built / "edukg.ttl"), "-e", q])
    assert r.exit_code == 0, r.output
    assert "(0 rows)" in r.output


def test_timeout_stops_waiting(built: Path) -> None:
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = edukg("query", "--graph", str(built / "edukg.ttl"), "--timeout", "1", "-e", heavy)
    assert r.returncode == 1
    assert r.stderr.startswith("Error: query timed out: stopped waiting after 1 s")


def test_an_id_printed_by_show_pastes_into_describe(built: Path) -> None:
    g = str(built / "edukg.ttl")
    out = CliRunner().invoke(main, ["show", "--graph", g, "江南大学"]).output
    ids = re.findall(r"<https://w3id\.org/edukg/id/[^>\s]+>", out)
    assert len(ids) >= 3
    for store in ("oxigraph", "rdflib"):
        for ident in ids[:3]:
            r = CliRunner().invoke(main, ["query", "--graph", g, "--store", store, "-e", f"DESCRIBE {ident}"])
            assert r.exit_code == 0, r.output
            assert ident[1:-1] in r.output
            assert "skos:prefLabel" in r.output or "rdfs:label" in r.output or "rdf:type" in r.output
