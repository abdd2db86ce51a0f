"""Rule family figure.*: quantitative figures as structured targets.

- figure.quantity: a number (Arabic or Chinese, with 万/亿) and a unit (%, 所, 个, 名, 人次, 万元, 节, 项 …),
  with a comparator from the words around it (以上/不低于/多/余 >=, 超过 >, 以内/以下/不超过 <=, 左右/约/近 ~).
  Example: 普惠优质资源覆盖率达90%以上 -> 90 %, >=, indicator 普惠优质资源覆盖率.
- figure.rank: 位列全省第二 -> 2 名 (a rank is a figure).
Not figures: dates and years (2021年, 3月4日), ordinals (第五届; meetings: 十五届二次全会), numbers inside quoted names (“万名教师访万家”),
plan names (十四五, 2.0). Status and year come from graph/extract/timing.py: the document's genre, the
headings over the figure and the scope of its sentence (将 over coordinated clauses; 开工, 现有 achieved;
the year governing the sentence or paragraph, never a comparison's base year).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from graph.core.model import Figure
from graph.extract import breakdown, changes, figure_tables, respective, timing
from graph.extract.context import Context
from graph.extract.indicator import phrase
from graph.extract.numbers import CN_CHARS, to_decimal
from graph.knowledge.words import pairs, pattern, words

UNITS = sorted(
    words("figures", "units"),
    key=len,
    reverse=True,
)
CN_UNITS = set(words("figures", "cn_units"))
# bounded runs: a number never has more digits than these, and an unbounded run makes the regex
# quadratic on a line of digits or of 一 (each start would scan to the run's end); a longer run's tail
# still matches but is refused below (a digit or numeral before it), as the whole run was.
# The number is \d{1,18}(?:\.\d{1,12})? or [CN_CHARS]{1,12}, written as its first character (one class)
# and the rest of the run that character opens: a pattern opening with a class is searched by skipping in
# C to the class's characters, one opening with alternatives is tried at every character of the text.
NUMBER = re.compile(
    rf"(?P<num>[\d{CN_CHARS}](?:(?<=\d)\d{{0,17}}(?:\.\d{{1,12}})?|(?<=[{CN_CHARS}])[{CN_CHARS}]{{0,11}}))"
    rf"(?P<mult>[万亿](?!元))?(?P<approx>多|余)?(?P<unit>{'|'.join(map(re.escape, UNITS))})"
)
NOT_AFTER = re.compile(pattern("figures", "not_after"))
DEMONSTRATIVES = tuple(words("figures", "demonstratives"))
RANKING_UNITS = set(words("figures", "ranking_units"))
RANK = re.compile(pattern("figures", "rank"))
PRE_CMP = pairs("figures", "pre_cmp")
SESSION_BEFORE = re.compile(pattern("figures", "session_before"))
SESSION_AFTER = re.compile(pattern("figures", "session_after"))
POST_CMP = pairs("figures", "post_comparators")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Quoted names and book titles: numbers inside them are part of a name (“万名教师访万家”,
    《…百项重点任务》), not figures."""
    return [(m.start(), m.end()) for m in re.finditer(r"“[^“”\n，,]{1,30}”|《[^《》\n]{1,60}》", text)]


def recognise(ctx: Context) -> Iterator[Figure]:
    text = ctx.doc.text
    quantities: list[Figure] = []
    bare: set[int] = set()  # starts of values that share the unit of the figure after them
    for fig in _quantities(ctx):
        if fig.clause is not None:
            for a, b in respective.bare_values(text, _clause(text, fig.start), fig.start):
                bare.add(a)
                digits, multiplier = (
                    (text[a : b - 1], text[b - 1]) if text[b - 1] in "万亿" else (text[a:b], "")
                )
                value = to_decimal(digits, multiplier)
                quantities.append(_figure(ctx, _clause(text, a), a, b, value, fig.unit, "=", fig.rule))
        quantities.append(fig)
    tables = figure_tables.read(ctx)
    if tables:  # a table's cells are read by its rows and columns, not as figures of a sentence
        starts = [t.start for t in tables]
        quantities = [q for q in quantities if not _in_table(tables, starts, q.start)]
        for t in tables:
            yield from t.figures
    yield from breakdown.inherit(text, changes.inherit(text, respective.assign(text, quantities, bare)))
    yield from _ranks(ctx)


def _in_table(tables: list[figure_tables.Table], starts: list[int], pos: int) -> bool:
    k = bisect_left(starts, pos + 1) - 1  # the last table starting at or before pos
    return k >= 0 and pos < tables[k].end


