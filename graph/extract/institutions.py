"""Rule family institution.*: institutions recognised by their suffix and composition.

- institution.suffix: a run of name characters ending in an institution suffix (大学, 学院, 校区, 分校,
  高级中学, 中学, 小学, 幼儿园, 教育局, 委员会, 研究中心, 平台 …), with governing verbs trimmed
  (支持江南大学 -> 江南大学) and generic names refused (在锡高校, 职业院校, 各级各类学校).
  Example: 完成东南大学无锡国际校区工程建设 -> Campus 东南大学无锡国际校区. A registry university in the run
  anchors the start (双方合作创办某大学附属学校 -> 某大学附属学校; boundaries.registry_anchor), and a school
  named by a local proper name counts in a works context too (新建某某学校, 某某小学新增学位).
- institution.composition, institution.coordination: how the names found compose (graph/extract/campuses.py).
- institution.location: an institution whose name starts with a place (无锡学院) or whose campus
  part names one (无锡国际校区) is locatedIn that place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention, Relation
from graph.extract.abbreviations import abbreviations, local_abbreviations
from graph.extract.boundaries import (
    SUFFIX_RE,
    TYPE_OF,
    clause_cut,
    connector_cut,
    county_one,
    inner_cut,
    place_prefix,
    registry_anchor,
)
from graph.extract.campuses import CAMPUS_SIDES, compose, first_side, side_campus
from graph.extract.canonical import canonical, home_relative
from graph.extract.context import Context
from graph.extract.lexicon import (
    ETC,
    LEAD_WORDS,
    LIST_JOINERS,
    ONE_PER_PLACE,
    STREET_NAME,
    balance_quotes,
    clean_label,
    ends_generic,
    is_generic,
    scan_left,
    trim_lead,
)
from graph.extract.zones import kind_not_town, zone_at
from graph.knowledge.words import entry, mapping, pattern, words

# a suffix followed by one of these is part of a longer word (大学生, 中学生, 高中阶段, 平台建设 is fine)
NO_FOLLOW = mapping("institutions", "no_follow")
NO_FOLLOW_EXCEPT = tuple(words("institutions", "no_follow_except"))
# names of these suffixes need a proper-name part: a place, a registry name or a quoted name
# a place and generic words name a class of schools (江苏省民办学校) but one body (无锡市家庭教育指导服务站)
SCHOOL_SUFFIXES = set(words("institutions", "school_suffixes"))
SCHOOL_ENDS = tuple(sorted(SCHOOL_SUFFIXES))
HOME_DETERMINERS = str(entry("institutions", "home_determiners"))
HOME_LEVELS = str(entry("institutions", "home_levels"))
NEEDS_PROPER = set(words("institutions", "needs_proper"))
QUANTITY = re.compile(r"[\d一二三四五六七八九十百两]+[所个家]")
DESCRIBED = re.compile(r"(?:[\d一二三四五六七八九十百两]+[所个家]|届|[两二三四五六七八九十]大)$")
LOCAL_HEADS = set(words("institutions", "local_heads"))
LOCAL_STOP = re.compile(pattern("institutions", "local_stop"))
WORKS_BEFORE = tuple(words("institutions", "works_before"))
WORKS_AFTER = tuple(words("institutions", "works_after"))
WORKS_HEADS = set(words("institutions", "works_heads"))
KIND_BEFORE = tuple(words("institutions", "kind_before_name"))
NAME_CHARS = re.compile(r"[\u4e00-\u9fff]+")
ZONE_HOMES = tuple(words("institutions", "zone_homes"))
ONE_KINDS = (*ONE_PER_PLACE, *words("institutions", "one_per_county"))  # 实验, 中心, 职业 …
MEASURES = str(entry("institutions", "ordinal_measures"))
ORDINAL = re.compile(
    rf"第[一二三四五六七八九十\d]+(?![一二三四五六七八九十\d{MEASURES}])"
)  # 第三中学, not 第三区域
TOPONYM_TAILS = set(words("institutions", "toponym_tails"))
GENERIC_PLACE_NAMES = set(words("institutions", "generic_place_names"))  # 城区, 郊区: a county or a word
LIST_BEFORE = mapping("institutions", "list_marks")["before"]
LIST_AFTER = mapping("institutions", "list_marks")["after"]


def _proper(ctx: Context, part: str, suffix: str = "") -> bool:
    if part[:1] not in ("市", "省", "教") and any(part[:n] in ctx.aliases for n in range(2, len(part) + 1)):
        return True  # a registry name starts the part (some prefix of it is a curated form)
    for length in (4, 3, 2):
        if ctx.place(part[:length]) is not None:
            return True
    zone = zone_at(ctx, part + suffix)
    if zone is not None and not LOCAL_STOP.search(part):
        # 太白湖新区渔皇小学, 某某镇幼儿园 (not 农村乡镇幼儿园, 美丽乡村学校)
        return not kind_not_town(zone, (part + suffix)[len(zone) :])
    return ORDINAL.search(part) is not None


def _home_one(pre: str, suffix: str) -> bool:
    """A school named by the home's level alone (县, 区) or a zone of the home written by its head alone (新区,
    开发区) and a word that makes the one school of its kind there (县实验小学, 县职业中学, 新区实验中学,
    开发区中心小学), like a place does."""
    if suffix not in SCHOOL_SUFFIXES:
        return False
    for head in (*ZONE_HOMES, *HOME_LEVELS):
        if not pre.startswith(head):
            continue  # (the rest would be empty: no kind word starts it)
        rest = pre[len(head) :] + suffix
        if any(rest.startswith(w) and rest[len(w) :] in SCHOOL_SUFFIXES for w in ONE_KINDS):
            return True
    return False


def recognise(ctx: Context) -> Iterator[Mention | Relation]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    found: list[Mention] = []
    for m in SUFFIX_RE.finditer(text):
        suffix = m.group()
        nxt = text[m.end() : m.end() + 2]
        if nxt[:1] and nxt[:1] in NO_FOLLOW.get(suffix, "") and not nxt.startswith(NO_FOLLOW_EXCEPT):
            continue
        if suffix in ("小学", "学校") and m.start() > 0 and text[m.start() - 1] == "中":
            continue  # 中小学, 中小学校: generic
        start = scan_left(text, m.start(), keep_paren=lambda inner: ctx.place(inner) is not None)
        scanned = start
        run = text[start : m.start()]
        start += clause_cut(run, listed=text[start - 1 : start] == "、", ctx=ctx)
        run = text[start : m.start()]
        start += connector_cut(ctx, run, suffix)
        run = text[start : m.start()]
        start += inner_cut(ctx, run, suffix)
        run = text[start : m.start()]
        # a count or a list before the name ends it: 平度市、莱西市50所农村幼儿园; 等领导走访了…
        for regex in (QUANTITY, ETC):
            last = None
            for hit in regex.finditer(run):
                last = hit
            if last is not None and last.end() < len(run):
                start += last.end()
                run = text[start : m.start()]
        # a place opening the run is no lead word, nor the home named by a determiner and its level
        name, removed = (
            (run + suffix, 0)
            if ctx.place_at_start(run) or home_relative(ctx, run)  # 将乐县第二中学, 我市第一中学
            else trim_lead(run + suffix, min_rest=len(suffix) + 2)
        )
        start += removed
        kind = (
            next((k for k in KIND_BEFORE if name.startswith(k) and len(name) - len(k) >= len(suffix) + 2), "")
            if name.startswith(KIND_BEFORE)
            else ""
        )
        start, name = start + len(kind), name[len(kind) :]  # 九年一贯制某某实验学校
        if name[:1] and name[:1] in HOME_DETERMINERS and name[1:2] and name[1:2] in HOME_LEVELS:
            start, name = start + 1, name[1:]  # 该市教育局: the home's body
        anchor = registry_anchor(ctx, scanned, start, m.start(), m.end(), TYPE_OF[suffix])
        if anchor != start:
            start, name = anchor, text[anchor : m.end()]
        pre = name[: -len(suffix)]
        # 市教育和体育局: a body of the home named by its level alone (canonical: 某市教育和体育局)
        relative = (
            TYPE_OF[suffix] == "GovernmentBody"
            and pre in HOME_LEVELS
            and canonical(ctx, name, "GovernmentBody") != name
        )
        if (
            (
                len(clean_label(pre)) < 2
                and not side_campus(text, pre, suffix, start)
                and not relative
                and not _home_one(pre, suffix)
            )
            or (
                is_generic(pre, n := place_prefix(ctx, pre) if suffix in SCHOOL_SUFFIXES else 0, titles=True)
                and not (n and (pre[n:] in ONE_PER_PLACE or county_one(ctx, pre, n)))
                and not relative
                and not _home_one(pre, suffix)
            )
            or ETC.search(pre)
            or (pre[-1] in LIST_JOINERS + "、" and len(pre) > 2)  # 某幼儿园及分园 (but 九和小学, 人和小学)
            or "的" in pre  # a description, not a name (跨省促进校地融合发展的大学)
            or (suffix in SCHOOL_SUFFIXES and pre in GENERIC_PLACE_NAMES)  # 农村学校与城区学校: a class
            or DESCRIBED.search(pre)  # a count (某幼儿园3所学校, 5个学院), an edition (第十三届小学青年教师…)
            or (TYPE_OF[suffix] == "Campus" and pre.endswith("新") and not pre[:-1].endswith(tuple(TYPE_OF)))
            or (TYPE_OF[suffix] == "Campus" and pre[-1] in CAMPUS_SIDES and is_generic(pre[:-1] or "x"))
        ):
            continue
        if (
            suffix in NEEDS_PROPER
            and not relative
            and not _home_one(pre, suffix)
            and not _proper(ctx, pre, suffix)
            and not _local(ctx, pre, suffix, start, m.end())
        ):
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
        full = canonical(ctx, label, typ)
        if full != label and not alias:
            alias, label = label, full
        mention = Mention(
            doc_id, s, e, text[s:e], typ, "institution.suffix", label, (("alias", alias),) if alias else ()
        )
        if len(pre) == 1 and (first := first_side(ctx, found, start, suffix)) is not None:
            found.append(first)  # 某中学东、西校区: 某中学东校区 before 西校区
        found.append(mention)
    found.extend(abbreviations(ctx))
    found.extend(local_abbreviations(ctx))
    yield from compose(ctx, found)


def _local(ctx: Context, pre: str, suffix: str, start: int, end: int) -> bool:
    """A school named by a local proper name (a street, village, estate or person: 同德路小学, 王埠中学):
    a short run of name characters with no word of the sentence in it, not ending in a generic word
    (足球特色学校), not a class counted (篮球特色学校10所), and either a toponym (…路, …村), one of a list, or
    in a works context: the object of a construction verb or the subject of works, new places or an occasion
    held there (新建某某学校, 某某小学新增学位, 在某某小学隆重举行; institution.works)."""
    works = suffix in WORKS_HEADS
    if not (suffix in LOCAL_HEADS or works) or not 2 <= len(pre) <= 10 or not NAME_CHARS.fullmatch(pre):
        return False
    if pre in LEAD_WORDS:
        return False  # 做好初中、高中…
    text = ctx.doc.text
    in_works = text.endswith(WORKS_BEFORE, 0, start) or text.startswith(WORKS_AFTER, end)
    if works and not in_works:
        return False
    if pre[0] in "市区县" and len(pre) >= 3 and not LOCAL_STOP.search(pre) and not is_generic(pre[1:]):
        return True  # 市政府机关幼儿园: a school of the home place
    # a word of the sentence stops a local name, but not the two characters that name a street (和平路, 为民路)
    own = pre[:-1] if len(pre) == 2 and pre[-1] in LIST_JOINERS else pre  # 九和小学, 人和中学: the name's 和
    if LOCAL_STOP.search(STREET_NAME.sub("路", own)) or is_generic(pre) or pre.startswith(tuple(LOCAL_HEADS)):
        return False
    if ends_generic(pre):
        return False  # 足球特色学校 (but 大元中心小学)
    if QUANTITY.match(text, end):
        return False
    toponym = any(ch in TOPONYM_TAILS for ch in pre[1:])
    listed = (start > 0 and text[start - 1] in LIST_BEFORE) or text[end : end + 1] in LIST_AFTER
    # joined to a school named before it: 某某学校和某某小学
    listed = listed or (
        start > 0 and text[start - 1] in LIST_JOINERS and text.endswith(SCHOOL_ENDS, 0, start - 1)
    )
    return toponym or listed or in_works
