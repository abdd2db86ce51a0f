"""Rule family initiative.*: named programs, plans and events recognised by their suffix.

- initiative.plan: a name ending in 规划/行动计划/方案/纲要, or in 计划 followed by a period
  （2021—2025）, is an ActionPlan; the period gives start and end years. A bare “十四五”规划 takes the
  body named before its verb as owner (某学院编制“十四五”发展规划 -> 某学院“十四五”发展规划).
  Example: 组织实施职业教育质量提升攀登计划（2021—2025） -> ActionPlan 职业教育质量提升攀登计划.
- initiative.program: a name ending in 计划/工程/行动/项目/示范区/实验区/样板/运动/战略/主题教育/奖 …
  is a Program. Example: 继续实施中小学品格提升工程 -> Program 中小学品格提升工程.
- initiative.designation: a title a place or school is awarded or built up to (…示范校, …普惠县,
  …智慧校园, …高水平高职院校), after 创建/争创/建成/评为 or before 创建/评估.
- initiative.event: a named occasion: 第N届…, …大赛/运动会/特奥会/会议/宣传月/活动周/夏令营/系列活动,
  建党一百周年. Example: 办好市第五届听障学生运动会 -> Event 市第五届听障学生运动会.
- initiative.levels (graph/extract/levels.py): 国家、省教学成果奖 names 国家教学成果奖 and 省教学成果奖; 全国、全省
  教育工作会议 names 全国教育工作会议 and the province's 吉林省教育工作会议.
Governing verbs before the name are trimmed; generic names (重点项目, 年度工作计划) are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from graph.core.model import Mention, Relation
from graph.extract.canonical import drop_upper_place
from graph.extract.context import Context
from graph.extract.forms import order, typed
from graph.extract.initiative_cuts import GENERIC_NAMES, INNER_CUT, KEEP_LEAD, dangling, inner_cut, no_name
from graph.extract.levels import WHOLE_LEVEL, levels, whole_meetings
from graph.extract.lexicon import (
    ETC,
    LEAD_WORDS,
    LIST_JOINERS,
    PERIOD,
    after_last,
    balance_quotes,
    clean_label,
    is_generic,
    is_generic_initiative,
    scan_left,
    trim_lead,
)
from graph.extract.listed import listed
from graph.extract.works import VERB_BEFORE, name_across, subject_before_verb, verb_head_cut, works_of_head
from graph.ingest import starts
from graph.knowledge.words import mapping, pairs, pattern, words

LEAD_SET = set(LEAD_WORDS)
PLAN_SUFFIX = tuple(words("initiatives", "plan_suffixes"))
SUFFIXES: list[tuple[str, str]] = sorted(
    pairs("initiatives", "suffixes"),
    key=lambda s: len(s[0]),
    reverse=True,
)
SUFFIX_RE = re.compile("|".join(re.escape(s) for s, _ in SUFFIXES))
# compiled once (not looked up in re's cache at each call): what _span and _named test a name with
_QUOTE_BREAK, _COUNT_BEFORE = (
    re.compile("[”。；;！？]"),
    re.compile(r"^(?:\d+月份?)?[\d一二三四五六七八九十百两]+[所个家项名件]"),
)
_YEAR_ONLY, _CITY_ONLY = re.compile(r"(?:19|20)\d{2}年度?"), re.compile(r".{2,3}市")
_COUNTED, _SUMMED = (
    re.compile(r"(?<!第)[\d一二三四五六七八九十两]+[多余]?[个所]"),
    re.compile(r"”[一二三四五六七八九十两\d]+[大项]"),
)
TYPE_OF = dict(SUFFIXES)
# what, after a head, makes it no name's end: words (a string of single characters reads as its characters)
NO_FOLLOW = {
    h: tuple(v if isinstance(v, str) else map(str, v)) for h, v in mapping("initiatives", "no_follow").items()
}
PARTICLE_CUT = re.compile(pattern("initiatives", "particle_cut"))
SCHOOL_WORKS = re.compile(pattern("initiatives", "school_works"))
# a joiner before a whole level (及全市, 和全区): the meeting named after it is the last of a list
WHOLE_AFTER_JOINER = re.compile("[" + LIST_JOINERS + "](?=" + WHOLE_LEVEL.pattern + ")")
COORD = re.compile(pattern("initiatives", "coord"))
PERIOD_MARK = re.compile(r"“[十一二三四五六七八九]+五”")
NUMERIC_PRE = re.compile(pattern("initiatives", "numeric_pre"))
ANNIVERSARY = re.compile(pattern("initiatives", "anniversary"))
# designations: titles awarded to places and schools
DESIGNATION = re.compile(pattern("initiatives", "designation"))
DESIGNATION_VERB = re.compile(pattern("initiatives", "designation_verb"))
DESIGNATION_AFTER = tuple(words("initiatives", "designation_after"))
MEASURE_ENDINGS = tuple(words("initiatives", "measure_endings"))
DESIGNATION_WORDS = re.compile(pattern("initiatives", "designation_words"))
SHARED_COUNT = re.compile(rf"(?:{pattern('initiatives', 'shared_head_count')})$")
SHARED_MOD = re.compile(rf"(?:{pattern('initiatives', 'shared_head_modifier')})$")
LIST_STOP = "，,。；;：:！？!?\n（）()《》"
_LIST_STOP = re.compile(f"[{re.escape(LIST_STOP)}]")
MEETINGS = tuple(words("initiatives", "meetings"))
SCHOOL_ITEM = re.compile(pattern("initiatives", "school_item"))  # an item naming schools
REPORT_WORDS = re.compile("|".join(map(re.escape, words("initiatives", "report_words"))))


def recognise(ctx: Context) -> Iterator[Mention | Relation]:
    named: list[Mention] = []
    for item in _recognise(ctx):
        if isinstance(item, Mention):
            named.append(item)
        yield item
    yield from listed(ctx, named)


def _recognise(ctx: Context) -> Iterator[Mention | Relation]:
    text = ctx.doc.text
    for m in SUFFIX_RE.finditer(text):
        if m.group() in MEETINGS and (meetings := list(whole_meetings(ctx, m.start(), m.end(), m.group()))):
            yield from meetings
            continue
        mention = _named(ctx, m.start(), m.end(), m.group(), TYPE_OF[m.group()])
        if mention is None:
            yield from _distributed(ctx, m.start(), m.end(), m.group(), TYPE_OF[m.group()])
            continue
        yield mention
        yield from levels(ctx, mention)
        yield from _distributed(ctx, m.start(), m.end(), m.group(), TYPE_OF[m.group()])
        if mention.name.endswith(("启动仪式", "开幕式")) and len(mention.name) > 8:
            whole = mention.name[: -4 if mention.name.endswith("启动仪式") else -3]
            parent = Mention(
                mention.doc_id, mention.start, mention.end - 4, whole, "Program", "initiative.event", whole
            )
            yield parent
            yield Relation(mention, "partOf", parent, "initiative.event", mention.start, mention.end)
    for m in starts.finditer(DESIGNATION, text):
        mention = _designation(ctx, m.start(), m.end(), m.group())
        if mention is not None:
            yield mention
            yield from levels(ctx, mention)


def _span(ctx: Context, suffix_start: int, suffix_end: int, suffix: str) -> tuple[int, int]:
    text = ctx.doc.text
    end = suffix_end
    if end < len(text) and text[end] == "”":
        end += 1
    start = scan_left(text, suffix_start, keep_paren=_name_bracket)
    q = text.rfind("“", max(0, suffix_start - 24), start) if text[end - 1] == "”" else -1
    if q >= 0 and not _QUOTE_BREAK.search(text, q, suffix_start):
        start = q  # “百所中小学、幼儿园提升工程”: the quoted name is whole across its own list mark
    if start > 0 and text[start - 1] == "《" and text.startswith("》", end):
        return start, end  # a whole title in book marks: 《国家中长期教育改革和发展规划纲要》 is one name
    run = text[start:suffix_start]
    particle = PARTICLE_CUT.match(run)
    if particle:  # 实施了学前教育宣传月, 为确保项目 (nothing left: refused)
        start, run = start + particle.end(), run[particle.end() :]
    start += inner_cut(run, suffix, closed=text[end - 1] == "”")
    start += verb_head_cut(ctx, text[start:suffix_start])  # 市教育局计划招募…计划: the body plans
    run_start = start
    _name, removed = trim_lead(text[start:suffix_start] + suffix, min_rest=len(suffix) + 2)
    start += removed
    if removed and text[start - 1] in LIST_JOINERS:  # 和平区计划新建: the county's 和, not a lead word
        inside = name_across(ctx, text, run_start, start - 1)
        start = start if inside is None else min(start, inside)
    for w in KEEP_LEAD:  # a name-opening word (高质量…行动) trimmed as if it governed the name
        if removed and text.startswith(w, start - len(w)) and start - len(w) >= run_start:
            before = text[start - len(w) - 1] if start - len(w) > 0 else ""
            if start - len(w) == run_start or before in "、，,“":
                start -= len(w)
                break
    number = _COUNT_BEFORE.match(text[start:suffix_start])
    if number:  # 5所省智慧校园示范校 -> 省智慧校园示范校
        start += number.end()
    coord = COORD.match(text[start:suffix_start])
    event = TYPE_OF.get(suffix) == "Event"
    whole = [w.end() for w in WHOLE_AFTER_JOINER.finditer(text, start, suffix_start)] if event else []
    if coord:  # 市第五届听障学生运动会和第八届特奥会 -> the second name
        start += len(coord.group(1)) + 1
    elif whole:  # 全省及全市教育大会 -> 全市教育大会
        start = whole[-1]
    elif not event:  # …项目培育和市教学成果奖: a list ends with the name
        last = text.rfind("和", start, suffix_start)
        if last >= 0 and suffix_start - last - 1 >= 2 and "“" not in text[start:last]:
            inside = name_across(ctx, text, start, last)  # 和平区计划新建, 区教育和体育局计划: a name's 和
            start = last + 1 if inside is None else inside
    return balance_quotes(text, start, end)


def _named(ctx: Context, s: int, e: int, suffix: str, typ: str) -> Mention | None:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    if text.startswith(NO_FOLLOW.get(suffix, ()), e):
        return None
    if text.endswith(VERB_BEFORE.get(suffix, ()), 0, s):
        return None
    start, end = _span(ctx, s, e, suffix)
    alias = ""
    q = text.rfind("“", start, s)
    quoted_all = q >= start and text[end - 1] == "”"
    if q > start and not PERIOD_MARK.match(text, q) and (text[end - 1] == "”" or text.find("”", q, s) > 0):
        inner = clean_label(text[q:end])
        numeric = NUMERIC_PRE.fullmatch(inner[: -len(suffix)] or "x") and text[q - 1] != "”"
        if not numeric:  # keep 近视综合防控“八项工程” whole, but not “青教薪火”“50100计划”
            # 教育部“强基计划” -> 强基计划, with the longer form as an alias (not across another quote)
            alias = clean_label(text[start:end]) if "”" not in text[start:q] else ""
            start = q
    label = clean_label(text[start:end])
    owner = _owner(ctx, start, label)
    if owner:
        alias, label = label, owner + label
    if typ == "Event" and not alias and (short := drop_upper_place(ctx, label)) != label:
        alias, label = label, short  # 郴州市汝城县2023年教育大会: the county's meeting, named by the county
    pre = label[: -len(suffix)]
    if suffix == "周年":
        return (
            Mention(doc_id, start, end, text[start:end], "Event", "initiative.event", label)
            if ANNIVERSARY.search(pre)
            else None
        )
    if REPORT_WORDS.search(pre) or _YEAR_ONLY.fullmatch(pre):  # 2022年计划完成: a verb
        return None  # 某局2022年工作总结及2023年工作计划: a report's title
    if suffix in VERB_BEFORE and not (alias or quoted_all) and subject_before_verb(ctx, pre):
        return None  # 香洲区计划新建, 区教育局规划建设: the place or body plans (国培计划 is a name)
    if label in GENERIC_NAMES or len(pre) < 2 or is_generic_initiative(pre) or pre.endswith("的"):
        return None  # …的战略, …的项目: a description, not a name
    if suffix in ("项目", "工程") and SCHOOL_WORKS.search(pre):
        return None  # 某小学迁建项目: one school's construction; the school is named by its own recogniser
    if works_of_head(pre) and not quoted_all:
        return None  # 薄弱学校改造计划建设项目: the works of the name before (薄弱学校改造计划), named alone
    if NUMERIC_PRE.fullmatch(pre) and not quoted_all:
        return None
    if ETC.search(pre) or label.count("“") != label.count("”") or pre in LEAD_SET or dangling(pre):
        return None
    if typ != "Event" and any(mark in label for mark in ",，;；"):
        return None  # “…北山中心教学楼,”建设项目: a clause's mark inside is no program's (a meeting's title may hold one)
    if _COUNTED.search(pre):  # 学生实习管理八个专项行动, 某园3所学校…: a count
        return None
    if _SUMMED.search(text, start, end):  # “种子工程”…“金穗工程”五大工程: a summary
        return None
    if typ != "Event" and "和" in pre:
        return None
    if clean_label(pre) in ctx.aliases or _CITY_ONLY.fullmatch(pre):
        return None
    if suffix == "项目" and pre.endswith("奖"):
        return None
    if no_name(ctx, pre, suffix):
        return None  # 回民区项目, 直属学校项目4个: a place's projects, projects counted
    if suffix in ("项目", "计划", "联盟") and is_generic(re.sub(r"(?:重点|基建|建设)$", "", pre) or "x"):
        return None  # 高等教育重点项目, 直属学校基建项目, 产教联盟: a kind, not a name
    if typ == "Event" and "”和" in label:
        return None
    if label in ctx.aliases:
        return None
    event = typ == "Event" and ctx.place_at_start(label) is None  # 教育大会 where 某市教育大会 is written
    home = _home_form(ctx, label) if typ == "ActionPlan" or event or label.endswith(PLAN_SUFFIX) else ""
    if home:  # 教育事业“十二五”发展规划 where the text also writes 扬州市教育事业“十二五”发展规划
        alias, label = label, home
    attrs: tuple[tuple[str, str], ...] = (("alias", alias),) if alias else ()
    if owner:
        attrs += (("owner", owner),)
    period = PERIOD.match(text, end)
    if period:
        attrs += (("startYear", period.group(1)), ("endYear", period.group(2)))
        if typ == "Program" and suffix == "计划":
            typ = "ActionPlan"
    if typ == "Program" and label.endswith(PLAN_SUFFIX):
        typ = "ActionPlan"
    return Mention(doc_id, start, end, text[start:end], typ, f"initiative.{_rule(typ)}", label, attrs)


def _name_bracket(inner: str) -> bool:
    """A short bracketed part inside a name is the name's own: 中小学(幼儿园)建设三年提升计划."""
    return 2 <= len(inner) <= 6 and not re.search(r"[\d，,。；;、]", inner)


