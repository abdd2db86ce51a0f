"""A running `edukg serve` answers `edukg query` of the same graph file (graph.sparql.resident, issue 19):
the same output as the file gives, from the graph the server holds in memory; any doubt about the
server (another file, a changed file, a dead process, a wrong token) and the file answers."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.serve import EndpointServer
from graph.serve.run import serve
from graph.sparql import load_named_queries
from graph.sparql.resident import RemoteError, ResidentEngine, announce, find_resident, records_dir, withdraw


@pytest.fixture()
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "runtime"
    monkeypatch.setenv("EDUKG_RUNTIME_DIR", str(folder))
    monkeypatch.delenv("EDUKG_STORE", raising=False)
    monkeypatch.setattr("graph.sparql.resident.RESIDENT_MIN_BYTES", 0)  # the seeds' graph is small
    return folder


@pytest.fixture()
def graph_copy(built: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    return out / "edukg.ttl"


@pytest.fixture()
def server(graph_copy: Path, runtime: Path) -> Iterator[EndpointServer]:
    """`edukg serve` of the copy, as the CLI runs it (announced), in a thread."""
    started: list[EndpointServer] = []
    t = threading.Thread(
        target=serve,
        args=(graph_copy,),
        kwargs={"port": 0, "workers": 1, "quiet": True, "store": "memory", "ready": started.append},
        daemon=True,
    )
    t.start()
    deadline = time.monotonic() + 30
    while not started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started, "the server did not start"
    s = started[0]
    route = s._route
    s.asked = 0  # type: ignore[attr-defined]

    async def counted(req):  # type: ignore[no-untyped-def]
        s.asked += 1  # type: ignore[attr-defined]
        return await route(req)

    s._route = counted  # type: ignore[method-assign]
    yield s
    started[0].shutdown()
    t.join(10)
    assert not list(runtime.glob("serve-*.json")), "the record is withdrawn when the server stops"


def _query(graph: Path, *args: str) -> str:
    res = CliRunner().invoke(main, ["query", *args, "--graph", str(graph)])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_the_server_announces_the_graph_it_holds(server: EndpointServer, graph_copy: Path) -> None:
    found = find_resident(graph_copy)
    assert found is not None and found.token == server.token and found.pid == os.getpid()
    assert found.url.startswith("http://127.0.0.1:")
    record = next(records_dir().glob("serve-*.json"))
    assert (
        oct(record.stat().st_mode & 0o777) == "0o600" and oct(records_dir().stat().st_mode & 0o777) == "0o700"
    )


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_named_query_answers_the_same_through_the_server(
    server: EndpointServer, graph_copy: Path, fmt: str
) -> None:
    for name in sorted(load_named_queries()):
        before = server.asked
        via_server = _query(graph_copy, name, "--format", fmt)
        assert server.asked > before, name  # the server answered
        after = server.asked
        local = _query(graph_copy, name, "--format", fmt, "--store", "memory")
        assert server.asked == after, name  # --store: the file answers
        assert via_server == local, name
    bound = ["targets", "-p", "year=2025", "-p", "status=planned", "--format", fmt, "--limit", "3"]
    assert _query(graph_copy, *bound) == _query(graph_copy, *bound, "--store", "persistent")
    expr = ["-e", "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c", "--format", fmt]
    before = server.asked
    assert _query(graph_copy, *expr) == _query(graph_copy, *expr, "--store", "rdflib")
    assert server.asked == before + 1


def test_a_small_file_or_an_empty_value_is_answered_from_the_file(
    server: EndpointServer, graph_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = server.asked
    empty = ["targets", "-p", "place=", "--format", "csv"]  # "" is a value here, unbound on the server
    assert _query(graph_copy, *empty) == _query(graph_copy, *empty, "--store", "memory")
    assert server.asked == before
    monkeypatch.setattr("graph.sparql.resident.RESIDENT_MIN_BYTES", graph_copy.stat().st_size)
    assert _query(graph_copy, "campuses", "--format", "csv")
    assert server.asked == before  # loaded here in ~0.05 s, faster than asking
    monkeypatch.setattr("graph.sparql.resident.RESIDENT_MIN_BYTES", graph_copy.stat().st_size - 1)
    assert _query(graph_copy, "campuses", "--format", "csv")
    assert server.asked == before + 1


def test_a_changed_file_or_another_token_is_answered_from_the_file(
    server: EndpointServer, graph_copy: Path, runtime: Path
) -> None:
    want = _query(graph_copy, "campuses", "--format", "csv", "--store", "memory")
    record = next(runtime.glob("serve-*.json"))
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**data, "token": "0" * 32}), encoding="utf-8")  # another server's
    before = server.asked
    other = find_resident(graph_copy)
    assert other is not None
    with pytest.raises(RemoteError, match="HTTP 409"):
        ResidentEngine(other).named("campuses", {}, 10)
    assert _query(graph_copy, "campuses", "--format", "csv") == want
    assert server.asked == before + 2  # asked, refused (409), answered from the file
    record.write_text(json.dumps(data), encoding="utf-8")
    st = graph_copy.stat()
    os.utime(graph_copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # rebuilt since
    assert find_resident(graph_copy) is None
    before = server.asked
    assert _query(graph_copy, "campuses", "--format", "csv") == want
    assert server.asked == before  # not asked


def test_a_record_of_a_dead_server_or_an_unreachable_one_is_ignored(graph_copy: Path, runtime: Path) -> None:
    want = _query(graph_copy, "renamings", "--format", "csv", "--store", "memory")
    record = announce(graph_copy, "http://127.0.0.1:9", "t" * 32)  # port 9: nothing listens
    assert record is not None and find_resident(graph_copy) is not None
    assert _query(graph_copy, "renamings", "--format", "csv") == want  # connection refused: the file
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**data, "pid": 2**22 + 12345}), encoding="utf-8")  # no such process
    assert find_resident(graph_copy) is None
    withdraw(record, "another token")
    assert record.exists()  # only the server that wrote it withdraws it
    withdraw(record, "t" * 32)
    assert not record.exists()
    assert announce(graph_copy, "http://192.0.2.1:80", "x") is not None
    assert find_resident(graph_copy) is None  # a record names a loopback server or none
