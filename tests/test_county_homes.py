"""Documents of two counties built together: each county's bodies stay its own, whether named by the
registry's relative forms (区政府, 区教育局) or read off a relative name (区政府办公室 -> 某区政府办公室);
and a news report about one district is that district's document. Sentences composed for the tests."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDFS, Graph, Literal
from rdflib.namespace import SKOS

from graph.core.namespaces import EK
from graph.ingest.catalog import metadata
from graph.pipeline import run_build

DOCS = {
    "a.txt": "蔡甸区2024年教育工作要点\n全区教育系统在区委、区政府领导下，区教育局会同区政府办公室推进学校建设。全区新建学校2所。\n",
    "b.txt": "龙湾区2024年教育工作要点\n全区教育系统在区委、区政府领导下，区教育局会同区政府办公室推进学校建设。全区新建学校3所。\n",
}


def _build(tmp_path: Path) -> Graph:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in DOCS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    run_build(seeds, tmp_path / "out", html=False)
    return Graph().parse(tmp_path / "out" / "edukg.ttl")


def _labelled(g: Graph, label: str) -> list:
    return list(g.subjects(RDFS.label, Literal(label, lang="zh")))


def test_two_counties_keep_their_own_bodies(tmp_path: Path) -> None:
    g = _build(tmp_path)
    for county in ("蔡甸区", "龙湾区"):
        for body in ("人民政府", "教育局", "政府办公室"):
            (node,) = _labelled(g, county + body)
            labels = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(node, p)}
            other = "龙湾区" if county == "蔡甸区" else "蔡甸区"
            assert not any(other in label for label in labels), (county + body, labels)
            assert len(set(g.objects(node, EK.mentionedIn))) == 1, county + body


def test_news_report_about_one_district_is_that_districts(tmp_path: Path) -> None:
    text = (
        "今年某区将新建两所中小学\n\n2月2日，蔡甸区教育局召开春季工作会议。近年来，蔡甸区持续加大教育投入。"
        "2024年，蔡甸区将建成两所学校，蔡甸区还将推进教育教学改革。\n"
    )
    meta = metadata(tmp_path / "x.txt", text, None)
    assert meta.county == "蔡甸区"
    assert meta.city == "武汉市"


def test_a_city_report_naming_a_district_stays_the_citys(tmp_path: Path) -> None:
    text = (
        "武汉市教育工作情况\n\n全市新建学校20所。我市蔡甸区建成两所学校，蔡甸区教育局推进改革，"
        "全市教育质量稳步提升，本市学位供给增加，蔡甸区学位增加。\n"
    )
    meta = metadata(tmp_path / "x.txt", text, None)
    assert meta.county is None
