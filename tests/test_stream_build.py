"""Issue 19, the streaming build: terms as N3 strings write the Turtle rdflib's writer wrote, the Turtle is
streamed in pieces and into the store, and documents read and extracted by worker processes give what one
process gives (the same skipped documents, notes and errors, in the same order)."""

from __future__ import annotations

import contextlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph import inputs
from graph.core.errors import InputError
from graph.inputs import extract_all, read_and_extract, read_documents
from graph.rdf import render, terms
from graph.rdf.serialize import _prefixes, _term, statement, to_turtle, turtle_pieces, turtle_texts
from graph.rdf.triples import build_graph, build_triples
from graph.resolve import resolve
from graph.store import load_graph, open_oxigraph

ROOT = Path(__file__).resolve().parent.parent
TRICKY = [
    "江南大学",
    'a "quoted" word',
    "back\\slash",
    "two\nlines",
    'ends with a quote"',
    'three """ quotes\nand a line',
    "carriage\r\nreturn",
    "tab\there",
    "\ufffd replaced",
    'x\n"',
    "\\",
]


@pytest.mark.parametrize("text", TRICKY)
def test_literal_keys_are_rdflibs_n3(text: str) -> None:
    prefixes = _prefixes()
    for key, lit in ((terms.plain(text), Literal(text)), (terms.lang(text, "zh"), Literal(text, lang="zh"))):
        assert key == lit.n3()
        assert terms.text(key) == _term(lit, prefixes)
        assert terms.to_rdflib(key) == lit


@pytest.mark.parametrize(
    "value, datatype",
    [
        (2021, XSD.gYear),
        ("2021-03-01", XSD.date),
        ("2021-3-1", XSD.date),  # kept as written, as rdflib keeps it
        (Decimal("1.50"), XSD.decimal),
        (Decimal("1.5"), XSD.decimal),  # equal to 1.50 but another literal
        (Decimal("1E+1"), XSD.decimal),
        (Decimal("-0.50"), XSD.decimal),
        (Decimal("1E-7"), XSD.decimal),
        (True, None),
        (False, None),
        (12345, XSD.integer),
        (999, XSD.gYear),
        ("2024-02-29", XSD.date),
        ("2023-02-29", XSD.date),  # not a date: rdflib keeps it as written
    ],
)
def test_typed_keys_are_rdflibs_n3(value: object, datatype: URIRef | None) -> None:
    lit = Literal(value, datatype=datatype)
    key = terms.integer(value) if datatype == XSD.integer else terms.typed(value, str(datatype or ""))
    assert key == lit.n3()
    assert terms.text(key) == _term(lit, _prefixes())


