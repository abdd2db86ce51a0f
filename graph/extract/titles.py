"""Rule family title.*: documents named in book-title marks 《…》.

- title.book: 《X》 is a PolicyDocument (not a newspaper: 《某某日报》); when X ends in 规划/计划/方案/纲要 it is an ActionPlan, and a
  trailing period （2021—2025） or (2023—2025年) gives its start and end years (the label drops it).
  Example: 严格落实《某市学前教育三年行动计划（2022-2024年）》 -> ActionPlan 某市学前教育三年行动计划, 2022-2024.
- title.issuer: bodies named right before the title (省委办公厅、省政府办公厅《关于…》) issued it, and so
  does a body that starts the title (《芜湖市教育局2024年工作要点》).
- title.printed: the document a notice prints (现将《X》印发给你们) is partOf the notice.
- title.shared: plans of a list that share one head (制定实施A、B、C三年行动计划) are each a plan, A三年行动计划
  …; two levels that share one (国家和省中长期…规划纲要) are the national plan and the home province's.
- title.unquoted: a document named without 《》 by a verb of issuing (会议发布了2023年工作要点) is a
  PolicyDocument named with the home place and its year; the written form is an alias.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention, Relation
from graph.extract.context import Context
from graph.extract.forms import typed
from graph.extract.lexicon import PERIOD, clean_label, is_generic_initiative, trim_lead
from graph.extract.structure import document_mention
from graph.knowledge.words import pairs, pattern, words

BOOK = re.compile(r"《([^《》\n]{2,60})》")
PRINTED_BEFORE = re.compile(pattern("metadata", "printed_before"))
PRINTED_AFTER = re.compile(pattern("metadata", "printed_after"))
UNQUOTED = re.compile(pattern("metadata", "unquoted_document"))
SHARED_HEAD = re.compile(pattern("metadata", "shared_head"))
LEVEL_PAIR = re.compile(pattern("metadata", "level_pair"))
NOT_NAME = re.compile(pattern("metadata", "shared_part_stop"))  # words of the sentence, not of a name
CLAUSE_STOP = set("，。；：:;,\n《》（）()“”")
PLAN_END = re.compile(r"(?:规划|计划|方案|纲要)$")
ABBREVIATED = set(words("metadata", "abbreviated_titles"))
NEWSPAPER = re.compile(pattern("metadata", "newspaper"))
WORK_BEFORE = re.compile(pattern("metadata", "work_before"))
DOCUMENT_END = re.compile(pattern("metadata", "document_end"))
BODY_SUFFIXES = sorted(
    (s for s, t in pairs("institutions", "suffixes") if t == "GovernmentBody"), key=len, reverse=True
)
# a body opening a title before what it issues (某市教育局关于…, 某区教育局2024年工作要点): its name is the words
# up to a body's suffix, and it begins with a place; bodies issuing it together (某市财政局、某市教育局) are
# not one body
BODY_HEAD = re.compile(
    rf"^([^、，,\s]{{2,12}}?(?:{'|'.join(map(re.escape, BODY_SUFFIXES))}))(?=关于|(?:19|20)\d{{2}}年)"
)


def plan_type(name: str) -> str:
    return "ActionPlan" if PLAN_END.search(name) else "PolicyDocument"


def split_period(name: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Drop a trailing period from a name; return the attributes start/end."""
    m = PERIOD.search(name)
    if m and m.end() >= len(name.rstrip()) - 1:
        return name[: m.start()].strip(), (("startYear", m.group(1)), ("endYear", m.group(2)))
    return name, ()


def recognise(ctx: Context) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    for m in BOOK.finditer(text):
        inner = m.group(1)
        name, period = split_period(inner)
        label = clean_label(name)
        if label in ABBREVIATED:
            continue  # 以下简称《规划》: the document named before it
        if NEWSPAPER.search(label) and label not in ctx.aliases:
            continue  # 据《滨海时报》报道: a newspaper, not a document
        if WORK_BEFORE.search(text, max(0, m.start() - 6), m.start()) and not DOCUMENT_END.search(label):
            continue  # 开场演唱《鲜花》: a song, not a document
        if label in ctx.aliases:
            entry = ctx.aliases[label]
            mention = Mention(
                doc_id,
                m.start(1),
                m.end(1),
                inner,
                entry.type,
                "title.book",
                entry.label,
                (("registry", entry.id),),
            )
        else:
            attrs = period + ((("alias", clean_label(inner)),) if period else ())
            mention = Mention(
                doc_id, m.start(1), m.end(1), inner, plan_type(label), "title.book", label, attrs
            )
        yield mention
        yield from _issuers(ctx, mention, m.start())
        yield from _leading_issuer(ctx, mention)
        if PRINTED_BEFORE.search(text, max(0, m.start() - 4), m.start()) or PRINTED_AFTER.match(
            text, m.end()
        ):
            document = document_mention(ctx)
            if clean_label(document.name) != label:
                yield Relation(mention, "partOf", document, "title.printed", m.start(), m.end())
    yield from _unquoted(ctx)
    yield from _shared(ctx)


