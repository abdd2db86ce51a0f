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


def test_shared_head_after_quoted_names_keeps_their_own_form() -> None:
    """“道德大讲堂”、“我的中国梦”等主题教育活动: each quoted name with the shared head is a program whose own form
    is the quoted name, so that the quoted mention and this one are one entity, not two."""
    from cases import extract_text

    x = extract_text("通过扎实开展“道德大讲堂”、“我的中国梦”等主题教育活动，坚持立德树人。", "固原市")
    shared = {m.name: m.attr("alias") for m in x.mentions if m.rule == "initiative.distributed"}
    assert shared == {"道德大讲堂主题教育": "道德大讲堂", "我的中国梦主题教育": "我的中国梦"}
