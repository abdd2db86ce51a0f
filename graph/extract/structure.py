"""Rule family structure.*: the document's own structure as goals and tasks.

- structure.document: the document itself, named by its title.
- structure.section: a numbered section heading (二、强化内涵建设，着力提升…) is a Goal, partOf the document.
- structure.heading: a short unpunctuated line followed by body text (树牢五大理念) is a Goal too.
- structure.list: a block of short lines that start with one verb (实施全面育人行动 / 实施筑峰引领行动 …)
  lists Goals of the document; an unpunctuated line under each is its subtitle (an alias).
- structure.subsection: a second-level heading under a section, on a line of its own (（一）加快学校建设) or
  as the lead sentence of its paragraph ((一)健全机制,周密准备。印发…), is a Goal partOf the section's Goal.
- structure.item: a numbered item (5．推动基础教育优质发展) or an enumeration (一是…) is a Task,
  partOf the document, supporting the innermost Goal it stands under: the last second-level heading of its
  section before it, else the section.
- structure.scope, structure.topic (graph/extract/scope.py): a program or plan named inside a section supports
  the section's Goal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.keys import norm
from graph.core.model import Mention, Relation, Segment
from graph.extract import timing
from graph.extract.context import Context
from graph.extract.lexicon import clean_label
from graph.ingest import starts
from graph.ingest.metadata import is_furniture
from graph.ingest.segment import cn_number, is_name_line

TERMINAL = "。！？；;!?"
INLINE_SECTION = re.compile(
    r"(?<=[。！？；;!?]) +([一二三四五六七八九十]{1,3})、([^\s，,。；;：:！？!?]{2,30}) +(?=\S)"
)
SUBSECTION = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]\s*([^，,。；;：:\n]{2,30}?)[。；;]?\s*$")
SUBSECTION_LEAD = re.compile(
    r"[（(]([一二三四五六七八九十]{1,3})[)）]\s*([^，,。；;：:\n]{2,12}(?:[，,][^，,。；;：:\n]{2,12})?)[。；;](?=.{20})"
)


def document_mention(ctx: Context) -> Mention:
    """The document itself, at the place its title is written (spaces and line breaks may differ)."""
    doc = ctx.doc
    title = doc.meta.title
    found = _written(re.sub(r"\s+", "", title), doc.text) if title else None
    if found is None:
        first = doc.text.split("\n", 1)[0]
        pos, end = 0, len(first)
    else:
        pos, end = found
    label = title if title else doc.text[pos:end]
    return Mention(doc.meta.id, pos, end, doc.text[pos:end], "PolicyDocument", "structure.document", label)


def _written(chars: str, text: str) -> tuple[int, int] | None:
    """The leftmost span of the text that writes `chars` (no white space in them) with white space
    allowed between them: what re.search(r"\\s*".join(map(re.escape, chars)), text) finds, without
    compiling a pattern for every title."""
    if not chars:
        return None
    exact = text.find(chars)
    stop = exact if exact >= 0 else len(text)
    n = len(text)
    p = text.find(chars[0], 0, stop)
    while p >= 0:  # an earlier place with white space inside
        j = p + 1
        for c in chars[1:]:
            while j < n and text[j].isspace():
                j += 1
            if j >= n or text[j] != c:
                break
            j += 1
        else:
            return p, j
        p = text.find(chars[0], p + 1, stop)
    return (exact, exact + len(chars)) if exact >= 0 else None


def recognise(ctx: Context) -> Iterator[Mention | Relation]:
    doc = ctx.doc
    document = document_mention(ctx)
    yield document
    goals: dict[int, Mention] = {}  # segment index -> goal mention
    # section index -> the paragraph of the last second-level heading under it so far ((一)加快学校建设
    # on a line of its own): the items and 一是… lines after it stand in it, not in the section
    latest: dict[int, int] = {}
    heads_of_structure = _structural_enumerations(ctx)
    for idx, seg in enumerate(doc.segments):
        if seg.kind == "section":
            goal = _mention(ctx, seg, "Goal", "structure.section")
            goals[idx] = goal
            yield goal
            yield Relation(goal, "partOf", document, "structure.section", seg.start, seg.end)
        elif seg.kind == "enumeration" and idx in heads_of_structure:
            # 一是…/二是… paragraph heads carry a speech's or review's structure: they are its goals
            goal = _mention(
                ctx, seg, "Goal", "structure.enumeration", (("number", _path(doc.segments, idx)),)
            )
            inner = _goal_of(doc.segments, idx, goals)
            inner = latest.get(inner, inner) if inner is not None else None
            parent = goals[inner] if inner is not None else None
            yield goal
            yield Relation(goal, "partOf", parent or document, "structure.enumeration", seg.start, seg.end)
        elif (
            seg.kind == "paragraph"
            and seg.parent in goals
            and (
                sub := SUBSECTION.match(doc.text, seg.start, seg.end)
                or SUBSECTION_LEAD.match(doc.text, seg.start, seg.end)
            )
        ):
            # (一)加快学校建设。 on a line of its own under 一、, or leading its paragraph (短句，短句。正文…):
            # a second-level heading, a Goal of its section
            s0, e0 = sub.start(2), sub.end(2)  # positions in doc.text (matched with pos, endpos)
            number = f"{_path(doc.segments, seg.parent)}.({cn_number(sub.group(1))})"
            goal = Mention(
                doc.meta.id,
                s0,
                e0,
                doc.text[s0:e0],
                "Goal",
                "structure.subsection",
                clean_label(sub.group(2)),
                (("number", number),),
            )
            goals[idx] = goal
            latest[seg.parent] = idx
            yield goal
            yield Relation(goal, "partOf", goals[seg.parent], "structure.subsection", s0, e0)
        elif seg.kind in ("item", "enumeration"):
            path = _path(doc.segments, idx)
            task = _mention(ctx, seg, "Task", "structure.item", (("number", path),))
            yield task
            yield Relation(task, "partOf", document, "structure.item", seg.start, seg.end)
            inner = _goal_of(doc.segments, idx, goals)
            if inner is not None:
                inner = latest.get(inner, inner)
                yield Relation(task, "supports", goals[inner], "structure.item", seg.start, seg.end)
    if not goals:
        yield from _inline_sections(ctx, document)
    heads = list(_headings(ctx, document))
    yield from heads
    yield from _named_items(
        ctx, document, [m for m in heads if isinstance(m, Mention) and m.rule == "structure.heading"]
    )


def _inline_sections(ctx: Context, document: Mention) -> Iterator[Mention | Relation]:
    """A text whose line breaks were lost (a web page joined into one line) still writes its sections'
    headings between spaces (…特制订本规划。 一、“十一五”教育事业发展回顾 (一)…): each is a Goal."""
    text = ctx.doc.text
    expected = 1
    for m in starts.finditer(INLINE_SECTION, text):
        if cn_number(m.group(1)) != expected:
            continue  # 一、 then 二、 …: numbers in order, as headings run
        expected += 1
        s0, e0 = m.start(2), m.end(2)
        goal = Mention(
            ctx.doc.meta.id, s0, e0, text[s0:e0], "Goal", "structure.section", clean_label(m.group(2))
        )
        yield goal
        yield Relation(goal, "partOf", document, "structure.section", s0, e0)


def _named_items(ctx: Context, document: Mention, goals: list[Mention]) -> Iterator[Mention | Relation]:
    """Under a heading goal, paragraphs that open with a short titled sentence (树牢站位全局的理念。…)
    are its named items (五大理念 -> 树牢…的理念): Goals partOf the heading's Goal."""
    text = ctx.doc.text
    ordered = sorted(goals, key=lambda g: g.start)
    for k, goal in enumerate(ordered):
        end = ordered[k + 1].start if k + 1 < len(ordered) else len(text)
        number = 0
        for s, e in text_lines(text):
            if not (goal.end < s < end):
                continue
            first = re.match(r"^([^，,。；;：:]{4,16})。", text[s:e])
            if not first or e - s < 30:
                continue
            number += 1
            title = first.group(1)
            mark = re.match(r"^[（(][一二三四五六七八九十]{1,3}[)）]\s*", title)
            if mark:  # (一)加快学校新建改扩建: the number is not part of the goal's name
                s, title = s + mark.end(), title[mark.end() :]
            item = Mention(
                ctx.doc.meta.id,
                s,
                s + len(title),
                title,
                "Goal",
                "structure.named-item",
                clean_label(title),
                (("number", f"{k + 1}.{number}"),),
            )
            yield item
            yield Relation(item, "partOf", goal, "structure.named-item", s, s + len(title))


