"""Rule family initiative.*: named programs, plans and events recognised by their suffix.

- initiative.plan: a name ending in 规划/行动计划/方案/纲要, or in 计划 followed by a period
  （2021—2025）, is an ActionPlan; the period gives start and end years.
  Example: 组织实施职业教育质量提升攀登计划（2021—2025） -> ActionPlan 职业教育质量提升攀登计划.
- initiative.program: a name ending in 计划/工程/行动/项目/示范区/实验区/样板/运动/战略/主题教育 … is a
  Program. Example: 继续实施中小学品格提升工程 -> Program 中小学品格提升工程.
- initiative.event: a named occasion: 第N届…, …大赛/运动会/特奥会/会议/宣传月/活动周/夏令营/系列活动.
  Example: 办好市第五届听障学生运动会 -> Event 市第五届听障学生运动会.
Governing verbs before the name are trimmed; generic names (重点项目, 专项行动) are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.extract.context import Context
from graph.extract.lexicon import (
    ETC,
    LEAD_WORDS,
    PERIOD,
    balance_quotes,
    clean_label,
    is_generic,
    scan_left,
    trim_lead,
)
from graph.model import Mention

LEAD_SET = set(LEAD_WORDS)

PLAN_SUFFIX = ("行动计划", "规划", "方案", "纲要", "提升计划")
SUFFIXES: list[tuple[str, str]] = sorted(
    [
        ("行动计划", "ActionPlan"),
        ("发展规划", "ActionPlan"),
        ("规划", "ActionPlan"),
        ("实施方案", "ActionPlan"),
        ("行动方案", "ActionPlan"),
        ("纲要", "ActionPlan"),
        ("计划", "Program"),
        ("工程", "Program"),
        ("行动", "Program"),
        ("专项行动", "Program"),
        ("项目", "Program"),
        ("示范区", "Program"),
        ("实验区", "Program"),
        ("样板", "Program"),
        ("运动", "Program"),
        ("战略", "Program"),
        ("主题教育", "Program"),
        ("学习教育", "Program"),
        ("工坊", "Program"),
        ("联盟", "Program"),
        ("大赛", "Event"),
        ("运动会", "Event"),
        ("特奥会", "Event"),
        ("工作会议", "Event"),
        ("宣传月", "Event"),
        ("活动周", "Event"),
        ("教育周", "Event"),
        ("夏令营", "Event"),
        ("系列活动", "Event"),
        ("展示活动", "Event"),
        ("座谈会", "Event"),
        ("启动仪式", "Event"),
        ("艺术展演", "Event"),
    ],
    key=lambda s: len(s[0]),
    reverse=True,
)
SUFFIX_RE = re.compile("|".join(re.escape(s) for s, _ in SUFFIXES))
TYPE_OF = dict(SUFFIXES)
NO_FOLLOW = {
    "计划": "书生内外招",
    "工程": "师建",
    "运动": "员场会习",
    "项目": "库化标",
    "行动": "力",
    "战略": "性",
    "样板": "间",
    "座谈会": "制",
    "规划": "平",
}
# generic heads that never make a name on their own
GENERIC_NAMES = {
    "重点项目",
    "专项行动",
    "行动计划",
    "实施方案",
    "工作方案",
    "建设项目",
    "基建项目",
    "培养项目",
    "合作项目",
    "发展规划",
    "年度计划",
    "工作计划",
    "年度工作计划",
    "招生计划",
    "中招计划",
    "五大行动",
    "十项行动",
    "强基行动",
    "有关项目",
}
INNER_CUT = re.compile(
    r".*(?:列入|获批|入选|授予|签订|获选|成为|被|对接|落实|参加|承办|举办|启动|出台|制定|研制|编制|核定|开展|推进|深化|加强|推动|支持|"
    r"办好|完成|做好|加大|在(?!锡)|实施(?=[^国]))好?"
)
COORD = re.compile(r"^(.*(?:会|赛|动|程|划|目|区|建设|工作))[和及与、](.+)$")
PERIOD_MARK = re.compile(r"“[十一二三四五六七八九]+五”")


def recognise(ctx: Context) -> Iterator[Mention]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    for m in SUFFIX_RE.finditer(text):
        suffix = m.group()
        nxt = text[m.end() : m.end() + 1]
        if nxt and nxt in NO_FOLLOW.get(suffix, ""):
            continue
        end = m.end()
        if end < len(text) and text[end] == "”":
            end += 1
        start = scan_left(text, m.start())
        run = text[start : m.start()]
        cut = INNER_CUT.match(run)
        if cut and len(run) - cut.end() >= 2:
            start += cut.end()
            run = text[start : m.start()]
        _name, removed = trim_lead(run + suffix, min_rest=len(suffix) + 2)
        start += removed
        coord = COORD.match(text[start : m.start()])
        if coord:  # 市第五届听障学生运动会和第八届特奥会 -> the second name
            start += len(coord.group(1)) + 1
        start, end = balance_quotes(text, start, end)
        alias = ""
        q = text.rfind("“", start, m.start())
        if (
            q > start
            and not PERIOD_MARK.match(text, q)
            and (text[end - 1] == "”" or text.find("”", q, m.start()) > 0)
        ):
            alias, start = (
                clean_label(text[start:end]),
                q,
            )  # 教育部“强基计划” -> 强基计划, alias 教育部强基计划
        label = clean_label(text[start:end])
        pre = label[: -len(suffix)]
        typ = TYPE_OF[suffix]
        if (
            label in GENERIC_NAMES
            or len(pre) < 2
            or is_generic(pre)
            or re.fullmatch(r"[\d一二三四五六七八九十两百千]+[大项个]?", pre)
        ):
            continue
        if (
            ETC.search(pre)
            or label.count("“") != label.count("”")
            or pre in LEAD_SET
            or pre[-1] in "和与及、"
        ):
            continue
        if (
            (typ != "Event" and "和" in pre)
            or clean_label(pre) in ctx.aliases
            or re.fullmatch(r".{2,3}市", pre)
        ):
            continue
        if label in ctx.aliases:
            continue
        attrs: tuple[tuple[str, str], ...] = (("alias", alias),) if alias else ()
        period = PERIOD.match(text, end)
        if period:
            attrs += (("startYear", period.group(1)), ("endYear", period.group(2)))
            if typ == "Program" and suffix == "计划":
                typ = "ActionPlan"
        if typ == "Program" and label.endswith(PLAN_SUFFIX):
            typ = "ActionPlan"
        yield Mention(doc_id, start, end, text[start:end], typ, f"initiative.{_rule(typ)}", label, attrs)


def _rule(typ: str) -> str:
    return {"ActionPlan": "plan", "Program": "program", "Event": "event"}[typ]
