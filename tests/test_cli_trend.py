from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph.cli import main

PLANNED_2021_VOCATIONAL = """
SELECT ?value ?unit ?quote WHERE {
  ?t a ek:Target ; ek:year ?y ; ek:status "planned" ; ek:value ?value ; ek:unit ?unit ;
     ek:sector <https://w3id.org/edukg/id/sector/vocational> .
  ?m ek:evidenceFor ?t ; ek:quote ?quote .
  FILTER(STR(?y) = "2021")
} ORDER BY ?value
"""


def test_trend_merges_phrasings_and_documents(built: Path, tmp_path: Path) -> None:
    chart = tmp_path / "trend.html"
    r = CliRunner().invoke(
        main,
        ["trend", "义务教育优质均衡达标比例", "--graph", str(built / "edukg.ttl"), "--chart", str(chart)],
    )
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "# 无锡市 · 义务教育优质均衡监测达标比例 (%)"
    assert lines[1].split()[:3] == ["year", "status", "value"]
    rows = [ln for ln in lines[2:] if "80.08" in ln]
    assert {ln.split()[4] for ln in rows} == {"000", "001"}
    html = chart.read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html and "http" not in html


def test_unknown_indicator(built: Path) -> None:
    r = CliRunner().invoke(main, ["trend", "不存在的指标", "--graph", str(built / "edukg.ttl")])
    assert r.exit_code == 1 and r.output.startswith("Error: no indicator matches")


def test_planned_vocational_targets_of_2021(built: Path) -> None:
    r = CliRunner().invoke(
        main, ["query", "--graph", str(built / "edukg.ttl"), "--format", "csv", "-e", PLANNED_2021_VOCATIONAL]
    )
    assert r.exit_code == 0, r.output
    rows = r.output.splitlines()[1:]
    values = sorted(int(row.split(",")[0]) for row in rows)
    assert values == [3, 5, 100]
    assert any("领航学校" in row for row in rows)
