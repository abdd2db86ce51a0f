"""An input document's IRI is its own file's (its title and its id), whatever the other files of the
build: adding another district's 2024年教育工作要点 to a folder leaves the first one's IRI and its
statements where they were, and a build of the larger folder only adds to the smaller one's graph.
Joining stays as it was: a title cited in another document is the document's entity when one input
file has that title; two input files with one title are two entities, each mention derived from its file."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from graph.core.namespaces import EK
from graph.knowledge.registry import by_id
from graph.pipeline import run_build
from graph.store import load_graph
from graph.views.changes import changes, places

PLAN = """{issuer}
2024年教育工作要点

一、主要目标
2023年，全区新建幼儿园{a}所，新增学位{a}00个。2024年，全区新建幼儿园{b}所，新增学位{b}00个，义务教育学校达标率达到9{b}%。
二、重点任务
（一）推进{topic}改革
全区各学校要加快推进{topic}改革，完善工作机制，强化督导评估。

{issuer}
2024年2月{day}日
"""
REVIEW = """{issuer}
2024年上半年教育工作总结

一、上半年工作完成情况
上半年，按照《2024年教育工作要点》部署，全区新建幼儿园{b}所，新增学位{c}00个，{topic}工作取得新进展。
二、下半年工作计划
（一）深化{topic}改革
全区各学校要持续深化{topic}改革，强化督导评估。

{issuer}
2024年7月{day}日
"""
FILES = {  # file ids are the names' leading digits
    "01": ("01_liangxi.txt", PLAN.format(issuer="无锡市梁溪区教育局", a=2, b=4, topic="学前教育", day=1)),
    # another district's plan of the same title, and a review (another title) citing the plan
    "02": ("02_gulou.txt", PLAN.format(issuer="南京市鼓楼区教育局", a=3, b=5, topic="职业教育", day=2)),
    "03": (
        "03_liangxi_review.txt",
        REVIEW.format(issuer="无锡市梁溪区教育局", b=3, c=2, topic="学前教育", day=3),
    ),
}
BUILDS = {"one": ("01",), "more": ("01", "02", "03"), "cited": ("01", "03")}


def _build(dest: Path, files: list[tuple[str, str]]) -> Graph:
    """The graph of a folder of the given files (name, text), built in dest."""
    (dest / "src").mkdir(parents=True)
    for name, text in files:
        (dest / "src" / name).write_text(text, encoding="utf-8")
    run_build(dest / "src", dest / "out", html=False)
    return load_graph(dest / "out" / "edukg.ttl")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    return {
        build: _build(tmp_path_factory.mktemp(build), [FILES[i] for i in ids])
        for build, ids in BUILDS.items()
    }


def _documents(g: Graph) -> dict[str, URIRef]:
    """Input document id -> the IRI of its document."""
    return {
        str(ident): d
        for d in set(g.objects(None, PROV.wasDerivedFrom))
        if isinstance(d, URIRef)
        for ident in g.objects(d, DCTERMS.identifier)
    }


def _sources(g: Graph, entity: URIRef) -> set[str]:
    """The ids of the files the mentions of an entity are derived from."""
    docs = {d: i for i, d in _documents(g).items()}
    return {
        docs[d]
        for m in g.subjects(EK.evidenceFor, entity)
        if (m, RDF.type, RDF.Statement) not in g
        for d in g.objects(m, PROV.wasDerivedFrom)
    }


def _citation(g: Graph) -> URIRef:
    """The entity of the review's 《2024年教育工作要点》 (file 03)."""
    (cited,) = {
        e
        for m in g.subjects(EK.quote, None)
        if str(g.value(m, EK.quote)) == "2024年教育工作要点"
        and _documents(g)["03"] in set(g.objects(m, PROV.wasDerivedFrom))
        for e in g.objects(m, EK.evidenceFor)
    }
    return cited


def test_a_documents_iri_does_not_depend_on_the_other_files(built: dict[str, Graph]) -> None:
    iris = {build: _documents(g) for build, g in built.items()}
    assert iris["one"]["01"] == iris["more"]["01"] == iris["cited"]["01"]
    assert iris["more"]["03"] == iris["cited"]["03"]
    assert len(set(iris["more"].values())) == 3  # 01 and 02 share a title, not an IRI


def test_more_files_only_add_to_the_graph(built: dict[str, Graph]) -> None:
    """What a build of the folder says, a build of the folder with two more files says too; what it says
    besides is about something new (a new file's mention, document or entity)."""
    before, after = built["one"], built["more"]
    assert set(before) - set(after) == set()
    old_terms = {t for triple in before for t in triple}
    added = set(after) - set(before)
    assert added and all(any(t not in old_terms for t in triple) for triple in added)
    # `edukg changes`: what changed from 2023 to 2024 in the first file's place is still reported,
    # with the same quotes; the new reports come from the new files
    assert places(before) == ["梁溪区"] and places(after) == ["梁溪区", "鼓楼区"]
    first = changes(before, "梁溪区", 2023, 2024)
    now = changes(after, "梁溪区", 2023, 2024)
    assert first and set(first) < set(now)
    assert {p.doc for c in set(now) - set(first) for p in c.after} == {"03"}
    assert {p.doc for c in changes(after, "鼓楼区", 2023, 2024) for p in (*c.before, *c.after)} == {"02"}


