"""Interval lookups in O((n + m) log n), for recognisers that pair mentions with the spans around them.

Both keep the answer of the obvious nested loop (the first match in list order), which is quadratic on
a document with thousands of headings and mentions."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def first_containing(intervals: Sequence[tuple[int, int, T]], points: Sequence[int]) -> list[T | None]:
    """For each point, the value of the first interval (in list order) with start <= point < end:
    `next((v for s, e, v in intervals if s <= p < e), None)` for every p."""
    order = sorted(range(len(points)), key=points.__getitem__)
    at = [points[i] for i in order]
    skip = list(range(len(at) + 1))  # the next point not yet given a value (path-halving union-find)

    def free(i: int) -> int:
        while skip[i] != i:
            skip[i] = skip[skip[i]]
            i = skip[i]
        return i

    out: list[T | None] = [None] * len(points)
    for s, e, value in intervals:
        i = free(bisect_left(at, s))
        while i < len(at) and at[i] < e:
            out[order[i]] = value
            skip[i] = i + 1
            i = free(i + 1)
    return out


def first_inside(
    bounds: Sequence[tuple[int, int]], items: Sequence[T], key: Callable[[T], int]
) -> list[T | None]:
    """For each (start, end), the first item (in list order) with start <= key(item) < end:
    `next((x for x in items if s <= key(x) < e), None)` for every bound (a sparse table of list
    positions over the items sorted by key)."""
    order = sorted(range(len(items)), key=lambda i: key(items[i]))
    keys = [key(items[i]) for i in order]
    table = [order]
    step = 1
    while 2 * step <= len(order):
        prev = table[-1]
        table.append([min(prev[i], prev[i + step]) for i in range(len(prev) - step)])
        step *= 2
    out: list[T | None] = []
    for s, e in bounds:
        lo, hi = bisect_left(keys, s), bisect_left(keys, e)
        if lo >= hi:
            out.append(None)
            continue
        j = (hi - lo).bit_length() - 1
        out.append(items[min(table[j][lo], table[j][hi - (1 << j)])])
    return out