def _distributed(ctx: Context, s: int, e: int, suffix: str, typ: str) -> Iterator[Mention]:
    """A head shared by a list: 基础教育优质资源倍增、职业教育创新发展三年行动计划 names 基础教育优质资源倍增
    三年行动计划 and 职业教育创新发展三年行动计划; 巡察整改、学校传染病防控等2个专项行动 names 巡察整改专项
    行动 and 学校传染病防控专项行动 (initiative.distributed)."""
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    list_end, head = s, suffix
    count = SHARED_COUNT.search(text, max(0, s - 6), s)
    if count:
        list_end = count.start()
    else:
        mod = SHARED_MOD.search(text, max(0, s - 4), s)
        if mod:
            list_end, head = mod.start(), text[mod.start() : s] + suffix
    begin = after_last(text, list_end, _LIST_STOP, 120)
    items_text = text[begin:list_end]
    if "、" not in items_text:
        return
    parts = items_text.split("、")
    pos = begin
    spans = []
    for part in parts:
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    first_s, first_e = spans[0]
    cut = PARTICLE_CUT.match(text[first_s:first_e]) or INNER_CUT.match(text[first_s:first_e])
    if cut:
        spans[0] = (first_s + cut.end(), first_e)
    _n, removed = trim_lead(text[spans[0][0] : first_e], min_rest=2)
    spans[0] = (spans[0][0] + removed, first_e)
    if any(text.count("“", a, b) != text.count("”", a, b) for a, b in spans):
        return  # a quote runs across the list: “传承…、涵养…”主题教育 is one name
    names = [(a, b, clean_label(text[a:b])) for a, b in spans]
    if len(names) < 2 or any(not 2 <= len(n) <= 16 or SUFFIX_RE.search(n) for _, _, n in names):
        return
    if count is None and not any(n.endswith(MEASURE_ENDINGS) for *_, n in names):
        return  # without a count, only lists of measures (…发展、…建设) share a plan's head
    if count is None and is_generic_initiative(names[-1][2]):
        return  # 教育教学改革、…、教育重点工程: the written name is generic, the items share no named head
    if count is None and any(INNER_CUT.match(n) for _, _, n in names[1:]):
        return  # 副书记、主任某某围绕…部署、学校建设规划: a clause runs through the items (none counted)
    if any(SCHOOL_ITEM.search(n) for *_, n in names):
        return  # 某小学、某幼儿园3所学校建设项目: schools' works, the schools are the entities
    rule_typ = "ActionPlan" if typ == "Program" and head.endswith(PLAN_SUFFIX) else typ
    for a, b, name in names:
        label = name + head
        if label in GENERIC_NAMES or label in ctx.aliases:
            continue
        quoted = text[a] == "“" and text[b - 1] == "”"  # “道德大讲堂”…等主题教育: the quoted name's own form
        attrs = (("alias", name),) if quoted else ()
        yield Mention(doc_id, a, e, text[a:e], rule_typ, "initiative.distributed", label, attrs)


