"""graph.ingest.starts.finditer finds what re's finditer finds, trying a pattern only where a match can start."""

from __future__ import annotations

import re

import pytest

from graph.extract.headings import HEADING
from graph.extract.initiatives import DESIGNATION
from graph.extract.positions import YEAR_AT
from graph.extract.structure import INLINE_SECTION
from graph.extract.timing import FUTURE_SCOPE, PAST_SCOPE
from graph.ingest.segment import DEBRIS, NUMBER_SPACES
from graph.ingest.starts import _heads, finditer

TEXTS = [
    "",
    "计划新建学校3所。去年，全区投入资金5000万元，今年还要新建幼儿园2所；到2025年，力争建成10所。",
    "原计划于2024年开工，规划新建中学1所，争取资金200万元\n要看到成绩，还要确保按期完工。",
    "[bookmark: _Hlk1]正文\u200b内容 8316 万元，[image: a.png]文字",
    "将全区学校划分为6个片区，将于下半年启用；目标是新增学位2000个",
    "一、总体要求\n（一）指导思想。2021年创建示范校3所。 二、主要任务 创建智慧校园，发展县（市、区）",
]


@pytest.mark.parametrize(
    "pattern",
    [FUTURE_SCOPE, PAST_SCOPE, DEBRIS, NUMBER_SPACES, HEADING, DESIGNATION, INLINE_SECTION, YEAR_AT],
)
def test_the_same_matches_as_finditer(pattern: re.Pattern[str]) -> None:
    assert _heads(pattern) is not None  # the patterns a build scans whole texts with tell their heads
    for text in TEXTS:
        assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_heads_of_a_pattern_opening_with_a_break() -> None:
    # the break is written behind the heads: a head after no break is not tried
    heads = _heads(re.compile(r"(?:^|(?<=[，。]))(?:去年|上年)"))
    assert heads is not None and heads.pattern == "[上去](?<=(?:^|(?<=[，。]))[上去])"
    assert [m.start() for m in heads.finditer("去年，上年；上年")] == [0, 3]
    year = _heads(re.compile(r"(?<!\d)((?:19|20)\d{2})年"))
    assert year is not None and year.pattern == r"[12](?<=(?<![\d])[12])"
    assert _heads(re.compile(r"(?<![^，])去年")).pattern == "[去]"  # a negated class is not written again


@pytest.mark.parametrize(
    "regex",
    [
        r"(?:^|(?<=[，,。；;\n]))(?:去年|上年)",
        r"(?m)(?:^|(?<=[\s。]))[（(]一[)）]",
        r"(?<![\d.])[12]\d年",
        r"\A(?=\d)1年",
    ],
)
def test_breaks_written_before_the_heads_keep_every_match(regex: str) -> None:
    import random

    pattern = re.compile(regex)
    rnd = random.Random(3)
    for _ in range(3000):
        text = "".join(rnd.choice("去上年，,。；\n (（一)）12.0x") for _ in range(rnd.randint(0, 20)))
        assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "regex",
    [r"\s*年", r"[^，]*年", r"(?:去年)?", r".年", r"[^，]年", r"[一-鿿]{2}区", r"x*"],
)
def test_no_heads_when_a_match_may_start_anywhere_or_be_empty(regex: str) -> None:
    pattern = re.compile(regex)
    assert _heads(pattern) is None
    text = "去年全区新建学校，今年x年"
    assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_heads_may_hold_a_category() -> None:
    from graph.extract.timing import OPENING_DATE

    assert _heads(re.compile(r"\s*年")) is None  # no break: every space would be tried
    heads = _heads(re.compile(r"(?<=。)\s*年"))
    assert heads is not None and heads.pattern == r"[\s年](?<=(?<=。)[\s年])"
    for text in (*TEXTS, "2021年3月，\n 2022年5月。 2023年6月", "  2020年1月"):
        assert [m.span() for m in finditer(OPENING_DATE, text)] == [
            m.span() for m in OPENING_DATE.finditer(text)
        ]


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


def test_anchors_of_patterns_that_open_with_a_run_of_any_characters() -> None:
    """A pattern opening with a run of any Chinese characters tells no heads, but an anchor: a character
    every match holds a few characters after its start (and the one after it, when one character wide)."""
    from graph.extract.zones import COUNTY_LIST, TOWN
    from graph.ingest.starts import _anchor

    county = _anchor(COUNTY_LIST)
    town = _anchor(TOWN)
    assert (
        county is not None
        and county[1:] == (1, 3)
        and county[0].match("县和")
        and not county[0].match("县。")
    )
    assert town is not None and town[1:] == (2, 3) and town[0].match("镇") and not town[0].match("县")
    zone = _anchor(re.compile(r"(?<=，)([\u4e00-\u9fff]{2,4}?)(新区|开发区)"))
    assert zone is not None and zone[1:] == (2, 4) and zone[0].match("开发区") and not zone[0].match("开放")
    assert _anchor(re.compile(r"[\u4e00-\u9fff]{9}镇")) is None  # too far from the start
    assert _anchor(re.compile("镇", re.IGNORECASE)) is None


@pytest.mark.parametrize(
    "regex",
    [
        r"(?:[\u4e00-\u9fff]{1,3}(?:区|县|市)[、和及与]){2,}[\u4e00-\u9fff]{1,3}(?:区|县|市)",
        r"([\u4e00-\u9fff]{2,3}?)(镇|乡|街道)(?![\u4e00-\u9fff]{0,1}(?:政府|中学))",
        r"(?<=[，。])[\u4e00-\u9fff]{0,2}(?:新区|开发区)",
        r"(?:^|(?<=\n))[\u4e00-\u9fff]?镇",
    ],
)
def test_anchored_scans_find_what_finditer_finds(regex: str) -> None:
    import random

    pattern = re.compile(regex, re.M)
    rnd = random.Random(7)
    alphabet = "区县市、和及与镇乡街道新开发中政府学甲乙，。\n"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_last_led_patterns_match_as_the_plain_ones() -> None:
    """A `.*X` pattern with X's first characters looked ahead for finds the same last X."""
    import random

    from graph.ingest.starts import last_led
    from graph.knowledge.words import pattern

    rnd = random.Random(11)
    alphabet = "推进深化实施由自向为民是一二三服务平台在高校好成立了的项目工程到和及2019年12月底\n"
    for plain in (
        re.compile(pattern("initiatives", "inner_cut")),
        re.compile(pattern("institutions", "cut")),
    ):
        led = last_led(plain)
        assert led.pattern != plain.pattern
        for _ in range(5000):
            text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
            end = rnd.randint(0, len(text))
            a, b = plain.match(text, 0, end), led.match(text, 0, end)
            assert (a and a.span()) == (b and b.span())
            a, b = plain.fullmatch(text, 0, end), led.fullmatch(text, 0, end)
            assert (a and a.span()) == (b and b.span())
    assert last_led(re.compile(r".*\d年")).pattern == r".*(?=[\d])\d年"
    assert last_led(re.compile(r".*[^x]年")).pattern == r".*[^x]年"  # a class it cannot tell: unchanged


def test_no_heads_when_re_skips_to_them_itself() -> None:
    """A pattern opening with a character, a class or alternatives of characters is searched by re in C
    from one such character to the next: a loop over its heads would only be slower."""
    for regex in (r"((?:19|20)\d{2})年", r"[一二]中", r"(?:计划|方案)"):
        assert _heads(re.compile(regex)) is None
    assert _heads(re.compile(r"(?:(?:发展|示范)县|示范校)")) is not None  # a group opens an alternative
