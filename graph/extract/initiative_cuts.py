"""Where an initiative's name starts after the words of its clause, and names that are no initiative's: read
by graph/extract/initiatives.py."""

from __future__ import annotations

import re

from graph.extract.boundaries import place_prefix
from graph.extract.context import Context
from graph.extract.lexicon import is_generic
from graph.ingest import starts
from graph.knowledge.words import pattern, words

# generic heads that never make a name on their own
GENERIC_NAMES = set(words("initiatives", "generic_names"))
INNER_CUT = starts.last_led(re.compile(pattern("initiatives", "inner_cut")))  # (.*: its last verb)
KEEP_LEAD = tuple(sorted(words("initiatives", "keep_lead"), key=len, reverse=True))
BARE_AFTER_VERB = set(words("initiatives", "bare_after_verb"))
PLACE_ALONE_HEADS = tuple(words("initiatives", "place_alone_heads"))


def inner_cut(run: str, suffix: str, closed: bool = False) -> int:
    """Where the name starts after the last verb of the clause inside the run (推进某某工程), when it leaves a
    name of three characters or more: a verb that ends the run with only the head after it (系统推进布局优化
    工程: 优化) is the name's own, and the one before it cuts (-> 布局优化工程). A head that names nothing after a
    verb (协调解决项目) is cut to be refused; a name-opening word (深化) kept before a generic head; a word
    inside a quoted part (“我为良师”, or “优化服务行动” when `closed`: the quote closes right after the head) is
    never the clause's."""
    end = len(run)
    while end > 0:
        cut = INNER_CUT.match(run, 0, end)
        if cut is None:
            return 0
        opening = run.rfind("“", 0, cut.end())
        if opening > run.rfind("”", 0, cut.end()) and (closed or run.find("”", cut.end()) >= 0):
            # “我为良师”全员行动, “优化服务行动” (closed after the head): a word inside a quoted name is the name's own
            end = cut.end() - 1
            continue
        rest = run[cut.end() :] + suffix
        own = any(run[: cut.end()].endswith(w) for w in KEEP_LEAD)
        if (len(rest) >= 3 and not (own and rest in GENERIC_NAMES)) or rest in BARE_AFTER_VERB:
            return cut.end()  # 基础教育课程教学改革深化专项行动 keeps its 深化; 协调解决项目 names nothing
        if len(rest) >= 3 or cut.end() < 3:
            return 0
        end = cut.end() - 1  # the verb is the name's own: the clause's cut is before it
    return 0


def dangling(pre: str) -> bool:
    """A name part that ends in a conjunction (…和, …与, …及 but not 普及) is the head of a list."""
    return pre[-1] in "和与、" or (pre[-1] == "及" and not pre.endswith(("普及", "涉及", "以及")))


def no_name(ctx: Context, pre: str, suffix: str) -> bool:
    """A head after a place alone (回民区项目13个, 玉泉区项目: the place's projects, a class), or after a place
    and generic words (某县中小学项目), names no initiative."""
    if suffix not in PLACE_ALONE_HEADS:
        return False
    n = place_prefix(ctx, pre)
    return n > 0 and (n == len(pre) or is_generic(pre[n:]))
