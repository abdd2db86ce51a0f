"""Orchestration and all file I/O: seeds folder -> documents -> extraction -> resolve -> RDF -> files."""

from __future__ import annotations

import gc
import multiprocessing as mp
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.core.errors import InputError, OutputError
from graph.core.model import Corpus, Extraction
from graph.ingest import readers
from graph.inputs import early_text, extract_all, read_and_extract, read_documents
from graph.outputs import Staging, write_all, write_error
from graph.rdf import render
from graph.rdf.render import Span
from graph.rdf.terms import to_rdflib
from graph.rdf.triples import build_graph
from graph.rdf.turtle import turtle_and_store, turtle_head, turtle_texts
from graph.resolve import Resolver, resolve

if TYPE_CHECKING:  # rdflib is imported where it is used: a build does not import it
    from rdflib import Graph

TURTLE = "edukg.ttl"
HTML = "edukg.html"
PIECE = 1 << 22  # characters of Turtle per piece written and loaded into the store


@dataclass
class BuildReport:
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    targets: int = 0
    mentions: int = 0
    triples: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # documents read with a problem (bad bytes replaced)


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while millions of small objects are made (and kept): a build
    makes little cyclic garbage, and the collector's passes over live objects cost ~30% of it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def corpus_from(
    seeds: Path,
    workers: int | None = None,
    strict: bool = False,
    skipped: list[str] | None = None,
    scheduler: str | Any | None = None,
    progress: bool | None = None,
    notes: list[str] | None = None,
    early: _Early | None = None,
) -> Corpus:
    """The resolved corpus of a folder: its documents read and extracted by `workers` processes (None:
    one per core), or on a Dask cluster (`scheduler`), then resolved across the corpus. `early` gets each
    document's text statements, and starts loading them into the store before the corpus is resolved."""
    if scheduler is not None:
        docs = read_documents(seeds, strict=strict, skipped=skipped, notes=notes)
        return resolve(extract_all(docs, scheduler=scheduler, progress=progress))
    resolver = Resolver()  # each document resolved as it arrives, while the workers extract the next
    each = resolver.add
    if early is not None:

        def each(x: Extraction) -> None:
            resolver.add(x)
            early.add(x)

    read_and_extract(
        seeds,
        workers,
        strict=strict,
        skipped=skipped,
        notes=notes,
        progress=progress,
        each=each,
        texts=early is not None,
    )
    return _resolve_corpus(resolver, early)


def _resolve_corpus(resolver: Resolver, early: _Early | None) -> Corpus:
    """The corpus-wide resolve, while the store loads the early text statements on another core."""
    if early is not None:
        early.start()
    return resolver.corpus()


class _Early:
    """The store's part that the documents' texts decide alone (each mention node's type, span, quote and
    rule: a fifth of a large graph's triples, graph.rdf.render.text_statements), gathered as the
    documents arrive and loaded while the corpus is resolved and the graph built, on the core that the
    resolve leaves idle; the writer then gives the store only the rest of those nodes. The outputs are
    staged from `start` on (the store's folder is made then)."""

    def __init__(self, out: Path, stack: ExitStack) -> None:
        self.out, self.stack = out, stack
        self.texts: list[bytes] = []  # UTF-8: a third smaller than the strings (mostly ASCII IRIs)
        self.spans: dict[str, set[Span]] = {}
        self.stage: Staging | None = None
        self.loader: Any = None

    def add(self, x: Extraction) -> None:
        text, spans = early_text(x)  # the worker's (graph.inputs.Ahead)
        self.spans[x.doc.meta.id] = spans
        if text:
            self.texts.append(text)

    def start(self) -> None:
        import graph.store

        self.stage = self.stack.enter_context(Staging(self.out))
        target = graph.store.store_dir(self.out / TURTLE)
        folder = self.stage.folder(target, lambda tmp: None)
        self.loader = graph.store.StoreLoader(folder, turtle_head())
        self.stack.callback(self.loader.close)
        texts, self.texts = self.texts, []
        texts.reverse()  # taken from the end: each document's text is freed once in a piece
        pieces: list[bytes] = []
        piece: list[bytes] = []
        held = 0
        while texts:
            piece.append(texts.pop())
            held += len(piece[-1])
            if held >= PIECE or not texts:
                pieces.append(b"\n\n".join(piece))
                piece, held = [], 0
        # on one thread: the resolve keeps the other core (it is what the rest of the build waits for)
        self.loader.preload(pieces)


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target and rename it into place."""
    write_all({path: text})


def document_texts(g: Graph, seeds: Path) -> dict[str, str]:
    """Original texts of a graph's documents found in a seeds folder (by dcterms:source), by id."""
    from rdflib.namespace import DCTERMS

    from graph.views.scope import documents

    out = {}
    for doc, (ident, _, _) in documents(g).items():
        src = g.value(doc, DCTERMS.source)
        path = seeds / str(src) if src else None
        if path is not None and path.is_file():
            try:
                out[ident] = readers.read(path.read_bytes(), str(path))
            except InputError:
                continue
    return out


