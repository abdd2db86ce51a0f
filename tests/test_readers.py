"""Readers by suffix: HTML, .docx, PDF line joining, traditional characters."""

from __future__ import annotations

import io
import zipfile

import pytest

from graph.core.errors import InputError
from graph.core.hanzi import by_line, to_simplified
from graph.ingest.readers import READERS, read, reader_for
from graph.ingest.readers.pdf import _unspace, join_wrapped

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_registry_covers_the_formats_users_have() -> None:
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= set(READERS)
    assert reader_for("README").name == "plain text"
    with pytest.raises(InputError, match=r"^x\.xlsx: unsupported format '\.xlsx'; save it as \.txt"):
        reader_for("x.xlsx")


def test_html_reads_the_declared_charset_and_keeps_blocks() -> None:
    page = (
        '<html><head><meta charset="gb2312"><title>标题</title></head><body>'
        "<h1>一、总体要求</h1><p>推进江南大学\n宜兴校区建设&nbsp;。</p><ul><li>第一</li><li>第二</li></ul>"
        '<div class="breadcrumb">首页 &gt; 新闻</div><pre>a  b</pre></body></html>'
    )
    text = read(page.encode("gb18030"), "p.html")
    assert text.split("\n") == ["一、总体要求", "推进江南大学宜兴校区建设\xa0。", "第一", "第二", "a  b"]


def test_docx_reads_paragraphs_and_tables_in_order() -> None:
    body = (
        "<w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>江南大学</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>新建</w:t></w:r><w:r><w:delText>删除</w:delText><w:t>学校</w:t><w:tab/><w:t>24所</w:t></w:r></w:p>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    assert read(buf.getvalue(), "d.docx") == "一、总体要求\n江南大学\n新建学校\t24所"


def test_pdf_lines_that_fill_the_column_are_joined() -> None:
    lines = (
        ["一、总体要求"]
        + ["推进教育现代化建设全面提高各类教育办学质量加快推进教育"] * 3
        + ["收尾。", "二、主要任务"]
    )
    text = join_wrapped(lines)
    assert text.split("\n") == ["一、总体要求", lines[1] * 3 + "收尾。", "二、主要任务"]
    assert join_wrapped(["短行", "也短", "还是短"]) == "短行\n也短\n还是短"


def test_pdf_letter_spacing_is_undone() -> None:
    assert _unspace("江 南 大 学 2 0 2 5 年 “ 强 基 计 划 ”") == "江南大学2025年“强基计划”"
    assert _unspace("提升无锡教育质量 一大波措施即将实施") == "提升无锡教育质量 一大波措施即将实施"


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("無錫市教育局", "无锡市教育局"),
        ("江南大學宜興校區", "江南大学宜兴校区"),
        ("顯著提升", "显著提升"),
        ("著名學校", "著名学校"),
    ],
)
def test_traditional_characters_convert_one_for_one(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified


def test_whole_text_conversion_equals_the_line_by_line_one() -> None:
    # one call to OpenCC for the whole text gives what a call per line gave (no phrase crosses a line)
    lines = [
        "無錫市教育局",
        "",
        "江南大學宜興校區 2021",
        "ASCII only",
        "顯著提升\r",
        "著名學校。憑藉深沈",
        "于干部隊伍",
    ]
    for k in range(len(lines)):
        text = "\n".join(lines[k:] + lines[:k])
        assert to_simplified(text) == by_line(text)
        assert len(to_simplified(text)) == len(text)


def test_a_line_whose_phrase_changes_length_is_converted_by_character(monkeypatch) -> None:
    # t2s has (almost) no phrase rule that changes a length: one is made here, so that the whole text's
    # conversion has lines of another length, which are converted character by character as by_line does
    from graph.core import hanzi

    real = hanzi._converter()

    class Shortening:
        def convert(self, text: str) -> str:
            return real.convert(text).replace("发展", "发")  # the rule: 發展 -> 发 (one character less)

    monkeypatch.setattr(hanzi, "_converter", Shortening)
    lines = ["無錫市發展規劃", "學校", "", "發展", "ASCII", "顯著發展\r"]
    for k in range(len(lines)):
        text = "\n".join(lines[k:] + lines[:k])
        assert to_simplified(text) == by_line(text)
        assert len(to_simplified(text)) == len(text)
        assert to_simplified(text).split("\n")[lines.index("學校") - k] == "学校"
    assert to_simplified("發展\n學校") == "发展\n学校"


def test_simplified_text_is_unchanged() -> None:
    text = "显著提升教育质量，著名大学于无锡；干部队伍建设。\n第二行"
    assert to_simplified(text) == text


def test_xhtml_encoding_declaration_is_honoured() -> None:
    page = '<?xml version="1.0" encoding="gb2312"?><html><body><p>江南大学</p></body></html>'
    assert read(page.encode("gb18030"), "x.xhtml.html") == "江南大学"


def test_strict_ooxml_docx_is_read() -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>江南大学</w:t></w:r></w:p></w:body></w:document>',
        )
    assert read(buf.getvalue(), "s.docx") == "江南大学"


def test_a_class_on_body_does_not_hide_the_page() -> None:
    page = '<html><body class="menu-open"><div class="menu">菜单</div><p>江南大学</p></body></html>'
    assert read(page.encode(), "b.html") == "江南大学"


def test_not_text_is_the_control_private_and_surrogate_categories() -> None:
    """The one regex that counts a decoding's stray characters is exactly Unicode's Cc, Co and Cs
    categories less the line breaks and tabs of text (checked over every code point)."""
    import unicodedata

    from graph.ingest.readers.text import NOT_TEXT

    wrong = [
        cp
        for cp in range(0x110000)
        if (NOT_TEXT.match(chr(cp)) is not None)
        != (unicodedata.category(chr(cp)) in ("Cc", "Co", "Cs") and chr(cp) not in "\n\r\t\f")
    ]
    assert wrong == []
