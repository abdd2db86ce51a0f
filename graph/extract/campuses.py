"""Rule family institution.* (continued): how institutions found by their suffix compose (see
graph/extract/institutions.py for the suffix rule itself).

- institution.composition: X大学Y校区 / X学院Y学院 / X高中Y分校 is partOf the nested institution X.
- institution.coordination: 江南大学宜兴校区、江阴校区 -> the second campus also belongs to 江南大学;
  a bare 宜兴校区 after 支持江南大学… in one sentence belongs to that university; campuses named by their
  sides under one head (某中学东、西校区) are two campuses of the school before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention, Relation
from graph.extract.boundaries import CAMPUS_ENDS, PARENT_TYPES, SUFFIXES, TYPE_OF
from graph.extract.context import Context
from graph.extract.forms import order, typed
from graph.extract.lexicon import LIST_JOINERS, is_generic
from graph.extract.locations import location_of
from graph.knowledge.words import entry, pattern

CAMPUS_SIDES = str(entry("institutions", "campus_sides"))
LOCAL_STOP = re.compile(pattern("institutions", "local_stop"))
SCHOOL_ABBREVIATION = re.compile(
    r"[\u4e00-\u9fff]{2,4}(?<!第)[一二三四五六七八九十]{1,3}[中小]"
)  # 某某一中, 某某三小 (not 某某第一中)
COORDINATION = (
    "、",
    *LIST_JOINERS,
)  # what joins a campus to the one before it (宜兴校区、江阴校区; …与天府校区)
PARENT_ENDS = tuple(s for s, t in SUFFIXES if t in PARENT_TYPES)  # 中学, 大学, 学院 …


def side_campus(text: str, pre: str, suffix: str, start: int) -> bool:
    """A campus named by one side alone (南校区) right after another campus it is joined to (某中学北校区、
    南校区, 某大学东校区与西校区), or after another side that shares its head (某中学东、西校区): the second
    campus of the same school."""
    return (
        TYPE_OF[suffix] == "Campus"
        and len(pre) == 1
        and pre in CAMPUS_SIDES
        and text[start - 1 : start] in COORDINATION
        and (text.endswith(CAMPUS_ENDS, 0, start - 1) or _shared_side(text, start - 1))
    )


def _shared_side(text: str, joiner: int) -> bool:
    """Is text[joiner - 1] a side written alone right after a school's or university's name, sharing the
    head written after the joiner (某中学东、西校区: 东 of 东校区)?"""
    return joiner >= 3 and text[joiner - 1] in CAMPUS_SIDES and text.endswith(PARENT_ENDS, 0, joiner - 1)


def first_side(ctx: Context, found: list[Mention], start: int, suffix: str) -> Mention | None:
    """The first of two campuses named by their sides under one head (某中学东、西校区: 某中学东校区), given
    where the second side starts: written from the school's name to the first side, named with the head,
    when the school before it was found by its suffix or is a registry name."""
    text, side = ctx.doc.text, start - 2
    if not _shared_side(text, start - 1):
        return None
    school = next((m.start for m in found if m.end == side and m.type in PARENT_TYPES), None)
    if school is None:
        form = next(typed(ctx.alias_parts, PARENT_TYPES).ending(text, side), None)
        school = None if form is None else side - len(form)
    if school is None:
        return None
    written = text[school : side + 1]
    return Mention(
        ctx.doc.meta.id, school, side + 1, written, "Campus", "institution.coordination", written + suffix
    )


def _names_school(name: str) -> bool:
    """Does a campus's name hold a school's before its campus suffix (新城中心学校西校区)? Then it is that
    school's campus, not the one of a campus written before it."""
    own = next((name[: -len(end)] for end in CAMPUS_ENDS if name.endswith(end)), name)
    return any(end in own for end in PARENT_ENDS)


