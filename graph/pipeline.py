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

from rdflib.namespace import RDF

from graph.build import build_triples, to_graph
from graph.catalog import INPUT_SUFFIXES, load_catalog, metadata
from graph.errors import InputError
from graph.extract import extract
from graph.ingest import decode, ingest
from graph.model import Corpus, Document, Extraction
from graph.namespaces import EK
from graph.resolve import resolve
from graph.serialize import to_turtle

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
    """Read every .txt/.md document of a folder, with catalog metadata where there is some."""
    if not seeds.is_dir():
        raise InputError(f"{seeds}: no such folder; pass --seeds DIR with the documents to read")
    catalog = load_catalog(seeds)
    files = sorted(p for p in seeds.iterdir() if p.suffix.lower() in INPUT_SUFFIXES and p.is_file())
    if not files:
        raise InputError(f"{seeds}: no .txt or .md documents found; put the documents to read there")
    missing = sorted(set(catalog) - {p.name for p in files})
    if missing:
        raise InputError(
            f"{seeds / 'catalog.yaml'}: lists {missing[0]}, which is not in the folder; fix the entry"
        )
    docs: list[Document] = []
    ids: dict[str, str] = {}
    for path in files:
        try:
            raw = decode(path.read_bytes(), str(path))
            meta = metadata(path, raw, catalog.get(path.name))
            if meta.id in ids:
                raise InputError(
                    f"{path}: document id {meta.id!r} is also used by {ids[meta.id]}; rename one file"
                )
            ids[meta.id] = path.name
            docs.append(ingest(path.read_bytes(), meta))
        except InputError as exc:
            if strict or skipped is None:
                raise
            skipped.append(str(exc))
    if not docs:
        raise InputError(f"{seeds}: none of the documents could be read; see the messages above")
    return docs


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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        texts = {out / TURTLE: to_turtle(triples)}
        if html:
            from graph.viz import index_page, overview_html

            g = to_graph(triples)
            texts[out / HTML] = overview_html(g)
            texts[out / "index.html"] = index_page(g, corpus)
            del g
        for path, text in texts.items():
            write_atomic(path, text)
        report.outputs = list(texts)
        del texts
        if store:
            report.outputs.append(_write_store(out / TURTLE))
    report.documents = len(corpus.documents)
    report.entities = Counter(e.type for e in corpus.entities)
    report.relations = Counter(lk.predicate for lk in corpus.links)
    report.targets = len(corpus.targets)
    rdf_type, mention = RDF.type, EK.Mention
    report.mentions = sum(1 for _, p, o in triples if o == mention and p == rdf_type)
    report.triples = len(triples)
    report.seconds = time.perf_counter() - t0
    return report


def _write_store(turtle: Path) -> Path:
    """The persistent Oxigraph store beside the Turtle (skipped when pyoxigraph is not installed)."""
    from graph.store import store_dir, write_store

    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return store_dir(turtle)
    return write_store(turtle)
