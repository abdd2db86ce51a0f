"""locatedIn and partOf between places are what the document says: a registry's city for a university
whose name does not hold it is not a location the text gives (中国海洋大学 in a text about 青岛), one whose
name holds it is (青岛大学); a district that opens a list of schools places the list's schools (link.list);
a town after the county in a school's name is where the school is; a city is partOf its province where the
text writes it inside."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDFS, Graph

from graph.core.namespaces import EK
from graph.pipeline import run_build

DOCS: dict[str, str] = {
    "401_summary": (
        "青岛市教育局2023年工作总结\n\n一、推动高等教育发展\n"
        "青岛市支持中国海洋大学、青岛大学建设一流学科，全年新增博士点6个。\n"
        "同德路小学、王埠中学开工建设，新增学位3000个。\n"
    ),
    "402_plan": (
        "开封市教育局2024年工作要点\n\n一、扩大优质资源\n"
        "龙亭区天津路小学、景华路小学和东方第二小学完成改扩建，新增学位2000个。\n"
        "新建春晖路小学，新增学位900个。\n"
        "禹王台区新建凯旋路小学、唐宫路小学，杞县开工建设杞县第二中学。\n"
        "开封市第一高级中学、景华实验中学、祥符区首阳山中学开展集团化办学。\n"
    ),
    "403_plan": (
        "开封市教育局2024年工作要点\n\n一、扩大优质资源\n"
        "新建兰考县城关镇第二小学、尉氏县洧川镇中心幼儿园，新增学位1800个。\n"
        "兰考县第一高级中学完成改扩建。\n"
    ),
    "404_summary": (
        "兰考县教育体育局2024年工作总结\n\n一、主要成绩\n"
        "全年我县获批省级智慧教育示范区，全县学校建成智慧校园42所。\n"
    ),
    "405_news": (
        "开封市教育局2025年工作简报\n\n"
        "2月17日，祥符区2025年春季开学工作会议召开，会议传达了河南省教育工作会议精神，安排本学期重点任务。\n"
    ),
}


def _relations(tmp_path: Path, name: str, text: str = "", predicate=EK.locatedIn) -> dict[str, set[str]]:
    """Build one document (DOCS[name] unless given); each subject's label -> its objects' labels."""
    text = text or DOCS[name]
    seeds = tmp_path / name
    seeds.mkdir()
    (seeds / f"{name}.txt").write_text(text, encoding="utf-8")
    run_build(seeds, tmp_path / f"{name}-out", html=False)
    g = Graph().parse(tmp_path / f"{name}-out" / "edukg.ttl")
    out: dict[str, set[str]] = {}
    for s, o in g.subject_objects(predicate):
        for label in g.objects(s, RDFS.label):
            out.setdefault(str(label), set()).add(str(g.value(o, RDFS.label)))
    return out


def test_a_registry_city_the_name_does_not_hold_is_not_a_location_of_the_text(tmp_path: Path) -> None:
    located = _relations(tmp_path, "401_summary")
    assert "青岛" in located.get("青岛大学", set()), located
    assert not located.get("中国海洋大学") and not located.get("Ocean University of China"), located


def test_schools_listed_after_one_named_with_its_district_are_in_that_district(tmp_path: Path) -> None:
    located = _relations(tmp_path, "402_plan")
    assert located.get("景华路小学") == {"龙亭区"}, located
    assert located.get("东方第二小学") == {"龙亭区"}, located
    assert located.get("春晖路小学") == {"开封"}, located  # no district before it: the document's city
    # a district named right before the list, with a building verb between
    assert located.get("凯旋路小学") == {"禹王台区"} and located.get("唐宫路小学") == {"禹王台区"}, located


def test_a_list_whose_items_name_different_places_gives_none_of_them(tmp_path: Path) -> None:
    located = _relations(tmp_path, "402_plan")
    assert located.get("景华实验中学") == {"开封"}, located  # 开封市… and 祥符区… in one list


def test_a_town_written_after_the_county_in_a_school_name_is_where_the_school_is(tmp_path: Path) -> None:
    located = _relations(tmp_path, "403_plan")
    assert located.get("兰考县城关镇第二小学") == {"城关镇"}, located  # the town, not also its county
    assert located.get("尉氏县洧川镇中心幼儿园") == {"洧川镇"}, located
    assert located.get("兰考县第一高级中学") == {"兰考县"}, located  # no town in its name
    assert _relations(tmp_path, "403_towns", DOCS["403_plan"], EK.partOf).get("洧川镇") == {"尉氏县"}


def test_a_designation_a_county_wins_is_located_in_the_county(tmp_path: Path) -> None:
    located = _relations(tmp_path, "404_summary")
    assert located.get("省级智慧教育示范区") == {"兰考县"}, located  # not the county's city
    assert "智慧校园" not in located, located  # a title of schools (…校园), not a zone the county holds


def test_a_meeting_named_with_a_city_or_county_is_located_there(tmp_path: Path) -> None:
    located = _relations(tmp_path, "405_news")
    assert located.get("祥符区2025年春季开学工作会议") == {"祥符区"}, located
    # a province's meeting: held somewhere the text does not say
    assert "河南省教育工作会议" not in located, located


def test_a_town_after_an_autonomous_county_written_short(tmp_path: Path) -> None:
    # 长阳县 for 长阳土家族自治县: the level word is not the town's first character
    text = "宜昌市教育局2024年工作要点\n\n一、扩大优质资源\n新建长阳县龙舟坪镇中心幼儿园，新增学位300个。\n"
    located = _relations(tmp_path, "406_plan", text)
    assert located.get("长阳县龙舟坪镇中心幼儿园") == {"龙舟坪镇"}, located


def test_a_city_is_part_of_its_province_where_the_text_writes_it_inside(tmp_path: Path) -> None:
    apart = _relations(
        tmp_path,
        "407_plan",
        "泉州市教育局2024年工作要点\n\n一、深化改革\n"
        "泉州教育发展水平位居福建前列，全年新建学校12所，丰泽区新增学位3000个。\n",
        EK.partOf,
    )
    # both named, the text never says one holds the other
    assert "福建" not in apart.get("泉州", set()), apart
    assert apart.get("丰泽区") == {"泉州"}, apart  # a county of the document's own city
    within = _relations(
        tmp_path,
        "408_plan",
        "泉州市教育局2024年工作要点\n\n一、深化改革\n福建省泉州市全年新建学校12所，新增学位8000个。\n",
        EK.partOf,
    )
    assert within.get("泉州") == {"福建"}, within


def test_a_school_named_by_a_place_and_an_ordinal_keeps_out_of_a_list_place(tmp_path: Path) -> None:
    text = "福建省教育厅2024年工作要点\n\n一、扩大优质资源\n入选学校：晋江市养正中学、南安一中。\n"
    located = _relations(tmp_path, "409_plan", text)
    assert located.get("晋江市养正中学") == {"晋江市"}, located
    assert "晋江市" not in located.get("南安一中", set()), located  # 南安 is a place of its own
