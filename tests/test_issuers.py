"""Issuers of a document found from its text (graph/extract/issuers.py)."""

from __future__ import annotations

import pytest
from cases import extract_text

SUMMARY = (
    "2022年县教育体育局上半年工作总结\n\n"
    "2022年上半年，某某县教育体育局紧扣年度目标任务，持续转变工作作风，各项工作稳步推进。\n"
    "一、全县教育发展情况\n（一）保障经费投入。2022年全年落实生均公用经费共计1935万元。\n"
)


def _issuers(x) -> set[tuple[str, str]]:
    return {(r.object.name, r.rule) for r in x.relations if r.predicate == "issuedBy"}


def test_a_summary_is_issued_by_the_body_its_opening_sentence_is_about() -> None:
    """2023年上半年，某县教育体育局认真落实…: the body the first paragraph opens on, after its time phrase,
    wrote the summary."""
    x = extract_text(
        SUMMARY.replace("某某县", "惠民县"),
        "滨州市",
        title="2022年县教育体育局上半年工作总结",
        kind="mid-year review",
    )
    assert ("惠民县教育体育局", "link.issuer") in _issuers(x)


OPENINGS = [  # (title, kind, opening, whether 惠民县教育体育局 issued it)
    # a 在…领导下 phrase before the body is passed over
    (
        "2022年工作总结",
        "conference report",
        "2022年，在县委、县政府的坚强领导下，惠民县教育体育局扎实开展教育工作。",
        True,
    ),
    # a news report's opening names the body it reports on, not its author
    (
        "某县新建学校投入使用",
        "news report",
        "2023年上半年，惠民县教育体育局新建学校3所，新增学位2000个。",
        False,
    ),
    # a body under whose guidance others work is not the author
    (
        "2023年工作总结",
        "conference report",
        "2023年，惠民县教育体育局的指导下，各校扎实开展教育工作。",
        False,
    ),
    # a summary's title makes it authored even when its kind was taken for a news report
    (
        "2022年县教育体育局工作总结",
        "news report",
        "2022年，惠民县教育体育局扎实开展教育工作，新建学校3所。",
        True,
    ),
]


@pytest.mark.parametrize(("title", "kind", "opening", "issued"), OPENINGS)
def test_the_body_an_opening_is_about_issued_only_an_authored_text(
    title: str, kind: str, opening: str, issued: bool
) -> None:
    x = extract_text(f"{title}\n\n{opening}\n", "滨州市", title=title, kind=kind)
    assert (("惠民县教育体育局", "link.issuer") in _issuers(x)) is issued


def test_a_bureau_of_education_culture_and_sports_convening_a_meeting_issues_the_report() -> None:
    """教文体局 (教育文化体育局) is an education bureau's name: the one convening the meeting issued the text."""
    text = "二七区教文体局召开干部职工大会\n\n9月4日，二七区教文体局召开全局干部职工大会，安排秋季学期重点工作。\n"
    x = extract_text(
        text, "郑州市", "二七区", title="二七区教文体局召开干部职工大会", kind="conference report"
    )
    assert ("二七区教文体局", "link.issuer") in _issuers(x)


def test_a_cited_title_opening_with_a_body_named_nowhere_else_is_issued_by_it() -> None:
    """《营口市教育局关于…的通报》: a place and a body's suffix before 关于 name its issuer, even when the text
    names that body nowhere else; a title opening with no place names none."""
    text = (
        "会议宣读了《营口市教育局关于2022年度中小学办学水平督导评估结果的通报》，"
        "学习了《关于进一步加强中小学管理的意见》和《教育局2023年工作要点》。\n"
    )
    x = extract_text(text, "沈阳市")  # a body of another city, which the recognisers do not name
    issued = {(r.subject.name, r.object.name) for r in x.relations if r.predicate == "issuedBy"}
    assert ("营口市教育局关于2022年度中小学办学水平督导评估结果的通报", "营口市教育局") in issued
    assert not any(s.startswith(("关于进一步", "教育局2023")) for s, _ in issued)
    assert any(m.type == "GovernmentBody" and m.name == "营口市教育局" for m in x.mentions)


def test_bodies_opening_a_title_together_are_not_one_body() -> None:
    """《某县财政局、某县教育局关于…》, 《某市人社局某市教育局关于…》: two bodies issued it; neither string of both is
    one body's name (a sub-unit, 某局办公室, is one)."""
    text = (
        "会上宣读了《于都县财政局、于都县教育局关于做好资助工作的通知》，《瑞金市人社局瑞金市教育局关于2024年"
        "教师招聘的公告》和《眉山市教育和体育局办公室关于开展安全检查的通知》。\n"
    )
    x = extract_text(text, "赣州市", "于都县")
    bodies = {m.name for m in x.mentions if m.type == "GovernmentBody"}
    assert "眉山市教育和体育局办公室" in bodies
    assert not bodies & {"于都县财政局、于都县教育局", "瑞金市人社局瑞金市教育局"}, bodies


def test_a_county_summary_opening_on_its_citys_bureau_is_not_issued_by_it() -> None:
    """2024年，市教育局部署开展…: in a county's summary, the city's bureau whose work the county follows is no
    author; the county's own bureau opening it is."""
    title = "于都县教育局2024年工作总结"
    city = "2024年，市教育局部署开展教育强市建设三年行动，我县认真贯彻落实。"
    x = extract_text(f"{title}\n\n{city}\n", "赣州市", "于都县", title=title, kind="mid-year review")
    assert not any(name == "赣州市教育局" for name, _ in _issuers(x)), _issuers(x)
    own = "2024年，于都县教育局认真贯彻落实市教育局部署。"
    x = extract_text(f"{title}\n\n{own}\n", "赣州市", "于都县", title=title, kind="mid-year review")
    assert ("于都县教育局", "link.issuer") in _issuers(x)


@pytest.mark.parametrize(
    "closing",
    ["博兴县教育体育局\n2023年7月\n", "博兴县教育体育局\n", "博兴县教育体育局\n二〇二三年七月\n"],
)
def test_a_text_signed_with_a_month_or_without_a_date_is_issued_by_its_signer(closing: str) -> None:
    """A summary that ends with its author's name on a line of its own, above a date of year and month or
    none at all: the signer issued it."""
    text = "2023年上半年工作总结\n2023年上半年，全县教育工作取得新成效，新建学校2所。\n下半年，我们将继续努力。\n"
    x = extract_text(text + closing, "滨州市", title="2023年上半年工作总结", kind="mid-year review")
    assert ("博兴县教育体育局", "link.issuer") in _issuers(x)
    last = extract_text(text + closing + "下半年，我们将继续努力。\n", "滨州市", title="2023年上半年工作总结")
    assert not _issuers(last)  # a body named in a line that does not close the text signs nothing


@pytest.mark.parametrize("lead", ["受表彰的先进集体：", "出席会议的单位有:"])
def test_bodies_listed_under_a_lead_at_the_end_sign_nothing(lead: str) -> None:
    """A text ending with a list of bodies under a lead ending in a colon (a commendation's 先进集体：, a
    meeting's attendance): the bodies are listed, not signing; the same bodies under a closing sentence sign."""
    title = "长兴县教育工作表彰情况"
    text = f"{title}\n经研究，决定对以下单位予以表彰。\n{lead}\n长兴县水口乡人民政府\n长兴县财政局\n"
    x = extract_text(text, "湖州市", "长兴县", title=title, kind="news report")
    assert not _issuers(x), _issuers(x)
    signed = text.replace(f"{lead}\n", "特此通知。\n")
    assert _issuers(extract_text(signed, "湖州市", "长兴县", title=title, kind="news report"))