def test_a_build_does_not_import_rdflib(tmp_path: Path) -> None:
    """The build's terms, writer and store need no rdflib (graph.core.iris): it is not imported."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from graph.pipeline import run_build; "
        f"run_build(Path({str(ROOT / 'seeds')!r}), Path({str(tmp_path / 'out')!r}), html=False); "
        "print('rdflib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert (tmp_path / "out" / "edukg.ttl").stat().st_size > 0


def test_the_plain_namespaces_are_rdflibs() -> None:
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

    from graph.core.iris import PREFIXES
    from graph.core.namespaces import EK, ORG, SCHEMA

    for prefix, ns in (("ek", EK), ("rdf", RDF), ("rdfs", RDFS), ("owl", OWL), ("xsd", XSD), ("skos", SKOS)):
        assert PREFIXES[prefix] == str(ns)
    for prefix, ns in (("prov", PROV), ("dcterms", DCTERMS), ("org", ORG), ("schema", SCHEMA)):
        assert PREFIXES[prefix] == str(ns)


@pytest.mark.parametrize(
    "iri",
    [
        "https://w3id.org/edukg/ontology#Mention",
        "https://w3id.org/edukg/id/sector",
        "https://w3id.org/edukg/id/university/abc",
        "https://w3id.org/edukg/id/mention/doc/1-2/ab",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://purl.org/dc/terms/title",
        "https://example.org/other",
    ],
)
def test_iri_keys_are_written_as_rdflib_writes_them(iri: str) -> None:
    key = terms.uri(iri)
    assert key == URIRef(iri).n3()
    assert terms.text(key) == _term(URIRef(iri), _prefixes())


@pytest.fixture(scope="module")
def seeds_corpus():
    return resolve(extract_all(read_documents(ROOT / "seeds")))


@pytest.mark.parametrize("size", [1, 5000, 1 << 30])
def test_the_streamed_turtle_is_rdflibs_turtle_of_the_same_triples(seeds_corpus, size: int) -> None:
    triples = build_triples(seeds_corpus)
    counts: dict[str, int] = {}
    pieces = list(turtle_pieces(build_graph(seeds_corpus).statements(), counts, size=size))
    assert "".join(pieces) == to_turtle(triples)
    assert counts["triples"] == len(triples)
    mention = URIRef("https://w3id.org/edukg/ontology#Mention")
    assert counts["mentions"] == sum(1 for _, p, o in triples if o == mention and str(p).endswith("#type"))
    if size == 1:
        assert len(pieces) == len({s for s, _, _ in triples}) + 1  # one statement a piece, and the end


@pytest.mark.parametrize("size", [1, 5000, 1 << 30])
def test_the_rendered_statements_write_the_same_turtle(seeds_corpus, size: int) -> None:
    built = build_graph(seeds_corpus)
    counts: dict[str, int] = {}
    fast = list(turtle_texts(render.statements(built), counts, size=size))
    slow_counts: dict[str, int] = {}
    slow = list(turtle_pieces(built.statements(), slow_counts, size=size))
    # the same file, cut between statements (a document's mention nodes are one item: cut after its last)
    assert "".join(fast) == "".join(slow)
    assert counts == slow_counts and counts["mentions"] > 1000
    if size == 1:
        assert set(_cuts(fast)) < set(_cuts(slow))


def _cuts(pieces: list[str]) -> list[int]:
    ends, at = [], 0
    for piece in pieces:
        at += len(piece)
        ends.append(at)
    return ends


def test_the_first_piece_is_small_so_the_store_starts_loading_early(seeds_corpus) -> None:
    from graph.rdf.turtle import FIRST, turtle_head

    built = build_graph(seeds_corpus)
    size = 2 * FIRST  # the seeds write some 0.9M characters
    pieces = list(turtle_texts(render.statements(built), {}, size=size))
    whole = list(turtle_texts(render.statements(build_graph(seeds_corpus)), {}, size=1 << 30))
    assert "".join(pieces) == "".join(whole)  # the same file, cut elsewhere
    assert len(pieces) > 2
    assert FIRST <= len(pieces[0]) - len(turtle_head()) < size  # the first cut at FIRST, not at `size`
    assert all(len(piece) >= size for piece in pieces[1:-1])


def test_mention_nodes_rendered_from_templates_are_the_generic_statements(seeds_corpus) -> None:
    built = build_graph(seeds_corpus)
    shared = 0
    for doc_id in built.requests:
        nodes = built.mentions_of(doc_id)
        fast = render._mentions_of(built, doc_id)
        assert [k for k, *_ in fast] == sorted(nodes)
        for key, text, n, is_mention, rest in fast:
            assert text == statement(key, nodes[key]) and rest == text  # nothing loaded early here
            assert n == sum(len(objs) for objs in nodes[key].values()) and is_mention
            shared += len(nodes[key][render.EK.evidenceFor]) > 1
    assert shared  # nodes that several requests make (the generic path) are among them


def test_the_store_holds_exactly_the_turtles_triples(built: Path) -> None:
    from pyoxigraph import RdfFormat, Store

    persistent = open_oxigraph(built / "edukg.ttl", memory_max_bytes=0)
    assert persistent.persistent
    fresh = Store()
    fresh.bulk_load(path=str(built / "edukg.ttl"), format=RdfFormat.TURTLE)
    assert set(persistent.store) == set(fresh)


def _same(a, b) -> None:
    assert [x.doc.meta for x in a] == [x.doc.meta for x in b]
    assert [(x.mentions, x.relations, x.figures) for x in a] == [
        (x.mentions, x.relations, x.figures) for x in b
    ]
    for x, y in zip(a, b, strict=True):
        assert x.doc.raw == y.doc.raw and list(x.doc.offsets) == list(y.doc.offsets)
        assert x.doc.original_span(0, 5) == y.doc.original_span(0, 5)


def test_workers_give_what_one_process_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")  # skipped, told in order
    data = (folder / "000_d76ecd2af7a9799b.txt").read_bytes()
    (folder / "bad_bytes.txt").write_bytes(data[:300] + b"\xff" + data[300:])  # read, with a note
    monkeypatch.setattr(inputs, "PARALLEL_MIN", 2)
    skipped1: list[str] = []
    notes1: list[str] = []
    one = extract_all(read_documents(folder, skipped=skipped1, notes=notes1))
    skipped2: list[str] = []
    notes2: list[str] = []
    two = read_and_extract(folder, 2, skipped=skipped2, notes=notes2)
    _same(one, two)
    assert skipped1 == skipped2 and len(skipped1) == 1 and "empty.txt" in skipped1[0]
    assert notes1 == notes2 and len(notes1) == 1
    with pytest.raises(InputError) as serial:
        read_documents(folder, strict=True)
    with pytest.raises(InputError) as parallel:
        read_and_extract(folder, 2, strict=True)
    assert str(serial.value) == str(parallel.value)


def test_a_build_with_workers_writes_the_turtle_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.pipeline import run_build

    monkeypatch.setattr(inputs, "PARALLEL_MIN", 2)
    run_build(ROOT / "seeds", tmp_path / "one", workers=1, html=False)
    run_build(ROOT / "seeds", tmp_path / "two", workers=2, html=False)
    one = (tmp_path / "one" / "edukg.ttl").read_bytes()
    assert one == (tmp_path / "two" / "edukg.ttl").read_bytes()
    assert len(load_graph(tmp_path / "one" / "edukg.ttl")) > 10000


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_views_drawn_in_a_forked_process_are_the_pages_drawn_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import pipeline

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    pipeline.run_build(seeds, tmp_path / "here", store=False)
    monkeypatch.setattr(pipeline, "FORK_VIEWS_MIN", 1)  # the seeds' views drawn in a child
    report = pipeline.run_build(seeds, tmp_path / "forked", store=False)
    assert _files(tmp_path / "forked") == _files(tmp_path / "here")
    assert [p.name for p in report.outputs][:2] == ["edukg.ttl", "edukg.html"]


def test_a_failure_in_the_forked_views_leaves_out_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import pipeline
    from graph.core.errors import OutputError

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / "out"
    pipeline.run_build(seeds, out, store=False)
    before = _files(out)

    def broken(*_: object) -> dict[Path, str]:
        raise OutputError("views: injected failure")

    monkeypatch.setattr(pipeline, "FORK_VIEWS_MIN", 1)
    monkeypatch.setattr(pipeline, "_draw_views", broken)  # inherited by the forked child
    with pytest.raises(OutputError, match="injected failure"):
        pipeline.run_build(seeds, out, store=False)
    assert _files(out) == before


def test_documents_resolved_as_they_arrive_give_the_corpus_resolved_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from graph.pipeline import corpus_from

    monkeypatch.setattr(inputs, "PARALLEL_MIN", 2)
    streamed = corpus_from(ROOT / "seeds", workers=2)
    whole = resolve(extract_all(read_documents(ROOT / "seeds")))
    assert streamed.entities == whole.entities and streamed.links == whole.links
    assert streamed.targets == whole.targets and streamed.doc_entity == whole.doc_entity
    assert to_turtle(build_triples(streamed)) == to_turtle(build_triples(whole))
    assert len(whole.targets) > 10 and any(e.type == "Program" for e in whole.entities)


def test_the_store_loader_loads_pieces_on_two_threads_and_tells_a_bad_one(
    seeds_corpus, tmp_path: Path
) -> None:
    from graph.core.errors import GraphLoadError
    from graph.rdf.serialize import turtle_head
    from graph.store import StoreLoader

    pieces = list(turtle_texts(render.statements(build_graph(seeds_corpus)), {}, size=20000))
    assert len(pieces) > 4
    (tmp_path / "good").mkdir()
    loader = StoreLoader(tmp_path / "good", turtle_head(), threads=2)
    try:
        for i, piece in enumerate(pieces):
            loader.add(piece, head=i > 0)  # the first piece starts with the prefix lines
        assert loader.finish() == len(build_triples(seeds_corpus))
    finally:
        loader.close()
    (tmp_path / "bad").mkdir()
    loader = StoreLoader(tmp_path / "bad", turtle_head(), threads=2)
    try:
        with pytest.raises(GraphLoadError, match="the store cannot load the graph"):
            loader.add(pieces[1])
            loader.add("ek:x ek:y .\n\nek:broken")  # not a whole statement
            for piece in pieces[2:]:
                loader.add(piece)  # told here, or at the end
            loader.finish()
    finally:
        loader.close()


def test_the_phase_benchmark_times_each_phase_of_a_real_build(tmp_path: Path) -> None:
    from benchmarks.phases import PHASES, timed_build

    rows, wall, cpu = timed_build(ROOT / "seeds", tmp_path / "out")
    phases = [row for row in rows if row[0] in PHASES]
    assert [name for name, *_ in phases] == list(PHASES)
    assert (tmp_path / "out" / "edukg.ttl").stat().st_size > 100_000
    assert sum(w for _, _, w, _ in phases) <= wall and all(start + w <= wall for _, start, w, _ in rows)
    assert cpu > 0 and (tmp_path / "out" / "store" / "stamp.json").exists()
    # the store's compaction is timed inside the phase that writes the store
    [(_, start, w, _)] = [row for row in rows if row[0].strip() == "compact"]
    writing = phases[-1]
    assert writing[1] <= start and start + w <= writing[1] + writing[2]


def test_the_phase_benchmark_stops_when_a_build_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that fails in its forked process ends the benchmark with its exit code, not a wait forever."""
    import benchmarks.phases as phases

    def fail(*_args: object) -> None:
        raise RuntimeError("no build")

    monkeypatch.setattr(phases, "timed_build", fail)
    with pytest.raises(SystemExit, match="failed"):
        phases._in_child(tmp_path / "none", tmp_path / "out", True)


