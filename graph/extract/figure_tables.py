"""Rule figure.table: the figures of an indicator table in a plan (part of rule family figure.*).

A plan often gives its targets as a table: a header row 指标 | 2020年 | 2025年 | 属性 and one row per
indicator (学前教育毛入园率(%) | 90 | 95以上 | 预期性). In plain text (a web page, a PDF) the cells stand
one a line or side by side, apart by tabs or runs of spaces. Each value cell is a figure: its indicator is
the row's name (without its serial number and its unit in brackets), its unit the cell's own or the
name's, its year the column's; the last year's column is planned, an earlier one (the base year) achieved;
a table whose last year the document was written after (or in, reporting on it) is all achieved.
A row broken down (幼儿教师专科及以上学历比例 | 其中：本科及以上学历比例 | 97.74% | 49.85% | 100% | 50%)
gives each column's values to its names in order. A cell with a full stop, or a long one, ends the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from graph.core.model import Figure
from graph.extract.context import Context
from graph.extract.timing import genre
from graph.knowledge.words import pairs, pattern, words

HEADER, HEADER_OTHER, UNIT_HEADER, KIND, CHANGE_HEADER = (
    re.compile(pattern("tables", key))
    for key in ("header", "header_other", "unit_header", "kinds", "change_header")
)
UNIT_ALIASES = dict(pairs("tables", "unit_aliases"))
UNITS = set(words("figures", "units"))
COMPARATORS = pairs("figures", "post_comparators")
YEAR_CELL = re.compile(r"^((?:19|20)\d{2})年?[^\d\s]{0,6}$")
VALUE = re.compile(
    r"^(?P<pre>[≥≤>＞<＜]|不低于|不少于|不超过|约)?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%％]|[^\d\s以左约]{1,3})?(?P<post>以上|以下|以内|左右)?$"
)
PLACEHOLDER = re.compile(r"^[—\-－/／─~～]+$|^(?:无|暂无|/)$")
SERIAL = re.compile(r"^(?:\d{1,2}[.．、]\s*|[（(]\d{1,2}[)）]\s*|[①-⑳]\s*)")
SUB = re.compile(r"^其中\s*[:：]?\s*")
GROUP = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|第.{1,3}(?:部分|类))"
)
NAME_UNIT = re.compile(r"\s*[（(]([^（）()]{1,6})[)）]\s*$")
PRE = {"≥": ">=", "不低于": ">=", "不少于": ">=", ">": ">", "＞": ">", "≤": "<=", "不超过": "<=", "<": "<"}
CELL_MAX = 40


@dataclass
class _Row:
    names: list[tuple[int, int, str]] = field(default_factory=list)
    values: list[tuple[int, int, str]] = field(default_factory=list)
    unit: str = ""


@dataclass(frozen=True)
class Table:
    """The span of a table's body and the figures read from it."""

    start: int
    end: int
    figures: tuple[Figure, ...]


