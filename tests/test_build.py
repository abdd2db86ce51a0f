"""The end-to-end build: provenance, determinism, independent parsing, shapes."""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import DCTERMS, PROV, RDF

from graph.core.namespaces import EK
from graph.pipeline import run_build

ROOT = Path(__file__).resolve().parent.parent


def test_every_mention_quote_equals_the_original_text(graph) -> None:
    from graph.ingest.segment import decode

    sources = {}
    for doc, name in graph.subject_objects(DCTERMS.source):
        sources[doc] = decode((ROOT / "seeds" / str(name)).read_bytes(), str(name))
    mentions = list(graph.subjects(RDF.type, EK.Mention))
    assert len(mentions) > 500
    for m in mentions:
        raw = sources[graph.value(m, PROV.wasDerivedFrom)]
        start, end = int(graph.value(m, EK.start)), int(graph.value(m, EK.end))
        assert raw[start:end] == str(graph.value(m, EK.quote)), m


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    run_build(ROOT / "seeds", tmp_path, html=False)
    assert (tmp_path / "edukg.ttl").read_bytes() == (built / "edukg.ttl").read_bytes()


def test_turtle_parses_in_an_independent_parser(built: Path) -> None:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(built / "edukg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 5000


def test_build_writes_offline_html(built: Path) -> None:
    html = (built / "edukg.html").read_text(encoding="utf-8")
    assert "vis.Network" in html
    assert "<script src=" not in html and "cdn" not in html.lower().split("vis-network")[0]


def test_every_document_is_a_typed_policy_document(graph) -> None:
    docs = list(graph.subjects(DCTERMS.identifier, None))
    assert len(docs) == 5
    assert all((d, RDF.type, EK.PolicyDocument) in graph for d in docs)
