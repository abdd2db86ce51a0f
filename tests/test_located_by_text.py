"""locatedIn is what the document says: a registry's city for a university whose name does not hold it is
not a location the text gives (中国海洋大学 in a text about 青岛), one whose name holds it is (青岛大学); a
district that opens a list of schools places the list's schools (link.list)."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDFS, Graph

from graph.core.namespaces import EK
from graph.pipeline import run_build

DOC = (
    "青岛市教育局2023年工作总结\n\n一、推动高等教育发展\n"
    "青岛市支持中国海洋大学、青岛大学建设一流学科，全年新增博士点6个。\n"
    "同德路小学、王埠中学开工建设，新增学位3000个。\n"
)


def _located(tmp_path: Path) -> dict[str, set[str]]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "401_summary.txt").write_text(DOC, encoding="utf-8")
    run_build(seeds, tmp_path / "out", html=False)
    g = Graph().parse(tmp_path / "out" / "edukg.ttl")
    out: dict[str, set[str]] = {}
    for s, o in g.subject_objects(EK.locatedIn):
        for name in g.objects(s, RDFS.label):
            out.setdefault(str(name), set()).add(str(g.value(o, RDFS.label)))
    return out


def test_a_registry_city_the_name_does_not_hold_is_not_a_location_of_the_text(tmp_path: Path) -> None:
    located = _located(tmp_path)
    assert "青岛" in located.get("青岛大学", set()), located
    assert not located.get("中国海洋大学") and not located.get("Ocean University of China"), located


CITY = (
    "洛阳市教育局2024年工作要点\n\n一、扩大优质资源\n"
    "涧西区天津路小学、景华路小学和东方第二小学完成改扩建，新增学位2000个。\n"
    "新建春晖路小学，新增学位900个。\n"
    "西工区新建凯旋路小学、唐宫路小学，伊滨区开工建设伊滨第二中学。\n"
    "洛阳市第一高级中学、景华实验中学、偃师区首阳山中学开展集团化办学。\n"
)


def _city(tmp_path: Path) -> dict[str, set[str]]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "402_plan.txt").write_text(CITY, encoding="utf-8")
    run_build(seeds, tmp_path / "out", html=False)
    g = Graph().parse(tmp_path / "out" / "edukg.ttl")
    out: dict[str, set[str]] = {}
    for s, o in g.subject_objects(EK.locatedIn):
        out.setdefault(str(g.value(s, RDFS.label)), set()).add(str(g.value(o, RDFS.label)))
    return out


def test_schools_listed_after_one_named_with_its_district_are_in_that_district(tmp_path: Path) -> None:
    located = _city(tmp_path)
    assert located.get("景华路小学") == {"涧西区"}, located
    assert located.get("东方第二小学") == {"涧西区"}, located
    assert located.get("春晖路小学") == {"洛阳"}, located  # no district before it: the document's city
    # a district named right before the list, with a building verb between
    assert located.get("凯旋路小学") == {"西工区"} and located.get("唐宫路小学") == {"西工区"}, located


def test_a_list_whose_items_name_different_places_gives_none_of_them(tmp_path: Path) -> None:
    located = _city(tmp_path)
    assert located.get("景华实验中学") == {"洛阳"}, located  # 洛阳市… and 偃师区… in one list


TOWNS = (
    "洛阳市教育局2024年工作要点\n\n一、扩大优质资源\n"
    "新建宜阳县城关镇第二小学、伊川县鸣皋镇中心幼儿园，新增学位1800个。\n"
    "宜阳县第一高级中学完成改扩建。\n"
)


def test_a_town_written_after_the_county_in_a_school_name_is_where_the_school_is(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "403_plan.txt").write_text(TOWNS, encoding="utf-8")
    run_build(seeds, tmp_path / "out", html=False)
    g = Graph().parse(tmp_path / "out" / "edukg.ttl")

    def labels(label: str, predicate) -> set[str]:
        node = next(s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == label)
        return {str(g.value(o, RDFS.label)) for o in g.objects(node, predicate)}

    assert labels("宜阳县城关镇第二小学", EK.locatedIn) == {"城关镇"}  # the town, not also its county
    assert labels("伊川县鸣皋镇中心幼儿园", EK.locatedIn) == {"鸣皋镇"}
    assert labels("鸣皋镇", EK.partOf) == {"伊川县"}
    assert labels("宜阳县第一高级中学", EK.locatedIn) == {"宜阳县"}  # no town in its name
