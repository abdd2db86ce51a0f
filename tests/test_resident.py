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
from graph.sparql.resident import (
    RemoteError,
    ResidentEngine,
    announce,
    find_resident,
    identity,
    records_dir,
    withdraw,
)


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
    record = announce(graph_copy, identity(graph_copy), "http://127.0.0.1:9", "t" * 32)  # nothing listens
    assert record is not None and find_resident(graph_copy) is not None
    assert _query(graph_copy, "renamings", "--format", "csv") == want  # connection refused: the file
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**data, "pid": 2**22 + 12345}), encoding="utf-8")  # no such process
    assert find_resident(graph_copy) is None
    withdraw(record, "another token")
    assert record.exists()  # only the server that wrote it withdraws it
    withdraw(record, "t" * 32)
    assert not record.exists()
    assert announce(graph_copy, identity(graph_copy), "http://192.0.2.1:80", "x") is not None
    assert find_resident(graph_copy) is None  # a record names a loopback server or none


def test_queries_with_limits_parameters_and_files_answer_the_same(
    server: EndpointServer, graph_copy: Path, tmp_path: Path
) -> None:
    """-e and .rq queries go to the server as SPARQL: --limit and -p are applied there as here."""
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "# title: 某类实体\n# param: type iri -- a class\n"
        "SELECT ?s ?l WHERE { ?s a ?type ; rdfs:label ?l FILTER(lang(?l) = 'zh') } ORDER BY ?l ?s\n",
        encoding="utf-8",
    )
    expr = "SELECT ?s ?l WHERE { ?s a ?t ; rdfs:label ?l FILTER(lang(?l) = 'zh') } ORDER BY ?l ?s"
    cases = [
        ["-e", expr, "--limit", "2"],
        ["-e", expr, "-p", "t=ek:University", "--limit", "50"],
        [str(rq), "-p", "type=ek:College"],
        [str(rq), "-p", "type=ek:School", "--limit", "3"],
    ]
    for args in cases:
        before = server.asked
        via = _query(graph_copy, *args, "--format", "csv")
        assert server.asked == before + 1, args
        assert via == _query(graph_copy, *args, "--format", "csv", "--store", "memory"), args
        assert len(via.splitlines()) > 1, args


