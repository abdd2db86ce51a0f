"""The interval lookups decide as the nested loops they replace (graph/extract/intervals.py)."""

from __future__ import annotations

import random

import pytest

from graph.extract.intervals import first_containing, first_inside


def _intervals(rng: random.Random, n: int, span: int) -> list[tuple[int, int, int]]:
    out = []
    for k in range(n):
        s = rng.randrange(span)
        out.append((s, s + rng.choice([0, 1, 2, 5, 20, span]), k))  # empty, nested, overlapping, all
    return out


@pytest.mark.parametrize("seed", range(40))
def test_first_containing_equals_the_loop(seed: int) -> None:
    rng = random.Random(seed)
    span = rng.choice([5, 30, 200])
    intervals = _intervals(rng, rng.randrange(0, 60), span)
    points = [rng.randrange(-2, span + 3) for _ in range(rng.randrange(0, 80))]
    loop = [next((v for s, e, v in intervals if s <= p < e), None) for p in points]
    assert first_containing(intervals, points) == loop


@pytest.mark.parametrize("seed", range(40))
def test_first_inside_equals_the_loop(seed: int) -> None:
    rng = random.Random(seed)
    span = rng.choice([5, 30, 200])
    items = [rng.randrange(span) for _ in range(rng.randrange(0, 80))]  # repeated keys too
    tagged = list(enumerate(items))  # (list position, key): equal keys stay apart
    bounds = [(s, s + rng.choice([0, 1, 3, 10, span])) for s in (rng.randrange(span) for _ in range(30))]
    loop = [next((x for x in tagged if s <= x[1] < e), None) for s, e in bounds]
    assert first_inside(bounds, tagged, key=lambda x: x[1]) == loop