def test_the_phase_benchmark_builds_without_the_compaction_when_asked(tmp_path: Path) -> None:
    import graph.store.oxigraph as ox
    from benchmarks.phases import timed_build

    compact = ox.compact
    timed_build(ROOT / "seeds", tmp_path / "loose", compacted=False)
    timed_build(ROOT / "seeds", tmp_path / "tight")
    assert ox.compact is compact  # put back
    files = {k: len(list((tmp_path / k / "store" / "db").glob("*.sst"))) for k in ("loose", "tight")}
    assert files["tight"] < files["loose"]
    assert (tmp_path / "loose" / "edukg.ttl").read_bytes() == (tmp_path / "tight" / "edukg.ttl").read_bytes()


def _triples(text: str) -> set[str]:
    from pyoxigraph import RdfFormat, parse

    from graph.rdf.serialize import turtle_head

    return {str(t) for t in parse((turtle_head() + "\n\n" + text).encode(), format=RdfFormat.TURTLE)}


def test_text_statements_and_the_rest_of_each_piece_are_the_turtles_triples(seeds_corpus) -> None:
    from graph.rdf.serialize import turtle_and_store

    extractions = extract_all(read_documents(ROOT / "seeds"))
    built = build_graph(seeds_corpus)
    early: set[str] = set()
    for x in extractions:
        text, spans = render.text_statements(x.doc, x.mentions)
        early |= _triples(text)
        built.early[x.doc.meta.id] = spans
    pairs = list(turtle_and_store(render.statements(built), {}, size=50000))
    turtle = _triples("".join(piece for piece, _ in pairs))
    rest: set[str] = set()
    for _, todo in pairs:
        rest |= _triples(todo)
    mentions = sum(len(x.mentions) for x in extractions)
    assert early <= turtle and len(early) >= 4 * mentions  # every mention's type, span, quote and rule
    assert rest | early == turtle and len(rest) < len(turtle) - len(early) // 2
    assert built.unloaded == []  # every span loaded early is in the graph


