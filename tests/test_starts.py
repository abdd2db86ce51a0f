"""graph.ingest.starts.finditer finds what re's finditer finds, trying a pattern only where a match can start."""

from __future__ import annotations

import re

import pytest

from graph.extract.timing import FUTURE_SCOPE, PAST_SCOPE
from graph.ingest.segment import DEBRIS, NUMBER_SPACES
from graph.ingest.starts import _heads, finditer

TEXTS = [
    "",
    "计划新建学校3所。去年，全区投入资金5000万元，今年还要新建幼儿园2所；到2025年，力争建成10所。",
    "原计划于2024年开工，规划新建中学1所，争取资金200万元\n要看到成绩，还要确保按期完工。",
    "[bookmark: _Hlk1]正文\u200b内容 8316 万元，[image: a.png]文字",
    "将全区学校划分为6个片区，将于下半年启用；目标是新增学位2000个",
]


@pytest.mark.parametrize("pattern", [FUTURE_SCOPE, PAST_SCOPE, DEBRIS, NUMBER_SPACES])
def test_the_same_matches_as_finditer(pattern: re.Pattern[str]) -> None:
    assert _heads(pattern) is not None  # the patterns a build scans whole texts with tell their heads
    for text in TEXTS:
        assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_heads_of_a_pattern_opening_with_a_break() -> None:
    heads = _heads(re.compile(r"(?:^|(?<=[，。]))(?:去年|上年)"))
    assert heads is not None and heads.pattern == "[上去]"


@pytest.mark.parametrize(
    "regex",
    [r"\s*年", r"(?:去年)?", r".年", r"[^，]年", r"[一-鿿]{2}区", r"x*"],
)
def test_no_heads_when_a_match_may_start_anywhere_or_be_empty(regex: str) -> None:
    pattern = re.compile(regex)
    assert _heads(pattern) is None
    text = "去年全区新建学校，今年x年"
    assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_no_heads_when_case_is_ignored() -> None:
    assert _heads(re.compile("ab", re.IGNORECASE)) is None


def test_a_match_only_at_the_text_start_for_a_caret() -> None:
    pattern = re.compile(r"^计划|(?<=，)计划")
    text = "计划一，计划二。计划三"
    assert [m.start() for m in finditer(pattern, text)] == [0, 4]


@pytest.mark.parametrize("regex", [r"(?i:a)b", r"x|(?i:[a-c])y", r"(?:(?i:q))+z"])
def test_no_heads_when_a_group_ignores_case(regex: str) -> None:
    """A group with its own flags ((?i:…)) may start a match with a letter of the other case: the pattern's
    own flags do not say so."""
    pattern = re.compile(regex)
    text = "Ab ab AB xy Cy by Qz qz"
    assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in pattern.finditer(text)]  # the pattern does match the text
