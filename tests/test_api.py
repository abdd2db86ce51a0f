"""The Python API mirrors the CLI: the same answers from a notebook as from `edukg`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import graph
from graph.cli import main


def test_verbs_are_importable_from_graph_and_not_shadowed_by_stage_packages() -> None:
    import graph.rdf.triples
    import graph.sparql.engine

    for verb in ("build", "query", "show", "trend", "export", "validate"):
        assert callable(getattr(graph, verb)), verb


def test_query_gives_the_cli_rows(built: Path) -> None:
    ttl = built / "edukg.ttl"
    rows = graph.query("campuses", graph=ttl)
    cli = CliRunner().invoke(main, ["query", "campuses", "--graph", str(ttl), "--format", "csv"])
    assert cli.exit_code == 0, cli.output
    assert rows.format("csv") == cli.output
    assert len(rows) >= 5 and "江南大学" in {r["university"] for r in rows}


def test_named_query_parameters_and_a_dataframe(built: Path) -> None:
    pd = pytest.importorskip("pandas")
    rows = graph.query("targets", params={"year": "2021", "status": "planned"}, graph=built / "edukg.ttl")
    df = rows.to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == rows.columns and len(df) == len(rows) > 0
    assert set(df["status"]) == {"planned"} and set(df["targetYear"]) == {"2021"}


def test_sparql_text_show_trend_export_validate(built: Path) -> None:
    ttl = built / "edukg.ttl"
    n = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a ek:University }", graph=ttl).rows[0][0]
    assert int(n) >= 5
    card = graph.show("江南大学", graph=ttl)
    assert card.iri.endswith("jiangnan-university") and card.quotes
    series = graph.trend("义务教育优质均衡达标比例", graph=ttl)
    assert series and all(s.place == "无锡市" for s in series)
    assert any(str(p.value) == "80.08" for s in series for p in s.points)
    nt = graph.export("nt", graph=ttl)
    assert nt.count("\n") > 10_000
    assert graph.validate(graph=ttl).conforms


def test_errors_are_the_cli_messages(built: Path) -> None:
    with pytest.raises(graph.EduKGError, match=r"has no parameter 'nope'; its parameters: university"):
        graph.query("campuses", params={"nope": "1"}, graph=built / "edukg.ttl")


def test_build_returns_its_report(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    report = graph.build(seeds, tmp_path / "out", html=False)
    assert report.documents == 5 and report.triples > 10_000
    assert (tmp_path / "out" / "edukg.ttl").is_file() and not (tmp_path / "out" / "index.html").exists()
