"""metadata.is_furniture keeps its answers for the last few long lines only: a corpus of long lines (a
paragraph each, or the whole text on one line) is not held by the cache after it is read."""

from __future__ import annotations

import tracemalloc

from graph.ingest.metadata import is_furniture


def test_long_lines_are_not_held_by_the_cache() -> None:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for k in range(40):
            line = (
                f"第{k}段" + "学校教育发展情况说明，" * 20_000
            )  # 220,000 characters, none of them furniture
            assert not is_furniture(line)
            del line
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 5_000_000, held  # forty such lines are ~17 MB, the four kept ~1.7 MB


def test_the_same_answers_for_short_and_long_lines() -> None:
    line = "来源：某市教育局"
    assert is_furniture(line) and is_furniture(line + " " * 300)
    assert is_furniture("   ") and is_furniture(" " * 400)
    assert not is_furniture("学校教育发展情况说明") and not is_furniture("学校教育发展情况说明" * 40)
