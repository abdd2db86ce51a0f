"""Entities and relations on documents of places the rules were not written for: sentences of the real
documents of other cities (tests/data/other_places.yaml), what is extracted from them and how it is linked."""

from __future__ import annotations

from pathlib import Path

import yaml
from rdflib import RDFS, Graph, URIRef

from graph.core.model import Mention
from graph.core.namespaces import EK
from graph.extract import extract
from graph.pipeline import read_documents, run_build

DOCS: dict[str, str] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "other_places.yaml").read_text(encoding="utf-8")
)


def _write(folder: Path, name: str, more: str) -> Path:
    folder.mkdir()
    (folder / name).write_text(DOCS.get(name, "") + more, encoding="utf-8")
    return folder


def _build(tmp_path: Path, name: str) -> Graph:
    run_build(_write(tmp_path / "seeds", name, ""), tmp_path / "out", html=False)
    return Graph().parse(tmp_path / "out" / "edukg.ttl")


def _mentions(tmp_path: Path, name: str, more: str = "") -> tuple[Mention, ...]:
    (doc,) = read_documents(_write(tmp_path / "read", name, more), strict=True)
    return extract(doc).mentions


def _names(tmp_path: Path, name: str, *types: str, more: str = "") -> set[str]:
    """The names the extraction finds in one document (of the given types)."""
    return {m.name for m in _mentions(tmp_path, name, more) if m.type in types}


def _node(g: Graph, label: str) -> URIRef:
    found = [s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == label]
    assert found, label
    return found[0]  # type: ignore[return-value]


