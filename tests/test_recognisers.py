"""Manifest-driven recogniser tests: tests/data/recognisers.yaml, one param per case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cases import run_case

from graph.core.model import type_family

MANIFEST = yaml.safe_load((Path(__file__).parent / "data" / "recognisers.yaml").read_text(encoding="utf-8"))
# Known gaps, in one place: case id -> reason. These cases run as xfail(strict) so a fix is noticed.
KNOWN_GAPS: dict[str, str] = {}


def _params():
    for case in MANIFEST["cases"]:
        marks = (
            [pytest.mark.xfail(reason=KNOWN_GAPS[case["id"]], strict=True)]
            if case["id"] in KNOWN_GAPS
            else []
        )
        yield pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", _params())
def test_case(case: dict) -> None:
    x = run_case(case)
    found = {(type_family(m.type), m.name) for m in x.mentions}
    for typ, label in case.get("expect") or []:
        assert (type_family(typ), label) in found, (label, sorted(found))
    names = {m.name for m in x.mentions}
    for label in case.get("absent") or []:
        assert label not in names
    rels = {(r.subject.name, r.predicate, r.object.name) for r in x.relations}
    for rel in case.get("relations") or []:
        assert tuple(rel) in rels, sorted(rels)


def test_every_mention_points_at_its_text() -> None:
    for case in MANIFEST["cases"]:
        x = run_case(case)
        for m in x.mentions:
            if m.rule in ("structure.document", "catalog.issuer"):
                continue
            assert x.doc.text[m.start : m.end] == m.text, (case["id"], m)
