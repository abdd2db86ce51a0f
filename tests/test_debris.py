"""Word-processor debris and page furniture are dropped without shifting offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.core.model import DocMeta
from graph.extract import extract
from graph.ingest.segment import ingest, normalise

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def _entities(data: bytes, name: str) -> set[tuple[str, str]]:
    doc = ingest(data, DocMeta(id=name[:3], source=name, title="t", city="无锡市", province="江苏省"))
    return {(m.name, m.type) for m in extract(doc).mentions}


@pytest.mark.parametrize("name", ["001_218492bfd16679c2.txt", "002_7019507cb0a9b6dc.txt"])
def test_debris_yields_the_same_entities_as_the_cleaned_text(name: str) -> None:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    assert BOOKMARK.search(raw), "the seed should carry word-processor debris"
    cleaned = BOOKMARK.sub("", raw)
    with_debris = _entities(raw.encode(), name)
    assert with_debris == _entities(cleaned.encode(), name)
    assert not any("bookmark" in label for label, _ in with_debris)


def test_debris_keeps_offsets_into_the_original() -> None:
    raw = (
        "一、总体要求\n[bookmark: _Hlk30627418]1．推进[bookmark: _GoBack]江南大学建设。\u200b新建学校24所。\n"
    )
    doc = ingest(raw.encode(), DocMeta(id="t", source="t.txt", title="t"))
    assert "bookmark" not in doc.text and "\u200b" not in doc.text and "image" not in doc.text
    assert doc.text.endswith("新建学校24所。")
    pos = doc.text.index("江南大学")
    assert doc.quote(pos, pos + 4) == "江南大学"
    pos = doc.text.index("推进江南")
    assert doc.quote(pos, pos + 4) == "推进[bookmark: _GoBack]江南"


@pytest.mark.parametrize(
    "furniture",
    [
        "扫一扫，关注我们",
        "导读",
        "B2版",
        "A12版",
        "第3版",
        "- 3 -",
        "责任编辑：张三",
        "【打印本页】【关闭窗口】",
        "分享到：",
    ],
)
def test_page_furniture_lines_are_dropped(furniture: str) -> None:
    text, offsets = normalise(f"正文第一句。\n{furniture}\n正文第二句。\n")
    assert text == "正文第一句。\n正文第二句。"
    assert len(offsets) == len(text)


def test_markdown_markup_is_dropped_without_shifting_offsets() -> None:
    raw = "# 2021年工作要点\n\n## 一、总体要求\n\n- 推进**江南大学**建设，见[通知](http://example.org/a)。\n"
    doc = ingest(raw.encode(), DocMeta(id="t", source="t.md", title="t"))
    assert doc.text.split("\n") == ["2021年工作要点", "一、总体要求", "推进江南大学建设，见通知。"]
    assert [s.title for s in doc.segments if s.kind == "section"] == ["总体要求"]
    pos = doc.text.index("江南大学")
    assert doc.quote(pos, pos + 4) == "江南大学"


def test_markdown_front_matter_and_comments_are_dropped() -> None:
    raw = "---\ntitle: 要点\n---\n# 一、总体要求\n<!-- 注释 -->推进**江南大学**建设。\n"
    doc = ingest(raw.encode(), DocMeta(id="t", source="t.md", title="t"))
    assert doc.text == "一、总体要求\n推进江南大学建设。"