def test_the_store_gives_back_what_it_loaded_early_and_the_graph_does_not_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A span loaded early whose mention the graph turns out not to hold (its entity replaced by another
    with the same key) is taken out of the store again: the store holds exactly the Turtle's triples."""
    from dataclasses import replace

    import graph.inputs as inputs
    import graph.pipeline as pipeline
    from graph.core.model import Mention
    from graph.store import StoreLoader

    real = inputs.text_statements  # what the worker (here: this process) works out ahead

    def more(doc, mentions):
        m = mentions[0]  # the document's title: in the graph, but not with this rule
        assert m.rule == "structure.document"
        whole = Mention(doc.meta.id, 0, len(doc.text), doc.text, "Place", "names.gazetteer")  # nowhere
        return real(doc, (*mentions, replace(m, rule="names.gazetteer"), whole))

    removed: list[int] = []
    finish = StoreLoader.finish
    monkeypatch.setattr(StoreLoader, "finish", lambda self: removed.append(len(self.remove)) or finish(self))
    monkeypatch.setattr(inputs, "text_statements", more)
    pipeline.run_build(ROOT / "seeds", tmp_path / "out", html=False)
    assert removed and removed[0] >= 2 * 5  # a rule and a whole node of each of the five documents
    from pyoxigraph import RdfFormat, Store

    persistent = open_oxigraph(tmp_path / "out" / "edukg.ttl", memory_max_bytes=0)
    assert persistent.persistent
    fresh = Store()
    fresh.bulk_load(path=str(tmp_path / "out" / "edukg.ttl"), format=RdfFormat.TURTLE)
    assert set(persistent.store) == set(fresh)


