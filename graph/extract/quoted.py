"""Rule quoted.program: names in curly quotes “X” that are programs, campaigns or platforms.

Pattern: “X” optionally followed by a head word. With 工程/计划/行动/项目/主题教育/普法 … the head is
part of the name (“锡教名师”培养工程); with 建设/工作/改革 … it is not (“教联体”建设 -> 教联体, with the
longer form as an alias). Slogans (“四个意识”, “六稳”), mottos (“五育并举”, “质量立校”: quoted.yaml motto, even
when taken up as a handle), phrases with commas and plan-period markers (“十四五”) are refused. Example: 深入推进“县管校聘”管理体制改革 -> Program 县管校聘.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.core.model import Mention
from graph.extract.context import Context
from graph.extract.lexicon import LEAD_WORDS, SLOGAN, clean_label, scan_left, trim_lead
from graph.knowledge.words import pattern, words

QUOTE = re.compile(r"“([^“”\n]{2,24})”")
NAME_HEADS = tuple(words("quoted", "name_heads"))
ALIAS_HEADS = tuple(words("quoted", "alias_heads"))
EVENT_HEADS = tuple(words("quoted", "event_heads"))
PLATFORM_HEADS = ("平台", "数字化平台")
PLATFORM_WORDS = re.compile(r"在线|网上.*学堂$|云$|网$|APP|App|通$")
REFUSE = re.compile(r"[，,。；;！？]|^\d+$|^[A-Za-z]$")
PERIOD_MARK = re.compile(r"^[十一二三四五六七八九]+五$")
# a head a few characters after the quote makes a longer name: “四有”好教师团队
CONTINUED = re.compile(pattern("quoted", "continued"))
# phrases, not programs: “从0到1”, 到“最后一米”, 防范“卷款跑路”, 聚焦“关键能力”, “暖心小事”
NOT_NAME_BEFORE = re.compile(pattern("quoted", "not_name_before"))
NOT_NAME_AFTER = re.compile(pattern("quoted", "not_name_after"))
NOT_NAME_INNER = re.compile(pattern("quoted", "not_name_inner"))
INSTITUTION_END = re.compile(pattern("quoted", "institution_end"))
PROGRAM_VERB = re.compile(pattern("quoted", "program_verbs"))
SLOGAN_AFTER = re.compile(pattern("quoted", "slogan_after"))
INSTRUMENT_AFTER = re.compile(pattern("quoted", "instrument_after"))
MOTTO = re.compile(pattern("quoted", "motto"))  # “五育并举”, “质量立校”: a watchword
LEAD_ENDS = tuple(w for w in LEAD_WORDS if len(w) >= 2)
SENTENCE_END = re.compile(r"[。；;！!]")
MODIFIED = re.compile(r"[\u4e00-\u9fff](?<![和与及等])")


def recognise(ctx: Context) -> Iterator[Mention]:
    text, doc_id = ctx.doc.text, ctx.doc.meta.id
    starts: dict[int, int] = {}  # where the run of quotes each position is in starts, and ends
    ends: dict[int, int] = {}
    for m in QUOTE.finditer(text):
        inner = m.group(1).strip()
        if REFUSE.search(inner) or inner in ctx.aliases:
            continue
        if INSTITUTION_END.search(inner) and any(inner.startswith(f) for f in _places(ctx, inner)):
            continue  # a real institution (“无锡师范高等专科学校”): the institution recogniser names it
        after = text[m.end() : m.end() + 8]
        head = (
            next((h for h in NAME_HEADS if after.startswith(h)), "") if after.startswith(NAME_HEADS) else ""
        )
        cont = CONTINUED.match(after) if not head else None
        if cont and "等" not in cont.group(1):
            head = cont.group(1)
        alias_head = (
            ""
            if head or not after.startswith(ALIAS_HEADS)
            else next(h for h in ALIAS_HEADS if after.startswith(h))
        )
        if not head and (SLOGAN.match(inner) or PERIOD_MARK.match(inner) or MOTTO.match(inner)):
            continue
        if (
            not head
            and not alias_head
            and (
                NOT_NAME_BEFORE.search(text[max(0, (c := _chain_start(text, m.start(), starts)) - 4) : c])
                or NOT_NAME_AFTER.match(text[(c := _chain_end(text, m.end(), ends)) : c + 3])
                or NOT_NAME_INNER.search(inner)
            )
        ):
            continue
        chain = (_chain_start(text, m.start(), starts), _chain_end(text, m.end(), ends))
        if not head and _slogan(text, chain, m.end(), inner, bool(alias_head)):
            continue
        if inner[-2:] in ("计划", "工程", "行动", "项目") or inner.endswith(("行动计划", "规划")):
            continue  # the initiative recogniser names it
        label = clean_label(inner + head)
        if label in ctx.aliases:
            continue
        end = m.end() + len(head)
        attrs: list[tuple[str, str]] = []
        if head:
            attrs.append(("alias", clean_label(inner)))
        if alias_head:
            attrs.append(("alias", clean_label(inner + alias_head)))
        prefix = _prefix(text, m.start())
        if prefix:
            attrs.append(("alias", clean_label(prefix + inner + head)))
        typ = "Program"
        if head in EVENT_HEADS or head.endswith("活动"):
            typ = "Event"
        elif head in PLATFORM_HEADS or PLATFORM_WORDS.search(inner):
            typ = "Platform"
        yield Mention(
            doc_id, m.start(), end, text[m.start() : end], typ, "quoted.program", label, tuple(attrs)
        )


def _chain_start(text: str, start: int, memo: dict[int, int]) -> int:
    """Where a run of quotes written side by side (解决“入园难”“入园贵”, “甲”、“乙”) starts: what governs the
    first governs them all. `memo` keeps each step's answer for the text, so that a run of n quotes costs
    n steps in all, not n for each quote."""
    path = []
    while (
        start not in memo
        and start > 0
        and (text[start - 1] == "”" or text[start - 2 : start] in ("”、", "”和"))
    ):
        opening = text.rfind("“", max(0, start - 26), start - 1)
        if opening < 0:
            break
        path.append(start)
        start = opening
    found = memo.get(start, start)
    for step in path:
        memo[step] = found
    return found


def _chain_end(text: str, end: int, memo: dict[int, int]) -> int:
    """Where a run of quotes written side by side ends (“甲”和“乙”责任状): what follows the last qualifies them
    all (`memo` as in `_chain_start`)."""
    path = []
    while end not in memo and end < len(text) and (text[end] == "“" or text[end : end + 2] in ("、“", "和“")):
        closing = text.find("”", end, end + 28)
        if closing < 0:
            break
        path.append(end)
        end = closing + 1
    found = memo.get(end, end)
    for step in path:
        memo[step] = found
    return found


def _slogan(text: str, chain: tuple[int, int], end: int, inner: str, alias_head: bool) -> bool:
    """A quoted phrase with no name head that is a slogan: a list of short phrases (“创新教育、精致学校、
    幸福师生”), two phrases side by side (“现代化教育高地 新时代教育之乡”), one a description names
    (“教育之乡”美誉), or one that ends its sentence as a predicate, not put to work by a program verb
    (幼儿园“华丽变身”。) nor taken up as a handle (以“全面改薄”为抓手). `chain`: where the run of quotes
    written side by side starts and ends (增加“园位”“学位”供给: what follows the last qualifies them all)."""
    if inner.count("、") >= 2 or " " in inner or SLOGAN_AFTER.match(text, end):
        return True
    if alias_head:
        return False
    start, end = chain
    ends = SENTENCE_END.match(text, end) is not None
    # 错峰“点对点”上下班: it qualifies the noun after it (but 特色的“大思政课”教学模式 is named)
    modifies = MODIFIED.match(text, end) is not None and not text.endswith("的", 0, start)
    taken_up = PROGRAM_VERB.search(text[max(0, start - 4) : start]) or INSTRUMENT_AFTER.match(text, end)
    return (ends or modifies) and not taken_up  # 以“全面改薄”为抓手: a program taken up


def _prefix(text: str, quote_start: int) -> str:
    """A modifier written right before the quote (行政执法“三项制度”), without governing verbs."""
    start = scan_left(text, quote_start, limit=12)
    run = text[start:quote_start]
    if not run or "”" in run or run.endswith(("和", "与", "及")):
        return ""
    name, _ = trim_lead(run + "X", min_rest=3)
    name = name[:-1]
    if name.endswith(LEAD_ENDS):
        return ""  # 成都七中办好“丘成桐少年班”: a verb governs the quote; what precedes it is no modifier
    return name if 2 <= len(name) <= 10 else ""


def _places(ctx: Context, inner: str) -> list[str]:
    return [inner[:n] for n in (2, 3) if ctx.place(inner[:n]) is not None]
