from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph.cli import main


def test_param_binds_a_variable_of_a_named_query(built: Path) -> None:
    r = CliRunner().invoke(
        main,
        [
            "query",
            "--graph",
            str(built / "edukg.ttl"),
            "campuses",
            "--param",
            "university=江南大学",
            "--format",
            "csv",
        ],
    )
    assert r.exit_code == 0, r.output
    rows = r.output.splitlines()
    assert rows[0] == "university,unit,type,place"
    assert len(rows) > 1 and all(row.startswith("江南大学,") for row in rows[1:])


def test_param_takes_iris_and_numbers(built: Path) -> None:
    r = CliRunner().invoke(
        main,
        [
            "query",
            "--graph",
            str(built / "edukg.ttl"),
            "--param",
            "c=ek:University",
            "--format",
            "csv",
            "-e",
            "SELECT (COUNT(?s) AS ?n) WHERE { ?s a ?c }",
        ],
    )
    assert r.exit_code == 0, r.output
    assert int(r.output.splitlines()[1]) > 3
