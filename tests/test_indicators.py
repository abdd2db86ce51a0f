"""The indicator of a figure is the measure, not the words of its status, place or list
(tests/data/indicator_cases.yaml: sentences of published documents), and a planned and an achieved
figure of one measure share one ek:Indicator."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from rdflib.namespace import RDFS

from graph.core.model import DocMeta
from graph.core.namespaces import EK
from graph.extract import extract
from graph.ingest.segment import ingest
from graph.pipeline import run_build
from graph.store import load_graph

MANIFEST = yaml.safe_load(
    (Path(__file__).parent / "data" / "indicator_cases.yaml").read_text(encoding="utf-8")
)


def _figures(title: str, year: int, kind: str, text: str) -> set[tuple[Decimal, str, str]]:
    meta = DocMeta(id="t", source="t.txt", title=title, year=year, kind=kind)
    x = extract(ingest(text.encode("utf-8"), meta))
    return {(f.value.normalize(), f.unit, f.indicator) for f in x.figures}


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in MANIFEST["cases"]])
def test_indicator_phrase(case: dict) -> None:
    got = _figures(case["title"], case["year"], case["kind"], case["text"])
    for value, unit, indicator in case["expect"]:
        assert (Decimal(str(value)).normalize(), unit, indicator) in got, (value, indicator, sorted(got))


def test_ordinals_of_meetings_are_not_figures() -> None:
    text = (
        "深入贯彻落实党的十八届三中全会、省委十届三次全会、市委六届四次全会、市七届人大二次会议精神,"
        "贯彻落实省委十五届二次全会精神。全年召开专题会议3次。"
    )
    got = _figures("2014年全市教育工作会议讲话", 2014, "speech", text)
    assert {(v, u) for v, u, _ in got} == {(Decimal(3), "次")}


def test_a_time_of_day_is_not_a_figure() -> None:
    assert _figures("新闻发布会", 2025, "news", "时间:2025年12月4日上午10:30分") == set()


def test_planned_and_achieved_figures_of_one_measure_share_one_indicator(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "001_无锡市2024年教育工作要点.txt").write_text(
        "无锡市2024年教育工作要点\n一、办好人民满意的教育\n2024年全市将新建幼儿园10所,新增学位5000个。\n",
        encoding="utf-8",
    )
    (docs / "002_无锡市2023年教育工作总结.txt").write_text(
        "无锡市2023年教育工作总结\n一、教育资源\n二是2023年已新建幼儿园8所。我市累计新增学位4000个。\n",
        encoding="utf-8",
    )
    run_build(docs, tmp_path / "out", html=False)
    g = load_graph(tmp_path / "out" / "edukg.ttl")
    by_label: dict[str, set[tuple[str, str]]] = {}
    for t in g.subjects(None, EK.Target):
        if g.value(t, EK.indicator) is None:
            continue
        label = str(g.value(g.value(t, EK.indicator), RDFS.label))
        by_label.setdefault(label, set()).add((str(g.value(t, EK.value)), str(g.value(t, EK.status))))
    assert by_label["新建幼儿园"] == {("10", "planned"), ("8", "achieved")}
    assert by_label["新增学位"] == {("5000", "planned"), ("4000", "achieved")}


def test_values_sharing_a_unit_without_their_measures_are_not_figures() -> None:
    # one figure before three values: which value goes with it is unknown, so 7.9 and 17.6 are left out
    got = _figures("规划", 2011, "plan", "高等教育毛入学率达45.3%,较2005年分别提高了7.9、17.6和10个百分点。")
    assert {v for v, _, _ in got} == {Decimal("45.3"), Decimal(10)}
