"""Manifest-driven recogniser tests: tests/data/recognisers.yaml, one param per case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cases import check_case, run_case

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


@pytest.mark.parametrize("case", list(_params()))
def test_case(case: dict) -> None:
    check_case(case, run_case(case))


def test_every_mention_points_at_its_text() -> None:
    for case in MANIFEST["cases"]:
        x = run_case(case)
        for m in x.mentions:
            if m.rule in ("structure.document", "catalog.issuer"):
                continue
            assert x.doc.text[m.start : m.end] == m.text, (case["id"], m)
