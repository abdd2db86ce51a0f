"""`edukg push` and `edukg query --endpoint` against a real SPARQL server: Oxigraph (skipped without it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.core.errors import EduKGError
from graph.sparql import load_named_queries, run_named
from graph.sparql.remote import gsp_url, remote_named, remote_query

OXIGRAPH = shutil.which("oxigraph")
PARAM_CASES = [
    ("targets", {"year": "2025"}),
    ("targets", {"status": "achieved"}),
    ("plans-covering-year", {"year": "2024"}),
    ("first-appearance", {"year": "2023"}),
    ("institutions-by-document", {"document": "002"}),
    ("document-institution", {"document": "002", "institution": "江南大学"}),
    ("campuses", {"university": "江南大学"}),
    ("provenance", {"entity": "江南大学"}),
    ("initiatives-for-goal", {"goal": "树牢五大理念"}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if OXIGRAPH is None:
        pytest.skip("the oxigraph binary is not installed (pip install oxigraph)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.skip("oxigraph serve did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def pushed(oxigraph: str, built: Path) -> str:
    r = CliRunner().invoke(
        main, ["push", "--graph", str(built / "edukg.ttl"), "--endpoint", oxigraph + "/store"]
    )
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"PUT {oxigraph}/store?default: HTTP 20")
    return oxigraph + "/query"


def rows(result) -> list[list[str]]:
    return sorted(result.rows)


@pytest.mark.parametrize("name", sorted(load_named_queries()))
def test_every_named_query_gives_the_same_rows_remotely(pushed: str, graph, name: str) -> None:
    local, remote = run_named(graph, name), remote_named(pushed, name)
    assert remote.columns == local.columns
    assert rows(remote) == rows(local)
    assert local.rows


@pytest.mark.parametrize(("name", "params"), PARAM_CASES)
def test_parameters_bind_the_same_remotely(pushed: str, graph, name: str, params: dict[str, str]) -> None:
    assert rows(remote_named(pushed, name, params)) == rows(run_named(graph, name, params))


def test_cli_query_endpoint(pushed: str, built: Path) -> None:
    args = ["query", "plans-covering-year", "-p", "year=2024", "--format", "csv"]
    remote = CliRunner().invoke(main, [*args, "--endpoint", pushed])
    local = CliRunner().invoke(main, [*args, "--graph", str(built / "edukg.ttl")])
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())


def test_push_into_a_named_graph(oxigraph: str, built: Path, graph) -> None:
    iri = "https://w3id.org/edukg/graph/test"
    r = CliRunner().invoke(
        main,
        ["push", "--graph", str(built / "edukg.ttl"), "--endpoint", oxigraph + "/store", "--graph-iri", iri],
    )
    assert r.exit_code == 0, r.output
    res = remote_query(
        oxigraph + "/query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    )
    assert res.rows == [[str(len(graph))]]


def test_gsp_url() -> None:
    assert gsp_url("http://h/store", None) == "http://h/store?default"
    assert gsp_url("http://h/store", "urn:g") == "http://h/store?graph=urn%3Ag"
    assert gsp_url("http://h/crud?x=1", "urn:g", "graph-uri") == "http://h/crud?x=1&graph-uri=urn%3Ag"


def test_unreachable_endpoint_is_one_line_error(built: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    r = CliRunner().invoke(main, ["push", "--graph", str(built / "edukg.ttl"), "--endpoint", url])
    assert r.exit_code == 1
    assert r.output.startswith(f"Error: {url}?default: cannot connect (")
    assert len(r.output.splitlines()) == 1
    with pytest.raises(EduKGError, match="not an http"):
        remote_query("ftp://x/", "ASK {}")


def test_credentials_never_appear_in_messages() -> None:
    from graph.sparql.remote import redact

    assert redact("http://dba:secret@h:8890/sparql-graph-crud-auth?default") == (
        "http://h:8890/sparql-graph-crud-auth?default"
    )
    url = f"http://dba:secret@127.0.0.1:{free_port()}/query"
    with pytest.raises(EduKGError) as err:
        remote_query(url, "ASK {}")
    assert "secret" not in str(err.value)


def test_append_and_construct(oxigraph: str, fixture_file: Path) -> None:
    iri = "https://w3id.org/edukg/graph/fixture"
    for args in ([], ["--append"]):
        r = CliRunner().invoke(
            main,
            [
                "push",
                "--graph",
                str(fixture_file),
                "--endpoint",
                oxigraph + "/store",
                "--graph-iri",
                iri,
                *args,
            ],
        )
        assert r.exit_code == 0, r.output
    assert r.output.startswith("POST ")
    res = remote_query(
        oxigraph + "/query",
        f"CONSTRUCT {{ ?u a ek:University }} WHERE {{ GRAPH <{iri}> {{ ?u a ek:University }} }}",
    )
    assert res.columns == ["subject", "predicate", "object"]
    assert [row[0] for row in res.rows] == [
        "https://w3id.org/edukg/id/university/u1",
        "https://w3id.org/edukg/id/university/u2",
        "https://w3id.org/edukg/id/university/u3",
    ]


@pytest.fixture
def fixture_file() -> Path:
    return Path(__file__).parent / "data" / "fixture.ttl"