def run_build(
    seeds: Path,
    out: Path,
    workers: int | None = None,
    strict: bool = False,
    html: bool = True,
    store: bool = True,
    scheduler: str | Any | None = None,
    progress: bool | None = None,
) -> BuildReport:
    """Build the graph of a seeds folder into OUT/edukg.ttl, the HTML views and the Oxigraph store.

    Everything is computed, then staged beside its target, then switched in together: a build that
    fails at any point leaves OUT as it was (graph.outputs)."""
    t0 = time.perf_counter()
    report = BuildReport()
    check_folders(seeds, out)
    with _bulk(), ExitStack() as stack:
        with_store = store and _has_oxigraph()
        early = _Early(out, stack) if with_store and scheduler is None else None
        corpus = corpus_from(
            seeds,
            workers=workers,
            strict=strict,
            skipped=report.skipped,
            notes=report.notes,
            scheduler=scheduler,
            progress=progress,
            early=early,
        )
        _count(report, corpus)
        built = build_graph(corpus)  # the graph, made once: the views, the Turtle and the store read it
        views = _Views(built, out, corpus) if html else None
        del corpus  # the graph holds what is left to write
        # everything is staged beside its target before anything is switched in
        stage = early.stage if early is not None and early.stage else stack.enter_context(Staging(out))
        with _closing(views):
            counts: dict[str, int] = {}
            stored: Path | None = None
            if with_store:
                loader = early.loader if early is not None else None
                if early is not None:
                    built.early, early.spans = early.spans, {}
                pieces = turtle_and_store(render.statements(built), counts, size=PIECE)
                unloaded = built.unloaded
                del built  # freed as soon as the last piece is written, while the store loads it
                stored = _write_with_store(stage, out, pieces, counts, loader, unloaded)
            else:
                stage.stream(out / TURTLE, turtle_texts(render.statements(built), counts, size=PIECE))
                del built
            report.triples, report.mentions = counts["triples"], counts["mentions"]
            texts = views.result() if views is not None else {}
            report.outputs = [out / TURTLE, *texts, *([stored] if stored else [])]
            # trends/ is replaced whole even when this build draws no trend: no page of an older build stays
            folders: dict[Path, dict[str, str]] = {out / "trends": {}} if html else {}
            for path, text in texts.items():
                rel = path.relative_to(out)
                if len(rel.parts) == 1:
                    stage.text(path, text)
                else:  # views/, trends/: each folder is replaced whole, no page of an older build stays
                    folders.setdefault(out / rel.parts[0], {})[str(Path(*rel.parts[1:]))] = text
            for folder, pages in folders.items():
                stage.files(folder, pages)
            if html and out / "views" not in folders and _old_views(out / "views"):
                stage.drop(out / "views")  # the per-document pages of earlier versions: now in edukg.html
            del texts, folders
            stage.commit(last=out / TURTLE)
    report.seconds = time.perf_counter() - t0
    return report


