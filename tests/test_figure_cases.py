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


def test_a_list_of_thousands_of_figures_reads_each_in_its_item() -> None:
    """A sentence listing figures without a comma (a hostile list): each figure's clause is its item, not
    the whole list (every figure quoted it and searched it whole: 58 s and 1.7 GB for 5,000 figures), and
    its status and year come out as in a short list."""
    from graph.extract.figures import CLAUSE_MAX

    items = "、".join(f"新建学校{i}所" for i in range(1, 3001))
    meta = DocMeta(id="t", source="t.txt", title="2024年工作要点", year=2024, kind="work plan")
    x = extract(ingest(f"2024年，全市{items}。\n".encode(), meta))
    assert len(x.figures) == 3000
    assert all(f.clause is not None and f.clause[1] - f.clause[0] <= CLAUSE_MAX for f in x.figures)
    assert {(f.status, f.year) for f in x.figures} == {("planned", 2024)}
    short = extract(ingest("2024年，全市新建学校1所、新建学校2所。\n".encode(), meta)).figures
    assert {(f.status, f.year) for f in short} == {("planned", 2024)}
    last = max(x.figures, key=lambda f: f.start)
    assert x.doc.text[last.clause[0] : last.clause[1]] == "新建学校3000所"


def test_a_place_in_a_ranking_is_no_count() -> None:
    """进入全省理科前十名: 十名 is the top of a ranking, not ten people."""
    meta = DocMeta(id="t", source="t.txt", title="某区2019年工作总结", year=2019, kind="mid-year review")
    x = extract(ingest("3名考生进入全省理科前十名，另有4名考生进入全省文科前10名。\n".encode(), meta))
    assert sorted((f.value.normalize(), f.unit) for f in x.figures) == [
        (Decimal(3), "名"),
        (Decimal(4), "名"),
    ]


def test_a_count_named_again_by_a_demonstrative_is_no_new_figure() -> None:
    """这6个项目, 上述3所学校: the things counted before, referred to again."""
    meta = DocMeta(id="t", source="t.txt", title="某区6个教育项目加快建设", year=2018, kind="news report")
    text = "我区加快推进6个项目的建设进度。这6个项目竣工后可新增学位5400个。上述3所学校已开工。\n"
    x = extract(ingest(text.encode(), meta))
    assert sorted((f.value.normalize(), f.unit) for f in x.figures) == [
        (Decimal(6), "个"),
        (Decimal(5400), "个"),
    ]
