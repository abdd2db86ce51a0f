"""Orchestration and all file I/O: seeds folder -> documents -> extraction -> resolve -> RDF -> files."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from graph.core.errors import InputError, OutputError
from graph.core.hanzi import to_simplified
from graph.core.model import Corpus, Document, Extraction
from graph.core.namespaces import EK
from graph.extract import extract
from graph.ingest import readers
from graph.ingest.catalog import CATALOG, INPUT_SUFFIXES, doc_id_for, load_catalog, metadata
from graph.ingest.segment import ingest_text
from graph.rdf.serialize import join_turtle, turtle_chunks, turtle_head
from graph.rdf.triples import build_triples
from graph.resolve import resolve

TURTLE = "edukg.ttl"
HTML = "edukg.html"
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


def read_documents(seeds: Path, strict: bool = False, skipped: list[str] | None = None) -> list[Document]:
    """Read every document of a folder (.txt, .md, .html, .docx, .pdf), with catalog metadata.

    A document that cannot be read is reported in `skipped` and left out, unless `strict` (or no
    `skipped` list is given), when the first one fails the whole read. Problems of the folder or
    the catalog always fail it.
    """
    files = _document_files(seeds)
    catalog = load_catalog(seeds)
    names = {p.name for p in files}
    for name in catalog:
        if name not in names:
            if (seeds / name).is_file():
                readers.reader_for(str(seeds / name))  # raises: a format EduKG does not read
            raise InputError(f"{seeds / CATALOG}: lists {name}, which is not in the folder; fix the entry")
    _check_ids(files, catalog)
    docs: list[Document] = []
    for path in files:
        try:
            docs.append(read_document(path, catalog.get(path.name)))
        except InputError as exc:
            if strict or skipped is None:
                raise
            skipped.append(str(exc))
    if not docs:
        first = f" (first: {skipped[0]})" if skipped else ""
        raise InputError(f"{seeds}: none of the {len(files)} documents could be read{first}")
    return docs


def read_document(path: Path, entry: dict | None = None) -> Document:
    """Read one document file: its reader by suffix, its metadata, then ingest."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror}); check its permissions") from None
    raw = readers.read(data, str(path))  # the reader is chosen first: an unknown format fails here
    meta = metadata(path, to_simplified(raw), entry)
    return ingest_text(raw, meta, str(path))


def _document_files(seeds: Path) -> list[Path]:
    """The documents of a folder: files with a reader, and files of document formats it has no reader
    for (.doc, .rtf, …), which fail to read with a hint; hidden and lock files are left alone."""
    if not seeds.exists():
        raise InputError(f"{seeds}: no such folder; pass --seeds DIR with the documents to read")
    if not seeds.is_dir():
        raise InputError(f"{seeds}: is a file, not a folder; pass --seeds DIR with the documents to read")
    wanted = (*INPUT_SUFFIXES, *readers.UNSUPPORTED)
    files = sorted(
        p
        for p in seeds.iterdir()
        if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in wanted
    )
    if not files:
        raise InputError(
            f"{seeds}: no documents found ({', '.join(INPUT_SUFFIXES)}); put the documents to read there"
        )
    return files


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
) -> Corpus:
    docs = read_documents(seeds, strict=strict, skipped=skipped)
    return resolve(extract_all(docs, workers, scheduler=scheduler, progress=progress))


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target and rename it into place."""
    write_all({path: text})


def write_all(texts: dict[Path, str]) -> None:
    """Write every file or none: all go to temporary files first, then each is renamed into place."""
    temps: dict[Path, str] = {}
    try:
        for path, text in texts.items():
            if path.is_dir():
                raise OutputError(f"{path}: is a folder; give a file name to write")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps[path] = tmp
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.chmod(tmp, 0o644)
        for path, tmp in temps.items():
            os.replace(tmp, path)
    except OSError as exc:
        where = exc.filename or next(iter(texts), "")
        raise OutputError(
            f"{where}: cannot write ({exc.strerror or exc}); check the path and free space"
        ) from None
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)


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
    """Build the graph of a seeds folder into OUT/edukg.ttl, the HTML views and the Oxigraph store."""
    t0 = time.perf_counter()
    report = BuildReport()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; pass --out DIR for the outputs")
    with _bulk():
        corpus = corpus_from(
            seeds,
            workers=workers,
            strict=strict,
            skipped=report.skipped,
            scheduler=scheduler,
            progress=progress,
        )
        triples = build_triples(corpus)
        _count(report, corpus, triples)
        raws = {d.meta.id: d.raw for d in corpus.documents} if html else {}
        del corpus  # the triples hold what is left to write
        loader = _store_loader(out) if store else None
        try:
            # the Turtle in chunks, each bulk-loaded into the store in the background as it is made
            chunks: list[str] = []
            for chunk in turtle_chunks(triples):
                chunks.append(chunk)
                if loader is not None:
                    loader.feed(chunk)
            texts = {out / TURTLE: join_turtle(chunks)}
            if html:
                from graph.views.site import html_views

                # the views read the same triples (one index, no rdflib Graph)
                texts.update(html_views(triples, out, raws, overview=HTML))
            del triples
            write_all(texts)  # everything is computed before anything is written
            report.outputs = list(texts)
            del texts
            if loader is not None:
                report.outputs.append(loader.finish(out / TURTLE))
            elif store:
                report.outputs.append(_write_store(out / TURTLE))
        except BaseException:
            if loader is not None:
                loader.abort()
            raise
    report.seconds = time.perf_counter() - t0
    return report


def _count(report: BuildReport, corpus: Corpus, triples: dict) -> None:
    report.documents = len(corpus.documents)
    report.entities = Counter(e.type for e in corpus.entities)
    report.relations = Counter(lk.predicate for lk in corpus.links)
    report.targets = len(corpus.targets)
    rdf_type, mention = RDF.type, EK.Mention
    report.mentions = sum(1 for _, p, o in triples if o == mention and p == rdf_type)
    report.triples = len(triples)


def _store_loader(out: Path) -> Any:
    """The store loaded in the background from the Turtle chunks (None without pyoxigraph: then
    `_write_store` says where the store would be)."""
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return None
    from graph.store.loader import StoreLoader

    return StoreLoader(out, turtle_head())


def _write_store(turtle: Path) -> Path:
    """The persistent Oxigraph store beside the Turtle (skipped when pyoxigraph is not installed)."""
    from graph.store import store_dir, write_store

    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return store_dir(turtle)
    return write_store(turtle)
