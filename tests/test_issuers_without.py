"""issuers._without takes names out of a line as re.sub of their alternation does (no pattern compiled)."""

from __future__ import annotations

import random
import re

from graph.extract.issuers import _without


def test_the_first_name_in_order_wins_at_each_place() -> None:
    line = "市教育局、市财政局关于印发通知"
    assert _without(line, ["市教育局", "市财政局"]) == "、关于印发通知"
    assert _without("市教育局", ["市教育", "市教育局"]) == "局"  # the alternation's order, not the longest


def test_the_same_as_re_sub_on_random_lines() -> None:
    rng = random.Random(7)
    alphabet = "市教育局委员会区政府、， 和"
    for _ in range(3000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        names = [
            "".join(rng.choice(alphabet[:9]) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 4))
        ]
        assert _without(line, names) == re.sub("|".join(map(re.escape, names)), "", line)
