"""A document's own metadata and the documents it names (graph/ingest/metadata.py, graph/extract/titles.py)."""

from __future__ import annotations

from cases import extract_text

from graph.ingest.metadata import infer_date, infer_kind, infer_year

NEWS = (
    "某区下一年度增加2150个公办园学位\n\n"
    "东莞日报讯 近日，某区分管副区长带队调研学前教育项目，实地察看计划于2021年8月30日投入使用的多所在建"
    "公办幼儿园的施工进度。\n"
)


def test_a_planned_date_in_the_body_is_not_the_documents_date() -> None:
    """With no dateline, the first full date of the body dates the document, unless it is planned
    (计划于…投入使用) or bounds a span (截至…)."""
    assert infer_date(NEWS) is None
    assert infer_date(NEWS.replace("计划于2021年8月30日", "于2021年8月30日")) == "2021-08-30"
    assert infer_date("某县教育工作情况\n\n截至2023年6月30日，全县共有学校80所。\n") is None


def test_a_newspaper_in_book_title_marks_is_no_document() -> None:
    text = (
        "据《海峡都市报》报道，今年开发区将新建、扩建5所幼儿园。落实《某市学前教育三年行动计划》和"
        "《关于2022年度中小学办学水平督导评估结果的通报》。《中国教育报》2024年11月08日 第02版\n"
    )
    x = extract_text(text, "福州市")
    named = {m.name for m in x.mentions if m.rule == "title.book"}
    assert "某市学前教育三年行动计划" in named
    assert "关于2022年度中小学办学水平督导评估结果的通报" in named
    assert not named & {"海峡都市报", "中国教育报"}


def test_the_kind_of_a_document_follows_its_title_before_its_opening() -> None:
    """A plan's title makes it a work plan, a summary's is no conference report for a meeting its opening
    names (经县人民代表大会审议通过), and a meeting in the title makes a conference report."""
    opening = "2022年各校按规定编制部门预算，报县财政局复核，经县人民代表大会审议通过。\n"
    assert infer_kind("某县“十四五”教育发展规划", opening) == "work plan"
    assert infer_kind("2022年县教育和体育局工作总结", opening) == "news report"
    assert infer_kind("2022年县教育和体育局上半年工作情况总结", "2022年上半年工作情况总结\n" + opening) == (
        "mid-year review"
    )
    assert infer_kind("2021年秋季开学工作会召开 回顾总结上半年各项工作", opening) == "conference report"
    # a year's summary that says its schools reviewed the first half (上半年，各校认真总结…) is no mid-year review
    body = "2024年，全县扎实工作。上半年，各校认真总结办学经验，全年新建学校5所。\n"
    assert infer_kind("某县2024年教育工作总结", body) == "news report"
    assert infer_kind("2018年1月19日上午，某局2017年工作总结暨2018年工作", opening, stated=False) == (
        "conference report"
    )


def test_the_start_of_a_span_is_not_the_year_of_an_undated_report() -> None:
    """自2009年以来, 2018年起: a report that looks back from a later year, not one of 2009."""
    text = "某区\n\n记者了解到，某区自2009年以来，持续增加经费投入。今年，某区进一步加快城区学校建设。\n"
    assert infer_year("某区", None, text) is None
    assert infer_year("某区", None, text.replace("今年", "2012年")) == 2012


def test_a_reposting_sites_date_does_not_date_an_older_text() -> None:
    """时间:2021-08-31 over a review whose body opens on 2013年, or over a notice signed in 2013: the text's
    year is its own; a page dated in the year after its text's opening year keeps the page's year."""
    review = "教育局教育工作总结\n\n时间:2021-08-31\n\n2013年，县教育局紧紧围绕年度教育工作目标任务，各项工作取得明显成效。\n"
    date = infer_date(review)
    assert date == "2021-08-31" and infer_year("教育局教育工作总结", date, review) == 2013
    recent = review.replace("2013年，", "2020年，")
    assert infer_year("教育局教育工作总结", infer_date(recent), recent) == 2021
    notice = "关于做好秋季开学工作的通知\n时间:2021-08-31\n各学校：\n请做好秋季开学准备工作。\n某县教育局\n2013年8月20日\n"
    assert infer_date(notice) == "2013-08-20"
    later = notice.replace("2013年8月20日", "2021年8月20日")
    assert infer_date(later) == "2021-08-31"


def test_a_retrospective_opening_on_its_first_year_keeps_the_pages_year() -> None:
    """A report of 2024 that opens on the year a work began and looks back over the years since (五年来,
    以来, 如今) is of the page's year, no reposted text of its opening year."""
    head = "某县义务教育优质均衡发展纪实\n发布时间：2024-03-01 来源：某县融媒体中心\n"
    for back in (
        "五年来，全县新建改扩建学校23所",
        "如今，全县城乡学校办学条件显著改善",
        "此后8年间，全县新建学校23所",
    ):
        text = head + f"2019年，某县被确定为义务教育优质均衡发展先行创建县。{back}。\n"
        assert infer_year("某县义务教育优质均衡发展纪实", infer_date(text), text) == 2024, back
    reposted = head + "2019年，某县被确定为义务教育优质均衡发展先行创建县，全县新建学校3所。\n"
    assert infer_year("某县义务教育优质均衡发展纪实", infer_date(reposted), reposted) == 2019


def test_a_work_performed_or_read_in_book_title_marks_is_no_document() -> None:
    """开场演唱《鲜花》, 诵读《少年中国说》: a song and a text read aloud; 观看《…实施方案》解读 keeps the plan."""
    text = (
        "表扬大会上，丹棱中学的合唱《鲜花》拉开了大会序幕，学生随后集体诵读《少年中国说》。"
        "会后组织观看《丹棱县教育高质量发展实施方案》解读视频。\n"
    )
    x = extract_text(text, "眉山市", "丹棱县", title="丹棱县教育系统表扬大会召开", kind="news report")
    named = {m.name for m in x.mentions if m.rule == "title.book"}
    assert "鲜花" not in named and "少年中国说" not in named
    assert "丹棱县教育高质量发展实施方案" in named
