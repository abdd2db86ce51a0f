from __future__ import annotations

import pytest

from graph.knowledge.sectors import SECTORS, sectors_of


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("推进建设5所中等职业教育领航学校", "vocational"),
        ("普惠性幼儿园覆盖率达到90%", "preschool"),
        ("义务教育优质均衡发展", "compulsory"),
        ("支持高校本科专业建设", "higher"),
        ("办好特奥会，推进融合教育", "special"),
        ("实施新时代强师行动计划", "teachers"),
        ("建设智慧教育云平台", "digital"),
        ("开展校园安全专项整治", "safety"),
        ("强化党风廉政建设", "party"),
        ("发展社区教育和老年教育", "lifelong"),
    ],
)
def test_keyword_rules(text: str, sector: str) -> None:
    assert sector in sectors_of(text)


def test_no_sector_for_unrelated_text() -> None:
    assert sectors_of("天气晴朗") == ()


def test_scheme_has_zh_and_en_labels_and_unique_ids() -> None:
    ids = [s.id for s in SECTORS]
    assert len(ids) == len(set(ids)) >= 14
    assert all(s.zh and s.en and s.keywords for s in SECTORS)


def test_sectors_in_the_built_graph(graph) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from graph.core.namespaces import EK

    vocational = URIRef("https://w3id.org/edukg/id/sector/vocational")
    assert (vocational, RDF.type, EK.Sector) in graph
    targets = [t for t in graph.subjects(EK.sector, vocational) if (t, RDF.type, EK.Target) in graph]
    assert len(targets) >= 3
