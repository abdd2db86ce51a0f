"""The same document as the files users have yields the same entities, and quotes stay exact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from makers import cjk_font, write_big5, write_docx, write_gb18030, write_html, write_pdf, write_traditional

from graph.core.model import Document
from graph.extract import extract
from graph.ingest.folder import read_document
from graph.ingest.readers import decode

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "001_218492bfd16679c2.txt"
ENTRY = {"id": "001", "file": "x"}


def _pdf(text: str, path: Path) -> Path:
    font = cjk_font()
    if font is None:
        pytest.skip("no TrueType CJK font (apt-get install fonts-wqy-microhei) to write the PDF with")
    pytest.importorskip("fpdf", reason="fpdf2 writes the PDF fixture")
    return write_pdf(text, path, font)


WRITERS: dict[str, tuple[str, Callable[[str, Path], Path]]] = {
    "gb18030": (".txt", write_gb18030),
    "traditional": (".txt", write_traditional),
    "big5": (".txt", write_big5),
    "html": (".html", write_html),
    "docx": (".docx", write_docx),
    "pdf": (".pdf", _pdf),
}


def entities(doc: Document) -> set[tuple[str, str]]:
    return {(m.name, m.type) for m in extract(doc).mentions}


@pytest.fixture(scope="module")
def seed_text() -> str:
    return decode(SEED.read_bytes(), SEED.name)


@pytest.fixture(scope="module")
def seed_entities() -> set[tuple[str, str]]:
    return entities(read_document(SEED, ENTRY))


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_same_entities_in_every_format(
    fmt: str, seed_text: str, seed_entities: set[tuple[str, str]], tmp_path: Path
) -> None:
    suffix, write = WRITERS[fmt]
    doc = read_document(write(seed_text, tmp_path / f"doc{suffix}"), ENTRY)
    found = entities(doc)
    assert len(seed_entities) > 80
    assert found == seed_entities, (sorted(seed_entities - found)[:10], sorted(found - seed_entities)[:10])


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_quotes_are_slices_of_the_extracted_text(fmt: str, seed_text: str, tmp_path: Path) -> None:
    suffix, write = WRITERS[fmt]
    doc = read_document(write(seed_text, tmp_path / f"doc{suffix}"), ENTRY)
    for m in extract(doc).mentions:
        s, e = doc.original_span(m.start, m.end)
        assert doc.quote(m.start, m.end) == doc.raw[s:e]
        assert doc.text[m.start : m.end] == m.text


def test_traditional_quotes_keep_the_traditional_characters(seed_text: str, tmp_path: Path) -> None:
    doc = read_document(write_traditional(seed_text, tmp_path / "t.txt"), ENTRY)
    pos = doc.text.index("江南大学")
    assert doc.text[pos : pos + 4] == "江南大学"
    assert doc.quote(pos, pos + 4) == "江南大學"


def test_html_drops_scripts_styles_navigation_and_footer(seed_text: str, tmp_path: Path) -> None:
    doc = read_document(write_html(seed_text, tmp_path / "p.html"), ENTRY)
    for noise in ("南京大学", "苏州大学", "中国矿业大学", "扬州大学", "首页", "margin", "无锡市教育局\n"):
        assert noise not in doc.raw
    assert doc.raw.startswith("今年以来")
