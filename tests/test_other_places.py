"""Entities and relations on documents of places the rules were not written for (sentences of real
documents of other cities): what is extracted and how it is linked."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDFS, Graph, URIRef

from graph.core.namespaces import EK
from graph.extract import extract
from graph.pipeline import read_documents, run_build


def _build(tmp_path: Path, name: str, text: str) -> Graph:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / name).write_text(text, encoding="utf-8")
    run_build(seeds, tmp_path / "out", html=False)
    return Graph().parse(tmp_path / "out" / "edukg.ttl")


def _names(tmp_path: Path, name: str, text: str, *types: str) -> set[str]:
    """The names the extraction finds in one document (of the given types)."""
    seeds = tmp_path / "read"
    seeds.mkdir()
    (seeds / name).write_text(text, encoding="utf-8")
    (doc,) = read_documents(seeds, strict=True)
    return {m.name for m in extract(doc).mentions if m.type in types}


def _node(g: Graph, label: str) -> URIRef:
    found = [s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == label]
    assert found, label
    return found[0]  # type: ignore[return-value]


def _labels(g: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {str(g.value(o, RDFS.label)) for o in g.objects(subject, predicate)}


SIPING = (
    "深化改革 突破创新 全面提升四平教育的整体水平\n"
    "——在2014年全市教育工作会议上的报告\n"
    "同志们:\n"
    "这次会议的主要任务是,深入贯彻落实市七届人大二次会议《政府工作报告》以及全国、全省教育工作会议精神,"
    "总结2013年工作,安排部署2014年全市教育工作任务。\n"
    "一、2013年教育工作回顾\n"
    "一是学前教育得到较快发展。以市政府机关幼儿园为代表的公办幼儿园,以吉林师大博达学院民间资本投资办园"
    "四种模式齐头并进,呈现出竞相发展的良好格局。\n"
)


def test_an_entity_is_located_in_the_innermost_of_the_places_a_document_gives(tmp_path: Path) -> None:
    # 吉林 in the university's name and 四平, its city in the universities' table: 四平 is inside 吉林
    g = _build(tmp_path, "916_siping.txt", SIPING)
    assert _labels(g, _node(g, "吉林师范大学"), EK.locatedIn) == {"四平"}


QINGDAO = (
    "青岛市教育局:72所学校新建改扩建完工\n\n"
    "(一)加快学校新建改扩建。同德路小学、王埠中学、中国海洋大学附属中学等40所中小学幼儿园开工。"
    "支持东华理工大学与青岛三中开展合作。\n"
)


def test_a_university_is_not_located_in_a_city_the_document_does_not_name(tmp_path: Path) -> None:
    # the national list puts 东华理工大学 in 抚州; a 青岛 document that never names 抚州 does not place it
    g = _build(tmp_path, "911_qingdao.txt", QINGDAO)
    assert _labels(g, _node(g, "东华理工大学"), EK.locatedIn) == set()
    assert _labels(g, _node(g, "中国海洋大学附属中学"), EK.locatedIn) == {"青岛"}


HANGZHOU = (
    "杭州市教育局关于印发2023年工作要点的通知\n\n"
    "各区、县(市)教育局(社发局),各市属高校、直属学校(单位)、专修学院:\n\n"
    "现将《杭州市教育局2023年工作要点》印发给你们,请认真贯彻执行。\n\n"
    "杭州市教育局\n\n2023年4月21日\n\n杭州市教育局2023年工作要点\n\n"
    "2023年,全市教育工作的总体要求是:坚持以习近平新时代中国特色社会主义思想为指导,深化教育综合改革。\n\n"
    "一、突出党建统领,筑牢教育高质量发展根本保障\n\n"
    "1.强化党的创新理论武装。持续全面深入学习贯彻党的二十大精神,严格落实“第一议题”制度。\n"
)


def test_a_section_of_a_printed_document_is_part_of_it_and_not_of_the_notice(tmp_path: Path) -> None:
    g = _build(tmp_path, "918_hangzhou.txt", HANGZHOU)
    goal = _node(g, "突出党建统领,筑牢教育高质量发展根本保障")
    assert _labels(g, goal, EK.partOf) == {"杭州市教育局2023年工作要点"}


QINGDAO_REVIEW = (
    "青岛市教育局2020年上半年工作总结\n\n一、主动打好学校疫情防控攻坚战\n\n"
    "(二)严格管理,精准施策。复学初期严格实行错时错峰“点对点”上下班(学)管理、校园封闭管理,"
    "373名驻校医生参与全封闭管理。密切家校沟通,举办网上“家长大课堂”和“家长面对面”7期,"
    "组织开展“心理健康教育活动月”和“打开心窗-说说你的心里话”活动。\n"
)
URUMQI = (
    "沙依巴克区人民政府2022年履行教育职责工作报告\n\n一、基本情况\n\n"
    "全区现有教育部新时代中小学名师名校长培养计划1人、自治区“天山英才”教育领军人才2人、"
    "乌鲁木齐市“红山教育领航人”人才培养计划79人。\n"
)


def test_a_quoted_phrase_that_qualifies_the_noun_after_it_is_not_a_program(tmp_path: Path) -> None:
    names = _names(tmp_path, "912_qingdao.txt", QINGDAO_REVIEW, "Program", "Event")
    assert "点对点" not in names
    assert {"家长大课堂", "家长面对面", "打开心窗-说说你的心里话活动"} <= names


def test_a_quoted_title_continued_by_a_talent_head_is_one_name(tmp_path: Path) -> None:
    names = _names(tmp_path, "919_urumqi.txt", URUMQI, "Program")
    assert "天山英才教育领军人才" in names


def test_the_yearly_meetings_of_whole_levels_are_events_named_by_their_level(tmp_path: Path) -> None:
    names = _names(tmp_path, "916_siping.txt", SIPING, "Event")
    assert {"全国教育工作会议", "吉林省教育工作会议", "2014年全市教育工作会议"} <= names


XIUSHUI = (
    "修水县“十四五”教育事业发展规划\n一、发展基础和面临困难\n(二)“十三五” 教育发展成绩\n"
    "一是办学条件显著改善。实施了学前教育三年行动计划、义务教育全面改薄、能力提升工程、特殊教育提升计划、"
    "高中阶段普及攻坚计划等一系列惠民惠教工程,学校办学条件得到极大改善。\n"
    "二是教育质量稳步提升。开展课堂教学改革、教师培训、集团化办学等工作,教学质量稳步提高。\n"
)


def test_an_item_of_a_list_of_named_initiatives_is_one_of_them(tmp_path: Path) -> None:
    names = _names(tmp_path, "915_xiushui.txt", XIUSHUI, "Program", "ActionPlan")
    assert {"学前教育三年行动计划", "义务教育全面改薄", "能力提升工程", "高中阶段普及攻坚计划"} <= names
    assert not {"课堂教学改革", "教师培训"} & names  # a list of tasks closed by 等工作 names no program


def test_a_title_a_district_passes_the_review_of_is_a_designation(tmp_path: Path) -> None:
    text = QINGDAO + (
        "实施集团化办学(联盟办园)提质增效项目,市南区、崂山区和城阳区首批通过国家学前教育普及普惠县省级评估,"
        "数量居全省首位。\n"
    )
    names = _names(tmp_path, "911_qingdao.txt", text, "Program")
    assert "国家学前教育普及普惠县" in names
    assert not [n for n in names if "崂山区" in n]


def test_a_subsection_heading_that_leads_its_paragraph_is_a_goal_of_its_section(tmp_path: Path) -> None:
    g = _build(tmp_path, "912_qingdao.txt", QINGDAO_REVIEW)
    goal = _node(g, "严格管理,精准施策")
    assert _labels(g, goal, EK.partOf) == {"主动打好学校疫情防控攻坚战"}
    quote = {str(g.value(m, EK.quote)) for m in g.subjects(EK.evidenceFor, goal)}
    assert quote == {"严格管理,精准施策"}


def test_a_program_supports_the_subsection_it_stands_under(tmp_path: Path) -> None:
    g = _build(tmp_path, "912_qingdao.txt", QINGDAO_REVIEW)
    assert _labels(g, _node(g, "家长大课堂"), EK.supports) == {"严格管理,精准施策"}


YANGZHOU = (
    "扬州市教育事业“十二五”发展规划\n一、“十一五”教育事业发展回顾\n"
    "区域教育现代化建设取得了明显进展,广陵区、邗江区、维扬区和江都市通过省区域教育现代化评估验收。"
    "全市广陵区、宝应县和高邮市完成了校舍安全工程。\n"
)


def test_a_district_the_tables_do_not_hold_listed_among_a_citys_districts_is_a_place(tmp_path: Path) -> None:
    g = _build(tmp_path, "914_yangzhou.txt", YANGZHOU)
    assert _labels(g, _node(g, "维扬区"), EK.partOf) == {"扬州"}
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert "全市广陵区" not in labels and "市广陵区" not in labels


CHENGDU = (
    "中国教育报-中国教育新闻网讯(记者 倪秀)4月27日,成都市2023年教育工作会在彭州召开。\n"
    "在拔尖创新人才早期培养方面,支持成都七中办好“丘成桐少年班”。对标高校“基础学科拔尖学生培养试验计划”,"
    "进一步深化校地合作。\n"
)


def test_a_verb_before_a_quoted_name_is_not_part_of_its_aliases(tmp_path: Path) -> None:
    seeds = tmp_path / "read"
    seeds.mkdir()
    (seeds / "917_chengdu.txt").write_text(CHENGDU, encoding="utf-8")
    (doc,) = read_documents(seeds, strict=True)
    forms = {v for m in extract(doc).mentions if m.type == "Program" for k, v in m.attrs if k == "alias"}
    assert not [f for f in forms if "办好" in f or f.startswith("标")], forms


def test_forums_seminars_and_on_site_meetings_are_events(tmp_path: Path) -> None:
    text = (
        "洛阳市教育局2024年工作要点\n一、推进教育高质量发展\n"
        "成功举办第二届黄河流域职业教育发展论坛,承办全省义务教育课程改革现场会,"
        "组织全市中小学教学研讨会。\n"
    )
    names = _names(tmp_path, "952_luoyang.txt", text, "Event")
    assert {"第二届黄河流域职业教育发展论坛", "全省义务教育课程改革现场会"} <= names
    assert "全市中小学教学研讨会" in names
