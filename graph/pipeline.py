"""Orchestration and all file I/O: seeds folder -> documents -> extraction -> resolve -> RDF -> files."""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph
from rdflib.namespace import DCTERMS

from graph.core.errors import InputError, OutputError
from graph.core.model import Corpus, Document, Extraction
from graph.extract import extract
from graph.ingest import readers
from graph.ingest.catalog import CATALOG, doc_id_for, load_catalog, short
from graph.ingest.folder import list_documents, read_document
from graph.ingest.limits import check_environment
from graph.outputs import Staging, write_all, write_error
from graph.rdf.serialize import turtle_head, turtle_pieces
from graph.rdf.triples import build_graph, rdflib_triples
from graph.resolve import resolve

TURTLE = "edukg.ttl"
HTML = "edukg.html"
PIECE = 1 << 23  # characters of Turtle per piece written and loaded into the store
PROGRESS_MIN = 50  # documents: smaller builds finish before a bar would help
T = TypeVar("T")


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


def read_documents(
    seeds: Path,
    strict: bool = False,
    skipped: list[str] | None = None,
    notes: list[str] | None = None,
) -> list[Document]:
    """Read every document of a folder (.txt, .md, .html, .docx, .pdf), with catalog metadata.

    A document that cannot be read is reported in `skipped` and left out, unless `strict` (or no
    `skipped` list is given), when the first one fails the whole read. Problems of the folder or
    the catalog always fail it. What was read with a problem (bad bytes replaced) is told in `notes`,
    and fails the read under `strict`.
    """
    check_environment()
    listing = list_documents(seeds)
    files = listing.files
    catalog = load_catalog(seeds)
    for name in catalog:
        if name not in listing.names:
            if (seeds / name).is_file():
                readers.reader_for(str(seeds / name))  # raises: a format EduKG does not read
            raise InputError(
                f"{seeds / CATALOG}: lists {short(name, quote=False)}, which is not in the folder; fix the entry"
            )
    _check_ids(files, catalog)
    tolerant = not strict and skipped is not None
    for problem in listing.problems:
        if not tolerant:
            raise InputError(problem)
        skipped.append(problem)  # type: ignore[union-attr]
    docs: list[Document] = []
    told = (notes if notes is not None else []) if tolerant else None
    for path in files:
        try:
            docs.append(read_document(path, catalog.get(path.name), told))
        except InputError as exc:
            if not tolerant:
                raise
            skipped.append(str(exc))  # type: ignore[union-attr]
    if not docs:
        first = f" (first: {skipped[0]})" if skipped else ""
        count = len(files) + len(listing.problems)
        raise InputError(f"{seeds}: none of the {count} documents could be read{first}")
    return docs


def _check_ids(files: list[Path], catalog: dict[str, dict]) -> None:
    """Two documents with one id would merge their facts: refuse before reading anything."""
    owner: dict[str, str] = {}
    for path in files:
        entry = catalog.get(path.name)
        doc_id = str(entry["id"]) if entry else doc_id_for(path)
        if doc_id in owner:
            raise InputError(
                f"{path}: document id {doc_id!r} is also the id of {owner[doc_id]}; "
                "rename one file or give it an id in catalog.yaml"
            )
        owner[doc_id] = path.name


def _progress(items: Iterable[T], total: int, desc: str, show: bool | None) -> Iterable[T]:
    """A progress bar on stderr when it is a terminal (tqdm, if installed); the items unchanged."""
    if show is None:
        show = total >= PROGRESS_MIN and sys.stderr.isatty()
    if not show:
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, total=total, desc=desc, unit="doc", leave=False, file=sys.stderr)


