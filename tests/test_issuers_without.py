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


def test_the_same_as_re_sub_with_many_names_of_one_first_character() -> None:
    """Names sharing their first character, some twice in the list, some prefixes of others."""
    rng = random.Random(11)
    tail = "教育局委员会区政府"
    for _ in range(300):
        names = ["市" + "".join(rng.choice(tail) for _ in range(rng.randint(0, 5))) for _ in range(30)]
        line = "".join(rng.choice(["、", "，", rng.choice(names), "市", rng.choice(tail)]) for _ in range(60))
        assert _without(line, names) == re.sub("|".join(map(re.escape, names)), "", line)
