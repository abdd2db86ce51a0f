"""Templated registry ids name one division each: romanisations that collide (陕西/山西 -> Shanxi, 宜春/伊春
-> Yichun) and county names that repeat across cities (鼓楼区) give distinct entities; a title's wrapped
tail (（2022—2024年）》) is no Goal."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graph.core.namespaces import EK
from graph.knowledge import placeids
from graph.knowledge.registry import Home, entries
from graph.pipeline import run_build
from graph.store import load_graph

NOTICE = """{issuer}
关于做好2024年全{lvl}{topic}工作的通知

各有关单位：
为贯彻落实{above}部署，全{lvl}各学校要按照{rel}的要求，做好2024年{topic}工作。现通知如下。
一、加强组织领导
1．全{lvl}各学校要切实加强领导，确保{topic}各项任务落到实处，覆盖率达到{n}%以上。

{issuer}
2024年3月{day}日
"""

# (file, issuer, what the text names relatively, level word, topic): each pair's homes collide
DOCS = [
    ("01_xian.txt", "西安市教育局", "市政府", "省教育厅", "市", "学前教育"),
    ("02_taiyuan.txt", "太原市教育局", "市政府", "省教育厅", "市", "职业教育"),
    ("03_yichun.txt", "宜春市教育局", "省政府", "市政府", "市", "体育"),
    ("04_yichun.txt", "伊春市教育局", "省政府", "市政府", "市", "美育"),
    ("05_gulou.txt", "南京市鼓楼区教育局", "区政府教育督导室", "区人民政府", "区", "劳动教育"),
    ("06_gulou.txt", "福州市鼓楼区教育局", "区政府教育督导室", "区人民政府", "区", "心理健康教育"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    src = tmp_path_factory.mktemp("homes")
    for k, (name, issuer, above, rel, lvl, topic) in enumerate(DOCS):
        text = NOTICE.format(issuer=issuer, above=above, rel=rel, lvl=lvl, topic=topic, n=80 + k, day=k + 1)
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run_build(src, out, html=False)
    return load_graph(out / "edukg.ttl")


def _zh(g: Graph, label: str) -> list:
    return sorted(set(g.subjects(RDFS.label, Literal(label, lang="zh"))))


@pytest.mark.parametrize(
    "labels",
    [
        ("陕西省教育厅", "山西省教育厅"),  # both Shanxi: {prov}-education-department
        ("宜春市人民政府", "伊春市人民政府"),  # both Yichun: {city}-government
        ("宜春市教育局", "伊春市教育局"),
    ],
)
def test_homes_that_romanise_alike_give_distinct_entities(built: Graph, labels: tuple[str, str]) -> None:
    found = [_zh(built, label) for label in labels]
    assert all(len(f) == 1 for f in found), found
    a, b = found[0][0], found[1][0]
    assert a != b
    for node, label in ((a, labels[0]), (b, labels[1])):  # each keeps its own label, not the other's
        zh = {str(o) for o in built.objects(node, RDFS.label) if getattr(o, "language", None) == "zh"}
        assert zh == {label}


def test_one_county_name_in_two_cities_has_two_ids() -> None:
    nanjing = {e.id for e in entries(Home("南京市", "江苏省", "鼓楼区"))}
    fuzhou = {e.id for e in entries(Home("福州市", "福建省", "鼓楼区"))}
    assert "nanjing-gulou-government" in nanjing and "fujian-fuzhou-gulou-government" in fuzhou
    assert not any(i.startswith("gulou-") for i in nanjing | fuzhou)


def test_one_county_name_in_two_cities_gives_two_entities(built: Graph) -> None:
    for label in ("鼓楼区人民政府", "鼓楼区教育局"):
        nodes = _zh(built, label)
        assert len(nodes) == 2, (label, nodes)
        docs = [set(built.objects(n, EK.mentionedIn)) for n in nodes]
        assert docs[0].isdisjoint(docs[1])
    issuers = [
        set(built.objects(d, EK.issuedBy)) for d in sorted(built.subjects(RDF.type, EK.PolicyDocument))
    ]
    gulou = [i for i in issuers if any("gulou" in str(x) for x in i)]
    assert len(gulou) == 2 and gulou[0].isdisjoint(gulou[1]), gulou  # each 鼓楼区教育局 issues its own
    # each 鼓楼区人民政府教育督导室 is part of its own city's 鼓楼区人民政府
    offices = _zh(built, "鼓楼区人民政府教育督导室")
    assert len(offices) == 2
    parents = [set(built.objects(o, EK.partOf)) & set(_zh(built, "鼓楼区人民政府")) for o in offices]
    assert all(len(p) == 1 for p in parents) and parents[0] != parents[1], parents


def test_every_division_has_its_own_id_part() -> None:
    parts = placeids.table()
    for space in ("province", "local"):
        counts = Counter(v for (s, _), v in parts.items() if s == space)
        assert counts and max(counts.values()) == 1, counts.most_common(3)


def test_unambiguous_places_keep_their_ids() -> None:
    ids = {e.id for e in entries(Home("无锡市", "江苏省", "江阴市"))}
    assert {"wuxi-government", "jiangsu-province-government", "jiangyin-government"} <= ids
    # 巫溪县 romanises as 无锡 does: the city keeps the plain name, the county takes its parent's
    wuxi_county = {e.id for e in entries(Home("重庆市", "重庆市", "巫溪县"))}
    assert "chongqing-wuxi-government" in wuxi_county and "wuxi-government" not in wuxi_county


def test_a_wrapped_title_tail_is_no_goal(tmp_path: Path) -> None:
    text = (
        "商洛市教育局\n关于做好2024年教育数字化工作的通知\n\n"
        "各县区教育局：\n为推进教育数字化，严格落实《商洛市教育数\n字化高质量发展三年行动计划\n"
        "（2022—2024年）》\n年度任务；加强督查考核和经验总结，形成上下联动、齐抓共管的工作格局，"
        "确保各项任务落到实处。\n\n商洛市教育局\n2024年3月1日\n"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(text, encoding="utf-8")
    run_build(tmp_path / "src", tmp_path / "out", html=False)
    g = load_graph(tmp_path / "out" / "edukg.ttl")
    labels = [str(o) for s in g.subjects(RDF.type, EK.Goal) for o in g.objects(s, RDFS.label)]
    assert "（2022—2024年）》" not in labels