def _home_form(ctx: Context, label: str) -> str:
    """The plan's name with its home place in front, when the document writes that fuller form too."""
    city = ctx.doc.meta.city
    if not city or label.startswith((city, city[:-1])):
        return ""
    full = city + label
    return full if _written(ctx, full, len(city)) else ""


def _written(ctx: Context, full: str, head: int) -> bool:
    """Whether the document's text (quotes and spaces taken out) holds `full`: looked up at the places of
    its first `head` characters followed by its next two, listed once per document and head (not a
    search of the whole text per name)."""
    text = _unquoted(ctx.doc.text)
    if len(full) < head + 2:
        return full in text
    places = ctx.memo.get(("initiatives:written", full[:head]))
    if places is None:
        places = ctx.memo[("initiatives:written", full[:head])] = {}
        k = text.find(full[:head])
        while k >= 0:
            places.setdefault(text[k + head : k + head + 2], []).append(k)
            k = text.find(full[:head], k + 1)
    return any(text.startswith(full, k) for k in places.get(full[head : head + 2], ()))


@lru_cache(maxsize=32)
def _unquoted(text: str) -> str:
    """The text without quotes, book marks and whitespace (re.sub(r"[“”《》\\s]", "", text), in C)."""
    return "".join(text.replace("“", "").replace("”", "").replace("《", "").replace("》", "").split())


