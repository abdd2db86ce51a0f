"""What a build holds of a document once it is extracted (graph.inputs.compact): the segments that hold a
figure's start, which answer `segment_at` there as every segment does, on the seeds and on generated
documents."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import generate
from graph.extract import extract
from graph.ingest.catalog import load_catalog
from graph.ingest.folder import read_document
from graph.inputs import compact

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("sentence", "item", "enumeration", "paragraph", "section", "title")


def _documents(folder: Path) -> list:
    catalog = load_catalog(folder)
    return [read_document(p, catalog.get(p.name)) for p in sorted(folder.glob("*.txt"))]


def test_segments_at_figures_answer_as_all_segments(tmp_path: Path) -> None:
    generate(60, tmp_path, seed=5)
    docs = _documents(ROOT / "seeds") + _documents(tmp_path)
    figures = dropped = 0
    for doc in docs:
        x = extract(doc)
        held = compact(x.doc, x.figures)
        assert list(held.offsets) == list(x.doc.offsets) and held.text == x.doc.text
        assert set(held.segments) <= set(x.doc.segments)
        dropped += len(x.doc.segments) - len(held.segments)
        for f in x.figures:
            figures += 1
            for kind in KINDS:
                assert held.segment_at(f.start, kind) == x.doc.segment_at(f.start, kind)
    assert figures > 300 and dropped > figures  # figures were checked, and most segments dropped


def test_without_figures_no_segment_is_dropped() -> None:
    doc = _documents(ROOT / "seeds")[0]
    assert compact(doc).segments == doc.segments
    assert compact(doc, ()).segments == ()