def test_a_title_cited_joins_the_one_file_that_has_it(built: dict[str, Graph]) -> None:
    """The review's 《2024年教育工作要点》 is the plan when only the plan has that title: the plan's entity,
    with the IRI the plan has in every build."""
    g = built["cited"]
    plan = _documents(g)["01"]
    assert _citation(g) == plan
    assert _sources(g, plan) == {"01", "03"}
    assert plan == _documents(built["more"])["01"]


def test_two_files_with_one_title_stay_two(built: dict[str, Graph]) -> None:
    """With another district's plan in the folder, each plan is its own file's entity, and the citation
    (which of the two it means is not decided) is an entity of its own, not one of theirs: no IRI the
    smaller build gave names another thing in the larger one."""
    g = built["more"]
    docs = _documents(g)
    assert _sources(g, docs["01"]) == {"01"} and _sources(g, docs["02"]) == {"02"}
    cited = _citation(g)
    assert cited not in set(docs.values()) and _sources(g, cited) == {"03"}
    assert cited not in {t for triple in built["one"] for t in triple}


LAW = """中华人民共和国教育法

第一条　为了发展教育事业，提高全民族的素质，促进社会主义物质文明和精神文明建设，根据宪法，制定本法。
第二条　在中华人民共和国境内的各级各类教育，适用本法。
"""


def test_a_curated_document_that_is_an_input_file_keeps_its_files_iri(tmp_path: Path) -> None:
    """A law in the registry (ontology/registry.yaml) built as an input file: a plan that cites it makes
    it the registry's entity (its English label, its alias), but its IRI stays the file's."""
    assert by_id()["education-law"][0].label == "中华人民共和国教育法"
    plan = FILES["01"][1]
    plan = plan.replace("完善工作机制", "依据《中华人民共和国教育法》完善工作机制")
    alone = _build(tmp_path / "alone", [("01_law.txt", LAW)])
    g = _build(tmp_path / "cited", [("01_law.txt", LAW), ("02_plan.txt", plan)])
    law = _documents(g)["01"]
    assert _documents(alone)["01"] == law
    assert _sources(g, law) == {"01", "02"} and (law, EK.curated, None) in g
    assert "Education Law of the PRC" in {str(lbl) for lbl in g.objects(law, RDFS.label)}


OPINION = """无锡市梁溪区教育局
关于深化“双减”工作的实施意见

一、总体要求
全区各学校要切实减轻学生过重作业负担和校外培训负担，完善课后服务机制，强化督导评估。

无锡市梁溪区教育局
2024年3月1日
"""
CITING = """无锡市梁溪区教育局
2024年上半年教育工作总结

一、上半年工作完成情况
上半年，全区认真落实《关于深化双减工作的实施意见》，课后服务覆盖率达到100%。各学校对照《关于深化双减工作的实施意见》逐项整改。

无锡市梁溪区教育局
2024年7月3日
"""


def test_a_documents_name_is_its_own_files(tmp_path: Path) -> None:
    """Another file that cites the document twice without its quotation marks joins it (its citations
    are the document's, their form an alias) but does not rename it: its label stays its file's."""
    alone = _build(tmp_path / "alone", [("01_opinion.txt", OPINION)])
    cited = _build(tmp_path / "cited", [("01_opinion.txt", OPINION), ("02_review.txt", CITING)])
    doc = _documents(alone)["01"]
    assert _documents(cited)["01"] == doc and _sources(cited, doc) == {"01", "02"}
    labels = {str(lbl) for lbl in alone.objects(doc, RDFS.label)}
    assert labels == {"关于深化“双减”工作的实施意见"} == {str(lbl) for lbl in cited.objects(doc, RDFS.label)}
    assert {str(a) for a in cited.objects(doc, SKOS.altLabel)} == {"关于深化双减工作的实施意见"}


def test_files_named_in_chinese_get_ids_of_their_own(tmp_path: Path) -> None:
    """File names written in Chinese (no leading number) give each file an id of its own, made from the
    name's digits and a digest of the whole name: two names of one length no longer come to one id of
    underscores (which refused the build), and a file's id stays the same whatever else is built."""
    from graph.ingest.catalog import doc_id_for

    names = ["2024年上半年工作总结.txt", "2024年下半年工作计划.txt", "全区教育工作要点.txt", "report v2.txt"]
    ids = [doc_id_for(Path(n)) for n in names]
    assert len(set(ids)) == 4 and ids[0].startswith("2024-") and ids[3] == "report_v2", ids
    assert all(c.isascii() and (c.isalnum() or c in "_-") for i in ids for c in i), ids
    texts = [
        PLAN.format(issuer="某区教育局", a=1, b=2, topic="课程", day=1),
        PLAN.format(issuer="某县教育局", a=3, b=4, topic="评价", day=2),
    ]
    g = _build(tmp_path / "two", list(zip(names[:2], texts, strict=True)))
    found = {str(o) for o in g.objects(None, DCTERMS.identifier)}
    assert set(ids[:2]) <= found, found
    one = _build(tmp_path / "one", [(names[0], texts[0])])
    assert ids[0] in {str(o) for o in one.objects(None, DCTERMS.identifier)}
