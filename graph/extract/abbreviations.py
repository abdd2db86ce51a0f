"""Schools named by abbreviation (part of rule family institution.*): a place or school stem with a number
and a one-character head (青岛三中 -> 青岛市第三中学, alias 青岛三中), and in a list a local stem with one
(某某城三初、某某城六小: the written form is the label)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention
from graph.extract.boundaries import clause_cut
from graph.extract.context import Context
from graph.extract.lexicon import is_generic, scan_left, trim_lead
from graph.knowledge.words import mapping, pattern

ABBREVIATION = re.compile(pattern("institutions", "abbreviation"))
LOCAL_ABBREVIATION = re.compile(pattern("institutions", "local_abbreviation"))
ABBREVIATION_HEADS = mapping("institutions", "abbreviation_heads")
LOCAL_STOP = re.compile(pattern("institutions", "local_stop"))
NAME_CHARS = re.compile(r"[\u4e00-\u9fff]+")


def local_abbreviations(ctx: Context) -> Iterator[Mention]:
    """A school of a list named by a local stem, a number and a one-character head (某某城三初、某某城六小):
    the stem is the run's end after the clause's verbs, two to four name characters, no generic word."""
    text = ctx.doc.text
    for m in LOCAL_ABBREVIATION.finditer(text):
        start = scan_left(text, m.start())
        start += clause_cut(text[start : m.start()])
        start += trim_lead(text[start : m.start()] + "xx", min_rest=4)[1]
        stem = text[start : m.start()]
        listed = text[start - 1 : start] == "、" or text[m.end() : m.end() + 1] == "、"
        if not listed or not 2 <= len(stem) <= 4 or not NAME_CHARS.fullmatch(stem) or ctx.place(stem):
            continue
        if LOCAL_STOP.search(stem) or is_generic(stem) or stem[-1] in "第各届":  # 十九届二中、三中全会
            continue
        written = text[start : m.end()]
        yield Mention(ctx.doc.meta.id, start, m.end(), written, "School", "institution.abbreviation", written)


def abbreviations(ctx: Context) -> list[Mention]:
    """A place or school stem with a number and a one-character head (青岛三中 -> 青岛市第三中学, alias 青岛三中)."""
    text, out = ctx.doc.text, []
    for m in ABBREVIATION.finditer(text):
        for length in (4, 3, 2):
            start = m.start() - length
            place = ctx.place(text[start : m.start()]) if start >= 0 else None
            if place is None:
                continue
            written = text[start : m.end()]
            label = f"{place.name}第{m.group(1)}{ABBREVIATION_HEADS[m.group(2)]}"
            out.append(
                Mention(
                    ctx.doc.meta.id,
                    start,
                    m.end(),
                    written,
                    "School",
                    "institution.abbreviation",
                    label,
                    (("alias", written),),
                )
            )
            break
    return out
