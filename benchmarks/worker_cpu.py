"""CPU per document of what a build's worker processes do: read a document, extract it, pickle the result.

    python -m benchmarks.worker_cpu /tmp/c1000            # a generated corpus (benchmarks.corpus)
    python -m benchmarks.worker_cpu /tmp/c1000 --docs 300

As a build does before it forks its workers, the folder's first document is read and extracted first
(the word lists and tables load); then every document is read (graph.ingest, as a worker reads it),
extracted once (the first pass: the tables of each new home place are made as they are met, as in a
worker) and once more (the warm pass: every table made), and the results are pickled and unpickled as
they travel from a worker to the build (graph.inputs). As in a build (graph.pipeline._bulk, under which
the workers are forked), without cyclic garbage collection. CPU seconds (user + system, what a busy machine
does not inflate much) of each stage, in total and per document.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import time
from pathlib import Path


def measure(folder: Path, docs: int | None) -> dict[str, float]:
    from graph.core.model import Extraction
    from graph.extract import extract
    from graph.ingest.folder import read_document
    from graph.inputs import compact, list_inputs

    files, catalog, _, _ = list_inputs(folder, False, [])
    jobs = [(path, catalog.get(path.name)) for path in files[:docs]]
    gc.disable()
    extract(read_document(*jobs[0], []))
    t0 = time.process_time()
    read = [read_document(path, entry, []) for path, entry in jobs]
    t1 = time.process_time()
    results = [extract(doc) for doc in read]
    t2 = time.process_time()
    for doc in read:
        extract(doc)
    t3 = time.process_time()
    # what a worker sends back (graph.inputs): the document held compactly, with its results
    sent = [
        ("ok", Extraction(compact(x.doc, x.figures), x.mentions, x.relations, x.figures), []) for x in results
    ]
    t4 = time.process_time()
    blobs = [pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL) for x in sent]
    t5 = time.process_time()
    for blob in blobs:
        pickle.loads(blob)
    t6 = time.process_time()
    return {
        "documents": len(jobs),
        "read": t1 - t0,
        "extract (first pass)": t2 - t1,
        "extract (warm pass)": t3 - t2,
        "pickle": t5 - t4,
        "unpickle": t6 - t5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--docs", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()
    figures = measure(args.folder, args.docs)
    n = int(figures.pop("documents"))
    print(f"{n} documents of {args.folder}")
    for stage, seconds in figures.items():
        print(f"  {stage:22s} {seconds:7.2f} s CPU  {seconds / n * 1000:6.2f} ms a document")
    total = figures["read"] + figures["extract (first pass)"]
    print(f"  {'read + first pass':22s} {total:7.2f} s CPU  {total / n * 1000:6.2f} ms a document")


if __name__ == "__main__":
    main()
