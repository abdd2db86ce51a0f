"""Manifest-driven initiative name cases: tests/data/initiative_cases.yaml, one param per case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cases import run_case

from graph.core.keys import norm
from graph.core.model import type_family

MANIFEST = yaml.safe_load(
    (Path(__file__).parent / "data" / "initiative_cases.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in MANIFEST["cases"]])
def test_case(case: dict) -> None:
    x = run_case(case)
    got = {(type_family(m.type), norm(m.name)) for m in x.mentions}
    names = {n for _, n in got}
    for typ, label in case["expect"]:
        assert (type_family(typ), norm(label)) in got, (label, sorted(names))
    for label in case.get("absent", []):
        assert norm(label) not in names, (label, sorted(names))
