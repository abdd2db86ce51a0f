"""Institutions, places, bodies and documents of any place (issue 14): tests/data/places.yaml, one param per
case, and the metadata of published documents: tests/data/metadata.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cases import check_case, province_of, run_case

from graph.core.model import DocMeta
from graph.extract import extract
from graph.ingest.catalog import metadata
from graph.ingest.segment import ingest

DATA = Path(__file__).parent / "data"
CASES = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))["cases"]
HEADS = yaml.safe_load((DATA / "metadata.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict) -> None:
    check_case(case, run_case(case))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_mentions_point_at_their_text(case: dict) -> None:
    x = run_case(case)
    for m in x.mentions:
        if m.rule not in ("structure.document", "catalog.issuer"):
            assert x.doc.text[m.start : m.end] == m.text, m


@pytest.mark.parametrize("case", HEADS, ids=[c["id"] for c in HEADS])
def test_metadata_of_published_documents(case: dict) -> None:
    meta = metadata(Path("x.txt"), case["text"], None)
    for key in ("title", "date", "year", "city", "county"):
        if key in case:
            assert getattr(meta, key) == case[key], (key, getattr(meta, key))


def test_furniture_keeps_offsets() -> None:
    """Page metadata stays out of the title without shifting offsets: every mention's text is the original
    file's text at its offsets."""
    raw = next(c for c in HEADS if c["id"] == "web-page-review")["text"]
    meta = metadata(Path("x.txt"), raw, None)
    doc = ingest(raw.encode("utf-8"), meta)
    x = extract(doc)
    assert meta.title == "宁波市教育局2021年工作总结"
    assert {m.name for m in x.mentions} >= {"宁波市第十五中学", "宁波市教育局"}
    for m in x.mentions:
        s, e = doc.original_span(m.start, m.end)
        assert raw[s:e].replace("\n", "") == m.text.replace("\n", ""), m


REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "docs"
REAL_TITLES = {
    "911": "青岛市教育局:72所学校新建改扩建完工,中小学教育集团达到141个",
    "912": "青岛市教育局2020年上半年工作总结",
    "913": "聚力打造“现代化教育高地 新时代教育之乡”",
    "914": "扬州市教育事业“十二五”发展规划",
    "915": "修水县“十四五”教育事业发展规划",
    "916": "深化改革 突破创新 全面提升四平教育的整体水平",
    "917": "成都市2023年教育工作会在彭州召开",  # a news report without a headline: its first sentence
    "918": "杭州市教育局关于印发2023年工作要点的通知",
    "919": "沙依巴克区人民政府2022年履行教育职责工作报告",
    "920": "今年我市计划新改扩建 中小学28所、幼儿园22所",
}


@pytest.mark.skipif(not REAL.is_dir(), reason="the shared real documents are not on this machine")
def test_real_documents_get_their_real_titles(tmp_path: Path) -> None:
    """A build of the ten shared real documents lists each under its real title in its index."""
    from graph.pipeline import read_documents, run_build

    titles = {d.meta.id: d.meta.title for d in read_documents(REAL)}
    assert titles == REAL_TITLES
    run_build(REAL, tmp_path, store=False)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for title in REAL_TITLES.values():
        assert title.replace("“", "&ldquo;") in index or title in index or _escaped(title) in index, title
    from graph.quality.validate import validate
    from graph.store import load_graph

    report = validate(load_graph(tmp_path / "edukg.ttl"))
    assert report.conforms, report.text[:500]  # a document whose title is a plan's stays a PolicyDocument


def _escaped(text: str) -> str:
    import html

    return html.escape(text)


def _doc(doc_id: str, city: str, text: str, county: str | None = None):
    meta = DocMeta(
        id=doc_id,
        source=f"{doc_id}.txt",
        title=f"测试文件{doc_id}",
        year=2024,
        kind="work plan",
        city=city,
        province=province_of(city),
        county=county,
    )
    return ingest(text.encode("utf-8"), meta)


def test_relative_names_stay_in_their_city() -> None:
    """市教育局 in a Hangzhou document is 杭州市教育局 and in a Wuxi one 无锡市教育局: two entities; the same
    university named in both is one."""
    from graph.resolve import resolve

    a = extract(_doc("a", "杭州市", "市教育局联合浙江大学举办培训，区教育局配合。"))
    b = extract(_doc("b", "无锡市", "市教育局与浙大签订协议。"))
    c = extract(_doc("c", "杭州市", "区教育局、区政府督导室开展评估。", county="西湖区"))
    corpus = resolve([a, b, c])
    labels = {e.label for e in corpus.entities}
    assert {"杭州市教育局", "无锡市教育局", "西湖区教育局", "西湖区人民政府教育督导室"} <= labels
    universities = [e for e in corpus.entities if e.label == "浙江大学"]
    assert len(universities) == 1 and "浙大" in universities[0].aliases


def test_a_university_name_that_opens_a_university_town_is_no_mention_of_the_university() -> None:
    x = run_case({"city": "重庆市", "text": "重庆大学城新增中小学学位3000个，重庆大学举办开放日。"})
    universities = [m for m in x.mentions if m.type == "University"]
    assert [(m.name, x.doc.text[m.end : m.end + 1]) for m in universities] == [("重庆大学", "举")]
