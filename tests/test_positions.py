"""Positions found once per text and bisected (graph.extract.positions) give what the searches they
replace give, on random texts built from the words that matter (years, breaks, scope words, titles)."""

from __future__ import annotations

import random

from graph.extract import timing
from graph.extract.positions import last_word, scope_in, years_in

PARTS = ["2024年", "2019年", "12020年", "年", "月", "5", "１", "《", "》", "至", "从", "到", "。", "\n", "，"]
PARTS += ["去年", "上年", "将", "计划", "力争", "到2025年", "下半年", " ", "5月", "由", "提升至"]


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PARTS) for _ in range(rng.randint(0, 16))) for _ in range(n)]


def test_years_in_a_range_are_those_the_year_pattern_finds_there() -> None:
    rng = random.Random(1)
    for text in _texts(4000, 2):
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        want = [(m.start(), m.end(), int(m.group(1))) for m in timing.YEAR.finditer(text, a, b)]
        assert [(f.at, f.stop, f.year) for f in years_in(text, a, b)] == want, (text, a, b)


def test_scope_words_from_a_sentence_start_are_those_the_search_finds() -> None:
    rng = random.Random(3)
    for text in _texts(4000, 4):
        starts = [0] + [i + 1 for i, c in enumerate(text) if c in "。\n"]
        lo = rng.choice(starts)
        hi = rng.randint(lo, len(text))
        for pattern in (timing.FUTURE_SCOPE, timing.PAST_SCOPE):
            assert scope_in(pattern, text, lo, hi) == bool(pattern.search(text, lo, hi)), (text, lo, hi)


def test_the_last_word_before_a_place_is_what_rfind_finds() -> None:
    rng = random.Random(5)
    for text in _texts(4000, 6):
        lo, hi = sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
        for word in ("去年", "年", "将"):
            assert last_word(text, word, lo, hi) == text.rfind(word, lo, hi), (text, word, lo, hi)


def test_opening_dates_in_a_range_are_those_the_pattern_finds_there() -> None:
    from graph.extract.positions import dates_in

    rng = random.Random(7)
    parts = [*PARTS, "2024年5月", "2023年12月", " ", "\u3000", "\n\n", "；", "12", "。 \n 2022年3月"]
    for i in range(8000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 16)))
        if i % 2:  # a range that starts among the blanks before a date
            text = (
                rng.choice(["", "。", "x"]) + "".join(rng.choice(" \n\u3000") for _ in range(4)) + "2021年7月"
            )
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        want = [
            (m.start(), m.end(), m.start(1), int(m.group(1)))
            for m in timing.OPENING_DATE.finditer(text, a, b)
        ]
        got = [(f.at, f.stop, f.year_at, f.year) for f in dates_in(timing.OPENING_DATE, text, a, b)]
        assert got == want, (text, a, b)