def extract_all(
    docs: list[Document],
    workers: int = 1,
    scheduler: str | Any | None = None,
    progress: bool | None = None,
) -> list[Extraction]:
    """Extraction is a pure function of one document, so it runs in a process pool (`workers`) or on
    a Dask cluster (`scheduler`: an address such as tcp://host:8786, or a dask.distributed Client);
    results keep the order of the documents either way."""
    if scheduler is not None:
        return _extract_dask(docs, scheduler, progress)
    if workers <= 1 or len(docs) < 2:
        return list(_progress(map(extract, docs), len(docs), "extract", progress))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunks = max(1, min(16, len(docs) // (workers * 4)))
        found = pool.map(_found_in, docs, chunksize=chunks)
        return [
            Extraction(doc, *parts)
            for doc, parts in zip(docs, _progress(found, len(docs), "extract", progress), strict=True)
        ]


def _found_in(doc: Document) -> tuple[tuple, tuple, tuple]:
    """What a worker sends back: the extraction without its document (the parent has it), which
    halves what crosses the process boundary."""
    x = extract(doc)
    return x.mentions, x.relations, x.figures


def _extract_dask(docs: list[Document], scheduler: str | Any, progress: bool | None) -> list[Extraction]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise InputError("--scheduler needs Dask: pip install 'edukg[dask]' (dask[distributed])") from None
    own = not isinstance(scheduler, Client)
    try:
        client: Client = Client(scheduler) if own else scheduler  # type: ignore[assignment]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler {scheduler} ({exc}); check --scheduler") from None
    try:
        futures = client.map(extract, docs, pure=False)
        for _ in _progress(as_completed(futures), len(futures), "extract", progress):
            pass
        return list(client.gather(futures))
    finally:
        if own:
            client.close()


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
    workers: int = 1,
    strict: bool = False,
    skipped: list[str] | None = None,
    scheduler: str | Any | None = None,
    progress: bool | None = None,
    notes: list[str] | None = None,
) -> Corpus:
    docs = read_documents(seeds, strict=strict, skipped=skipped, notes=notes)
    return resolve(extract_all(docs, workers, scheduler=scheduler, progress=progress))


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target and rename it into place."""
    write_all({path: text})


def document_texts(g: Graph, seeds: Path) -> dict[str, str]:
    """Original texts of a graph's documents found in a seeds folder (by dcterms:source), by id."""
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
    workers: int = 1,
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
    with _bulk():
        corpus = corpus_from(
            seeds,
            workers=workers,
            strict=strict,
            skipped=report.skipped,
            notes=report.notes,
            scheduler=scheduler,
            progress=progress,
        )
        _count(report, corpus)
        built = build_graph(corpus)  # the graph, made once: the views, the Turtle and the store read it
        texts: dict[Path, str] = {}
        if html:
            from graph.views.site import html_views

            raws = {d.meta.id: d.raw for d in corpus.documents}
            # the views read the same triples (one index, no rdflib Graph)
            texts.update(html_views(rdflib_triples(built), out, raws, overview=HTML))
            del raws
        del corpus  # the graph holds what is left to write
        report.outputs = [out / TURTLE, *texts]
        with Staging(out) as stage:  # everything is staged beside its target before anything is switched in
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
            del texts, folders
            counts: dict[str, int] = {}
            pieces = turtle_pieces(built.statements(), counts, size=PIECE)
            if store and _has_oxigraph():
                report.outputs.append(_write_with_store(stage, out, pieces, counts))
            else:
                stage.stream(out / TURTLE, pieces)
            report.triples, report.mentions = counts["triples"], counts["mentions"]
            del built
            stage.commit(last=out / TURTLE)
    report.seconds = time.perf_counter() - t0
    return report


def _write_with_store(stage: Staging, out: Path, pieces: Iterator[str], counts: dict[str, int]) -> Path:
    """Stream the Turtle into its staged file and, on another thread, into the staged store (one pass
    over the graph, no file parsed again); the store's folder."""
    import graph.store

    target = graph.store.store_dir(out / TURTLE)
    folder = stage.folder(target, lambda tmp: None)
    loader = graph.store.StoreLoader(folder, turtle_head())

    def fed() -> Iterator[str]:
        first = True
        for piece in pieces:
            loader.add(piece, head=not first)  # the first piece starts with the prefix lines
            first = False
            yield piece

    try:
        turtle = stage.stream(out / TURTLE, fed())
        loader.triples = counts["triples"]
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