def test_a_server_of_other_code_or_a_file_changed_while_loading_is_not_asked(
    server: EndpointServer, graph_copy: Path, runtime: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record names the code the server runs (its named queries, its version): after an upgrade the
    old server is not asked. A file that changed while the server loaded it is not announced."""
    assert find_resident(graph_copy) is not None
    monkeypatch.setattr("graph.sparql.resident.code_fingerprint", lambda: "0" * 32)
    assert find_resident(graph_copy) is None
    monkeypatch.undo()
    monkeypatch.setenv("EDUKG_RUNTIME_DIR", str(runtime))
    seen = identity(graph_copy)
    st = graph_copy.stat()
    os.utime(graph_copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a build finished since
    assert announce(graph_copy, seen, "http://127.0.0.1:9", "t" * 32) is None
    record = announce(graph_copy, identity(graph_copy), "http://127.0.0.1:9", "t" * 32)
    assert record is not None  # (in place of the server's own: this process's)
    withdraw(record, "t" * 32)


def test_two_servers_of_one_file_each_keep_their_record(graph_copy: Path, runtime: Path) -> None:
    """One record per server: when one stops, the other still answers."""
    a = announce(graph_copy, identity(graph_copy), "http://127.0.0.1:9", "a" * 32)
    assert a is not None
    parent = os.getppid()  # another process of this user's, alive
    b = runtime / a.name.replace(f"-{os.getpid()}.json", f"-{parent}.json")
    b.write_text(a.read_text(encoding="utf-8").replace("a" * 32, "b" * 32), encoding="utf-8")
    b.chmod(0o600)
    first = find_resident(graph_copy)
    assert first is not None and first.token in ("a" * 32, "b" * 32)
    withdraw(a if first.token == "a" * 32 else b, first.token)
    second = find_resident(graph_copy)
    assert second is not None and {first.token, second.token} == {"a" * 32, "b" * 32}


def test_a_record_that_is_a_link_or_in_a_shared_folder_is_ignored(graph_copy: Path, runtime: Path) -> None:
    record = announce(graph_copy, identity(graph_copy), "http://127.0.0.1:9", "t" * 32)
    assert record is not None and find_resident(graph_copy) is not None
    moved = runtime.parent / "elsewhere.json"
    record.rename(moved)
    record.symlink_to(moved)
    assert find_resident(graph_copy) is None  # not followed
    record.unlink()
    moved.rename(record)
    assert find_resident(graph_copy) is not None
    runtime.chmod(0o777)
    try:
        assert find_resident(graph_copy) is None  # others may write there
        assert announce(graph_copy, identity(graph_copy), "http://127.0.0.1:9", "u" * 32) is None
    finally:
        runtime.chmod(0o700)


def test_records_are_not_used_where_there_are_no_user_ids(server: EndpointServer, graph_copy: Path) -> None:
    """On Windows (no os.getuid; os.kill would end the server) the file always answers."""
    getuid = os.getuid
    del os.getuid
    try:
        before = server.asked
        assert find_resident(graph_copy) is None
        assert _query(graph_copy, "campuses", "--format", "csv")
        assert server.asked == before
    finally:
        os.getuid = getuid


def test_an_answer_that_is_not_sparql_results_is_answered_from_the_file(
    graph_copy: Path, runtime: Path
) -> None:
    """A record whose port another program now holds (the server killed, the port reused): its answer is
    not SPARQL results, and the file answers."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Other(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), Other)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        record = announce(graph_copy, identity(graph_copy), f"http://127.0.0.1:{other.server_port}", "t" * 32)
        assert record is not None and find_resident(graph_copy) is not None
        for args in (["campuses"], ["-e", "SELECT ?s WHERE { ?s a ek:University } ORDER BY ?s"]):
            want = _query(graph_copy, *args, "--format", "csv", "--store", "memory")
            assert _query(graph_copy, *args, "--format", "csv") == want
    finally:
        other.shutdown()


def test_a_slow_query_on_the_store_on_disk_says_how_to_be_faster(
    graph_copy: Path, runtime: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-shot query that read the persistent store (the default for a large file) for
    SLOW_HINT_SECONDS or more names `edukg serve` on stderr (stdout is the answer alone), as the server
    would hold this graph in memory; a store named by --store or $EDUKG_STORE (no server is asked then),
    a graph serve would not hold in memory, or a fast query, says nothing."""
    monkeypatch.setattr("graph.sparql.resident.SLOW_HINT_SECONDS", 0.0)
    monkeypatch.setattr("graph.store.oxigraph.MEMORY_MAX_BYTES", 0)  # the seeds' graph read as a large one
    runner = CliRunner()
    args = ["query", "campuses", "--graph", str(graph_copy)]
    disk = runner.invoke(main, args)
    assert disk.exit_code == 0, disk.output
    assert f"edukg serve --graph {graph_copy}" in disk.stderr and "s on the store on disk" in disk.stderr
    assert "edukg serve" not in disk.stdout
    memory = runner.invoke(main, [*args, "--store", "memory"])
    assert memory.exit_code == 0 and memory.stdout == disk.stdout
    for named in (runner.invoke(main, [*args, "--store", "persistent"]), memory):
        assert named.exit_code == 0 and "edukg serve" not in named.stderr
    monkeypatch.setenv("EDUKG_STORE", "persistent")
    assert "edukg serve" not in runner.invoke(main, args).stderr
    monkeypatch.delenv("EDUKG_STORE")
    from graph.store import choice

    lasting = choice.LASTING_MAX_TRIPLES
    monkeypatch.setattr(choice, "LASTING_MAX_TRIPLES", 0)  # serve would read the store too
    assert "edukg serve" not in runner.invoke(main, args).stderr
    monkeypatch.setattr(choice, "LASTING_MAX_TRIPLES", lasting)
    monkeypatch.setattr("graph.sparql.resident.SLOW_HINT_SECONDS", 3600.0)
    assert "edukg serve" not in runner.invoke(main, args).stderr