def _old_views(folder: Path) -> bool:
    """A views/ folder as earlier versions wrote it (HTML pages in folders, no link, nothing else): a build
    with views takes it away; a folder holding anything else is left alone."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        files = list(folder.rglob("*"))
    except OSError:
        return False
    pages = [f for f in files if not f.is_dir() or f.is_symlink()]
    return bool(pages) and all(f.is_file() and not f.is_symlink() and f.suffix == ".html" for f in pages)


FORK_VIEWS_MIN = 200  # documents: from here the views are drawn in a forked process beside the Turtle


class _Views:
    """The HTML views of the graph. A large corpus's views are drawn in a forked process while this one
    writes the Turtle and fills the store (the views and the Turtle writer are pure Python: on one
    interpreter they would take turns); a small one's here and now, before the Turtle writer consumes
    the graph. `result()` gives the pages (or raises what drawing them raised); `close()` stops a child
    still drawing when the build fails."""

    def __init__(self, built: Any, out: Path, corpus: Corpus) -> None:
        raws = {d.meta.id: d.raw for d in corpus.documents}
        self.texts: dict[Path, str] | None = None
        self.child: Any = None
        if len(corpus.documents) < FORK_VIEWS_MIN or "fork" not in mp.get_all_start_methods():
            self.texts = _draw_views(built, out, raws)
            return
        ctx = mp.get_context("fork")
        self.conn, child_end = ctx.Pipe(duplex=False)
        # forked now: the child holds its own copy of the graph, nothing is pickled on the way in
        self.child = ctx.Process(target=_views_in_fork, args=(child_end, built, out, raws), daemon=True)
        self.child.start()
        child_end.close()

    def result(self) -> dict[Path, str]:
        if self.texts is None:
            try:
                kind, value = self.conn.recv()
            except EOFError:
                raise OutputError(
                    "the process drawing the HTML views ended without them (out of memory?); "
                    "build with --no-html, or on a machine with more memory"
                ) from None
            self.child.join()
            if kind == "error":
                raise value
            self.texts = value
        return self.texts

    def close(self) -> None:
        if self.child is not None and self.child.is_alive():
            self.child.terminate()
            self.child.join()


@contextmanager
def _closing(views: _Views | None) -> Iterator[None]:
    try:
        yield
    finally:
        if views is not None:
            views.close()


def _views_in_fork(conn: Any, built: Any, out: Path, raws: dict[str, str]) -> None:
    try:
        conn.send(("ok", _draw_views(built, out, raws)))
    except Exception as exc:  # sent back whole, raised in the build
        conn.send(("error", exc))
    finally:
        conn.close()


def _draw_views(built: Any, out: Path, raws: dict[str, str]) -> dict[Path, str]:
    from graph.views.index import Indexed
    from graph.views.site import html_views

    # the views read the same statements, indexed as they come (no list of triples, no rdflib Graph)
    return html_views(Indexed.from_statements(built.statements(), to_rdflib), out, raws, overview=HTML)


def _write_with_store(
    stage: Staging,
    out: Path,
    pieces: Iterator[tuple[str, str]],
    counts: dict[str, int],
    loader: Any = None,
    unloaded: list[str] | None = None,
) -> Path:
    """Stream the Turtle into its staged file and, on other threads, what the store has still to load of
    each piece into the staged store (one pass over the graph, no file parsed again); the store's folder.
    `loader`: the store already made (and partly loaded, _Early); `unloaded`: what it is to give back,
    known once the pieces are written."""
    import graph.store

    target = graph.store.store_dir(out / TURTLE)
    if loader is None:
        folder = stage.folder(target, lambda tmp: None)
        loader = graph.store.StoreLoader(folder, turtle_head())
    else:
        folder = stage.staged[target]

    def fed() -> Iterator[str]:
        for piece, todo in pieces:
            loader.add(todo)
            yield piece

    try:
        turtle = stage.stream(out / TURTLE, fed())
        loader.triples = counts["triples"]
        loader.remove = unloaded or []
        try:
            graph.store.fill_store(folder, turtle, source=TURTLE, loaded=loader)
        except OSError as exc:
            raise write_error(exc, target) from None
    finally:
        loader.close()
    return target


def _count(report: BuildReport, corpus: Corpus) -> None:
    report.documents = len(corpus.documents)
    report.entities = Counter(e.type for e in corpus.entities)
    report.relations = Counter(lk.predicate for lk in corpus.links)
    report.targets = len(corpus.targets)


def check_folders(seeds: Path, out: Path) -> None:
    """OUT is a folder (or nothing yet), and neither the seeds folder nor inside it: a build would read
    its own outputs as documents the next time."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; pass --out DIR for the outputs")
    try:
        s, o = seeds.resolve(), out.resolve()
    except (OSError, RuntimeError):
        return  # a folder that cannot be resolved fails later with its own message
    if o == s or o in s.parents:
        raise InputError(
            f"{out}: is {'the seeds folder' if o == s else 'a folder that holds the seeds'} ({seeds}); "
            "the next build would read its own outputs as documents: pass another --out"
        )


def _has_oxigraph() -> bool:
    """The store is skipped when pyoxigraph is not installed."""
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return False
    return True
