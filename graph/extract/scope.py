"""Rules structure.scope and structure.topic: which goal a program or plan named in the text supports.

- structure.scope: a program or plan named inside a section (or inside one of its enumerations, named items
  or second-level headings) supports the innermost of their Goals, unless that heading frames the standing
  state or the past (基本情况, 发展基础, 工作回顾): what is named there was done before.
- structure.topic: under a summary list of goals with no headings in the body, a program supports the goal
  whose words its paragraph shares most.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from graph.core.model import Mention, Relation, Segment
from graph.extract.context import Context
from graph.extract.intervals import first_containing, first_inside
from graph.extract.structure import text_lines
from graph.knowledge.words import pattern, words

TOPIC_STOP = frozenset(words("structure", "topic_stop"))
FRAME_HEAD = re.compile(pattern("structure", "frame_head"))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} - TOPIC_STOP


def _topic_spans(ctx: Context, listed: list[Mention]) -> list[tuple[int, int, Mention]]:
    """A summary list of goals (实施全面育人行动 / 完善立德树人落实机制 …) with no headings in the body:
    each body paragraph before the list goes to the goal whose words (label and subtitle) it shares most,
    a word it repeats counting for up to two (a paragraph on 安全 that names it five times); a paragraph
    that shares too few continues the goal of the paragraph before it."""
    text = ctx.doc.text
    first = min(g.start for g in listed)
    vocab = [(g, _bigrams(g.name + "".join(v for k, v in g.attrs if k == "alias"))) for g in listed]
    spans: list[tuple[int, int, Mention]] = []
    current: Mention | None = None
    for s, e in text_lines(text):
        if e > first or e - s < 30:
            continue
        block = text[s:e]
        scored = sorted(
            ((sum(min(block.count(w), 2) for w in v if w in block), k) for k, (_, v) in enumerate(vocab)),
            reverse=True,
        )
        best, k = scored[0]
        if best >= 2 and (len(scored) == 1 or scored[1][0] < best):
            current = vocab[k][0]
        if current is not None:
            spans.append((s, e, current))
    return spans


def _start(m: Mention) -> int:
    return m.start


def _enumeration_spans(ctx: Context, heads: list[Mention]) -> list[tuple[int, int, Mention]]:
    segs = [seg for seg in ctx.doc.segments if seg.kind == "enumeration"]
    found = first_inside([(seg.start, seg.end) for seg in segs], heads, _start)
    return [(seg.start, seg.end, head) for seg, head in zip(segs, found, strict=True) if head is not None]


def _item_spans(ctx: Context, items: list[Mention]) -> list[tuple[int, int, Mention]]:
    """A named item's paragraph: from its title to the end of its line."""
    text = ctx.doc.text
    spans = []
    for m in items:
        end = text.find("\n", m.start)
        spans.append((m.start, end if end >= 0 else len(text), m))
    return spans


def _subsection_spans(
    ctx: Context, mentions: list[Mention], sections: list[Segment]
) -> list[tuple[int, int, Mention]]:
    """A second-level heading's text: from it to the next heading of either level."""
    subs = sorted((m for m in mentions if m.rule == "structure.subsection"), key=_start)
    bounds = sorted([m.start for m in subs] + [seg.start for seg in sections] + [len(ctx.doc.text)])
    return [(m.end, bounds[bisect_right(bounds, m.start)], m) for m in subs]


def link_scope(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    """Programs, plans and events named inside a section support the section's goal; in a body without
    headings under a summary list of goals, the goal of their paragraph's topic (structure.topic)."""
    goals = [m for m in mentions if m.type == "Goal" and m.rule in ("structure.section", "structure.heading")]
    listed = [m for m in mentions if m.type == "Goal" and m.rule == "structure.list"]
    inner = _enumeration_spans(ctx, [m for m in mentions if m.rule == "structure.enumeration"])
    inner += _item_spans(ctx, [m for m in mentions if m.rule == "structure.named-item"])
    if not goals and listed:
        named = [m for m in mentions if m.type in ("Program", "ActionPlan", "Event")]
        for m, topic in zip(
            named, first_containing(_topic_spans(ctx, listed), [m.start for m in named]), strict=True
        ):
            if topic is not None:
                yield Relation(m, "supports", topic, "structure.topic", m.start, m.end)
        return
    if not goals:
        return
    sections = [s for s in ctx.doc.segments if s.kind == "section"]
    spans: list[tuple[int, int, Mention]] = []
    if sections:
        found = first_inside([(seg.start, seg.end) for seg in sections], goals, _start)
        for k, (seg, goal) in enumerate(zip(sections, found, strict=True)):
            end = sections[k + 1].start if k + 1 < len(sections) else len(ctx.doc.text)
            if goal is not None:
                spans.append((seg.end, end, goal))
    else:
        ordered = sorted(goals, key=lambda g: g.start)
        for k, goal in enumerate(ordered):
            end = ordered[k + 1].start if k + 1 < len(ordered) else len(ctx.doc.text)
            spans.append((goal.end, end, goal))
    spans = _subsection_spans(ctx, mentions, sections) + spans
    initiatives = [m for m in mentions if m.type in ("Program", "ActionPlan")]
    # the innermost goal first
    for m, goal in zip(
        initiatives, first_containing([*inner, *spans], [m.start for m in initiatives]), strict=True
    ):
        if goal is not None and not FRAME_HEAD.search(goal.name):
            yield Relation(m, "supports", goal, "structure.scope", m.start, m.end)
