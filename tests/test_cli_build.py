from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main


def test_build_prints_what_it_built(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", "--seeds", str(seeds_copy), "--out", str(out)])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "documents: 5"
    assert lines[1].startswith("entities: ") and "University" in lines[1]
    assert lines[2].startswith("relations: ")
    assert lines[-1].startswith("time: ")
    assert (out / "edukg.ttl").exists() and (out / "edukg.html").exists() and (out / "index.html").exists()
    # the trend pages are counted in one entry, not listed (a large corpus draws hundreds)
    trends = sorted((out / "trends").glob("*.html"))
    assert trends and lines[-2] == (
        f"wrote: {out / 'edukg.ttl'}, {out / 'edukg.html'}, {out / 'index.html'}, {out / 'store'}, "
        f"{out / 'trends'}/ ({len(trends)} page{'s' if len(trends) != 1 else ''})"
    )


def test_build_without_catalog_infers_metadata(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "catalog.yaml").unlink()
    from graph.pipeline import read_documents

    docs = {d.meta.id: d.meta for d in read_documents(seeds_copy)}
    # a notice that prints a document is a document of its own, titled by its own line (the printed one is
    # partOf it); the line of its issuers above it is not its title
    assert docs["002"].title == "关于印发2021年全市教育工作要点的通知"
    assert docs["002"].year == 2021 and docs["002"].date == "2021-03-11"
    assert docs["002"].kind == "work plan"
    assert docs["001"].kind == "mid-year review"
    assert docs["000"].title == "提升无锡教育质量 一大波措施即将实施"
    assert all(m.city == "无锡市" for m in docs.values())


def test_missing_seeds_folder(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["build", "--seeds", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert (
        r.output
        == f"Error: {tmp_path / 'nope'}: no such folder; pass --seeds DIR with the documents to read\n"
    )


def test_every_command_has_help_with_an_example() -> None:
    for name, cmd in main.commands.items():
        r = CliRunner().invoke(main, [name, "--help"])
        assert r.exit_code == 0, name
        assert cmd.help and "Example" in cmd.help, name


def test_installed_console_script_and_module_run() -> None:
    r = subprocess.run(["edukg", "--help"], capture_output=True, text=True, check=False)
    assert r.returncode == 0 and "build" in r.stdout
    r = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, text=True, check=False)
    assert r.returncode == 0 and "query" in r.stdout


def test_the_readme_build_with_relative_folders_twice(tmp_path: Path, monkeypatch) -> None:
    """`edukg build` as the README runs it: seeds/ and output/ relative to the working folder, twice
    (the second build switches its outputs in over the first's)."""
    import shutil

    from click.testing import CliRunner

    from graph.cli import main

    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        r = CliRunner().invoke(main, ["build"])
        assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        "edukg.html",
        "edukg.ttl",
        "index.html",
        "store",
        "trends",
    ]


def test_the_executable_ends_after_a_build_with_its_messages_written(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """`python -m graph build` (as `edukg build`) ends without the interpreter's teardown once the build is
    written: the same messages and exit status; a failing build still fails with its one line."""
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "graph", "build", "--seeds", str(seeds_copy), "--out", str(out), "--no-html"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "documents: 5" and lines[-1].startswith("time: ")
    assert (out / "edukg.ttl").stat().st_size > 0 and (out / "store" / "stamp.json").exists()
    bad = subprocess.run(
        [*cmd[:4], "--seeds", str(tmp_path / "none"), "--out", str(tmp_path / "o2")],
        text=True,
        capture_output=True,
    )
    assert bad.returncode == 1 and bad.stderr.startswith("Error: ") and not bad.stdout
