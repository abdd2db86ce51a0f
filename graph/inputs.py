"""What a build reads: the documents of a seeds folder, read and extracted in order, in this process or
in worker processes that read, extract and send back each document's results as they come (the parent
never reads a document itself, and holds each one compactly)."""

from __future__ import annotations

import os
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from graph.core.errors import InputError
from graph.core.model import Document, Extraction, Figure
from graph.extract import extract
from graph.ingest import readers
from graph.ingest.catalog import CATALOG, doc_id_for, load_catalog, short
from graph.ingest.folder import list_documents, read_document
from graph.ingest.limits import check_environment
from graph.knowledge.registry import Home
from graph.rdf.render import Span, text_statements
from graph.resolve import identities, town_counties
from graph.resolve.propagate import names_given
from graph.resolve.targets import Parts, prepare_parts

PROGRESS_MIN = 50  # documents: smaller builds finish before a bar would help
PARALLEL_MIN = 40  # documents: below this, starting worker processes costs more than it saves
T = TypeVar("T")


def default_workers() -> int:
    """Extraction processes when none are asked for: one per core the process may use (at most 8)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def compact(doc: Document, figures: Iterable[Figure] | None = None) -> Document:
    """The document with its offset map as a machine-int array (8 bytes a character instead of ~40 as
    a tuple of ints): what the build keeps of each document until the end. Given the document's
    `figures`, its segments are only those that hold a figure's start: once it is extracted, a build
    reads a document's segments only there (graph.resolve.targets: a figure's sentence and item, by
    `Document.segment_at`, which answers at those places as with every segment), and a fifth of them is
    sent back from the worker and held (their `parent` indices are the full list's)."""
    if figures is not None:
        starts = sorted({f.start for f in figures})
        held = tuple(s for s in doc.segments if _holds(starts, s.start, s.end))
        if len(held) < len(doc.segments):
            doc = replace(doc, segments=held)
    if isinstance(doc.offsets, array):
        return doc
    kind = "i" if len(doc.raw) < 2**31 else "q"
    return replace(doc, offsets=cast(tuple, array(kind, doc.offsets)))


def _holds(starts: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted `starts` lies in [start, end)."""
    k = bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


class Ahead(NamedTuple):
    """What the process that extracts a document works out of it for the main process, beside the
    extraction (`Extraction.ahead`): pure functions of the document that the main process would
    otherwise compute, one document after another, as each arrives. Its figures prepared for the targets
    (graph.resolve.targets.prepare_parts), the county of each town it names (graph.resolve.town_counties),
    the names it gives to the other documents (graph.resolve.propagate.names_given) and the family and
    forms of each mention and relation endpoint (graph.resolve.identities); when asked, its text
    statements as UTF-8 and their spans (graph.rdf.render.text_statements, what the store loads
    early)."""

    prepared: list[Parts]
    towns: dict[str, str]
    names: list[tuple[str, str]]
    identities: list[tuple[str, list[str]]]
    text: bytes | None = None
    spans: set[Span] | None = None


def early_text(x: Extraction) -> tuple[bytes, set[Span]]:
    """A document's text statements (UTF-8) and their spans: the worker's, else made here."""
    ahead = x.ahead
    if ahead is not None and ahead.text is not None and ahead.spans is not None:
        return ahead.text, ahead.spans
    text, spans = text_statements(x.doc, x.mentions)
    return text.encode("utf-8"), spans


def read_and_extract(
    seeds: Path,
    workers: int | None = None,
    strict: bool = False,
    skipped: list[str] | None = None,
    notes: list[str] | None = None,
    progress: bool | None = None,
    each: Callable[[Extraction], None] | None = None,
    texts: bool = False,
) -> list[Extraction]:
    """Read and extract every document of a folder, in the folder's order, as `extract_all(read_documents())`
    does, with `workers` processes (None: `default_workers()`), each reading and extracting documents and
    sending back the results (the same skipped documents, notes and errors, in the same order). `each` is
    called with every extraction as it arrives, in order (the build resolves them while the workers
    extract the next ones). Each extraction comes with its `Ahead` (with the text statements if
    `texts`)."""
    files, catalog, tolerant, count = list_inputs(seeds, strict, skipped)
    n = default_workers() if workers is None else workers
    jobs = [(path, catalog.get(path.name), tolerant) for path in files]
    out: list[Extraction] = []
    told = notes if notes is not None else []
    work = partial(_read_extract, texts=texts) if texts else _read_extract
    if n <= 1 or len(jobs) < PARALLEL_MIN:
        results: Iterable[tuple[str, Any, list[str]]] = map(work, jobs)
        _collect(_progress(results, len(jobs), "extract", progress), out, told, skipped, tolerant, each)
    else:
        # the first document in this process: it loads the word lists and tables, which the workers then
        # share (forked) instead of each loading them again
        first = work(jobs[0])
        with ProcessPoolExecutor(max_workers=n) as pool:
            chunks = max(1, min(8, len(jobs) // (n * 8)))
            results = chain([first], pool.map(work, jobs[1:], chunksize=chunks))
            _collect(_progress(results, len(jobs), "extract", progress), out, told, skipped, tolerant, each)
    if not out:
        raise nothing_read(seeds, count, skipped)
    return out


def _collect(
    results: Iterable[tuple[str, Any, list[str]]],
    out: list[Extraction],
    notes: list[str],
    skipped: list[str] | None,
    tolerant: bool,
    each: Callable[[Extraction], None] | None = None,
) -> None:
    for kind, value, told in results:
        notes.extend(told)
        if kind == "ok":
            out.append(value)
            if each is not None:
                each(value)
        elif not tolerant:
            raise InputError(value)
        else:
            skipped.append(value)  # type: ignore[union-attr]


def _read_extract(job: tuple[Path, dict | None, bool], texts: bool = False) -> tuple[str, Any, list[str]]:
    """One document read and extracted (in a worker), with its `Ahead`: ("ok", extraction, notes) or
    ("error", message, notes)."""
    path, entry, tolerant = job
    told: list[str] | None = [] if tolerant else None
    try:
        doc = read_document(path, entry, told)
    except InputError as exc:
        return "error", str(exc), told or []
    try:
        x = extract(doc)
    except InputError as exc:  # over a limit extraction checks: skipped (or fatal) as a read error is
        message = str(exc)
        if message.startswith(f"{doc.meta.source}:"):
            message = f"{path}{message[len(doc.meta.source) :]}"
        return "error", message, told or []
    meta = x.doc.meta
    towns = town_counties(x, Home(meta.city, meta.province, meta.county))
    ahead = Ahead(prepare_parts(x), towns, names_given(x), identities(x, towns))
    if texts:
        text, spans = text_statements(x.doc, x.mentions)
        ahead = ahead._replace(text=text.encode("utf-8"), spans=spans)
    done = Extraction(compact(x.doc, x.figures), x.mentions, x.relations, x.figures)
    return "ok", done.with_ahead(ahead), told or []


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
    files, catalog, tolerant, count = list_inputs(seeds, strict, skipped)
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
        raise nothing_read(seeds, count, skipped)
    return docs


def list_inputs(
    seeds: Path, strict: bool, skipped: list[str] | None
) -> tuple[list[Path], dict[str, dict], bool, int]:
    """The document files of a folder, its catalog, whether a bad document is skipped (told in
    `skipped`) rather than failing the build, and how many documents there are (files and problems);
    problems of the folder or the catalog fail it here."""
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
    return files, catalog, tolerant, len(files) + len(listing.problems)


def nothing_read(seeds: Path, count: int, skipped: list[str] | None) -> InputError:
    first = f" (first: {skipped[0]})" if skipped else ""
    return InputError(f"{seeds}: none of the {count} documents could be read{first}")


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
