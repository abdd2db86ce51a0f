"""When a future word in a figure's clause does not plan the figure (part of rule family figure.*).

- It stands after a count that opens the clause and before another number: 5所新建小学共计划招生22个班 plans
  the 22 classes, not the 5 schools (投资约3亿元规划新建13所: the figure does not open the clause, and is
  planned).
- It is only a half of the year (下半年) and the figure stands in a part reviewing a past year: 一、过去一年
  工作回顾 … 下半年又完成8所 reports what was done.
"""

from __future__ import annotations

import re

from graph.knowledge.words import pattern

FUTURE = re.compile(pattern("figures", "future"))
HALF_YEAR = re.compile(pattern("segments", "half_year"))
COUNT = re.compile(r"\d+(?:\.\d+)?(?![\d.年月日号时])")  # a number that is no date


def not_planning(text: str, clause: tuple[int, int], start: int, end: int, in_review: bool) -> bool:
    """Whether the future words of text[clause] leave the figure text[start:end] unplanned."""
    words = list(FUTURE.finditer(text, clause[0], clause[1]))
    if not words:
        return False
    if in_review and all(HALF_YEAR.match(w.group()) for w in words):
        return True
    if text[clause[0] : start].strip():
        return False  # 投资约3亿元规划新建13所: the figure is in what is planned
    first = words[0]
    return first.start() >= end and COUNT.search(text, first.end(), clause[1]) is not None
