"""Rule rename.verb: a change of name or status stated in the text becomes ek:renamedTo.

Pattern: <institution> (转设为|更名为|改名为|升格为|升格成|合并为|整合为) <institution>; also 由A更名为B.
Example: 推动某某职业学院更名为某某职业技术大学 -> 某某职业学院 renamedTo 某某职业技术大学.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import INSTITUTION_TYPES, Mention, Relation
from graph.extract.context import Context
from graph.knowledge.words import pattern

VERB = re.compile(pattern("renames", "verb"))


def link(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    text = ctx.doc.text
    insts = sorted((m for m in mentions if m.type in INSTITUTION_TYPES), key=lambda m: (m.start, -m.end))
    ending: dict[int, list[Mention]] = {}
    starting: dict[int, list[Mention]] = {}
    for m in insts:  # each list in the order of insts
        ending.setdefault(m.end, []).append(m)
        starting.setdefault(m.start, []).append(m)
    for v in VERB.finditer(text):
        # the names ending at the verb or one character before it, starting at its end or one after
        before = sorted(
            ending.get(v.start() - 1, []) + ending.get(v.start(), []), key=lambda m: (m.start, -m.end)
        )
        after = starting.get(v.end(), []) + starting.get(v.end() + 1, [])
        if not before or not after:
            continue
        subj = min(before, key=lambda m: m.start)  # the longest name that ends at the verb
        obj = max(after, key=lambda m: m.end)
        yield Relation(subj, "renamedTo", obj, "rename.verb", subj.start, obj.end)
