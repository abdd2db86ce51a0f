"""Rule family institution.*: institutions recognised by their suffix and composition.

- institution.suffix: a run of name characters ending in an institution suffix (大学, 学院, 校区, 分校,
  高级中学, 中学, 小学, 幼儿园, 教育局, 委员会, 研究中心, 平台 …), with governing verbs trimmed
  (支持江南大学 -> 江南大学) and generic names refused (在锡高校, 职业院校, 各级各类学校).
  Example: 完成东南大学无锡国际校区工程建设 -> Campus 东南大学无锡国际校区.
- institution.composition: X大学Y校区 / X学院Y学院 / X高中Y分校 is partOf the nested institution X.
- institution.coordination: 江南大学宜兴校区、江阴校区 -> the second campus also belongs to 江南大学;
  a bare 宜兴校区 after 支持江南大学… in one sentence belongs to that university.
- institution.location: an institution whose name starts with a place (无锡学院) or whose campus
  part names one (无锡国际校区) is locatedIn that place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention, Relation
from graph.extract.context import Context
from graph.extract.lexicon import (
    ETC,
    balance_quotes,
    clean_label,
    is_generic,
    scan_left,
    trim_lead,
)
from graph.knowledge.words import mapping, pairs, pattern, words

# suffix -> type; longest first. A suffix must not be followed by a character that continues a word.
SUFFIXES: list[tuple[str, str]] = sorted(
    pairs("institutions", "suffixes"),
    key=lambda s: len(s[0]),
    reverse=True,
)
SUFFIX_RE = re.compile("|".join(re.escape(s) for s, _ in SUFFIXES))
TYPE_OF = dict(SUFFIXES)
# a suffix followed by one of these is part of a longer word (大学生, 中学生, 高中阶段, 平台建设 is fine)
NO_FOLLOW = mapping("institutions", "no_follow")
# names of these suffixes need a proper-name part: a place, a registry name or a quoted name
# a place and generic words name a class of schools (江苏省民办学校) but one body (无锡市家庭教育指导服务站)
SCHOOL_SUFFIXES = set(words("institutions", "school_suffixes"))
NEEDS_PROPER = set(words("institutions", "needs_proper"))
# verbs inside a run that end the preceding clause: the name starts after them
CUT = re.compile(pattern("institutions", "cut"))
COORD_CAMPUS = re.compile(r"^(.{2,8}?)(校区|分校)$")


def place_prefix(ctx: Context, part: str) -> int:
    """Length of the place names (无锡市, 江苏省无锡市) at the start of a name part."""
    total = 0
    while True:
        for length in (5, 4, 3, 2):
            if len(part) - total >= length and ctx.place(part[total : total + length]) is not None:
                total += length
                break
        else:
            return total


def _connector_cut(ctx: Context, run: str) -> int:
    """After a registry name joined by 与/和/及 (市政府与南京信息工程大学 -> 南京信息工程大学)."""
    cut = 0
    for k, ch in enumerate(run):
        if ch in "与和及" and (
            any(run[:k].endswith(f) for f in ctx.aliases if len(f) >= 2)
            or any(ctx.place(run[max(0, k - n) : k]) is not None for n in (2, 3, 4) if k >= n)
        ):
            cut = k + 1
    return cut


def _proper(ctx: Context, part: str) -> bool:
    if any(part.startswith(form) for form in ctx.aliases if len(form) >= 2 and form[0] not in "市省教"):
        return True
    for length in (4, 3, 2):
        if ctx.place(part[:length]) is not None:
            return True
    return re.search(r"第[一二三四五六七八九十\d]+", part) is not None


def recognise(ctx: Context) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    found: list[Mention] = []
    for m in SUFFIX_RE.finditer(text):
        suffix = m.group()
        nxt = text[m.end() : m.end() + 2]
        if nxt[:1] and nxt[:1] in NO_FOLLOW.get(suffix, ""):
            continue
        if suffix in ("小学", "学校") and m.start() > 0 and text[m.start() - 1] == "中":
            continue  # 中小学, 中小学校: generic
        start = scan_left(text, m.start(), keep_paren=lambda inner: ctx.place(inner) is not None)
        run = text[start : m.start()]
        cut = CUT.match(run)
        if cut:
            start += cut.end()
            run = text[start : m.start()]
        start += _connector_cut(ctx, run)
        run = text[start : m.start()]
        number = re.match(r"^[\d一二三四五六七八九十百两]+[所个家]", run)
        if number:
            start += number.end()
            run = text[start : m.start()]
        name, removed = trim_lead(run + suffix, min_rest=len(suffix) + 2)
        start += removed
        pre = name[: -len(suffix)]
        if (
            len(clean_label(pre)) < 2
            or is_generic(pre, place_prefix(ctx, pre) if suffix in SCHOOL_SUFFIXES else 0)
            or ETC.search(pre)
            or pre[-1] in "和与、"
        ):
            continue
        if suffix in NEEDS_PROPER and not _proper(ctx, pre):
            continue
        if suffix == "系统" and (len(pre) < 6 or pre.endswith("教育") or "全市" in pre):
            continue
        s, e = balance_quotes(text, start, m.end())
        alias = ""
        q = text.rfind("“", s, m.start())
        if q > s:
            alias, s = clean_label(text[s:e]), q  # 市中小学校“阳光食堂”信息化监管服务平台
        label = clean_label(text[s:e])
        if label in ctx.aliases or label.count("“") != label.count("”"):
            continue  # the registry recogniser names it
        typ = TYPE_OF[suffix]
        mention = Mention(
            doc_id, s, e, text[s:e], typ, "institution.suffix", label, (("alias", alias),) if alias else ()
        )
        found.append(mention)
    yield from _compose(ctx, found)


def _compose(ctx: Context, found: list[Mention]) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    known = {(m.start, m.end): m for m in found}
    by_start = sorted(found, key=lambda m: (m.start, -m.end))
    previous: Mention | None = None
    for m in by_start:
        parent = _nested_parent(ctx, m, found)
        if m.type in ("Campus", "University") and parent is None and m.type == "Campus":
            parent_label = None
            sentence = ctx.doc.segment_at(m.start, "sentence")
            # coordination: 江南大学宜兴校区、江阴校区
            if previous and previous.type == "Campus" and text[previous.end : m.start] == "、":
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
                yield _parent_relation(m, parent_label, "University", "institution.coordination")
                loc = _location(ctx, m, Mention(doc_id, m.start, m.start, "", "University", "", parent_label))
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
            if parent.text != parent.name and m.name.startswith(parent.text):
                # 省常中溧阳分校 -> 江苏省常州高级中学溧阳分校, the written form kept as an alias
                label = parent.name + m.name[len(parent.text) :]
                attrs += (("alias", m.name),)
            m = Mention(doc_id, m.start, m.end, m.text, typ, m.rule, label, attrs)
            yield m
            yield Relation(m, "partOf", parent, "institution.composition", m.start, m.end)
        else:
            yield m
        previous = m
        loc = _location(ctx, m, parent)
        if loc is not None:
            yield loc
    del known


def _registry_universities(ctx: Context, start: int, end: int) -> list[Mention]:
    out = []
    text = ctx.doc.text
    for form, entry in ctx.aliases.items():
        if entry.type != "University":
            continue
        pos = text.find(form, start, end)
        if pos >= 0:
            out.append(
                Mention(
                    ctx.doc.meta.id, pos, pos + len(form), form, "University", "names.registry", entry.label
                )
            )
    return out


def _nested_parent(ctx: Context, m: Mention, found: list[Mention]) -> Mention | None:
    """An institution named at the start of m's name (东南大学 in 东南大学无锡国际校区)."""
    if m.type not in ("Campus", "University", "College", "ResearchCenter", "School", "GovernmentBody"):
        return None
    best = None
    for o in found:
        if (
            o is not m
            and o.start == m.start
            and o.end < m.end
            and o.type in ("University", "School", "College")
            and (best is None or o.end > best.end)
        ):
            best = o
    if best is None:
        name = m.name
        for form, entry in ctx.aliases.items():
            if (
                entry.type in ("University", "School", "College")
                and name.startswith(form)
                and len(name) > len(form) + 2
                and (best is None or len(form) > best.end - best.start)
            ):
                best = Mention(
                    m.doc_id, m.start, m.start + len(form), form, entry.type, "names.registry", entry.label
                )
    if best is not None and m.type in ("ResearchCenter", "GovernmentBody"):
        return None
    return best


def _parent_relation(m: Mention, parent_label: str, parent_type: str, rule: str) -> Relation:
    parent = Mention(m.doc_id, m.start, m.end, m.text, parent_type, rule, parent_label)
    return Relation(m, "partOf", parent, rule, m.start, m.end)


def _location(ctx: Context, m: Mention, parent: Mention | None) -> Relation | None:
    """An institution whose own name part starts with a place is located there."""
    name = m.name
    own = name
    if parent is not None:
        for form in (parent.name, parent.text):
            if form and name.startswith(form):
                own = name[len(form) :]
                break
    # a college is where its university is; a campus is where its own name says
    fallback = [name[:n] for n in (4, 3, 2)] if own != name and m.type == "College" else []
    candidates = [own[:n] for n in (4, 3, 2)] + fallback
    for form in candidates:
        place = ctx.place(form)
        if place is not None:
            pm = ctx.place_mention(m, place, "institution.location")
            return Relation(m, "locatedIn", pm, "institution.location", m.start, m.end)
    return None
