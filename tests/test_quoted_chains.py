"""Runs of quotes side by side (graph.extract.quoted): where a run starts and ends, found once per text,
is where walking quote by quote finds it; a long run costs linear time (benchmarks.hostile)."""

from __future__ import annotations

import random

from graph.extract.quoted import _chain_end, _chain_start


def _walk_start(text: str, start: int) -> int:  # the walk as it was, quote by quote
    while start > 0 and (text[start - 1] == "”" or text[start - 2 : start] in ("”、", "”和")):
        opening = text.rfind("“", max(0, start - 26), start - 1)
        if opening < 0:
            break
        start = opening
    return start


def _walk_end(text: str, end: int) -> int:
    while end < len(text) and (text[end] == "“" or text[end : end + 2] in ("、“", "和“")):
        closing = text.find("”", end, end + 28)
        if closing < 0:
            break
        end = closing + 1
    return end


def test_runs_of_quotes_are_found_as_the_walk_finds_them() -> None:
    rng = random.Random(8)
    parts = ["“甲”", "“乙乙”", "、", "和", "字", "”", "“", "“" + "长" * 30 + "”", "解决"]
    checked = 0
    for _ in range(300):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 40)))
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        positions = list(range(len(text) + 1))
        rng.shuffle(positions)  # in any order: the memo of one answer serves the next
        for i in positions:
            assert _chain_start(text, i, starts) == _walk_start(text, i), (text, i)
            assert _chain_end(text, i, ends) == _walk_end(text, i), (text, i)
            checked += 1
    assert checked > 3000
