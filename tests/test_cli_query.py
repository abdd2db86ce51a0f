from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph.cli import main


def q(built: Path, *args: str):
    return CliRunner().invoke(main, ["query", "--graph", str(built / "edukg.ttl"), *args])


def test_count_by_class_prints_a_table(built: Path) -> None:
    r = q(built, "-e", "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["c", "n"]
    assert set(lines[1]) <= {"-", " "}
    assert any(line.startswith("ek:University ") for line in lines)
    assert lines[-1].endswith("rows)")


def test_csv_and_json_formats(built: Path) -> None:
    r = q(
        built,
        "--format",
        "csv",
        "-e",
        "SELECT ?l WHERE { ?u a ek:University ; rdfs:label ?l } ORDER BY ?l LIMIT 2",
    )
    assert r.exit_code == 0
    assert r.output.splitlines()[0] == "l"
    r = q(built, "--format", "json", "-e", "ASK { ?s a ek:Campus }")
    assert r.output.strip() == '[\n {\n  "ask": "true"\n }\n]'


def test_malformed_query_is_one_line_error(built: Path) -> None:
    r = q(built, "-e", "SELECT ?x WHERE { ?x a }")
    assert r.exit_code == 1
    assert r.output.startswith("Error: malformed SPARQL")
    assert len(r.output.strip().splitlines()) == 1


def test_update_is_refused(built: Path) -> None:
    r = q(built, "-e", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert r.exit_code == 1
    assert "updates are not allowed" in r.output


def test_rq_file_and_missing_graph(built: Path, tmp_path: Path) -> None:
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a ek:Task }", encoding="utf-8")
    r = q(built, str(f))
    assert r.exit_code == 0 and int(r.output.splitlines()[2]) >= 19
    r = CliRunner().invoke(main, ["query", "--graph", str(tmp_path / "none.ttl"), "-e", "ASK {}"])
    assert r.exit_code == 1 and "no graph file there" in r.output
