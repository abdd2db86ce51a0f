"""A list of school names one per line without punctuation, in a newspaper's narrow column (lines of one
width that stop mid-sentence): each line is a name of its own, not a wrapped line of a sentence, and the last
one is not a heading of the paragraph after it."""

from __future__ import annotations

from cases import extract_text

from graph.ingest.segment import normalise

LEAD = "本报讯 近日，市教育局公布了今年新建学校名单，全市共有五所学校秋季开学投入使用，有效缓解了城区入学压力。据介绍，名单如下："
NAMES = [
    "青山区第十五中学",
    "东河区实验小学分校",
    "昆都仑区钢铁大街第二小学",
    "九原区沙河镇第一中学",
    "石拐区五当召镇中心小学",
]
TAIL = "市教育局有关负责人表示，下一步将继续加大投入力度，推进城区学校建设，确保适龄儿童少年就近入学。"


def _column(width: int = 12) -> str:
    lines = [LEAD[i : i + width] for i in range(0, len(LEAD), width)]
    lines += NAMES + [TAIL[i : i + width] for i in range(0, len(TAIL), width)]
    return "包头市今秋五所新校投用\n" + "\n".join(lines) + "\n"


def test_names_one_per_line_in_a_narrow_column_stay_apart() -> None:
    text, _ = normalise(_column())
    lines = text.split("\n")
    for name in NAMES:
        assert name in lines, (name, lines)
    assert any(line.startswith("市教育局有关负责人表示") for line in lines)


def test_each_name_of_the_list_is_a_school_and_none_a_goal() -> None:
    x = extract_text(_column(), "包头市", title="包头市今秋五所新校投用", kind="news report")
    schools = {m.name for m in x.mentions if m.type in ("School", "Campus")}
    assert {
        "青山区第十五中学",
        "昆都仑区钢铁大街第二小学",
        "九原区沙河镇第一中学",
        "石拐区五当召镇中心小学",
    } <= schools
    assert "东河区实验小学分校" in schools or "东河区实验小学" in schools
    goals = {m.name for m in x.mentions if m.type == "Goal"}
    assert not goals & set(NAMES), goals


GROUPS = (
    "全省首批示范性高中建设学校名单如下\n"
    "绍兴(3所):绍兴一中、诸暨中学、嵊州中学、新昌中学、上虞中学、柯桥中学、越州中学、稽山中学\n"
    "金华(2所):金华一中、东阳中学、义乌中学、浦江中学、兰溪一中、永康一中、武义一中、磐安中学\n"
    "衢州(1所):衢州二中、江山中学、龙游中学、常山一中、开化中学、衢州一中、衢州三中、华茂中学\n"
)


def test_a_list_by_group_keeps_a_line_per_group_and_locates_its_schools_there() -> None:
    text, _ = normalise(GROUPS)
    assert [line[:2] for line in text.split("\n")[1:]] == ["绍兴", "金华", "衢州"]
    x = extract_text(GROUPS, "杭州市", title="示范性高中建设学校名单", kind="news report")
    located = {(r.subject.name, r.object.name) for r in x.relations if r.predicate == "locatedIn"}
    assert {("兰溪一中", "金华"), ("常山一中", "衢州")} <= located, sorted(located)
    assert not {s for s, o in located if o == "杭州"}, sorted(located)


def test_a_list_by_group_locates_only_the_schools_of_its_own_line() -> None:
    """A group's place holds for its line: a school named in a paragraph after the list is not placed
    in the last group's city."""
    text = (
        "福建省第二批示范性普通高中建设学校名单\n泉州(2所)：南安第一中学、泉州第五中学\n漳州(1所)：漳州第一中学\n"
        "各校要对照标准加强建设。双十中学、英才学校等学校要发挥示范引领作用。\n"
    )
    x = extract_text(text, "福州市", title="福建省第二批示范性普通高中建设学校名单", kind="notice")
    located = {(r.subject.name, r.object.name) for r in x.relations if r.predicate == "locatedIn"}
    assert ("南安第一中学", "泉州") in located, sorted(located)
    assert not {o for s, o in located if s == "双十中学"} - {"福州"}, sorted(located)
