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


def _pages_pdf(n: int) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(n):
        writer.add_blank_page(width=10, height=10)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _content_bomb_pdf() -> bytes:
    """One page whose content stream inflates to 5.25 MB (a PDF of a few KB): over the extraction budget."""
    import pypdf
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 10 10 Td (hello world) Tj ET\n" * 125_000)
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _docx_bomb() -> bytes:
    """A .docx whose text part inflates 1,000 times: 51 MB from about 50 KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (51 * 1024 * 1024) + b"</w:document>")
    return buf.getvalue()


BAD_AT = GOOD.encode("utf-8").index("江南".encode())  # where two stray bytes replace 江南
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "documents: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
)


def _link(name: str, target: str, message: str) -> Callable[[Env], tuple[list[str], str]]:
    def setup(e: Env) -> tuple[list[str], str]:
        (e.seeds / name).symlink_to(target)
        return build(e, "--strict"), f"{e.seeds / name}: {message}"

    return setup


def _seeds_entry(
    make: Callable[[Path], object], name: str, message: str
) -> Callable[[Env], tuple[list[str], str]]:
    def setup(e: Env) -> tuple[list[str], str]:
        make(e.seeds / name)
        return build(e, "--strict"), f"{e.seeds / name}: {message}"

    return setup


def _bad_name(e: Env) -> tuple[list[str], str]:
    import os

    os.close(os.open(os.fsencode(e.seeds) + b"/\xb2\xe2.txt", os.O_CREAT | os.O_WRONLY))
    return build(e, "--strict"), f"{e.seeds}/\\xb2\\xe2.txt: the file name is not UTF-8; rename the file"


def _big(suffix: str, data: bytes) -> Callable[[Env], tuple[list[str], str]]:
    return lambda e: (e.file(f"big{suffix}", data), (build(e, "--strict"), f"{e.seeds / f'big{suffix}'}: …"))[
        1
    ]


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
    (
        "terminal-capture",
        _strict(
            "a.txt",
            ("推进学前教育\x1b[31m" * 50).encode(),
            "UTF-8, but 50 control characters (the first, U+001B, at character 6) make it look like binary "
            "or terminal output; remove them and read it again",
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
    # issue 17: hostile input
    (
        "catalog-billion-laughs",
        _catalog(BILLION_LAUGHS, ":2: YAML aliases (*a) are not allowed in the catalog; write the value out"),
        1,
    ),
    (
        "catalog-impossible-date",
        _catalog(
            'documents:\n  - id: "1"\n    file: good.txt\n    date: 2021-02-30\n',
            ":4: malformed YAML (cannot read the value '2021-02-30' (day is out of range for month)); "
            "fix the catalog or remove it",
        ),
        1,
    ),
    (
        "catalog-5000-digit-id",
        _catalog(
            "documents:\n  - id: " + "9" * 5000 + "\n    file: good.txt\n",
            ":2: malformed YAML (cannot read the value '99999999999…",
        ),
        1,
    ),
    (
        "catalog-huge-wrong-value",
        _catalog(
            'documents:\n  - id: "1"\n    file: good.txt\n    year: "' + "x" * 100_000 + '"\n',
            ":2: year must be a four-digit year such as 2021, not 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…",
        ),
        1,
    ),
    (
        "catalog-deep-nesting",
        _catalog("documents: " + "[" * 500 + "]" * 500 + "\n", ":1: nested more than 16 levels deep; …"),
        1,
    ),
    (
        "catalog-mixed-keys",
        _catalog('documents:\n  - id: "1"\n    file: good.txt\n    1: x\n', ":2: unknown field 1; …"),
        1,
    ),
    (
        "catalog-file-with-nul",
        _catalog('documents:\n  - id: "1"\n    file: "a\\0.txt"\n', ":2: file must be a file name inside …"),
        1,
    ),
    (
        "catalog-is-a-folder",
        lambda e: (
            (e.seeds / "catalog.yaml").mkdir(),
            (build(e), f"{e.seeds / 'catalog.yaml'}: is a folder; the catalog is a YAML file, or remove it"),
        )[1],
        1,
    ),
    (
        "out-is-seeds",
        lambda e: (
            ["build", "--seeds", str(e.out), "--out", str(e.out)],
            f"{e.out}: is the seeds folder ({e.out}); the next build would read its own outputs as "
            "documents: pass another --out",
        ),
        1,
    ),
    (
        "seeds-inside-out",
        lambda e: (
            (e.out / "docs").mkdir(),
            (e.out / "docs" / "a.txt").write_text(GOOD, encoding="utf-8"),
            (
                ["build", "--seeds", str(e.out / "docs"), "--out", str(e.out)],
                f"{e.out}: is a folder that holds …",
            ),
        )[2],
        1,
    ),
    (
        "docx-zip-bomb",
        _strict(
            "a.docx",
            _docx_bomb(),
            "its text part (word/document.xml, inflated) is 51.0 MB, over the limit of 50 MB; …",
        ),
        1,
    ),
    (
        "docx-entities",
        _strict(
            "a.docx",
            _zip({"word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaa">]><w:document/>'}),
            "not a readable .docx (word/document.xml declares a document type or entities, …",
        ),
        1,
    ),
    (
        "docx-deep-nesting",
        _strict(
            "a.docx",
            _zip(
                {
                    "word/document.xml": f"<w:document {W}>"
                    + "<x>" * 10_001
                    + "</x>" * 10_001
                    + "</w:document>"
                }
            ),
            "the nesting of its XML elements is 10,001 levels, over the limit of 10,000 levels; …",
        ),
        1,
    ),
    (
        "pdf-too-many-pages",
        _strict(
            "a.pdf",
            _pages_pdf(2001),
            "the PDF is 2,001 pages, over the limit of 2,000 pages; split it, or set …",
        ),
        1,
    ),
    (
        "html-deep-nesting",
        _strict(
            "a.html", "<div>" * 10_001 + "江南大学" + "</div>" * 10_001, "the nesting of its elements is …"
        ),
        1,
    ),
    (
        "five-mb-single-line",
        _strict(
            "a.txt",
            "无锡" * 900_000,
            "the file is 5,400,000 bytes, more than 1,000,000 characters can take (4 bytes each); split it, "
            "or set EDUKG_MAX_CHARS=2700000 to read it",
        ),
        1,
    ),
    (
        "text-over-char-limit",
        _strict(
            "a.txt",
            "Wuxi " * 220_000,
            "its text is 1,100,000 characters, over the limit of 1,000,000 characters; split it, or set "
            "EDUKG_MAX_CHARS=2200000 to read it",
        ),
        1,
    ),
    (
        "long-line",
        _strict(
            "a.txt",
            "无锡市教育局。" * 30_000,
            "its longest line is 210,000 characters, over the limit of 200,000 characters; split it, or set "
            "EDUKG_MAX_LINE=420000 to read it",
        ),
        1,
    ),
    ("file-too-big", _big(".txt", b"a" * 4_000_001), 1),
    ("html-too-big", _big(".html", b"<p>" * 3_000_000), 1),
    (
        "bad-utf8-bytes-strict",
        _strict(
            "a.txt",
            GOOD.encode("utf-8").replace("江南".encode(), b"\xff\xfe", 1),
            f"2 invalid UTF-8 bytes at byte offset {BAD_AT}, {BAD_AT + 1}, read as U+FFFD; re-save the file as UTF-8 to "
            "fix them (or build without --strict to read it so)",
        ),
        1,
    ),
    (
        "symlink-loop",
        _link("loop.txt", "loop.txt", "a symbolic link that loops; point it at a file or remove it"),
        1,
    ),
    (
        "dangling-link",
        _link(
            "gone.txt",
            "nowhere.txt",
            "a broken link (to nowhere.txt, which does not exist); fix or remove it",
        ),
        1,
    ),
    (
        "folder-named-txt",
        _seeds_entry(
            Path.mkdir,
            "notes.txt",
            "is a folder, not a document; rename it or move it out of the seeds folder",
        ),
        1,
    ),
    (
        "fifo-named-txt",
        _seeds_entry(
            lambda p: __import__("os").mkfifo(p),
            "pipe.txt",
            "not a regular file (a device, pipe or socket); give a document file",
        ),
        1,
    ),
    ("non-utf8-file-name", _bad_name, 1),
    (
        "repeated-parameter",
        lambda e: (
            graph_args(e, "query", "targets", "-p", "year=2025", "-p", "year=2024"),
            "Invalid value for '-p' / '--param': 'year' is given twice ('year=2025' and 'year=2024'); "
            "give each parameter once",
        ),
        2,
    ),
    (
        "graph-query-on-rdflib",
        lambda e: (
            graph_args(e, "query", "--store", "rdflib", "-e", "SELECT * { GRAPH ?g { ?s ?p ?o } }"),
            "GRAPH needs named graphs, which the rdflib store does not keep (it holds their union); "
            "drop GRAPH from the query or use --store oxigraph",
        ),
        1,
    ),
    (
        "failed-service-call",
        lambda e: (
            graph_args(
                e,
                "query",
                "--store",
                "rdflib",
                "--allow-remote",
                "-e",
                "SELECT * { SERVICE <http://127.0.0.1:1/s> { ?s ?p ?o } }",
            ),
            "a SERVICE call failed (…",
        ),
        1,
    ),
    (
        "pdf-content-bomb",
        _strict(
            "a.pdf",
            _content_bomb_pdf(),
            "its pages' content is at least 5.2 MB, more than the limit of 5.0 MB …",
        ),
        1,
    ),
    (
        "file-name-with-line-break",
        lambda e: (
            (e.seeds / "a\nb.txt").write_text(GOOD, encoding="utf-8"),
            (
                build(e, "--strict"),
                f"{e.seeds}/a\\x0ab.txt: the file name has control characters (line breaks, tabs); rename the file",
            ),
        )[1],
        1,
    ),
    (
        "catalog-id-that-is-a-path",
        _catalog(
            'documents:\n  - id: "../../x y"\n    file: good.txt\n',
            ":2: id must be up to 64 letters, digits, '-' and '_' (such as 001 or plan-2021), not '../../x y'",
        ),
        1,
    ),
    (
        "catalog-is-a-device",
        lambda e: (
            (e.seeds / "catalog.yaml").symlink_to("/dev/zero"),
            (
                build(e),
                f"{e.seeds / 'catalog.yaml'}: not a regular file; the catalog is a YAML file, or remove it",
            ),
        )[1],
        1,
    ),
    (
        "wrapped-lines-joined-past-the-limit",
        _strict(
            "a.txt",
            ("大学" * 50 + "\n") * 2100,
            "its longest paragraph (wrapped lines joined) is 210,000 characters, over the limit of 200,000 "
            "characters; split it, or set EDUKG_MAX_LINE=420000 to read it",
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
