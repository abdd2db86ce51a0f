"""A goal belongs to the place whose documents state it: the same heading in the plans of two cities
(下半年工作计划, 加强组织领导) is two goals, while one city's plans of successive years restate one. Input
documents of two places with one title (2024年上半年教育工作总结和下半年工作计划) are two documents: every
mention is derived from its own file."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.core.namespaces import EK
from graph.pipeline import run_build
from graph.store import load_graph

REVIEW = """{issuer}
{year}年上半年教育工作总结和下半年工作计划

一、上半年工作完成情况
上半年，全{lvl}新建幼儿园{n}所，{topic}工作取得新进展，各项重点任务按计划有序推进，群众满意度持续提升。
二、下半年工作计划
（一）推进{topic}改革
全{lvl}各学校要加快推进{topic}改革，完善工作机制，强化督导评估，力争新增学位{n}00个。

{issuer}
{year}年7月{day}日
"""

DOCS = [  # (file, issuer, year, topic, level)
    ("01_wuxi_2023.txt", "无锡市教育局", 2023, "学前教育", "市"),
    ("02_wuxi_2024.txt", "无锡市教育局", 2024, "职业教育", "市"),
    ("03_nantong_2024.txt", "南通市教育局", 2024, "体育", "市"),
    ("04_gulou_nanjing.txt", "南京市鼓楼区教育局", 2024, "美育", "区"),
    ("05_gulou_fuzhou.txt", "福州市鼓楼区教育局", 2024, "劳动教育", "区"),  # 福州 and 抚州 are both Fuzhou
]
# the id parts of their homes: a county is qualified by its city where other counties share its name
SCOPES = ["wuxi", "nantong", "nanjing-gulou", "fujian-fuzhou-gulou"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    src = tmp_path_factory.mktemp("reviews")
    for k, (name, issuer, year, topic, lvl) in enumerate(DOCS):
        text = REVIEW.format(issuer=issuer, year=year, topic=topic, lvl=lvl, n=k + 3, day=k + 1)
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run_build(src, out, html=False)
    return load_graph(out / "edukg.ttl")


def _goals(g: Graph, label: str) -> list[str]:
    return sorted(
        str(s).rsplit("/", 1)[1]
        for s in g.subjects(RDFS.label, Literal(label, lang="zh"))
        if (s, RDF.type, EK.Goal) in g
    )


def _docs_of(g: Graph, goal: str) -> set[str]:
    """The documents that name a goal (its evidence's documents' identifiers)."""
    iri = URIRef(f"https://w3id.org/edukg/id/goal/{goal}")
    return {
        str(ident)
        for m in g.subjects(EK.evidenceFor, iri)
        for d in g.objects(m, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        for ident in g.objects(d, URIRef("http://purl.org/dc/terms/identifier"))
    }


@pytest.mark.parametrize("label", ["下半年工作计划", "上半年工作完成情况"])
def test_one_heading_is_one_goal_per_place(built: Graph, label: str) -> None:
    goals = _goals(built, label)
    # Wuxi's two years share one goal; Nantong and the two districts called 鼓楼区 have one each
    assert sorted(g.rsplit("-", 1)[0] for g in goals) == sorted(SCOPES)
    wuxi = next(g for g in goals if g.startswith("wuxi-"))
    assert _docs_of(built, wuxi) == {"01", "02"}
    assert all(len(_docs_of(built, g)) == 1 for g in goals if g != wuxi)


def test_a_goal_is_part_of_its_own_places_section(built: Graph) -> None:
    """Each place's sub-goal (（一）推进…改革) is partOf that place's 下半年工作计划, not another's."""
    pairs = [
        (str(sub).rsplit("/", 1)[1].rsplit("-", 1)[0], str(parent).rsplit("/", 1)[1].rsplit("-", 1)[0])
        for sub in built.subjects(RDF.type, EK.Goal)
        for parent in built.objects(sub, EK.partOf)
        if (parent, RDF.type, EK.Goal) in built
    ]
    assert len(pairs) == 5 and all(a == b for a, b in pairs)


def test_input_documents_of_two_places_with_one_title_are_two(built: Graph) -> None:
    docs = {
        str(ident): d
        for d in built.subjects(RDF.type, EK.PolicyDocument)
        for ident in built.objects(d, URIRef("http://purl.org/dc/terms/identifier"))
    }
    assert sorted(docs) == ["01", "02", "03", "04", "05"]
    assert len(set(docs.values())) == 5  # one IRI each, each with one identifier
    # the title's digest and the document's id (file 02_… has id 02), whether other files share the title
    keys = [str(docs[k]).rsplit("/", 1)[1] for k in ("01", "02", "03", "04", "05")]
    assert [s.rsplit("-", 1)[1] for s in keys] == ["01", "02", "03", "04", "05"]
    assert len({s.rsplit("-", 1)[0] for s in keys[1:]}) == 1 and keys[0].split("-")[0] not in keys[1]
