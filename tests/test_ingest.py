from __future__ import annotations

import pytest

from graph.core.errors import InputError
from graph.core.model import DocMeta
from graph.ingest.segment import decode, ingest, normalise, segment

TEXT = (
    "一、加强党的建设\n1．强化政治建设。开展学习教育；落实制度。\n2．推进改革。一是完善机制。二是健全制度。\n"
)


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "utf-16"],
)
def test_decode_encodings(data: bytes) -> None:
    assert decode(data, "x.txt") == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\xff\xfe\xfa" * 3, "UTF-16"),
    ],
)
def test_decode_refuses_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "bad.txt")


def test_offsets_map_back_to_the_original() -> None:
    raw = "  标题\n\n[bookmark: _Hlk1]第一段文字。\r\n第二段。\n"
    text, offsets = normalise(raw)
    assert "bookmark" not in text
    assert len(text) == len(offsets)
    for ch, off in zip(text, offsets, strict=True):
        if ch != "\n":
            assert raw[off] == ch


def test_hard_wrapped_newspaper_lines_are_joined() -> None:
    lines = [
        "  苏州市今年将全面推进义务教育优",
        "质均衡发展，新建改扩建中小学校",
        "三十所，力争学位供给满足需求。",
        "",
        "  全市还将实施学前教育普惠提升工",
        "程，普惠性幼儿园覆盖率达到百分之",
        "九十以上，公办园在园幼儿占比稳步",
        "提高，保教质量持续提升得到巩固。",
        "",
        "  高等教育方面，支持苏州大学建设",
        "一流学科，推动苏州科技大学提升办",
        "学水平，服务城市创新发展的需要。",
    ]
    text, _ = normalise("\n".join(lines))
    paragraphs = text.split("\n")
    assert len(paragraphs) == 3
    assert "义务教育优质均衡发展" in paragraphs[0]
    assert "普惠提升工程" in paragraphs[1]


def test_page_furniture_is_dropped() -> None:
    text, _ = normalise("导读\n\nB2版\n\n扫一扫,关注我们\n正文第一句。\n")
    assert text == "正文第一句。"


def test_segments_sections_items_and_enumerations() -> None:
    segs = segment(TEXT.rstrip("\n"))
    kinds = [(s.kind, s.number, s.title) for s in segs if s.kind in ("section", "item", "enumeration")]
    assert kinds == [
        ("section", 1, "加强党的建设"),
        ("item", 1, "强化政治建设"),
        ("item", 2, "推进改革"),
        ("enumeration", 1, "完善机制"),
        ("enumeration", 2, "健全制度"),
    ]
    items = [s for s in segs if s.kind == "item"]
    assert all(segs[s.parent].kind == "section" for s in items if s.parent is not None)


def test_ingest_quote_matches_raw() -> None:
    raw = "一、总体要求\n1．推进建设。新建学校24所。\n"
    doc = ingest(raw.encode(), DocMeta(id="t", source="t.txt", title="t"))
    pos = doc.text.index("24所")
    assert doc.quote(pos, pos + 3) == "24所"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # a news report that opens on its targets was not written in their year
        ("记者从某区教育局获悉，预计到2020年新增学校12所。2017年全区完成扩建项目3个。", 2017),
        ("某县将新建幼儿园5所，力争2026年底前全部投用；2024年已开工2所。", 2024),
        ("《某市教育事业发展规划（2021-2025年）》提出，2022年建成智慧校园。", 2022),
        ("2023年，全市新建学校10所，到2025年再建20所。", 2023),
        ("截至2023年底，全区共有学校50所，2024年将新建5所。", 2023),  # as of: not aimed at
        ("截止到2022年，全县已建成幼儿园40所。", 2022),
        # only years aimed at: the first, as before
        ("到2020年，全县义务教育巩固率达到97%。", 2020),
        ("全县新建学校10所。", None),
    ],
)
def test_a_documents_year_from_its_text_is_not_a_year_it_aims_at(text: str, year: int | None) -> None:
    from graph.ingest.metadata import infer_year

    assert infer_year("某区新建学校", None, text) == year
    assert infer_year("2019年某区新建学校", None, text) == 2019  # the title's year first
    assert infer_year("某区新建学校", "2018-05-02", text) == 2018  # then the date's


def test_segments_made_at_once_equal_those_of_the_dataclass() -> None:
    import pickle
    from dataclasses import fields

    from graph.core.model import Segment
    from graph.ingest.segment import _FAST, _segment

    assert _FAST  # (a Segment of other fields, or in slots, is made by its own __init__: still equal)

    for values in (("sentence", 3, 9, "", None, 1, None), ("section", 0, 12, "总体要求", 1, None, "planned")):
        made, plain = _segment(*values), Segment(*values)  # type: ignore[arg-type]
        assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
        assert pickle.dumps(made) == pickle.dumps(plain)
        assert [getattr(made, f.name) for f in fields(Segment)] == list(values)


def test_normalise_translates_the_whole_text_as_each_line_was_translated() -> None:
    """normalise translates the text before cutting it in lines (segment.translate): that keeps every
    offset only while the table maps one character to one character that breaks no line."""
    import random

    from graph.ingest import segment

    changed = [chr(code) for code in segment._CHARS]
    assert all(len(segment.translate(c)) == 1 and segment.translate(c) not in "\r\n" for c in changed)
    rnd = random.Random(3)
    alphabet = [*changed, "中", "a", " ", "\n", "\r", "１", "。"]
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert segment.translate(text) == text.translate(segment._CHARS)
