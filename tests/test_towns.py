"""Towns of one name in two counties (古城镇 of 托克托县 and of 和林格尔县) are two places, and so are the schools
named by them; a document that does not place such a town joins the one the others place, when they place it
in one county only. A district of the document's own city is partOf that city even when the text writes the
city only inside names."""

from __future__ import annotations

from cases import extract_text

from graph.core.model import Entity, Extraction
from graph.resolve import resolve


def _x(doc_id: str, text: str, county: str | None) -> Extraction:
    return extract_text(text, "呼和浩特市", county, doc_id, title=text.split("\n", 1)[0])


TOKETO = "托克托县教育局2023年工作要点\n一、学校建设\n推进古城镇中心小学、双河镇第二小学改扩建。古城镇新建幼儿园1所。\n"
HORINGER = "和林格尔县教育局2023年工作要点\n一、学校建设\n推进古城镇中心小学、盛乐镇第一小学改扩建。古城镇、盛乐镇各新建幼儿园1所。\n"
CITY = "呼和浩特市教育局2023年工作总结\n一、学校建设\n和林格尔县盛乐镇、双河镇新增学位300个。\n"


def _named(entities: tuple[Entity, ...], label: str) -> list[Entity]:
    return [e for e in entities if e.label == label]


def test_towns_and_town_schools_of_one_name_in_two_counties_stay_apart() -> None:
    corpus = resolve([_x("a", TOKETO, "托克托县"), _x("b", HORINGER, "和林格尔县")])
    towns = _named(corpus.entities, "古城镇")
    assert len(towns) == 2 and len({e.key for e in towns}) == 2
    parents = {(lk.subject, lk.object) for lk in corpus.links if lk.predicate == "partOf"}
    assert {(e.key, "place/150122") in parents or (e.key, "place/150123") in parents for e in towns} == {True}
    schools = _named(corpus.entities, "古城镇中心小学")
    assert sorted({ev.doc_id for ev in s.evidence} for s in schools) == [{"a"}, {"b"}]


def test_a_town_a_document_does_not_place_joins_the_only_one_of_its_name() -> None:
    corpus = resolve([_x("a", TOKETO, "托克托县"), _x("b", HORINGER, "和林格尔县"), _x("c", CITY, None)])
    (shengle,) = _named(corpus.entities, "盛乐镇")
    assert {ev.doc_id for ev in shengle.evidence} >= {"b", "c"}
    (shuanghe,) = _named(corpus.entities, "双河镇")
    assert {ev.doc_id for ev in shuanghe.evidence} >= {"a", "c"}


def test_a_district_of_the_documents_city_is_part_of_it_when_the_city_is_named_only_in_names() -> None:
    text = (
        "珠海市学校建设进展\n记者从珠海市教育局获悉，香洲区计划新建幼儿园10所，金湾区计划改扩建中小学2所。\n"
    )
    corpus = resolve(
        [extract_text(text, "珠海市", doc_id="z", title="珠海市学校建设进展", kind="news report")]
    )
    label = {e.key: e.label for e in corpus.entities}
    parts = {(label[lk.subject], label[lk.object]) for lk in corpus.links if lk.predicate == "partOf"}
    assert {("香洲区", "珠海"), ("金湾区", "珠海")} <= parts, parts


def test_a_towns_iri_is_its_own_countys_whatever_else_is_built() -> None:
    """A town and the school it names keep their IRIs when another county's town of the name (or a
    document that names it without placing it) is built beside them: the key carries the county."""

    def keys(*xs: Extraction) -> dict[str, set[str]]:
        c = resolve(list(xs))
        return {
            lbl: {e.key for e in _named(c.entities, lbl) if "b" in {ev.doc_id for ev in e.evidence}}
            for lbl in ("古城镇", "古城镇中心小学")
        }

    alone = keys(_x("b", HORINGER, "和林格尔县"))
    assert all(len(v) == 1 for v in alone.values()), alone
    assert keys(_x("a", TOKETO, "托克托县"), _x("b", HORINGER, "和林格尔县")) == alone
    assert keys(_x("b", HORINGER, "和林格尔县"), _x("c", CITY, None)) == alone
    assert keys(_x("a", TOKETO, "托克托县"), _x("b", HORINGER, "和林格尔县"), _x("c", CITY, None)) == alone
