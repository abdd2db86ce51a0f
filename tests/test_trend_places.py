"""Indicators are scoped by place: a fixture of two places and three years (tests/data/two_places)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.namespace import RDF

from graph.cli import main
from graph.core.namespaces import EK
from graph.pipeline import run_build
from graph.store import load_graph
from graph.views.changes import changes
from graph.views.trend import trend, trend_pages

DATA = Path(__file__).parent / "data" / "two_places"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two_places")
    run_build(DATA, out, html=False)
    return out / "edukg.ttl"


@pytest.fixture(scope="module")
def g(built: Path):
    return load_graph(built)


def _values(series, status: str | None = None) -> set[tuple[int | None, str, Decimal]]:
    return {(p.year, p.status, p.value) for p in series.points if status in (None, p.status)}


def test_each_place_trend_holds_only_its_own_values(g) -> None:
    by_place = {s.place: s for s in trend(g, "普惠性幼儿园覆盖率")}
    assert set(by_place) == {"镇江市", "盐城市"}
    assert _values(by_place["镇江市"]) == {
        (2022, "achieved", Decimal(88)),
        (2023, "achieved", Decimal(91)),
        (2023, "planned", Decimal(92)),
        (2024, "planned", Decimal(95)),
    }
    assert _values(by_place["盐城市"]) == {(2023, "achieved", Decimal(85)), (2024, "planned", Decimal(90))}
    assert {p.doc for p in by_place["盐城市"].points} == {"031", "032"}


def test_planned_and_achieved_of_one_year_meet_in_one_series(g) -> None:
    (s,) = trend(g, "普惠性幼儿园覆盖率", place="镇江市")
    in_2023 = {p.status for p in s.points if p.year == 2023}
    assert in_2023 == {"planned", "achieved"}
    # one indicator per place and measure, so the two statuses share one ek:Indicator
    inds = {i for i in g.subjects(RDF.type, EK.Indicator) if str(g.value(i, EK.jurisdiction)) == "镇江市"}
    assert s.indicator in inds


def test_what_changed_lists_new_and_changed_targets(g) -> None:
    found = {(c.kind, c.status, c.indicator) for c in changes(g, "镇江市", 2023, 2024)}
    assert ("changed", "planned", "普惠性幼儿园覆盖率") in found
    assert ("new", "planned", "新增学位") in found
    # 新建中小学 15所 planned in both years: not a change
    assert not any(ind == "新建中小学" and status == "planned" for _, status, ind in found)
    earlier = {(c.kind, c.status, c.indicator) for c in changes(g, "镇江", 2022, 2023)}
    assert ("changed", "achieved", "新建中小学") in earlier
    assert all(c.place == "镇江市" for c in changes(g, "镇江", 2022, 2023))


def test_changes_command_quotes_its_sources(built: Path) -> None:
    r = CliRunner().invoke(main, ["changes", "盐城市", "2023", "2024", "--graph", str(built)])
    assert r.exit_code == 0, r.output
    assert "[032] 普惠性幼儿园覆盖率达到90%以上" in r.output
    assert "镇江" not in r.output
    bad = CliRunner().invoke(main, ["changes", "无此地", "2023", "2024", "--graph", str(built)])
    assert bad.exit_code == 1 and "no single place matches" in bad.output


def test_trend_command_keeps_places_apart_and_compares_on_request(built: Path, tmp_path: Path) -> None:
    chart = tmp_path / "t.html"
    r = CliRunner().invoke(
        main, ["trend", "普惠性幼儿园覆盖率", "--graph", str(built), "--chart", str(chart)]
    )
    assert r.exit_code == 0, r.output
    heads = [ln for ln in r.output.splitlines() if ln.startswith("# ")]
    assert heads == ["# 盐城市 · 普惠性幼儿园覆盖率 (%)", "# 镇江市 · 普惠性幼儿园覆盖率 (%)"]
    page = chart.read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "<script" not in page
    r = CliRunner().invoke(main, ["trend", "普惠性幼儿园覆盖率", "--graph", str(built), "--compare"])
    assert r.output.splitlines()[0].split("\t") == ["year", "status", "盐城市", "镇江市"]


def test_trend_pages_have_readable_names_and_a_way_back(g) -> None:
    pages = trend_pages(g)
    assert "trends/镇江市-普惠性幼儿园覆盖率-pct.html" in pages
    title, page = pages["trends/镇江市-普惠性幼儿园覆盖率-pct.html"]
    assert title.startswith("镇江市") and 'href="../index.html"' in page
    assert "85" not in page.split("<table>")[1]  # 盐城's value is not on 镇江's page
