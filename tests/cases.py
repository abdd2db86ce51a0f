"""Run one manifest case (a sentence of the genre with its city) through ingest and extraction."""

from __future__ import annotations

from graph.core.model import DocMeta, Extraction, type_family
from graph.extract import extract
from graph.ingest.segment import ingest
from graph.knowledge import gazetteer


def province_of(city: str) -> str | None:
    place = gazetteer.city_of(city)
    prov = gazetteer.province_of(place) if place else None
    return prov.name if prov else None


def extract_text(
    text: str,
    city: str,
    county: str | None = None,
    doc_id: str = "t",
    title: str = "测试文件",
    **meta: object,
) -> Extraction:
    """One text through ingest and extraction as a document of `city` (its province looked up)."""
    fields: dict = {"year": 2024, "kind": "work plan", **meta}
    doc = DocMeta(
        id=doc_id,
        source=f"{doc_id}.txt",
        title=title,
        city=city,
        province=province_of(city),
        county=county,
        **fields,
    )
    return extract(ingest(text.encode("utf-8"), doc))


def run_case(case: dict) -> Extraction:
    return extract_text(case["text"], case["city"], case.get("county"))


def check_case(case: dict, x: Extraction) -> None:
    """A manifest case's expectations: mentions (type family, name) found or absent, relations
    (subject, predicate, object) stated or not."""
    found = {(type_family(m.type), m.name) for m in x.mentions}
    for typ, label in case.get("expect") or []:
        assert (type_family(typ), label) in found, (label, sorted(found))
    names = {m.name for m in x.mentions}
    for label in case.get("absent") or []:
        assert label not in names, (label, sorted(names))
    rels = {(r.subject.name, r.predicate, r.object.name) for r in x.relations}
    for rel in case.get("relations") or []:
        assert tuple(rel) in rels, (rel, sorted(rels))
    for rel in case.get("absent_relations") or []:
        assert tuple(rel) not in rels, rel
