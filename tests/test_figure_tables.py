"""Rule figure.table: the value cells of a plan's indicator table (指标 | 2020年 | 2025年 | 属性)."""

from __future__ import annotations

from decimal import Decimal

from graph.core.model import DocMeta
from graph.extract import extract
from graph.ingest.segment import ingest

META = DocMeta(id="t", source="t.txt", title="某县“十四五”教育事业发展规划", year=2021, kind="plan")
PROSE = (
    "“十三五”期间，全县教育事业持续健康发展，义务教育均衡发展水平不断提升，教育现代化建设取得明显成效，"
    "人民群众对教育的满意度持续提高，为“十四五”发展奠定了坚实基础。\n"
)


def _table_figures(text: str) -> set[tuple[Decimal, str, str, str, int | None, str]]:
    x = extract(ingest(text.encode("utf-8"), META))
    return {
        (f.value.normalize(), f.unit, f.comparator, f.status, f.year, f.indicator)
        for f in x.figures
        if f.rule == "figure.table"
    }


def test_cells_one_a_line_give_base_year_achieved_and_target_year_planned() -> None:
    """A table flattened from a web page, a cell a line: the row's name is the indicator, the 2020 column
    achieved, the 2025 column planned; a breakdown (其中：小学 / 初中) gives its parts their values."""
    cells = [
        "“十四五”教育事业发展主要指标表", "指  标", "2020年", "2025年", "属性", "一、发展水平",
        "1.学前教育毛入园率(%)", "99%", "99%以上", "约束性",
        "2.普惠性幼儿园覆盖率(%)", "86.44%", "90%以上", "预期性",
        "3.义务教育标准班额比例(%)", "其中:小学", "初中", "34.52%", "77.34%", "80%以上", "85%以上", "预期性",
    ]  # fmt: skip
    got = _table_figures(PROSE * 3 + "\n\n".join(cells) + "\n")
    assert got == {
        (Decimal(99), "%", "=", "achieved", 2020, "学前教育毛入园率"),
        (Decimal(99), "%", ">=", "planned", 2025, "学前教育毛入园率"),
        (Decimal("86.44"), "%", "=", "achieved", 2020, "普惠性幼儿园覆盖率"),
        (Decimal(90), "%", ">=", "planned", 2025, "普惠性幼儿园覆盖率"),
        (Decimal("34.52"), "%", "=", "achieved", 2020, "义务教育标准班额比例（小学）"),
        (Decimal("77.34"), "%", "=", "achieved", 2020, "义务教育标准班额比例（初中）"),
        (Decimal(80), "%", ">=", "planned", 2025, "义务教育标准班额比例（小学）"),
        (Decimal(85), "%", ">=", "planned", 2025, "义务教育标准班额比例（初中）"),
    }


def test_rows_on_lines_with_a_unit_column_and_bare_numbers() -> None:
    """A row a line, cells apart by tabs: the serial number is no value, the unit column gives the unit
    of bare numbers (万个 counts in ten thousands), a dash is an empty cell."""
    rows = [
        "序号\t指标\t单位\t2020年\t2025年\t属性",
        "1\t学前教育毛入园率\t%\t92.5\t95\t预期性",
        "2\t普惠性幼儿园覆盖率\t%\t85\t≥90\t约束性",
        "3\t新增公办学位\t万个\t—\t3.5\t预期性",
    ]
    got = _table_figures(PROSE * 4 + "\n".join(rows) + "\n" + PROSE)
    assert got == {
        (Decimal("92.5"), "%", "=", "achieved", 2020, "学前教育毛入园率"),
        (Decimal(95), "%", "=", "planned", 2025, "学前教育毛入园率"),
        (Decimal(85), "%", "=", "achieved", 2020, "普惠性幼儿园覆盖率"),
        (Decimal(90), "%", ">=", "planned", 2025, "普惠性幼儿园覆盖率"),
        (Decimal(35000), "个", "=", "planned", 2025, "新增公办学位"),
    }


def test_a_sentence_naming_years_is_no_table_header() -> None:
    """指标 in prose followed by years is no table: the sentence's figures are read as usual."""
    text = PROSE * 2 + "主要指标 2020年学前教育毛入园率达到92%，2025年达到95%以上。\n"
    x = extract(ingest(text.encode("utf-8"), META))
    assert not [f for f in x.figures if f.rule == "figure.table"]
    assert {f.value for f in x.figures} >= {Decimal(92), Decimal(95)}


def test_a_column_of_changes_is_passed_over_and_every_earlier_year_is_achieved() -> None:
    """指标 | 2015年 | 2020年 | 2025年 | 年均增长（%） | 属性: the 2015 and 2020 columns achieved, the 2025 one
    planned, the growth column no figure of a year."""
    rows = [
        "指标名称\t2015年\t2020年\t2025年\t年均增长（%）\t属性",
        "在园幼儿（万人）\t1.2\t1.5\t1.8\t3.7\t预期性",
    ]
    got = _table_figures(PROSE * 4 + "\n".join(rows) + "\n" + PROSE)
    assert got == {
        (Decimal(12000), "人", "=", "achieved", 2015, "在园幼儿"),
        (Decimal(15000), "人", "=", "achieved", 2020, "在园幼儿"),
        (Decimal(18000), "人", "=", "planned", 2025, "在园幼儿"),
    }


def test_a_table_of_past_years_is_all_achieved() -> None:
    """A review's table of two years it reports on (指标 | 2022年 | 2023年 in a text of 2024, or of 2023 in
    a year's summary): no column is planned; the same table in a plan of 2022 plans its 2023 column."""
    rows = ["指标\t2022年\t2023年", "在校学生数（万人）\t8.6\t8.9", "专任教师数（人）\t5420\t5611"]
    text = PROSE + "\n".join(rows) + "\n" + PROSE

    def statuses(year: int, kind: str, title: str) -> set[tuple[int | None, str]]:
        meta = DocMeta(id="t", source="t.txt", title=title, year=year, kind=kind)
        x = extract(ingest(text.encode("utf-8"), meta))
        return {(f.year, f.status) for f in x.figures if f.rule == "figure.table"}

    assert statuses(2024, "news report", "某县教育事业发展统计公报") == {
        (2022, "achieved"),
        (2023, "achieved"),
    }
    assert statuses(2023, "news report", "某县2023年教育工作总结") == {(2022, "achieved"), (2023, "achieved")}
    assert statuses(2022, "work plan", "某县2022年教育工作要点") == {(2022, "achieved"), (2023, "planned")}


def test_a_table_ends_at_the_next_header() -> None:
    """Two tables one after the other (a plan's goals by stage, then its conditions): the second header
    starts a table of its own, with its own years; its cells are no rows of the first."""
    first = ["指标\t2020年\t2025年\t属性", "学前教育毛入园率（%）\t92\t95\t预期性"]
    second = ["指标\t2022年\t2027年\t属性", "生均校舍面积（平方米）\t8.5\t10\t约束性"]
    got = _table_figures(PROSE + "\n".join(first + second) + "\n" + PROSE)
    assert got == {
        (Decimal(92), "%", "=", "achieved", 2020, "学前教育毛入园率"),
        (Decimal(95), "%", "=", "planned", 2025, "学前教育毛入园率"),
        (Decimal("8.5"), "平方米", "=", "achieved", 2022, "生均校舍面积"),
        (Decimal(10), "平方米", "=", "planned", 2027, "生均校舍面积"),
    }
