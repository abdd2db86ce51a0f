"""Linkers: relations read from the mentions of a document and the words around them.

- link.issuer: the bodies a document is issued by: the catalog's issuers, else the bodies heading a
  notice (市委教育工委  市教育局 / 关于印发…) or convening the meeting it reports (X、Y召开…会议).
- link.located: a program or zone whose name starts with a place is located there (苏锡常都市圈职业教育
  高质量发展样板 -> 苏锡常都市圈); a designation the home city wins or builds (示范区, 实验区, 示范城市,
  设区市, 高地) in a sentence with 获选/创建/授予/列入/获批 is located in the home city.
- link.beneficiary: a program or plan whose name contains a university (无锡市与某大学合作共建项目,
  某学院“十四五”发展规划) supports that university.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import INSTITUTION_TYPES, Mention, Relation
from graph.extract.context import Context
from graph.extract.structure import document_mention
from graph.knowledge.words import pattern

CONVENE = re.compile(r"^[、，\s]*(?:联合)?(?:召开|印发|发布|举行|举办|关于)")
HOLDER_SUFFIX = re.compile(r"(?:城市|设区市|示范市)$")
ZONE_SUFFIX = re.compile(pattern("links", "zone_suffix"))
WIN_VERB = re.compile(pattern("links", "win_verb"))


def link_issuers(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    doc = document_mention(ctx)
    bodies = sorted((m for m in mentions if m.type == "GovernmentBody"), key=lambda m: m.start)
    if ctx.doc.meta.issuers:
        for name in ctx.doc.meta.issuers:
            entry = ctx.aliases.get(name)
            label = entry.label if entry else name
            found = next((m for m in bodies if m.name == label), None)
            target = found or Mention(
                doc.doc_id, doc.start, doc.end, doc.text, "GovernmentBody", "catalog.issuer", label
            )
            yield Relation(doc, "issuedBy", target, "catalog.issuer", target.start, target.end)
        return
    head = ctx.doc.text[:300]
    first_line_end = ctx.doc.text.find("\n")
    for m in bodies:
        if m.start >= len(head):
            break
        rest = ctx.doc.text[m.end : m.end + 40]
        # skip over the other bodies of a list (X、Y召开)
        nxt = rest
        for o in bodies:
            if o.start >= m.end and ctx.doc.text[m.end : o.start].strip("、， ") == "":
                nxt = ctx.doc.text[o.end : o.end + 40]
        on_header = m.end <= first_line_end and all(
            ch in "、， 　"
            for ch in re.sub("|".join(re.escape(b.text) for b in bodies), "", ctx.doc.text[:first_line_end])
        )
        if on_header or CONVENE.match(rest) or CONVENE.match(nxt):
            yield Relation(doc, "issuedBy", m, "link.issuer", m.start, m.end)


def link_located(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    places = [m for m in mentions if m.type == "Place"]
    home = ctx.home.city
    home_place = ctx.place(home) if home else None
    for m in mentions:
        if m.type not in ("Program", "ActionPlan") or not ZONE_SUFFIX.search(m.name):
            continue
        holder = HOLDER_SUFFIX.search(m.name) is not None  # a title held by a city: its place is the holder
        prefix = (
            None
            if holder
            else next((p for p in places if p.start == m.start or m.name.startswith(p.text)), None)
        )
        if prefix is None and not holder:
            for form, entry in ctx.aliases.items():
                if entry.type == "Place" and m.name.startswith(form) and len(form) >= 2:
                    prefix = Mention(m.doc_id, m.start, m.end, m.text, "Place", "link.located", entry.label)
                    break
        if prefix is None and not holder:
            place = ctx.place_at_start(m.name)
            if place is not None:
                prefix = ctx.place_mention(m, place, "link.located")
        if prefix is not None:
            yield Relation(m, "locatedIn", prefix, "link.located", m.start, m.end)
            continue
        sentence = ctx.doc.segment_at(m.start, "sentence")
        if home_place is None or sentence is None:
            continue
        before = ctx.doc.text[sentence.start : m.start]
        if WIN_VERB.search(before) and not re.search(r"全国|全省|各地", m.name[:2]):
            target = ctx.place_mention(m, home_place, "link.located")
            yield Relation(m, "locatedIn", target, "link.located", m.start, m.end)


def link_beneficiary(ctx: Context, mentions: list[Mention]) -> Iterator[Relation]:
    insts = [m for m in mentions if m.type in ("University", "College")]
    names = {m.name for m in insts} | {
        form for form, e in ctx.aliases.items() if e.type in ("University", "College") and len(form) >= 4
    }
    for m in mentions:
        if m.type not in ("Program", "ActionPlan"):
            continue
        owner = m.attr("owner")
        hits = [n for n in names if n in m.name and n != m.name]
        if owner:
            hits.append(owner)
        for n in sorted(set(hits), key=len, reverse=True)[:1]:
            entry = ctx.aliases.get(n)
            label = entry.label if entry else n
            target = Mention(
                m.doc_id,
                m.start,
                m.end,
                m.text,
                entry.type if entry else "University",
                "link.beneficiary",
                label,
            )
            yield Relation(m, "supports", target, "link.beneficiary", m.start, m.end)


__all__ = ["INSTITUTION_TYPES", "link_beneficiary", "link_issuers", "link_located"]
