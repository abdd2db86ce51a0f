"""A change that names no measure is a change of the measure of the figure in the clause before it."""

from __future__ import annotations

from graph.core.model import DocMeta
from graph.extract import extract
from graph.ingest.segment import ingest

META = DocMeta(
    id="t", source="t.txt", title="某区教育局2019年上半年工作总结", year=2019, kind="mid-year review"
)


def _indicators(text: str) -> dict[str, str]:
    x = extract(ingest(text.encode("utf-8"), META))
    return {x.doc.text[f.start : f.end]: f.indicator for f in x.figures}


def test_a_change_after_a_count_and_a_rate_takes_their_measures() -> None:
    got = _indicators(
        "今年，全区本一上线648人，比去年增加110人，增幅达20.4%；录取率81.6%，比上年提高了2.3个百分点。\n"
    )
    assert got["648人"] == "本一上线"
    assert got["110人"] == "本一上线比去年增加"
    assert got["20.4%"] == "本一上线增幅"
    assert got["2.3个百分点"] == "录取率比上年提高"
    people = _indicators("初三毕业生2815名，比去年减少96人。\n")
    assert people["96人"] == "初三毕业生比去年减少"  # 名 and 人 both count people


def test_a_change_after_words_that_name_no_measure_keeps_its_own() -> None:
    """从2015年的31.5万人，增至2020年的36.2万人，5年间增加4.7万人: 增至2020年 names no measure; and a change
    in another sentence, or in another unit, is not the figure's before it."""
    got = _indicators(
        "在校生人数，从2015年的31.5万人，增至2020年的36.2万人，5年间增加4.7万人，增幅达15%。"
        "全区有幼儿园52所。比上年增加3所。专任教师800人，增加2所。\n"
    )
    assert got["4.7万人"] == "增加"
    assert got["15%"].startswith("增幅")
    assert got["3所"] == "比上年增加"
    assert got["2所"] == "增加"