def compose(ctx: Context, found: list[Mention]) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    known = {(m.start, m.end): m for m in found}
    by_start = sorted(found, key=lambda m: (m.start, -m.end))
    previous: Mention | None = None
    parent_types: dict[str, str] = {}  # a campus's parent named so far -> its type (School, University)
    starting: dict[int, list[Mention]] = {}
    for o in found:
        starting.setdefault(o.start, []).append(o)
    for m in by_start:
        parent = _nested_parent(ctx, m, starting)
        if m.type in ("Campus", "University") and parent is None and m.type == "Campus":
            parent_label = None
            sentence = ctx.doc.segment_at(m.start, "sentence")
            # coordination: 江南大学宜兴校区、江阴校区; 某中学北湖校区与天府校区
            if (
                previous
                and previous.type == "Campus"
                and text[previous.end : m.start] in COORDINATION
                and not _names_school(m.name)
            ):
                parent_label = previous.attr("parent")
            elif sentence is not None:
                univ = [u for u in found if u.type == "University" and sentence.start <= u.start < m.start]
                univ += [u for u in _registry_universities(ctx, sentence.start, m.start)]
                if univ:
                    parent_label = max(univ, key=lambda u: u.end).name
            if parent_label:
                full = parent_label + m.name
                m = Mention(
                    doc_id,
                    m.start,
                    m.end,
                    m.text,
                    "Campus",
                    "institution.coordination",
                    full,
                    (("parent", parent_label), ("alias", m.name)),
                )
                yield m
                kind = parent_types.get(parent_label or "", "University")
                yield _parent_relation(m, parent_label, kind, "institution.coordination")
                loc = location_of(ctx, m, Mention(doc_id, m.start, m.start, "", kind, "", parent_label))
                if loc is not None:
                    yield loc
                previous = m
                continue
        if parent is not None:
            typ = "College" if m.type == "University" and m.name.endswith("学院") else m.type
            if m.type == "University" and parent.type in ("University",) and not m.name.endswith("学院"):
                typ = m.type
            label = m.label
            attrs: tuple[tuple[str, str], ...] = (("parent", parent.name),)
            parent_types[parent.name] = parent.type
            if parent.text != parent.name and m.name.startswith(parent.text):
                # 省常中溧阳分校 -> 江苏省常州高级中学溧阳分校, the written form kept as an alias
                label = parent.name + m.name[len(parent.text) :]
                attrs += (("alias", m.name),)
            m = Mention(doc_id, m.start, m.end, m.text, typ, m.rule, label, attrs)
            if parent.rule == "institution.composition":
                yield parent  # a school named only in its campus's name (某某小学新校区)
            yield m
            yield Relation(m, "partOf", parent, "institution.composition", m.start, m.end)
        elif len(m.name) > 3 or m.name[:1] not in CAMPUS_SIDES:  # 南校区 alone: no school, no name
            yield m
        previous = m if previous is None or m.end > previous.end else previous  # not a name inside it
        loc = location_of(ctx, m, parent)
        if loc is not None:
            yield loc
    del known


def _registry_universities(ctx: Context, start: int, end: int) -> list[Mention]:
    """The universities of the alias table named in text[start:end], each at its first place, in the
    table's order."""
    out = []
    text = ctx.doc.text
    first: dict[str, int] = {}
    for pos, form in typed(ctx.alias_parts, ("University",)).within(text[start:end]):
        first.setdefault(form, start + pos)
    for form in sorted(first, key=order(ctx.alias_parts)):
        pos = first[form]
        out.append(
            Mention(
                ctx.doc.meta.id,
                pos,
                pos + len(form),
                form,
                "University",
                "names.registry",
                ctx.aliases[form].label,
            )
        )
    return out


def _nested_parent(ctx: Context, m: Mention, starting: dict[int, list[Mention]]) -> Mention | None:
    """An institution named at the start of m's name (东南大学 in 东南大学无锡国际校区); `starting`: the
    institutions found, by start."""
    if m.type not in ("Campus", "University", "College", "ResearchCenter", "School", "GovernmentBody"):
        return None
    best = None
    for o in starting.get(m.start, ()):
        if (
            o is not m
            and o.end < m.end
            and o.type in ("University", "School", "College")
            and (best is None or o.end > best.end)
        ):
            best = o
    if best is None:
        name = m.name
        # the longest form of such an institution that starts the name and leaves 3 characters or more
        form = next(typed(ctx.alias_parts, PARENT_TYPES).starting(name, 0, len(name) - 3), None)
        if form is not None:
            entry = ctx.aliases[form]
            best = Mention(
                m.doc_id, m.start, m.start + len(form), form, entry.type, "names.registry", entry.label
            )
    if best is None and m.type == "Campus" and m.text == m.name:
        best = _school_in_campus(ctx, m)
    if best is not None and m.type in ("ResearchCenter", "GovernmentBody"):
        return None
    return best


def _school_in_campus(ctx: Context, m: Mention) -> Mention | None:
    """The school a campus's name starts with (某某中学新校区 -> 某某中学) when the text names that school on
    its own elsewhere: the longest start of the name that ends in a school suffix."""
    for end in range(len(m.name) - 2, 3, -1):
        head = m.name[:end]
        suffix = next((s for s, _ in SUFFIXES if head.endswith(s)), "")
        pre = head[: -len(suffix)] if suffix else ""
        text = ctx.doc.text
        named = text.find(head) not in (-1, m.start) or text.find(head, m.end) >= 0
        if SCHOOL_ABBREVIATION.fullmatch(head) and not LOCAL_STOP.search(head):
            named, suffix, pre = True, "中学", head  # 某某一中新区分校: the campus of 某某一中
        if TYPE_OF.get(suffix) == "School" and len(pre) >= 2 and not is_generic(pre) and named:
            return Mention(
                m.doc_id, m.start, m.start + end, head, TYPE_OF[suffix], "institution.composition", head
            )
    return None


def _parent_relation(m: Mention, parent_label: str, parent_type: str, rule: str) -> Relation:
    parent = Mention(m.doc_id, m.start, m.end, m.text, parent_type, rule, parent_label)
    return Relation(m, "partOf", parent, rule, m.start, m.end)