def _mention(
    ctx: Context, seg: Segment, typ: str, rule: str, attrs: tuple[tuple[str, str], ...] = ()
) -> Mention:
    text = ctx.doc.text
    title = seg.title
    pos = text.find(title, seg.start, seg.end) if title else -1
    if pos < 0:
        pos, title = seg.start, text[seg.start : seg.end]
    return Mention(ctx.doc.meta.id, pos, pos + len(title), title, typ, rule, clean_label(title), attrs)


def _structural_enumerations(ctx: Context) -> set[int]:
    """The 一是…/二是… enumerations of a speech or review (each opens a paragraph or a sentence), two or
    more under one section: they carry the document's structure (its goals). Paragraph breaks are not
    required, so a PDF that joins lines reads the same goals as the text."""
    doc = ctx.doc
    if timing.genre(doc) != "review" and doc.meta.kind != "conference report":
        return set()
    segs = doc.segments
    heads: dict[int | None, list[int]] = {}
    for idx, seg in enumerate(segs):
        if seg.kind != "enumeration" or seg.parent is None:
            continue
        heads.setdefault(_section_of(segs, idx), []).append(idx)
    return {i for group in heads.values() if len(group) >= 2 for i in group}


def _path(segs: tuple[Segment, ...], idx: int) -> str:
    """Where an item sits, from the section down (2.3 for item 3 of section 二; 2.p4.1 for the 一是 of the
    fourth paragraph of section 二): its key, so that two sections' 一是 items stay two Tasks."""
    parts: list[str] = []
    k: int | None = idx
    while k is not None:
        seg = segs[k]
        if seg.kind == "paragraph":
            parts.append(f"p{_paragraph_ordinals(segs)[k]}")
        else:
            parts.append(str(seg.number) if seg.number is not None else seg.kind)
        k = seg.parent
    return ".".join(reversed(parts))


