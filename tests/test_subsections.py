"""Second-level headings (一)/（一） on a line of their own are Goals of their section."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph

from graph.core.namespaces import EK
from graph.pipeline import run_build

DOC = """汉中市南郑区教育局2025年工作要点

一、办好人民满意的教育
(一)扩大普惠学前教育资源。
1.新建幼儿园3所,新增学位900个。
（二）推进义务教育优质均衡
2.完成4所农村学校改薄工程。
二、建设高素质教师队伍
(三)加强师德师风建设。
3.开展师德专题教育,覆盖全体教师。
"""


def test_subsection_lines_are_goals_part_of_their_section(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "401_plan.txt").write_text(DOC, encoding="utf-8")
    run_build(seeds, tmp_path / "out", html=False)
    g = Graph().parse(tmp_path / "out" / "edukg.ttl")
    label = {s: str(o) for s, o in g.subject_objects(RDFS.label)}
    goals = {label[s] for s in g.subjects(RDF.type, EK.Goal)}
    assert {"扩大普惠学前教育资源", "推进义务教育优质均衡", "加强师德师风建设"} <= goals
    parent = {label[s]: label[o] for s, o in g.subject_objects(EK.partOf) if s in label and o in label}
    assert parent["扩大普惠学前教育资源"] == "办好人民满意的教育"
    assert parent["推进义务教育优质均衡"] == "办好人民满意的教育"
    assert parent["加强师德师风建设"] == "建设高素质教师队伍"
    for m in g.subjects(EK.rule, None):
        if str(g.value(m, EK.rule)) == "structure.subsection" and (m, RDF.type, RDF.Statement) not in g:
            start, end = int(g.value(m, EK.start)), int(g.value(m, EK.end))
            assert DOC[start:end] == str(g.value(m, EK.quote))
