"""A seeds folder of mixed formats builds, and every ek:quote is a slice of its file's extracted text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from makers import cjk_font, write_big5, write_docx, write_html, write_pdf, write_traditional
from rdflib.namespace import DCTERMS, PROV, RDF

from graph.core.namespaces import EK
from graph.ingest.readers import decode, read
from graph.pipeline import run_build
from graph.store import load_graph

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    seeds = tmp_path_factory.mktemp("mixed")
    text = {p.name[:3]: decode(p.read_bytes(), p.name) for p in SEEDS.glob("*.txt")}
    write_docx(text["000"], seeds / "000_news.docx")
    write_html(text["001"], seeds / "001_review.html")
    write_traditional(text["002"], seeds / "002_plan.md")
    write_big5(text["003"], seeds / "003_report.txt")
    font = cjk_font()
    if font:
        write_pdf(text["004"], seeds / "004_tasks.pdf", font)
    else:
        shutil.copy(next(SEEDS.glob("004_*.txt")), seeds / "004_tasks.txt")
    out = tmp_path_factory.mktemp("out")
    report = run_build(seeds, out, html=False)
    assert report.documents == 5 and not report.skipped
    return seeds, out


def test_every_quote_is_a_slice_of_the_extracted_text(mixed: tuple[Path, Path]) -> None:
    seeds, out = mixed
    g = load_graph(out / "edukg.ttl")
    texts = {
        doc: read((seeds / str(name)).read_bytes(), str(name))
        for doc, name in g.subject_objects(DCTERMS.source)
    }
    assert len(texts) == 5
    mentions = list(g.subjects(RDF.type, EK.Mention))
    assert len(mentions) > 500
    for m in mentions:
        text = texts[g.value(m, PROV.wasDerivedFrom)]
        start, end = int(g.value(m, EK.start)), int(g.value(m, EK.end))
        assert text[start:end] == str(g.value(m, EK.quote)), m


def test_traditional_documents_quote_traditional_characters(mixed: tuple[Path, Path]) -> None:
    _, out = mixed
    g = load_graph(out / "edukg.ttl")
    quotes = {str(q) for q in g.objects(None, EK.quote)}
    assert any("無錫" in q for q in quotes)
    titles = {str(t) for t in g.objects(None, DCTERMS.title)}
    assert (
        "关于印发2021年全市教育工作要点的通知" in titles
    )  # inferred from the traditional text, in simplified
