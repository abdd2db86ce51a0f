"""Property-based tests: random Chinese text, line breaks and encodings never crash ingest or
extraction, and every offset still points at its quote."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.core.errors import InputError
from graph.core.hanzi import to_simplified
from graph.core.model import DocMeta, Document
from graph.extract import extract
from graph.ingest.readers import decode
from graph.ingest.segment import _char, ingest, normalise

WORDS = [
    "江南大学",
    "宜兴校区",
    "江南大學",
    "無錫市",
    "教育局",
    "强基计划",
    "“双减”",
    "《无锡市教育现代化规划（2021—2025年）》",
    "新建学校24所",
    "达到95%以上",
    "覆盖率达86％",
    "１２３",
    "一、",
    "二、总体要求",
    "1．",
    "2.",
    "一是",
    "二是",
    "苏州科技大学",
    "无锡职业技术学院",
    "锡慧在线",
    "学前教育",
    "推进",
    "建设",
    "完善",
    "。",
    "，",
    "；",
    "：",
    "、",
    "（",
    "）",
    "[bookmark: _Hlk30627418]",
    "扫一扫",
    "导读",
    "B2版",
    "\u3000\u3000",
    " ",
    "\t",
    "\u200b",
    "ABC",
]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
)
TEXTS = st.lists(PIECES, min_size=1, max_size=80).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "cp950"])
META = DocMeta(id="p", source="p.txt", title="p", city="无锡市", province="江苏省")
# EDUKG_EXAMPLES=2000 pytest tests/test_properties.py searches harder
SETTINGS = settings(
    max_examples=int(os.environ.get("EDUKG_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _ingest(data: bytes) -> Document | None:
    try:
        return ingest(data, META)
    except InputError:
        return None  # refused with a message: empty, or nothing left after dropping debris


@SETTINGS
@given(TEXTS, ENCODINGS)
def test_decode_round_trips_and_ingest_never_crashes(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")  # Big5 (cp950) has no simplified-only characters
    if encoding in ("utf-8", "utf-8-sig", "utf-16") and text.strip():  # GB18030/Big5 bytes may be UTF-8
        assert decode(data, "p.txt") == text
    doc = _ingest(data)
    if doc is not None:
        assert len(doc.text) == len(doc.offsets)


@SETTINGS
@given(TEXTS)
def test_every_normalised_character_comes_from_its_offset(raw: str) -> None:
    text, offsets = normalise(raw)
    simple = to_simplified(raw)
    assert len(simple) == len(raw)
    assert list(offsets) == sorted(set(offsets))
    for ch, off in zip(text, offsets, strict=True):
        assert 0 <= off < len(raw)
        if ch != "\n":
            assert _char(simple[off]) == ch


@SETTINGS
@given(TEXTS, ENCODINGS)
def test_every_mention_points_at_its_quote(text: str, encoding: str) -> None:
    doc = _ingest(text.encode(encoding, errors="replace"))
    if doc is None:
        return
    ex = extract(doc)
    simple = to_simplified(doc.raw)
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert doc.text[m.start : m.end] == m.text
        s, e = doc.original_span(m.start, m.end)
        quote = doc.quote(m.start, m.end)
        assert quote == doc.raw[s:e]
        assert _char(simple[s]) == m.text[0] and _char(simple[e - 1]) == m.text[-1]
    for f in ex.figures:
        assert 0 <= f.start < f.end <= len(doc.text)
    for r in ex.relations:
        assert 0 <= r.start < r.end <= len(doc.text)


def _pdf_like(body: bytes) -> bytes:
    return b"%PDF-1.4\n" + body + b"\n%%EOF\n"


def _zip_like(body: bytes) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", body)
    return buf.getvalue()


BYTES = st.one_of(
    st.binary(max_size=400),
    st.binary(max_size=300).map(_pdf_like),
    st.binary(max_size=300).map(_zip_like),
    TEXTS.map(lambda t: f"<html><body><p>{t}</p><script>{t}</script></body></html>".encode()),
)


@SETTINGS
@given(BYTES, st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf"]))
def test_any_bytes_read_or_refused_with_a_message(data: bytes, suffix: str) -> None:
    try:
        doc = ingest(data, DocMeta(id="p", source=f"p{suffix}", title="p"))
    except InputError as exc:
        assert str(exc).startswith(f"p{suffix}: ") and "\n" not in str(exc)
    else:
        assert len(doc.text) == len(doc.offsets) and doc.text.strip()


LINES = st.lists(
    TEXTS.map(lambda t: t.replace("\n", "").replace("\r", "")).filter(str.strip), min_size=1, max_size=30
)


def _squeeze(s: str) -> str:
    return "".join(s.split())


@SETTINGS
@given(LINES)
def test_pdf_line_joining_loses_no_character(lines: list[str]) -> None:
    from graph.ingest.readers.pdf import join_wrapped

    assert _squeeze(join_wrapped(lines)) == _squeeze("".join(lines))


@SETTINGS
@given(LINES)
def test_html_keeps_the_text_of_every_paragraph(lines: list[str]) -> None:
    import html

    from graph.ingest.readers import read

    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    assert _squeeze(read(page.encode(), "p.html")) == _squeeze("".join(lines))