_PERIOD_LABEL = re.compile(r"[十一二三四五六七八九]+五")
_DRAFTED = re.compile(r"(?:编制|制定|制订|研制|出台|实施)$")


def _owner(ctx: Context, start: int, label: str) -> str:
    """The body a “十四五” plan belongs to: 某学院编制“十四五”发展规划 -> 某学院."""
    text = ctx.doc.text
    if not PERIOD_MARK.match(text, start) and not _PERIOD_LABEL.match(label):
        return ""
    before = text[max(0, start - 16) : start]
    verb = _DRAFTED.search(before)
    head = before[: verb.start()] if verb else before
    best = ""
    # the forms of such bodies that end the head, taken in the alias index's order as a scan of it would
    ends = typed(ctx.alias_parts, ("University", "College", "School", "GovernmentBody")).ending(
        head, len(head)
    )
    for form in sorted(ends, key=order(ctx.alias_parts)):
        if len(form) > len(best):
            best = ctx.aliases[form].label
    return best


def _designation(ctx: Context, s: int, e: int, suffix: str) -> Mention | None:
    """A title awarded or built up to: the name runs from the verb (创建, 争创, 建成 …) to the suffix."""
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    start = scan_left(text, s)
    verbs = list(DESIGNATION_VERB.finditer(text, start, s))
    if verbs:
        start = verbs[-1].end()
    _name, removed = trim_lead(text[start:s] + suffix, min_rest=len(suffix) + 1)
    start += removed
    number = re.match(r"^[\d一二三四五六七八九十百两]+[所个家项名]", text[start:s])
    if number:  # 建设30个市级思政教育示范基地: a count, then the title
        start += number.end()
    start, end = balance_quotes(text, start, e)
    label = clean_label(text[start:end])
    pre = label[: -len(suffix)] if label.endswith(suffix) else label
    if ETC.search(pre) or label in ctx.aliases or len(label) < 4:
        return None
    after = text[end : end + 2]
    if not (verbs or (after in DESIGNATION_AFTER and DESIGNATION_WORDS.search(label))):
        return None
    return Mention(doc_id, start, end, text[start:end], "Program", "initiative.designation", label)


def _rule(typ: str) -> str:
    return {"ActionPlan": "plan", "Program": "program", "Event": "event"}[typ]
