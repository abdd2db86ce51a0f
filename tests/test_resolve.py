from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from rdflib.namespace import RDF, RDFS, SKOS

from graph.core.keys import norm
from graph.core.model import ENTITY_TYPES
from graph.core.namespaces import EK
from graph.extract.numbers import cn_to_int, to_decimal


def test_no_two_entities_of_one_type_share_a_name(graph) -> None:
    seen: dict[tuple[str, str], set] = defaultdict(set)
    for typ in ENTITY_TYPES:
        if typ in ("Task", "Indicator", "Sector"):
            continue
        for s in graph.subjects(RDF.type, EK[typ]):
            names = {str(o) for o in graph.objects(s, RDFS.label)} | {
                str(o) for o in graph.objects(s, SKOS.altLabel)
            }
            for n in names:
                key = (typ, norm(n))
                seen[key].add(s)
    relative = {"市教育局", "市委", "市政府", "省教育厅", "省政府", "市委教育工委", "教育工委"}
    dups = {k: v for k, v in seen.items() if len(v) > 1 and k[1] not in relative}
    assert not dups, dups


def test_one_node_across_documents(graph) -> None:
    from rdflib import Literal

    bureau = list(graph.subjects(RDFS.label, Literal("无锡市教育局", lang="zh")))
    assert len(bureau) == 1
    docs = set(graph.objects(bureau[0], EK.mentionedIn))
    assert len(docs) >= 4


def test_curated_and_extracted_are_marked(graph) -> None:
    from rdflib import Literal

    jn = next(graph.subjects(RDFS.label, Literal("江南大学", lang="zh")))
    assert graph.value(jn, EK.curated).toPython() is True
    campus = next(graph.subjects(RDFS.label, Literal("东南大学无锡国际校区", lang="zh")))
    assert graph.value(campus, EK.curated).toPython() is False


def test_chinese_numerals() -> None:
    assert cn_to_int("两千") == 2000
    assert cn_to_int("三千五百") == 3500
    assert cn_to_int("十二") == 12
    assert cn_to_int("二十") == 20
    assert cn_to_int("百") == 100
    assert to_decimal("2.1", "万") == Decimal(21000)
    assert to_decimal("2", "亿") == Decimal(200000000)
    assert to_decimal("92.94") == Decimal("92.94")