def read(ctx: Context) -> list[Table]:
    text = ctx.doc.text
    headers = list(HEADER.finditer(text))
    # where each header row's first cell stands: a table's body ends at the next header (a table whose
    # rows give no figure is read up to it only, so many headers cost linear time, not quadratic)
    firsts = [m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000")) for m in headers]
    tables: list[Table] = []
    for k, m in enumerate(headers):
        if tables and m.start() < tables[-1].end:
            continue
        stop = firsts[k + 1] if k + 1 < len(firsts) else len(text)
        table = _table(ctx, m.end(), "序" in m.group(), stop)
        if table is not None:
            tables.append(table)
    return tables


def _cells(text: str, pos: int) -> Iterator[tuple[int, int, str, bool]]:
    """The cells from `pos` on: the parts of each line apart by tabs or runs of spaces, each with whether
    it opens a line of several cells (a row written on one line)."""
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        parts = [(pos + m.start(), pos + m.end()) for m in re.finditer(r"\S+", text[pos:end])]
        for i, (s, e) in enumerate(parts):
            yield s, e, text[s:e], i == 0 and len(parts) > 1
        pos = end + 1


def _table(ctx: Context, pos: int, serial: bool, stop: int) -> Table | None:
    text = ctx.doc.text
    cells = _cells(text, pos)
    years: list[int | None] = []  # a column's year; None for a column of changes (年均增长)
    unit_column = False
    body = pos
    for _s, e, cell, _ in cells:
        y = YEAR_CELL.match(cell)
        if y:
            years.append(int(y.group(1)))
        elif CHANGE_HEADER.match(cell) and years:
            years.append(None)
        elif UNIT_HEADER.match(cell) and not years:
            unit_column = True
        elif not HEADER_OTHER.match(cell):
            break
        body = e
    dated = [y for y in years if y is not None]
    if len(dated) < 2 or len(set(dated)) != len(dated):
        return None
    figures: list[Figure] = []
    row = _Row()
    end = body
    for s, e, cell, opens_row in _cells(text, body):
        if "。" in cell or len(cell) > CELL_MAX or s >= stop:
            break
        if opens_row and (row.values or row.names):  # a row on a line of its own ends at the line's end
            figures += _row_figures(ctx, row, years)
            row = _Row()
        if serial and not row.names and not row.values and cell.isdigit():
            continue  # the row's serial number
        if KIND.match(cell):
            figures += _row_figures(ctx, row, years)
            row, end = _Row(), e
            continue
        if VALUE.match(cell) or PLACEHOLDER.match(cell):
            row.values.append((s, e, cell))
            end = e
            continue
        if unit_column and _unit(cell)[0]:
            row.unit = cell
            continue
        if row.values:  # a name after values: the row before ended without an attribute cell
            figures += _row_figures(ctx, row, years)
            row = _Row()
        if len(row.names) > 4:  # names without values: no longer the table
            break
        row.names.append((s, e, cell))
    figures += _row_figures(ctx, row, years)
    return Table(body, end, tuple(figures)) if figures else None


def _unit(written: str) -> tuple[str, int]:
    """A unit as a figure names it and the power of ten it carries (万人 -> 人, 4), or ('', 0)."""
    written = UNIT_ALIASES.get(written, written)
    if written in UNITS:
        return written, 0
    if written[:1] in "万亿" and written[1:] in UNITS:
        return written[1:], 4 if written[0] == "万" else 8
    return "", 0


def _row_figures(ctx: Context, row: _Row, years: list[int | None]) -> list[Figure]:
    names = [n for n in row.names if not GROUP.match(n[2])]
    if not names or not row.values or len(row.values) % len(years):
        return []
    k = len(row.values) // len(years)
    if k > len(names):
        return []
    main = names[-k - 1][2] if len(names) > k and SUB.match(names[-k][2]) else ""
    labels = [_label(n[2], main) for n in names[-k:]]
    span = (names[-k][0] if not main else names[-k - 1][0], row.values[-1][1])
    planned = _planned_year(ctx, years)
    out = []
    for i, (s, e, cell) in enumerate(row.values):
        m = VALUE.match(cell)
        indicator, name_unit = labels[i % k]
        year = years[i // k]
        if m is None or not indicator or year is None:
            continue
        unit, power = _unit(m.group("unit") or name_unit or row.unit)
        if not unit:
            continue
        value = Decimal(m.group("num")).scaleb(power)
        value = value.normalize() if value != value.to_integral() else Decimal(int(value))
        comparator = "="
        for word, cmp in COMPARATORS:
            if m.group("post") == word:
                comparator = cmp
        comparator = PRE.get(m.group("pre") or "", "~" if m.group("pre") == "约" else comparator)
        status = "planned" if year == planned else "achieved"
        out.append(
            Figure(
                ctx.doc.meta.id,
                s,
                e,
                value,
                unit,
                comparator,
                indicator,
                status,
                year,
                "figure.table",
                clause=span,
            )
        )
    return out


def _planned_year(ctx: Context, years: list[int | None]) -> int | None:
    """The year of the column that is planned: the last, unless the document was written after it (a
    statistical table of 2021 and 2022 in a text of 2023) or in it and reports on it (a year's summary)."""
    last = max(y for y in years if y is not None)
    written = ctx.doc.meta.year
    if written is None or last > written or (last == written and genre(ctx.doc) == "plan"):
        return last
    return None


def _label(name: str, main: str) -> tuple[str, str]:
    """The indicator a row's name gives and the unit its brackets say: 1.学前教育毛入园率(%) -> (学前教育毛入园率, %);
    a part of a breakdown (其中：小学) under its row's name when it is no indicator of its own."""
    name = SERIAL.sub("", name)
    sub = SUB.match(name)
    name = SUB.sub("", name)
    unit = ""
    m = NAME_UNIT.search(name)
    if m:
        unit, name = m.group(1), name[: m.start()]
    if main and (sub or len(name) <= 4):
        main_name, main_unit = _label(main, "")
        return f"{main_name}（{name}）", unit or main_unit
    return name.strip(), unit
