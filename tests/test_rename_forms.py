"""Renamings written with words between the old name and the verb (正式更名为), or as a former name in
brackets (第十五中学（原育才中学）)."""

from __future__ import annotations

from graph.core.model import DocMeta
from graph.extract import extract
from graph.ingest.segment import ingest

TEXT = """某市教育局2024年工作总结
一、高等教育
全年支持江城职业学院正式更名为江城职业技术大学，江城师范学院经教育部批准更名为江城师范大学。
市第十五中学（原育才中学）完成改扩建，新增学位600个。城南小学（原址改建）投入使用。
江城第三中学（现江城实验中学）新建教学楼1栋。
"""


def _renamed() -> set[tuple[str, str, str]]:
    meta = DocMeta(id="r", source="r.txt", title=TEXT.split("\n", 1)[0], year=2024, kind="work summary")
    x = extract(ingest(TEXT.encode("utf-8"), meta))
    return {(r.subject.name, r.object.name, r.rule) for r in x.relations if r.predicate == "renamedTo"}


def test_words_between_the_old_name_and_the_verb() -> None:
    renamed = _renamed()
    assert ("江城职业学院", "江城职业技术大学", "rename.verb") in renamed, renamed
    assert ("江城师范学院", "江城师范大学", "rename.verb") in renamed, renamed


def test_a_former_name_in_brackets() -> None:
    renamed = {(old, new) for old, new, rule in _renamed() if rule == "rename.former"}
    # not 原址改建: not a name of a school; （现…） gives the present name
    assert renamed == {("育才中学", "市第十五中学"), ("江城第三中学", "江城实验中学")}, renamed