def _labels(g: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {str(g.value(o, RDFS.label)) for o in g.objects(subject, predicate)}


def test_a_registry_city_the_text_does_not_write_is_not_a_location(tmp_path: Path) -> None:
    # 吉林 in the university's name, 四平 (its city in the national list) named elsewhere by the document:
    # the text never places the university in 四平, and 吉林 is not the innermost place it has
    g = _build(tmp_path, "916_siping.txt")
    assert _labels(g, _node(g, "吉林师范大学"), EK.locatedIn) == set()
    assert _labels(g, _node(g, "吉林师范大学博达学院"), EK.locatedIn) == {"四平"}


def test_a_university_is_not_located_in_a_city_the_document_does_not_name(tmp_path: Path) -> None:
    # the national list puts 东华理工大学 in 抚州; a 青岛 document that never names 抚州 does not place it
    g = _build(tmp_path, "911_qingdao.txt")
    assert _labels(g, _node(g, "东华理工大学"), EK.locatedIn) == set()
    assert _labels(g, _node(g, "中国海洋大学附属中学"), EK.locatedIn) == {"青岛"}


def test_a_section_of_a_printed_document_is_part_of_it_and_not_of_the_notice(tmp_path: Path) -> None:
    g = _build(tmp_path, "918_hangzhou.txt")
    goal = _node(g, "突出党建统领,筑牢教育高质量发展根本保障")
    assert _labels(g, goal, EK.partOf) == {"杭州市教育局2023年工作要点"}


def test_a_quoted_phrase_that_qualifies_the_noun_after_it_is_not_a_program(tmp_path: Path) -> None:
    names = _names(tmp_path, "912_qingdao.txt", "Program", "Event")
    assert "点对点" not in names
    assert {"家长大课堂", "家长面对面", "打开心窗-说说你的心里话活动"} <= names


def test_a_quoted_title_continued_by_a_talent_head_is_one_name(tmp_path: Path) -> None:
    assert "天山英才教育领军人才" in _names(tmp_path, "919_urumqi.txt", "Program")


def test_the_yearly_meetings_of_whole_levels_are_events_named_by_their_level(tmp_path: Path) -> None:
    names = _names(tmp_path, "916_siping.txt", "Event")
    assert {"全国教育工作会议", "吉林省教育工作会议", "2014年全市教育工作会议"} <= names


def test_an_item_of_a_list_of_named_initiatives_is_one_of_them(tmp_path: Path) -> None:
    names = _names(tmp_path, "915_xiushui.txt", "Program", "ActionPlan")
    assert {"学前教育三年行动计划", "义务教育全面改薄", "能力提升工程", "高中阶段普及攻坚计划"} <= names
    assert not {"课堂教学改革", "教师培训"} & names  # a list of tasks closed by 等工作 names no program


def test_a_title_a_district_passes_the_review_of_is_a_designation(tmp_path: Path) -> None:
    more = (
        "实施集团化办学(联盟办园)提质增效项目,市南区、崂山区和城阳区首批通过国家学前教育普及普惠县省级评估,"
        "数量居全省首位。\n"
    )
    names = _names(tmp_path, "911_qingdao.txt", "Program", more=more)
    assert "国家学前教育普及普惠县" in names
    assert not [n for n in names if "崂山区" in n]


def test_a_subsection_heading_that_leads_its_paragraph_is_a_goal_of_its_section(tmp_path: Path) -> None:
    g = _build(tmp_path, "912_qingdao.txt")
    goal = _node(g, "严格管理,精准施策")
    assert _labels(g, goal, EK.partOf) == {"主动打好学校疫情防控攻坚战"}
    assert {str(g.value(m, EK.quote)) for m in g.subjects(EK.evidenceFor, goal)} == {"严格管理,精准施策"}
    # a program supports the second-level heading it stands under
    assert _labels(g, _node(g, "家长大课堂"), EK.supports) == {"严格管理,精准施策"}


def test_a_district_the_tables_do_not_hold_listed_among_a_citys_districts_is_a_place(tmp_path: Path) -> None:
    g = _build(tmp_path, "914_yangzhou.txt")
    assert _labels(g, _node(g, "维扬区"), EK.partOf) == {"扬州"}
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert "全市广陵区" not in labels and "市广陵区" not in labels


def test_a_verb_before_a_quoted_name_is_not_part_of_its_aliases(tmp_path: Path) -> None:
    mentions = _mentions(tmp_path, "917_chengdu.txt")
    forms = {v for m in mentions if m.type == "Program" for k, v in m.attrs if k == "alias"}
    assert not [f for f in forms if "办好" in f or f.startswith("标")], forms


def test_forums_seminars_and_on_site_meetings_are_events(tmp_path: Path) -> None:
    more = (
        "洛阳市教育局2024年工作要点\n一、推进教育高质量发展\n"
        "成功举办第二届黄河流域职业教育发展论坛,承办全省义务教育课程改革现场会,组织全市中小学教学研讨会。\n"
    )
    names = _names(tmp_path, "952_luoyang.txt", "Event", more=more)
    assert {"第二届黄河流域职业教育发展论坛", "全省义务教育课程改革现场会", "全市中小学教学研讨会"} <= names


def test_section_headings_of_a_text_joined_into_one_line_are_goals(tmp_path: Path) -> None:
    g = _build(tmp_path, "914_yangzhou_joined.txt")
    plan = "扬州市教育事业十二五发展规划"  # the document, one entity with the plan it is
    assert _labels(g, _node(g, "十一五教育事业发展回顾"), EK.partOf) == {plan}
    assert _labels(g, _node(g, "十二五教育发展的主要目标"), EK.partOf) == {plan}


def test_a_county_list_keeps_names_that_begin_with_a_conjunction(tmp_path: Path) -> None:
    """和 joins the items of a list only after an item's head: 和平区 and 和县 are names, not a break (the
    split once left an empty item, and the build failed on it)."""
    more = (
        "天津市2024年教育工作要点\n一、总体要求\n南开区、河西区、和平区和河北区要加快建设学校。\n"
        "当涂县、含山县和和县要加快建设学校。\n"
    )
    names = _names(tmp_path, "953_tianjin.txt", "Place", more=more)
    assert {"和平区", "和县"} <= names and "平区" not in names and "" not in names
