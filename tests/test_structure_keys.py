"""Every structural item has its own key; 一是…/二是… heads of a speech or review are its goals."""

from __future__ import annotations

from graph.core.model import DocMeta
from graph.extract import extract
from graph.ingest.segment import ingest

PLAN = """2024年某市教育工作要点
一、扩大优质资源
1．新建一批学校。全年新建学校10所。
2．扩大普惠学位。
二、提升教育质量
1．深化课程改革。实施课堂质量提升工程。
2．加强教师培训。
"""

SPEECH = """在2024年全市教育工作会议上的讲话
一、过去一年的主要工作
一是办学条件持续改善。实施校舍安全提升工程，全年建成学校8所。
二是教师队伍不断加强。实施青年教师培养工程，新招聘教师300名。
二、今年的重点任务
要抓好学位供给，推进中小学建设三年行动计划。
"""


def _extract(text: str, kind: str):
    meta = DocMeta(id="k", source="k.txt", title=text.split("\n", 1)[0], year=2024, kind=kind)
    return extract(ingest(text.encode("utf-8"), meta))


def test_items_of_two_sections_keep_apart() -> None:
    x = _extract(PLAN, "work plan")
    tasks = [m for m in x.mentions if m.type == "Task"]
    numbers = [m.attr("number") for m in tasks]
    assert len(tasks) == 4 and len(set(numbers)) == 4, numbers
    assert {m.name for m in tasks if (m.attr("number") or "").startswith("2.")} == {
        "深化课程改革",
        "加强教师培训",
    }


def test_enumeration_heads_of_a_speech_are_goals_with_their_programs() -> None:
    x = _extract(SPEECH, "conference report")
    goals = {m.name: m for m in x.mentions if m.type == "Goal"}
    assert {"办学条件持续改善", "教师队伍不断加强"} <= set(goals)
    part_of = {(r.subject.name, r.object.name) for r in x.relations if r.predicate == "partOf"}
    assert ("办学条件持续改善", "过去一年的主要工作") in part_of
    supports = {(r.subject.name, r.object.name) for r in x.relations if r.predicate == "supports"}
    assert ("校舍安全提升工程", "办学条件持续改善") in supports
    assert ("青年教师培养工程", "教师队伍不断加强") in supports


REVIEW = """某县教育局2024年工作总结
一、2024年度重点工作成效
（一）学前教育普惠水平稳步提高。一是扎实推进公办园扩容两年行动。投资1.4亿元改造园舍，新建改扩建幼儿园4所。二是持续实施农村园提质工程。整合小规模幼儿园5个，新增公办学位900个。
（二）全面育人格局加快构建。一是打造红色研学新路径。组织研学实践38批次，开发特色课程9门。二是培育劳动教育新样板。建设劳动教育实践基地，全县学生参与劳动实践比例提高8个百分点。
二、2025年工作计划
继续推进各项工作。
"""


def test_enumeration_heads_are_part_of_the_second_level_heading_they_stand_under() -> None:
    x = _extract(REVIEW, "work summary")
    part_of = {(r.subject.name, r.object.name) for r in x.relations if r.predicate == "partOf"}
    assert ("学前教育普惠水平稳步提高", "2024年度重点工作成效") in part_of
    assert ("扎实推进公办园扩容两年行动", "学前教育普惠水平稳步提高") in part_of
    assert ("培育劳动教育新样板", "全面育人格局加快构建") in part_of
    assert ("扎实推进公办园扩容两年行动", "2024年度重点工作成效") not in part_of
