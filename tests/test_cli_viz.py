from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph.cli import main


def test_viz_focus_writes_the_neighbourhood(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "jiangnan.html"
    r = CliRunner().invoke(
        main,
        [
            "viz",
            "--graph",
            str(built / "edukg.ttl"),
            "--focus",
            "江南大学",
            "--depth",
            "2",
            "--out",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"wrote {out}: ") and r.output.count("\n") == 1
    assert "江南大学" in out.read_text(encoding="utf-8")


def test_viz_cap_says_what_was_left_out(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    r = CliRunner().invoke(
        main,
        ["viz", "--graph", str(built / "edukg.ttl"), "--doc", "002", "--max-nodes", "20", "--out", str(out)],
    )
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith(f"wrote {out}: 20 nodes, ")
    assert lines[1].startswith("Showing 20 of ") and "left out by --max-nodes (" in lines[1]
    assert lines[1] in out.read_text(encoding="utf-8")


def test_viz_unknown_focus_is_one_line(built: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        main,
        [
            "viz",
            "--graph",
            str(built / "edukg.ttl"),
            "--focus",
            "火星大学",
            "--out",
            str(tmp_path / "x.html"),
        ],
    )
    assert r.exit_code == 1
    assert (
        r.output == "Error: no entity named 火星大学; try edukg stats --central or a label from the graph\n"
    )
    assert not (tmp_path / "x.html").exists()


def test_viz_unknown_class_is_one_line(built: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        main,
        [
            "viz",
            "--graph",
            str(built / "edukg.ttl"),
            "--type",
            "Spaceship",
            "--out",
            str(tmp_path / "x.html"),
        ],
    )
    assert r.exit_code == 1 and r.output.startswith("Error: unknown class 'Spaceship'; choose from ")


def test_stats_central_still_uses_the_projection(built: Path) -> None:
    r = CliRunner().invoke(main, ["stats", "--graph", str(built / "edukg.ttl"), "--central", "3"])
    assert r.exit_code == 0, r.output
    tail = r.output.splitlines()[-4:]
    assert tail[0] == "most connected:" and all("(" in line for line in tail[1:])


def test_viz_focus_stops_at_places_unless_through_hubs(built: Path, tmp_path: Path) -> None:
    counts = []
    for extra in ([], ["--through-hubs"]):
        out = tmp_path / f"f{len(extra)}.html"
        args = [
            "viz",
            "--graph",
            str(built / "edukg.ttl"),
            "--focus",
            "无锡学院",  # located in 无锡 by its name: a hub the focus stops at
            "--depth",
            "2",
            "--out",
            str(out),
        ]
        r = CliRunner().invoke(main, args + extra)
        assert r.exit_code == 0, r.output
        counts.append(int(r.output.split(": ", 1)[1].split(" nodes")[0]))
    assert counts[0] < 20 < counts[1]  # through 无锡, every Wuxi institution joins
