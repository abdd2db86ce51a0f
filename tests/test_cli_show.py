from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main

FIXTURE = str(Path(__file__).parent / "data" / "fixture.ttl")


def show(*args: str):
    return CliRunner().invoke(main, ["show", "--graph", FIXTURE, *args])


CARD = """甲大学  (University)
  iri:      <https://w3id.org/edukg/id/university/u1>
  labels:   甲大学@zh; Jia University@en
  aliases:  甲大
relations (3):
  locatedIn ->     甲市 (Place)  <https://w3id.org/edukg/id/place/p1>
  <- partOf        甲大学东校区 (Campus)  <https://w3id.org/edukg/id/campus/c1>
      [D2 0-6] 甲大学东校区
  <- partOf        甲大学乙学院 (College)  <https://w3id.org/edukg/id/college/k1>
documents (2):
  D1  2021年教育工作要点
  D2  2023年教育工作要点
quotes (2):
  [D1 0-3] 甲大学  (names.registry)
  [D2 0-3] 甲大学  (names.registry)
"""


def test_card_by_label_alias_english_and_iri() -> None:
    for name in (
        "甲大学",
        "甲大",
        "jia university",
        "ekid:university/u1",
        "https://w3id.org/edukg/id/university/u1",
    ):
        r = show(name)
        assert r.exit_code == 0, (name, r.output)
        assert r.output == CARD, name


def test_card_shows_figures_of_a_program_and_an_indicator() -> None:
    r = show("强师计划")
    assert r.exit_code == 0
    assert (
        "  supports ->      教育强市三年行动计划 (ActionPlan)  <https://w3id.org/edukg/id/plan/a1>\n"
        in r.output
    )
    assert "  sector ->        教师队伍 (Sector)  <https://w3id.org/edukg/id/sector/teachers>\n" in r.output
    assert "figures (1):\n  2025  planned  骨干教师占比 >= 30%\n      [D2 30-33] 30%\n" in r.output
    r = show("骨干教师占比")
    assert "figures (2):" in r.output and "2021  achieved 骨干教师占比 = 25%" in r.output


def test_card_as_json() -> None:
    r = show("丙学院", "--format", "json")
    data = json.loads(r.output)
    assert data["types"] == ["University"]
    (link,) = data["links"]
    assert link["relation"] == "renamedTo" and link["label"] == "丙大学"
    assert link["evidence"][0]["quote"] == "丙学院更名为丙大学"
    assert link["evidence"][0]["start"] == 40 and link["evidence"][0]["document"] == "D2"


def test_ambiguous_name_lists_candidates_and_exits_1() -> None:
    r = show("大学")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        "丙大学\tUniversity\t<https://w3id.org/edukg/id/university/u3>",
        "甲大学\tUniversity\t<https://w3id.org/edukg/id/university/u1>",
        "甲大学东校区\tCampus\t<https://w3id.org/edukg/id/campus/c1>",
        "甲大学乙学院\tCollege\t<https://w3id.org/edukg/id/college/k1>",
    ]
    assert r.stderr == (
        "Error: '大学' matches 4 entities; run `edukg show '<IRI>'` with one of the IRIs above\n"
    )


def test_unknown_name_is_one_line_error() -> None:
    r = show("乙大学")
    assert r.exit_code == 1
    assert r.output == (
        "Error: no entity named '乙大学'; try a shorter part of the name, or `edukg query provenance`\n"
    )


def test_show_on_the_seeds(built: Path) -> None:
    r = CliRunner().invoke(main, ["show", "--graph", str(built / "edukg.ttl"), "江南大学"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("江南大学  (University)\n")
    assert "<- partOf" in r.output and "quotes (" in r.output