_ordinals: list[tuple[tuple[Segment, ...], list[int]]] = [((), [])]  # the last segments seen, their ordinals


def _paragraph_ordinals(segs: tuple[Segment, ...]) -> list[int]:
    """Each paragraph's place among the paragraphs of its parent (1, 2, …), counted once per document
    (held for the last document seen, swapped whole: safe when threads extract at once)."""
    seen, ordinals = _ordinals[0]
    if seen is not segs:
        counts: dict[int | None, int] = {}
        ordinals = [0] * len(segs)
        for j, seg in enumerate(segs):
            if seg.kind == "paragraph":
                counts[seg.parent] = counts.get(seg.parent, 0) + 1
                ordinals[j] = counts[seg.parent]
        _ordinals[0] = (segs, ordinals)
    return ordinals


def _goal_of(segs: tuple[Segment, ...], idx: int, goals: dict[int, Mention]) -> int | None:
    """The innermost segment above `idx` that is a Goal: the second-level heading's paragraph
    ((一)基础教育供给体系持续完善。一是…) before the section (一、…) it stands in."""
    p = segs[idx].parent
    while p is not None and p not in goals:
        p = segs[p].parent
    return p


def _section_of(segs: tuple[Segment, ...], idx: int) -> int | None:
    p = segs[idx].parent
    while p is not None and segs[p].kind != "section":
        p = segs[p].parent
    return p


def text_lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _split_spaced(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Short lines holding two headings side by side (构建现代职业教育体系 实施暖心惠民行动) are two lines."""
    out = []
    for s, e in lines:
        line = text[s:e]
        if " " in line and len(line) <= 40 and line[-1] not in TERMINAL:
            pos = s
            for part in line.split(" "):
                if part:
                    out.append((pos, pos + len(part)))
                pos += len(part) + 1
        else:
            out.append((s, e))
    return out


_BRACKETED = re.compile(r"^[（(].*[)）]$")


def _is_short(line: str) -> bool:
    return 4 <= len(line) <= 30 and line[-1] not in TERMINAL and not _BRACKETED.match(line)


def _headings(ctx: Context, document: Mention) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    if any(s.kind == "section" for s in ctx.doc.segments):
        return
    lines = _split_spaced(text, text_lines(text))
    body = [text[s:e] for s, e in lines]

    def is_heading(i: int) -> bool:
        """A short unpunctuated line right above body text, not the last of a list of names one per line
        (某某小学 / 某某中学)."""
        nxt = body[i + 1] if i + 1 < len(lines) else ""
        if i and is_name_line(body[i]) and is_name_line(body[i - 1]):
            return False
        return bool(nxt) and len(nxt) > 30 and nxt[-1] in TERMINAL and "，" not in body[i]

    i = 1 if lines else 0
    while i < len(lines):
        s, e = lines[i]
        line = body[i]
        if s < document.end or not line or not _is_short(line) or is_furniture(line):
            i += 1
            continue
        k = i
        while k < len(lines) and body[k] and _is_short(body[k]) and not (k > i and is_heading(k)):
            k += 1
        verbs = [body[j][:2] for j in range(i, k)]
        lead = max(sorted(set(verbs)), key=verbs.count) if verbs else ""
        if k - i >= 4 and verbs.count(lead) >= 3:
            yield from _list_goals(doc_id, document, lines[i:k], body[i:k], lead)
            i = k
            continue
        last = i == len(lines) - 1
        # a wrapped title's tail (（2022—2024年）》 on a line of its own) names nothing: an entity needs a label
        named = bool(norm(clean_label(line)))
        if named and (is_heading(i) or (last and "，" in line)):
            goal = Mention(doc_id, s, e, line, "Goal", "structure.heading", clean_label(line))
            yield goal
            yield Relation(goal, "partOf", document, "structure.heading", s, e)
        i += 1


def _list_goals(
    doc_id: str, document: Mention, spans: list[tuple[int, int]], body: list[str], lead: str
) -> Iterator[Mention | Relation]:
    """A list of short lines opening with one verb; when each is followed by a subtitle, the subtitle
    (its lines joined) is an alias of the goal above it."""
    leads = [j for j, b in enumerate(body) if b.startswith(lead)]
    bounds = [*leads[1:], len(body)]
    subtitled = leads[0] == 0 and all(nxt - j >= 2 for j, nxt in zip(leads, bounds, strict=True))
    for j, nxt in zip(leads, bounds, strict=True):
        ls, le = spans[j]
        attrs = (("alias", clean_label("".join(body[j + 1 : nxt]))),) if subtitled else ()
        goal = Mention(doc_id, ls, le, body[j], "Goal", "structure.list", clean_label(body[j]), attrs)
        yield goal
        yield Relation(goal, "partOf", document, "structure.list", ls, le)
