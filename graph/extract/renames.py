"""Rule rename.verb: a change of name or status stated in the text becomes ek:renamedTo.

Pattern: <institution> (转设为|更名为|改名为|升格为|升格成|合并为|整合为) <institution>; also 由A更名为B, and a few
words between the old name and the verb (某某职业学院正式更名为…, 某某学院经批准更名为…).
Example: 推动某某职业学院更名为某某职业技术大学 -> 某某职业学院 renamedTo 某某职业技术大学.

Rule rename.former: a name followed by its former one in brackets (第十五中学（原育才中学）) -> the former
renamedTo the name; a name followed by its present one (育才中学（现第十五中学）) -> the name renamedTo it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import INSTITUTION_TYPES, Mention, Relation
from graph.extract.context import Context
from graph.knowledge.words import pattern, words

VERB = re.compile(pattern("renames", "verb"))
FORMER = re.compile(pattern("renames", "former"))
GAP = 8  # the most characters of words (正式, 经教育部批准) between the old name and the verb
WORDS = re.compile(r"[\u4e00-\u9fff]*")


def link(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    text = ctx.doc.text
    insts = sorted((m for m in mentions if m.type in INSTITUTION_TYPES), key=lambda m: (m.start, -m.end))
    ending: dict[int, list[Mention]] = {}
    starting: dict[int, list[Mention]] = {}
    for m in insts:  # each list in the order of insts
        ending.setdefault(m.end, []).append(m)
        starting.setdefault(m.start, []).append(m)
    for v in VERB.finditer(text):
        after = starting.get(v.end(), []) + starting.get(v.end() + 1, [])
        if not after:
            continue
        obj = max(after, key=lambda m: m.end)
        # the names ending at the verb or one character before it (a closing quote), or a few words before
        # it (正式更名为, 经教育部批准更名为: not the approving body); starting at its end or one after
        before = ending.get(v.start() - 1, []) + ending.get(v.start(), [])
        for k in range(v.start() - 2, max(0, v.start() - GAP) - 1, -1):
            if before or not WORDS.fullmatch(text, k, v.start()):
                break
            before = [
                m for m in ending.get(k, []) if (m.type == "GovernmentBody") == (obj.type == "GovernmentBody")
            ]
        if not before:
            continue
        subj = min(before, key=lambda m: m.start)  # the longest name that ends at the verb
        yield Relation(subj, "renamedTo", obj, "rename.verb", subj.start, obj.end)
    for f in FORMER.finditer(text):
        # 新名（原旧名）: the name ending at the bracket, the former one filling it; 旧名（现新名）the other way
        named = ending.get(f.start(), [])
        if not named:
            continue
        outer = min(named, key=lambda m: m.start)
        inside = [m for m in starting.get(f.end(), []) if FORMER_END.match(text, m.end)]
        inner = max(inside, key=lambda m: m.end) if inside else _written_former(ctx, outer, f.end())
        if inner is None:
            continue
        old, new = (outer, inner) if f.group().endswith(NOW) else (inner, outer)
        yield Relation(old, "renamedTo", new, "rename.former", outer.start, inner.end)


FORMER_END = re.compile(r"[)）]")
NOW = tuple(words("renames", "now"))
FORMER_NAME = re.compile(r"[\u4e00-\u9fff]{2,20}(?=[)）])")


def _written_former(ctx: Context, new: Mention, start: int) -> Mention | None:
    """The other name in the bracket when no recogniser read it: a name of the same kind as the one before
    it (育才中学 for 第十五中学: the same last two characters), of that name's type."""
    m = FORMER_NAME.match(ctx.doc.text, start)
    if m is None or m.group()[-2:] != new.name[-2:] or m.group() == new.name:
        return None
    return Mention(new.doc_id, m.start(), m.end(), m.group(), new.type, "rename.former", m.group())
