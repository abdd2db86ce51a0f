"""Manifest-driven initiative name cases: tests/data/initiative_cases.yaml, one param per case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.core.keys import norm
from graph.core.model import DocMeta, type_family
from graph.extract import extract
from graph.ingest.segment import ingest
from graph.knowledge import gazetteer

MANIFEST = yaml.safe_load(
    (Path(__file__).parent / "data" / "initiative_cases.yaml").read_text(encoding="utf-8")
)


def _run(case: dict):
    city = gazetteer.city_of(case["city"])
    prov = gazetteer.province_of(city) if city else None
    meta = DocMeta(
        id="t",
        source="t.txt",
        title="测试文件",
        year=2024,
        kind="work plan",
        city=case["city"],
        province=prov.name if prov else None,
    )
    return extract(ingest(case["text"].encode("utf-8"), meta))


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in MANIFEST["cases"]])
def test_case(case: dict) -> None:
    x = _run(case)
    got = {(type_family(m.type), norm(m.name)) for m in x.mentions}
    names = {n for _, n in got}
    for typ, label in case["expect"]:
        assert (type_family(typ), norm(label)) in got, (label, sorted(names))
    for label in case.get("absent", []):
        assert norm(label) not in names, (label, sorted(names))