def test_a_build_failing_while_the_store_loads_early_leaves_the_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is staged and loading before the corpus is resolved: a failure after that (here in
    building the graph) stops its threads and takes the staged store away; OUT keeps the last build."""
    import threading

    from graph import pipeline
    from graph.core.errors import OutputError
    from graph.outputs import TMP

    out = tmp_path / "out"
    pipeline.run_build(ROOT / "seeds", out, html=False)
    before = _files(out)

    def broken(*_: object) -> None:
        assert [p for p in out.iterdir() if p.name.startswith(TMP + "store.")]  # staged, loading
        raise OutputError("graph: injected failure")

    monkeypatch.setattr(pipeline, "build_graph", broken)
    with pytest.raises(OutputError, match="injected failure"):
        pipeline.run_build(ROOT / "seeds", out, html=False)
    assert _files(out) == before and sorted(p.name for p in out.iterdir()) == ["edukg.ttl", "store"]
    assert not any(t.name.startswith("edukg-store") for t in threading.enumerate())


def test_the_store_load_benchmark_loads_every_triple_of_a_built_graph(tmp_path: Path) -> None:
    from pyoxigraph import RdfFormat, parse

    from benchmarks.store_load import load, pieces
    from graph.pipeline import run_build

    run_build(ROOT / "seeds", tmp_path / "out", html=False, store=False)
    graph = tmp_path / "out" / "edukg.ttl"
    text = graph.read_text(encoding="utf-8")
    triples = sum(1 for _ in parse(text.encode("utf-8"), format=RdfFormat.TURTLE))
    split = pieces(text, 100_000)
    assert len(split) > 1 and all(p.startswith("@prefix") for p in split)
    assert sum(sum(1 for _ in parse(p.encode("utf-8"), format=RdfFormat.TURTLE)) for p in split) == triples
    for row in ("turtle-4MB", "ntriples-10MB", "memory-whole"):
        r = load(row, graph)
        assert r["triples"] == triples and r["cpu"] > 0 and r["peak_mb"] > 0


class _Untouched:
    """In place of graph.store.compactions.IdleCompactions: RocksDB's compaction threads left alone."""

    idle = stalled = False

    def loading(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def normal(self) -> None:
        pass


def test_a_filled_store_is_compacted(seeds_corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each bulk-loaded piece is ingested as database files of its own, whose key ranges overlap (a
    store on disk reads them all on each range scan); the loader compacts them when it finishes: fewer
    files than the pieces left, and the same triples."""
    import graph.store.oxigraph as ox
    from graph.rdf.serialize import turtle_head
    from graph.store import StoreLoader

    pieces = list(turtle_texts(render.statements(build_graph(seeds_corpus)), {}, size=20000))

    def files(folder: Path) -> tuple[int, set]:
        from pyoxigraph import Store

        loader = StoreLoader(folder, turtle_head(), threads=2)
        try:
            for i, piece in enumerate(pieces):
                loader.add(piece, head=i > 0)
            loader.finish()
        finally:
            loader.close()
        return len(list((folder / "db").glob("*.sst"))), set(Store.read_only(str(folder / "db")))

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    compacted, triples = files(tmp_path / "a")
    monkeypatch.setattr(ox, "compact", lambda store: None)
    # RocksDB's own compactions left as they run (not set aside while loading, then let loose at the end)
    monkeypatch.setattr(ox, "IdleCompactions", _Untouched)
    loose, same = files(tmp_path / "b")
    assert triples == same and len(triples) == len(build_triples(seeds_corpus))
    assert len(pieces) > 4 and compacted < loose, (compacted, loose)


def _compaction_policies() -> list[int]:
    import os

    from graph.store.compactions import BACKGROUND_THREAD

    out = []
    for tid in os.listdir("/proc/self/task"):
        try:
            if (Path("/proc/self/task") / tid / "comm").read_text().strip() == BACKGROUND_THREAD:
                out.append(os.sched_getscheduler(int(tid)))
        except OSError:
            continue
    return out


def _reversible() -> bool:
    from graph.store.compactions import reversible

    return Path("/proc/self/task").is_dir() and reversible()


@pytest.mark.skipif(not _reversible(), reason="this process may not raise a thread back from the idle class")
def test_rocksdbs_compactions_wait_in_the_idle_class_while_the_loader_loads(
    seeds_corpus, tmp_path: Path
) -> None:
    """While the pieces load, RocksDB's compaction threads run in the idle scheduling class (they would
    compact each piece as it comes, on the cores the build uses, all redone at the end); the loader's
    own compaction at the end runs them in the normal class again, and the store holds the graph."""
    import os

    from graph.rdf.serialize import turtle_head
    from graph.store import StoreLoader

    pieces = list(turtle_texts(render.statements(build_graph(seeds_corpus)), {}, size=20000))
    loader = StoreLoader(tmp_path, turtle_head(), threads=2)
    try:
        assert _compaction_policies() and set(_compaction_policies()) == {os.SCHED_IDLE}
        for i, piece in enumerate(pieces):
            loader.add(piece, head=i > 0)
        assert loader.finish() == len(build_triples(seeds_corpus))
        assert set(_compaction_policies()) == {os.SCHED_OTHER}
    finally:
        loader.close()


@pytest.mark.skipif(not _reversible(), reason="this process may not raise a thread back from the idle class")
def test_a_bulk_load_held_up_puts_the_compactions_back_at_once(tmp_path: Path) -> None:
    """An idle-class compaction that RocksDB has started holds up the next ingestion until it ends, which
    on a busy machine may be never: once a load has waited `stall_s`, the watch puts the compaction
    threads back in the normal class for good, without waiting for the load to end."""
    import os
    import time

    from pyoxigraph import Store

    from graph.store.compactions import IdleCompactions

    store = Store(str(tmp_path / "db"))  # RocksDB's threads exist once a store is open
    watched = IdleCompactions(stall_s=0.2)
    try:
        assert watched.idle and set(_compaction_policies()) == {os.SCHED_IDLE}
        with watched.loading():
            time.sleep(0.1)  # a load within the limit: nothing changes
        assert watched.idle and not watched.stalled
        with watched.loading():
            deadline = time.monotonic() + 5
            while watched.idle and time.monotonic() < deadline:
                time.sleep(0.05)  # a load held up: the watch acts while it still waits
            assert watched.stalled and not watched.idle
            assert set(_compaction_policies()) == {os.SCHED_OTHER}
    finally:
        watched.normal()
        del store


def test_the_compaction_benchmark_compares_a_loose_and_a_compacted_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks import compaction
    from graph.pipeline import run_build

    run_build(ROOT / "seeds", tmp_path / "out", html=False, store=False)
    monkeypatch.setattr(compaction, "PIECE", 50_000)  # the seeds in several pieces, as a large graph is
    graph = str(tmp_path / "out" / "edukg.ttl")
    assert compaction.main(["--graph", graph, "--repeat", "1", "--work", str(tmp_path / "w")]) == 0
    out = capsys.readouterr().out
    loose, tight = (int(out.split(f"{k}: ")[1].split()[0]) for k in ("loose", "compacted"))
    assert tight < loose, out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "ms" not in line]
    assert [r.split(" | ")[0][2:] for r in rows] == list(compaction.QUERIES)
    assert all(int(r.split(" | ")[1].replace(",", "")) > 0 for r in rows), rows


def test_the_compaction_benchmark_weighs_the_layouts_a_build_could_leave_instead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pyoxigraph import Store

    from benchmarks import compaction
    from graph.pipeline import run_build

    run_build(ROOT / "seeds", tmp_path / "out", html=False, store=False)
    graph = tmp_path / "out" / "edukg.ttl"
    argv = ["--graph", str(graph), "--repeat", "1", "--work", str(tmp_path / "w"), "--alternatives"]
    assert compaction.main(argv) == 0  # exits if a layout answers a query with other rows
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("| query"))
    assert all(f" {name} ms |" in header for name in compaction.ALTERNATIVES), header
    rows = [line for line in out.splitlines() if line.startswith("| ") and "ms" not in line]
    assert len(rows) == len(compaction.QUERIES)
    assert all(len(r.strip("|").split("|")) == 5 + len(compaction.ALTERNATIVES) for r in rows), rows
    # the overlapped layout holds every triple: the pieces loaded after its compaction started too
    loaded = {k: len(Store.read_only(str(tmp_path / "w" / k))) for k in compaction.ALTERNATIVES}
    assert set(loaded.values()) == {len(Store.read_only(str(tmp_path / "w" / "compacted" / "db")))}
