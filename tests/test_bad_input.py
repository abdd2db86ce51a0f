"""Bad input is refused with one line naming the file and the problem, a non-zero exit code
(1 bad data, 2 bad usage), no traceback, and the previous output left exactly as it was."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from makers import snapshot

from graph.cli import main
from graph.ingest.readers import SUFFIXES

GOOD = "2021年无锡市教育工作要点\n一、总体要求\n1．推进江南大学宜兴校区建设。新建学校24所。\n"
SUPPORTED = ", ".join(SUFFIXES)


@dataclass
class Env:
    """A small seeds folder, a previous build in out/, and a scratch folder."""

    seeds: Path
    out: Path
    tmp: Path

    def file(self, name: str, data: bytes | str) -> Path:
        path = self.seeds / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def catalog(self, text: str) -> Path:
        return self.file("catalog.yaml", text)


@pytest.fixture
def env(built: Path, tmp_path: Path) -> Env:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(built, out)
    return Env(seeds, out, tmp_path)


def _blank_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _zip(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


# (id, setup(env) -> (args, expected message: exact line, or a prefix ending in "…"), exit code)
Case = tuple[str, Callable[[Env], tuple[list[str], str]], int]


def build(e: Env, *extra: str) -> list[str]:
    return ["build", "--seeds", str(e.seeds), "--out", str(e.out), *extra]


def graph_args(e: Env, *args: str) -> list[str]:
    return [args[0], "--graph", str(e.out / "edukg.ttl"), *args[1:]]


def _strict(name: str, data: bytes | str, message: str) -> Callable[[Env], tuple[list[str], str]]:
    def setup(e: Env) -> tuple[list[str], str]:
        path = e.file(name, data)
        return build(e, "--strict"), f"{path}: {message}"

    return setup


def _catalog(text: str, message: str) -> Callable[[Env], tuple[list[str], str]]:
    def setup(e: Env) -> tuple[list[str], str]:
        path = e.catalog(text)
        return build(e), f"{path}{message}"

    return setup


def _graph_file(data: bytes, message: str, *args: str) -> Callable[[Env], tuple[list[str], str]]:
    def setup(e: Env) -> tuple[list[str], str]:
        g = e.tmp / "g.ttl"
        g.write_bytes(data)
        return [args[0], "--graph", str(g), *args[1:]], f"{g}{message}"

    return setup


def _q(sparql: str, message: str) -> Callable[[Env], tuple[list[str], str]]:
    return lambda e: (graph_args(e, "query", "-e", sparql), message)


def _listed_json(e: Env) -> tuple[list[str], str]:
    e.file("notes.json", "{}")
    e.catalog('documents:\n  - id: "1"\n    file: notes.json\n')
    return build(e), f"{e.seeds / 'notes.json'}: unsupported format '.json'; save it as {SUPPORTED}"


CASES: list[Case] = [
    (
        "missing-seeds-folder",
        lambda e: (
            ["build", "--seeds", str(e.tmp / "nope"), "--out", str(e.out)],
            f"{e.tmp / 'nope'}: no such folder; pass --seeds DIR with the documents to read",
        ),
        1,
    ),
    (
        "seeds-is-a-file",
        lambda e: (
            ["build", "--seeds", str(e.seeds / "good.txt"), "--out", str(e.out)],
            f"{e.seeds / 'good.txt'}: is a file, not a folder; pass --seeds DIR with the documents to read",
        ),
        1,
    ),
    (
        "no-documents",
        lambda e: (
            (e.seeds / "good.txt").unlink(),
            (build(e), f"{e.seeds}: no documents found ({SUPPORTED}); put the documents to read there"),
        )[1],
        1,
    ),
    ("empty-file", _strict("a.txt", b"", "the file is empty; give a text document with content"), 1),
    ("blank-file", _strict("a.txt", b" \n\r\n\t", "the file is empty; give a text document with content"), 1),
    (
        "binary-file",
        _strict("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file, not text; …"),
        1,
    ),
    (
        "undecodable-text",
        _strict(
            "a.txt", b"abc \x80\xff\x80\xff\x81 def", "cannot decode as UTF-8, UTF-16, GB18030 or Big5; …"
        ),
        1,
    ),
    ("broken-utf16", _strict("a.txt", b"\xff\xfe\x00\xd8", "broken UTF-16 text (…"), 1),
    (
        "only-debris",
        _strict("a.txt", "[bookmark: _GoBack]\n扫一扫\nB2版\n", "no text left after reading it; …"),
        1,
    ),
    (
        "unsupported-suffix",
        lambda e: (
            e.file("plan.doc", b"\xd0\xcf\x11\xe0"),
            (
                build(e, "--strict"),
                f"{e.seeds / 'plan.doc'}: unsupported format '.doc'; save it as {SUPPORTED}",
            ),
        )[1],
        1,
    ),
    (
        "corrupt-docx",
        _strict("a.docx", b"PK\x03\x04 truncated", "not a readable .docx (not a zip archive); …"),
        1,
    ),
    (
        "docx-without-document-part",
        _strict(
            "a.docx", _zip({"word/styles.xml": "<x/>"}), "not a readable .docx (no word/document.xml in …"
        ),
        1,
    ),
    (
        "docx-broken-xml",
        _strict("a.docx", _zip({"word/document.xml": "<w:document>"}), "not a readable .docx (broken XML …"),
        1,
    ),
    ("corrupt-pdf", _strict("a.pdf", b"%PDF-1.7\n garbage", "not a readable PDF (…"), 1),
    ("pdf-without-text", _strict("a.pdf", _blank_pdf(), "the PDF has no text layer (a scan?); …"), 1),
    (
        "html-without-text",
        _strict("a.html", "<html><script>var x = 1;</script><nav>首页</nav></html>", "no text …"),
        1,
    ),
    (
        "malformed-catalog",
        _catalog('documents:\n  - id: "1"\n    file: good.txt\n   - id: 2\n', ":4: malformed YAML (…"),
        1,
    ),
    ("catalog-not-a-list", _catalog("documents: good.txt\n", ": needs a top-level 'documents' list …"), 1),
    (
        "duplicate-catalog-ids",
        lambda e: (
            e.file("b.txt", GOOD),
            _catalog(
                'documents:\n  - id: "1"\n    file: good.txt\n  - id: "1"\n    file: b.txt\n',
                ":4: duplicate document id '1' (also at line 2); give each document its own id",
            )(e),
        )[1],
        1,
    ),
    (
        "duplicate-ids-from-file-names",
        lambda e: (
            e.file("001_a.txt", GOOD),
            e.file("001_b.txt", GOOD),
            (build(e), f"{e.seeds / '001_b.txt'}: document id '001' is also the id of 001_a.txt; …"),
        )[2],
        1,
    ),
    (
        "unknown-catalog-kind",
        _catalog(
            'documents:\n  - id: "1"\n    file: good.txt\n    kind: memo\n',
            ":2: unknown kind 'memo' for 1; …",
        ),
        1,
    ),
    (
        "catalog-entry-for-missing-file",
        _catalog(
            'documents:\n  - id: "1"\n    file: gone.txt\n',
            ": lists gone.txt, which is not in the folder; fix the entry",
        ),
        1,
    ),
    ("catalog-entry-for-unsupported-file", _listed_json, 1),
    (
        "catalog-bad-year",
        _catalog(
            'documents:\n  - id: "1"\n    file: good.txt\n    year: 二〇二一\n',
            ":2: year must be a four-digit …",
        ),
        1,
    ),
    (
        "catalog-unknown-field",
        _catalog(
            'documents:\n  - id: "1"\n    file: good.txt\n    titel: x\n', ":2: unknown field 'titel'; …"
        ),
        1,
    ),
    (
        "catalog-entry-without-file",
        _catalog('documents:\n  - id: "1"\n', ":2: the entry needs 'file'; every entry has an id and a file"),
        1,
    ),
    (
        "all-documents-bad",
        lambda e: (
            (e.seeds / "good.txt").write_bytes(b""),
            (
                build(e),
                f"{e.seeds}: none of the 1 documents could be read (first: {e.seeds / 'good.txt'}: the file is empty; …",
            ),
        )[1],
        1,
    ),
    (
        "out-is-a-file",
        lambda e: (
            ["build", "--seeds", str(e.seeds), "--out", str(e.out / "edukg.ttl")],
            f"{e.out / 'edukg.ttl'}: is a file, not a folder; pass --out DIR for the outputs",
        ),
        1,
    ),
    (
        "workers-zero",
        lambda e: (build(e, "--workers", "0"), "Invalid value for '--workers': 0 is not in …"),
        2,
    ),
    (
        "broken-turtle",
        _graph_file(b"this is not turtle <<<", ":1: cannot parse as turtle (…", "query", "-e", "ASK {}"),
        1,
    ),
    (
        "binary-graph",
        _graph_file(
            b"\x89PNG\x00\x01", ": cannot parse as turtle (not UTF-8 text; is it a graph file?); …", "stats"
        ),
        1,
    ),
    (
        "empty-graph",
        _graph_file(b"", ": the graph holds no triples; rebuild it with `edukg build`", "stats"),
        1,
    ),
    (
        "missing-graph",
        lambda e: (
            ["stats", "--graph", str(e.tmp / "none.ttl")],
            f"{e.tmp / 'none.ttl'}: no graph file there; check the path given to --graph",
        ),
        1,
    ),
    (
        "graph-is-a-folder",
        lambda e: (
            ["stats", "--graph", str(e.out)],
            f"{e.out}: is a folder; give the graph file, such as {e.out / 'edukg.ttl'}",
        ),
        1,
    ),
    (
        "malformed-sparql",
        _q(
            "SELECT ?x WHERE {\n  ?x a ek:University .\n  ?x rdfs:label ?l ?m }",
            "malformed SPARQL: line 3, column …",  # the engine (Oxigraph or rdflib) words the rest
        ),
        1,
    ),
    (
        "update-query",
        _q(
            "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "updates are not allowed: EduKG queries are read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE",
        ),
        1,
    ),
    (
        "update-after-comment",
        _q(
            "# clean up\ndelete where { ?s ?p ?o }",
            "updates are not allowed: EduKG queries are read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE",
        ),
        1,
    ),
    ("empty-query", _q("  ", "the query is empty; give a SELECT, ASK, CONSTRUCT or DESCRIBE query"), 1),
    (
        "unknown-named-query",
        lambda e: (
            graph_args(e, "query", "nope"),
            "unknown query 'nope'; `edukg query --list` shows the named queries",
        ),
        1,
    ),
    (
        "unknown-parameter",
        lambda e: (
            graph_args(e, "query", "campuses", "--param", "city=无锡"),
            "query 'campuses' has no parameter 'city'; its parameters: university",
        ),
        1,
    ),
    (
        "malformed-parameter",
        lambda e: (
            graph_args(e, "query", "campuses", "--param", "university"),
            "Invalid value for '-p' / '--param': 'university': give NAME=VALUE, such as --param year=2021",
        ),
        2,
    ),
    ("no-query", lambda e: (graph_args(e, "query"), "give a query NAME, a FILE.rq or -e 'SPARQL'"), 2),
    (
        "query-file-not-utf8",
        lambda e: (
            (e.tmp / "q.rq").write_bytes("SELECT * { ?s ?p ?o } # 查询".encode("utf-16-le")),
            (
                graph_args(e, "query", str(e.tmp / "q.rq")),
                f"{e.tmp / 'q.rq'}: not UTF-8 text; save the query as UTF-8",
            ),
        )[1],
        1,
    ),
    (
        "export-to-a-folder",
        lambda e: (
            graph_args(e, "export", "--out", str(e.out)),
            f"{e.out}: is a folder; give a file name to write",
        ),
        1,
    ),
    (
        "validate-broken-graph",
        _graph_file(
            b"@prefix ek: <x> .\nek:a ek:b",
            ": cannot parse as turtle (the file ends inside a statement); …",
            "validate",
        ),
        2,
    ),
    (
        "eval-missing-gold",
        lambda e: (
            graph_args(e, "eval", "--gold", str(e.tmp / "gold.yaml")),
            f"{e.tmp / 'gold.yaml'}: no such gold file; pass --gold FILE.yaml",
        ),
        1,
    ),
]


@pytest.mark.parametrize(("setup", "code"), [(s, c) for _, s, c in CASES], ids=[i for i, _, _ in CASES])
def test_bad_input_is_one_line_and_changes_nothing(env: Env, setup: Callable, code: int) -> None:
    args, message = setup(env)
    before = snapshot(env.out)
    r = CliRunner().invoke(main, args)
    assert r.exit_code == code, r.output
    assert "Traceback" not in r.output
    last = r.stderr.splitlines()[-1]
    if code == 1:
        assert len(r.stderr.splitlines()) == 1, r.stderr
        assert r.stdout == ""
    expected = f"Error: {message}"
    if expected.endswith("…"):
        assert last.startswith(expected[:-1]), last
    else:
        assert last == expected
    assert snapshot(env.out) == before


def test_there_are_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20
