"""Run one manifest case (a sentence of the genre with its city) through ingest and extraction."""

from __future__ import annotations

from graph.core.model import DocMeta, Extraction
from graph.extract import extract
from graph.ingest.segment import ingest
from graph.knowledge import gazetteer


def province_of(city: str) -> str | None:
    place = gazetteer.city_of(city)
    prov = gazetteer.province_of(place) if place else None
    return prov.name if prov else None


def run_case(case: dict) -> Extraction:
    meta = DocMeta(
        id="t",
        source="t.txt",
        title="测试文件",
        year=2024,
        kind="work plan",
        city=case["city"],
        province=province_of(case["city"]),
        county=case.get("county"),
    )
    return extract(ingest(case["text"].encode("utf-8"), meta))
