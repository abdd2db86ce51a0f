"""Manifest-driven cases of figure status and year: tests/data/figure_cases.yaml, one param per case."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from graph.core.model import DocMeta
from graph.extract import extract
from graph.ingest.segment import ingest

MANIFEST = yaml.safe_load((Path(__file__).parent / "data" / "figure_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in MANIFEST["cases"]])
def test_case(case: dict) -> None:
    meta = DocMeta(id="t", source="t.txt", title=case["title"], year=case["year"], kind=case["kind"])
    x = extract(ingest(case["text"].encode("utf-8"), meta))
    got = {(f.value.normalize(), f.unit, f.status, f.year) for f in x.figures}
    for value, unit, status, year in case["expect"]:
        assert (Decimal(str(value)).normalize(), unit, status, year) in got, (
            value,
            unit,
            sorted(got, key=str),
        )
