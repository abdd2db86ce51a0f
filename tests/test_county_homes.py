"""Documents of two counties built together: each county's bodies stay its own, whether named by the
registry's relative forms (区政府, 区教育局) or read off a relative name (区政府办公室 -> 某区政府办公室);
and a news report about one district is that district's document. Sentences composed for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Literal
from rdflib.namespace import SKOS

from graph.core.namespaces import EK
from graph.ingest.catalog import metadata
from graph.knowledge import gazetteer
from graph.knowledge.registry import Home
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


def test_a_title_opening_with_a_shared_district_name_is_read_in_the_city_named(tmp_path: Path) -> None:
    # 鼓楼区 is a district of 南京, of 福州 and of others: the city the text names decides which
    body = "\n\n近日，鼓楼区教育局发布新一批集团办学名单，{city}优质学校牵头组建教育集团，{city}将继续扩大集团办学。\n"
    for city, name in (("南京", "南京市"), ("福州", "福州市")):
        meta = metadata(tmp_path / "x.txt", "鼓楼区集团办学范围扩大" + body.format(city=city), None)
        assert (meta.county, meta.city) == ("鼓楼区", name)
        place = Home(meta.city, meta.province, meta.county).county_place
        assert place is not None and gazetteer.city_above(place).name == name
    # a municipality's district too (北京 110000, its 通州区 110112; 南通 has another)
    text = "通州区集团办学范围扩大\n\n近日，通州区教育局发布名单，北京市优质学校牵头组建集团，北京将扩大集团办学。\n"
    meta = metadata(tmp_path / "x.txt", text, None)
    assert Home(meta.city, meta.province, meta.county).county_place.adcode == "110112"


HOMES = {
    # one 本区域 does not hide the district a report is about
    "region": (
        "三所高校将与某区共建附属学校\n\n10月21日，武汉市蔡甸区人民政府与三所高校举行签约仪式。"
        "蔡甸区将依托本区域高校资源，培育一批高水平学校，此次共建包含蔡甸区11所公办中小学。"
        "全市高校资源丰富，蔡甸区将与高校深化合作。\n",
        ("蔡甸区", "武汉市"),
    ),
    # a county-level city calls itself 全市/我市 and ranks within its prefecture
    "county-level city": (
        "教育局2023年工作总结\n\n进一步打造宜兴优质教育品牌。宜兴市教育现代化经验在全国推广。"
        "召开了全市中小学思想政治工作会议。本科上线率在无锡市各县市区中位列第一。"
        "我市被评为全国社区教育示范区，宜兴市职业学校经验被推广。\n",
        ("宜兴市", "无锡市"),
    ),
    # a prefecture naming its county-level city less often than itself stays the city's
    "prefecture": (
        "教育局2023年工作总结\n\n无锡市教育现代化水平提升。宜兴市、江阴市新建学校各2所，宜兴市职业学校"
        "经验被推广，宜兴市学位增加。无锡市全市中小学推进改革，无锡市教育质量稳步提升，全市学位增加，"
        "无锡教育品牌打响。\n",
        (None, "无锡市"),
    ),
    # a prefecture's notice naming the county-level city it is held in three times stays the prefecture's
    "held in a county-level city": (
        "金华市教育局关于举办骨干教师培训班的通知\n\n各县（市、区）教育局：定于6月在义乌市举办培训班。"
        "培训地点为义乌市教育研修院，义乌市教育局负责会务。全市各校要认真组织，确保全市骨干教师按时参训。\n",
        (None, "金华市"),
    ),
    # 兴县 (山西) is a county of its own, and a substring of 长兴县 (浙江)
    "inner county": (
        "关于印发《长兴县“十四五”学前教育发展规划》的通知\n\n各乡镇人民政府：现将规划印发给你们。"
        "我县教育事业发展取得显著成效，长兴县新建学校12所。我县将继续推进教育现代化，全县学位供给增加。\n",
        ("长兴县", "湖州市"),
    ),
    # an autonomous county named by its short form and level
    "autonomous": (
        "民和县教育局2024年政务公开工作年度报告\n\n全县教育系统认真贯彻政府信息公开条例，主动公开信息120条。\n",
        ("民和回族土族自治县", "海东市"),
    ),
}


@pytest.mark.parametrize("case", sorted(HOMES))
def test_the_home_a_text_speaks_for(tmp_path: Path, case: str) -> None:
    text, home = HOMES[case]
    meta = metadata(tmp_path / "x.txt", text, None)
    assert (meta.county, meta.city) == home
