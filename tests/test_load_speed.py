"""The speed-ups of reading and resolving give what the straightforward code gives (see issue 19)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from graph.ingest import segment
from graph.knowledge import romanised
from graph.knowledge.registry import Home, alias_entry, alias_index, by_id, entries, with_id


def test_romanised_table_is_pypinyin() -> None:
    """Every name of the table reads as pypinyin reads it (the table is a cache of pypinyin, not a
    second source), and it covers the homes' names: cities, provinces less their suffixes, counties."""
    table = romanised._table()
    assert len(table) > 5000
    for name in ("无锡", "重庆", "乌鲁木齐", "广西", "沙依巴克"):
        assert table[name] == romanised.read_aloud(name)
    assert all(table[name] == romanised.read_aloud(name) for name in romanised.names())
    assert romanised.romanise("潮州") == "Chaozhou"
    assert romanised.romanise("某某某") == romanised.read_aloud("某某某")  # not listed: pypinyin


def test_registry_without_importing_pypinyin() -> None:
    """A home of the table fills its templates without the ~0.15 s import of pypinyin."""
    code = (
        "import sys; from graph.knowledge.registry import Home, entries;"
        "en = {e.id: e.label_en for e in entries(Home('潮州市', '广东省'))};"
        "assert en['chaozhou-government'] == 'Chaozhou Municipal Government', en;"
        "print('pypinyin' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "home",
    [Home("吉林市", "吉林省"), Home("无锡市", "江苏省"), Home(), Home("乌鲁木齐市", "新疆维吾尔自治区")],
)
def test_by_id_is_the_grouping_of_entries(home: Home) -> None:
    """by_id shares the national list's part between homes: the same dict, in the same order, as grouping
    every entry by id."""
    grouped: dict[str, list] = {}
    for e in entries(home):
        grouped.setdefault(e.id, []).append(e)
    want = {k: tuple(v) for k, v in grouped.items()}
    got = by_id(home)
    assert list(got.items()) == list(want.items())


@pytest.mark.parametrize(
    "home",
    [
        Home("吉林市", "吉林省"),
        Home("无锡市", "江苏省"),
        Home(),
        Home("乌鲁木齐市", "新疆维吾尔自治区", "沙依巴克区"),
        Home("辽阳市", "辽宁省", "灯塔市"),
        Home("南京市", "江苏省", "鼓楼区"),
    ],
)
def test_lookups_without_the_merged_indexes(home: Home) -> None:
    """with_id and alias_entry answer what by_id and alias_index answer, for every id and form (and one
    that is none)."""
    ids = by_id(home)
    assert len(ids) > 1000  # the home's entries and the national list's
    for rid in [*ids, "no-such-id"]:
        assert with_id(home, rid) == ids.get(rid, ())
    index = alias_index(home)
    for form in [*index, "无此名称"]:
        assert alias_entry(home, form) is index.get(form)


@pytest.mark.parametrize(
    "title, text",
    [
        ("关于 做好 工作", "前言\n关于做\n好工作的通知\n关于做好工作"),
        ("关于做好工作", "关于做好工作"),
        ("ab", "a b ab"),
        ("ab", "aab"),
        ("关于做好", "无关"),
        ("a", "bba"),
    ],
)
def test_title_span_is_the_regex_span(title: str, text: str) -> None:
    from graph.extract.structure import _written

    chars = re.sub(r"\s+", "", title)
    found = re.search(r"\s*".join(re.escape(c) for c in chars), text)
    assert _written(chars, text) == ((found.start(), found.end()) if found else None)


def test_wrapped_measures_only_what_can_decide() -> None:
    """A layout of short lines of one width is wrapped, with that width; long paragraphs are not."""
    lines = ["一二三四五六七八九十一二三四五六七八九十"] * 9 + ["short line"]
    assert segment._is_wrapped(lines) == (True, 40)
    assert segment._is_wrapped(["一二三四五六七八九十" * 5] * 9) == (False, 0)
    assert segment._is_wrapped(["一二三四五六七八九十一二三四五六七八九十。"] * 9) == (False, 0)
