from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph.cli import main


def test_validate_passes_on_the_built_graph(built: Path) -> None:
    r = CliRunner().invoke(main, ["validate", "--graph", str(built / "edukg.ttl")])
    assert r.exit_code == 0, r.output
    assert r.output == "conforms: the graph satisfies every shape\n"


def test_validate_reports_a_broken_shape(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ek: <https://w3id.org/edukg/ontology#> .\n"
        '<https://w3id.org/edukg/id/target/x> a ek:Target ; ek:unit "所" ; ek:status "planned" .\n',
        encoding="utf-8",
    )
    r = CliRunner().invoke(main, ["validate", "--graph", str(bad)])
    assert r.exit_code == 1
    assert "a Target needs one numeric value" in r.output
    assert "violations: 1" in r.output


def test_validate_exits_2_when_the_graph_cannot_load(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", "--graph", str(bad)])
    assert r.exit_code == 2
    assert "cannot parse as turtle" in r.output
