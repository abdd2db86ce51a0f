"""Nothing lost: a bad document is skipped and said so (or fails --strict), and a build that fails,
even half-way through writing, leaves the previous output as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from makers import snapshot

from graph import outputs, pipeline
from graph.cli import main
from graph.core.errors import OutputError

GOOD = "2021年无锡市教育工作要点\n一、总体要求\n1．推进江南大学宜兴校区建设。新建学校24所。\n"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    return folder


@pytest.fixture
def out(built: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    shutil.copytree(built, folder)
    return folder


def test_a_bad_document_is_skipped_on_stderr_and_the_rest_built(seeds: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    assert r.stderr == f"Skipped: {seeds / 'bad.txt'}: the file is empty; give a text document with content\n"
    assert r.stdout.splitlines()[0] == "documents: 1 (1 skipped)"
    assert "江南大学" in (tmp_path / "o" / "edukg.ttl").read_text(encoding="utf-8")


def test_a_document_in_a_format_without_reader_is_skipped(seeds: Path, tmp_path: Path) -> None:
    (seeds / "bad.txt").unlink()
    (seeds / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    r = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith(
        f"Skipped: {seeds / 'plan.doc'}: unsupported format '.doc'; save it as .txt, .md"
    )
    assert r.stdout.splitlines()[0] == "documents: 1 (1 skipped)"


def test_strict_fails_on_the_first_bad_document(seeds: Path, out: Path) -> None:
    before = snapshot(out)
    r = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(out), "--strict"])
    assert r.exit_code == 1
    assert r.output == f"Error: {seeds / 'bad.txt'}: the file is empty; give a text document with content\n"
    assert snapshot(out) == before


def test_a_failure_while_computing_writes_nothing(
    seeds: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "build_graph", boom)
    before = snapshot(out)
    r = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(out)])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == (
        "Error: unexpected RuntimeError: disk on fire; rerun with `edukg --debug ...` for the traceback"
    )
    assert snapshot(out) == before


def test_a_failure_half_way_through_writing_leaves_every_file(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out)
    real = outputs.tempfile.mkstemp
    calls: list[int] = []

    def second_fails(*args: object, **kwargs: object) -> tuple[int, str]:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(out / "edukg.html"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs.tempfile, "mkstemp", second_fails)
    with pytest.raises(OutputError, match=r"edukg\.html: cannot write"):
        pipeline.write_all({out / "edukg.ttl": "new", out / "edukg.html": "new", out / "index.html": "new"})
    assert snapshot(out) == before  # no file replaced, no temporary file left behind


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["--debug", "build", "--seeds", str(tmp_path / "nope")])
    assert r.exit_code == 1
    assert "no such folder" in str(r.exception)
