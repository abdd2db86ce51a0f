"""Rule structure.topic: under a summary list of goals with no headings in the body (实施安全守护行动 /
创设改革良好环境), a paragraph goes to the goal whose words it shares most, a word it repeats counting
twice: a paragraph on 安全 that names it four times is the safety goal's, not the goal of the paragraph
before it. Rule structure.scope: a program named under a heading on the standing state or the past
(发展基础, 基本情况, 工作回顾) supports no goal. Rule structure.item: a numbered item supports the
second-level heading it stands under ((一)加快学校建设), like a program there. Sentences composed for
the tests."""

from __future__ import annotations

from types import SimpleNamespace

from cases import extract_text

from graph.core.model import Mention
from graph.extract.scope import link_scope

TEXT = (
    "2月14日，市教育局召开全市教育工作会议，部署2025年教育改革发展重点任务。\n"
    "我市将健全教师引育制度，实施教师培养“种子工程”，推进名师贯通培养，提升教师教书育人的能力，锻造铸魂强师队伍。\n"
    "2025年，我市将持续深入实施“校园平安提升行动”，扎实开展校园治安、食品安全、消防安全三个专项整治，"
    "确保安全责任压实到位。\n"
    "2025年重点任务\n实施铸魂强师行动\n筑牢教育强市根基\n实施安全守护行动\n创设改革良好环境\n"
)


def _at(text: str, kind: str, rule: str, attrs: tuple[tuple[str, str], ...] = ()) -> Mention:
    start = TEXT.index(text)
    return Mention("d", start, start + len(text), text, kind, rule, text, attrs)


def test_a_paragraph_repeating_a_goals_word_supports_that_goal() -> None:
    teachers = _at("实施铸魂强师行动", "Goal", "structure.list", (("alias", "筑牢教育强市根基"),))
    safety = _at("实施安全守护行动", "Goal", "structure.list", (("alias", "创设改革良好环境"),))
    seeds = _at("种子工程", "Program", "program.quoted")
    campus = _at("校园平安提升行动", "Program", "program.quoted")
    ctx = SimpleNamespace(doc=SimpleNamespace(text=TEXT, segments=()))
    found = {(r.subject.name, r.object.name) for r in link_scope(ctx, [teachers, safety, seeds, campus])}
    assert found == {("种子工程", "实施铸魂强师行动"), ("校园平安提升行动", "实施安全守护行动")}


PLAN = (
    "某县“十四五”教育事业发展规划\n\n一、发展基础\n"
    "“十三五”期间，全县深入实施第三期学前教育行动计划和“全面改薄”工程，新建幼儿园12所，"
    "学前教育三年毛入园率达到90%。\n二、主要任务\n"
    "全县将深入实施“强师工程”，培养骨干教师200名，建设名师工作室20个，全面提升教师队伍整体素质。\n"
)


def test_programs_under_a_heading_on_the_past_support_no_goal() -> None:
    x = extract_text(PLAN, "湖州市", title="某县“十四五”教育事业发展规划")
    found = {(r.subject.name, r.object.name) for r in x.relations if r.predicate == "supports"}
    assert found == {("强师工程", "主要任务")}


POINTS = (
    "某区2024年教育工作要点\n\n一、推进教育优质均衡发展\n（一）加快学校建设\n1.新建中小学3所，新增学位3600个。\n"
    "2.完成5所学校改扩建工程。\n（二）深化集团化办学\n3.新组建教育集团2个。\n二、加强教师队伍建设\n"
    "4.开展师德专题教育，覆盖全体教师。\n"
)


def test_numbered_items_support_the_second_level_heading_they_stand_under() -> None:
    x = extract_text(POINTS, "武汉市", "蔡甸区", title="某区2024年教育工作要点")
    found = {(r.subject.name, r.object.name) for r in x.relations if r.rule == "structure.item"}
    assert {(task, goal) for task, goal in found if goal != "某区2024年教育工作要点"} == {
        ("新建中小学3所，新增学位3600个", "加快学校建设"),
        ("完成5所学校改扩建工程", "加快学校建设"),
        ("新组建教育集团2个", "深化集团化办学"),
        ("开展师德专题教育，覆盖全体教师", "加强教师队伍建设"),
    }
