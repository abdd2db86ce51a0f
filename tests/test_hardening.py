"""Issue 17: a build that hostile or huge input cannot break. Faults injected at every write step leave
OUT as it was; an interrupted build is undone or cleaned up by the next; links, bad bytes and limits are
handled as the README says; the fast overlap dropping decides exactly as the quadratic one did."""

from __future__ import annotations

import errno
import os
import random
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from makers import snapshot

from graph import outputs
from graph.cli import main
from graph.core.model import INSTITUTION_TYPES, DocMeta, Document, Figure, Mention, Segment
from graph.extract import _dedupe_figures, _drop_overlaps
from graph.store import store_is_fresh

GOOD = "2021年无锡市教育工作要点\n一、总体要求\n1．推进江南大学宜兴校区建设。新建学校24所。\n"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.fixture
def out(built: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    shutil.copytree(built, folder)
    return folder


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".edukg-*"))


def no_space(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


# --- fault injection: each write step fails in turn; OUT stays byte for byte as it was -----------------

TEXT_STEPS = {  # a piece of the name of the file staged for each output
    "turtle": "/.edukg-tmp.edukg.ttl.",
    "overview": "/.edukg-tmp.edukg.html.",
    "index": "/.edukg-tmp.index.html.",
}


@pytest.mark.parametrize("step", [*TEXT_STEPS, "store"])
def test_a_failure_at_each_write_step_leaves_out_as_it_was(
    step: str, seeds: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out)
    if step == "store":
        import graph.store

        real_fill = graph.store.fill_store

        def fill(folder: Path, *args: object, **kwargs: object) -> int:
            real_fill(folder, *args, **kwargs)  # type: ignore[arg-type]
            no_space()
            return 0

        monkeypatch.setattr(graph.store, "fill_store", fill)
    else:
        real_write = outputs.write_text

        def write_text(fh, text: str, name: str) -> None:
            if TEXT_STEPS[step] in name:  # the disk fills up half-way through this file
                fh.write(text[: len(text) // 2])
                no_space()
            real_write(fh, text, name)

        monkeypatch.setattr(outputs, "write_text", write_text)
    r = run("build", "--seeds", str(seeds), "--out", str(out))
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines()[-1].endswith(": cannot write (No space left on device); free some space")
    assert len(r.stderr.splitlines()) == 1
    assert snapshot(out) == before
    assert leftovers(out) == []


def failed_switches(seeds: Path, out: Path, monkeypatch: pytest.MonkeyPatch, step: int) -> Path:
    """Build a copy of OUT with the switch's renames failing at the 1st, 1+step-th … rename in turn:
    each build fails with OUT's copy as it was and no leftovers. The copy a build that did not fail
    wrote, to look at."""
    real = outputs.replace
    calls: list[int] = []
    fail_at = 0

    def counted(src: Path, dst: Path) -> None:
        calls.append(1)
        if len(calls) == fail_at:
            no_space()
        real(src, dst)

    monkeypatch.setattr(outputs, "replace", counted)
    scratch = out.parent / "scratch"
    shutil.copytree(out, scratch)
    assert run("build", "--seeds", str(seeds), "--out", str(scratch)).exit_code == 0
    renames = len(calls)
    assert renames >= 8  # each output moved aside, and its successor moved in
    for fail_at in range(1, renames + 1, step):
        target = out.parent / f"out-{fail_at}"
        shutil.copytree(out, target)  # copy2: the bytes and the modification times
        before = snapshot(target)
        calls.clear()
        r = run("build", "--seeds", str(seeds), "--out", str(target))
        assert r.exit_code == 1, (fail_at, r.output)
        assert snapshot(target) == before, fail_at
        assert leftovers(target) == [], fail_at
    return scratch


def test_a_failure_at_each_rename_of_the_switch_is_rolled_back(
    seeds: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed_switches(seeds, out, monkeypatch, step=2)


def test_an_interrupted_switch_is_undone_by_the_next_build(
    seeds: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out)
    real = outputs.replace
    calls: list[int] = []

    def killed(src: Path, dst: Path) -> None:
        calls.append(1)
        if len(calls) == 5:
            raise SystemExit("killed")  # a kill: nothing after this point runs
        real(src, dst)

    monkeypatch.setattr(outputs, "replace", killed)

    def dies(*_: object) -> None:
        raise SystemExit("killed")  # the process dies before it can put anything back

    monkeypatch.setattr(outputs, "_roll_back", dies)
    with pytest.raises(SystemExit):
        from graph.pipeline import run_build

        run_build(seeds, out)
    assert snapshot(out) != before  # half switched: some outputs new, the old ones in .edukg-old.*
    monkeypatch.undo()
    outputs.recover(out)
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_leftovers_of_an_interrupted_build_are_cleaned_up(seeds: Path, out: Path) -> None:
    (out / ".edukg-tmp.abc").write_text("half a turtle", encoding="utf-8")
    (out / ".store.xyz" / "db").mkdir(parents=True)  # an earlier version's temporary store
    (out / "trends" / ".edukg-tmp.def").write_text("<html>", encoding="utf-8")
    (out / ".edukg-old.q").mkdir()  # a switch with no journal yet: nothing was moved
    (out / "notes.md").write_text("mine", encoding="utf-8")  # not ours: kept
    r = run("build", "--seeds", str(seeds), "--out", str(out))
    assert r.exit_code == 0, r.output
    assert leftovers(out) == []
    assert not (out / ".store.xyz").exists()
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"


def test_the_store_matches_the_turtle_and_has_normal_permissions(seeds: Path, tmp_path: Path) -> None:
    target = tmp_path / "o"
    mask = os.umask(0o022)
    try:
        assert run("build", "--seeds", str(seeds), "--out", str(target)).exit_code == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE((target / "store").stat().st_mode) == 0o755
    assert stat.S_IMODE((target / "edukg.ttl").stat().st_mode) == 0o644
    assert store_is_fresh(target / "edukg.ttl")
    with open(target / "edukg.ttl", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert not store_is_fresh(target / "edukg.ttl")  # the stamp sees the change: the Turtle is read


# --- input handling ---------------------------------------------------------------------------------


def test_a_few_bad_bytes_are_replaced_and_reported_by_offset(seeds: Path, tmp_path: Path) -> None:
    data = GOOD.encode("utf-8")
    at = data.index("新建".encode())
    (seeds / "good.txt").write_bytes(data[:at] + b"\xff" + data[at:])
    r = run("build", "--seeds", str(seeds), "--out", str(tmp_path / "o"))
    assert r.exit_code == 0, r.output
    assert r.stderr == (
        f"Warning: {seeds / 'good.txt'}: 1 invalid UTF-8 byte at byte offset {at}, read as U+FFFD; "
        "re-save the file as UTF-8 to fix it\n"
    )
    ttl = (tmp_path / "o" / "edukg.ttl").read_text(encoding="utf-8")
    assert "江南大学" in ttl and "\ufffd新建学校" in ttl  # the quote keeps the replacement in its place


def test_links_are_followed_to_files_and_broken_ones_skipped(seeds: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text(GOOD.replace("江南大学", "南京大学"), encoding="utf-8")
    (seeds / "linked.txt").symlink_to(elsewhere)
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    r = run("build", "--seeds", str(seeds), "--out", str(tmp_path / "o"))
    assert r.exit_code == 0, r.output
    assert r.stderr == (
        f"Skipped: {seeds / 'loop.txt'}: a symbolic link that loops; point it at a file or remove it\n"
    )
    assert r.stdout.splitlines()[0] == "documents: 2 (1 skipped)"
    assert "南京大学" in (tmp_path / "o" / "edukg.ttl").read_text(encoding="utf-8")


def test_an_output_folder_inside_the_seeds_is_not_read(seeds: Path) -> None:
    for _ in range(2):
        r = run("build", "--seeds", str(seeds), "--out", str(seeds / "output"))
        assert r.exit_code == 0, r.output
        assert r.stdout.splitlines()[0] == "documents: 1"


def test_a_limit_is_lifted_by_its_variable(seeds: Path, tmp_path: Path) -> None:
    line = "工作稳步推进，" * 30_000  # 210,000 characters on one line
    (seeds / "long.txt").write_text("2021年无锡市教育工作要点\n" + line, encoding="utf-8")
    r = run("build", "--seeds", str(seeds), "--out", str(tmp_path / "o"), "--strict")
    assert r.exit_code == 1
    assert r.stderr.endswith(
        "its longest line is 210,000 characters, over the limit of 200,000 characters; split it, "
        "or set EDUKG_MAX_LINE=420000 to read it\n"
    )
    r = run("build", "--seeds", str(seeds), "--out", str(tmp_path / "o"), env={"EDUKG_MAX_LINE": "420000"})
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "documents: 2"
    r = run("build", "--seeds", str(seeds), "--out", str(tmp_path / "o"), env={"EDUKG_MAX_LINE": "lots"})
    assert r.exit_code == 1
    assert r.stderr == "Error: EDUKG_MAX_LINE='lots': give a positive whole number of characters\n"


# --- the fast overlap dropping decides as the quadratic one did ------------------------------------------


def _drop_overlaps_reference(mentions: list[Mention]) -> list[Mention]:
    """The O(n^2) original, kept here as the specification."""
    strong = [m for m in mentions if m.rule in ("title.book", "names.registry")]
    headings = [m for m in mentions if m.rule in ("structure.list", "structure.heading", "structure.section")]
    named = [m for m in mentions if m.type in INSTITUTION_TYPES and m.type != "Campus"]
    out = []
    for m in mentions:
        if m.rule == "names.gazetteer" and any(
            n.start <= m.start and m.end <= n.end and n.end - n.start > m.end - m.start for n in named
        ):
            continue
        if m.rule.startswith(("institution.", "initiative.", "quoted.")):
            inside = any(
                (s.rule == "title.book" and s.start <= m.start and m.end <= s.end)
                or (
                    s.rule == "names.registry"
                    and (
                        s.start < m.start < s.end < m.end
                        or m.start < s.start < m.end < s.end
                        or (s.start <= m.start and m.end <= s.end and (s.start, s.end) != (m.start, m.end))
                    )
                )
                for s in strong
            )
            if inside or any(h.start <= m.start and m.end <= h.end for h in headings):
                continue
        out.append(m)
    return out


RULES = [
    ("title.book", "PolicyDocument"),
    ("names.registry", "University"),
    ("names.registry", "Program"),
    ("structure.heading", "Task"),
    ("structure.section", "Goal"),
    ("names.gazetteer", "Place"),
    ("institution.suffix", "School"),
    ("institution.suffix", "Campus"),
    ("initiative.suffix", "Program"),
    ("quoted.name", "Program"),
    ("figures.x", "Event"),
]


def _random_mentions(rng: random.Random, n: int, span: int) -> list[Mention]:
    out = []
    for _ in range(n):
        start = rng.randrange(span)
        end = start + rng.choice([1, 2, 3, 4, 6, 10, 30])
        rule, type_ = rng.choice(RULES)
        out.append(Mention("d", start, end, "x", type_, rule, "x"))
    return out


@pytest.mark.parametrize("seed", range(30))
def test_fast_overlap_dropping_equals_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    mentions = _random_mentions(rng, rng.randrange(1, 120), rng.choice([20, 60, 300]))
    assert _drop_overlaps(mentions) == _drop_overlaps_reference(mentions)


@pytest.mark.parametrize("seed", range(20))
def test_fast_figure_dedupe_equals_the_reference(seed: int) -> None:
    from decimal import Decimal

    rng = random.Random(seed)
    figs = []
    for _ in range(rng.randrange(1, 60)):
        s = rng.randrange(100)
        figs.append(Figure("d", s, s + rng.randrange(1, 8), Decimal(1), "所", "=", "i", "planned", None, "r"))
    seen: set[tuple[int, int]] = set()
    ref = []
    for f in sorted(figs, key=lambda f: (f.start, -f.end)):
        if any(s <= f.start < e for s, e in seen):
            continue
        seen.add((f.start, f.end))
        ref.append(f)
    assert _dedupe_figures(figs) == ref


@pytest.mark.parametrize("seed", range(10))
def test_segment_lookup_equals_a_scan(seed: int) -> None:
    rng = random.Random(seed)
    segs = []
    pos = 0
    for _ in range(50):
        kind = rng.choice(["sentence", "item", "paragraph"])
        start = pos + rng.randrange(3)
        segs.append(Segment(kind, start, start + rng.randrange(0, 9)))
        pos = start + rng.randrange(0, 6)  # overlapping now and then: the scan decides then
    doc = Document(DocMeta("d", "d.txt", "t"), "x", "x", (0,), tuple(segs))
    scan: Callable[[int, str], Segment | None] = lambda p, k: next(  # noqa: E731
        (s for s in reversed(segs) if s.kind == k and s.start <= p < s.end), None
    )
    for p in range(pos + 10):
        for kind in ("sentence", "item", "paragraph", "section"):
            assert doc.segment_at(p, kind) == scan(p, kind)


def test_the_trend_pages_of_an_earlier_build_do_not_stay(seeds: Path, out: Path) -> None:
    assert len(list((out / "trends").glob("*.html"))) >= 3  # the seeds' indicators with two points or more
    r = run("build", "--seeds", str(seeds), "--out", str(out))
    assert r.exit_code == 0, r.output
    assert list((out / "trends").iterdir()) == []  # one figure draws no trend: the old pages are gone


def _old_views(out: Path, extra: str | None = None) -> Path:
    views = out / "views"
    (views / "doc").mkdir(parents=True)
    (views / "002.html").write_text("<html>an earlier version's page</html>", encoding="utf-8")
    (views / "doc" / "003.html").write_text("<html>another</html>", encoding="utf-8")
    if extra:
        (views / extra).write_text("the user's own notes", encoding="utf-8")
    return views


def test_a_build_with_views_takes_away_the_views_folder_of_earlier_versions(seeds: Path, out: Path) -> None:
    views = _old_views(out)
    assert run("build", "--seeds", str(seeds), "--out", str(out)).exit_code == 0
    assert not views.exists()
    assert (out / "edukg.html").is_file()
    assert leftovers(out) == []


def test_a_views_folder_with_anything_but_pages_or_a_build_without_views_leaves_it(
    seeds: Path, out: Path
) -> None:
    views = _old_views(out, extra="notes.txt")
    assert run("build", "--seeds", str(seeds), "--out", str(out)).exit_code == 0
    assert (views / "notes.txt").is_file() and (views / "002.html").is_file()
    (views / "notes.txt").unlink()
    assert run("build", "--seeds", str(seeds), "--out", str(out), "--no-html").exit_code == 0
    assert (views / "002.html").is_file() and (views / "doc" / "003.html").is_file()


def test_the_old_views_folder_is_put_back_when_the_switch_fails(
    seeds: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_views(out)
    built = failed_switches(seeds, out, monkeypatch, step=1)
    assert not (built / "views").exists()