def _shared(ctx: Context) -> Iterator[Mention]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    for h in SHARED_HEAD.finditer(text):
        start = h.start()
        while start > 0 and text[start - 1] not in CLAUSE_STOP and h.start() - start < 60:
            start -= 1
        run = text[start : h.start()]
        if "、" not in run:
            continue
        parts, pos = [], start
        for part in run.split("、"):
            parts.append((pos, part))
            pos += len(part) + 1
        first_pos, first = parts[0]
        trimmed, removed = trim_lead(first)
        parts[0] = (first_pos + removed, trimmed)
        if any(
            not 2 <= len(p) <= 16 or SHARED_HEAD.search(p) or NOT_NAME.search(p) or is_generic_initiative(p)
            for _, p in parts
        ):
            continue
        for pos, part in parts[:-1]:
            label = part + h.group()
            yield Mention(
                doc_id,
                pos,
                pos + len(part),
                part,
                plan_type(label),
                "title.shared",
                label,
                (("alias", part),),
            )
        pos, part = parts[-1]
        yield Mention(
            doc_id,
            pos,
            h.end(),
            text[pos : h.end()],
            plan_type(h.group()),
            "title.shared",
            part + h.group(),
            (("alias", part),),
        )
    for m in LEVEL_PAIR.finditer(text):
        for k in (1, 2):
            level = m.group(k)
            place = {"国家": "国家", "省": ctx.home.province, "市": ctx.home.city}.get(level)
            if not place:
                continue
            label = clean_label(place + m.group(3))
            yield Mention(
                doc_id,
                m.start(k),
                m.end(3),
                text[m.start(k) : m.end(3)] if k == 2 else text[m.start() : m.end()],
                plan_type(label),
                "title.shared",
                label,
                (("alias", clean_label(level + m.group(3))),),
            )


def _unquoted(ctx: Context) -> Iterator[Mention]:
    text, home = ctx.doc.text, ctx.home
    place = home.county or home.city
    for m in UNQUOTED.finditer(text):
        written = m.group(1)
        label = written if not place or ctx.place_at_start(written) else place + written
        yield Mention(
            ctx.doc.meta.id,
            m.start(1),
            m.end(1),
            written,
            plan_type(label),
            "title.unquoted",
            label,
            (("alias", written),) if label != written else (),
        )


def _leading_issuer(ctx: Context, doc_mention: Mention) -> Iterator[Mention | Relation]:
    """The body a title starts with (芜湖市教育局2024年工作要点) issued it; a body the text names nowhere
    else (《某市教育局关于…的通报》: a place and a body's suffix before 关于 or a year) is a mention of its own."""
    name = doc_mention.name
    found: tuple[str, str, tuple[tuple[str, str], ...]] | None = None
    for length in range(min(len(name) - 2, 24), 3, -1):
        entry = ctx.aliases.get(name[:length])
        if entry is not None and entry.type == "GovernmentBody":
            found = (name[:length], entry.label, (("registry", entry.id),))
            break
    unknown = found is None
    if found is None:
        m = BODY_HEAD.match(name)
        if m is None or not ctx.doc.text.startswith(m.group(1), doc_mention.start):
            return
        if ctx.place_at_start(m.group(1)) is None or _joint(ctx, m.group(1)):
            return
        found = (m.group(1), m.group(1), ())
    form, label, attrs = found
    start = doc_mention.start
    body = Mention(
        doc_mention.doc_id, start, start + len(form), form, "GovernmentBody", "title.issuer", label, attrs
    )
    if unknown:
        yield body
    yield Relation(doc_mention, "issuedBy", body, "title.issuer", doc_mention.start, doc_mention.end)


def _issuers(ctx: Context, doc_mention: Mention, title_start: int) -> Iterator[Mention | Relation]:
    """GovernmentBody names directly before 《: 省委办公厅、省政府办公厅《…》."""
    text = ctx.doc.text
    end = title_start
    while True:
        # the longest body's form that ends here
        form = next(typed(ctx.alias_parts, ("GovernmentBody",)).ending(text, end), None)
        if form is None:
            return
        entry = ctx.aliases[form]
        body = Mention(
            doc_mention.doc_id,
            end - len(form),
            end,
            form,
            "GovernmentBody",
            "title.issuer",
            entry.label,
            (("registry", entry.id),),
        )
        yield Relation(doc_mention, "issuedBy", body, "title.issuer", body.start, doc_mention.end)
        end -= len(form)
        if end > 0 and text[end - 1] in "、和与及":
            end -= 1
        else:
            return


def _joint(ctx: Context, form: str) -> bool:
    """Two bodies written side by side (某市人社局某市教育局): the place the name starts with is written again."""
    for n in (5, 4, 3, 2):
        if ctx.place(form[:n]) is not None:
            return form.find(form[:n], n) >= 0
    return False
