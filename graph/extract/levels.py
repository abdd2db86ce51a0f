"""Initiatives named by levels (rule ids initiative.levels and initiative.event).

- 国家、省教学成果奖 names two programs, 国家教学成果奖 and 省教学成果奖 (initiative.levels).
- 全国、全省教育工作会议 names the yearly meeting of each whole level (initiative.event): 全国教育工作会议, and
  吉林省教育工作会议 (alias 全省教育工作会议) in a document of 吉林省.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention
from graph.extract.context import Context
from graph.extract.lexicon import LEVELS, is_generic_initiative, scan_left, trim_lead
from graph.knowledge.words import entry, pattern, words

WHOLE_LEVELS = tuple(words("initiatives", "whole_levels"))
PARTICLE_CUT = re.compile(pattern("initiatives", "particle_cut"))
WHOLE_LEVEL = re.compile("全[" + str(entry("initiatives", "whole_level_heads")) + "]")  # 全市, 全区


def whole_meetings(ctx: Context, s: int, e: int, suffix: str) -> Iterator[Mention]:
    """The yearly meeting of a whole level on a field (全国、全省教育工作会议): an Event for each level
    listed, 全省 named by the document's province (吉林省教育工作会议, alias 全省教育工作会议)."""
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    start = scan_left(text, s)
    particle = PARTICLE_CUT.match(text, start, s)
    start = particle.end() if particle else start
    start += trim_lead(text[start:s] + suffix, min_rest=len(suffix) + 4)[1]
    level = next((lv for lv in WHOLE_LEVELS if text.startswith(lv, start)), "")
    field = text[start + len(level) : s]
    if not level or not 2 <= len(field) <= 6 or not is_generic_initiative(field):
        return  # 全省职业院校技能大赛 is named by its own words
    while level:
        written = level + field + suffix
        province = ctx.doc.meta.province or ""
        if level == "全国":
            yield Mention(doc_id, start, e, text[start:e], "Event", "initiative.event", written)
        elif province.endswith("省"):  # a province's 全省 (an autonomous region's 全区 is its districts' too)
            label = province + field + suffix
            yield Mention(
                doc_id, start, e, text[start:e], "Event", "initiative.event", label, (("alias", written),)
            )
        before = start - 1
        level = ""
        if before > 0 and text[before] == "、":
            level = next((lv for lv in WHOLE_LEVELS if text.endswith(lv, 0, before)), "")
            start = before - len(level)


def levels(ctx: Context, m: Mention) -> Iterator[Mention]:
    """国家、省教学成果奖: the levels listed before a name each name a program of their own."""
    text = ctx.doc.text
    level = next((lv for lv in LEVELS if m.name.startswith(lv)), "") if m.name.startswith(LEVELS) else ""
    rest = m.name[len(level) :]
    if len(rest) < 4 or WHOLE_LEVEL.match(rest) or text[m.start - 1 : m.start] == "全":
        return  # 全国、全市、全区教育大会: whole levels name their own meetings (whole_meetings)
    pos = m.start
    found = False
    while pos >= 2 and text[pos - 1] == "、":
        prev = next((lv for lv in LEVELS if text.endswith(lv, 0, pos - 1)), "")
        if not prev:
            break
        found = True
        pos -= len(prev) + 1
        yield Mention(
            m.doc_id,
            pos,
            m.end,
            text[pos : m.end],
            m.type,
            "initiative.levels",
            prev + rest,
            (("alias", rest),),
        )
    if found and level:
        yield Mention(
            m.doc_id, m.start, m.end, m.text, m.type, "initiative.levels", m.name, (("alias", rest),)
        )
