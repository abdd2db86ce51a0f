"""The numbered headings of a document (第一章, 一、, （一）) and the headings over a position (part of rule
family figure.*: a heading says whether the figures under it review the past or plan, and may name their year).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from graph.core.model import Document
from graph.ingest import starts

CN = "一二三四五六七八九十"
HEADING = re.compile(
    rf"(?:^|(?<=[\s。；;]))(?:([{CN}]{{1,3}})、|[（(]([{CN}]{{1,3}})[)）])\s*([^。；;！？!?\n]{{2,40}}?)(?=[。；;！？!?\s]|$)",
    re.M,
)
# a chapter or part over the numbered sections (第一章 发展基础, 第二部分 主要任务): on a line of its own
CHAPTER = re.compile(rf"^\s*第[{CN}]{{1,3}}(?:章|部分|篇)\s*([^。；;！？!?\n]{{2,40}})$", re.M)


@dataclass(frozen=True)
class Heading:
    start: int
    level: int  # 0 for 第一章, 1 for 一、, 2 for （一）
    title: str


def headings(doc: Document) -> tuple[Heading, ...]:
    """The numbered headings of a document (一、 and （一）), inline or on lines of their own."""
    return _headings(doc.text)


@lru_cache(maxsize=64)
def _headings(text: str) -> tuple[Heading, ...]:
    found = [
        Heading(m.start(), 1 if m.group(1) else 2, m.group(3).strip()) for m in starts.finditer(HEADING, text)
    ]
    found += [Heading(m.start(), 0, m.group(1).strip()) for m in CHAPTER.finditer(text)]
    return tuple(sorted(found, key=lambda h: h.start))


def heads_over(doc: Document, pos: int) -> list[Heading]:
    """The headings over a position, innermost first: the last （一） after the last 一、 before it."""
    starts, over = _heads_after(doc.text)
    k = bisect_left(starts, pos)  # the headings starting before pos
    return list(over[k - 1]) if k else []


@lru_cache(maxsize=64)
def _heads_after(text: str) -> tuple[list[int], list[tuple[Heading, ...]]]:
    """The start of each heading and the headings over the text just after it (innermost first)."""
    chapter: Heading | None = None
    outer: Heading | None = None
    inner: Heading | None = None
    starts, over = [], []
    for h in _headings(text):
        if h.level == 0:
            chapter, outer, inner = h, None, None
        elif h.level == 1:
            outer, inner = h, None
        else:
            inner = h
        starts.append(h.start)
        over.append(tuple(x for x in (inner, outer, chapter) if x is not None))
    return starts, over