def _quantities(ctx: Context) -> Iterator[Figure]:
    text = ctx.doc.text
    quoted = _quoted_spans(text)
    for m in NUMBER.finditer(text):
        num, unit = m.group("num"), m.group("unit")
        s, e = m.start(), m.end()
        k = bisect_left(quoted, (s,)) - 1  # the quoted span starting last before s (spans are disjoint)
        if k >= 0 and quoted[k][1] > s:
            continue
        if s > 0 and (text[s - 1] in "第每" or text[s - 1].isdigit() or text[s - 1] in ".·+—-"):
            continue
        if text[max(0, s - 2) : s].endswith(DEMONSTRATIVES):
            continue  # 这6个项目: the projects counted before, not a figure again
        if s > 0 and text[s - 1] == "前" and unit in RANKING_UNITS:
            continue  # 进入全市理科前十名: a place in a ranking, not a count
        if s > 1 and text[s - 1] in ":：" and text[s - 2].isdigit():
            continue  # a time of day (上午10:30分), not a figure
        if NOT_AFTER.match(text[e : e + 2]) or (unit in ("届", "期", "批") and not num[0].isdigit()):
            continue
        if not num[0].isdigit():
            if unit not in CN_UNITS or (num == "一" and unit != "次") or len(num) > 6:
                continue
            if s > 0 and text[s - 1] in CN_CHARS + "唯单统同万":
                continue
        if unit in ("届", "批", "周", "天", "小时") and num[0].isdigit():
            continue
        if unit == "次" and (SESSION_BEFORE.search(text[max(0, s - 8) : s]) or SESSION_AFTER.match(text, e)):
            continue  # the ordinal of a meeting (十八届三中全会, 十五届二次全会, 七届人大二次会议), not a count
        mult = m.group("mult") or ""
        if unit in ("万元", "亿元", "万人次", "万平方米"):
            pass
        try:
            value = to_decimal(num, mult)
        except (ValueError, ArithmeticError):
            continue
        clause = _clause(text, s)
        comparator = _comparator(text, s, e, clause, bool(m.group("approx")))
        end = e
        for word, _ in POST_CMP:
            if text.startswith(word, e):
                end = e + len(word)
        yield _figure(ctx, clause, s, end, value, unit, comparator, "figure.quantity")


def _ranks(ctx: Context) -> Iterator[Figure]:
    text = ctx.doc.text
    for m in RANK.finditer(text):
        rank = m.group(2)
        try:
            value = to_decimal(rank)
        except ValueError:
            continue
        clause = _clause(text, m.start())
        # what is ranked: the clause before (监测得分达92.94分，位列全省第二 -> 监测得分 全省排名)
        own = re.sub(r"(?:再次|继续|连续|均|稳居|仍)+$", "", text[clause[0] : m.start()]).strip()
        prev = _clause(text, clause[0] - 2) if clause[0] >= 2 and text[clause[0] - 1] in "，," else None
        what = own or (phrase(text, prev, prev[1], prev[1]) if prev else "")
        what = re.sub(r"[\d.]+[%％分个所名]?$", "", what).rstrip("达为")
        indicator = f"{what}（{m.group(1)}排名）" if what else f"{m.group(1)}排名"
        yield _figure(ctx, clause, m.start(), m.end(), value, "名", "=", "figure.rank", indicator)


CLAUSE_BREAKS = "，,。；;！？!?：:\n"
BREAK = re.compile(f"[{re.escape(CLAUSE_BREAKS)}]")
# the longest clause a figure is read in (the longest in the seeds, the ten real documents and 600 generated
# ones: 672 characters): every figure of a longer one would quote it and search it whole, quadratic time
# and output in a hostile list of thousands of figures
CLAUSE_MAX = 1000
_breaks: list[tuple[str, list[int]]] = [("", [])]  # the last text seen and the offsets of its clause breaks


def _clause(text: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`: from after the break before it to the break at or after it (found by
    bisect in the breaks of the text, listed once per text)."""
    seen, breaks = _breaks[0]  # one reference, swapped whole: safe when threads extract at once
    if seen is not text:
        breaks = list(map(re.Match.start, BREAK.finditer(text)))
        _breaks[0] = (text, breaks)
    k = bisect_left(breaks, pos)  # breaks[k] is the first break at or after pos
    start = breaks[k - 1] + 1 if k > 0 else 0
    end = breaks[k] if k < len(breaks) else len(text)
    if end - start > CLAUSE_MAX:  # a list of thousands of items and no comma: its item, or a window
        half = CLAUSE_MAX // 2
        lo, hi = max(start, pos - half), min(end, pos + half)
        cut = text.rfind("、", lo, pos)
        start = cut + 1 if cut >= 0 else lo
        cut = text.find("、", pos, hi)
        end = cut if cut >= 0 else hi
    return start, end


def _comparator(text: str, s: int, e: int, clause: tuple[int, int], approx: bool) -> str:
    after = text[e : e + 3]
    for word, cmp in POST_CMP:
        if after.startswith(word):
            return cmp
    if approx:
        return ">="
    before = text[max(clause[0], s - 4) : s]
    for word, cmp in PRE_CMP:
        if before.endswith(word):
            return cmp
    return "="


def _figure(
    ctx: Context,
    clause: tuple[int, int],
    s: int,
    e: int,
    value,
    unit: str,
    comparator: str,
    rule: str,
    indicator: str | None = None,
) -> Figure:
    text, doc = ctx.doc.text, ctx.doc
    if indicator is None:
        indicator = phrase(text, clause, s, e, unit)
    scope = timing.Scope(doc, clause, s, e)
    status = timing.status(scope)
    year = timing.year(scope, status)
    cs, ce = clause
    while cs < ce and text[cs] in " \u3000":
        cs += 1
    return Figure(
        doc.meta.id, s, e, value, unit, comparator, indicator, status, year, rule, clause=(cs, max(ce, e))
    )
