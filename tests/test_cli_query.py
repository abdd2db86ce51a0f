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


def test_list_shows_every_named_query_with_titles_and_params() -> None:
    from graph.sparql import load_named_queries

    r = CliRunner().invoke(main, ["query", "--list"])
    assert r.exit_code == 0
    for name, nq in load_named_queries().items():
        assert f"{name:26} {nq.title_en} / {nq.title_zh}" in r.output
    assert "--param year=…  (year) a year, e.g. 2024 (default: every plan with a period)" in r.output


def test_named_query_with_params(built: Path) -> None:
    r = q(built, "plans-covering-year", "--param", "year=2024", "--format", "tsv")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "plan\ttype\tstartYear\tendYear"
    assert len(lines) > 1
    assert all(int(row.split("\t")[2]) <= 2024 <= int(row.split("\t")[3]) for row in lines[1:])


def test_unknown_query_and_unknown_param_are_one_line_errors(built: Path) -> None:
    r = q(built, "nope")
    assert r.exit_code == 1
    assert r.output == "Error: unknown query 'nope'; `edukg query --list` shows the named queries\n"
    r = q(built, "target")  # a near miss is named
    assert r.output == (
        "Error: unknown query 'target'; did you mean 'targets'? `edukg query --list` shows the named queries\n"
    )
    r = q(built, "SELECT * { ?s ?p ?o }")  # SPARQL text where a name goes
    assert (
        r.output
        == "Error: unknown query 'SELECT * { ?s ?p ?o }'; to run SPARQL text, pass it with -e 'QUERY'\n"
    )
    r = q(built, "targets", "-p", "colour=red")
    assert r.exit_code == 1
    assert r.output == (
        "Error: query 'targets' has no parameter 'colour'; its parameters: year, status, sector, place\n"
    )
    r = q(built, "-e", "SELECT * { ?s ?p ?o }", "-p", "x=1")
    assert r.exit_code == 1
    assert r.output == "Error: unknown parameter 'x' for '-e'; its variables are: o, p, s\n"


def test_rq_file_with_param_header(built: Path, tmp_path: Path) -> None:
    f = tmp_path / "unis.rq"
    f.write_text(
        "# param: name label -- a university\nSELECT ?u WHERE { ?u a ek:University ; rdfs:label ?name }\n",
        encoding="utf-8",
    )
    r = q(built, str(f), "-p", "name=江南大学", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.output == "u\nhttps://w3id.org/edukg/id/university/jiangnan-university\n"
